"""Story-level news scorers (MUC-4, IndiaPoliceEvents, whole WikiEvents articles), checked on
small stories written for these tests (no ../shared; only the last test runs the model)."""
from __future__ import annotations

import json

import pytest

from strife.evaluation import detect_kind, format_report
from strife.evaluation.muc4 import (
    Incident,
    can_pair,
    date_ok,
    field_right,
    muc_scope,
    muc_types,
    score_muc4,
)
from strife.evaluation.news import (
    Story,
    assign,
    count_story,
    is_absurd_toll,
    is_old,
    is_outside,
    is_running_toll,
    letter_case,
    sentence_around,
    summarise_counts,
)
from strife.evaluation.policeevents import police_actions, score_policeevents
from strife.evaluation.wikievents import (
    gold_death_counts,
    gold_places,
    parse_count,
    score_wikievents_stories,
)
from strife.models import Event, Evidence


def _event(text: str = "", anchor: str | None = None, toll: str | None = None, **fields) -> Event:
    """An event whose type (and toll) evidence points at `anchor` (`toll`) in `text`."""
    ev = Event(article_id="a", **fields)
    if anchor:
        i = text.index(anchor)
        ev.evidence.append(Evidence("event_type", i, i + len(anchor), anchor))
    if toll:
        i = text.index(toll)
        ev.evidence.append(Evidence("fatalities", i, i + len(toll), toll))
    return ev


def _template(event_type: str, country: str = "EL SALVADOR", place: str | None = "SAN MIGUEL",
              date: str | None = None, earliest: str | None = None, latest: str | None = None,
              deaths: int | None = 0, optional: bool = False, alternatives=()) -> dict:
    return {"event_type": event_type, "event_type_alternatives": [event_type, *alternatives],
            "country": country, "location_name": place,
            "location_path": [{"name": place, "type": "CITY"}] if place else [],
            "event_date": date, "event_date_earliest": earliest or date,
            "event_date_latest": latest or date, "event_date_raw": date,
            "fatalities": deaths, "injured": 0, "template_optional": optional,
            "human_targets": []}


# --- the type mapping ----------------------------------------------------------------------

@pytest.mark.parametrize("fields, types, scope", [
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED"},
     ("BOMBING",), "incident"),
    ({"event_type": "Violence against civilians", "sub_event_type": "Abduction/forced disappearance",
      "attack_type": "Hostage Taking (Kidnapping)"}, ("KIDNAPPING",), "incident"),
    ({"event_type": "Violence against civilians", "sub_event_type": "Attack",
      "attack_type": "Facility/Infrastructure Attack"}, ("ATTACK", "ARSON", "BOMBING"), "incident"),
    ({"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction",
      "attack_type": "Facility/Infrastructure Attack"}, ("ARSON", "ATTACK", "BOMBING", "ROBBERY"),
     "incident"),
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
      "attack_type": "Bombing/Explosion"}, ("BOMBING", "ATTACK"), "incident"),
    ({"event_type": "Battles", "sub_event_type": "Armed clash"}, ("ATTACK",), "battle"),
    ({"event_type": "Battles", "sub_event_type": "Armed clash", "attack_type": "Armed Assault"},
     ("ATTACK",), "battle"),
    ({"event_type": "Strategic developments", "sub_event_type": "Arrests"}, (), "outside"),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, (), "outside"),
    ({"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"},
     ("BOMBING",), "incident"),
    ({"event_type": "Riots"}, ("ATTACK", "ARSON"), "incident"),
])
def test_acled_and_gtd_coding_maps_to_muc_types_and_scopes(fields, types, scope):
    ev = Event(article_id="a", **fields)
    assert muc_types(ev) == types
    assert muc_scope(ev) == scope


# --- pairing -------------------------------------------------------------------------------

def test_assign_takes_most_pairs_then_the_heaviest():
    # row 0 prefers column 1, but giving it column 0 lets row 1 pair too
    assert assign([[1000, 1005], [0, 1000]]) == [(0, 0), (1, 1)]
    assert assign([[1000, 1005], [1000, 0]]) == [(0, 1), (1, 0)]
    # more rows than columns, and a forbidden pair is never returned
    assert assign([[0], [1001], [1000]]) == [(1, 0)]
    assert assign([[0, 0]]) == []
    assert assign([]) == []


