"""The `strife serve` web app: a small Starlette application over a read-only store.

Pages: `/` (map, timeline, filters, table, evidence viewer; all drawn by our own ES modules
in static/js). JSON API under `/api/`: facets, clusters, timeline, events, event/{id},
incident/{id}, borders, and `export.csv` / `export.geojson` of the current selection.

Security defaults: every response carries a strict Content-Security-Policy (scripts only
from this origin, no inline script, no connections elsewhere), `nosniff`, `no-referrer`
and `frame-ancestors 'none'`; Host headers other than the bound address are refused (DNS
rebinding); the store is opened read-only and every query is parameterised.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from . import borders
from .queries import Filters, QueryError, Reader

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")
TEMPLATES = os.path.join(HERE, "templates")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
# Host header values served by default (DNS-rebinding defence: a page on another name that
# resolves to 127.0.0.1 still cannot read the API).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"Cache-Control": "no-store"})


def _error(exc: QueryError) -> JSONResponse:
    status = 404 if str(exc).startswith("no ") else 400
    return _json({"error": str(exc)}, status)


def _float(params: Any, name: str, default: float) -> float:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise QueryError(f"{name}={raw!r} is not a number") from None
    if not math.isfinite(value):
        raise QueryError(f"{name} must be a finite number")
    return value


def _int(params: Any, name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"{name}={raw!r} is not a whole number") from None


def _bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if not raw:
        return None
    try:
        west, south, east, north = (float(x) for x in raw.split(","))
    except ValueError:
        raise QueryError("bbox must be four numbers: west,south,east,north") from None
    return west, south, east, north


def create_app(db: str, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The app serving store `db` (opened read-only). `allowed_hosts`: the Host header
    values accepted (default: localhost names only)."""
    reader = Reader(db)
    templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True))

    def index(request: Request) -> Response:
        return templates.TemplateResponse(request, "index.html", {
            "db_name": os.path.basename(db), "version": __version__})

    def facets(request: Request) -> Response:
        try:
            return _json(reader.facets(merged=request.query_params.get("view") == "incidents"))
        except QueryError as exc:
            return _error(exc)

    def clusters(request: Request) -> Response:
        p = request.query_params
        try:
            return _json(reader.clusters(Filters.from_params(p), _float(p, "cell", 5.0), _bbox(p.get("bbox"))))
        except QueryError as exc:
            return _error(exc)

    def timeline(request: Request) -> Response:
        p = request.query_params
        try:
            return _json(reader.timeline(Filters.from_params(p), p.get("bucket") or "auto"))
        except QueryError as exc:
            return _error(exc)

    def events(request: Request) -> Response:
        p = request.query_params
        try:
            return _json(reader.events(Filters.from_params(p), sort=p.get("sort") or "event_date",
                                       desc=p.get("desc") in ("1", "true"),
                                       page=_int(p, "page", 1), size=_int(p, "size", 50)))
        except QueryError as exc:
            return _error(exc)

    def event(request: Request) -> Response:
        try:
            return _json(reader.event(request.path_params["event_id"]))
        except QueryError as exc:
            return _error(exc)

    def incident(request: Request) -> Response:
        try:
            return _json(reader.incident(request.path_params["incident_id"]))
        except QueryError as exc:
            return _error(exc)

    def borders_view(request: Request) -> Response:
        return JSONResponse(borders.countries(), headers={"Cache-Control": "max-age=86400"})

    def export(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("csv", "geojson"):
            return _json({"error": f"cannot export {fmt!r}; use export.csv or export.geojson"}, 404)
        try:
            filters = Filters.from_params(request.query_params)
        except QueryError as exc:
            return _error(exc)
        name = ("incidents" if filters.merged else "events") + "." + fmt
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
        return StreamingResponse(
            export_chunks(reader, filters, fmt), media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'})

    routes = [
        Route("/", index),
        Route("/api/facets", facets),
        Route("/api/clusters", clusters),
        Route("/api/timeline", timeline),
        Route("/api/events", events),
        Route("/api/event/{event_id:str}", event),
        Route("/api/incident/{incident_id:str}", incident),
        Route("/api/borders", borders_view),
        Route("/api/export.{fmt:str}", export),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = allowed_hosts or list(LOCAL_HOSTS)
    app = Starlette(routes=routes, middleware=[
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
    ])
    app.state.reader = reader
    return app


def export_chunks(reader: Reader, filters: Filters, fmt: str, batch: int = 500):
    """The selection as CSV or GeoJSON text chunks, through strife's own writers (CSV: ACLED
    columns first, plus the merge columns for incidents; GeoJSON: one Point per record)."""
    from ..output.export import INCIDENT_EXTRA, incident_record
    from ..output.writers import CSV_COLUMNS, EventWriter, csv_row

    if fmt not in ("csv", "geojson"):
        raise QueryError(f"cannot export {fmt!r}; use csv or geojson")
    buf = io.StringIO()
    columns = list(CSV_COLUMNS) + [c for c in INCIDENT_EXTRA if filters.merged and c not in CSV_COLUMNS]
    if fmt == "csv":
        writer: Any = csv.DictWriter(buf, fieldnames=columns)
        writer.writeheader()
    else:
        writer = EventWriter(buf, "geojson", close=False)
    for n, rec in enumerate(reader.export_records(filters), 1):
        if filters.merged:
            rec = incident_record(rec)
        if fmt == "csv":
            row = csv_row(rec)
            if filters.merged:
                for name in INCIDENT_EXTRA:
                    value = rec.get(name)
                    row[name] = json.dumps(value) if isinstance(value, list) else value
            writer.writerow(row)
        else:
            writer.write({k: v for k, v in rec.items() if k != "article_ids"})
        if n % batch == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if fmt == "geojson":
        writer.close()
    yield buf.getvalue()
