"""strife as a spaCy pipeline component: `nlp.add_pipe("strife")`.

Registered as the spaCy factory "strife" (entry point `spacy_factories`, so installing
strife is enough; importing strife registers it too). After the parser and NER have run,
the component reads the Doc like `strife.extract` does and sets:

- `doc._.events`: the event records (dicts in the shape of `Event.to_dict()`),
- `doc._.places`: the toponyms found (dicts in the shape of `Place.to_dict()`).

Both are plain dicts so Docs travel between processes: `nlp.pipe(texts, n_process=2)`
works. Relative dates ("on Sunday") need the publication date: set the factory's
`published` config, or call `nlp.get_pipe("strife").annotate(doc, published=...)`.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .models import Article
from .nlp import doccache
from .settings import DEFAULT_SETTINGS, Settings

for _name in ("events", "places"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class StrifeComponent:
    """Sets doc._.events and doc._.places (see the module doc)."""

    def __init__(self, nlp: Language, name: str = "strife", published: str | None = None,
                 gazetteer_path: str = "", settings: Settings | None = None) -> None:
        self.name = name
        self.published = published or None
        settings = settings or DEFAULT_SETTINGS
        self.settings = settings.replace(gazetteer_path=gazetteer_path) if gazetteer_path else settings

    def __call__(self, doc: Doc) -> Doc:
        return self.annotate(doc)

    def annotate(self, doc: Doc, published: Any = None, article_id: str | None = None) -> Doc:
        from .pipeline import analyze, published_date
        from .read.clean import header_date

        day = published_date(published) or self.published or header_date(doc.text)
        article = Article(id=article_id or doc.user_data.get("strife_id") or "doc", text=doc.text,
                          raw=doc.text, published=day, source="<spacy>")
        doccache.seed_text(doc, doc.text)
        result = analyze(doc, article, self.settings)
        doc._.events = [ev.to_dict() for ev in result.events]
        doc._.places = [p.to_dict() for p in result.places]
        return doc


@Language.factory("strife", default_config={"published": None, "gazetteer_path": ""},
                  requires=["token.dep", "doc.ents"], assigns=["doc._.events", "doc._.places"])
def make_strife(nlp: Language, name: str, published: str | None, gazetteer_path: str) -> StrifeComponent:
    """The spaCy factory behind `nlp.add_pipe("strife")`."""
    return StrifeComponent(nlp, name, published=published, gazetteer_path=gazetteer_path)