def test_assign_prefers_two_pairs_over_one_heavier_pair():
    assert assign([[1000, 1030], [0, 1000]]) == [(0, 0), (1, 1)]


def test_date_window_allows_three_days_and_open_ranges():
    exact = Incident.from_gold(_template("ATTACK", date="1990-01-05"))
    assert date_ok(Event(article_id="a", event_date="1990-01-08"), exact)
    assert not date_ok(Event(article_id="a", event_date="1990-01-09"), exact)
    assert date_ok(Event(article_id="a"), exact)                 # undated events may pair
    before = Incident.from_gold(_template("ATTACK", earliest=None, latest="1990-01-05"))
    assert date_ok(Event(article_id="a", event_date="1989-06-01"), before)   # "- 05 JAN 90"
    assert not date_ok(Event(article_id="a", event_date="1990-01-10"), before)


def test_pairing_needs_type_family_and_the_same_country():
    inc = Incident.from_gold(_template("BOMBING", country="COLOMBIA", place="CUCUTA"))
    bomb = Event(article_id="a", event_type="Explosions/Remote violence",
                 sub_event_type="Remote explosive/landmine/IED", country_code="CO")
    assert can_pair(bomb, inc)
    bomb.country_code = "PE"
    assert not can_pair(bomb, inc)
    assert can_pair(bomb, inc, need_country=False)
    bomb.country_code = None                                      # unplaced: no pair
    assert not can_pair(bomb, inc)
    assert can_pair(bomb, inc, need_country=False)
    kidnap = Event(article_id="a", event_type="Violence against civilians",
                   sub_event_type="Abduction/forced disappearance")
    assert not can_pair(kidnap, inc)
    # the key's alternatives count
    ied = Event(article_id="a", sub_event_type="Remote explosive/landmine/IED", country_code="SV")
    assert not can_pair(ied, Incident.from_gold(_template("ATTACK")))
    assert can_pair(ied, Incident.from_gold(_template("ATTACK", alternatives=("BOMBING",))))


def test_fields_on_a_pair_compare_names_without_case_or_accents():
    inc = Incident.from_gold(_template("ATTACK", country="COLOMBIA", place="CUCUTA",
                                       date="1990-01-05", deaths=3))
    ev = Event(article_id="a", sub_event_type="Attack", location="Cúcuta", country="Colombia",
               country_code="CO", event_date="1990-01-05", fatalities=3)
    assert all(field_right(f, ev, inc) for f in ("type", "country", "place", "date", "deaths"))
    ev.location, ev.fatalities = "Bogotá", 30
    assert field_right("place", ev, inc) is False
    assert field_right("deaths", ev, inc) is False
    vague = Incident.from_gold(_template("ATTACK", deaths=None))
    assert field_right("deaths", ev, vague) is None             # the key gives no number


# --- a whole MUC-style story ----------------------------------------------------------------

STORY = ("SAN SALVADOR, 10 JAN 90 -- [TEXT] A CAR BOMB EXPLODED TODAY IN SAN MIGUEL, KILLING "
         "TWO POLICEMEN. A SECOND CHARGE WAS FOUND NEAR THE SAME BUILDING. ARMY TROOPS CLASHED "
         "WITH GUERRILLAS IN MORAZAN. IN 1981 A BOMB IN LIMA HAD KILLED 80 PEOPLE. STUDENTS "
         "MARCHED IN THE CAPITAL.")


