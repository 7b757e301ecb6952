"""The endpoint under load: a flood of slow and heavy queries, a cheap query timed meanwhile.

Timings are printed for the README's reliability section, never asserted: what is asserted is
that every request gets an answer, that the cheap query is always answered correctly, that the
timeout is enforced, and that the server is back to idle afterwards.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import FACTS, Endpoint, run_cli

FLOOD = 40
# Slow (counting a cross product) and heavy (sorting or grouping one: memory grows until the
# timeout or the memory limit stops it); four different texts, so the server cannot recognise
# them all from the first one.
SLOW_AND_HEAVY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
    "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ORDER BY DESC(?n)",
    "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) != STR(?f)) }",
)
CHEAP = "SELECT ?city WHERE { ?city a dk:City } ORDER BY ?city"
NEW_CHEAP = "ASK { id:sanming dk:partOf id:fujian }"
TIMEOUT = 3


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    out = tmp_path_factory.mktemp("load") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    server = Endpoint(out, "--timeout", str(TIMEOUT), log=out.parent / "serve.log")
    yield server
    server.stop()


def bindings(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def timed(endpoint: Endpoint, query: str) -> tuple[int, float, str, str | None]:
    started = time.monotonic()
    status, headers, body = endpoint.query(query)
    return status, time.monotonic() - started, body.decode(errors="replace"), headers.get("Retry-After")


def test_a_flood_of_slow_queries_leaves_cheap_ones_answered(endpoint: Endpoint) -> None:
    status, _, body = endpoint.query(CHEAP)
    assert status == 200
    cities = bindings(body)
    idle = [timed(endpoint, CHEAP)[1] for _ in range(5)]
    processes_before = len(endpoint.processes())

    cheap: list[tuple[int, float, str, str | None]] = []
    flood_done = threading.Event()
    started = time.monotonic()
    with ThreadPoolExecutor(FLOOD) as pool:
        flood = [pool.submit(timed, endpoint, SLOW_AND_HEAVY[i % len(SLOW_AND_HEAVY)]) for i in range(FLOOD)]
        pool.submit(lambda: [f.result() for f in flood] and flood_done.set())
        time.sleep(0.2)  # the flood is in
        new = pool.submit(timed, endpoint, NEW_CHEAP)  # a cheap query the server has not seen
        while not flood_done.is_set():
            cheap.append(timed(endpoint, CHEAP))
            time.sleep(0.1)
        answers = [f.result() for f in flood]
        first_time = new.result()
    flood_seconds = time.monotonic() - started

    outcomes = Counter(_outcome(status, text) for status, _, text, _ in answers)
    cheap_latencies = [seconds for _, seconds, _, _ in cheap]
    print(
        f"\nflood: {FLOOD} slow/heavy queries ({len(SLOW_AND_HEAVY)} kinds) at once, --timeout {TIMEOUT}, 2 workers + 2 slow slots"
        f"\n  answered within {flood_seconds:.2f} s: {dict(outcomes)}"
        f"\n  slowest flood answer: {max(s for _, s, _, _ in answers):.2f} s"
        f"\n  cheap query, idle: median {statistics.median(idle) * 1000:.0f} ms"
        f"\n  cheap query during the flood: {len(cheap)} sent, all answered; median {statistics.median(cheap_latencies) * 1000:.0f} ms,"
        f" max {max(cheap_latencies) * 1000:.0f} ms"
        f"\n  a cheap query never seen before, sent during the flood: {first_time[0]} after {first_time[1] * 1000:.0f} ms"
    )
    assert cheap, "the cheap query was sent during the flood"
    for status, _, text, _ in cheap:
        assert status == 200, text
        assert bindings(text.encode()) == cities
    # Until the server has seen a query finish it cannot tell it from the flood: it is answered
    # once the flood's kinds are recognised, or refused with a time to retry, never left hanging.
    assert (first_time[0] == 200 and json.loads(first_time[2])["boolean"]) or (first_time[0] == 503 and first_time[3]), first_time
    assert set(outcomes) <= {"busy", "timed out", "out of memory"}, outcomes
    assert outcomes["timed out"] + outcomes["out of memory"] >= 1, "some queries ran until a limit stopped them"
    assert all(retry for status, _, text, retry in answers if _outcome(status, text) == "busy"), "busy answers say when to retry"

    # It recovers: nothing left running, the processes back to what they were, queries answered.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status_now = json.loads(endpoint.http("/status")[2])
        if status_now["fast_running"] == status_now["slow_running"] == status_now["waiting"] == 0:
            break
        time.sleep(0.2)
    assert status_now["fast_running"] == status_now["slow_running"] == status_now["waiting"] == 0
    assert len(endpoint.processes()) <= processes_before + 1
    after = timed(endpoint, CHEAP)
    assert after[0] == 200 and bindings(after[2].encode()) == cities
    again = timed(endpoint, SLOW_AND_HEAVY[0])
    assert again[0] == 503 and "timed out" in again[2]
    print(f"  after the flood: cheap query {after[1] * 1000:.0f} ms; slow query stopped after {again[1]:.2f} s; server counts {status_now['counts']}")


def _outcome(status: int, text: str) -> str:
    if status == 200:
        return "answered"
    if "timed out" in text:
        return "timed out"
    if "memory" in text:
        return "out of memory"
    return "busy" if status == 503 else f"HTTP {status}"

