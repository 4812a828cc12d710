"""The web app's JSON API and pages, without a browser (Starlette's TestClient)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient

from strife.web.app import CSP, create_app
from strife.web.queries import Filters, QueryError, Reader, safe_url

from .conftest import HOSTILE, sql


@pytest.fixture(scope="module")
def client(web_store):
    with TestClient(create_app(str(web_store)), base_url="http://127.0.0.1:8765") as c:
        yield c


def get(client, path, **params):
    res = client.get(path, params=params)
    assert res.status_code == 200, res.text
    return res.json()


def test_page_has_strict_csp_and_no_inline_script_or_style(client):
    res = client.get("/")
    assert res.status_code == 200
    assert res.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe" not in CSP and "default-src 'none'" in CSP
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["referrer-policy"] == "no-referrer"
    html = res.text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag, tag
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)), "inline script"
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
    # Every API answer carries the same headers.
    assert client.get("/api/facets").headers["content-security-policy"] == CSP


def test_static_modules_never_parse_html():
    root = os.path.join(os.path.dirname(__import__("strife.web").web.__file__), "static", "js")
    for name in os.listdir(root):
        with open(os.path.join(root, name), encoding="utf-8") as fh:
            src = fh.read()
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                       "new Function", "setAttribute(\"style\"", "srcdoc"):
            assert banned not in src, (name, banned)


def test_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/api/events", headers={"host": "testserver"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_facets_count_the_store(client, web_store):
    data = get(client, "/api/facets")
    assert data["total"] == sql(web_store, "SELECT COUNT(*) FROM events")[0][0]
    assert data["counts"]["incidents"] == sql(web_store, "SELECT COUNT(*) FROM incidents")[0][0]
    by_code = {c["code"]: c["n"] for c in data["countries"]}
    for code, n in sql(web_store, "SELECT country_code, COUNT(*) FROM events WHERE country_code != '' GROUP BY 1"):
        assert by_code[code] == n
    assert get(client, "/api/facets", view="incidents")["total"] == data["counts"]["incidents"]


@pytest.mark.parametrize("cell", [0.5, 5, 40])
def test_clusters_add_up_to_the_placed_events(client, web_store, cell):
    data = get(client, "/api/clusters", cell=cell)
    placed = sql(web_store, "SELECT COUNT(*) FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL")[0][0]
    unplaced = sql(web_store, "SELECT COUNT(*) FROM events WHERE latitude IS NULL OR longitude IS NULL")[0][0]
    assert sum(c["n"] for c in data["clusters"]) == placed == data["placed"]
    assert data["unplaced"] == unplaced
    for c in data["clusters"]:
        assert sum(c["types"].values()) == c["n"]
        assert (c["id"] is not None) == (c["n"] == 1)
        assert -90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180


def test_clusters_inside_a_bbox_and_with_filters(client, web_store):
    # Africa only.
    data = get(client, "/api/clusters", cell=1, bbox="-20,-35,52,38")
    n = sql(web_store, "SELECT COUNT(*) FROM events WHERE latitude BETWEEN -35 AND 38 AND longitude BETWEEN -20 AND 52")[0][0]
    assert sum(c["n"] for c in data["clusters"]) == n > 0
    data = get(client, "/api/clusters", cell=1, event_type="Protests")
    n = sql(web_store, "SELECT COUNT(*) FROM events WHERE event_type='Protests' AND latitude IS NOT NULL")[0][0]
    assert sum(c["n"] for c in data["clusters"]) == n
    assert client.get("/api/clusters", params={"cell": "0"}).status_code == 400
    assert client.get("/api/clusters", params={"cell": "nan"}).status_code == 400
    assert client.get("/api/clusters", params={"bbox": "1,2,3"}).status_code == 400


def test_timeline_counts_every_dated_event(client, web_store):
    for bucket in ("day", "week", "auto"):
        data = get(client, "/api/timeline", bucket=bucket)
        dated = sql(web_store, "SELECT COUNT(*) FROM events WHERE event_date IS NOT NULL")[0][0]
        assert sum(b["n"] for b in data["buckets"]) == dated
        if data["bucket"] == "week":
            import datetime as dt
            assert all(dt.date.fromisoformat(b["date"]).weekday() == 0 for b in data["buckets"])
    assert client.get("/api/timeline", params={"bucket": "year"}).status_code == 400


def test_events_pages_cover_every_event_once(client, web_store):
    ids = []
    page = 1
    while True:
        data = get(client, "/api/events", page=page, size=4)
        ids += [r["id"] for r in data["rows"]]
        if page * 4 >= data["total"]:
            break
        page += 1
    assert sorted(ids) == sorted(r[0] for r in sql(web_store, "SELECT event_id FROM events"))
    rows = get(client, "/api/events", sort="fatalities", desc="1", size=500)["rows"]
    fat = [r["fatalities"] for r in rows if r["fatalities"] is not None]
    assert fat == sorted(fat, reverse=True)


@pytest.mark.parametrize("bad", ["fatalities; DROP TABLE events", "event_id", "1", "notes"])
def test_sort_column_is_whitelisted(client, bad):
    assert client.get("/api/events", params={"sort": bad}).status_code == 400


@pytest.mark.parametrize("params,where,args", [
    ({"country": "SO"}, "UPPER(country_code)='SO'", ()),
    ({"country": "somalia"}, "LOWER(country)='somalia'", ()),
    ({"event_type": "Battles"}, "event_type='Battles'", ()),
    ({"min_fatalities": "5"}, "COALESCE(fatalities,0) >= 5", ()),
    ({"since": "2022-01-01", "until": "2023-12-31"}, "event_date BETWEEN '2022-01-01' AND '2023-12-31'", ()),
    ({"actor": "police"}, "(actor1 LIKE '%police%' OR actor2 LIKE '%police%' OR assoc_actor_1 LIKE '%police%' OR assoc_actor_2 LIKE '%police%')", ()),
    ({"q": "rescue workers"}, "(notes LIKE '%rescue workers%' OR article_id IN (SELECT id FROM articles WHERE text LIKE '%rescue workers%' OR title LIKE '%rescue workers%'))", ()),
])
def test_filters_select_what_sql_selects(client, web_store, params, where, args):
    expected = sorted(r[0] for r in sql(web_store, f"SELECT event_id FROM events WHERE {where}", args))
    data = get(client, "/api/events", size=500, **params)
    assert sorted(r["id"] for r in data["rows"]) == expected
    assert data["total"] == len(expected)


def test_text_search_takes_sql_and_like_characters_literally(client, web_store):
    for q in ("%", "_", "' OR 1=1 --", "\\", "\"; DROP TABLE events; --"):
        data = get(client, "/api/events", q=q, size=500)
        expected = sql(web_store, "SELECT COUNT(*) FROM events e WHERE instr(e.notes, ?) > 0 OR e.article_id IN "
                       "(SELECT id FROM articles WHERE instr(text, ?) > 0 OR instr(title, ?) > 0)", (q, q, q))[0][0]
        assert data["total"] == expected
    assert sql(web_store, "SELECT COUNT(*) FROM events")[0][0] > 0  # nothing was dropped


@pytest.mark.parametrize("params", [{"since": "2024-13-01"}, {"min_fatalities": "many"}, {"q": "x" * 201}])
def test_bad_filters_are_400(client, params):
    res = client.get("/api/events", params=params)
    assert res.status_code == 400 and "error" in res.json()


def test_event_detail_evidence_slices_the_article_text(client, web_store):
    for (event_id,) in sql(web_store, "SELECT event_id FROM events"):
        data = get(client, f"/api/event/{event_id}")
        text = data["article"]["text"]
        assert data["record"]["event_id"] == event_id
        assert len(data["evidence"]) == sql(web_store, "SELECT COUNT(*) FROM evidence WHERE event_id=?", (event_id,))[0][0]
        for ev in data["evidence"]:
            assert ev["located"], ev
            assert text[ev["start"]:ev["end"]] == ev["text"]


def test_incident_detail_lists_sources_and_reconciliation(client, web_store):
    for (incident_id, n_articles) in sql(web_store, "SELECT incident_id, n_articles FROM incidents"):
        data = get(client, f"/api/incident/{incident_id}")
        assert len({s["article_id"] for s in data["sources"]}) == n_articles
        assert "median" in data["reconciliation"]
        for s in data["sources"]:
            assert get(client, f"/api/event/{s['event_id']}")["incidents"].count(incident_id) == 1


def test_unknown_ids_are_404(client):
    assert client.get("/api/event/ev_nope").status_code == 404
    assert client.get("/api/incident/in_nope").status_code == 404
    assert client.get("/api/export.xlsx").status_code == 404


def test_merged_view_lists_incidents(client, web_store):
    data = get(client, "/api/events", view="incidents", size=500, sort="n_sources")
    assert data["kind"] == "incident"
    assert data["total"] == sql(web_store, "SELECT COUNT(*) FROM incidents")[0][0]
    assert all(r["id"].startswith("in_") for r in data["rows"])
    assert client.get("/api/events", params={"sort": "n_sources"}).status_code == 400


def test_downloads_go_through_the_writers(client, web_store):
    res = client.get("/api/export.csv", params={"country": "SO"})
    assert res.status_code == 200 and "attachment" in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert len(rows) == sql(web_store, "SELECT COUNT(*) FROM events WHERE country_code='SO'")[0][0]
    assert list(rows[0])[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert all(json.loads(r["evidence"]) for r in rows)
    geo = client.get("/api/export.geojson").json()
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == sql(web_store, "SELECT COUNT(*) FROM events")[0][0]
    merged = list(csv.DictReader(io.StringIO(client.get("/api/export.csv", params={"view": "incidents"}).text)))
    assert len(merged) == sql(web_store, "SELECT COUNT(*) FROM incidents")[0][0]
    assert "n_sources" in merged[0]


def test_hostile_articles_come_back_as_data_and_bad_urls_are_dropped(client, web_store):
    arts = {r[0]: r for r in sql(web_store, "SELECT id, url, title FROM articles WHERE id LIKE 'hostile-%'")}
    assert set(arts) == {a["id"] for a in HOSTILE}
    for (event_id, article_id) in sql(web_store, "SELECT event_id, article_id FROM events WHERE article_id LIKE 'hostile-%'"):
        art = get(client, f"/api/event/{event_id}")["article"]
        if article_id in ("hostile-script", "hostile-huge"):
            assert art["url"] is None  # javascript: and data: URLs never reach the page
        else:
            assert art["url"].startswith("https://")
        assert art["title"] == arts[article_id][2]  # JSON carries the text unchanged; the page sets textContent
    assert sql(web_store, "SELECT COUNT(*) FROM events WHERE article_id LIKE 'hostile-%'")[0][0] >= 2


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a", True), ("http://x.y/", True), ("javascript:alert(1)", False),
    (" JAVASCRIPT:alert(1)", False), ("data:text/html,x", False), ("//evil.example/x", False),
    ("/relative", False), ("vbscript:x", False), ("https://", False), (None, False), ("http://a\nb", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


def test_store_is_opened_read_only(web_store):
    before = os.stat(web_store).st_mtime_ns, sql(web_store, "SELECT COUNT(*) FROM events")
    reader = Reader(str(web_store))
    with reader.connect() as conn:
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM events")
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("CREATE TABLE x (a)")
    assert (os.stat(web_store).st_mtime_ns, sql(web_store, "SELECT COUNT(*) FROM events")) == before


def test_not_a_store_is_refused(tmp_path):
    with pytest.raises(QueryError):
        Reader(str(tmp_path / "missing.db"))
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.commit()
    with pytest.raises(QueryError):
        Reader(str(other))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(QueryError):
        Reader(str(junk))


def test_filters_round_trip_through_url_params():
    f = Filters(since="2024-01-01", country="SO", min_fatalities=3, q="x y", merged=True)
    assert Filters.from_params(f.params()) == f
    assert Filters.from_params({}) == Filters()


def test_a_marker_at_one_point_lists_its_events(client, web_store):
    same = sql(web_store, "SELECT latitude, longitude, COUNT(*) FROM events WHERE latitude IS NOT NULL "
                          "GROUP BY 1, 2 HAVING COUNT(*) > 1 ORDER BY 3 DESC LIMIT 1")
    assert same, "the examples have two events at one place"
    lat, lon, n = same[0]
    clusters = get(client, "/api/clusters", cell=0.01)["clusters"]
    point = [c for c in clusters if c["point"]]
    assert any(c["n"] == n and abs(c["lat"] - lat) < 1e-4 and abs(c["lon"] - lon) < 1e-4 for c in point)
    assert not any(c["point"] for c in clusters if c["n"] == 1)
    data = get(client, "/api/events", at=f"{lat},{lon}")
    assert data["total"] == n
    assert client.get("/api/events", params={"at": "91,0"}).status_code == 400
    assert client.get("/api/events", params={"at": "x"}).status_code == 400


def test_incident_numbers_are_reconciled_from_their_sources(client, web_store):
    for (incident_id,) in sql(web_store, "SELECT incident_id FROM incidents"):
        data = get(client, f"/api/incident/{incident_id}")
        for name, n in data["numbers"].items():
            rec = data["record"]
            assert (n["best"], n["low"], n["high"]) == (rec[name], rec[f"{name}_low"], rec[f"{name}_high"])
            assert set(n["reports"]) <= {s["original_id"] for s in data["sources"]}
