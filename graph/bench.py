"""Benchmarks of the build, the checks and the queries on synthetic facts (graph.generate).

Every step runs as a fresh child process, so that its figure includes start-up and imports as
a user sees them, and so that memory is measured for the step alone: the peak resident memory
of the child and all its descendants (the build's worker processes), sampled from /proc.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from .atomic import write_file_atomically

STEPS = ("parse_floor", "build", "rebuild", "rdflib_peer", "check", "queries")
# rdflib holds about 1 KB per triple: at a million entities the peer pipeline needs ~9 GB.
RDFLIB_MAX_ENTITIES = 200_000
QUERY_LIMIT_SECONDS = 30.0
STORE_EXECUTIONS = 5
SAMPLE_SECONDS = 0.02
BUILD_PEAK_MIB = 1024
STREAM_PEAK_MIB = 2048
QUERY_MS = 100
_PAGE = os.sysconf("SC_PAGE_SIZE")
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

from graph.convert import fact_triples
from graph.facts import read_facts
from graph.rdf import to_rdflib

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

# Loads the build's N-Triples and the ontology, says how long that took, then answers each
# query, printing one JSON line per query as soon as it is done. On Oxigraph each query runs up
# to EXECUTIONS times (fewer when they would add up to more than the limit); on rdflib once,
# stopped by an alarm at the limit. A query the alarm cannot stop (Oxigraph computes in Rust) is stopped by
# the parent, which kills the process.
_QUERIES = """
import json
import signal
import statistics
import sys
import time

from graph.ontology import ontology_turtle
from graph.querylib import example_queries
from graph.vocab import PREFIXES

engine, nt, executions, limit, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:]
start = time.perf_counter()
if engine == "oxigraph":
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.bulk_load(input=ontology_turtle().encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)

    def answer(text):
        result = store.query(text, prefixes=dict(PREFIXES))
        return 1 if isinstance(result, pyoxigraph.QueryBoolean) else sum(1 for _ in result)
else:
    from graph.rdf import new_graph

    graph = new_graph()
    graph.parse(nt, format="nt")
    graph.parse(data=ontology_turtle(), format="turtle")

    def answer(text):
        return sum(1 for _ in graph.query(text, initNs=dict(PREFIXES)))
print(json.dumps({"loaded_s": time.perf_counter() - start}), flush=True)


def expire(signum, frame):
    raise TimeoutError


signal.signal(signal.SIGALRM, expire)
queries = example_queries()
for name in names:
    times = []
    line = {"name": name}
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        # Another execution only when it should end before the limit, as the last one did.
        while len(times) < executions and (not times or sum(times) + times[-1] < limit):
            began = time.perf_counter()
            rows = answer(queries[name].text)
            times.append(time.perf_counter() - began)
        if times[0] > limit:  # the alarm came where the engine caught it, and it went on
            raise TimeoutError
        line.update(median_s=statistics.median(times), rows=rows, executions=len(times))
    except TimeoutError:
        line.update(timeout=True, limit_s=limit)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps(line), flush=True)
"""


@dataclass
class Measured:
    """One child process: wall seconds, peak memory of its process tree, and what it printed."""

    seconds: float
    peak_mib: float  # the sampled tree peak, or the child's own peak if that was higher
    sampled_mib: float  # the peak of the whole tree as sampled from /proc
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root``, its descendants and the rest of its session, now.

    The session catches workers whose parent ended before them (they are re-parented away
    from the tree); ``root`` was started as a session leader.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    session: list[int] = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # it ended between listing and reading
            continue
        # The command name is in parentheses and may hold spaces: fields start after the last ')'.
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * _PAGE
        if int(fields[3]) == root:
            session.append(pid)
    seen: set[int] = set()
    todo = [root, *session]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, ()))
    return sum(rss.get(pid, 0) for pid in seen)


class _Sampler(threading.Thread):
    """Samples the resident memory of a process tree until stopped; keeps the peak."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _tree_rss(self.root))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


