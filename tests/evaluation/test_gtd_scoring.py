"""GTD scoring: the event a GTD user keeps, the world file's perpetrator string, and the
counter of GTD fields on events GTD never codes."""
from __future__ import annotations

from strife.evaluation.gtd import gtd_event, gtd_on_non_attack, score_gtd
from strife.evaluation.tally import Scorecard
from strife.models import Article, ArticleResult, Event


def _event(**kw) -> Event:
    ev = Event(article_id="a")
    for k, v in kw.items():
        setattr(ev, k, v)
    return ev


def test_gtd_event_prefers_the_gtd_coded_event():
    capture = _event(sub_event_type="Non-state actor overtakes territory", confidence=0.9)
    bomb = _event(sub_event_type="Suicide bomb", attack_type="Bombing/Explosion", confidence=0.6)
    assert gtd_event([capture, bomb]) is bomb
    assert gtd_event([capture]) is capture


def test_gtd_on_non_attack_counts_fields_on_protests_and_territory():
    res = ArticleResult(article=Article(id="a", text="x"), events=[
        _event(event_type="Protests", sub_event_type="Peaceful protest", weapon="Unknown"),
        _event(event_type="Battles", sub_event_type="Non-state actor overtakes territory"),
        _event(event_type="Explosions/Remote violence", sub_event_type="Suicide bomb", weapon="Explosives"),
    ])
    assert gtd_on_non_attack([res, None]) == 1


def test_score_gtd_reads_a_single_perpetrator_name():
    ev = _event(actor1="Al Shabaab", attack_type="Armed Assault", confidence=0.5)
    res = ArticleResult(article=Article(id="a", text="x"), events=[ev])
    card = Scorecard()
    score_gtd([{"gold": {"perpetrator": "Al Shabaab", "event_type": "Armed Assault"}}], [res], card, [])
    assert card["actor1"].correct == 1 and card["attack_type"].correct == 1
