"""Matching rules of `strife eval`, checked on hand-made predictions (no model needed)."""
from __future__ import annotations

import json

import pytest

from strife.evaluation.acled import score_acled
from strife.evaluation.geo import score_geo
from strife.evaluation.gold import align_events, score_gold_set
from strife.evaluation.gtd import score_gtd
from strife.evaluation.matching import (
    GoldFileError,
    actor_match,
    count_value,
    kairos_acled_types,
    normalise_date,
    old_acled_type,
    same_country,
    top_event,
)
from strife.evaluation.records import detect_kind, load_gold
from strife.evaluation.report import format_report
from strife.evaluation.tally import Scorecard
from strife.evaluation.wikievents import score_wikievents
from strife.geo.distance import haversine_km
from strife.models import Article, ArticleResult, Event, Place


def _result(*events: Event, places: list[Place] | None = None, text: str = "x") -> ArticleResult:
    article = Article(id="a", text=text, raw=text)
    return ArticleResult(article=article, events=list(events), places=places or [])


def _event(**fields) -> Event:
    return Event(article_id="a", **fields)


@pytest.mark.parametrize("predicted, gold, expected", [
    ("Military Forces of Nigeria (2015-)", "Military Forces of Nigeria (2015-2023)", True),
    ("Military Forces of Nigeria", "Military Forces of Nigeria (2015-)", True),
    ("Islamic State", "Islamic State (Iraq)", True),
    ("Police Forces of Iraq", "Military Forces of Syria", False),
    ("Police Forces of Iraq", "Military Forces of Iraq", True),  # 2 of 4 tokens: exactly 0.5
    ("The Taliban", "Taliban", True),
    ("Protesters (Kenya)", "Rioters (Kenya)", False),
    (None, "Protesters (Kenya)", False),
    ("Earth Liberation Front", "Earth Liberation Front (ELF)", True),
])
def test_actor_match_uses_token_jaccard_without_stopwords_and_year_ranges(predicted, gold, expected):
    assert actor_match(predicted, gold) is expected


@pytest.mark.parametrize("raw, iso", [
    ("9-May-20", "2020-05-09"),
    ("01-January-2015", "2015-01-01"),
    ("2000-01-01", "2000-01-01"),
    ("05/17/2015", "2015-05-17"),
    ("2016-12-19T10:00:00", "2016-12-19"),
    ("", None),
    (None, None),
    ("sometime in spring", None),
])
def test_normalise_date_reads_gold_spellings(raw, iso):
    assert normalise_date(raw) == iso


@pytest.mark.parametrize("value, expected", [(None, 0), ("", 0), (3, 3), ("12", 12), (4.0, 4)])
def test_count_value_reads_null_as_zero(value, expected):
    assert count_value(value) == expected


def test_haversine_km_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.5)


@pytest.mark.parametrize("country, code, gold, expected", [
    ("Iraq", "IQ", "iraq", True),
    ("DR Congo", "CD", "Democratic Republic of Congo", True),
    ("Democratic Republic of the Congo", None, "Democratic Republic of Congo", True),
    ("Turkey", "TR", "Syria", False),
    (None, None, "Syria", False),
])
def test_same_country_accepts_another_spelling_of_the_same_country(country, code, gold, expected):
    assert same_country(_event(country=country, country_code=code), gold) is expected


def test_top_event_is_highest_confidence_first_on_ties():
    a, b, c = _event(confidence=0.5), _event(confidence=0.9), _event(confidence=0.9)
    assert top_event([a, b, c]) is b
    assert top_event([]) is None


def test_old_acled_types_map_to_new_ones():
    assert old_acled_type("Riots/Protests")["event_types"] == ["Riots", "Protests"]
    assert old_acled_type("Violence Against Civilians")["event_types"] == ["Violence against civilians"]
    assert old_acled_type("Battle-Government regains territory")["sub_event_type"] == "Government regains territory"
    assert old_acled_type("Protests") is None


def test_kairos_types_map_by_longest_prefix():
    assert kairos_acled_types("Conflict.Attack.DetonateExplode") == ("Explosions/Remote violence",)
    assert "Battles" in kairos_acled_types("Conflict.Attack.Unspecified")
    assert kairos_acled_types("Life.Die.Unspecified") == ()


GOLD_ACLED = {"event_date": "9-May-20", "event_type": "Battles", "sub_event_type": "Armed clash",
              "actor1": "Military Forces of Mali (2021-)", "country": "Mali",
              "latitude": 14.49, "longitude": -4.20, "fatalities": 3}


