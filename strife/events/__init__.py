"""Events: from a parsed article to one record per distinct incident.

Takes a parsed Doc, its Article and its Places; gives `Event`s. The flow, one module a step:
`triggers` (find) -> `checks` (is it an incident?) -> `incidents` (group) -> `coding` (ACLED
type) + `roles` (actors) + `gtd` + `dating` -> `record` (build the event) -> `extract` (story
passes); `tolls` reads the story's casualty statements and running totals. `actors`, `numbers` and `dates` read actors, counts and dates from the text.
"""
from .checks import check_trigger
from .coding import classify_incident
from .extract import extract_events
from .lexicon import EVENT_TYPE_OF
from .record import calibrated_confidence
from .tolls import find_tolls
from .triggers import find_triggers

__all__ = ["EVENT_TYPE_OF", "calibrated_confidence", "check_trigger", "classify_incident",
           "extract_events", "find_tolls", "find_triggers"]
