"""The example queries timed on Oxigraph (in memory, and the build's on-disk store) and rdflib,
each engine in a child process of its own (graph.bench.processes), under a time limit per query.
"""

from __future__ import annotations

import json
import queue
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph.bench.processes import Child, Measured, StepFailed, python_command

# Loads the graph, says how long that took, then answers each query, printing one JSON line
# per query as soon as it is done. Engines:
# - "oxigraph": a fresh in-memory Oxigraph store bulk-loaded from the build's N-Triples and the
#   ontology;
# - "store": the on-disk store that `duikou build` writes and `duikou query` reads (written here
#   with the same function if the build folder has none, then opened read-only);
# - "serve": `duikou serve` over that build folder, each query POSTed to it over loopback;
# - "api": `load()` of the facts folder (SOURCE is that folder), then `kg.query` with DataFrames;
# - "rdflib": an rdflib Graph.
# On Oxigraph each query runs up to EXECUTIONS times (fewer when they would add up to more than
# the limit); on rdflib once, stopped by an alarm at the limit. A query the alarm cannot stop
# (Oxigraph computes in Rust) is stopped by the parent, which kills the process. The texts come
# from a JSON file of {name: text}.
_QUERIES = """
import json
import signal
import statistics
import sys
import time

from graph.rdf.ontology import ontology_turtle
from graph.rdf.vocab import PREFIXES

engine, source, executions, limit, texts, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6:]
with open(texts, encoding="utf-8") as handle:
    queries = json.load(handle)
start = time.perf_counter()
if engine in ("oxigraph", "store"):
    import pyoxigraph

    if engine == "oxigraph":
        store = pyoxigraph.Store()
        store.bulk_load(path=source, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.bulk_load(input=ontology_turtle().encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    else:
        from pathlib import Path

        from graph.sparql.store import has_store, open_store, write_store

        folder = Path(source).parent
        if not has_store(folder):
            write_store(folder)
        store = open_store(folder)

    def answer(text):
        result = store.query(text, prefixes=dict(PREFIXES))
        return 1 if isinstance(result, pyoxigraph.QueryBoolean) else sum(1 for _ in result)
elif engine == "api":
    from graph.api import load

    kg = load(source)
    loaded_facts = time.perf_counter()
    # The store is made on the first query; made here, its time is reported apart, so that the
    # time limit applies to the query alone (at a million entities the store takes a minute).
    kg.store
    store_s = time.perf_counter() - loaded_facts

    def answer(text):
        result = kg.query(text)
        return len(result) if hasattr(result, "__len__") else 1
elif engine == "serve":
    import subprocess
    import urllib.error
    import urllib.parse
    import urllib.request
    from pathlib import Path

    def start_server(*options):
        command = [sys.executable, "-m", "graph.cli", "serve", "--build", str(Path(source).parent), "--port", "0", "--timeout", str(limit), "--max-rows", "100000000", *options]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        banner = server.stdout.readline()
        if "serving http://" not in banner:
            sys.exit(f"duikou serve did not start: {banner}")
        return server, banner.split()[1].rstrip("/")

    def tree(pid):
        found, todo = [], [pid]
        while todo:
            current = todo.pop()
            found.append(current)
            for task in Path(f"/proc/{current}/task").glob("*"):
                try:
                    todo += [int(c) for c in (task / "children").read_text().split()]
                except OSError:
                    pass
        return found

    def proportional_mib(pid):
        # Pages shared copy-on-write count once in all, split among the processes sharing them.
        total = 0
        for each in tree(pid):
            try:
                for row in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                    if row.startswith("Pss:"):
                        total += int(row.split()[1])
            except OSError:
                pass
        return round(total / 1024, 1)

    def status_of(base):
        with urllib.request.urlopen(base + "/status", timeout=60) as response:
            return json.loads(response.read())

    server, base = start_server()
    endpoint = base + "/sparql"

    def finish():
        # What the server held and how fast a worker starts, in memory and, for comparison, on disk.
        figures = {"memory": {**status_of(base), "pss_mib": proportional_mib(server.pid)}}
        server.terminate()
        server.wait()
        disk, disk_base = start_server("--on-disk")
        urllib.request.urlopen(disk_base + "/sparql?query=ASK%7B%7D", timeout=60).read()
        figures["disk"] = {**status_of(disk_base), "pss_mib": proportional_mib(disk.pid)}
        disk.terminate()
        disk.wait()
        print(json.dumps({"servers": figures}), flush=True)

    def answer(text):
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(endpoint, body, {"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=limit + 10) as response:
                response.read()
                return int(response.headers["X-Result-Rows"])
        except urllib.error.HTTPError as error:
            if error.code == 503:
                raise TimeoutError from error
            raise
else:
    from graph.rdf.graphs import new_graph

    graph = new_graph()
    graph.parse(source, format="nt")
    graph.parse(data=ontology_turtle(), format="turtle")

    def answer(text):
        return sum(1 for _ in graph.query(text, initNs=dict(PREFIXES)))
print(json.dumps({"loaded_s": time.perf_counter() - start, **({"store_s": store_s} if engine == "api" else {})}), flush=True)


def expire(signum, frame):
    raise TimeoutError


signal.signal(signal.SIGALRM, expire)
for name in names:
    times = []
    line = {"name": name}
    # The alarm may come anywhere in the outer try, also before the timer is disarmed.
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            # Another execution only when it should end before the limit, as the last one did.
            while len(times) < executions and (not times or sum(times) + times[-1] < limit):
                began = time.perf_counter()
                rows = answer(queries[name])
                times.append(time.perf_counter() - began)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if times[0] > limit:  # the alarm came where the engine caught it, and it went on
            raise TimeoutError
    except TimeoutError:
        line.update(timeout=True, limit_s=limit)
    else:
        line.update(median_s=statistics.median(times), first_s=times[0], rows=rows, executions=len(times))
    print(json.dumps(line), flush=True)
if engine == "serve":
    finish()
"""


