"""The process that holds the build's graph in memory for ``duikou serve`` and forks query
workers from it.

Loaded once, the graph is shared by every worker copy-on-write: the workers only read it, so
its pages stay shared, and a worker killed at the timeout is replaced by another fork in
milliseconds, without opening or loading anything. The holder runs no query itself and has one
thread, so forking it is safe. Each worker gets a pipe of its own, whose server end the holder
passes to the server over its own pipe (a Unix socket) with the pid.

Workers die with the holder (and the holder with the server's fork server), so the server stops
a holder only once none of its workers is left: queries running when a rebuild swaps the store
finish on the graph they started on.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from multiprocessing import Pipe, reduction
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Address space of an in-memory store per byte of N-Triples (386 MiB for the 129 MiB of
# 100,000 entities, with Python: rounded up). The graph is held in memory only when that is at
# most half of a worker's --max-memory, so that queries keep the other half.
ADDRESS_SPACE_PER_NT_BYTE = 3
BASE_ADDRESS_SPACE = 200 * 2**20  # Python, pyoxigraph and the server's modules, before any data


def fits_in_memory(build_dir: Path, memory_limit: int) -> bool:
    """Whether the build's graph, held in memory, leaves a worker half of ``memory_limit`` bytes."""
    from graph.sparql.store import STORE_SOURCES

    try:
        size = sum((Path(build_dir) / name).stat().st_size for name, _ in STORE_SOURCES)
    except OSError:
        return False
    return memory_limit <= 0 or BASE_ADDRESS_SPACE + ADDRESS_SPACE_PER_NT_BYTE * size <= memory_limit // 2


def holder_main(connection: Connection, build_dir: str, memory_limit: int) -> None:
    """Load the graph, say "ready", then fork a worker for each request until the pipe closes."""
    from graph.sparql.queryworker import answer_jobs, die_with_parent
    from graph.sparql.store import load_memory_store

    die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers: no zombies
    try:
        store = load_memory_store(Path(build_dir))
    except Exception as error:
        connection.send(("failed", f"could not load the graph into memory: {error}"))
        return
    connection.send(("ready", ""))
    while True:
        try:
            connection.recv()
        except (EOFError, OSError):
            return
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            status = 0
            try:
                connection.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                die_with_parent()
                answer_jobs(theirs, store, memory_limit)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        theirs.close()
        connection.send(pid)
        reduction.send_handle(connection, ours.fileno(), pid)
        ours.close()


def await_ready(connection: Connection, seconds: float, stop: Callable[[], None], what: str) -> None:
    """Wait for a process's "ready"; LoadFailure (after ``stop``) if it fails or takes too long."""
    from graph.facts.problems import LoadFailure

    if not connection.poll(seconds):
        stop()
        raise LoadFailure(f"{what} did not start in time")
    try:
        kind, message = connection.recv()
    except (EOFError, OSError):
        kind, message = "failed", f"{what} died while starting"
    if kind != "ready":
        stop()
        raise LoadFailure(message)


class Holder:
    """The server's side of a holder process: start it, fork workers from it, retire it."""

    def __init__(self, context: Any, build_dir: Path, memory_mib: int, identity: Any) -> None:
        self.identity = identity  # the store folder it loaded (graph.sparql.lanes.store_identity)
        self.connection, child = context.Pipe()
        self.process = context.Process(target=holder_main, args=(child, str(build_dir), memory_mib * 2**20), daemon=True)
        self.process.start()
        child.close()
        self.lock = threading.Lock()
        self.live = 0  # workers forked and not yet stopped
        self.retired = False

    def wait_ready(self, seconds: float) -> None:
        await_ready(self.connection, seconds, self.stop, "the process holding the graph")

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def fork(self) -> tuple[int, Connection]:
        """A new worker: its pid and the server's end of its pipe."""
        with self.lock:
            self.connection.send("fork")
            pid: int = self.connection.recv()
            handle = reduction.recv_handle(self.connection)
            self.live += 1
        return pid, Connection(handle)

    def release(self) -> None:
        """One of its workers was stopped; a retired holder goes with its last worker."""
        with self.lock:
            self.live -= 1
            done = self.retired and self.live <= 0
        if done:
            self.stop()

    def retire(self) -> None:
        """No more workers from this holder; it stops once those it forked are stopped."""
        with self.lock:
            self.retired = True
            done = self.live <= 0
        if done:
            self.stop()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()
