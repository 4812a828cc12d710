"""The web app in a real headless browser: Debian's chromium driven by Playwright for Python
(pointed at /usr/bin/chromium; no browser download). Skips when either is missing, unless
STRIFE_REQUIRE_BROWSER=1 (as CI sets it), where a missing browser is a failure.

Screenshots of each view go to tests/artifacts/screenshots/ (git-ignored; CI keeps them).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import HOSTILE, sql

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    for path in (os.environ.get("STRIFE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if path and os.path.exists(path):
            return path
    return None


def _unavailable(reason: str):
    if os.environ.get("STRIFE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    path = _chromium()
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Server:
    """`strife serve`'s app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from strife.web.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}/"
        self.server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            assert time.time() < deadline, "server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def examples_server(examples_store):
    server = Server(examples_store)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hostile_server(web_store):
    server = Server(web_store)
    yield server
    server.stop()


def wait_js(page, expression: str, timeout: float = 20.0) -> None:
    """Poll `expression` until it is truthy. (Playwright's wait_for_function polls with eval,
    which the app's Content-Security-Policy rightly forbids; evaluate() is not affected.)"""
    deadline = time.time() + timeout
    while not page.evaluate(expression):
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


class Page:
    """A page that records every request and script error; requests off this machine are
    aborted and fail the test."""

    def __init__(self, browser, allowed_prefix: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.allowed = allowed_prefix

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url.startswith(self.allowed) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                r.abort()

        self.context.route("**/*", route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=20000)
        self.settle()

    def settle(self) -> None:
        wait_js(self.page, 
            "!document.querySelector('[data-loading]') && document.querySelectorAll('#map g.marker').length >= 0",
            timeout=20)
        self.page.wait_for_timeout(400)
        wait_js(self.page, "!document.querySelector('[data-loading]')", timeout=20)

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def markers(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            "#map g.marker", "els => els.map(e => ({n: +e.dataset.count, id: e.dataset.id, type: e.dataset.type}))")

    def table_total(self) -> int:
        return int(self.page.get_attribute(".page-info", "data-total"))

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def close(self) -> None:
        bad = [u for u in self.requests if not (u.startswith(self.allowed) or u.startswith("data:"))]
        assert not bad, f"requests left the machine: {bad}"
        assert not self.errors, self.errors
        failed = self.page.evaluate("[...document.querySelectorAll('[data-error]')].map(e => e.dataset.error)")
        assert not failed, failed
        self.context.close()


@pytest.fixture
def page(browser, examples_server):
    p = Page(browser, examples_server.base)
    yield p
    p.close()


def _evidence_marks(page) -> dict[int, str]:
    """{evidence index: the text of every highlight carrying it, joined in document order}."""
    pairs = page.eval_on_selector_all(
        "#viewer mark.evidence", "els => els.map(e => [e.dataset.idx, e.textContent])")
    out: dict[int, str] = {}
    for idx, text in pairs:
        for i in idx.split():
            out[int(i)] = out.get(int(i), "") + text
    return out


def test_map_markers_match_the_database(page, examples_server, examples_store):
    page.open(examples_server.base)
    markers = page.markers()
    placed = sql(examples_store, "SELECT COUNT(*) FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL")[0][0]
    unplaced = sql(examples_store, "SELECT COUNT(*) FROM events WHERE latitude IS NULL OR longitude IS NULL")[0][0]
    assert markers and sum(m["n"] for m in markers) == placed
    assert int(page.page.get_attribute(".legend .unplaced", "data-unplaced")) == unplaced
    assert page.page.locator("#map path.country").count() > 150  # Natural Earth borders drawn
    assert page.table_total() == sql(examples_store, "SELECT COUNT(*) FROM events")[0][0]
    page.shot("map")
    # Zooming in splits clusters but never loses an event.
    page.page.click(".zoom-in")
    page.page.click(".zoom-in")
    page.settle()
    page.page.click(".zoom-reset")
    page.settle()
    assert sum(m["n"] for m in page.markers()) == placed


def test_filters_through_the_ui_update_table_map_and_url(page, examples_server, examples_store):
    page.open(examples_server.base)
    code, n = sql(examples_store, "SELECT country_code, COUNT(*) FROM events WHERE country_code != '' "
                                  "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")[0]
    page.page.select_option("select[name=country]", code)
    wait_js(page.page, f"document.querySelector('.page-info').dataset.total === '{n}'")
    page.settle()
    assert page.query()["country"] == [code]
    names = {r[0] for r in sql(examples_store, "SELECT country FROM events WHERE country_code=?", (code,))}
    cells = page.page.eval_on_selector_all("table.events tbody td.col-country", "els => els.map(e => e.textContent)")
    assert len(cells) == n and set(cells) == names
    placed = sql(examples_store, "SELECT COUNT(*) FROM events WHERE country_code=? AND latitude IS NOT NULL", (code,))[0][0]
    assert sum(m["n"] for m in page.markers()) == placed
    page.shot("filtered")
    # Minimum fatalities, typed.
    page.page.select_option("select[name=country]", "")
    page.page.fill("input[name=min_fatalities]", "5")
    want = sql(examples_store, "SELECT COUNT(*) FROM events WHERE COALESCE(fatalities,0) >= 5")[0][0]
    wait_js(page.page, f"document.querySelector('.page-info').dataset.total === '{want}'")
    fat = page.page.eval_on_selector_all("table.events tbody td.col-fatalities", "els => els.map(e => +e.textContent)")
    assert len(fat) == want and min(fat) >= 5
    # The URL is shareable: opening it again gives the same selection.
    url = page.page.url
    assert page.query()["min_fatalities"] == ["5"]
    page.open(url)
    assert page.page.input_value("input[name=min_fatalities]") == "5"
    assert page.table_total() == want
    # Event type via the menu, then free-text search.
    page.page.fill("input[name=min_fatalities]", "")
    page.page.select_option("select[name=event_type]", "Protests")
    want = sql(examples_store, "SELECT COUNT(*) FROM events WHERE event_type='Protests'")[0][0]
    wait_js(page.page, f"document.querySelector('.page-info').dataset.total === '{want}'")
    types = page.page.eval_on_selector_all("table.events tbody td.col-event_type", "els => els.map(e => e.textContent)")
    assert set(types) == {"Protests"}


def test_sorting_the_table(page, examples_server, examples_store):
    page.open(examples_server.base)
    page.page.click("th[data-key=fatalities] button")
    page.settle()
    fat = page.page.eval_on_selector_all("table.events tbody td.col-fatalities", "els => els.map(e => +e.textContent)")
    assert fat == sorted(fat, reverse=True)
    assert page.query()["sort"] == ["fatalities"]


def test_each_highlight_is_its_evidence_text(page, examples_server, examples_store):
    page.open(examples_server.base)
    event_ids = [r[0] for r in sql(examples_store, "SELECT event_id FROM events ORDER BY fatalities DESC, event_id")]
    for k, event_id in enumerate(event_ids):
        if k == 0:
            page.page.click(f"table.events tbody tr[data-id='{event_id}']")
        else:
            page.page.goto(examples_server.base + "?open=" + event_id)
            page.page.wait_for_selector("body[data-ready='1']")
        page.page.wait_for_selector(f"#viewer[data-id='{event_id}']:not([data-loading])")
        marks = _evidence_marks(page.page)
        evidence = sql(examples_store, "SELECT idx, field, text, start_char, end_char FROM evidence "
                                       "WHERE event_id=? ORDER BY idx", (event_id,))
        spans = [e for e in evidence if e[4] > e[3]]
        assert spans
        for idx, field, text, start, end in spans:
            assert marks.get(idx) == text, (event_id, field)
        assert set(marks) == {e[0] for e in spans}
        # Hovering shows the field(s).
        titles = page.page.eval_on_selector_all("#viewer mark.evidence", "els => els.map(e => e.title)")
        assert all(titles)
        if k == 0:
            page.shot("evidence")
            assert page.query()["open"] == [event_id]


def test_a_marker_at_one_place_lists_its_events(page, examples_server, examples_store):
    lat, lon, n = sql(examples_store, "SELECT latitude, longitude, COUNT(*) FROM events WHERE latitude IS NOT NULL "
                                      "GROUP BY 1, 2 HAVING COUNT(*) > 1 ORDER BY 3 DESC LIMIT 1")[0]
    page.open(examples_server.base)
    page.page.click("#map g.marker[data-point='1']")
    page.page.wait_for_selector("#viewer:not([data-loading]) .place-list")
    buttons = page.page.locator("#viewer .place-list button")
    assert buttons.count() == n
    ids = {r[0] for r in sql(examples_store, "SELECT event_id FROM events WHERE abs(latitude - ?) < 1e-5 AND abs(longitude - ?) < 1e-5", (lat, lon))}
    assert set(page.page.eval_on_selector_all("#viewer .place-list button", "els => els.map(e => e.dataset.id)")) == ids
    page.shot("place")
    buttons.first.click()
    page.page.wait_for_selector("#viewer[data-kind=event]:not([data-loading]) mark.evidence")


def test_merged_incident_view(page, examples_server, examples_store):
    page.open(examples_server.base)
    page.page.check("input[name=view][value=incidents]")
    n = sql(examples_store, "SELECT COUNT(*) FROM incidents")[0][0]
    wait_js(page.page, f"document.querySelector('.page-info').dataset.total === '{n}'")
    page.settle()
    assert page.query()["view"] == ["incidents"]
    assert sum(m["n"] for m in page.markers()) == sql(
        examples_store, "SELECT COUNT(*) FROM incidents WHERE latitude IS NOT NULL")[0][0]
    incident_id, n_events = sql(examples_store, "SELECT incident_id, n_events FROM incidents ORDER BY n_events DESC, incident_id LIMIT 1")[0]
    page.page.click(f"table.events tbody tr[data-id='{incident_id}']")
    page.page.wait_for_selector(f"#viewer[data-id='{incident_id}'][data-kind=incident]:not([data-loading])")
    assert page.page.locator("#viewer table.sources tbody tr").count() == n_events
    assert "median" in page.page.text_content("#viewer .reconcile")
    page.shot("incident")
    page.page.click("#viewer .open-event")
    page.page.wait_for_selector("#viewer[data-kind=event]:not([data-loading]) mark.evidence")


def test_timeline_brush_sets_the_date_filter(page, examples_server, examples_store):
    page.open(examples_server.base)
    box = page.page.locator(".timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.page.mouse.move(box["x"] + 40, y)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=5)
    page.page.mouse.up()
    wait_js(page.page, "new URLSearchParams(location.search).has('until')")
    page.settle()
    q = page.query()
    since, until = q["since"][0], q["until"][0]
    want = sql(examples_store, "SELECT COUNT(*) FROM events WHERE event_date BETWEEN ? AND ?", (since, until))[0][0]
    assert 0 < want < sql(examples_store, "SELECT COUNT(*) FROM events")[0][0]
    assert page.table_total() == want
    assert page.page.input_value("input[name=since]") == since
    page.shot("timeline")
    page.page.click(".clear-dates")
    wait_js(page.page, "!new URLSearchParams(location.search).has('until')")


def test_hostile_articles_do_not_execute_or_break_the_layout(browser, hostile_server, web_store):
    p = Page(browser, hostile_server.base)
    try:
        p.open(hostile_server.base)
        rows = sql(web_store, "SELECT event_id, article_id FROM events WHERE article_id LIKE 'hostile-%' ORDER BY article_id")
        assert {r[1] for r in rows} >= {"hostile-script", "hostile-rtl"}
        for event_id, article_id in rows:
            p.page.goto(hostile_server.base + "?open=" + event_id)
            p.page.wait_for_selector(f"#viewer[data-id='{event_id}']:not([data-loading])")
            p.page.wait_for_timeout(200)
            assert p.page.evaluate("window.__strife_pwned") is None
            hrefs = p.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert all(h.startswith(("http://", "https://", "/api/export")) or h == "#" for h in hrefs), hrefs
            title = [a for a in HOSTILE if a["id"] == article_id][0]["title"]
            shown = p.page.text_content("#viewer .article-title")
            assert shown == re.sub("[\u202a-\u202e\u2066-\u2069]", "", title)  # as text, not markup; no bidi overrides
            assert p.page.locator("#viewer script, #viewer img, #viewer b").count() == 0
            width = p.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{article_id} widens the page: {width}"
            viewer = p.page.locator("#viewer").bounding_box()
            assert viewer["x"] + viewer["width"] <= 1400
            mapbox = p.page.locator("#map").bounding_box()
            assert mapbox["width"] >= 600 and mapbox["height"] >= 300, mapbox  # the text does not squeeze the map
            assert viewer["x"] >= mapbox["x"] + mapbox["width"]  # viewer beside the map, not over it
            marks = _evidence_marks(p.page)
            for idx, text, start, end in sql(web_store, "SELECT idx, text, start_char, end_char FROM evidence WHERE event_id=?", (event_id,)):
                if end > start:
                    assert marks.get(idx) == text
            p.shot(f"hostile-{article_id}")
        # The search box takes markup as plain text.
        p.page.goto(hostile_server.base)
        p.page.wait_for_selector("body[data-ready='1']")
        p.page.fill("input[name=q]", "<script>")
        want = sql(web_store, "SELECT COUNT(*) FROM events WHERE article_id IN (SELECT id FROM articles WHERE instr(text, '<script>') OR instr(title, '<script>')) OR instr(notes, '<script>')")[0][0]
        wait_js(p.page, f"document.querySelector('.page-info').dataset.total === '{want}'")
        assert want >= 1
        assert p.page.evaluate("window.__strife_pwned") is None
        assert not any("Content Security Policy" in m for m in p.console), p.console
    finally:
        p.close()


def test_report_works_offline(browser, examples_store, tmp_path):
    from strife.web.report import write_report

    out = tmp_path / "report.html"
    counts = write_report(str(examples_store), str(out))
    assert counts["events"] == sql(examples_store, "SELECT COUNT(*) FROM events")[0][0]
    p = Page(browser, out.as_uri())
    try:
        p.open(out.as_uri())
        placed = sql(examples_store, "SELECT COUNT(*) FROM events WHERE latitude IS NOT NULL")[0][0]
        assert sum(m["n"] for m in p.markers()) == placed
        assert p.page.locator("#map path.country").count() > 150
        assert p.table_total() == counts["events"]
        p.page.select_option("select[name=event_type]", "Protests")
        want = sql(examples_store, "SELECT COUNT(*) FROM events WHERE event_type='Protests'")[0][0]
        wait_js(p.page, f"document.querySelector('.page-info').dataset.total === '{want}'")
        p.page.click("table.events tbody tr")
        p.page.wait_for_selector("#viewer:not([data-loading]) mark.evidence")
        event_id = p.page.get_attribute("#viewer", "data-id")
        marks = _evidence_marks(p.page)
        for idx, text, start, end in sql(examples_store, "SELECT idx, text, start_char, end_char FROM evidence WHERE event_id=?", (event_id,)):
            if end > start:
                assert marks.get(idx) == text
        p.shot("report")
        assert all(u.startswith(("file://", "data:")) for u in p.requests), p.requests
    finally:
        p.close()
