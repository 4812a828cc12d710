"""`strife report`: the map, timeline, table and evidence viewer as one self-contained HTML file.

The file embeds the filtered records as a JSON data block, the borders, the stylesheet and
our ES modules joined into one script. It loads nothing from anywhere (its own
Content-Security-Policy says so: `default-src 'none'`, and the one script and one style
block are allowed by their SHA-256 hashes, so an injected script could not run).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from . import borders
from .queries import Filters, Reader

HERE = os.path.dirname(os.path.abspath(__file__))
JS_DIR = os.path.join(HERE, "static", "js")
# Module order for the single-file bundle: each module after the ones it imports.
MODULES = ("util.js", "api.js", "static.js", "map.js", "timeline.js", "table.js", "evidence.js", "main.js")
_IMPORT = re.compile(r"^import\s[^;]*;\s*$", re.MULTILINE)
_EXPORT = re.compile(r"^export\s+(?=(?:async\s+)?(?:function|class|const|let)\b)", re.MULTILINE)


def bundle_js() -> str:
    """Our ES modules as one classic script: import lines dropped, `export` keywords
    removed, the whole wrapped in a function scope."""
    parts = []
    for name in MODULES:
        with open(os.path.join(JS_DIR, name), encoding="utf-8") as fh:
            source = fh.read()
        source = _EXPORT.sub("", _IMPORT.sub("", source))
        if re.search(r"^\s*(import|export)\b", source, re.MULTILINE):
            raise RuntimeError(f"{name}: an import/export the bundler cannot flatten")
        parts.append(f"// --- {name} ---\n{source}")
    script = "(() => {\n\"use strict\";\n" + "\n".join(parts) + "\n})();\n"
    if "</script" in script.lower():
        raise RuntimeError("the bundle must not contain '</script'")
    return script


def json_for_html(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> block: no '<', '>' or '&'
    characters survive, so no text in the data can close the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_report(db: str, filters: Filters | None = None, *, with_text: bool = True) -> tuple[str, dict[str, int]]:
    """The report's HTML text and counts {"events", "incidents", "articles"}."""
    filters = filters or Filters()
    reader = Reader(db)
    data = reader.snapshot(filters, with_text=with_text)
    data["borders"] = borders.countries()
    with open(os.path.join(HERE, "static", "css", "app.css"), encoding="utf-8") as fh:
        css = fh.read()
    script = bundle_js()
    csp = ("default-src 'none'; script-src " + _sha256(script) + "; style-src " + _sha256(css)
           + "; img-src data:; base-uri 'none'; form-action 'none'")
    env = Environment(loader=FileSystemLoader(os.path.join(HERE, "templates")),
                      autoescape=select_autoescape(["html"]))
    shown = ", ".join(f"{k}={v}" for k, v in filters.params().items())
    html = env.get_template("report.html").render(
        csp=csp, css=Markup(css), script=Markup(script), data_json=Markup(json_for_html(data)),
        db_name=os.path.basename(db), version=__version__, filters=shown,
        made=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    counts = {"events": len(data["events"]), "incidents": len(data["incidents"]),
              "articles": len(data["articles"])}
    return html, counts


def write_report(db: str, out: str, filters: Filters | None = None, *, with_text: bool = True) -> dict[str, int]:
    html, counts = render_report(db, filters, with_text=with_text)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.replace(tmp, out)
    return counts
