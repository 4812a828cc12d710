"""Writing event records: JSONL, CSV and `acled` (ACLED's columns first, strife.output.acled),
GeoJSON. All streaming."""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..settings import DEFAULT_SETTINGS, Settings
from .acled import COLUMNS, csv_cells, table_row

FORMATS = ("jsonl", "csv", "geojson", "acled")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
                   ".csv": "csv", ".geojson": "geojson"}

# CSV columns: ACLED's 31 columns in ACLED's order, then strife's own, then the merge columns.
CSV_COLUMNS: tuple[str, ...] = COLUMNS
ACLED_FORMATS = ("csv", "acled")   # both write the same columns; "acled" follows the acled_* settings


class UnknownFormatError(ValueError):
    pass


def format_for(path: str | None, explicit: str | None = None) -> str:
    """The output format: --format if given, else from the file extension, else jsonl."""
    if explicit:
        if explicit not in FORMATS:
            raise UnknownFormatError(f"unknown format {explicit!r}; choose one of {', '.join(FORMATS)}")
        return explicit
    if not path or path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX_FORMATS:
        raise UnknownFormatError(
            f"cannot tell the format of {path!r} from its extension; use .jsonl, .csv or .geojson, or --format")
    return _SUFFIX_FORMATS[suffix]


# OWASP's rule against CSV (formula) injection: a cell a spreadsheet would read as a formula
# gets a leading apostrophe, which Excel, LibreOffice and Sheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a CSV row through `safe_cell`."""
    return {k: safe_cell(v) for k, v in row.items()}


def csv_row(event: dict[str, Any], articles: Sequence[Mapping[str, Any]] = (),
            settings: Settings = DEFAULT_SETTINGS, style: str = "csv") -> dict[str, Any]:
    """One CSV row: ACLED's columns first, then strife's; evidence flattened to one JSON cell."""
    return safe_row(csv_cells(table_row(event, articles=articles, settings=settings, style=style)))


def geojson_feature(event: dict[str, Any]) -> dict[str, Any]:
    lat, lon = event.get("latitude"), event.get("longitude")
    geometry = ({"type": "Point", "coordinates": [lon, lat]}
                if lat is not None and lon is not None else None)
    return {"type": "Feature", "id": event.get("event_id"), "geometry": geometry,
            "properties": dict(event)}


class EventWriter:
    """Streams event dicts to a file (or stdout) in one format. Use as a context manager.

    Given `final_path`, `fh` is a temporary file in the same folder: closing renames it to
    `final_path`, and a write that fails (or an exception inside the `with`) removes it, so
    a failed run never leaves a file cut mid-record where the output should be.
    """

    def __init__(self, fh: IO[str], fmt: str, close: bool = True,
                 final_path: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.fh, self.format, self._close, self.count = fh, fmt, close, 0
        self.final_path = final_path
        self.settings = settings
        self._csv: csv.DictWriter | None = None
        if fmt in ACLED_FORMATS:
            self._csv = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))  # RFC 4180 CRLF: quotes any \r or \n
            self._csv.writeheader()
        elif fmt == "geojson":
            fh.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, event: dict[str, Any], articles: Sequence[Mapping[str, Any]] = ()) -> None:
        """Write one event; `articles` ({"url", "text", "published"}) fill ACLED's `source`."""
        if self.format == "jsonl":
            self.fh.write(json.dumps(event, ensure_ascii=False) + "\n")
        elif self.format in ACLED_FORMATS:
            assert self._csv is not None
            self._csv.writerow(csv_row(event, articles, self.settings, self.format))
        else:
            if self.count:
                self.fh.write(",\n")
            self.fh.write(json.dumps(geojson_feature(event), ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        try:
            if self.format == "geojson":
                self.fh.write("\n]}\n")
            self.fh.flush()
            if self.final_path is not None:
                os.fsync(self.fh.fileno())
            if self._close:
                self.fh.close()
            if self.final_path is not None:
                os.replace(self.fh.name, self.final_path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Give up: close the file and remove it if it is a temporary one."""
        if self._close:
            try:
                self.fh.close()
            except OSError:
                pass   # the disk that refused the data may refuse the flush too
        if self.final_path is not None:
            try:
                os.remove(self.fh.name)
            except OSError:
                pass

    def __enter__(self) -> "EventWriter":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def open_writer(path: str | None, fmt: str, stdout: IO[str] | None = None,
                settings: Settings = DEFAULT_SETTINGS) -> EventWriter:
    """A writer to `path`, or to stdout when path is None or '-'."""
    if not path or path == "-":
        import sys

        return EventWriter(stdout or sys.stdout, fmt, close=False, settings=settings)
    return EventWriter(open_temp(path), fmt, final_path=path, settings=settings)


def open_temp(path: str) -> IO[str]:
    """A new text file in `path`'s folder (created if missing), to be renamed to `path`."""
    import tempfile

    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp makes it 0600; an output is an ordinary file
        return open(tmp, "w", encoding="utf-8", newline="")
    except BaseException:
        os.remove(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """Rows of a CSV written by EventWriter (for tests and round-trips)."""
    return list(csv.DictReader(io.StringIO(text)))


def dead_letter_path(out: str | None) -> str:
    """Where dead letters go: next to the output (OUT.errors.jsonl), or ./strife.errors.jsonl."""
    if not out or out == "-":
        return "strife.errors.jsonl"
    return out + ".errors.jsonl"
