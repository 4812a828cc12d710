"""ACLED-format rows: every column of ACLED's export in order and format, and an analyst's
pandas code run unchanged over strife's rows appended to an ACLED download."""
from __future__ import annotations

import csv
import io
import re

import pytest

from strife.models import Event
from strife.output import acled
from strife.output.writers import EventWriter
from strife.settings import DEFAULT_SETTINGS

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
                "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
                "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
                "source,source_scale,notes,fatalities,tags,timestamp")

# An invented sample in ACLED's current export layout (API-style dates, numeric inter codes).
ACLED_SAMPLE = ACLED_HEADER + """
NIG30001,2024-03-02,2024,1,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Nigeria),,3,Civilians (Nigeria),,7,37,Civilian targeting,566,Western Africa,Nigeria,Zamfara,Maru,,Kanoma,12.4417,6.4861,1,Daily Trust,National,"On 2 March 2024, gunmen attacked Kanoma village (Maru, Zamfara), killing 6 villagers. 6 fatalities.",6,,1709900000
UKR40002,2024-03-03,2024,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Russia (2000-),,8,Civilians (Ukraine),,7,78,Civilian targeting,804,Europe,Ukraine,Donetsk,Pokrovskyi,,Pokrovsk,48.2833,37.1833,1,Ukrinform,National,"On 3 March 2024, Russian forces shelled Pokrovsk (Donetsk). 2 fatalities.",2,,1709900100
ISR50003,2023-12-30,2023,1,Demonstrations,Protests,Peaceful protest,Protesters (Israel),,6,,,0,60,,376,Middle East,Israel,Tel Aviv,Tel Aviv,,Tel Aviv-Yafo,32.0809,34.7806,1,Haaretz,National,"On 30 December 2023, protesters rallied in Tel Aviv. [size=thousands]",0,crowd size=thousands,1709900200
"""


def _event(**kw):
    base = dict(article_id="a1", event_id="ev_1", event_date="2024-03-05", date_precision="day",
                event_type="Violence against civilians", sub_event_type="Attack",
                actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)", inter1=3, inter2=7,
                location="Kaura Namoda", admin1="Zamfara", admin2="Kaura-Namoda", country="Nigeria",
                country_code="NG", latitude=12.591234, longitude=6.586789, geo_precision=1, fatalities=4,
                notes="On 2024-03-05, Unidentified Armed Group (Nigeria) attacked Civilians (Nigeria) in "
                      "Kaura Namoda (Nigeria); at least 4 killed.")
    base.update(kw)
    return Event(**base).to_dict()


ARTICLE = [{"url": "https://www.dailytrust.com/gunmen-kill-four", "published": "2024-03-06",
            "text": "GUSAU (Reuters) - Gunmen killed four villagers in Kaura Namoda on Tuesday."}]


def _csv(events, articles=ARTICLE, fmt="acled", settings=DEFAULT_SETTINGS):
    buf = io.StringIO()
    with EventWriter(buf, fmt, close=False, settings=settings) as w:
        for ev in events:
            w.write(ev, articles)
    return buf.getvalue()


def test_every_acled_column_in_acled_order_then_strifes_own():
    header = _csv([_event()]).splitlines()[0]
    assert header.startswith(ACLED_HEADER + ",")
    assert header.split(",")[31:34] == ["event_id", "article_id", "date_precision"]


def test_acled_values_and_formats():
    [row] = list(csv.DictReader(io.StringIO(_csv([_event()]))))
    assert re.fullmatch(r"NGA1\d{11}", row["event_id_cnty"])
    assert (row["year"], row["time_precision"], row["disorder_type"]) == ("2024", "1", "Political violence")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("3", "7", "37")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("566", "Western Africa", "Nigeria")
    assert (row["latitude"], row["longitude"]) == ("12.5912", "6.5868")
    assert row["source"] == "Daily Trust; Reuters" and row["source_scale"] == "National-International"
    assert row["notes"].startswith("On 5 March 2024, Unidentified Armed Group")
    assert row["fatalities"] == "4" and row["tags"] == "" and row["admin3"] == ""
    assert re.fullmatch(r"\d{10}", row["timestamp"])


def test_event_id_cnty_is_stable_and_never_an_acled_number():
    a = acled.event_id_cnty("ev_1", acled.country_info("NG"))
    assert a == acled.event_id_cnty("ev_1", acled.country_info("NG"))
    assert a != acled.event_id_cnty("ev_2", acled.country_info("NG"))
    assert int(a[3:]) >= DEFAULT_SETTINGS.acled_id_base
    legacy = DEFAULT_SETTINGS.replace(acled_id_prefix="acled")
    assert acled.event_id_cnty("ev_1", acled.country_info("NG"), legacy).startswith("NIG")
    assert acled.event_id_cnty("ev_1", acled.country_info("CD"), legacy).startswith("DRC")


@pytest.mark.parametrize("cc, country, region, iso", [
    ("CD", "Democratic Republic of Congo", "Middle Africa", 180),
    ("PS", "Palestine", "Middle East", 275),
    ("CI", "Ivory Coast", "Western Africa", 384),
    ("SZ", "eSwatini", "Southern Africa", 748),
    ("AF", "Afghanistan", "Caucasus and Central Asia", 4),
    ("IN", "India", "South Asia", 356),
    ("MX", "Mexico", "North America", 484),
])
def test_country_spelling_region_and_numeric_iso(cc, country, region, iso):
    info = acled.country_info(cc)
    assert (info["country"], info["region"], int(info["iso"])) == (country, region, iso)


