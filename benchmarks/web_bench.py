"""Time every API call of `strife serve` on a large synthetic store.

    python benchmarks/web_bench.py [--events 100000] [--db PATH] [--repeat 3]

Builds (once; reused when PATH exists) a store of N synthetic events with the schema
`strife run` writes: one article per 5 events with ~1.5 kB of text, 3 evidence rows per
event, one merged incident per 2 events. Rows are invented (random places, dates over two
years, the six ACLED event types); they go straight into the tables, no NLP. Then each API
call is made through the ASGI app (Starlette's TestClient) and its best time of --repeat
runs is printed, with the size of its answer.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from strife.corpus.store import EVENT_COLUMNS, Store, _incident_columns

TYPES = {
    "Battles": ["Armed clash", "Government regains territory"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Strategic developments": ["Looting/property destruction", "Disrupted weapons use"],
}
COUNTRIES = [("SY", "Syria", 35.0, 38.0), ("IQ", "Iraq", 33.0, 44.0), ("NG", "Nigeria", 10.0, 8.0),
             ("SO", "Somalia", 5.0, 46.0), ("AF", "Afghanistan", 34.0, 66.0), ("UA", "Ukraine", 49.0, 32.0),
             ("CD", "Democratic Republic of the Congo", -2.0, 28.0), ("YE", "Yemen", 15.0, 45.0),
             ("ML", "Mali", 15.0, -2.0), ("MM", "Myanmar", 20.0, 96.0)]
ACTORS = ["Military Forces", "Police Forces", "Unidentified Armed Group", "Protesters", "Rioters",
          "Civilians", "Islamic State", "Al Shabaab", "Taliban", "Militia"]
WORDS = ["the", "army", "said", "fighters", "attacked", "a", "village", "near", "the", "town", "on", "Monday", "killing", "several", "people", "and", "wounding", "others", "officials", "said", "residents", "fled", "toward", "the", "river"]


def build(path: str, n_events: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    per_article = 5
    with Store(path) as store, store.transaction() as conn:
        ev_cols = list(EVENT_COLUMNS)
        ev_rows, evid_rows, art_rows = [], [], []
        events = []
        for a in range(0, n_events, per_article):
            aid = f"art-{a // per_article:06d}"
            text = " ".join(rng.choice(WORDS) for _ in range(250))
            published = (start + dt.timedelta(days=rng.randrange(730))).isoformat()
            art_rows.append((aid, f"h{a}", f"https://example.org/{aid}", f"Report {aid}", published,
                             "bench", "done", None, None, None, per_article, text, None))
            for k in range(min(per_article, n_events - a)):
                etype = rng.choice(list(TYPES))
                cc, country, lat, lon = rng.choice(COUNTRIES)
                placed = rng.random() > 0.08
                ev = {c: None for c in ev_cols}
                ev.update(event_id=f"ev_{a + k:08d}", article_id=aid, event_date=published,
                          date_precision="day", event_type=etype, sub_event_type=rng.choice(TYPES[etype]),
                          actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS), country=country,
                          country_code=cc, location=f"Place {rng.randrange(500)}",
                          latitude=lat + rng.uniform(-3, 3) if placed else None,
                          longitude=lon + rng.uniform(-3, 3) if placed else None,
                          fatalities=rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 30]), claimed=0,
                          notes=f"On {published}, {etype.lower()} in {country}.", confidence=0.8)
                events.append(ev)
                ev_rows.append([ev[c] for c in ev_cols])
                for i, field in enumerate(("event_type", "location", "actor1")):
                    s = rng.randrange(0, len(text) - 20)
                    evid_rows.append((ev["event_id"], i, field, s, s + 10, text[s:s + 10]))
        conn.executemany("INSERT INTO articles (id, content_hash, url, title, published, source, status, "
                         "duplicate_of, duplicate_kind, similarity, n_events, text, minhash) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", art_rows)
        conn.executemany(f"INSERT INTO events ({','.join(ev_cols)}) VALUES ({','.join('?' * len(ev_cols))})", ev_rows)
        conn.executemany("INSERT INTO evidence VALUES (?,?,?,?,?,?)", evid_rows)
        inc_cols = list(_incident_columns())
        inc_rows, src_rows = [], []
        for i in range(0, len(events), 2):
            members = events[i:i + 2]
            first = members[0]
            rec = {c: first.get(c) for c in inc_cols}
            rec.update(incident_id=f"in_{i:08d}", n_events=len(members), n_articles=len({m["article_id"] for m in members}),
                       n_sources=len({m["article_id"] for m in members}))
            inc_rows.append([rec[c] for c in inc_cols])
            src_rows += [(rec["incident_id"], m["event_id"], m["article_id"], m["article_id"]) for m in members]
        conn.executemany(f"INSERT INTO incidents ({','.join(inc_cols)}) VALUES ({','.join('?' * len(inc_cols))})", inc_rows)
        conn.executemany("INSERT INTO incident_sources VALUES (?,?,?,?)", src_rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="store to build or reuse (default: a temp file)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from starlette.testclient import TestClient

    from strife.web.app import create_app

    path = args.db or os.path.join(tempfile.mkdtemp(), "bench.db")
    if not os.path.exists(path):
        t = time.perf_counter()
        build(path, args.events)
        print(f"built {path}: {args.events:,} events in {time.perf_counter() - t:.1f}s")
    client = TestClient(create_app(path), base_url="http://127.0.0.1:8765")
    first = client.get("/api/events", params={"size": 1}).json()["rows"][0]["id"]
    inc = client.get("/api/events", params={"size": 1, "view": "incidents"}).json()["rows"][0]["id"]
    calls = [
        ("page /", "/", {}),
        ("facets", "/api/facets", {}),
        ("borders", "/api/borders", {}),
        ("clusters world (cell 8)", "/api/clusters", {"cell": 8}),
        ("clusters zoomed (cell 0.2, bbox)", "/api/clusters", {"cell": 0.2, "bbox": "30,30,40,40"}),
        ("clusters + country filter", "/api/clusters", {"cell": 8, "country": "SY"}),
        ("timeline auto", "/api/timeline", {}),
        ("timeline day", "/api/timeline", {"bucket": "day"}),
        ("events page 1", "/api/events", {}),
        ("events page 1000, sort fatalities desc", "/api/events", {"page": 1000, "size": 50, "sort": "fatalities", "desc": "1"}),
        ("events filtered (type + min fatalities)", "/api/events", {"event_type": "Battles", "min_fatalities": 5}),
        ("events actor search", "/api/events", {"actor": "shabaab"}),
        ("events text search (notes + article text)", "/api/events", {"q": "river"}),
        ("incidents page 1", "/api/events", {"view": "incidents"}),
        ("clusters incidents", "/api/clusters", {"cell": 8, "view": "incidents"}),
        ("event detail", f"/api/event/{first}", {}),
        ("incident detail", f"/api/incident/{inc}", {}),
        ("export.csv (country SY)", "/api/export.csv", {"country": "SY"}),
    ]
    print(f"{'call':45s} {'best ms':>9s} {'bytes':>11s}")
    for label, url, params in calls:
        best, size = float("inf"), 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = client.get(url, params=params)
            best = min(best, time.perf_counter() - t)
            assert res.status_code == 200, (url, res.text[:200])
            size = len(res.content)
        print(f"{label:45s} {best * 1000:9.1f} {size:11,d}")


if __name__ == "__main__":
    main()
