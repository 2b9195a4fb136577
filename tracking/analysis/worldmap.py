"""The world map: Natural Earth country shapes (static/tracking/countries-110m.json, see
VENDORED.md) decoded from TopoJSON and projected to SVG paths in Python, once per process.

Projection: equirectangular (plate carrée), longitude −180…180 and latitude 84…−58 (Antarctica,
which no case concerns, is left out). Countries join on the ISO 3166-1 numeric code
(`Country.numeric`); three shapes carry no code in the file and are joined by name: Kosovo to
XK, and "N. Cyprus" and "Somaliland" to Cyprus and Somalia, as the UN recognises them.
Countries too small for this scale (Bahrain, Singapore, Maldives, …) are drawn as dots at a
point derived from the 1:50m file of the same package (small-countries-50m.json).
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static" / "tracking"
GEOMETRY = STATIC / "countries-110m.json"
SMALL_POINTS = STATIC / "small-countries-50m.json"
WIDTH = 960
NORTH, SOUTH = 84.0, -58.0
SCALE = WIDTH / 360.0
HEIGHT = round((NORTH - SOUTH) * SCALE)
LEFT_OUT = {"010"}  # Antarctica
BY_NAME = {"Kosovo": ("iso2", "XK"), "N. Cyprus": ("numeric", "196"), "Somaliland": ("numeric", "706")}


@dataclass(frozen=True)
class Shape:
    code_kind: str  # "numeric" or "iso2"
    code: str
    name: str  # as in the file, for reference only; pages show the UN name
    d: str  # SVG path data


def _decode_arcs(topology) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes, arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = max(SOUTH, min(NORTH, lat))
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


@dataclass(frozen=True)
class Point:
    code: str  # ISO 3166-1 numeric
    name: str
    x: float
    y: float


@lru_cache(maxsize=1)
def small_points() -> tuple[Point, ...]:
    """Countries too small for the 1:110m shapes, as points (see VENDORED.md)."""
    data = json.loads(SMALL_POINTS.read_text(encoding="utf-8"))
    return tuple(Point(p["id"], p["name"], *project(p["lon"], p["lat"])) for p in data["points"])


def _unwrapped(points):
    """Longitudes made continuous across the antimeridian (Russia's Chukotka, Fiji): a ring
    crossing it gets longitudes beyond ±180 and is drawn twice, once shifted by 360°; the
    SVG's viewBox clips what falls outside the map."""
    out, offset, last = [], 0.0, None
    for lon, lat in points:
        if last is not None and abs(lon + offset - last) > 180:
            offset += 360 if last > lon + offset else -360
        last = lon + offset
        out.append((last, lat))
    copies = [out]
    if any(lon > 180 for lon, _ in out):
        copies.append([(lon - 360, lat) for lon, lat in out])
    if any(lon < -180 for lon, _ in out):
        copies.append([(lon + 360, lat) for lon, lat in out])
    return copies


def _path(polygons, arcs) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            for copy in _unwrapped(_ring(ring, arcs)):
                out, last = [], None
                for lon, lat in copy:
                    x, y = project(lon, lat)
                    p = (round(x, 1), round(y, 1))
                    if p != last:
                        out.append(p)
                        last = p
                if len(out) >= 3:
                    parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in out) + "Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    topology = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = geometry.get("id")
        if code in LEFT_OUT:
            continue
        if code:
            kind = "numeric"
        elif name in BY_NAME:
            kind, code = BY_NAME[name]
        else:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        result.append(Shape(kind, code, name, _path(polygons, arcs)))
    return tuple(result)