class Child:
    """A child process in a session of its own, with its process tree's memory sampled."""

    def __init__(self, command: Sequence[str], pipe_stdout: bool = False) -> None:
        # Files rather than pipes: a child that writes much cannot block on a full pipe. They
        # live as long as the child and are closed in wait().
        self._stdout: IO[bytes] | None = None if pipe_stdout else tempfile.TemporaryFile()  # noqa: SIM115
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdout else self._stdout,
            stderr=self._stderr,
            start_new_session=True,  # its workers can be stopped with it, as one group
        )
        self.sampler = _Sampler(self.process.pid)
        self.sampler.start()

    def kill(self) -> None:
        """Stop the child and everything in its session. Only called before the child is
        reaped: until then its pid, and so its group's id, cannot belong to anyone else."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> Measured:
        timer = threading.Timer(timeout, self.kill) if timeout else None
        if timer:
            timer.start()
        try:
            os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
        except BaseException:  # interrupted: in a session of its own, the child did not see the ^C
            self.kill()
            os.waitpid(self.process.pid, 0)
            self.process.returncode = -signal.SIGKILL
            self.sampler.stop()
            raise
        finally:
            if timer:
                timer.cancel()
                timer.join()
        seconds = time.perf_counter() - self.started
        sampled = self.sampler.stop() / _MIB
        self.kill()  # anything it left behind in its session
        # wait4 gives the child's own peak (ru_maxrss), which sampling can miss when it is short.
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        out = ""
        if self._stdout is not None:
            self._stdout.seek(0)
            out = self._stdout.read().decode("utf-8", "replace")
            self._stdout.close()
        self._stderr.seek(0)
        err = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        return Measured(seconds, max(sampled, usage.ru_maxrss / 1024), sampled, self.process.returncode, out, err)


def measure(command: Sequence[str], timeout: float | None = None) -> Measured:
    """Run a command to its end; its wall time and the peak memory of its whole process tree."""
    return Child(command).wait(timeout)


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


class StepFailed(RuntimeError):
    pass


def _checked(name: str, measured: Measured) -> Measured:
    if measured.returncode != 0:
        tail = "\n".join(measured.stderr.strip().splitlines()[-15:])
        raise StepFailed(f"{name} exited with {measured.returncode}:\n{tail}")
    return measured


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
    return _python("-m", "graph.cli", "build", mode, "--facts", str(layout.facts), "--out", str(layout.build))


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


@dataclass
class QueryRun:
    """The example queries answered by one engine: figures by query, and its processes."""

    figures: dict[str, dict[str, Any]]
    processes: list[Measured]
    load_s: float


def run_queries(engine: str, nt: Path, names: list[str], executions: int, limit: float) -> QueryRun:
    """Each query on a fresh in-memory graph of ``nt``, in a child process, under a time limit
    per query. A query not answered by then takes its process with it; the rest go on in a new
    one, which loads the graph again."""
    figures: dict[str, dict[str, Any]] = {}
    processes: list[Measured] = []
    loads: list[float] = []
    todo = list(names)
    while todo:
        child = Child(_python("-c", _QUERIES, engine, str(nt), str(executions), str(limit), *todo), pipe_stdout=True)
        lines: queue.Queue[str | None] = queue.Queue()
        assert child.process.stdout is not None
        stdout = child.process.stdout

        def pump(stream: IO[bytes] = stdout, into: queue.Queue[str | None] = lines) -> None:
            for raw in stream:
                into.put(raw.decode("utf-8", "replace"))
            into.put(None)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        loaded = lines.get()  # loading has no limit: it is linear, and bounded by the build
        if loaded is None:
            failed = child.wait()
            raise StepFailed(f"queries ({engine}) could not load the graph:\n{failed.stderr[-2000:]}")
        loads.append(json.loads(loaded)["loaded_s"])
        stopped = False
        while todo:
            try:
                # The child stops repeating before the limit, and rdflib's alarm stops it there.
                line = lines.get(timeout=limit + 15)
            except queue.Empty:
                figures[todo.pop(0)] = {"timeout": True, "limit_s": limit}
                child.kill()
                stopped = True
                break
            if line is None:
                break
            answer = json.loads(line)
            name = todo.pop(0)
            assert answer.pop("name") == name
            figures[name] = answer
        processes.append(child.wait())
        reader.join()
        if todo and not stopped:
            raise StepFailed(f"queries ({engine}) failed before {todo[0]}:\n{processes[-1].stderr[-2000:]}")
    return QueryRun(figures, processes, sum(loads))


def _joined(processes: list[Measured]) -> Measured:
    """Processes run one after the other as one step: their times add up, their peaks do not."""
    return Measured(
        sum(m.seconds for m in processes), max(m.peak_mib for m in processes), max(m.sampled_mib for m in processes), 0,
        "".join(m.stdout for m in processes), "".join(m.stderr for m in processes),
    )


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


def bench(entities: int, runs: int = 3, seed: int = 0, out: Path = Path("build"), steps: Sequence[str] | None = None, stream: bool = False) -> dict[str, Any]:
    """Measure the build against the YAML parse floor, rdflib and the checks, on N synthetic entities.

    Synthetic facts (as `duikou generate` writes them) go to OUT/bench-N/facts, and are reused
    when they were generated with the same N and seed. Each step runs RUNS times, interleaved,
    each time in a fresh process; the figures are the median wall time and the peak resident
    memory of the whole process tree (worker processes included), sampled every 20 ms:

      parse_floor  PyYAML's CSafeLoader parsing every file, and nothing else
      build        duikou build --graph-only (--stream with --stream), with no cache: a cold build
      rebuild      the same build with its cache, after one entity's English name was changed
      rdflib_peer  read_facts and fact_triples, an rdflib Graph, Turtle and N-Triples written by rdflib
      check        duikou check --no-shapes (the SHACL engine is far too slow at 100k entities)
      queries      each example query on an in-memory Oxigraph store bulk-loaded from the built
                   duikou.nt (median of 5 executions), and once on rdflib; each is stopped at 30 s

    rdflib_peer, and the rdflib side of queries, are skipped above 200,000 entities unless
    asked for with --steps. Prints a table with the ratios to the parse floor and the targets,
    and writes the figures to OUT/bench-N.json.
    """
    from .generate import FORMAT, read_stamp, write_synthetic_facts
    from .querylib import example_queries

    if entities < 1 or runs < 1:
        raise ValueError("entities and runs must be at least 1")
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
    names = list(example_queries())
    measured: dict[str, list[Measured]] = {step: [] for step in chosen}
    store_runs: list[QueryRun] = []
    rdflib_run: QueryRun | None = None
    for run in range(runs):
        for step in chosen:
            _say(f"run {run + 1}/{runs}: {step}")
            if step == "parse_floor":
                measured[step].append(_checked(step, measure(_python("-c", _PARSE_FLOOR, str(layout.facts)))))
            elif step == "build":
                _cold(layout)
                measured[step].append(_checked(step, measure(build_command)))
            elif step == "rebuild":
                _checked("build before rebuild", measure(build_command))
                with _one_file_edited(layout):
                    measured[step].append(_checked(step, measure(build_command)))
                _checked("build after rebuild", measure(build_command))  # the outputs match the facts again
            elif step == "rdflib_peer":
                measured[step].append(_checked(step, measure(_python("-c", _RDFLIB_PEER, str(layout.facts), str(layout.peer)))))
            elif step == "check":
                measured[step].append(_checked(step, measure(_python("-m", "graph.cli", "check", "--no-shapes", "--facts", str(layout.facts)))))
            elif step == "queries":
                if not (layout.build / "duikou.nt").is_file():
                    _checked("build before queries", measure(build_command))
                nt = layout.build / "duikou.nt"
                # A query stopped at the limit once is not run again: it would only be stopped again.
                stopped = {n for r in store_runs for n, f in r.figures.items() if f.get("timeout")}
                store_runs.append(run_queries("oxigraph", nt, [n for n in names if n not in stopped], STORE_EXECUTIONS, QUERY_LIMIT_SECONDS))
                if store_runs[-1].processes:
                    measured[step].append(_joined(store_runs[-1].processes))
                if rdflib_queries and run == 0:  # rdflib is the slow comparison: once is enough
                    rdflib_run = run_queries("rdflib", nt, names, 1, QUERY_LIMIT_SECONDS)
    nt = layout.build / "duikou.nt"
    result: dict[str, Any] = {}
    for step in STEPS:
        if step in measured:
            result[step] = _summary(measured[step])
        else:
            result[step] = {"skipped": skipped[step]}
    if "check" in measured:
        result["check"]["note"] = SHAPES_NOTE
    if "build" in measured or "rebuild" in measured:
        for step in ("build", "rebuild"):
            if step in measured:
                result[step]["command"] = " ".join(["duikou", *build_command[3:]])
    if store_runs:
        per_query: dict[str, Any] = {}
        for name in names:
            runs_of = [r.figures[name] for r in store_runs if name in r.figures]
            answered = [f for f in runs_of if "median_s" in f]
            oxigraph: dict[str, Any] = (
                {"median_s": round(statistics.median(f["median_s"] for f in answered), 5), "rows": answered[-1]["rows"], "executions": sum(f["executions"] for f in answered)}
                if answered
                else {"timeout": True, "limit_s": QUERY_LIMIT_SECONDS}
            )
            if rdflib_run is not None:
                rdflib = _rounded(rdflib_run.figures[name])
            else:
                rdflib = {"skipped": skipped.get("rdflib_peer") if entities > RDFLIB_MAX_ENTITIES else "skipped"}
            per_query[name] = {"oxigraph": oxigraph, "rdflib": rdflib}
        result["queries"]["load_s"] = round(statistics.median(r.load_s for r in store_runs if r.processes), 3)
        result["queries"]["per_query"] = per_query
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
        "files": generated.get("files"),
        "yaml_bytes": generated.get("bytes"),
        "sources": generated.get("sources"),
        "triples": _count_lines(nt) if nt.is_file() else None,
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "libraries": _versions(),
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    result["targets"] = targets(result)
    path = Path(out) / f"bench-{entities}.json"
    write_file_atomically(path, (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    result["metadata"]["written_to"] = str(path)
    return result


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
    r = ratio(peer, build)
    add("rdflib_peer ≥ 4× build", r, None if r is None else r >= 4, "×")
    add(f"build peak ≤ {limit} MiB", peak, None if peak is None else peak <= limit, "MiB")
    per_query = result.get("queries", {}).get("per_query", {})
    for name, figures in per_query.items():
        target = f"query {name} ≤ {QUERY_MS} ms (Oxigraph)"
        if "median_s" in figures["oxigraph"]:
            ms = round(figures["oxigraph"]["median_s"] * 1000, 2)
            add(target, ms, ms <= QUERY_MS, "ms")
        else:  # stopped at the time limit
            add(target, figures["oxigraph"]["limit_s"] * 1000, False, "ms+")
    r = ratio(rebuild, build)
    add("rebuild ≤ 20% of build", None if r is None else round(r * 100, 1), None if r is None else r <= 0.2, "%")
    return found


def table(result: dict[str, Any]) -> str:
    """The figures as text: steps, queries and targets."""
    meta = result["metadata"]
    lines = [
        f"{meta['entities']} entities, {meta['files']} files, {meta['yaml_bytes'] / _MIB:.1f} MiB of YAML, "
        f"{meta['triples']} triples; {meta['runs']} run(s), {meta['cpu_count']} CPUs, load average {meta['load_average'][0]}",
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
    if "note" in result["check"]:
        lines.append(f"  ({result['check']['note']})")
    per_query = result["queries"].get("per_query")
    if per_query:
        width = max(len(n) for n in per_query)
        lines += ["", f"{'query':<{width}}  {'Oxigraph ms':>11}  {'rows':>7}  {'rdflib s':>9}  {'rows':>7}"]
        for name, figures in per_query.items():
            ox, rd = figures["oxigraph"], figures["rdflib"]
            oxigraph_cells = f"{ox['median_s'] * 1000:>11.2f}  {ox['rows']:>7}" if "median_s" in ox else f"{'timeout':>11}  {'':>7}"
            if "median_s" in rd:
                rdflib_cells = f"{rd['median_s']:>9.3f}  {rd['rows']:>7}"
            elif rd.get("timeout"):
                rdflib_cells = f"{'timeout':>9}  {'':>7}"
            else:
                rdflib_cells = f"{'-':>9}  {'':>7}"
            lines.append(f"{name:<{width}}  {oxigraph_cells}  {rdflib_cells}")
        extra = (
            f"Oxigraph: in-memory store, bulk load {result['queries']['load_s']:.2f} s, median of up to {STORE_EXECUTIONS} executions a run; "
            f"the queries row is its process. Each query is stopped at {QUERY_LIMIT_SECONDS:g} s"
        )
        if "rdflib" in result["queries"]:
            rd = result["queries"]["rdflib"]
            extra += f"; rdflib: parse {rd['load_s']:.2f} s, peak {rd['peak_mib']:.0f} MiB, one execution"
        lines.append(f"  ({extra})")
    lines += ["", "targets:"]
    width = max(len(t["target"]) for t in result["targets"])
    for target in result["targets"]:
        if target["measured"] is None:
            lines.append(f"  {target['target']:<{width}}  not measured")
            continue
        verdict = "met" if target["met"] else "NOT MET"
        lines.append(f"  {target['target']:<{width}}  {target['measured']:>9g} {target['unit']:<4} {verdict}")
    return "\n".join(lines) + "\n"