@dataclass
class QueryRun:
    """The example queries answered by one engine: figures by query, and its processes."""

    figures: dict[str, dict[str, Any]]
    processes: list[Measured]
    load_s: float  # every child's loading, added up
    first_load_s: float = 0.0  # the first child's: before the first query of the list
    first_store_s: float = 0.0  # "api": the part of first_load_s that made the in-memory store
    servers: dict[str, Any] | None = None  # "serve": the servers' /status and memory, at the end


def run_queries(engine: str, source: Path, queries: dict[str, str], executions: int, limit: float) -> QueryRun:
    """Each query (text by name, answered in this order) on ``engine`` (see above) loaded from
    ``source`` (the build's duikou.nt; the facts folder for "api"), in a child process, under
    a time limit per query. A query not answered by then takes its process with it; the rest
    go on in a new one, which loads the graph again."""
    figures: dict[str, dict[str, Any]] = {}
    processes: list[Measured] = []
    loads: list[float] = []
    stores: list[float] = []
    todo = list(queries)
    servers: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder) / "queries.json"
        texts.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        while todo:
            _run_child(engine, source, texts, executions, limit, todo, figures, processes, loads, stores, servers)
    return QueryRun(figures, processes, sum(loads), loads[0] if loads else 0.0, stores[0] if stores else 0.0, servers or None)


def _run_child(
    engine: str, source: Path, texts: Path, executions: int, limit: float, todo: list[str],
    figures: dict[str, dict[str, Any]], processes: list[Measured], loads: list[float], stores: list[float], servers: dict[str, Any],
) -> None:
    """One child answering the queries of ``todo`` in order, until done or stopped at the limit."""
    child = Child(python_command("-c", _QUERIES, engine, str(source), str(executions), str(limit), str(texts), *todo), pipe_stdout=True)
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
    ready = json.loads(loaded)
    loads.append(ready["loaded_s"])
    stores.append(ready.get("store_s", 0.0))
    stopped = ended = False
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
            ended = True
            break
        answer = json.loads(line)
        name = todo.pop(0)
        assert answer.pop("name") == name
        figures[name] = answer
    processes.append(child.wait())
    reader.join()
    while not (stopped or ended) and (extra := lines.get()) is not None:
        servers.update(json.loads(extra).get("servers", {}))
    if todo and not stopped:
        raise StepFailed(f"queries ({engine}) failed before {todo[0]}:\n{processes[-1].stderr[-2000:]}")


def joined(processes: list[Measured]) -> Measured:
    """Processes run one after the other as one step: their times add up, their peaks do not."""
    return Measured(
        sum(m.seconds for m in processes), max(m.peak_mib for m in processes), max(m.sampled_mib for m in processes), 0,
        "".join(m.stdout for m in processes), "".join(m.stderr for m in processes),
    )
