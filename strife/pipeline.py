"""The one unit of work: an article in, an `ArticleResult` out.

`extract()` does one article end to end; `extract_articles()` does many with one
`nlp.pipe` pass per batch. The CLI, corpus runner, evaluation and tests all call these.
"""
from __future__ import annotations

import time
from functools import lru_cache
from collections.abc import Iterable, Iterator
from typing import Any

from . import events as events_mod
from .budget import article_budget
from .events.limits import cap_counts, cap_dates
from .geo import places as places_mod
from .geo import focus as focus_mod
from .geo.gazetteer import open_gazetteer
from .models import Article, ArticleResult, DeadLetter
from .nlp import doccache
from .nlp.model import load_nlp
from .nlp.sentences import cap_sentences
from .read.clean import article_from_input
from .settings import DEFAULT_SETTINGS, Settings


def extract(
    text_or_html: str,
    *,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
    article_id: str | None = None,
    country_hint: str | None = None,
) -> ArticleResult:
    """Turn one article (plain text or HTML) into events and places.

    `country_hint` (ISO code or name) overrides the story focus: ambiguous places resolve
    inside that country and events that name no place get it.
    """
    settings = settings or DEFAULT_SETTINGS
    focus_mod.country_code_of(country_hint)    # an unknown country fails here, before any work
    article = article_from_input(
        text_or_html, article_id=article_id or url or "article", published=published,
        url=url, title=title, source="<api>", settings=settings, country_hint=country_hint,
    )
    nlp = load_model(settings)
    text = article.text[: settings.max_nlp_chars]
    doc = nlp(make_doc(nlp, text, settings))
    doccache.seed_text(doc, text)
    return analyze(doc, article, settings)


def load_model(settings: Settings):
    """The spaCy pipeline for these settings, with BLAS held to `blas_threads` threads."""
    nlp = load_nlp(settings.spacy_model, settings.fast_matmul)
    if settings.fast_matmul and settings.blas_threads > 0:
        _limit_blas(settings.blas_threads)
    return nlp


@lru_cache(maxsize=None)
def _limit_blas(threads: int) -> None:
    # numpy's BLAS starts one thread per core; on strife's small matrices they buy nothing
    # and, when other processes keep the cores busy, they wait on each other (measured:
    # 8 ms -> 0.3 s a call). Set once per process, for the BLAS libraries already loaded.
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads, user_api="blas")


def make_doc(nlp, text: str, settings: Settings):
    """The tokenized, not yet parsed Doc, with runaway sentences cut (`max_sentence_tokens`)."""
    doc = nlp.make_doc(text)
    cap_sentences(doc, settings.max_sentence_tokens)
    return doc


def analyze(doc, article: Article, settings: Settings | None = None) -> ArticleResult:
    """Run the cheap extractors on an already-parsed Doc. Never calls the model.

    A stage that fails is recorded in `result.errors` (a DeadLetter naming the stage) and
    the other stages' findings are kept: a crash in event extraction still yields places.
    """
    settings = settings or DEFAULT_SETTINGS
    result = ArticleResult(article=article)

    def run(stage: str, fn, *args):
        t0 = time.perf_counter()
        try:
            return fn(*args)
        except Exception as exc:  # recorded as a dead letter, never swallowed
            result.errors.append(DeadLetter(input=article.source or article.id, stage=stage,
                                            reason=f"{type(exc).__name__}: {exc}"))
            return []
        finally:
            result.timings[stage] = time.perf_counter() - t0

    try:
        with article_budget(settings.max_article_seconds):
            prior = run("focus", focus_mod.prior_countries, article, open_gazetteer(settings)) or None
            result.places = run("places", places_mod.find_places, doc, article, settings,
                                prior.resolution if prior else None)
            result.focus = focus_mod.story_focus(article, result.places, prior)
            focus_mod.mark_places(article, result.places, result.focus)
            result.events = run("events", events_mod.extract_events, doc, article, result.places, settings)
            focus_mod.complete_events(result.events, result.focus, result.places, article)
        cap_counts(result.events, settings.max_count)
        cap_dates(result.events, settings.min_published_year, settings.max_published_year)
    finally:
        doccache.release(doc)   # the analysis caches would keep the Doc alive in a cycle
    return result


def parse_articles(
    items: Iterable[Article | DeadLetter], settings: Settings | None = None
) -> Iterator[tuple[Any, Article] | DeadLetter]:
    """(Doc, Article) pairs from one batched `nlp.pipe` pass; dead letters pass straight through."""
    settings = settings or DEFAULT_SETTINGS
    nlp = load_model(settings)
    pending: list[DeadLetter] = []

    def articles() -> Iterator[tuple[str, Article]]:
        for item in items:
            if isinstance(item, DeadLetter):
                pending.append(item)
                continue
            yield make_doc(nlp, item.text[: settings.max_nlp_chars], settings), item

    for doc, article in nlp.pipe(articles(), as_tuples=True, batch_size=settings.batch_size):
        doccache.seed_text(doc, article.text[: settings.max_nlp_chars])
        while pending:
            yield pending.pop(0)
        yield doc, article
    while pending:
        yield pending.pop(0)


def extract_articles(
    items: Iterable[Article | DeadLetter], settings: Settings | None = None
) -> Iterator[ArticleResult | DeadLetter]:
    """Process many articles with batched `nlp.pipe`; dead letters pass straight through.

    An article whose analysis fails in a stage is yielded with what the other stages found,
    followed by a DeadLetter for the failed stage; the batch goes on.
    """
    settings = settings or DEFAULT_SETTINGS
    for item in parse_articles(items, settings):
        if isinstance(item, DeadLetter):
            yield item
            continue
        result = analyze(item[0], item[1], settings)
        yield result
        yield from result.errors
