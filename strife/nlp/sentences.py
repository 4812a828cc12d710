"""A cap on sentence length, set before the parser runs.

spaCy's parser respects sentence starts that are already set. A run of more than
`max_tokens` tokens with no sentence end in it (a 28 KB line of scraped text, a list with
no full stop) is cut into pieces of `max_tokens` tokens, so no later analysis walks one
runaway sentence: the tree walks of the extractors cost time in proportion to the
sentence's length, per trigger. Ordinary sentences, far shorter, are never touched.
"""
from __future__ import annotations

SENTENCE_ENDS = frozenset((".", "!", "?", "…", ";"))


def cap_sentences(doc, max_tokens: int) -> int:
    """Mark a sentence start every `max_tokens` tokens inside runs without a sentence end;
    returns how many starts were set. Call on a tokenized, not yet parsed Doc."""
    if max_tokens <= 0 or len(doc) <= max_tokens:
        return 0
    run = 0
    cut = 0
    for tok in doc:
        if run >= max_tokens:
            tok.is_sent_start = True
            cut += 1
            run = 0
        run += 1
        text = tok.text
        if text in SENTENCE_ENDS or (tok.is_space and "\n" in text):
            run = 0
    return cut
