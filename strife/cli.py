"""The `strife` command line. Each command parses arguments, calls the library, prints.

Exit codes: 0 all inputs succeeded, 1 some inputs failed (see the dead-letter file),
2 usage errors (bad options, unknown format, bad date).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

import click

from . import __version__
from .errors import StrifeError
from .models import DeadLetter
from .settings import DEFAULT_SETTINGS, Settings
from .writers import UnknownFormatError, dead_letter_path, format_for, open_writer


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date; write it as YYYY-MM-DD, e.g. 2015-05-18")


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
            self.fh = open(self.path, "w", encoding="utf-8")
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
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default=None,
              help="Output format, overriding the extension of OUT.")
@click.option("--published", callback=_iso_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none; relative dates ('early Sunday') resolve against it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def extract(inputs: tuple[str, ...], output: str | None, fmt: str | None,
            published: str | None, quiet: bool) -> None:
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
      cat corpus.jsonl | strife extract - > events.jsonl
    """
    from .ingest import read_inputs
    from .pipeline import extract_articles

    try:
        out_format = format_for(output, fmt)
    except UnknownFormatError as exc:
        raise click.UsageError(str(exc))
    settings = DEFAULT_SETTINGS
    dead = DeadLetterFile(dead_letter_path(output))
    articles = events = 0
    started = dt.datetime.now()
    progress = None
    if show_progress(quiet):
        from tqdm import tqdm

        progress = tqdm(unit=" articles", file=sys.stderr, desc="strife extract")
    try:
        with open_writer(output, out_format) as writer:
            for result in extract_articles(read_inputs(inputs, settings, published), settings):
                if isinstance(result, DeadLetter):
                    dead.add(result)
                else:
                    articles += 1
                    for event in result.events:
                        writer.write(event.to_dict())
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

# --- places commands (places helper) ---

# --- corpus commands (corpus helper) ---


if __name__ == "__main__":
    main()
