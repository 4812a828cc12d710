"""Country borders for the map, from Natural Earth's 1:110m countries as a PyPI package ships them.

The file is the `naturalearth_lowres` shapefile (Natural Earth, public domain) that the
`pyogrio` wheel carries. It is read here with a small pure-Python shapefile + dBASE reader
(no GDAL is loaded), so the map needs no network, no tile server and no copied data.
When the file is missing (pyogrio not installed), the map is drawn without borders and the
page says so.
"""
from __future__ import annotations

import importlib.util
import os
import struct
from functools import lru_cache
from typing import Any

SHAPEFILE = os.path.join("tests", "fixtures", "naturalearth_lowres", "naturalearth_lowres")
POLYGON_TYPES = {5, 15, 25}  # Polygon, PolygonZ, PolygonM


def natural_earth_path() -> str | None:
    """The .shp path inside the installed pyogrio package (without importing it), or None."""
    try:
        spec = importlib.util.find_spec("pyogrio")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, SHAPEFILE + ".shp")
        if os.path.exists(path) and os.path.exists(path[:-4] + ".dbf"):
            return path
    return None


def read_dbf(path: str, encoding: str = "utf-8") -> list[dict[str, Any]]:
    """The records of a dBASE III table as dicts of stripped strings (numbers stay text)."""
    with open(path, "rb") as fh:
        data = fh.read()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\x00", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    out = []
    for i in range(n_records):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        if rec[:1] == b"*":  # deleted
            continue
        values, off = {}, 1
        for name, length in fields:
            values[name] = rec[off:off + length].decode(encoding, "replace").strip()
            off += length
        out.append(values)
    return out


def read_polygons(path: str) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings as [(lon, lat), ...] lists, in file order ([] for a null shape)."""
    with open(path, "rb") as fh:
        data = fh.read()
    out: list[list[list[tuple[float, float]]]] = []
    pos = 100
    while pos + 8 <= len(data):
        _, length_words = struct.unpack(">ii", data[pos:pos + 8])
        content = data[pos + 8: pos + 8 + 2 * length_words]
        pos += 8 + 2 * length_words
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type not in POLYGON_TYPES:
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts]))
        start = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", content[start:start + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2]))
        bounds = parts + [n_points]
        out.append([points[bounds[k]:bounds[k + 1]] for k in range(n_parts)])
    return out


@lru_cache(maxsize=1)
def countries(precision: int = 2) -> dict[str, Any]:
    """{"source", "countries": [{"name", "iso_a3", "rings": [[[lon, lat], ...], ...]}]}."""
    path = natural_earth_path()
    if path is None:
        return {"source": None, "countries": []}
    records = read_dbf(path[:-4] + ".dbf")
    shapes = read_polygons(path)
    items = []
    for rec, rings in zip(records, shapes):
        if rec.get("name") == "Antarctica":
            continue
        items.append({
            "name": rec.get("name") or "",
            "iso_a3": rec.get("iso_a3") or "",
            "rings": [[[round(x, precision), round(y, precision)] for x, y in ring] for ring in rings],
        })
    return {"source": "Natural Earth 1:110m countries (public domain), via the pyogrio package",
            "countries": items}
