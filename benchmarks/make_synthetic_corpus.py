"""Make a synthetic news corpus from examples/, with the truth about it written alongside.

Each planted incident is one example article moved to a new date (whole weeks, so weekday
names stay right; explicit dates in the text move too), then told by:
  - an original report,
  - 0-3 other outlets: the lead kept, other sentences dropped or reordered, words swapped
    for an outlet's own, and different casualty figures (independent sources),
  - 0-2 wire copies of the original with small edits (a new dateline, one figure
    updated, a sign-off): near duplicates,
  - 0-1 exact re-posts under another URL.
Writes OUT/corpus.jsonl (most articles; some as HTML records), OUT/crawl.warc.gz (a few
HTML pages, as a news crawl) and OUT/truth.jsonl (one line per article: its planted
incident, kind, and what it copies), so merging and near-duplicate linking can be scored.

    python benchmarks/make_synthetic_corpus.py -n 5000 -o /tmp/synth
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from strife.read.inputs import read_inputs  # noqa: E402
from strife.models import Article  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH = "|".join(MONTHS)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty"]
# A count of people (not a time, distance, year or percentage).
COUNT = re.compile(
    r"\b(\d{1,3}|" + "|".join(NUMBER_WORDS[1:]) + r")\b"
    r"(?!\s*(?:a\.m\.|p\.m\.|km|kilomet|miles?|per|%|percent|hours?|minutes?|days?|weeks?|years?|months?))",
    re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
OUTLETS = ["Daily Courier", "The Frontline Post", "Evening Herald", "Regional Monitor",
           "Morning Star Tribune", "Capital Times", "The Observer Desk", "Coastal Gazette"]
# Each outlet's house words: (pattern, replacement) applied in its retellings.
HOUSE_WORDS = [
    [(r"\bsaid\b", "told reporters"), (r"\bofficials\b", "authorities"), (r"\bresidents\b", "locals")],
    [(r"\bsaid\b", "stated"), (r"\blocal\b", "area"), (r"\bseveral\b", "a number of")],
    [(r"\bsaid\b", "reported"), (r"\bpolice\b", "security officials"), (r"\bthe town of\b", "")],
    [(r"\bsaid\b", "confirmed"), (r"\bpeople\b", "persons"), (r"\bearly\b", "in the early hours of")],
]
# Background lines (no incident in them) that make each planted incident's story its own.
BACKGROUND = [
    "Aid groups said hospitals in the area were struggling to cope with the number of patients.",
    "The United Nations called on all sides to respect international humanitarian law.",
    "Officials promised an investigation and said more details would be released later.",
    "Shops and schools in the district stayed closed for the rest of the day.",
    "Local radio stations broadcast appeals for blood donors throughout the afternoon.",
    "The region has been tense for months, with frequent reports of unrest.",
    "Diplomats in the capital urged restraint in a joint statement.",
    "Mobile phone networks in the area were down for several hours, residents reported.",
    "Families gathered outside the main hospital waiting for news of relatives.",
    "The government spokesman declined to give further details when contacted by phone.",
    "Road traffic on the main highway was diverted while security forces searched the area.",
    "Community leaders called for calm and asked young people to stay at home.",
    "Analysts said the incident could complicate talks planned for next month.",
    "Prices of fuel and bread in the local market rose sharply in the days that followed.",
    "A curfew was announced for the night, according to a statement read on state television.",
    "Journalists were not allowed to reach the scene, and the figures could not be verified.",
    "Relief agencies said they were sending medical supplies by road from the nearest city.",
    "The area had been calm for several weeks before the incident, residents said.",
    "Rights groups demanded that those responsible be brought to justice.",
    "Funerals for some of the victims were expected to take place the following day.",
    "Electricity was cut in several neighbourhoods after power lines were damaged.",
    "Church and mosque leaders appealed for donations to help the affected families.",
    "Opposition politicians criticised the authorities for failing to protect residents.",
    "Satellite images published later showed damage to several buildings nearby.",
    "Several foreign embassies advised their citizens to avoid travel to the area.",
    "Farmers in nearby villages said they were afraid to go to their fields.",
    "A local council member said emergency shelters had been opened in two schools.",
    "The provincial governor cut short a trip abroad to return to the region.",
    "Security was stepped up at government buildings across the province.",
    "Residents said they had asked the authorities for more protection weeks earlier.",
]
# How a planted incident's own story opens (so incidents made from one example differ).
OPENERS = ["In the latest violence in the area,", "According to witnesses,", "Officials said that",
           "In an incident confirmed by several sources,", "Early reports suggested that",
           "Local media reported that", "In what residents described as a shock,",
           "Security sources said that", "In a development that alarmed residents,",
           "Authorities confirmed that", "Speaking to reporters, officials said that",
           "In a statement issued later,"]
SIGN_OFFS = ["Reporting by a staff correspondent; editing by the news desk.",
             "Additional reporting by agency staff.", "(Wire service)"]


def shift_dates(text: str, days: int) -> str:
    """Move every explicit date in `text` by `days`."""
    delta = dt.timedelta(days=days)

    def dmy(m: re.Match) -> str:
        d = dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1))) + delta
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def mdy(m: re.Match) -> str:
        d = dt.date(int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2))) + delta
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"

    def iso(m: re.Match) -> str:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + delta
        except ValueError:
            return m.group(0)
        return d.isoformat()

    return ISO_DATE.sub(iso, MONTH_DAY_YEAR.sub(mdy, DAY_MONTH_YEAR.sub(dmy, text)))


def change_counts(text: str, rng: random.Random, share: float = 1.0) -> str:
    """Report different figures: each count (or a `share` of them) moves by a little."""
    def repl(m: re.Match) -> str:
        if rng.random() > share:
            return m.group(0)
        word = m.group(1)
        value = int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower()) + 1
        new = max(1, value + rng.choice([-2, -1, 1, 2, 3]))
        if word.isdigit() or new > len(NUMBER_WORDS):
            return str(new)
        out = NUMBER_WORDS[new - 1]
        return out.capitalize() if word[0].isupper() else out

    return COUNT.sub(repl, text)


def retell(text: str, outlet: int, rng: random.Random) -> str:
    """Another outlet's telling: the lead sentence kept, the rest thinned and reordered."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    sentences = [s for p in paragraphs for s in SENTENCE.split(p.strip()) if s.strip()]
    lead, rest = sentences[0], sentences[1:]
    rng.shuffle(rest)
    kept = rest[: max(1, len(rest) // 2)] if rest else []
    body = " ".join([lead] + kept)
    for pattern, replacement in HOUSE_WORDS[outlet % len(HOUSE_WORDS)]:
        body = re.sub(pattern, replacement, body)
    body = re.sub(r"  +", " ", change_counts(body, rng))
    return f"({OUTLETS[outlet % len(OUTLETS)]}) {body}"


def incident_story(text: str, rng: random.Random) -> str:
    """This incident's own story: the example's lead and some of its sentences, plus
    background lines, so two incidents made from one example are not near duplicates."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    sentences = [s for p in paragraphs for s in SENTENCE.split(p.strip()) if s.strip()]
    lead, rest = sentences[0], sentences[1:]
    lead = f"{rng.choice(OPENERS)} {lead[0].lower() + lead[1:] if lead[:2].istitle() else lead}"
    for pattern, replacement in rng.choice(HOUSE_WORDS):
        lead = re.sub(pattern, replacement, lead)
    kept = [s for s in rest if rng.random() < 0.6]
    extra = rng.sample(BACKGROUND, 4)
    body = kept + extra
    rng.shuffle(body)
    half = len(body) // 2
    return "\n\n".join(p for p in (lead, " ".join(body[:half]), " ".join(body[half:])) if p)


def wire_copy(text: str, rng: random.Random) -> str:
    """A syndicated copy: a new dateline, one figure updated, a sign-off."""
    return "(Wire) " + change_counts(text, rng, share=0.3) + "\n\n" + rng.choice(SIGN_OFFS)


def as_html(title: str, text: str) -> str:
    paras = "".join(f"<p>{p.strip()}</p>\n" for p in text.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>\n{paras}</article></body></html>")


def load_examples(folder: Path) -> list[Article]:
    return [a for a in read_inputs([str(folder)]) if isinstance(a, Article) and a.published]


def generate(n: int, examples: list[Article], seed: int = 7) -> list[dict]:
    """About `n` article records with their truth (record["truth"])."""
    rng = random.Random(seed)
    records: list[dict] = []
    weeks_used: dict[str, int] = {}
    incident = 0
    while len(records) < n:
        base = examples[incident % len(examples)]
        weeks = weeks_used.get(base.id, 0) + 1 + rng.randrange(0, 3)   # >= 1 week between re-uses
        weeks_used[base.id] = weeks
        days = 7 * weeks
        published = (dt.date.fromisoformat(base.published) + dt.timedelta(days=days)).isoformat()
        text = incident_story(shift_dates(base.text, days), rng)
        title = base.title or text.split("\n", 1)[0][:80]
        inc = f"inc{incident:05d}"
        orig_id = f"{inc}-orig"
        story = [(orig_id, "original", None, change_counts(text, rng, share=0.5), published)]
        for k in range(rng.choice([0, 1, 1, 2, 2, 3])):
            outlet = rng.randrange(len(OUTLETS))
            lag = rng.choice([0, 0, 1])
            day = (dt.date.fromisoformat(published) + dt.timedelta(days=lag)).isoformat()
            story.append((f"{inc}-outlet{k}", "outlet", None, retell(text, outlet, rng), day))
        for k in range(rng.choice([0, 0, 1, 1, 2])):
            story.append((f"{inc}-wire{k}", "wire", orig_id, wire_copy(story[0][3], rng), published))
        if rng.random() < 0.3:
            story.append((f"{inc}-repost", "exact", orig_id, story[0][3], published))
        for aid, kind, copy_of, body, day in story:
            records.append({"id": aid, "published": day, "title": title,
                            "url": f"https://news{rng.randrange(50)}.example/{aid}", "text": body,
                            "truth": {"id": aid, "incident": inc, "kind": kind, "copy_of": copy_of,
                                      "example": Path(base.source).name}})
        incident += 1
    return records[:n]


def write_warc(path: Path, records: list[dict]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for rec in records:
            html = as_html(rec["title"], rec["text"]).replace(
                "<head>", f'<head><meta property="article:published_time" content="{rec["published"]}T08:00:00Z">')
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                rec["url"], "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": rec["published"] + "T12:00:00Z"}))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=5000, help="number of articles")
    ap.add_argument("-o", "--out", required=True, help="output folder")
    ap.add_argument("--examples", default=str(ROOT / "examples"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--html-share", type=float, default=0.1, help="share of JSONL records given as HTML")
    ap.add_argument("--warc-share", type=float, default=0.05, help="share of articles put in crawl.warc.gz")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records = generate(args.n, load_examples(Path(args.examples)), args.seed)
    rng = random.Random(args.seed + 1)
    warc, truth = [], []
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            truth.append(rec.pop("truth"))
            if rng.random() < args.warc_share:
                warc.append(rec)
                truth[-1]["id"] = rec["id"] = rec["url"]   # WARC articles are keyed by URL
                continue
            if rng.random() < args.html_share:
                rec = dict(rec, html=as_html(rec["title"], rec.pop("text")))
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    write_warc(out / "crawl.warc.gz", warc)
    # copy_of points at ids; WARC articles changed id to their URL.
    renamed = {t["incident"] + "-orig": t["id"] for t in truth if t["kind"] == "original"}
    with open(out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for t in truth:
            if t["copy_of"]:
                t["copy_of"] = renamed.get(t["copy_of"], t["copy_of"])
            fh.write(json.dumps(t) + "\n")
    incidents = len({t["incident"] for t in truth})
    print(f"{len(truth)} articles ({len(warc)} in crawl.warc.gz), {incidents} planted incidents "
          f"-> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