def _muc_story() -> tuple[dict, Story]:
    gold = {"source": "muc4", "doc_id": "TEST-1", "published": "1990-01-10",
            "gold": {"relevant": True, "events": [
                _template("BOMBING", place="SAN MIGUEL", date="1990-01-10", deaths=2),
                _template("KIDNAPPING", place="SAN SALVADOR", date="1990-01-09"),
                _template("ARSON", place="SANTA ANA", optional=True),
            ]}}
    t = STORY
    events = [
        _event(t, "CAR BOMB", "TWO POLICEMEN", event_type="Explosions/Remote violence",
               sub_event_type="Remote explosive/landmine/IED", location="San Miguel",
               country="El Salvador", country_code="SV", event_date="1990-01-10", fatalities=2),
        _event(t, "SECOND CHARGE", event_type="Explosions/Remote violence",
               sub_event_type="Remote explosive/landmine/IED", location="San Miguel",
               country="El Salvador", country_code="SV", event_date="1990-01-10"),
        _event(t, "CLASHED", event_type="Battles", sub_event_type="Armed clash",
               location="Morazan", country_code="SV", event_date="1990-01-10", fatalities=30),
        _event(t, "BOMB IN LIMA", "80 PEOPLE", event_type="Explosions/Remote violence",
               sub_event_type="Remote explosive/landmine/IED", location="Lima", country="Peru",
               country_code="PE", event_date="1981-01-01", fatalities=80),
        _event(t, "MARCHED", event_type="Protests", sub_event_type="Peaceful protest",
               country_code="SV", event_date="1990-01-10"),
    ]
    return gold, Story("TEST-1", t, events, "1990-01-10", letter_case(t))


def test_muc4_story_pairs_counts_apart_and_finds_duplicates():
    gold, story = _muc_story()
    quiet = {"source": "muc4", "doc_id": "TEST-2", "published": "1990-01-11",
             "gold": {"relevant": False, "events": []}}
    quiet_text = "LIMA, 11 JAN 90 -- [TEXT] THE PRESIDENT SPOKE ABOUT THE ECONOMY."
    rioting = _event(quiet_text, "SPOKE", event_type="Riots", sub_event_type="Mob violence",
                     country_code="PE")
    abroad = _event(quiet_text, "ECONOMY", event_type="Violence against civilians", sub_event_type="Attack",
                    country_code="NI")   # Nicaragua: outside the nine countries of MUC's key
    report = score_muc4([gold, quiet], [story, Story("TEST-2", quiet_text, [rioting, abroad],
                                                     "1990-01-11", "upper")])
    inc = report["incidents"]
    # templates: bombing + kidnapping (the optional arson is not paired, so not counted)
    assert inc["gold_incidents"] == 2 and inc["paired_incidents"] == 1
    assert inc["recall"] == 0.5
    # in scope: 2 bombs + the Lima bomb + the riot + the attack abroad; the battle and the march are apart
    assert inc["events_in_scope"] == 5
    assert inc["precision"] == 0.2
    assert inc["battles_apart"] == 1 and inc["outside_apart"] == 1
    assert inc["precision_all_events"] == round(1 / 7, 4)
    # the one story with no relevant incident has two in-scope events, one in the key's countries
    assert inc["in_scope_per_no_incident_story"] == 2.0
    assert inc["in_key_countries_per_no_incident_story"] == 1.0
    rel = report["relevance"]
    assert (rel["tp"], rel["fp"], rel["fn"]) == (1, 1, 0)
    fields = report["matched_fields"]
    assert fields["type"]["correct"] == 1 and fields["place"]["correct"] == 1
    assert fields["deaths"]["correct"] == 1
    c = report["counters"]
    assert c["duplicates_events"] == 1            # the second charge, same bombing
    assert c["outside_events"] == 1               # the Lima bomb
    assert c["old_events"] == 1                   # dated 1981
    assert c["absurd_events"] == 1                # 80 killed vs at most 2 in the key
    # the battle's 30 killed is 10x the key's counts too, but the key has no battles to judge it by
    assert c["absurd_apart_events"] == 1
    assert c["unplaced_events"] == 0              # every event here has a country
    assert c["events_on_no_incident_stories"] == 2 and c["no_incident_stories"] == 1
    assert report["by_case"]["upper"]["stories"] == 2
    worst = report["worst"][0]
    assert worst["story"] == "TEST-1"
    kinds = [p["kind"] for p in worst["problems"]]
    assert "duplicate event" in kinds and "false event" in kinds and "missed incident" in kinds
    missed = next(p for p in worst["problems"] if p["kind"] == "missed incident")
    assert missed["detail"].startswith("KIDNAPPING SAN SALVADOR")
    assert missed["sentence"].startswith("SAN SALVADOR, 10 JAN 90 -- [TEXT] A CAR BOMB")
    false = next(p for p in worst["problems"] if p["kind"] == "false event")
    assert false["sentence"] == "IN 1981 A BOMB IN LIMA HAD KILLED 80 PEOPLE."


