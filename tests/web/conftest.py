"""Stores for the web tests, built the way a user builds them: `strife run` over the bundled
examples plus invented hostile articles (script tags, onerror attributes, javascript: URLs,
RTL overrides, zero-width characters, a huge unbroken text)."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PWN = "window.__strife_pwned = (window.__strife_pwned || 0) + 1"
HUGE_WORD = "Z" * 30_000

HOSTILE = [
    {"id": "hostile-script", "published": "2024-03-04",
     "url": "javascript:" + PWN,
     "title": f"<script>{PWN}</script>Gunmen kill five in Maiduguri",
     "text": (f"Gunmen killed five villagers in Maiduguri, Nigeria on Sunday <script>{PWN}</script> "
              f"and burned a market, <img src=x onerror=\"{PWN}\"> police said. "
              "Residents said the attackers arrived on motorcycles before dawn.")},
    {"id": "hostile-rtl", "published": "2023-11-20",
     "url": "https://example.org/news/kirkuk?q=<b onmouseover=alert(1)>",
     "title": "\u202eCheckpoint attack\u202c near Kirkuk \u200b\u200d\ufeff",
     "text": ("Militants attacked an army checkpoint near Kirkuk, Iraq on Saturday, killing three "
              "soldiers\u200b, the military said. \u202eالمسلحون هاجموا نقطة تفتيش\u202c in the north. "
              "\u200f\u200e The attackers fled toward the Hamrin mountains.\u2066\u2067")},
    {"id": "hostile-huge", "published": "2022-05-09",
     "url": "data:text/html,<script>" + PWN + "</script>",
     "title": "Clashes in Mogadishu " + "W" * 2000,
     "text": ("Al Shabaab fighters clashed with government troops in Mogadishu, Somalia on Monday, "
              "killing seven people, officials said.\n\n" + HUGE_WORD + "\n\n"
              + "The fighting continued into the night. " * 400)},
]


def run_store(path: Path, *inputs: Path) -> Path:
    """`strife run INPUT... --db path` from the repository root, so that article ids read
    `examples/...` as they do for a user who follows the README."""
    from strife.cli import main

    args = [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in inputs]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["run", *args, "--db", str(path), "--workers", "0", "-q"])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    return path


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in HOSTILE), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, hostile_file) -> Path:
    """The bundled examples and the hostile articles, through `strife run`."""
    return run_store(tmp_path_factory.mktemp("web") / "web.db", EXAMPLES, hostile_file)


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> Path:
    """Only the bundled examples, through `strife run` (what the README's screenshot shows)."""
    return run_store(tmp_path_factory.mktemp("examples") / "examples.db", EXAMPLES)


def sql(db: Path, query: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(query, args).fetchall()
    finally:
        conn.close()
