"""Benchmarks of the build, the checks and the queries on synthetic facts (graph.bench.synthetic).

Every step runs as a fresh child process, so that its figure includes start-up and imports as
a user sees them, and so that memory is measured for the step alone: the peak resident memory
of the child and all its descendants (the build's worker processes), sampled from /proc.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from graph.bench.processes import Measured, checked, measure, python_command
from graph.bench.query_timing import QueryRun, joined, run_queries
from graph.build.atomic import write_file_atomically

STEPS = ("parse_floor", "build", "build_pyyaml", "rebuild", "rdflib_peer", "check", "queries")
# rdflib holds about 1 KB per triple: at a million entities the peer pipeline needs ~9 GB.
RDFLIB_MAX_ENTITIES = 200_000
QUERY_LIMIT_SECONDS = 30.0
STORE_EXECUTIONS = 5
QUERY_KINDS = ("all", "selective")
BUILD_PEAK_MIB = 1024
FAST_BUILD_RATIO = 0.5  # the build with rapidyaml reading the clean files (issue 18, part 3)
STREAM_PEAK_MIB = 2048
QUERY_MS = 100  # a selective query: one place, one pairing, one entity
REPORT_MS = 1000  # a whole-graph report
LOAD_AND_FIRST_QUERY_RATIO = 1.5  # load() and the first query, against a graph-only build
# The paths users query by, as the per-query figures name them: (key, what it is).
PATHS = (("store", "duikou query"), ("serve", "duikou serve"), ("api", "kg.query"))
_MIB = 2**20
SHAPES_NOTE = "check runs with --no-shapes: the SHACL engine (pySHACL) is pure Python and far too slow at 100k entities"

_PARSE_FLOOR = """
import sys
from pathlib import Path

import yaml

files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".yaml", ".yml"))
for path in files:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print(len(files))
"""

_RDFLIB_PEER = """
import sys
from pathlib import Path

from graph.rdf.convert import fact_triples
from graph.facts.loader import read_facts
from graph.rdf.graphs import to_rdflib

facts = read_facts(Path(sys.argv[1]))
if any(p.severity == "error" for p in facts.problems):
    sys.exit("the facts have errors")
graph = to_rdflib(fact_triples(facts))
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
graph.serialize(destination=str(out / "peer.ttl"), format="turtle")
graph.serialize(destination=str(out / "peer.nt"), format="nt")
print(len(graph))
"""

@dataclass
class _Layout:
    root: Path
    facts: Path
    build: Path
    peer: Path
    backup: Path

    @classmethod
    def of(cls, out: Path, entities: int) -> _Layout:
        root = Path(out) / f"bench-{entities}"
        return cls(root, root / "facts", root / "build", root / "rdflib-peer", root / ".edited-file.json")


def _build_command(layout: _Layout, stream: bool) -> list[str]:
    mode = "--stream" if stream else "--graph-only"
    return python_command("-m", "graph.cli", "build", mode, "--facts", str(layout.facts), "--out", str(layout.build))


def _cold(layout: _Layout) -> None:
    shutil.rmtree(layout.build / ".cache", ignore_errors=True)


def _restore_edit(layout: _Layout) -> None:
    """Put back a file the rebuild step edited, also after a run that was stopped mid-way."""
    if not layout.backup.is_file():
        return
    saved = json.loads(layout.backup.read_text(encoding="utf-8"))
    _replace(Path(saved["path"]), saved["text"])
    layout.backup.unlink()


def _replace(path: Path, text: str) -> None:
    write_file_atomically(path, text.encode("utf-8"))


@contextlib.contextmanager
def _one_file_edited(layout: _Layout) -> Iterator[Path]:
    """One entry's English name changed in a file in the middle of the facts, kept valid."""
    files = sorted(p for p in layout.facts.rglob("*.yaml") if p.name != "measures.yaml")
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    at = text.index("en: Synthetic ", text.index("\nentries:\n"))
    _replace(layout.backup, json.dumps({"path": str(path.resolve()), "text": text}, ensure_ascii=False))
    _replace(path, text[:at] + "en: Synthetic renamed " + text[at + len("en: Synthetic ") :])
    try:
        yield path
    finally:
        _restore_edit(layout)


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
    return count


