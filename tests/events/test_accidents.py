"""Accidents told in parts: the explosions a story tells after "two accidental explosions"
are those accidents. Stories are our own."""
from __future__ import annotations

import strife

PUBLISHED = "2021-10-09"   # a Saturday

STORY = ("Six rebels were killed in two accidental explosions in Helmand province on Friday night, "
         "police said on Saturday. Two rebels died in Nad Ali district when a bomb they were carrying "
         "went off. Four rebels were killed in Nawa district when their car struck a landmine, the "
         "police said.")


def test_accident_parts_are_no_attacks():
    r = strife.extract(STORY, published=PUBLISHED)
    assert r.events
    assert {e.event_type for e in r.events} == {"Strategic developments"}
    assert {e.sub_event_type for e in r.events} == {"Disrupted weapons use"}
    parts = [e for e in r.events if any(x.field == "sub_event_type:accident" for x in e.evidence)]
    assert parts   # the landmine blast told after the summary
    for e in parts:
        ev = next(x for x in e.evidence if x.field == "sub_event_type:accident")
        assert r.article.text[ev.start:ev.end] == "accidental explosions"


def test_a_single_accident_does_not_recode_a_later_attack():
    text = ("A rebel was killed in an accidental explosion in Helmand province on Friday, police said. "
            "Separately, a roadside bomb planted by rebels struck a police car in Nawa district on Friday, "
            "killing three officers.")
    r = strife.extract(text, published=PUBLISHED)
    assert "Remote explosive/landmine/IED" in {e.sub_event_type for e in r.events}
