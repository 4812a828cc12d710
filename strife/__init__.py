"""strife: news articles about armed conflict -> structured, geocoded event data."""
from .errors import InputError, StrifeError
from .models import Article, ArticleResult, DeadLetter, Event, Evidence, Mention, Place
from .output.frames import to_frame, to_geoframe
from .pipeline import analyze, extract, extract_articles, extract_many
from .settings import DEFAULT_SETTINGS, Settings
from .spacy_component import StrifeComponent

__version__ = "0.1.0"
__all__ = [
    "Article", "ArticleResult", "DeadLetter", "Event", "Evidence", "Mention", "Place",
    "Settings", "DEFAULT_SETTINGS", "InputError", "StrifeError", "StrifeComponent", "analyze",
    "extract", "extract_articles", "extract_many", "to_frame", "to_geoframe", "__version__",
]
