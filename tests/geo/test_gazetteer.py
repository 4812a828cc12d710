"""The offline gazetteer: normalisation, geometry, the PyPI-built index, GeoNames imports."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strife.geo.distance import haversine_km, offset_point
from strife.geo.gazetteer import (
    Gazetteer,
    GazetteerError,
    area_point,
    import_geonames,
    loosen,
    normalize,
    open_gazetteer,
)
from strife.settings import Settings

FIXTURE = Path(__file__).parent.parent / "fixtures" / "geonames_sample.txt"


@pytest.fixture(scope="session")
def gaz_path(gazetteer_settings) -> Path:
    """One index built from the PyPI data for the whole session (tests never touch the cache)."""
    return Path(gazetteer_settings.gazetteer_path)


@pytest.fixture(scope="session")
def gaz(gaz_path) -> Gazetteer:
    return Gazetteer(gaz_path)


@pytest.fixture
def gaz_copy(gaz_path, tmp_path) -> Settings:
    """Settings pointing at a private copy of the index, for tests that change it."""
    path = tmp_path / "copy.sqlite"
    shutil.copy(gaz_path, path)
    return Settings(gazetteer_path=str(path))


@pytest.mark.parametrize("name, key", [
    ("Al-Fallūjah", "al fallujah"),
    ("St. Louis", "saint louis"),
    ("Şalāḩ ad Dīn", "salah ad din"),
    ("the Gambia", "gambia"),
    ("U.S.", "us"),
    ("Sāmarrā’", "samarra"),
])
def test_normalize_folds_case_diacritics_and_punctuation(name, key):
    assert normalize(name) == key


@pytest.mark.parametrize("a, b", [
    ("Falluja", "Fallujah"),
    ("Al-Fallujah", "Fallujah"),
    ("Baiji", "Bayji"),
    ("Amiriya", "Amiriyah"),
    ("Amiriyeh", "Amiriyah"),
    ("Ar Ramadi", "Ramadi"),
    ("Ash Sharqat", "Sharqat"),
    ("Qaim", "Kaim"),
])
def test_loose_keys_meet_for_transliteration_variants(a, b):
    assert loosen(normalize(a)) == loosen(normalize(b))


@pytest.mark.parametrize("a, b", [("Samarra", "Samara"), ("Basra", "Busra"), ("Iraq", "Iran")])
def test_loose_keys_keep_different_names_apart(a, b):
    assert normalize(a) != normalize(b)


def test_distance_and_offset_round_trip():
    lat, lon = offset_point(33.42, 43.31, 32.0, 90.0)
    assert abs(haversine_km(33.42, 43.31, lat, lon) - 32.0) < 0.1
    assert lon > 43.31 and abs(lat - 33.42) < 0.05


def test_area_point_ignores_outlying_members():
    points = [(30.0 + i * 0.1, 40.0 + i * 0.1) for i in range(20)] + [(70.0, 170.0)]
    lat, lon = area_point(points)
    assert 30.0 < lat < 33.0 and 40.0 < lon < 43.0


def test_area_point_of_few_members_is_their_mean():
    assert area_point([(10.0, 20.0), (12.0, 22.0)]) == (11.0, 21.0)
    assert area_point([]) is None


@pytest.mark.parametrize("name, code, lat, lon", [
    ("Syria", "SY", 35.0, 38.0),
    ("Louisiana", "US", 31.0, -92.0),
    ("Anbar", "IQ", 33.0, 42.0),
    ("Texas", "US", 31.25, -99.25),
])
def test_countries_and_areas_have_points_near_their_centre(gaz, name, code, lat, lon):
    best = next(e for e in gaz.lookup(name) if e.country_code == code and e.feature_class == "A")
    assert best.has_point
    assert haversine_km(best.latitude, best.longitude, lat, lon) < 161


def test_us_counties_have_points(gaz):
    county = next(e for e in gaz.lookup("Metcalfe County") if e.country_code == "US")
    assert county.feature_code == "ADM2" and county.has_point


@pytest.mark.parametrize("spellings", [
    ("Fallujah", "Falluja", "Al-Fallujah", "Al Fallūjah"),
    ("Baiji", "Bayji", "Beiji"),
    ("Ramadi", "Ar Ramadi", "Al-Ramadi"),
])
def test_transliterations_find_the_same_city(gaz, spellings):
    ids = {next(e for e in gaz.lookup(s) if e.country_code == "IQ" and e.feature_class == "P").geonameid
           for s in spellings}
    assert len(ids) == 1


def test_lookup_marks_loose_matches(gaz):
    entries = gaz.lookup("Bayji")
    iraqi = next(e for e in entries if e.country_code == "IQ")
    assert iraqi.exact


def test_aliases_reach_their_places(gaz):
    assert any(e.country_code == "US" and e.feature_code == "PCLI" for e in gaz.lookup("U.S."))
    assert any(e.name == "Kentucky" for e in gaz.lookup("Ky."))


def test_a_capital_is_one_place_not_every_town_of_its_name(gaz):
    capitals = [e for e in gaz.lookup("Washington") if e.feature_code == "PPLC"]
    assert len(capitals) == 1 and abs(capitals[0].longitude + 77.0) < 0.5


def test_import_adds_places_missing_from_pypi_data(gaz_copy):
    before = open_gazetteer(gaz_copy)
    assert not before.lookup("Habbaniya")
    assert import_geonames(FIXTURE, gaz_copy) == 6
    after = open_gazetteer(gaz_copy)
    hab = [e for e in after.lookup("Habbaniya") if e.feature_class == "P"]
    assert hab and hab[0].geonameid == 90000001 and hab[0].country_code == "IQ"
    assert hab[0].admin1 and "Anb" in hab[0].admin1     # admin code 01 -> the Anbar area
    assert any(e.geonameid == 90000002 for e in after.lookup("Nebai"))


def test_import_twice_replaces_rows(gaz_copy):
    import_geonames(FIXTURE, gaz_copy)
    import_geonames(FIXTURE, gaz_copy)
    hits = [e for e in open_gazetteer(gaz_copy).lookup("Malaab") if e.geonameid == 90000003]
    assert len(hits) == 1


def test_import_rejects_files_in_another_format(gaz_copy, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("name,lat,lon\nRamadi,33.4,43.3\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="19 tab-separated columns"):
        import_geonames(bad, gaz_copy)


def test_import_of_missing_file_says_so(gaz_copy, tmp_path):
    with pytest.raises(GazetteerError, match="no such GeoNames file"):
        import_geonames(tmp_path / "IQ.txt", gaz_copy)


def test_open_gazetteer_is_cached_per_path(gaz_copy):
    assert open_gazetteer(gaz_copy) is open_gazetteer(gaz_copy)


def test_opening_a_non_index_file_raises(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database")
    with pytest.raises(GazetteerError):
        Gazetteer(junk)


def test_index_records_its_data_and_imports(gaz_copy):
    from strife.geo.gazetteer import _is_current, _meta, data_version
    path = Path(gaz_copy.gazetteer_path)
    assert _meta(path)["data"] == data_version() and _is_current(path)
    import_geonames(FIXTURE, gaz_copy)
    assert str(FIXTURE.resolve()) in _meta(path)["imports"]


def test_changed_data_makes_the_index_stale(gaz_copy):
    import sqlite3

    from strife.geo.gazetteer import _is_current
    path = Path(gaz_copy.gazetteer_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'data'")
    assert not _is_current(path)


def test_rebuild_imports_earlier_geonames_files_again(gaz_copy, monkeypatch):
    import strife.geo.gazetteer as G

    import_geonames(FIXTURE, gaz_copy)

    def tiny(w):   # a stand-in for the PyPI data, so the rebuild takes no time
        w.add_place([1, 1, "Ramadi", 33.42, 43.3, "P", "PPLA", "IQ", "01", "", "Anbar", "", 274539, "test"])
        w.add_name("Ramadi", 1, G.PRIMARY)

    monkeypatch.setattr(G, "_collect", tiny)
    path = G.build(gaz_copy.gazetteer_path)
    gaz = Gazetteer(path)
    assert gaz.count() == 7
    assert any(e.geonameid == 90000001 for e in gaz.lookup("Habbaniya"))


@pytest.mark.parametrize("name", ["Bayji", "Al-Fallujah", "U.S.", "Ky.", "Zzyzxqwv", "", "   ", "the"])
def test_known_agrees_with_lookup(gaz, name):
    assert gaz.known(name) is bool(gaz.lookup(name, limit=1))


def test_entries_are_frozen_dataclasses_equal_to_their_fields(gaz):
    import dataclasses

    e = gaz.lookup("Ramadi")[0]
    assert dataclasses.replace(e) == e and hash(dataclasses.replace(e)) == hash(e)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.name = "x"