def test_score_acled_right_event_is_right_on_every_field():
    ev = _event(event_type="battles", sub_event_type="Armed clash", actor1="Military Forces of Mali",
                country="Mali", country_code="ML", latitude=14.5, longitude=-4.1, fatalities=3,
                event_date="2020-05-09", confidence=0.8)
    card = Scorecard()
    score_acled([{"gold": GOLD_ACLED}], [_result(ev)], card, [])
    fields = card.to_dict()
    assert all(t["accuracy"] == 1.0 for t in fields.values()), fields
    assert fields["fatalities (gold>0)"]["n"] == 1
    assert "injured" not in fields  # ACLED gold has no injured field: not scored


def test_score_acled_compares_only_the_highest_confidence_event():
    weak_right = _event(event_type="Battles", confidence=0.3)
    strong_wrong = _event(event_type="Protests", confidence=0.9)
    card = Scorecard()
    score_acled([{"gold": GOLD_ACLED}], [_result(weak_right, strong_wrong)], card, [])
    assert card["event_type"].correct == 0
    assert card.confusions()["event_type"] == [["Battles", "Protests", 1]]


def test_score_acled_location_right_only_within_25_km():
    near = _event(latitude=14.49, longitude=-4.00, confidence=1)   # ~21 km east
    far = _event(latitude=14.49, longitude=-3.90, confidence=1)    # ~32 km east
    card = Scorecard()
    score_acled([{"gold": GOLD_ACLED}] * 2, [_result(near), _result(far)], card, [])
    assert (card["location"].n, card["location"].correct) == (2, 1)


def test_score_acled_no_event_is_wrong_on_every_field_even_zero_fatalities():
    gold = dict(GOLD_ACLED, fatalities=None)
    card = Scorecard()
    score_acled([{"gold": gold}], [_result()], card, [])
    fields = card.to_dict()
    assert all(t["correct"] == 0 for t in fields.values())
    assert fields["fatalities"]["n"] == 1 and "fatalities (gold>0)" not in fields


def test_score_acled_old_schema_riots_protests_accepts_either():
    gold = {"event_type": "Riots/Protests", "sub_event_type": None, "fatalities": 0}
    card = Scorecard()
    score_acled([{"gold": gold}] * 3,
                [_result(_event(event_type="Riots")), _result(_event(event_type="Protests")),
                 _result(_event(event_type="Battles"))], card, [])
    assert (card["event_type"].n, card["event_type"].correct) == (3, 2)
    assert "sub_event_type" not in card.to_dict()


def test_score_gtd_compares_gtd_attack_type_with_our_attack_type():
    gold = {"event_type": "Bombing/Explosion", "weapon": "Explosives", "target_type": "Police",
            "perpetrator": ["Unknown"], "country": "United States", "fatalities": 0, "injured": 2,
            "event_date": "2001-03-04"}
    ev = _event(event_type="Explosions/Remote violence", attack_type="Bombing/Explosion",
                weapon="explosives", target_type="Military", injured=2, country_code="US",
                event_date="2001-03-04")
    card = Scorecard()
    score_gtd([{"gold": gold}], [_result(ev)], card, [])
    fields = card.to_dict()
    assert fields["attack_type"]["accuracy"] == 1.0
    assert fields["weapon"]["accuracy"] == 1.0
    assert fields["target_type"]["accuracy"] == 0.0
    assert fields["injured (gold>0)"]["accuracy"] == 1.0
    assert "actor1" not in fields  # an unknown perpetrator is not scored
    assert fields["country"]["accuracy"] == 1.0


def test_score_geo_counts_overlap_and_161_km():
    text = "Fighting near Aleppo and in Homs."
    record = {"text": text, "toponyms": [
        {"start": 14, "end": 20, "lat": 36.2, "lon": 37.16},   # Aleppo
        {"start": 28, "end": 32, "lat": 34.73, "lon": 36.71},  # Homs
    ]}
    aleppo_ok = Place(start=14, end=20, text="Aleppo", latitude=36.21, longitude=37.15)
    homs_wrong = Place(start=28, end=32, text="Homs", latitude=30.0, longitude=31.0)
    extra = Place(start=0, end=8, text="Fighting")
    geo = score_geo([record], [_result(places=[aleppo_ok, homs_wrong, extra], text=text)])
    assert geo["gold_toponyms"] == 2 and geo["found"] == 2
    assert geo["acc161_all"] == 0.5 and geo["acc161_found"] == 0.5
    assert geo["precision"] == pytest.approx(2 / 3, abs=1e-3)


