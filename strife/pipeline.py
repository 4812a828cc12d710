"""The one unit of work: an article in, an `ArticleResult` out.

`extract()` does one article end to end; `extract_articles()` does many with one
`nlp.pipe` pass per batch. The CLI, corpus runner, evaluation and tests all call these.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from . import events as events_mod
from .budget import article_budget
from .errors import InputError
from .events.dates import warm_up as warm_up_dates
from .events.limits import cap_counts, cap_dates
from .geo import focus as focus_mod
from .geo import places as places_mod
from .geo.gazetteer import GazetteerError, open_gazetteer
from .models import Article, ArticleResult, DeadLetter
from .nlp import doccache
from .nlp.model import dictionary_words, load_nlp
from .nlp.sentences import cap_sentences
from .nlp.truecase import is_upper_case, read_in_ordinary_case, text_to_parse
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
    `published` (the publication date; relative dates like "on Sunday" resolve against it)
    is an ISO date string, a datetime.date/datetime, or None. Raises `strife.InputError`
    (a ValueError) for text that is not a non-empty str or a published that is not a date.
    For many articles, `extract_many` is faster (batched parsing; 1.8x on 200 short notes).
    """
    settings = settings or DEFAULT_SETTINGS
    check_text(text_or_html)
    focus_mod.country_code_of(country_hint)    # an unknown country fails here, before any work
    article = article_from_input(
        text_or_html, article_id=article_id or url or "article", published=published_date(published),
        url=url, title=title, source="<api>", settings=settings, country_hint=country_hint,
    )
    nlp = load_model(settings)
    text = article.text[: settings.max_nlp_chars]
    doc = nlp(make_doc(nlp, text, settings))
    doc, article = ordinary_case(nlp, doc, article, settings)
    doccache.seed_text(doc, article.text[: settings.max_nlp_chars])
    return analyze(doc, article, settings)


def load_model(settings: Settings):
    """The spaCy pipeline for these settings, with BLAS held to `blas_threads` threads."""
    nlp = load_nlp(settings.spacy_model, settings.fast_matmul, settings.fast_parser)
    if settings.fast_matmul and settings.blas_threads > 0:
        _limit_blas(settings.blas_threads)
    warm_up_dates()   # once per process, with the model: not at the first article with a date
    return nlp


@lru_cache(maxsize=None)
def _limit_blas(threads: int) -> None:
    # numpy's BLAS starts one thread per core; on strife's small matrices they buy nothing
    # and, when other processes keep the cores busy, they wait on each other (measured:
    # 8 ms -> 0.3 s a call). Set once per process, for the BLAS libraries already loaded.
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads, user_api="blas")


def ordinary_case(nlp, doc, article: Article, settings: Settings):
    """(doc, article), truecased and parsed again when the article is all capitals
    (nlp.truecase), with the gazetteer's well-known places and the model's dictionary."""
    if not is_upper_case(article.text[: settings.max_nlp_chars]):
        return doc, article
    return read_in_ordinary_case(lambda t: nlp(make_doc(nlp, t, settings)), doc, article,
                                 settings.max_nlp_chars,
                                 places_mod.well_known_place(open_gazetteer(settings)),
                                 dictionary_words(nlp))


def make_doc(nlp, text: str, settings: Settings):
    """The tokenized, not yet parsed Doc, with runaway sentences cut (`max_sentence_tokens`).
    An all-capitals text is read in lower case first (nlp.truecase), then truecased and parsed again."""
    doc = nlp.make_doc(text_to_parse(text))
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
        except GazetteerError:    # the gazetteer cache is unusable: every article would fail
            raise
        except Exception as exc:  # recorded as a dead letter, never swallowed
            result.errors.append(DeadLetter(input=article.source or article.id, stage=stage,
                                            reason=f"{type(exc).__name__}: {exc}"))
            return []
        finally:
            result.timings[stage] = time.perf_counter() - t0

    try:
        with article_budget(settings.max_article_seconds):
            prior = run("focus", focus_mod.prior_countries, article, open_gazetteer(settings)) or None
            clues: list = []     # areas and towns named inside other names: evidence, not places
            result.places = run("places", places_mod.find_places, doc, article, settings,
                                prior.resolution if prior else None, clues)
            result.focus = focus_mod.story_focus(article, result.places, prior, clues)
            focus_mod.mark_places(article, result.places, result.focus)
            result.events = run("events", events_mod.extract_events, doc, article, result.places, settings)
            focus_mod.complete_events(result.events, result.focus, result.places, article, clues)
            result.tolls = run("tolls", events_mod.find_tolls, doc,
                               result.focus.country if result.focus is not None else None)
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
        doc, article = ordinary_case(nlp, doc, article, settings)
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