# --- counters ------------------------------------------------------------------------------

def test_counters_on_single_events():
    text = "The toll now stands at 667. Two people were stabbed on Thursday."
    cumulative = _event(text, "stabbed", "667", fatalities=667)
    fresh = _event(text, "stabbed", "Two people", fatalities=2)
    assert is_running_toll(cumulative, text) and not is_running_toll(fresh, text)
    assert is_absurd_toll(cumulative, [2, 5]) and not is_absurd_toll(fresh, [2])
    assert is_absurd_toll(Event(article_id="a", fatalities=10), [])     # gold 0-1: 10 is absurd
    assert is_old(Event(article_id="a", event_date="2002-01-15"), "2002-03-01")
    assert not is_old(Event(article_id="a", event_date="2002-02-15"), "2002-03-01")
    assert not is_old(Event(article_id="a"), "2002-03-01")
    assert is_outside(Event(article_id="a", country_code="PK"), ["IN"])
    assert not is_outside(Event(article_id="a"), ["IN"])


def test_target_numbers_given_only_in_the_keys_notation_are_gold_counts():
    t = _template("BOMBING", deaths=None)
    t["human_targets"] = [{"number": None, "number_raw": "250 / 250-"},
                          {"number": 3, "number_raw": "3"}, {"number": None, "number_raw": "PLURAL"}]
    counts = Incident.from_gold(t).counts
    assert 250 in counts and 3 in counts
    assert not is_absurd_toll(Event(article_id="a", fatalities=40), counts)


def test_summarise_counts_leaves_out_what_the_gold_cannot_say():
    text = "x"
    story = Story("s", text, [Event(article_id="a", fatalities=50)], None, "mixed")
    counts = count_story(story, has_incident=None, gold_counts=None, gold_codes=None, duplicates=None)
    out = summarise_counts([counts])
    assert out["events_per_story"] == 1
    assert out["absurd_events"] is None and out["old_events"] is None
    assert out["no_incident_stories"] is None


def test_letter_case_and_sentences():
    assert letter_case("BOGOTA, 9 JAN 90 (EFE) -- [TEXT] A BOMB") == "upper"
    assert letter_case("ahmedabad: the toll now stands at 667.") == "lower"
    assert letter_case("A bomb exploded in Kabul.") == "mixed"
    text = "First one. The bomb went off here! Last one."
    i = text.index("bomb")
    assert sentence_around(text, i, i + 4) == "The bomb went off here!"


# --- IndiaPoliceEvents ---------------------------------------------------------------------

def test_police_actions_read_from_actors_and_sub_types():
    kill = Event(article_id="a", sub_event_type="Excessive force against protesters",
                 actor1="Police Forces of India", fatalities=3)
    assert police_actions(kill) == {"kill", "force"}
    lathi = Event(article_id="a", sub_event_type="Protest with intervention",
                  actor1="Protesters (India)", actor2="Police Forces of India")
    assert police_actions(lathi) == {"force"}
    arrest = Event(article_id="a", sub_event_type="Arrests", actor1="Police Forces of India")
    assert police_actions(arrest) == {"arrest"}
    mob = Event(article_id="a", sub_event_type="Mob violence", actor1="Rioters (India)",
                fatalities=4)
    assert police_actions(mob) == set()


