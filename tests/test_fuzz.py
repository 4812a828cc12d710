"""Fuzzing, bounded for CI: hypothesis generates hostile texts, dates and fields; every
output keeps the invariants of benchmarks/fuzz.py (which runs 10,000 inputs on demand)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import strife
from strife.models import ArticleResult

ROOT = Path(__file__).resolve().parent.parent


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("strife_bench_fuzz", ROOT / "benchmarks" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["strife_bench_fuzz"] = module
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_module()
SETTINGS = strife.Settings()
pieces = st.one_of(st.sampled_from(FUZZ.WORDS), st.sampled_from(FUZZ.JUNK), st.text(max_size=12),
                   st.integers(-10**25, 10**25).map(str), st.sampled_from([".", ",", "\n", "\n\n", ":"]))
texts = st.lists(pieces, max_size=80).map(" ".join)
published = st.one_of(st.sampled_from(FUZZ.PUBLISHED), st.text(max_size=12), st.dates().map(str))
fields = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.lists(st.integers(), max_size=2))
FAST = hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _extract(**kwargs):
    try:
        return strife.extract(settings=SETTINGS, **kwargs)
    except strife.InputError:
        return None   # refused at the edge: the one exception allowed out


@FAST
@given(text=texts, published=published, title=fields, url=fields)
def test_extract_keeps_every_invariant(nlp, text, published, title, url):
    result = _extract(text_or_html=text, published=published, title=title, url=url)
    if result is not None:
        assert FUZZ.check_result(result, SETTINGS) == []


@FAST
@given(items=st.lists(st.tuples(texts, published), min_size=1, max_size=6))
def test_extract_articles_keeps_every_invariant(nlp, items):
    from strife.read.clean import article_from_input

    articles = []
    for i, (text, date) in enumerate(items):
        try:
            articles.append(article_from_input(text, article_id=f"a{i}", published=date, settings=SETTINGS))
        except strife.InputError:
            continue
    for out in strife.extract_articles(articles, SETTINGS):
        if isinstance(out, ArticleResult):
            assert FUZZ.check_result(out, SETTINGS) == []


@pytest.mark.skipif(not hasattr(strife, "extract_many"), reason="strife.extract_many not in this build")
@FAST
@given(batch=st.lists(texts, min_size=1, max_size=4))
def test_extract_many_raises_nothing_but_input_error(nlp, batch):
    try:
        outs = list(strife.extract_many(batch, settings=SETTINGS))
    except strife.InputError:
        return
    for out in outs:
        if isinstance(out, ArticleResult):
            assert FUZZ.check_result(out, SETTINGS) == []


def test_generated_inputs_from_the_benchmark_keep_every_invariant(nlp):
    tally = FUZZ.fuzz_library(24, seed=3, settings=SETTINGS)
    assert tally["escaped"] == [] and tally["violations"] == []
    assert tally["results"] > 0


def test_every_bad_input_is_a_dead_letter_and_every_good_one_is_written(tmp_path, nlp):
    cli = FUZZ.fuzz_cli(tmp_path / "inputs")
    assert cli["exit_code"] == 1 and not cli["traceback"]
    assert cli["good_missing"] == [] and cli["bad_without_dead_letter"] == []
