"""`duikou serve`: a real server process spoken to over HTTP on loopback, as a client would."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from graph import load
from graph.sparql.holder import fits_in_memory
from graph.sparql.querylib import example_queries

from conftest import FACTS, Endpoint, run_cli

# Far too slow to finish: 5,000 triples cubed, counted.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CITIES = "SELECT ?city WHERE { ?city a dk:City } ORDER BY ?city"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "build"
    result = run_cli("build", "--facts", str(FACTS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def endpoint(build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    server = Endpoint(build, "--timeout", "2", "--max-rows", "50", log=tmp_path_factory.mktemp("log") / "serve.log")
    yield server
    server.stop()


def bindings(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def test_it_listens_on_loopback_only(endpoint: Endpoint) -> None:
    assert endpoint.base.startswith("http://127.0.0.1:")
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == endpoint.port:
                listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"], listening  # 127.0.0.1, and nothing else: not 0.0.0.0, not ::


def test_get_and_both_posts_give_the_api_answer(endpoint: Endpoint) -> None:
    example = example_queries()["firms-investing-in-sanming"]
    expected = {(r["firm"], r["project"]) for r in load(FACTS).query(example.text, dataframe=False)}
    via_get = endpoint.http("/sparql?" + urllib.parse.urlencode({"query": example.text}), headers={"Accept": "application/sparql-results+json"})
    via_form = endpoint.query(example.text)
    via_body = endpoint.http("/sparql", example.text.encode(), {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    for status, headers, body in (via_get, via_form, via_body):
        assert status == 200, body
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        assert {(b["firm"], b["project"]) for b in bindings(body)} == expected


def test_csv_and_tsv_by_accept(endpoint: Endpoint) -> None:
    status, headers, body = endpoint.query(CITIES, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    cities = [row["city"] for row in csv.DictReader(io.StringIO(body.decode()))]
    assert cities and cities == sorted(cities) and all(c.startswith("https://w3id.org/duikou/id/") for c in cities)
    status, headers, body = endpoint.query(CITIES, "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?city" and lines[1:] == [f"<{c}>" for c in cities]


def test_construct_as_turtle_or_ntriples_and_ask(endpoint: Endpoint) -> None:
    # Fujian's cities: a graph well under the endpoint's --max-rows of 50.
    construct = "CONSTRUCT { ?city rdfs:label ?label } WHERE { ?city a dk:City ; dk:partOf id:fujian ; rdfs:label ?label }"
    expected = load(FACTS).query(construct)
    assert 0 < len(expected) < 50
    status, headers, body = endpoint.query(construct, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert set(rdflib.Graph().parse(data=body.decode(), format="turtle")) == set(expected)
    status, headers, body = endpoint.query(construct, "application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert set(rdflib.Graph().parse(data=body.decode(), format="nt")) == set(expected)
    for question, answer in (("ASK { id:sanming dk:partOf id:fujian }", True), ("ASK { id:sanming dk:partOf id:guangdong }", False)):
        status, _, body = endpoint.query(question)
        assert status == 200 and json.loads(body)["boolean"] is answer


def test_updates_are_refused(endpoint: Endpoint) -> None:
    insert = "INSERT DATA { <https://w3id.org/duikou/id/intruder> a <https://w3id.org/duikou/ontology#City> }"
    attempts = [
        endpoint.http("/sparql?" + urllib.parse.urlencode({"update": insert})),
        endpoint.http("/sparql", urllib.parse.urlencode({"update": insert}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        endpoint.http("/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}),
    ]
    for status, _, body in attempts:
        assert status == 403 and b"read-only" in body
    status, _, body = endpoint.query(insert)  # an update sent as a query is no query
    assert status == 400
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, _ = endpoint.http("/sparql", b"", method=method)
        assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    status, _, body = endpoint.query("ASK { id:intruder ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is False


def test_bad_requests_get_clear_4xx_answers(endpoint: Endpoint) -> None:
    status, _, body = endpoint.query("SELEC ?x WHERE {}")
    assert status == 400 and b"malformed query" in body
    assert endpoint.http("/sparql?default-graph-uri=https%3A%2F%2Fexample.org%2Fg")[0] == 400  # no query
    status, _, body = endpoint.query(CITIES, "application/pdf")
    assert status == 406 and b"application/sparql-results+xml" in body  # the answer lists what is offered
    assert endpoint.http("/sparql", b"query=x", {"Content-Type": "text/plain"})[0] == 415
    assert endpoint.http("/sparql", b"x" * ((1 << 20) + 1), {"Content-Type": "application/sparql-query"})[0] == 413
    assert endpoint.http("/sparql?" + urllib.parse.urlencode({"query": CITIES, "default-graph-uri": "not an IRI"}))[0] == 400
    assert endpoint.http("/static/../../pyproject.toml")[0] == 404


def test_a_protocol_dataset_replaces_the_default_graph(endpoint: Endpoint) -> None:
    # The build is the default graph and the endpoint has no named graphs: a graph named by
    # default-graph-uri is empty, as it is when the query names it in FROM.
    for dataset in ({"default-graph-uri": "https://example.org/g"}, {"named-graph-uri": "https://example.org/g"}):
        status, _, body = endpoint.http("/sparql?" + urllib.parse.urlencode({"query": CITIES, **dataset}), headers={"Accept": "application/json"})
        assert status == 200 and bindings(body) == []
    status, _, body = endpoint.http("/sparql?" + urllib.parse.urlencode({"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": "https://example.org/g"}))
    assert status == 200 and json.loads(body)["boolean"] is False
    status, _, body = endpoint.query("SELECT ?city FROM <https://example.org/g> WHERE { ?city a dk:City }")
    assert status == 200 and bindings(body) == []
    assert bindings(endpoint.query(CITIES)[2])


def test_answers_are_cut_at_max_rows_and_say_so(endpoint: Endpoint) -> None:
    status, headers, body = endpoint.query("SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(bindings(body)) == 50
    assert headers["X-Result-Truncated"].startswith("true") and headers["X-Result-Rows"] == "50"
    status, headers, body = endpoint.query("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and len(body.decode().splitlines()) == 50 and "X-Result-Truncated" in headers
    status, headers, body = endpoint.query(CITIES)
    assert status == 200 and 0 < len(bindings(body)) < 50 and "X-Result-Truncated" not in headers


def test_a_slow_query_is_stopped_at_the_timeout(endpoint: Endpoint) -> None:
    started = time.monotonic()
    status, headers, body = endpoint.query(SLOW, timeout=60)
    elapsed = time.monotonic() - started
    print(f"\nslow query answered {status} after {elapsed:.2f} s (--timeout 2)")
    assert status == 503 and b"timed out" in body and "Retry-After" not in headers
    status, _, body = endpoint.query(CITIES)
    assert status == 200 and bindings(body)


def test_a_query_that_needs_too_much_memory_is_stopped(build: Path, tmp_path: Path) -> None:
    server = Endpoint(build, "--timeout", "60", "--max-memory", "1024", log=tmp_path / "serve.log")
    try:
        started = time.monotonic()
        status, _, body = server.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f")
        print(f"\nsorting a cross product: {status} after {time.monotonic() - started:.2f} s (--max-memory 1024)")
        assert status == 503 and b"--max-memory" in body
        status, _, body = server.query(CITIES)
        assert status == 200 and bindings(body), "a fresh process took the dead one's place"
    finally:
        server.stop()


def test_the_example_queries_and_the_editor_are_served_from_the_package(endpoint: Endpoint) -> None:
    status, _, body = endpoint.http("/queries.json")
    assert status == 200
    served = {q["name"]: q for q in json.loads(body)}
    assert {name: q.text for name, q in example_queries().items()} == {name: q["text"] for name, q in served.items()}
    status, headers, page = endpoint.http("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert b"http://" not in page and b"https://" not in page and b"//cdn" not in page
    for asset in ("/static/editor.js", "/static/editor.css"):
        status, _, text = endpoint.http(asset)
        assert status == 200 and b"cdn" not in text.lower() and b"innerHTML" not in text


def test_a_rebuild_is_served_without_a_restart(base_facts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert run_cli("build", "--facts", str(base_facts), "--out", str(out)).returncode == 0
    server = Endpoint(out, log=tmp_path / "serve.log")
    label = "SELECT ?label WHERE { id:sanming rdfs:label ?label FILTER(lang(?label) = 'zh') }"
    try:
        assert bindings(server.query(label)[2]) == [{"label": "三明市"}]
        text = (base_facts / "base.yaml").read_text(encoding="utf-8").replace("三明市", "三明")
        (base_facts / "base.yaml").write_text(text, encoding="utf-8")
        assert run_cli("build", "--facts", str(base_facts), "--out", str(out)).returncode == 0
        assert bindings(server.query(label)[2]) == [{"label": "三明"}]
    finally:
        server.stop()


def test_serve_needs_a_store(tmp_path: Path) -> None:
    result = run_cli("serve", "--build", str(tmp_path / "nothing"), "--port", "0")
    assert result.returncode == 2 and "duikou build" in result.stderr


def test_stopping_the_server_stops_its_query_processes(build: Path, tmp_path: Path) -> None:
    server = Endpoint(build, "--timeout", "30", log=tmp_path / "serve.log")
    assert server.query(CITIES)[0] == 200
    workers = server.processes()
    assert workers, "queries run in processes of their own"
    assert server.stop() == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_the_graph_is_held_in_memory_and_workers_forked_from_it_replace_a_killed_one(endpoint: Endpoint) -> None:
    before = json.loads(endpoint.http("/status")[2])
    assert before["graph"] == "in memory"
    holders = _holders(endpoint)
    assert len(holders) == 1, "one process holds the graph; the workers are its children"
    assert endpoint.query(SLOW, timeout=60)[0] == 503  # its worker is killed at the timeout
    status, _, body = endpoint.query(CITIES)
    assert status == 200 and bindings(body)
    after = json.loads(endpoint.http("/status")[2])
    assert after["worker_start_ms"] is not None and after["graph"] == "in memory"
    assert _holders(endpoint) == holders, "the replacement was forked from the same holder"


def test_on_disk_answers_the_same_from_the_store(build: Path, endpoint: Endpoint, tmp_path: Path) -> None:
    server = Endpoint(build, "--on-disk", log=tmp_path / "serve.log")
    try:
        assert json.loads(server.http("/status")[2])["graph"] == "on disk"
        assert not _holders(server)
        for example in example_queries().values():
            on_disk, in_memory = server.query(example.text)[2], endpoint.query(example.text)[2]
            assert bindings(on_disk)[:50] == bindings(in_memory), example.name  # the endpoint cuts at 50 rows
    finally:
        server.stop()


def test_a_graph_is_held_in_memory_only_when_it_leaves_a_worker_half_of_max_memory(build: Path, tmp_path: Path) -> None:
    assert fits_in_memory(build, 2048 * 2**20)
    # Half of 400 MiB leaves too little beside Python and pyoxigraph to hold any graph.
    assert not fits_in_memory(build, 400 * 2**20)
    assert not fits_in_memory(tmp_path, 2048 * 2**20), "no graph built there"


def _holders(server: Endpoint) -> list[int]:
    """Processes with children below the fork server: the holder of the graph in memory (the
    fork server is the server's child; disk workers are its children and have none)."""
    found = []
    for pid in server.processes():
        try:
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        if parent != server.process.pid and children:
            found.append(pid)
    return found


def test_a_retired_holder_stays_until_its_last_worker_is_stopped(build: Path) -> None:
    """After a rebuild the old graph's holder is retired: a query still running on one of its
    workers finishes on the graph it started on, and the holder goes with its last worker."""
    import multiprocessing

    from graph.sparql.holder import Holder
    from graph.sparql.lanes import Worker, store_identity
    from graph.sparql.queryworker import Job

    holder = Holder(multiprocessing.get_context("forkserver"), build, 2048, store_identity(build))
    holder.wait_ready(120)
    worker = Worker.forked(holder)
    worker.wait_ready(30)
    try:
        holder.retire()
        assert holder.alive(), "its worker is still running"
        worker.start(Job(CITIES, "application/sparql-results+json", 50))
        reply = worker.wait(60)
        assert reply is not None and not isinstance(reply, str) and reply.status == 200
        assert bindings(reply.body.data)
    finally:
        worker.stop()
    holder.process.join(10)
    assert not holder.alive()
