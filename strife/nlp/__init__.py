"""The language model: loading spaCy once, its speed-ups, and per-Doc caches.

Takes text; gives parsed spaCy `Doc`s. The extractors downstream read these Docs (through the
per-Doc caches in `doccache`) and never call the model themselves.
"""
