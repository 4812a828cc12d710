"""News kinds scored story by story: turning pipeline results into stories, dispatching to
the scorer of each kind (`muc4`, `policeevents`, `wikievents`) and printing their reports."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import ArticleResult
from .muc4 import score_muc4
from .news import WORST_STORIES, Story, _pct, format_counts, format_prf, format_worst
from .policeevents import score_policeevents
from .wikievents import format_wikievents_stories, score_wikievents_stories

NEWS_KINDS = ("muc4", "policeevents", "wikievents")


def stories_from(records: Sequence[dict[str, Any]], texts: Sequence[str],
                 published: Sequence[str | None], results: Sequence[ArticleResult | None]
                 ) -> list[Story]:
    """Story views of pipeline results, one per gold record."""
    out = []
    for i, (rec, text, pub, res) in enumerate(zip(records, texts, published, results)):
        sid = str(rec.get("doc_id") or rec.get("id") or rec.get("source_id") or f"record {i + 1}")
        out.append(Story.from_result(sid, res, text, pub))
    return out


def score_stories(kind: str, records: Sequence[dict[str, Any]], stories: Sequence[Story],
                  worst: int = WORST_STORIES) -> dict[str, Any]:
    """The story-level report of one news kind."""
    if kind == "muc4":
        return score_muc4(records, stories, worst)
    if kind == "policeevents":
        return score_policeevents(records, stories, worst)
    if kind == "wikievents":
        return score_wikievents_stories(records, stories, worst)
    raise ValueError(f"not a news kind: {kind}")


def format_news(kind: str, news: dict[str, Any]) -> list[str]:
    """The story-level report as printed lines."""
    lines: list[str] = [""]
    if kind == "muc4":
        lines.append(format_prf("relevance (stories)", news["relevance"]))
        inc = news["incidents"]
        lines.append(f"{'incidents':<34}recall {_pct(inc['recall'])}  event precision "
                     f"{_pct(inc['precision'])}  F1 {_pct(inc['f1'])}")
        ign = inc.get("ignoring_country") or {}
        lines.append(f"{'  ignoring country':<34}recall {_pct(ign.get('recall'))}  event precision "
                     f"{_pct(ign.get('precision'))}")
        lines.append(f"{'':<34}(templates {inc['gold_incidents']}, paired {inc['paired_incidents']}; "
                     f"events in scope {inc['events_in_scope']}; apart: battles "
                     f"{inc['battles_apart']}, other {inc['outside_apart']}; paired / all events "
                     f"{_pct(inc.get('precision_all_events')).strip()})")
        quiet = inc.get("in_scope_per_no_incident_story")
        if quiet is not None:
            in_key = inc.get("in_key_countries_per_no_incident_story")
            lines.append(f"{'  no-incident stories':<34}{quiet:.3f} attack/bombing/kidnapping/arson "
                         f"events per story" + (f" ({in_key:.3f} placed in the key's countries)"
                                                if in_key is not None else ""))
        lines += ["", f"{'on paired incidents':<24}{'n':>7}{'right':>8}{'accuracy':>10}"]
        for name, t in news["matched_fields"].items():
            lines.append(f"{name:<24}{t['n']:>7}{t['correct']:>8}{_pct(t['accuracy']):>10}")
        if news.get("by_case"):
            lines += ["", "by letter case of the text read:"]
            for case, sub in news["by_case"].items():
                i, r = sub["incidents"], sub["relevance"]
                lines.append(f"  {case:<7} stories {sub['stories']:>5}   relevance F1 {_pct(r['f1'])}   "
                             f"incident recall {_pct(i['recall'])}   event precision {_pct(i['precision'])}")
    elif kind == "policeevents":
        for a, d in news["story_level"].items():
            lines.append(format_prf(f"police {a} (stories)", d))
        for a, d in news["sentence_level"].items():
            lines.append(f"{'police ' + a + ' evidence sentences':<34}agreement {_pct(d['agreement'])} "
                         f"of {d['ours']}   coverage {_pct(d['coverage'])} of {d['gold']} gold")
    elif kind == "wikievents":
        lines += format_wikievents_stories(news)
    lines += [""] + format_counts(news["counters"])
    lines += format_worst(news.get("worst") or [])
    for name in ("lower-cased copy", "upper-cased copy"):
        copy = news.get(name)
        if copy:
            lines += ["", f"--- the same stories, {name} ---"]
            lines += format_news(kind, {k: v for k, v in copy.items() if k != "worst"})
    return lines