def test_policeevents_story_and_sentence_level():
    text = ("ahmedabad: police opened fire on a mob, killing two. "
            "the toll in the state now stands at 600.")
    s0, s1 = 0, text.index("the toll")
    rec = {"source": "india_police_events", "doc_id": "p1", "published": "2002-03-05",
           "gold": {"police_kill": True, "police_force": True, "police_arrest": False,
                    "labelled_sentences": [
                        {"sent_id": 0, "start": s0, "end": s1 - 1, "labels": ["KILL", "FORCE"]}]}}
    firing = _event(text, "opened fire", "two", sub_event_type="Excessive force against protesters",
                    actor1="Police Forces of India", fatalities=2, country_code="IN")
    toll = _event(text, "toll", "600", sub_event_type="Mob violence", actor1="Rioters (India)",
                  fatalities=600, country_code="IN")
    quiet = {"source": "india_police_events", "doc_id": "p2", "published": "2002-03-05",
             "gold": {"police_kill": False, "police_force": False, "police_arrest": False,
                      "labelled_sentences": []}}
    qtext = "surat: police killed a man, said a report."
    wrong = _event(qtext, "killed", sub_event_type="Attack", actor1="Police Forces of India",
                   fatalities=1, country_code="PK")
    out = score_policeevents([rec, quiet], [Story("p1", text, [firing, toll], "2002-03-05", "lower"),
                                            Story("p2", qtext, [wrong], "2002-03-05", "lower")])
    kill = out["story_level"]["kill"]
    assert (kill["tp"], kill["fp"], kill["fn"]) == (1, 1, 0)
    sent = out["sentence_level"]["kill"]
    assert sent["ours"] == 2 and sent["agree"] == 1       # p1's labelled sentence; p2's span
    assert sent["coverage"] == 1.0
    c = out["counters"]
    assert c["running_toll_events"] == 1
    assert c["outside_events"] == 1
    assert out["worst"][0]["problems"][0]["sentence"] == "surat: police killed a man, said a report."
    assert "outside the gold country" in [p["kind"] for p in out["worst"][0]["problems"]]
    toll_problem = next(p for p in out["worst"][1]["problems"] if p["kind"] == "running toll")
    assert toll_problem["sentence"] == "the toll in the state now stands at 600."


# --- WikiEvents, story by story ------------------------------------------------------------

def _wiki_record() -> dict:
    sents = ["A bomb exploded in Kandahar on Monday , killing 14 people .",
             "The mayor said the city would rebuild .",
             "In 1995 , 3 people died in a fire ."]
    tokens, sentences, pos = [], [], 0
    for s in sents:
        toks = []
        for w in s.split():
            toks.append([w, pos, pos + len(w)])
            pos += len(w) + 1
        tokens += [t[0] for t in toks]
        sentences.append([toks, s])
    idx = {w: i for i, w in enumerate(tokens)}
    return {
        "source": "wikievents", "doc_id": "w1", "tokens": tokens, "sentences": sentences,
        "entity_mentions": [
            {"id": "e1", "entity_type": "GPE", "start": idx["Kandahar"], "end": idx["Kandahar"] + 1,
             "text": "Kandahar", "sent_idx": 0},
            {"id": "e2", "entity_type": "PER", "start": 10, "end": 11, "text": "people", "sent_idx": 0},
        ],
        "event_mentions": [
            {"id": "m1", "event_type": "Conflict.Attack.DetonateExplode",
             "trigger": {"start": 2, "end": 3, "text": "exploded", "sent_idx": 0},
             "arguments": [{"entity_id": "e1", "role": "Place", "text": "Kandahar"}]},
            {"id": "m2", "event_type": "Life.Die.Unspecified",
             "trigger": {"start": 8, "end": 9, "text": "killing", "sent_idx": 0},
             "arguments": [{"entity_id": "e2", "role": "Victim", "text": "people"}]},
        ],
    }


def test_wikievents_gold_numbers_and_places():
    rec = _wiki_record()
    assert gold_death_counts(rec) == ([14], [])
    assert gold_places(rec) == {"KANDAHAR"}
    assert parse_count("1,200") == 1200 and parse_count("three") == 3 and parse_count("1995") is None