def check_text(text: Any, where: str = "text") -> str:
    """The article text, or InputError saying what to pass instead."""
    if text is None:
        raise InputError(f"{where} is None; pass the article as a str of plain text or HTML")
    if isinstance(text, (bytes, bytearray)):
        raise InputError(f"{where} is bytes; decode it first, e.g. data.decode('utf-8'), and pass a str")
    if not isinstance(text, str):
        raise InputError(f"{where} is a {type(text).__name__}; pass the article as a str of plain "
                         "text or HTML (for a pandas column: strife.extract_many(df['text']))")
    if not text.strip():
        raise InputError(f"{where} is empty; pass the article's text (plain text or HTML)")
    return text


def published_date(published: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from a str, date, datetime or pandas Timestamp; None stays None."""
    if published is None or (isinstance(published, str) and not published.strip()):
        return None
    try:
        if published != published:   # NaN / NaT from a pandas column: unknown
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(published, dt.datetime):
        return published.date().isoformat()
    if isinstance(published, dt.date):
        return published.isoformat()
    if isinstance(published, str):
        value = published.strip()
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    raise InputError(f"published={published!r} is not a date; pass 'YYYY-MM-DD' (e.g. '2020-05-09'), "
                     "an ISO date-time, a datetime.date, or None when unknown")


def _record(item: Any, index: int) -> dict[str, Any]:
    if isinstance(item, Mapping):
        text = item.get("text") if item.get("text") is not None else item.get("html")
        return {"text": text, "published": item.get("published", item.get("date")),
                "url": item.get("url"), "title": item.get("title"), "country": item.get("country"),
                "id": str(item["id"]) if item.get("id") is not None else None}
    return {"text": item, "published": None, "url": None, "title": None, "id": None, "country": None}


def extract_many(
    texts_or_records: Iterable[Any],
    *,
    published: Any = None,
    n_process: int = 1,
    batch_size: int | None = None,
    settings: Settings | None = None,
    errors: str = "raise",
) -> list[ArticleResult]:
    """Extract events from many articles at once: one ArticleResult per input, in order.

    Items are strs (plain text or HTML) or records {"text" or "html", "published", "url",
    "title", "id", "country" (a country hint, as in `extract`)}; a pandas column works as it is. `published` is one date for all, or a
    sequence with one date per item (a record's own "published" wins). `n_process` > 1 parses
    in that many processes (spaCy's nlp.pipe). errors="raise" raises InputError for a bad
    item (naming its index); errors="skip" gives that item an empty result whose `errors`
    say why.
    """
    settings = settings or DEFAULT_SETTINGS
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    items = list(texts_or_records)
    per_item = (not isinstance(published, (str, bytes, dt.date)) and published is not None
                and hasattr(published, "__len__"))
    if per_item and len(published) != len(items):
        raise InputError(f"published has {len(published)} dates for {len(items)} texts; pass one "
                         "date for all, or one per text")
    dates = list(published) if per_item else [published] * len(items)
    results: list[ArticleResult | None] = [None] * len(items)
    todo: list[tuple[str, tuple[int, Article]]] = []
    for i, item in enumerate(items):
        rec = _record(item, i)
        try:
            text = check_text(rec["text"], where=f"item {i}")
            day = published_date(rec["published"] if rec["published"] is not None else dates[i])
            article = article_from_input(text, article_id=rec["id"] or rec["url"] or f"article-{i}",
                                         published=day, url=rec["url"], title=rec["title"],
                                         source="<api>", settings=settings, country_hint=rec["country"])
        except InputError as exc:
            if errors == "raise":
                raise InputError(f"item {i}: {exc}" if not str(exc).startswith("item ") else str(exc)) from None
            empty = Article(id=rec["id"] or f"article-{i}", text="", source="<api>")
            results[i] = ArticleResult(article=empty, errors=[
                DeadLetter(input=f"item {i}", stage=getattr(exc, "stage", "read"), reason=str(exc))])
            continue
        todo.append((article.text[: settings.max_nlp_chars], (i, article)))
    nlp = load_model(settings)   # BLAS limit; runaway sentences cut before parsing, as everywhere
    docs = ((make_doc(nlp, text, settings), ctx) for text, ctx in todo)
    for doc, (i, article) in nlp.pipe(docs, as_tuples=True, batch_size=batch_size or settings.batch_size,
                                      n_process=n_process):
        doc, article = ordinary_case(nlp, doc, article, settings)
        doccache.seed_text(doc, article.text[: settings.max_nlp_chars])
        results[i] = analyze(doc, article, settings)
    return [r for r in results if r is not None]