def test_score_geo_maps_cleaned_offsets_back_to_the_record_text():
    from strife.read.clean import article_from_input

    raw = "Shelling hit\nKharkiv overnight and the\nregion around it, officials said today."
    article = article_from_input(raw, article_id="a")
    start = article.text.index("Kharkiv")
    place = Place(start=start, end=start + 7, text="Kharkiv", latitude=49.99, longitude=36.23)
    record = {"text": raw, "toponyms": [{"start": raw.index("Kharkiv"),
                                         "end": raw.index("Kharkiv") + 7, "lat": 49.98, "lon": 36.25}]}
    geo = score_geo([record], [ArticleResult(article=article, places=[place])])
    assert geo["found"] == 1 and geo["acc161_all"] == 1.0


def test_score_wikievents_top_event_type_must_be_allowed_by_gold_mentions():
    record = {"event_mentions": [{"event_type": "Conflict.Attack.DetonateExplode"},
                                 {"event_type": "Life.Die.Unspecified"}]}
    card = Scorecard()
    score_wikievents([record, record], [_result(_event(event_type="Explosions/Remote violence")),
                                        _result(_event(event_type="Protests"))], card)
    assert (card["event_type"].n, card["event_type"].correct) == (2, 1)


EXPECTED_TWO = [
    {"event_type": "Battles", "fatalities": 10, "location": "Baidoa", "latitude": 3.12, "longitude": 43.65},
    {"event_type": "Explosions/Remote violence", "fatalities": 8, "location": "Mogadishu",
     "latitude": 2.04, "longitude": 45.34},
]


def test_align_events_pairs_each_expected_event_with_its_best_prediction():
    bomb = _event(event_type="Explosions/Remote violence", fatalities=8)
    clash = _event(event_type="Battles", fatalities=10)
    assert align_events([bomb, clash], EXPECTED_TWO) == [(0, 1), (1, 0)]
    assert align_events([], EXPECTED_TWO) == []


def test_score_gold_set_missed_event_is_wrong_on_every_field_and_lowers_recall():
    bomb = _event(event_type="Explosions/Remote violence", fatalities=8, latitude=2.03, longitude=45.35)
    card = Scorecard()
    events = score_gold_set([{"id": "t", "expected": EXPECTED_TWO}], [_result(bomb)], card)
    assert events["event_recall"] == 0.5 and events["event_precision"] == 1.0
    assert (card["event_type"].n, card["event_type"].correct) == (2, 1)
    assert (card["location"].n, card["location"].correct) == (2, 1)
    assert card["fatalities (gold>0)"].n == 2


def test_score_gold_set_event_in_non_event_article_counts_against_quiet_share():
    card = Scorecard()
    events = score_gold_set([{"id": "threat", "expected": []}, {"id": "history", "expected": []}],
                            [_result(_event(event_type="Battles")), _result()], card)
    assert events["non_event_quiet"] == 0.5
    assert events["event_precision"] == 0.0


def test_score_gold_set_bounds_compare_null_and_values():
    card = Scorecard()
    exp = [{"event_type": "Battles", "fatalities_low": 25, "injured_high": None}]
    score_gold_set([{"id": "b", "expected": exp}],
                   [_result(_event(event_type="Battles", fatalities_low=25))], card)
    assert card["fatalities_low"].correct == 1 and card["injured_high"].correct == 1


@pytest.mark.parametrize("record, kind", [
    ({"toponyms": []}, "geo"),
    ({"event_mentions": []}, "wikievents"),
    ({"expected": []}, "gold"),
    ({"text_kind": "gtd_summary"}, "gtd"),
    ({"text_kind": "acled_notes"}, "acled"),
])
def test_detect_kind_from_record_shape(record, kind):
    assert detect_kind([record]) == kind


def test_detect_kind_unknown_shape_asks_for_kind():
    with pytest.raises(GoldFileError, match="--kind"):
        detect_kind([{"text": "x"}])


def test_load_gold_limit_and_bad_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(json.dumps({"i": i}) for i in range(5)) + "\n{broken\n")
    assert [r["i"] for r in load_gold(path, limit=3)] == [0, 1, 2]
    with pytest.raises(GoldFileError, match=":6:"):
        load_gold(path)
    with pytest.raises(GoldFileError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")


def test_format_report_prints_fields_and_weakest_confusions():
    card = Scorecard()
    score_acled([{"gold": GOLD_ACLED}], [_result(_event(event_type="Protests", confidence=1))], card, [])
    report = {"file": "f.jsonl", "kind": "acled", "records": 1, "failed": 0,
              "events_per_record": 1.0, "records_with_events": 1.0, "seconds": 0.1,
              "fields": card.to_dict(), "weakest_field": card.weakest(),
              "confusions": card.confusions()}
    text = format_report(report)
    assert "event_type" in text and "top confusions" in text
