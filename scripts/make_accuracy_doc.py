"""Regenerate docs/accuracy.md: `strife eval` on every dev file, the throughput table, and
the published anchors beside them.

Usage:
    python scripts/make_accuracy_doc.py [--dev ../shared/data/dev] [--limit N]
        [--throughput-corpus PATH] [--throughput-json FILE] [--skip-throughput]
        [--pin-floors] [--news-only] [--out docs/accuracy.md]

--limit N scores only the first N records of each file (quick runs; the doc says so).
--news-only scores only the news-story files and rewrites only the "News stories" section
of the existing doc (the rest is kept as it is).
--pin-floors also rewrites tests/gold/floors.json from the gold-set scores just measured
(rounded down to whole percent): do it when a change has raised them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from strife.evaluation.report import evaluate  # noqa: E402

DEV_FILES = (
    ("acled_2020_dev.jsonl", "acled", "ACLED 2020 notes (current schema)"),
    ("acled_2015_south_asia.jsonl", "acled", "ACLED 2015 South/South-East Asia (old schema, mapped)"),
    ("gtd_us_2000_2017.jsonl", "gtd", "GTD summaries, United States 2000-2017"),
    ("gtd_world_dev.jsonl", "gtd", "GTD summaries, worldwide 2011 (75 countries)"),
    ("wikievents_dev.jsonl", "wikievents", "WikiEvents dev articles (KAIROS)"),
    ("geo_trnews.jsonl", "geo", "TR-News (geoparsing)"),
    ("geo_geovirus.jsonl", "geo", "GeoVirus (geoparsing)"),
)
# What a reader needs to know to read a file's numbers.
FILE_NOTES = {
    "acled_2015_south_asia.jsonl": (
        "Most of these notes are news excerpts that date the incident by weekday or by day and "
        "month without a year (\"on Friday\", \"Monday, 5 January\"); with no publication date to "
        "resolve against, `event_date` is near zero by construction. Sub-types are not scored "
        "(the old schema has none) except where the old type fixes one."),
    "gtd_us_2000_2017.jsonl": (
        "GTD's `fatalities` include perpetrators killed; GTD codes one attack type per incident "
        "(a second, when given, is not accepted)."),
    "gtd_world_dev.jsonl": (
        "GTD's 2012 release, 2011 incidents (labels mapped to the later names); `fatalities` "
        "include perpetrators killed, and fractional GTD counts (a total split across linked "
        "incidents) can never match."),
    "wikievents_dev.jsonl": (
        "The text is rebuilt from WikiEvents' sentence list (its `text` field glues sentences "
        "together without spaces). Scores are document-level: 20 documents, so one document "
        "moves a figure by 5 points."),
}
# Full news stories, scored story by story (strife.evaluation); WikiEvents comes from DEV_FILES.
NEWS_FILES = (
    ("muc4_dev_tst1_tst2.jsonl", "muc4", "MUC-4 newswire, 1989-90 Latin America (DEV, TST1, TST2)"),
    ("india_police_events.jsonl", "policeevents", "IndiaPoliceEvents, Times of India, March 2002"),
)
NEWS_TITLE = "## News stories"
GOLD_SET = ROOT / "tests" / "gold" / "gold.jsonl"
FLOORS = ROOT / "tests" / "gold" / "floors.json"

# Published numbers, on related but not identical tasks and texts: context, not a leaderboard.
EVENT_ANCHORS = {
    ("gtd", "attack_type"): "72.8% (LLM extractor on GTD summaries); 76.5% (ConflLlama)",
    ("gtd", "weapon"): "63.3% (LLM extractor on GTD summaries)",
    ("gtd", "target_type"): "60.7% (LLM extractor on GTD summaries)",
    ("gtd", "fatalities"): "72.7% killed (LLM extractor on GTD summaries)",
    ("gtd", "injured"): "82.6% wounded (LLM extractor on GTD summaries)",
    ("acled", "sub_event_type"): "83.9 weighted F1 (best CASE 2021 system, ACLED-style sub-types)",
}
GEO_ANCHORS = {
    "geo_trnews.jsonl": "87.3 (Mordecai3)",
    "geo_geovirus.jsonl": "82 (CamCoder)",
}
GEO_NOTE = ("Recall = gold toponyms overlapped by a predicted place; precision = predicted places "
            "that overlap a gold toponym (the corpora do not mark every place-like word, e.g. "
            "demonyms or organisations named after places, so precision is a lower bound). "
            "Mean/median error are over found toponyms whose predicted place has coordinates.")
OTHER_GEO_ANCHORS = "Not in our dev data: LGL 82.7 (Mordecai3), 76 (CamCoder); GeoWebNews 94.1 (Mordecai3)."


def pct(value: float | None) -> str:
    return f"{100 * value:.1f}%" if value is not None else "-"


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "strife"], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        return out.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def field_table(report: dict, kind: str) -> list[str]:
    lines = ["| field | n | right | accuracy | published anchor |", "|---|---:|---:|---:|---|"]
    for name, t in report["fields"].items():
        anchor = EVENT_ANCHORS.get((kind, name), "")
        lines.append(f"| {name} | {t['n']} | {t['correct']} | {pct(t['accuracy'])} | {anchor} |")
    return lines


def confusion_lines(report: dict) -> list[str]:
    weakest = report.get("weakest_field")
    rows = report.get("confusions", {}).get(weakest) or []
    if not rows:
        return []
    out = ["", f"Top confusions of the weakest label field, `{weakest}` (gold -> predicted):", ""]
    out += [f"- {count} x {gold} -> {pred}" for gold, pred, count in rows[:6]]
    return out


def summary_line(report: dict) -> str:
    return (f"{report['records']} records, {report['failed']} failed, "
            f"{report['events_per_record']} events per record, "
            f"{pct(report['records_with_events'])} with at least one event "
            f"({report['seconds']} s).")


def event_section(title: str, name: str, report: dict) -> list[str]:
    lines = [f"### {title} (`{name}`)", "", summary_line(report)]
    for reason, n in report.get("failure_reasons") or []:
        lines.append(f"Failed x{n}: {reason[:160]}.")
    if name in FILE_NOTES:
        lines.append(FILE_NOTES[name])
    if report.get("schema"):
        lines.append(f"Schema: {report['schema']}.")
    if report.get("gold_event_mentions_per_doc") is not None:
        lines.append(f"Gold event mentions per document: {report['gold_event_mentions_per_doc']}.")
    if report.get("location_error_km"):
        loc = report["location_error_km"]
        lines.append(f"Median location error {loc['median']} km over {loc['n']} located top events.")
    if report.get("gtd_on_non_attack") is not None:
        lines.append(f"GTD fields on non-attack events (protests, territory changes, agreements...): "
                     f"{report['gtd_on_non_attack']}.")
    return lines + [""] + field_table(report, report["kind"]) + confusion_lines(report) + [""]


def geo_table(reports: list[tuple[str, dict]]) -> list[str]:
    lines = ["| file | docs | gold toponyms | recall | precision | acc@161 (all gold) | "
             "acc@161 (found) | mean km | median km | published acc@161 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in reports:
        g = r["geo"]
        lines.append(f"| {name} | {r['records']} | {g['gold_toponyms']} | {pct(g['recall'])} | "
                     f"{pct(g['precision'])} | {pct(g['acc161_all'])} | {pct(g['acc161_found'])} | "
                     f"{g['mean_error_km'] if g['mean_error_km'] is not None else '-'} | "
                     f"{g['median_error_km'] if g['median_error_km'] is not None else '-'} | "
                     f"{GEO_ANCHORS.get(name, '')} |")
    return lines


def gold_section(report: dict) -> list[str]:
    ev = report["events"]
    lines = ["## Our gold set (`tests/gold/gold.jsonl`)", "",
             f"{report['records']} short articles we wrote, {ev['expected_events']} hand-coded events; "
             f"strife predicted {ev['predicted_events']}. Event precision {pct(ev['event_precision'])}, "
             f"recall {pct(ev['event_recall'])}; {pct(ev['non_event_quiet'])} of the "
             f"{ev['non_event_articles']} non-event articles (threats, history, travel, denials) "
             "got no event. `tests/test_gold_gate.py` fails when a field drops below the floors "
             "pinned in `tests/gold/floors.json`.", ""]
    return lines + field_table(report, "gold") + [""]


def throughput_section(results: list[dict]) -> list[str]:
    lines = ["## Throughput", ""]
    if not results:
        return lines + ["Not measured in this run (`--skip-throughput`).", ""]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import format_table

    for result in results:
        lines += [format_table(result), ""]
    rows = [r for result in results for r in result["rows"]]
    ratios = [r["ratio"] for r in rows if "ratio" in r]
    same = [r["ratio_same_matmul"] for r in rows if "ratio_same_matmul" in r]
    if ratios:
        lines.append(f"Target: the full pipeline at >= 0.55 of bare NER-only spaCy throughput; "
                     f"measured ratio b/a {min(ratios):.2f}-{max(ratios):.2f}"
                     + (f" (b/a' {min(same):.2f}-{max(same):.2f})." if same else "."))
        lines.append("")
    lines += ["Corpora: short ACLED-style notes, where nearly every sentence tells an incident and "
              "so goes through every extractor, and real news articles (GeoVirus, about 280 words "
              "each), where most sentences do not. Every timed article is distinct: no cache is "
              "warmed by repeats.", "",
              "(a) runs the same model as spaCy ships it, with only its NER component enabled. "
              "(b) runs cleaning, the whole spaCy pipeline (tok2vec, tagger, parser, attribute ruler, "
              "lemmatizer, NER) and strife's place and event extractors. strife runs the model's "
              "matrix multiplications through numpy's BLAS instead of the BLIS build thinc bundles "
              "(setting `fast_matmul`, identical annotations): on this machine's CPU that makes "
              "tok2vec 2x and NER 1.4x faster; and it decodes the entity recognizer's moves with "
              "numpy (`strife/nlp/fastner.py`, identical entities), since spaCy's compiled decoder "
              "takes the GIL at every validity test (NER 3x faster on notes), and runs the parser's "
              "decoding loop with the GIL held (`strife/nlp/fastparser.py`, identical parses). "
              "(a') is bare spaCy NER "
              "with those same changes, so b/a' "
              "shows what the extractors, the parser and the tagger cost on top of the model; b/a is "
              "what a user gets against running spaCy NER as installed. Each worker is a fresh "
              "process with one BLAS thread that loads the model once; loading is not timed. On a "
              "shared machine the figures move by 5-10% between runs.", ""]
    return lines


def run_throughput(corpus: str, limit: int | None, min_articles: int) -> dict:
    """benchmarks/throughput.py in a fresh process (its workers must not share our memory)."""
    out = ROOT / ".throughput.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "throughput.py"), corpus,
           "--min-articles", str(min_articles), "--json", str(out)]
    if limit:
        cmd += ["--limit", str(limit)]
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL)
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


def pin_floors(report: dict) -> None:
    """Floors = the gold-set scores just measured, rounded down to whole percent."""
    old = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    floors = {
        "_about": old.get("_about", "Pinned accuracies of the gold-set gate (tests/test_gold_gate.py). "
                      "Raise them in a normal commit; lowering one needs a reason in the commit message."),
        "slack": old.get("slack", 0.04),
        "fields": {k: math.floor(100 * (t["accuracy"] or 0)) / 100 for k, t in report["fields"].items()},
        "events": {k: math.floor(100 * (report["events"][k] or 0)) / 100
                   for k in ("event_precision", "event_recall", "non_event_quiet")},
    }
    FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    print(f"pinned floors -> {FLOORS}", file=sys.stderr)


# --- news stories ---------------------------------------------------------------------------

NEWS_RULES = [
    "Real journalist-written stories, read whole: datelines, background, quotes, running tolls, "
    "several incidents per story and many stories with no incident. Each kind is scored story "
    "by story (`strife eval FILE --kind muc4|policeevents|wikievents`; modules under "
    "`strife/evaluation/`).", "",
    "**MUC-4** (1,500 upper-case newswire stories, 816 with incidents, 1,305 key templates):", "",
    "- relevance: a story is relevant when its key has a template; strife calls it relevant when "
    "it emits an event in MUC's scope (attack, bombing, kidnapping, arson, robbery under "
    "`strife/data/evaluation/muc4_types.json`; battles, protests, arrests and other strategic "
    "developments are not);",
    "- incidents: templates and events of one story are paired one-to-one (most pairs, then most "
    "fields agreeing). A pair needs the same incident family (one of the event's MUC types is the "
    "template's type or an alternative), the same country (an unplaced event does not pair) and, "
    "when the template has a date or range, the event's date within 3 days of it (an undated "
    "event may pair). Incident recall = paired templates / templates (an optional `?` template counts "
    "only when paired); event precision = paired events / events in MUC's scope. Army-guerrilla "
    "battles may pair with an ATTACK template; unpaired ones are counted apart, as are "
    "out-of-scope events (\"paired / all events\" counts them too). The same pairing without "
    "the country condition gives recall and precision \"ignoring country\": what strife finds, "
    "wherever it puts it;",
    "- on pairs: type (the event's primary MUC type is the template's type or an alternative; "
    "primary = the GTD attack type's first MUC type that the ACLED sub-type also allows), "
    "country (same ISO code, over the pairs made ignoring country), place (location, admin2 or admin1 is one of the template's place names "
    "below the country, accents and case ignored; unscored when the key names only the country), "
    "place (most specific), date (same day, where the template gives an exact date), deaths and "
    "injuries (same number, where the key gives one);",
    "- publication date: the record's `published`, the dateline's date (null for 85 stories);",
    "- letter case: every MUC-4 story in this file is upper case (TST2 too), so there is no "
    "mixed-case MUC-4 slice; `--lowercase-copy` runs and scores a lower-cased copy of every story "
    "as well. Case slices are reported by the case of the text strife read; IndiaPoliceEvents is "
    "lower case and WikiEvents mixed case.", "",
    "**IndiaPoliceEvents** (1,257 Times of India stories, 499 with a police-action label):", "",
    "- an event stands for a police killing when its actor1 or assoc_actor_1 names the police and "
    "it kills; for police force when it is a killing, police doing an attack, clash, mob violence "
    "or excessive force, or police as actor2 of a protest with intervention or a violent "
    "demonstration; for an arrest when it is an Arrests event "
    "(`strife/data/evaluation/policeevents.json`);",
    "- story level: precision, recall and F1 against the adjudicated story labels;",
    "- sentence level: of the sentences strife takes a police-killing (police-force) event's type "
    "and toll from, the share the gold labels KILL (FORCE or KILL) = agreement; the share of gold "
    "KILL (FORCE) sentences strife takes evidence from = coverage.", "",
    "**WikiEvents, story by story** (20 mixed-case articles with KAIROS mentions):", "",
    "- has attack: the gold has a Conflict.Attack mention vs strife emits an event of a type such "
    "a mention allows (Battles, Explosions/Remote violence, Violence against civilians);",
    "- per event, in the sentence that decided its type: supported = the sentence holds a gold "
    "attack, death, injury, demonstration, arrest or damage mention; type family = its ACLED type "
    "is one those mentions allow; place = its location, admin2, admin1 or country is a named Place "
    "argument of an attack, death or injury mention in the article (names, not coordinates: a "
    "city for a street in it counts as wrong); deaths = its toll is a number written before the "
    "victim of a death mention (\"14 people\"), over events with a toll in articles that have one.",
    "", "**Story counters**, the same for every kind (left out where the gold cannot say):", "",
    "- events per story; events on stories with no gold incident (MUC-4: not relevant; WikiEvents: "
    "no attack mention; IndiaPoliceEvents has no incident list);",
    "- absurd tolls: fatalities >= 10x the largest count the gold gives for the story (deaths, "
    "injuries, target numbers; at least 10 where it gives 0-1), on stories with incidents; an "
    "event the gold does not cover (an unpaired battle on MUC-4, whose key has no battles) is "
    "counted apart, in the next row, since the gold's counts belong to other incidents;",
    "- running-toll events: fatalities taken from a sentence with a cumulative-toll cue "
    "(\"toll\", \"so far\", \"stands at\"; `strife/data/evaluation/news.json`);",
    "- events dated more than 30 days before publication;",
    "- events placed outside the country of the story's gold incidents (IndiaPoliceEvents: India), "
    "and events with no country at all;",
    "- duplicates: events that could pair with an incident another event already took (MUC-4), or "
    "events beyond the first in one attack mention's sentence (WikiEvents).",
    "",
    "The `strife eval` listing ends with the worst stories: each wrong field, false event and "
    "missed incident with the sentence it came from.", "",
]


def _counters_table(rows: list[tuple[str, dict]]) -> list[str]:
    names = [n for n, _c in rows]
    lines = ["| counter | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]

    def cell(c: dict, key: str) -> str:
        v = c.get(key)
        if v is None:
            return "-"
        if key.endswith("_events") and f"{key[:-7]}_stories_counted" in c:
            return f"{v} ({c[key[:-7] + '_stories_counted']} st.)"
        return pct(v) if key == "no_incident_stories_with_events" else str(v)

    for label, key in (("stories", "stories"), ("events", "events"),
                       ("events per story", "events_per_story"),
                       ("stories with no gold incident", "no_incident_stories"),
                       ("events per no-incident story", "events_per_no_incident_story"),
                       ("no-incident stories with events", "no_incident_stories_with_events"),
                       ("absurd tolls (>=10x gold)", "absurd_events"),
                       ("... on events the gold does not cover", "absurd_apart_events"),
                       ("running-toll events", "running_toll_events"),
                       ("events with no country", "unplaced_events"),
                       ("events >30 days before publication", "old_events"),
                       ("events outside the gold country", "outside_events"),
                       ("duplicate events", "duplicates_events")):
        lines.append(f"| {label} | " + " | ".join(cell(c, key) for _n, c in rows) + " |")
    return lines


def _prf_row(name: str, d: dict) -> str:
    return (f"| {name} | {pct(d['precision'])} | {pct(d['recall'])} | {pct(d['f1'])} | "
            f"{d['tp']} | {d['fp']} | {d['fn']} |")


def news_section(reports: list[tuple[str, str, dict]]) -> list[str]:
    """The "News stories" section from the muc4, policeevents and wikievents reports."""
    lines = [NEWS_TITLE, "", f"Measured at commit `{git_commit()}` on {dt.date.today().isoformat()} "
             "(`--news-only` rewrites this section alone).", ""] + NEWS_RULES
    counters: list[tuple[str, dict]] = []
    prf_head = ["| measure | precision | recall | F1 | tp | fp | fn |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, title, report in reports:
        news = report.get("news")
        if not news:
            continue
        kind = report["kind"]
        lines += [f"### {title} (`{name}`)", "", summary_line(report), ""]
        if kind == "muc4":
            inc = news["incidents"]
            lines += prf_head + [_prf_row("relevance (stories)", news["relevance"]),
                                 _prf_row("incidents (recall over templates, precision over "
                                          "events in scope)", {**inc, "fn": inc["gold_incidents"] -
                                                                inc["paired_incidents"]})]
            ign = inc.get("ignoring_country") or {}
            lines.append(f"| incidents ignoring country | {pct(ign.get('precision'))} | "
                         f"{pct(ign.get('recall'))} | - | | | |")
            lines += ["", f"{inc['gold_incidents']} templates counted, {inc['paired_incidents']} "
                          f"paired; {inc['events_in_scope']} events in MUC's scope; counted apart: "
                          f"{inc['battles_apart']} unpaired battles, {inc['outside_apart']} "
                          f"out-of-scope events; paired / all events "
                          f"{pct(inc['precision_all_events'])}.", ""]
            quiet = inc.get("in_scope_per_no_incident_story")
            if quiet is not None:
                in_key = inc.get("in_key_countries_per_no_incident_story")
                lines += [f"Stories with no relevant incident get {quiet:.3f} attack/bombing/kidnapping/arson "
                          f"events each" + (f" ({in_key:.3f} counting only events placed in the nine "
                                            f"countries MUC-4's key covers)" if in_key is not None else "")
                          + ".", ""]
            lines += ["| on paired incidents | n | right | accuracy |", "|---|---:|---:|---:|"]
            lines += [f"| {k} | {t['n']} | {t['correct']} | {pct(t['accuracy'])} |"
                      for k, t in news["matched_fields"].items()]
            lines += ["", "| text read | stories | relevance F1 | incident recall | event precision | "
                          "recall ignoring country |", "|---|---:|---:|---:|---:|---:|"]
            slices = [(f"as given ({case})", sub) for case, sub in news["by_case"].items()]
            if news.get("lower-cased copy"):
                slices += [("lower-cased copy", news["lower-cased copy"])]
            for label, sub in slices:
                lines.append(f"| {label} | {sub['stories']} | {pct(sub['relevance']['f1'])} | "
                             f"{pct(sub['incidents']['recall'])} | {pct(sub['incidents']['precision'])} | "
                             f"{pct((sub['incidents'].get('ignoring_country') or {}).get('recall'))} |")
            lines.append("")
            counters.append(("MUC-4", news["counters"]))
        elif kind == "policeevents":
            lines += prf_head + [_prf_row(f"police {a} (stories)", d)
                                 for a, d in news["story_level"].items()]
            lines += ["", "| evidence sentences | ours | agreeing with gold | gold sentences | "
                          "covered |", "|---|---:|---:|---:|---:|"]
            for a, d in news["sentence_level"].items():
                lines.append(f"| police {a} | {d['ours']} | {pct(d['agreement'])} | {d['gold']} | "
                             f"{pct(d['coverage'])} |")
            lines.append("")
            counters.append(("IndiaPoliceEvents", news["counters"]))
        elif kind == "wikievents":
            lines += prf_head + [_prf_row("has attack (articles)", news["has_attack"])]
            lines += ["", "| per event | n | right | accuracy |", "|---|---:|---:|---:|"]
            lines += [f"| {k} | {t['n']} | {t['correct']} | {pct(t['accuracy'])} |"
                      for k, t in news["per_event"].items()]
            lines += ["", f"Gold death numbers stated by some event: "
                          f"{pct(news['gold_death_numbers_found'])} of {news['gold_death_numbers']}.", ""]
            counters.append(("WikiEvents", news["counters"]))
    if counters:
        lines += ["### Story counters", ""] + _counters_table(counters) + [""]
    return lines


def splice_section(doc: str, section: list[str], title: str = NEWS_TITLE,
                   before: tuple[str, ...] = ("## Geoparsing", "## Our gold set")) -> str:
    """`doc` with the `title` section replaced by `section` (or inserted before the first
    heading of `before` when it has none)."""
    lines = doc.rstrip("\n").split("\n")
    new = list(section) + ([""] if section and section[-1] != "" else [])
    if title in lines:
        start = lines.index(title)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = new
    else:
        at = next((i for i, ln in enumerate(lines) if ln in before), len(lines))
        lines[at:at] = new
    return "\n".join(lines).rstrip() + "\n"


def news_reports(dev: Path, limit: int | None, with_wikievents: bool) -> list[tuple[str, str, dict]]:
    """Reports of the news-story files (MUC-4 also on a lower-cased copy)."""
    files = list(NEWS_FILES)
    if with_wikievents:
        files.append(("wikievents_dev.jsonl", "wikievents", "WikiEvents dev articles, story by story"))
    out = []
    for name, kind, title in files:
        path = dev / name
        if not path.exists():
            print(f"skipping {path}: not found", file=sys.stderr)
            continue
        print(f"eval {name} ...", file=sys.stderr)
        out.append((name, title, evaluate(path, kind=kind, limit=limit,
                                          lowercase_copy=kind == "muc4")))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate docs/accuracy.md.")
    parser.add_argument("--dev", default=str(ROOT.parent / "shared" / "data" / "dev"))
    parser.add_argument("--limit", type=int, default=None, help="records per dev file")
    parser.add_argument("--out", default=str(ROOT / "docs" / "accuracy.md"))
    parser.add_argument("--throughput-corpus", default=None,
                        help="corpus for the benchmark (default: the ACLED 2015 dev file's first 300 records, "
                             "then the 229 GeoVirus news articles)")
    parser.add_argument("--throughput-json", default=None, help="reuse a benchmarks/throughput.py --json result")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--pin-floors", action="store_true", help="rewrite tests/gold/floors.json")
    parser.add_argument("--news-only", action="store_true",
                        help="score only the news stories and rewrite only their section")
    args = parser.parse_args(argv)

    dev = Path(args.dev)
    if args.news_only:
        out = Path(args.out)
        news = news_reports(dev, args.limit, with_wikievents=True)
        out.write_text(splice_section(out.read_text(encoding="utf-8"), news_section(news)),
                       encoding="utf-8")
        print(f"rewrote the news section of {out}", file=sys.stderr)
        return
    reports: list[tuple[str, str, dict]] = []
    for name, kind, title in DEV_FILES:
        path = dev / name
        if not path.exists():
            print(f"skipping {path}: not found", file=sys.stderr)
            continue
        print(f"eval {name} ...", file=sys.stderr)
        report = evaluate(path, kind=kind, limit=args.limit)
        reports.append((name, title, report))
    news = news_reports(dev, args.limit, with_wikievents=False)
    news += [(n, "WikiEvents dev articles, story by story", r) for n, _t, r in reports
             if r["kind"] == "wikievents"]
    gold = evaluate(GOLD_SET, kind="gold")
    if args.pin_floors:
        pin_floors(gold)

    throughput: list[dict] = []
    if args.throughput_json:
        throughput = [json.loads(Path(args.throughput_json).read_text(encoding="utf-8"))]
    elif not args.skip_throughput:
        if args.throughput_corpus:
            throughput = [run_throughput(args.throughput_corpus, None, 200)]
        else:
            print("throughput on the first 300 ACLED 2015 notes ...", file=sys.stderr)
            throughput = [run_throughput(str(dev / "acled_2015_south_asia.jsonl"), 300, 300)]
            print("throughput on the GeoVirus news articles ...", file=sys.stderr)
            throughput.append(run_throughput(str(dev / "geo_geovirus.jsonl"), None, 200))

    limit_note = (f"**Quick run: only the first {args.limit} records of each file.**"
                  if args.limit else "Every record of every dev file.")
    lines = [
        "# Accuracy and speed", "",
        f"Generated by `python scripts/make_accuracy_doc.py` on {dt.date.today().isoformat()} "
        f"at commit `{git_commit()}`. {limit_note} Do not edit by hand: rerun the script.", "",
        "## How we measure", "",
        "`strife eval FILE --kind acled|gtd|geo|wikievents|gold|muc4|policeevents` runs the pipeline on each record's "
        "text through the public API and compares with the gold coding:", "",
        "- per record, the event with the highest confidence is compared; a record with no event "
        "is wrong on every field;",
        "- `event_type`, `sub_event_type`, `attack_type`, `weapon`, `target_type`, `country`: exact, "
        "case-insensitive (countries also match by ISO code when spelled differently);",
        "- `actor1`: token Jaccard >= 0.5, ignoring \"of\", \"the\" and year ranges like \"(2017-)\" "
        "(GTD: against a named perpetrator group);",
        "- location: right within 25 km of the gold coordinates;",
        "- `fatalities` / `injured`: exact (null counts as 0), and again over only the records whose "
        "gold count is above 0 (`(gold>0)` rows);",
        "- `event_date`: exact ISO date. ACLED and GTD rows have no publication date, so none is "
        "passed: their texts state their dates;",
        "- GTD's attack type (gold `event_type`) is compared with our `attack_type`; GTD rows are "
        "scored on the most confident event that carries GTD fields (the one a GTD user keeps), "
        "else on the top event. GTD fields are filled only on events GTD would code (no protests, "
        "territory changes, agreements, arrests, air strikes or shelling by state forces); each "
        "file's count of GTD fields on non-attack events is given and should be 0;",
        "- old-schema ACLED types are mapped to the six current types (`strife/data/evaluation/mappings.json`; "
        "\"Riots/Protests\" accepts either);",
        "- WikiEvents: the top event's type must be one of the ACLED types the gold KAIROS mentions "
        "allow (same mapping file); `has event` = an event was found exactly when the gold has a "
        "conflict mention;",
        "- geoparsing: a gold toponym is found when a predicted place overlaps its span; "
        "accuracy@161 km over all gold toponyms and over found ones.", "",
        "Published numbers are given beside ours as anchors: they come from other systems on "
        "related but not identical tasks and texts (e.g. classification of given sentences, or "
        "resolution of given toponyms), so they are context, not a like-for-like ranking.", "",
        "## Event coding", "",
    ]
    for name, title, report in reports:
        if report["kind"] in ("acled", "gtd", "wikievents"):
            lines += event_section(title, name, report)
    lines += news_section(news)
    geo_reports = [(name, r) for name, _t, r in reports if r["kind"] == "geo"]
    if geo_reports:
        lines += ["## Geoparsing", ""] + geo_table(geo_reports) + ["", GEO_NOTE, "", OTHER_GEO_ANCHORS, ""]
    lines += gold_section(gold)
    lines += throughput_section(throughput)
    Path(args.out).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