def test_wikievents_per_event_scores():
    rec = _wiki_record()
    text = " ".join(s[1] for s in rec["sentences"])
    right = _event(text, "bomb exploded", "14 people", event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", location="Kandahar", fatalities=14)
    again = _event(text, "killing", event_type="Violence against civilians", sub_event_type="Attack",
                   location="Kabul", fatalities=140)
    unbacked = _event(text, "rebuild", event_type="Protests", sub_event_type="Peaceful protest",
                      location="Kandahar")
    out = score_wikievents_stories([rec], [Story("w1", text, [right, again, unbacked])])
    per = out["per_event"]
    assert (per["supported"]["correct"], per["supported"]["n"]) == (2, 3)
    assert (per["type family"]["correct"], per["type family"]["n"]) == (2, 2)
    assert (per["place"]["correct"], per["place"]["n"]) == (2, 3)
    assert (per["deaths"]["correct"], per["deaths"]["n"]) == (1, 2)
    assert out["gold_death_numbers_found"] == 1.0
    assert out["has_attack"]["tp"] == 1
    assert out["counters"]["duplicates_events"] == 1     # two events in the one attack's sentence
    assert out["counters"]["absurd_events"] == 1         # 140 vs 14
    assert out["counters"]["unplaced_events"] == 3       # none of them has a country
    absurd = next(p for p in out["worst"][0]["problems"] if p["kind"] == "absurd toll")
    assert absurd["sentence"] == "A bomb exploded in Kandahar on Monday , killing 14 people ."


# --- the eval entry points -----------------------------------------------------------------

def test_news_kinds_are_detected_from_records():
    assert detect_kind([{"source": "muc4", "text_kind": "news_article"}]) == "muc4"
    assert detect_kind([{"source": "india_police_events", "text_kind": "news_article"}]) == "policeevents"
    assert detect_kind([{"source": "wikievents", "event_mentions": []}]) == "wikievents"


def test_format_report_prints_the_news_section():
    gold, story = _muc_story()
    news = score_muc4([gold], [story])
    report = {"file": "f.jsonl", "kind": "muc4", "records": 1, "failed": 0,
              "events_per_record": 5, "records_with_events": 1.0, "seconds": 0.1, "news": news}
    text = format_report(report)
    assert "relevance (stories)" in text and "incidents" in text
    assert "duplicate events" in text
    assert "IN 1981 A BOMB IN LIMA HAD KILLED 80 PEOPLE." in text


def test_accuracy_doc_news_section_and_splice():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("strife_make_accuracy_doc_news",
                                                  ROOT / "scripts" / "make_accuracy_doc.py")
    doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(doc)
    gold, story = _muc_story()
    report = {"kind": "muc4", "records": 1, "failed": 0, "events_per_record": 5,
              "records_with_events": 1.0, "seconds": 0.1, "news": score_muc4([gold], [story])}
    section = doc.news_section([("muc4.jsonl", "MUC-4", report)])
    text = "\n".join(section)
    assert text.startswith("## News stories")
    assert "| relevance (stories) | 100.0% | 100.0% | 100.0% | 1 | 0 | 0 |" in text
    assert "| duplicate events | 1 (1 st.) |" in text
    old = "# T\n\n## Event coding\n\nx\n\n## Geoparsing\n\ng\n"
    once = doc.splice_section(old, section)
    assert once.index("## News stories") < once.index("## Geoparsing")
    assert doc.splice_section(once, ["## News stories", "", "new"]).count("## News stories") == 1
    assert "new\n\n## Geoparsing" in doc.splice_section(once, ["## News stories", "", "new"])


def test_an_unplaced_event_pairs_only_when_the_country_is_ignored():
    text = "A BOMB EXPLODED IN A TOWN. NOTHING ELSE HAPPENED."
    gold = {"source": "muc4", "doc_id": "T3", "gold": {"relevant": True, "events": [
        _template("BOMBING", country="PERU", place="AYACUCHO", date="1990-01-05")]}}
    bomb = _event(text, "BOMB EXPLODED", event_type="Explosions/Remote violence",
                  sub_event_type="Remote explosive/landmine/IED", event_date="1990-01-05")
    out = score_muc4([gold], [Story("T3", text, [bomb], "1990-01-06", "upper")])
    assert out["incidents"]["recall"] == 0.0
    assert out["incidents"]["ignoring_country"] == {"recall": 1.0, "precision": 1.0}
    assert out["matched_fields"]["country"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    kinds = [p["kind"] for p in out["worst"][0]["problems"]]
    assert kinds == ["wrong country", "missed incident"]
    assert out["worst"][0]["problems"][0]["sentence"] == "A BOMB EXPLODED IN A TOWN."


def test_strife_eval_scores_invented_muc_stories_end_to_end(tmp_path, nlp):
    from click.testing import CliRunner

    from strife.cli import main

    stories = [
        {"source": "muc4", "doc_id": "INV-1", "split": "DEV", "published": "1990-01-10",
         "text": ("SAN SALVADOR, 10 JAN 90 (RADIO) -- [TEXT] A CAR BOMB EXPLODED TODAY OUTSIDE A "
                  "BANK IN SAN MIGUEL, KILLING TWO POLICEMEN AND WOUNDING FIVE CIVILIANS."),
         "gold": {"relevant": True, "events": [
             _template("BOMBING", place="SAN MIGUEL", date="1990-01-10", deaths=2)]}},
        {"source": "muc4", "doc_id": "INV-2", "split": "DEV", "published": "1990-01-11",
         "text": ("LIMA, 11 JAN 90 (RADIO) -- [TEXT] THE FINANCE MINISTER TOLD CONGRESS TODAY THAT "
                  "INFLATION WILL FALL THIS YEAR."),
         "gold": {"relevant": False, "events": []}},
    ]
    gold = tmp_path / "muc.jsonl"
    gold.write_text("\n".join(json.dumps(s) for s in stories) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    res = CliRunner().invoke(main, ["eval", str(gold), "-q", "--json", str(out), "--worst", "1"])
    assert res.exit_code == 0, res.output
    assert "(kind: muc4)" in res.output and "relevance (stories)" in res.output
    report = json.loads(out.read_text(encoding="utf-8"))
    news = report["news"]
    assert news["incidents"]["gold_incidents"] == 1
    assert news["counters"]["stories"] == 2 and news["counters"]["no_incident_stories"] == 1
    assert news["by_case"]["upper"]["stories"] == 2
    assert len(news["worst"]) <= 1


def test_wikievents_places_events_by_offsets_in_the_text_given():
    from strife.evaluation.wikievents import _event_sentence_index
    from strife.models import Article, OffsetMap

    raw = "First one. Read more: x\nA bomb went off."
    clean = "First one. A bomb went off."         # the cleaner dropped "Read more: x\n"
    offsets = OffsetMap()
    offsets.add(0, 0)
    offsets.add(11, raw.index("A bomb"))
    story = Story("w", clean, [], article=Article(id="w", text=clean, raw=raw, offsets=offsets))
    ev = _event(clean, "bomb", event_type="Explosions/Remote violence")
    sentences = [(0, 10), (11, 23), (24, len(raw))]       # as WikiEvents splits the raw text
    assert _event_sentence_index(ev, sentences, story) == 2
    assert _event_sentence_index(ev, sentences) == 1      # unmapped offsets would miss it


def test_strife_eval_scores_an_upper_cased_copy_beside_the_stories(tmp_path, nlp):
    from click.testing import CliRunner

    from strife.cli import main

    story = {"source": "muc4", "doc_id": "INV-3", "split": "DEV", "published": "1990-01-10",
             "text": ("San Salvador, 10 Jan 90 (Radio) -- A car bomb exploded today outside a bank "
                      "in San Miguel, killing two policemen and wounding five civilians."),
             "gold": {"relevant": True, "events": [
                 _template("BOMBING", place="SAN MIGUEL", date="1990-01-10", deaths=2)]}}
    gold = tmp_path / "muc.jsonl"
    gold.write_text(json.dumps(story) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    res = CliRunner().invoke(main, ["eval", str(gold), "-q", "--json", str(out), "--worst", "0",
                                    "--uppercase-copy"])
    assert res.exit_code == 0, res.output
    assert "--- the same stories, upper-cased copy ---" in res.output
    news = json.loads(out.read_text(encoding="utf-8"))["news"]
    copy = news["upper-cased copy"]
    # the copy is read in capitals: its stories are counted as upper case, and the bombing is found
    assert news["by_case"].keys() == {"mixed"} and copy["by_case"].keys() == {"upper"}
    assert copy["incidents"]["recall"] == news["incidents"]["recall"] == 1.0
