"""The per-article time budget (`max_article_seconds`): an article over it becomes a dead
letter naming the stage; the next article in the same batch is processed."""
from __future__ import annotations

import time

import pytest

import strife
from strife import budget
from strife.models import ArticleResult, DeadLetter
from strife.read.clean import article_from_input

BODY = "Gunmen killed three people in the town of Kalo on Monday, police said."


def test_check_raises_only_after_the_budget():
    with budget.article_budget(10):
        budget.check()
    with budget.article_budget(0.001):
        time.sleep(0.01)
        with pytest.raises(budget.OverBudget, match="max_article_seconds"):
            budget.check()
    budget.check()   # outside a budget: no limit


def test_article_over_budget_is_a_dead_letter_and_the_batch_goes_on(monkeypatch, nlp):
    import strife.events.extract as extract_mod

    real = extract_mod.find_triggers

    def slow(doc):
        if "Kalo" in doc.text:
            time.sleep(0.6)
        return real(doc)

    monkeypatch.setattr(extract_mod, "find_triggers", slow)
    settings = strife.Settings(max_article_seconds=0.3)
    arts = [article_from_input(BODY, article_id="slow"),
            article_from_input("Soldiers shot dead two protesters in Tamale on Friday.", article_id="fast")]
    out = list(strife.extract_articles(arts, strife.Settings(max_article_seconds=60)))
    assert all(not o.errors for o in out if isinstance(o, ArticleResult))
    out = list(strife.extract_articles(arts, settings))
    dead = [o for o in out if isinstance(o, DeadLetter)]
    assert len(dead) == 1 and dead[0].stage == "events" and "max_article_seconds" in dead[0].reason
    fast = [o for o in out if isinstance(o, ArticleResult) and o.article.id == "fast"]
    assert fast and not fast[0].errors
