"""strife: news articles about armed conflict -> structured, geocoded event data."""
from .errors import InputError, StrifeError
from .models import Article, ArticleResult, DeadLetter, Event, Evidence, Mention, Place
from .pipeline import analyze, extract, extract_articles
from .settings import DEFAULT_SETTINGS, Settings

__version__ = "0.1.0"
__all__ = [
    "Article", "ArticleResult", "DeadLetter", "Event", "Evidence", "Mention", "Place",
    "Settings", "DEFAULT_SETTINGS", "InputError", "StrifeError", "analyze", "extract", "extract_articles", "__version__",
]