def test_country_found_by_strifes_name_when_code_missing():
    assert acled.country_info(None, "Palestine")["iso2"] == "PS"


@pytest.mark.parametrize("name, cc, expected", [
    ("Donetska oblast", "UA", "Donetsk"), ("Nīnawá", "IQ", "Ninewa"), ("Herāt", "AF", "Herat"),
    ("Idlib Governorate", "SY", "Idleb"), ("Nuevo León", "MX", "Nuevo Leon"),
    ("Belgorodskaya oblast'", "RU", "Belgorod"), ("Borno", "NG", "Borno"), (None, "NG", ""),
])
def test_admin_names_in_acled_forms(name, cc, expected):
    assert acled.admin_name(name, cc) == expected


@pytest.mark.parametrize("event_type, sub, disorder", [
    ("Battles", "Armed clash", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Arrests", "Strategic developments"),
])
def test_disorder_type_by_acleds_rule(event_type, sub, disorder):
    assert acled.disorder_type(event_type, sub) == disorder


def test_single_actor_event_has_inter2_zero_and_a_crowd_size_tag():
    ev = _event(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Nigeria)",
                actor2=None, inter1=6, inter2=None, fatalities=0)
    [row] = list(csv.DictReader(io.StringIO(_csv([ev]))))
    assert (row["inter2"], row["interaction"], row["civilian_targeting"]) == ("0", "60", "")
    assert row["disorder_type"] == "Demonstrations" and row["tags"] == "crowd size=no report"


def test_interaction_codes_sort_and_text_labels():
    assert acled.interaction(7, 1) == 17 and acled.interaction(2, 0) == 20 and acled.interaction(None, None) == 0
    assert acled.interaction_label(17) == "State forces-Civilians"
    assert acled.interaction_label(60) == "Protesters only"
    assert acled.interaction_label(78) == "External/Other forces-Civilians"


def test_settings_pick_export_tool_dates_and_text_labels():
    s = DEFAULT_SETTINGS.replace(acled_date_format="dmy", acled_inter_format="text")
    [row] = list(csv.DictReader(io.StringIO(_csv([_event()], settings=s))))
    assert row["event_date"] == "5 March 2024"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("Political militia", "Civilians",
                                                                  "Political militia-Civilians")
    # the plain csv format keeps ISO dates and numbers whatever the acled_* settings say
    [plain] = list(csv.DictReader(io.StringIO(_csv([_event()], fmt="csv", settings=s))))
    assert plain["event_date"] == "2024-03-05" and plain["inter1"] == "3"


@pytest.mark.parametrize("url, text, expected", [
    ("https://www.reuters.com/world/x", "", [("Reuters", "International")]),
    ("https://news.example-times.co.uk/a", "", [("Example-times", "National")]),
    (None, "KABUL, May 5 (AFP) - A bomb exploded.", [("AFP", "International")]),
    (None, "A bomb exploded near the market.", []),
    ("https://www.premiumtimesng.com/x", "ABUJA (Reuters) - ...",
     [("Premium Times", "National"), ("Reuters", "International")]),
])
def test_source_is_the_outlet_from_site_or_dateline(url, text, expected):
    assert acled.outlet(url, text) == expected


def test_notes_in_acled_style():
    assert acled.acled_notes("On 2020-05-09, police fired.") == "On 9 May 2020, police fired."
    assert acled.acled_notes("Around 2020-05-09, police fired.") == "Around 9 May 2020 (as reported), police fired."


def test_extracted_notes_open_with_acleds_date_form():
    from strife.events.record import _note_date

    assert _note_date("2022-11-05") == "5 November 2022"


def test_analyst_code_runs_unchanged_on_acled_plus_strife_rows():
    pd = pytest.importorskip("pandas")
    events = [_event(), _event(event_id="ev_2", event_date="2023-12-31", country_code="UA", country="Ukraine",
                               admin1="Donetska oblast", location="Kostiantynivka", fatalities=0,
                               actor2=None, inter2=None)]
    ours = pd.read_csv(io.StringIO(_csv(events)))
    theirs = pd.read_csv(io.StringIO(ACLED_SAMPLE))
    df = pd.concat([theirs, ours], ignore_index=True)
    # the analyst's usual code
    df["event_date"] = pd.to_datetime(df["event_date"])
    by_year = df.groupby(["year", "country"])["fatalities"].sum()
    assert by_year.loc[(2024, "Nigeria")] == 6 + 4
    assert by_year.loc[(2023, "Ukraine")] == 0
    for col in ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "fatalities",
                "timestamp", "geo_precision"):
        assert pd.api.types.is_integer_dtype(df[col]), col
        assert not df[col].isna().any(), col
    assert (df["event_date"].dt.year == df["year"]).all()
    assert df.loc[df["event_id_cnty"].str.startswith("UKR"), "admin1"].tolist() == ["Donetsk", "Donetsk"]
    assert df["event_id_cnty"].is_unique
