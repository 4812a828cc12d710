"""Specific exceptions. Messages say what to do next; only the CLI turns them into exit codes."""


class StrifeError(Exception):
    """Base class for strife errors."""


class InputError(StrifeError, ValueError):
    """An input could not be read or is not an article (empty, binary, too large, bad JSON,
    a `published` that is not a date). A ValueError, so `except ValueError` catches it too."""

    def __init__(self, message: str, *, input: str = "", line: int | None = None, stage: str = "read"):
        super().__init__(message)
        self.input = input
        self.line = line
        self.stage = stage


class ModelNotFoundError(StrifeError):
    """The spaCy model package is not installed."""