def _summary(measured: list[Measured]) -> dict[str, Any]:
    return {
        "median_s": round(statistics.median(m.seconds for m in measured), 3),
        "peak_mib": round(max(m.peak_mib for m in measured), 1),
        "runs": [{"seconds": round(m.seconds, 3), "peak_mib": round(m.peak_mib, 1)} for m in measured],
    }


def _versions() -> dict[str, str]:
    found = {}
    for name in ("duikou", "PyYAML", "rdflib", "pyoxigraph"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _choose_steps(entities: int, steps: Sequence[str] | None) -> tuple[list[str], dict[str, str]]:
    skipped: dict[str, str] = {}
    if steps is None:
        chosen = list(STEPS)
        if entities > RDFLIB_MAX_ENTITIES:
            chosen.remove("rdflib_peer")
            skipped["rdflib_peer"] = f"skipped above {RDFLIB_MAX_ENTITIES} entities (rdflib needs about 9 GB at 1M); ask for it with --steps"
    else:
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ValueError(f"unknown step(s) {', '.join(unknown)}: choose from {', '.join(STEPS)}")
        chosen = [s for s in STEPS if s in steps]
    for step in STEPS:
        if step not in chosen:
            skipped.setdefault(step, "not asked for in --steps")
    return chosen, skipped


def bench(
    entities: int,
    runs: int = 3,
    seed: int = 0,
    out: Path = Path("build"),
    steps: Sequence[str] | None = None,
    stream: bool = False,
    queries: str = "all",
) -> dict[str, Any]:
    """Measure the build against the YAML parse floor, rdflib and the checks, on N synthetic entities.

    Synthetic facts (as `duikou generate` writes them) go to OUT/bench-N/facts, and are reused
    when they were generated with the same N and seed. Each step runs RUNS times, interleaved,
    each time in a fresh process; the figures are the median wall time and the peak resident
    memory of the whole process tree (worker processes included), sampled every 20 ms:

      parse_floor  PyYAML's CSafeLoader parsing every file, and nothing else
      build        duikou build --graph-only (--stream with --stream), with no cache: a cold build
      build_pyyaml the same cold build with DUIKOU_YAML_READER=pyyaml: every file read by PyYAML
      rebuild      the same build with its cache, after one entity's English name was changed
      rdflib_peer  read_facts and fact_triples, an rdflib Graph, Turtle and N-Triples written by rdflib
      check        duikou check --no-shapes (the SHACL engine is far too slow at 100k entities)
      queries      the selective queries (one city, one pairing, one entity: graph.bench.selective,
                   about a synthetic cluster in the middle) and the example reports, each on an
                   in-memory Oxigraph store bulk-loaded from the built duikou.nt, on the on-disk
                   store that `duikou build` writes and `duikou query` reads, through `duikou
                   serve`, and through `kg.query` after `load()` of the facts (whose time with the
                   first query is measured against the build); medians of 5 executions; once on
                   rdflib; each is stopped at 30 s

    rdflib_peer, and the rdflib side of queries, are skipped above 200,000 entities unless
    asked for with --steps. ``queries="selective"`` runs only the selective queries (at a
    million entities the reports take hours on the four paths). Prints a table with the ratios to the parse floor and the targets,
    and writes the figures to OUT/bench-N.json.
    """
    from graph.bench.selective import selective_queries, synthetic_subjects
    from graph.bench.synthetic import FORMAT, read_stamp, write_synthetic_facts
    from graph.facts.fastread import READER_VARIABLE, reader_name
    from graph.sparql.querylib import example_queries

    if entities < 1 or runs < 1:
        raise ValueError("entities and runs must be at least 1")
    if queries not in QUERY_KINDS:
        raise ValueError(f"unknown queries {queries!r}: choose from {', '.join(QUERY_KINDS)}")
    chosen, skipped = _choose_steps(entities, steps)
    layout = _Layout.of(Path(out), entities)
    layout.root.mkdir(parents=True, exist_ok=True)
    _restore_edit(layout)
    stamp = read_stamp(layout.facts)
    if stamp and (stamp.get("entities"), stamp.get("seed"), stamp.get("format")) == (entities, seed, FORMAT):
        _say(f"reusing the synthetic facts in {layout.facts}/")
        generated = stamp
    else:
        _say(f"generating {entities} synthetic entities into {layout.facts}/")
        generated = write_synthetic_facts(layout.facts, entities, seed)
    build_command = _build_command(layout, stream)
    rdflib_queries = "queries" in chosen and (entities <= RDFLIB_MAX_ENTITIES or (steps is not None and "rdflib_peer" in steps))
    selective = selective_queries(*synthetic_subjects(entities))
    reports = {name: query.text for name, query in example_queries().items()} if queries == "all" else {}
    texts = {**selective, **reports}
    measured: dict[str, list[Measured]] = {step: [] for step in chosen}
    memory_runs: list[QueryRun] = []
    disk_runs: list[QueryRun] = []
    serve_runs: list[QueryRun] = []
    api_runs: list[QueryRun] = []
    rdflib_run: QueryRun | None = None
    for run in range(runs):
        for step in chosen:
            _say(f"run {run + 1}/{runs}: {step}")
            if step == "parse_floor":
                measured[step].append(checked(step, measure(python_command("-c", _PARSE_FLOOR, str(layout.facts)))))
            elif step == "build":
                _cold(layout)
                measured[step].append(checked(step, measure(build_command)))
            elif step == "build_pyyaml":
                _cold(layout)
                measured[step].append(checked(step, measure(["env", f"{READER_VARIABLE}=pyyaml", *build_command])))
            elif step == "rebuild":
                checked("build before rebuild", measure(build_command))
                with _one_file_edited(layout):
                    measured[step].append(checked(step, measure(build_command)))
                checked("build after rebuild", measure(build_command))  # the outputs match the facts again
            elif step == "rdflib_peer":
                measured[step].append(checked(step, measure(python_command("-c", _RDFLIB_PEER, str(layout.facts), str(layout.peer)))))
            elif step == "check":
                measured[step].append(checked(step, measure(python_command("-m", "graph.cli", "check", "--no-shapes", "--facts", str(layout.facts)))))
            elif step == "queries":
                if not (layout.build / "duikou.nt").is_file():
                    checked("build before queries", measure(build_command))
                nt = layout.build / "duikou.nt"
                # A query stopped at the limit once is not run again: it would only be stopped again.
                memory_runs.append(run_queries("oxigraph", nt, _not_stopped(texts, memory_runs), STORE_EXECUTIONS, QUERY_LIMIT_SECONDS))
                if memory_runs[-1].processes:
                    measured[step].append(joined(memory_runs[-1].processes))
                # Written again each run, so that its figure is the writing `duikou build` does.
                shutil.rmtree(layout.build / "oxigraph", ignore_errors=True)
                disk_runs.append(run_queries("store", nt, _not_stopped(texts, disk_runs), STORE_EXECUTIONS, QUERY_LIMIT_SECONDS))
                serve_runs.append(run_queries("serve", nt, _not_stopped(texts, serve_runs), STORE_EXECUTIONS, QUERY_LIMIT_SECONDS))
                # The facts as a notebook loads them; the first query is a selective one.
                api_runs.append(run_queries("api", layout.facts, _not_stopped(texts, api_runs), STORE_EXECUTIONS, QUERY_LIMIT_SECONDS))
                if rdflib_queries and run == 0:  # rdflib is the slow comparison: once is enough
                    rdflib_run = run_queries("rdflib", nt, texts, 1, QUERY_LIMIT_SECONDS)
    nt = layout.build / "duikou.nt"
    result: dict[str, Any] = {}
    for step in STEPS:
        if step in measured:
            result[step] = _summary(measured[step])
        else:
            result[step] = {"skipped": skipped[step]}
    if "check" in measured:
        result["check"]["note"] = SHAPES_NOTE
    if "build" in measured or "rebuild" in measured or "build_pyyaml" in measured:
        for step in ("build", "rebuild", "build_pyyaml"):
            if step in measured:
                result[step]["command"] = " ".join(["duikou", *build_command[3:]])
        if "build_pyyaml" in measured:
            result["build_pyyaml"]["command"] = f"{READER_VARIABLE}=pyyaml " + result["build_pyyaml"]["command"]
    if memory_runs:
        per_query: dict[str, Any] = {}
        for name in texts:
            if rdflib_run is not None:
                rdflib = _rounded(rdflib_run.figures[name])
            else:
                rdflib = {"skipped": skipped.get("rdflib_peer") if entities > RDFLIB_MAX_ENTITIES else "skipped"}
            per_query[name] = {
                "kind": "selective" if name in selective else "report",
                "oxigraph": _median_of(memory_runs, name),
                "store": _median_of(disk_runs, name),
                "serve": _median_of(serve_runs, name),
                "api": _median_of(api_runs, name),
                "rdflib": rdflib,
            }
        result["queries"]["load_s"] = round(statistics.median(r.load_s for r in memory_runs if r.processes), 3)
        result["queries"]["per_query"] = per_query
        result["queries"]["selective_subjects"] = dict(zip(("city", "pairing"), synthetic_subjects(entities), strict=True))
        for key, runs_of in (("store", disk_runs), ("serve", serve_runs)):
            if any(r.processes for r in runs_of):
                result["queries"][key] = {
                    "load_s": round(statistics.median(r.load_s for r in runs_of if r.processes), 3),
                    "peak_mib": round(max(m.peak_mib for r in runs_of for m in r.processes), 1),
                }
        servers = next((r.servers for r in reversed(serve_runs) if r.servers), None)
        if servers is not None and "serve" in result["queries"]:
            result["queries"]["serve"]["servers"] = servers
        if any(r.processes for r in api_runs):
            first = next(iter(selective))
            firsts = [r.first_load_s + r.figures[first]["first_s"] for r in api_runs if "first_s" in r.figures.get(first, {})]
            result["queries"]["api"] = {
                "load_s": round(statistics.median(r.first_load_s - r.first_store_s for r in api_runs), 3),
                # The in-memory store, which the first query makes (made before it here, so that
                # the time limit applies to the query alone); load_and_first_query_s counts it.
                "store_s": round(statistics.median(r.first_store_s for r in api_runs), 3),
                "first_query": first,
                "load_and_first_query_s": round(statistics.median(firsts), 3) if firsts else None,
                "peak_mib": round(max(m.peak_mib for r in api_runs for m in r.processes), 1),
            }
        if rdflib_run is not None:
            result["queries"]["rdflib"] = {
                "load_s": round(rdflib_run.load_s, 3),
                "peak_mib": round(max(m.peak_mib for m in rdflib_run.processes), 1),
                "limit_s": QUERY_LIMIT_SECONDS,
            }
    result["metadata"] = {
        "entities": entities,
        "seed": seed,
        "runs": runs,
        "stream": stream,
        "queries": queries,
        "files": generated.get("files"),
        "yaml_bytes": generated.get("bytes"),
        "sources": generated.get("sources"),
        "triples": _count_lines(nt) if nt.is_file() else None,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "libraries": _versions(),
        "yaml_reader": reader_name(),
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    result["targets"] = targets(result)
    path = Path(out) / f"bench-{entities}.json"
    write_file_atomically(path, (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    result["metadata"]["written_to"] = str(path)
    return result


def _not_stopped(texts: dict[str, str], runs: list[QueryRun]) -> dict[str, str]:
    """The queries not yet stopped at the limit on this engine: once is enough to know."""
    stopped = {n for r in runs for n, f in r.figures.items() if f.get("timeout")}
    return {n: text for n, text in texts.items() if n not in stopped}


def _median_of(runs: list[QueryRun], name: str) -> dict[str, Any]:
    """One query's figures on one engine over the runs: the median of its runs' medians."""
    answered = [r.figures[name] for r in runs if "median_s" in r.figures.get(name, {})]
    if not answered:
        return {"timeout": True, "limit_s": QUERY_LIMIT_SECONDS}
    return {
        "median_s": round(statistics.median(f["median_s"] for f in answered), 5),
        "rows": answered[-1]["rows"],
        "executions": sum(f["executions"] for f in answered),
    }


def _rounded(figure: dict[str, Any] | None) -> dict[str, Any]:
    if figure is None:
        return {"skipped": "not run"}
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in figure.items()}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured figure and whether it is met (None: not measured)."""

    def median(step: str) -> float | None:
        value = result.get(step, {}).get("median_s")
        return None if value is None else float(value)

    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 3) if a is not None and b else None

    stream = bool(result.get("metadata", {}).get("stream"))
    floor, build, rebuild, peer = median("parse_floor"), median("build"), median("rebuild"), median("rdflib_peer")
    peak = result.get("build", {}).get("peak_mib")
    limit = STREAM_PEAK_MIB if stream else BUILD_PEAK_MIB
    found: list[dict[str, Any]] = []

    def add(target: str, measured: float | None, met: bool | None, unit: str) -> None:
        found.append({"target": target, "measured": measured, "unit": unit, "met": met})

    r = ratio(build, floor)
    add("build ≤ 1.5× parse_floor", r, None if r is None else r <= 1.5, "×")
    add(f"build ≤ {FAST_BUILD_RATIO}× parse_floor (the faster reader)", r, None if r is None else r <= FAST_BUILD_RATIO, "×")
    r = ratio(peer, build)
    add("rdflib_peer ≥ 4× build", r, None if r is None else r >= 4, "×")
    add(f"build peak ≤ {limit} MiB", peak, None if peak is None else peak <= limit, "MiB")
    queries = result.get("queries", {})
    r = ratio(queries.get("api", {}).get("load_and_first_query_s"), build)
    add(f"load() + first query ≤ {LOAD_AND_FIRST_QUERY_RATIO}× build", r, None if r is None else r <= LOAD_AND_FIRST_QUERY_RATIO, "×")
    per_query = queries.get("per_query", {})
    for key, where in PATHS:
        for kind, limit_ms in (("selective", QUERY_MS), ("report", REPORT_MS)):
            figures = [f[key] for f in per_query.values() if f.get("kind") == kind and key in f]
            if not figures:
                continue
            # The slowest query decides; one stopped at the time limit counts as the limit.
            slowest = max(f["median_s"] * 1000 if "median_s" in f else f.get("limit_s", 0) * 1000 for f in figures)
            stopped = any("median_s" not in f for f in figures)
            add(f"every {kind} query ≤ {limit_ms} ms ({where})", round(slowest, 2), not stopped and slowest <= limit_ms, "ms+" if stopped else "ms")
    r = ratio(rebuild, build)
    add("rebuild ≤ 20% of build", None if r is None else round(r * 100, 1), None if r is None else r <= 0.2, "%")
    return found


def table(result: dict[str, Any]) -> str:
    """The figures as text: steps, queries and targets."""
    meta = result["metadata"]
    lines = [
        f"{meta['entities']} entities, {meta['files']} files, {meta['yaml_bytes'] / _MIB:.1f} MiB of YAML, "
        f"{meta['triples']} triples; {meta['runs']} run(s), {meta['cpu_count']} CPUs, load average {meta['load_average'][0]}",
        f"facts read by {meta.get('yaml_reader', '?')}",
        "",
        f"{'step':<14}{'median s':>10}{'peak MiB':>10}{'× parse_floor':>15}",
    ]
    floor = result["parse_floor"].get("median_s")
    for step in STEPS:
        figures = result[step]
        if "skipped" in figures:
            lines.append(f"{step:<14}  skipped: {figures['skipped']}")
            continue
        ratio = f"{figures['median_s'] / floor:.2f}" if floor else "-"
        lines.append(f"{step:<14}{figures['median_s']:>10.2f}{figures['peak_mib']:>10.0f}{ratio:>15}")
        if step == "build_pyyaml":
            lines.append("  (build_pyyaml: the same build with every file read by PyYAML, DUIKOU_YAML_READER=pyyaml)")
    if "note" in result["check"]:
        lines.append(f"  ({result['check']['note']})")
    per_query = result["queries"].get("per_query")
    if per_query:
        width = max(len(n) for n in per_query)
        heads = ("memory ms", "disk ms", "serve ms", "kg.query ms")
        lines += ["", f"{'query':<{width}}  {'kind':<9}  " + "  ".join(f"{h:>11}" for h in heads) + f"  {'rows':>7}  {'rdflib s':>9}"]
        for name, figures in per_query.items():
            cells = [_ms_cell(figures.get(key, {})) for key in ("oxigraph", "store", "serve", "api")]
            rows = next((figures[key]["rows"] for key in ("oxigraph", "store", "serve", "api") if "rows" in figures.get(key, {})), "")
            rd = figures["rdflib"]
            rdflib_cell = f"{rd['median_s']:>9.3f}" if "median_s" in rd else f"{'timeout' if rd.get('timeout') else '-':>9}"
            lines.append(f"{name:<{width}}  {figures.get('kind', ''):<9}  " + "  ".join(f"{c:>11}" for c in cells) + f"  {rows:>7}  {rdflib_cell}")
        lines.append(f"  ({_query_note(result['queries'])})")
    lines += ["", "targets:"]
    width = max(len(t["target"]) for t in result["targets"])
    for target in result["targets"]:
        if target["measured"] is None:
            lines.append(f"  {target['target']:<{width}}  not measured")
            continue
        verdict = "met" if target["met"] else "NOT MET"
        lines.append(f"  {target['target']:<{width}}  {target['measured']:>9g} {target['unit']:<4} {verdict}")
    return "\n".join(lines) + "\n"


def _ms_cell(figure: dict[str, Any]) -> str:
    if "median_s" in figure:
        return f"{figure['median_s'] * 1000:.2f}"
    return "timeout" if figure.get("timeout") else "-"


def _query_note(queries: dict[str, Any]) -> str:
    """What each column of the query table is."""
    note = (
        f"memory: an in-memory Oxigraph store, bulk load {queries['load_s']:.2f} s, median of up to {STORE_EXECUTIONS} executions a run; "
        f"the queries row is its process. Each query is stopped at {QUERY_LIMIT_SECONDS:g} s"
    )
    if "store" in queries:
        store = queries["store"]
        note += f"; disk: the build's on-disk store, as duikou query reads it, written in {store['load_s']:.2f} s, peak {store['peak_mib']:.0f} MiB"
    if "serve" in queries:
        serve = queries["serve"]
        note += f"; serve: duikou serve over the build, POST over loopback, started in {serve['load_s']:.2f} s, peak {serve['peak_mib']:.0f} MiB with its client"
        for mode, figures in serve.get("servers", {}).items():
            start = figures.get("worker_start_ms")
            note += (
                f"; serve {mode} (graph {figures.get('graph')}): a worker starts in {'-' if start is None else f'{start:.1f}'} ms"
                f" (what a killed one costs), {figures.get('pss_mib', 0):.0f} MiB proportional set size"
            )
    if "api" in queries:
        api = queries["api"]
        both = api["load_and_first_query_s"]
        note += (
            f"; kg.query: load() of the facts {api['load_s']:.2f} s, its in-memory store {api.get('store_s', 0):.2f} s, then DataFrames;"
            f" load() and the first query ({api['first_query']}, with the store) "
            f"{'-' if both is None else f'{both:.2f}'} s, peak {api['peak_mib']:.0f} MiB"
        )
    if "rdflib" in queries:
        rd = queries["rdflib"]
        note += f"; rdflib: parse {rd['load_s']:.2f} s, peak {rd['peak_mib']:.0f} MiB, one execution"
    return note
