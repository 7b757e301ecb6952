"""The map's base layer: China's provinces as SVG paths, projected and simplified.

The projection is the Albers equal-area conic usual for maps of China (standard parallels
25°N and 47°N, central meridian 105°E), on a sphere: at this scale the ellipsoid changes
nothing visible. Outlines are simplified with Douglas–Peucker to a tolerance of a fraction of
a pixel of the page's base view, which keeps the page small; the South China Sea islands are
shown in an inset, as official maps of China show them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from graph.geo.boundaries import Line, Point, units
from graph.geo.boundaries import lines as dataset_lines

WIDTH = 1000.0  # the SVG's base view is WIDTH units wide
TOLERANCE = 0.6  # simplification tolerance, in base-view units
# The main frame and the inset, as (west, south, east, north) in degrees.
MAIN_FRAME = (73.0, 17.5, 135.5, 54.0)
INSET_FRAME = (105.5, 2.5, 123.5, 24.5)
INSET_SCALE = 0.42

_PHI1, _PHI2, _LAMBDA0 = math.radians(25), math.radians(47), math.radians(105)
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = math.sqrt(_C) / _N  # latitude of origin 0°


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees onto the unit sphere's Albers plane (x east, y north)."""
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * (math.radians(lon) - _LAMBDA0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


@dataclass(frozen=True)
class Frame:
    """How degrees become SVG units: the projected main frame scaled to WIDTH."""

    left: float
    top: float
    scale: float
    height: float

    def to_svg(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = albers(lon, lat)
        return round((x - self.left) * self.scale, 1), round((self.top - y) * self.scale, 1)


@cache
def frame() -> Frame:
    west, south, east, north = MAIN_FRAME
    corners = [albers(lon, lat) for lon in (west, (west + east) / 2, east) for lat in (south, north)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    scale = WIDTH / (max(xs) - min(xs))
    return Frame(min(xs), max(ys), scale, round((max(ys) - min(ys)) * scale, 1))


def _simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iteratively, keeping the first and last points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_at = distance, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.extend(((first, worst_at), (worst_at, last)))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _path(rings: Iterable[Sequence[Point]], closed: bool) -> str:
    f = frame()
    parts = []
    for ring in rings:
        projected = [f.to_svg(x / 1e6, y / 1e6) for x, y in ring]
        if closed and projected[0] != projected[-1]:
            projected.append(projected[0])
        simple = _simplify(projected, TOLERANCE)
        deduplicated = [p for i, p in enumerate(simple) if i == 0 or p != simple[i - 1]]
        if closed and len(deduplicated) < 4:
            # An island smaller than the tolerance: kept as a dot-sized triangle, so that
            # small islands still show.
            x, y = deduplicated[0]
            deduplicated = [(x, y), (round(x + 0.6, 1), y), (x, round(y + 0.6, 1)), (x, y)]
        parts.append("M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in deduplicated) + ("Z" if closed else ""))
    return "".join(parts)


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Province:
    adcode: str
    name: str
    path: str  # SVG path data in base-view units


@cache
def provinces() -> tuple[Province, ...]:
    """Every province of the dataset as one simplified SVG path, in adcode order."""
    return tuple(
        Province(unit.adcode, unit.name, _path((ring for polygon in unit.polygons for ring in polygon), closed=True))
        for unit in sorted(units("province"), key=lambda u: u.adcode)
    )


@cache
def boundary_lines() -> dict[str, str]:
    """The nine-dash line and the undetermined border as SVG path data."""
    chosen: dict[str, list[Line]] = {name: shapes for name, shapes in dataset_lines().items() if name in ("九段线", "未定国界")}
    return {name: _path(shapes, closed=False) for name, shapes in sorted(chosen.items())}


def inset_transform() -> tuple[float, float, float, float, float]:
    """Where the inset sits and how it maps: (x, y, width, height) of its box in base-view units
    (at the bottom right) and the scale applied to the base layer inside it."""
    f = frame()
    west, south, east, north = INSET_FRAME
    corners = [f.to_svg(lon, lat) for lon in (west, east) for lat in (south, north)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    width, height = (max(xs) - min(xs)) * INSET_SCALE, (max(ys) - min(ys)) * INSET_SCALE
    return round(WIDTH - width - 4, 1), round(f.height - height - 4, 1), round(width, 1), round(height, 1), INSET_SCALE


def inset_source_box() -> tuple[float, float, float, float]:
    """The part of the base view that the inset shows: (x, y, width, height)."""
    f = frame()
    west, south, east, north = INSET_FRAME
    corners = [f.to_svg(lon, lat) for lon in (west, east) for lat in (south, north)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), round(max(xs) - min(xs), 1), round(max(ys) - min(ys), 1)


def outline_path(polygons: Iterable[Sequence[Sequence[Point]]], tolerance: float) -> str:
    """One unit's boundary as SVG path data, simplified to ``tolerance`` base-view units: finer
    than the provinces, for the maps that zoom in on one pairing."""
    f = frame()
    parts = []
    for polygon in polygons:
        for ring in polygon:
            projected = [f.to_svg(x / 1e6, y / 1e6) for x, y in ring]
            simple = _simplify(projected, tolerance)
            if len(simple) >= 3:
                parts.append("M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in simple) + "Z")
    return "".join(parts)
