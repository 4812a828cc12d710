"""The per-Doc caches give exactly what spaCy computes."""
from __future__ import annotations

from strife.nlp import doccache

TEXT = ("Gunmen shot dead two police officers at a checkpoint near Kirkuk on Sunday. "
        "The İslamic group – which later claimed it – fled. Residents said the self-styled "
        "fighters returned at dawn.\n\nNo one else was hurt.")


def test_texts_sentences_and_tokens_match_spacy(nlp):
    doc = nlp(TEXT)
    assert doccache.doc_text(doc) == doc.text
    assert doccache.text_of(doc) == doc.text
    sents = doccache.sentences(doc)
    assert [(s.start, s.end) for s in sents] == [(s.start, s.end) for s in doc.sents]
    assert [t.i for t in doccache.tokens(doc)] == list(range(len(doc)))
    for s in sents:
        assert doccache.text_of(s) == s.text
        assert doccache.span_lower(s) == s.text.lower()
        assert [t.i for t in doccache.span_tokens(s)] == [t.i for t in s]
        assert [t.i for t in doccache.undashed_tokens(s)] == [t.i for t in s if t.text not in ("-", "–")]
    for tok in doc:
        assert (doccache.sent_of(tok).start, doccache.sent_of(tok).end) == (tok.sent.start, tok.sent.end)


def test_undashed_tokens_of_any_span(nlp):
    doc = nlp("A self - styled 'state' – so-called – held the town - briefly.")
    for i in range(len(doc)):
        for j in range(i, len(doc) + 1):
            assert [t.i for t in doccache.undashed_tokens(doc[i:j])] == \
                   [t.i for t in doc[i:j] if t.text not in ("-", "–")]


def test_lower_falls_back_when_lowercasing_changes_length(nlp):
    doc = nlp("İstanbul police detained 12 people.")   # 'İ'.lower() is two characters
    assert doccache.doc_lower(doc) == ""
    span = doc[1:3]
    assert doccache.span_lower(span) == span.text.lower()


def test_subtree_matches_spacy_order(nlp):
    doc = nlp(TEXT + " The convoy, which had left Mosul before dawn and was heading south, "
              "was ambushed twice by fighters who later fled into the hills.")
    for tok in doc:
        assert [t.i for t in doccache.subtree(tok)] == [t.i for t in tok.subtree]


def test_subtree_of_a_non_projective_tree():
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    # 0 <- 2, 1 <- 3, 2 <- 3 (root), 4 <- 1: arcs cross
    doc = Doc(nlp.vocab, words=["a", "b", "c", "d", "e"], heads=[2, 3, 3, 3, 1],
              deps=["dep", "dep", "dep", "ROOT", "dep"])
    for tok in doc:
        assert [t.i for t in doccache.subtree(tok)] == [t.i for t in tok.subtree]


def test_seeded_text_is_the_docs_own(nlp):
    doc = nlp(TEXT)
    doccache.seed_text(doc, TEXT)
    assert doccache.doc_text(doc) == doc.text == TEXT
    other = nlp(TEXT)
    doccache.seed_text(other, TEXT + " and more")   # not the Doc's text: ignored
    assert doccache.doc_text(other) == other.text


def test_analyze_leaves_no_cache_behind_and_the_doc_is_freed(nlp):
    import gc
    import weakref

    from strife.pipeline import analyze
    from strife.read.clean import article_from_input

    article = article_from_input(TEXT, article_id="t", published="2024-05-05")
    doc = nlp(article.text)
    result = analyze(doc, article)
    assert result.events and not [k for k in doc.user_data if str(k).startswith("_strife")]
    gc.collect()
    gc.disable()
    try:
        ref = weakref.ref(doc)
        del doc
        assert ref() is None   # freed by reference counting alone: no cycle through the caches
    finally:
        gc.enable()


def test_release_drops_the_cache_and_two_docs_keep_their_own(nlp):
    a, b = nlp("Gunmen attacked a market."), nlp("Police fired tear gas at protesters.")
    assert doccache.doc_text(a) == a.text and doccache.doc_text(b) == b.text
    assert [t.i for t in doccache.tokens(a)] == list(range(len(a)))
    assert doccache.doc_text(a) == a.text   # back to the first Doc after the second
    doccache.release(a)
    assert not [k for k in a.user_data if str(k).startswith("_strife")]
    assert doccache._last[0] is not a   # no reference kept to a released Doc
    # asked again, the released Doc gets a fresh cache
    assert doccache.doc_text(a) == a.text and "_strife_cache" in a.user_data
    doccache.release(a)
    doccache.release(b)


def test_lower_lemmas_are_the_tokens_lemmas(nlp):
    doc = nlp("Suicide Bombers attacked the base; the bombers' vests exploded. Gunmen FLED.")
    assert doccache.lower_lemmas(doc) == [t.lemma_.lower() for t in doc]
    empty = nlp("")
    assert doccache.lower_lemmas(empty) == []
    doccache.release(doc)
