"""`strife serve` and `strife report` on the command line."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from strife.cli import main

from .conftest import sql


@pytest.fixture
def served(monkeypatch):
    calls = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_binds_loopback_by_default(served, web_store):
    res = CliRunner().invoke(main, ["serve", "--db", str(web_store)])
    assert res.exit_code == 0, res.output
    (app, kw), = served
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8765
    assert "WARNING" not in res.output
    assert "http://127.0.0.1:8765/" in res.output


def test_serve_warns_when_bound_elsewhere(served, web_store):
    res = CliRunner().invoke(main, ["serve", "--db", str(web_store), "--host", "0.0.0.0", "--port", "9001"])
    assert res.exit_code == 0, res.output
    assert "WARNING" in res.output and "0.0.0.0" in res.output
    assert served[0][1]["host"] == "0.0.0.0"


def test_serve_refuses_a_missing_or_foreign_store(served, tmp_path):
    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 1 and "strife run" in res.output
    assert not served


def _report(tmp_path, db, *args):
    out = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["report", "--db", str(db), "-o", str(out), *args])
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8"), res.output


def _data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="strife-data">(.*?)</script>', html, re.DOTALL).group(1)
    return json.loads(block)


def test_report_is_one_self_contained_file_with_a_strict_csp(tmp_path, web_store):
    html, out = _report(tmp_path, web_store)
    data = _data(html)
    assert len(data["events"]) == sql(web_store, "SELECT COUNT(*) FROM events")[0][0]
    assert len(data["incidents"]) == sql(web_store, "SELECT COUNT(*) FROM incidents")[0][0]
    assert f"{len(data['events'])} events" in out
    # Nothing is loaded from anywhere: no src/href to other files, no http(s) resources.
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=\"(?!data:)", html)
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "unsafe" not in csp
    # The one executable script is allowed by its hash, and only it.
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    # Hostile text stays inside the JSON block: only our own three script tags exist.
    assert len(re.findall(r"<script", html, re.IGNORECASE)) == 2
    assert html.count("</script>") == 2
    assert "<img src=x" not in html and "\\u003cscript\\u003e" in html
    titles = {a["id"]: a["title"] for a in data["articles"].values()}
    assert titles["hostile-script"].startswith("<script>")  # the data is intact; the page shows it as text
    assert data["articles"]["hostile-script"]["url"] is None


def test_report_filters(tmp_path, web_store):
    html, _ = _report(tmp_path, web_store, "--country", "SO", "--no-text")
    data = _data(html)
    assert len(data["events"]) == sql(web_store, "SELECT COUNT(*) FROM events WHERE country_code='SO'")[0][0] > 0
    assert {e["country_code"] for e in data["events"]} == {"SO"}
    assert all(a["text"] is None for a in data["articles"].values())
    html, _ = _report(tmp_path, web_store, "--since", "2023-01-01", "--min-fatalities", "3")
    data = _data(html)
    assert all(e["event_date"] >= "2023-01-01" and (e["fatalities"] or 0) >= 3 for e in data["events"])


def test_report_bundle_is_our_modules_flattened():
    from strife.web.report import MODULES, bundle_js

    script = bundle_js()
    assert not re.search(r"^\s*(import|export)\s", script, re.MULTILINE)
    for name in MODULES:
        assert f"// --- {name} ---" in script
