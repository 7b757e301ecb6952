"""What runs inside one of ``duikou serve``'s query processes.

A pyoxigraph query cannot be interrupted from another thread, so every query runs in a worker
process that the server can kill when the query outlives its timeout. Each worker opens the
store read-only, answers one job at a time, and writes the response body itself, so the server
process only moves bytes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import resource
import signal
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.sparql.negotiate import negotiate
from graph.sparql.results import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES, Body, Unrepresentable, boolean_body, graph_body, solutions_body

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Job:
    query: str
    accept: str
    max_rows: int
    # The protocol's dataset (default-graph-uri, named-graph-uri); None when the request names none.
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass
class Reply:
    """An HTTP answer: status, body, and extra headers."""

    status: int
    body: Body
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str, **headers: str) -> Reply:
        return cls(status, Body("text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode()), dict(headers))


def worker_main(connection: Connection, build_dir: str, memory_limit: int) -> None:
    """Open the store, say "ready", then answer jobs until the server closes the pipe."""
    die_with_parent()
    limit_memory(memory_limit)
    from graph.sparql.store import open_store

    try:
        store = open_store(Path(build_dir))
    except Exception as error:
        connection.send(("failed", str(error)))
        return
    answer_jobs(connection, store)


def answer_jobs(connection: Connection, store: Any, memory_limit: int = 0) -> None:
    """Say "ready", then answer jobs on ``store`` until the server closes the pipe."""
    limit_memory(memory_limit)
    connection.send(("ready", ""))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(execute(store, job))


def limit_memory(memory_limit: int) -> None:
    """A query that sorts or groups a huge intermediate result is stopped by the allocator (the
    process aborts, the server answers 503) before it can starve the machine."""
    if memory_limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


def execute(store: Any, job: Job) -> Reply:
    """Run one query and write its response; errors in the query are the client's (400)."""
    import pyoxigraph

    from graph.sparql.store import run

    offered: tuple[str, ...] = SOLUTION_TYPES
    media: str | None = None
    try:
        result = run(store, job.query, job.default_graphs, job.named_graphs)
        if isinstance(result, pyoxigraph.QueryBoolean):
            offered = BOOLEAN_TYPES
            media = negotiate(job.accept, offered)
            body = boolean_body(bool(result), media) if media else None
        elif isinstance(result, pyoxigraph.QueryTriples):
            offered = GRAPH_TYPES
            media = negotiate(job.accept, offered)
            body = graph_body(result, media, job.max_rows) if media else None
        else:
            media = negotiate(job.accept, offered)
            variables = [v.value for v in result.variables]
            body = solutions_body(variables, result, media, job.max_rows) if media else None
    except Unrepresentable as error:
        others = ", ".join(t for t in offered if "xml" not in t)
        return Reply.text(406, f"this result cannot be sent as {media}: {error}; ask for one of {others}", Vary="Accept")
    except SyntaxError as error:
        return Reply.text(400, f"malformed query: {error}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return Reply.text(400, f"query failed: {error}")
    if body is None:
        return Reply.text(406, f"cannot answer in {job.accept!r}; this result is available as {', '.join(offered)}", Vary="Accept")
    headers = {"X-Result-Rows": str(body.rows), "Vary": "Accept"}
    if body.truncated:
        headers["X-Result-Truncated"] = f"true; the result was cut at {job.max_rows} rows (--max-rows)"
    return Reply(200, body, headers)


def die_with_parent() -> None:
    """Ask Linux to kill this worker when the server dies, so no query outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us
