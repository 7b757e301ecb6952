"""Scheduling queries onto worker processes so that a cheap query is answered during a flood.

No one can tell from a query's text what it will cost, so the scheduler finds out by running it:

- Every query starts in the *fast lane*: ``workers`` processes at normal CPU priority. Queries
  known to be cheap (seen finishing within the fast budget) are let in before unknown ones, and
  one of the slots is theirs alone: unknown queries never hold the whole fast lane.
- A query still running after ``fast_budget`` seconds is *demoted*: its process moves to the
  *slow lane* (``slow_workers`` slots) and is reniced to the lowest CPU priority, and its slot
  in the fast lane is free again at once. Its text is remembered as slow, so copies of it (a
  flood usually repeats itself) go straight to the slow lane, waiting copies included.
- When the slow lane is full, a slow query is refused at once: 503 with Retry-After, rather than
  a queue that only grows. A query that reaches ``timeout`` is killed with its process (503).

So the fast lane is never held by one query for more than ``fast_budget``, and what runs beside
it runs at low priority: a cheap query seen before is answered at once during a flood; a new
one waits about ``fast_budget`` for each kind of slow query the flood brings, until each of them
has been recognised.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import multiprocessing
import os
import select
import signal
import statistics
import threading
import time
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.facts.problems import LoadFailure
from graph.sparql.holder import Holder, await_ready, fits_in_memory
from graph.sparql.queryworker import Job, Reply, worker_main

_DIED = "died"
_HISTORY = 4096  # query texts whose cost is remembered
_LOWEST_PRIORITY = 19
_LOAD_SECONDS = 600.0  # loading a graph into memory: about 3 s at 100,000 entities


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds a query may run, in both lanes together
    max_rows: int = 10_000  # rows (or triples) in one answer; more are cut, and the answer says so
    workers: int = 2  # the fast lane: queries running at normal priority
    slow_workers: int = 2  # the slow lane: queries past the fast budget, at the lowest priority
    fast_budget: float = 0.5  # seconds a query may hold the fast lane
    max_waiting: int = 64  # queries waiting for the fast lane; more are refused at once
    memory_mib: int = 2048  # address space of one worker process, the graph held in memory included
    in_memory: bool = True  # hold the graph in memory when it fits in half of memory_mib


def store_identity(build_dir: Path) -> tuple[int, int] | None:
    """Which store folder build/oxigraph is now: a rebuild swaps in a new folder (a new inode)."""
    from graph.sparql.store import store_path

    try:
        info = os.stat(store_path(build_dir))
    except OSError:
        return None
    return info.st_dev, info.st_ino


class Worker:
    """One query process and the pipe to it: a child of the fork server that opens the on-disk
    store, or a fork of the process holding the graph in memory (graph.sparql.holder)."""

    def __init__(self, store: tuple[int, int] | None, connection: Any, pid: int, process: Any = None, holder: Holder | None = None) -> None:
        self.store = store
        self.connection = connection
        self.pid = pid
        self.process = process  # the multiprocessing Process, for a child of the fork server
        self.holder = holder
        self.stopped = False
        self.pidfd: int | None = None
        if process is None:  # not our child: a pidfd says when it has ended
            with contextlib.suppress(OSError):
                self.pidfd = os.pidfd_open(pid)

    @classmethod
    def opening_store(cls, context: Any, build_dir: Path, memory_mib: int) -> Worker:
        # The identity is taken before the worker opens the store, so a rebuild in between can
        # only make a worker look stale (and be replaced), never make a stale one look current.
        store = store_identity(build_dir)
        connection, child = context.Pipe()
        process = context.Process(target=worker_main, args=(child, str(build_dir), memory_mib * 2**20), daemon=True)
        process.start()
        child.close()
        return cls(store, connection, process.pid, process=process)

    @classmethod
    def forked(cls, holder: Holder) -> Worker:
        pid, connection = holder.fork()
        return cls(holder.identity, connection, pid, holder=holder)

    def wait_ready(self, seconds: float) -> None:
        await_ready(self.connection, seconds, self.stop, "a query process")

    def start(self, job: Job) -> None:
        self.connection.send(job)

    def wait(self, seconds: float) -> Reply | str | None:
        """The reply, _DIED if the process ended without one, None if still running."""
        if not self.connection.poll(max(0.0, seconds)):
            return None
        try:
            reply: Reply = self.connection.recv()
        except (EOFError, OSError):
            return _DIED
        return reply

    def demote(self) -> None:
        os.setpriority(os.PRIO_PROCESS, self.pid, _LOWEST_PRIORITY)

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            if self.pidfd is not None:  # gone once the holder's kernel-side reaping is done
                select.select([self.pidfd], [], [], 5.0)
                os.close(self.pidfd)
        self.connection.close()
        if self.holder is not None:
            self.holder.release()


class Scheduler:
    """Runs queries in worker processes, in a fast and a slow lane (see the module's doc)."""

    def __init__(self, build_dir: Path, limits: Limits) -> None:
        self.build_dir = build_dir
        self.limits = limits
        self.context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported pyoxigraph: a replacement for a
        # killed worker is ready in milliseconds.
        self.context.set_forkserver_preload(["graph.sparql.holder", "graph.sparql.queryworker", "graph.sparql.results", "graph.sparql.store", "pyoxigraph"])
        self.lock = threading.Condition()
        self.idle: list[Worker] = []
        self.fast_busy = 0
        self.slow_busy = 0
        self.waiting: list[tuple[int, int]] = []
        self.tickets = itertools.count()
        self.slow_queries: OrderedDict[str, bool] = OrderedDict()
        self.counts: Counter[str] = Counter()
        self.closed = False
        self.refill = threading.Event()
        # The graph in memory, shared by the workers forked from its holder, when it fits.
        self.holder: Holder | None = None
        self.holder_lock = threading.Lock()
        self.on_disk: set[tuple[int, int]] = set()  # stores that did not load into memory
        self.start_ms: deque[float] = deque(maxlen=32)  # how long the last workers took to start
        for _ in range(limits.workers):
            self.idle.append(self._spawn())
        threading.Thread(target=self._keep_idle_workers, name="refill", daemon=True).start()

    # -- the lanes ----------------------------------------------------------------------------
    def run(self, query: str, accept: str, default_graphs: tuple[str, ...] | None = None, named_graphs: tuple[str, ...] | None = None) -> Reply:
        """Answer one query: the worker's reply, or 503 when busy, timed out or out of memory."""
        # A query's cost depends on the dataset it runs on: the same text on empty graphs is cheap.
        key = " ".join(query.split()) + ("" if default_graphs is None and named_graphs is None else f" {default_graphs!r} {named_graphs!r}")
        job = Job(query, accept, self.limits.max_rows, default_graphs, named_graphs)
        self._count("queries")
        with self.lock:
            known = self.slow_queries.get(key)
        if known:
            return self._run_slow(job, key)
        lane = self._enter_fast_lane(0 if known is False else 1, key)
        if lane == "slow":
            return self._run_slow(job, key)
        if lane == "busy":
            return self._busy("too many queries are waiting")
        try:
            worker = self._take_worker()
        except BaseException:
            with self.lock:
                self.fast_busy -= 1
                self.lock.notify_all()
            raise
        started = time.monotonic()
        worker.start(job)
        reply = worker.wait(self.limits.fast_budget)
        if reply is not None:
            with self.lock:
                self.fast_busy -= 1
                self._remember(key, slow=False)
                self.lock.notify_all()
            return self._finish(worker, reply, reuse=True)
        with self.lock:
            self.fast_busy -= 1
            self._remember(key, slow=True)
            demoted = self.slow_busy < self.limits.slow_workers
            self.slow_busy += demoted
            self.lock.notify_all()
        if not demoted:
            worker.stop()
            return self._busy("the slow-query lane is full")
        self._count("demoted")
        worker.demote()
        try:
            reply = worker.wait(self.limits.timeout - (time.monotonic() - started))
        finally:
            with self.lock:
                self.slow_busy -= 1
        return self._finish(worker, reply, reuse=False)

    def _run_slow(self, job: Job, key: str) -> Reply:
        with self.lock:
            if self.slow_busy >= self.limits.slow_workers:
                return self._busy("the slow-query lane is full")
            self.slow_busy += 1
        try:
            worker = self._take_worker()
            worker.demote()
            started = time.monotonic()
            worker.start(job)
            reply = worker.wait(self.limits.timeout)
            if isinstance(reply, Reply) and time.monotonic() - started < self.limits.fast_budget:
                with self.lock:
                    self._remember(key, slow=False)  # it has become cheap (a smaller graph?)
        finally:
            with self.lock:
                self.slow_busy -= 1
        return self._finish(worker, reply, reuse=False)

    def _enter_fast_lane(self, priority: int, key: str) -> str:
        """Wait for a fast-lane slot in priority order: "fast", "slow" (found slow meanwhile) or "busy"."""
        deadline = time.monotonic() + self.limits.timeout
        with self.lock:
            if len(self.waiting) >= self.limits.max_waiting:
                return "busy"
            ticket = (priority, next(self.tickets))
            bisect.insort(self.waiting, ticket)
            try:
                while True:
                    if self.slow_queries.get(key):
                        return "slow"
                    # One fast slot is kept for queries known to be cheap: a flood of new
                    # queries never holds all of them.
                    free = self.limits.workers - self.fast_busy - (1 if priority and self.limits.workers > 1 else 0)
                    if free > 0 and self._first_eligible(priority) == ticket:
                        self.fast_busy += 1
                        return "fast"
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return "busy"
                    self.lock.wait(remaining)
            finally:
                self.waiting.remove(ticket)
                self.lock.notify_all()

    def _first_eligible(self, priority: int) -> tuple[int, int]:
        """The ticket to go next among those of this priority or better (the list is sorted)."""
        return self.waiting[0] if priority == 0 else next(t for t in self.waiting if t[0] == priority)

    def _finish(self, worker: Worker, reply: Reply | str | None, reuse: bool) -> Reply:
        if isinstance(reply, Reply):
            self._count("answered")
            if reuse and worker.store == store_identity(self.build_dir):
                with self.lock:
                    if len(self.idle) < self.limits.workers and not self.closed:
                        self.idle.append(worker)
                        return reply
            worker.stop()
            return reply
        worker.stop()
        self.refill.set()
        if reply is None:
            self._count("timed out")
            return Reply.text(503, f"query timed out after {self.limits.timeout:g} s (duikou serve --timeout)")
        self._count("out of memory")
        return Reply.text(503, f"query stopped: it needed more than {self.limits.memory_mib} MiB of memory (duikou serve --max-memory) or crashed")

    def _busy(self, why: str) -> Reply:
        self._count("busy")
        retry = max(1, round(self.limits.fast_budget * 2))
        return Reply.text(503, f"server busy: {why}; retry in {retry} s", **{"Retry-After": str(retry)})

    def _count(self, event: str) -> None:
        with self.lock:
            self.counts[event] += 1

    def _remember(self, key: str, slow: bool) -> None:
        self.slow_queries[key] = slow
        self.slow_queries.move_to_end(key)
        while len(self.slow_queries) > _HISTORY:
            self.slow_queries.popitem(last=False)

    # -- the processes --------------------------------------------------------------------------
    def _spawn(self) -> Worker:
        holder = self._holder()
        began = time.monotonic()
        worker = Worker.forked(holder) if holder is not None else Worker.opening_store(self.context, self.build_dir, self.limits.memory_mib)
        worker.wait_ready(30.0)
        with self.lock:
            self.start_ms.append((time.monotonic() - began) * 1000)
        return worker

    def _holder(self) -> Holder | None:
        """The holder of the current store's graph in memory; None when it does not fit under
        --max-memory (or failed to load), and the workers open the store on disk."""
        identity = store_identity(self.build_dir)
        with self.holder_lock:
            holder = self.holder
            if holder is not None and (holder.identity != identity or not holder.alive()):
                holder.retire()  # it stops when the last worker it forked is stopped
                self.holder = holder = None
            if holder is None and self.limits.in_memory and identity is not None and identity not in self.on_disk and not self.closed:
                if fits_in_memory(self.build_dir, self.limits.memory_mib * 2**20):
                    holder = Holder(self.context, self.build_dir, self.limits.memory_mib, identity)
                    try:
                        holder.wait_ready(_LOAD_SECONDS)
                    except LoadFailure:
                        holder = None
                if holder is None:
                    self.on_disk.add(identity)
                self.holder = holder
            return holder

    def _take_worker(self) -> Worker:
        current = store_identity(self.build_dir)
        with self.lock:
            stale = [w for w in self.idle if w.store != current]
            self.idle = [w for w in self.idle if w.store == current]
            worker = self.idle.pop() if self.idle else None
        for old in stale:  # `duikou build` replaced the store: new workers open the new one
            old.stop()
        self.refill.set()
        return worker if worker is not None else self._spawn()

    def _missing_workers(self) -> int:
        """Idle workers to start so that every fast slot has one. A fast query's worker comes
        back when it is done: it is warm (its pages of the graph, the store's caches), so it
        is kept rather than replaced by a fresh one."""
        return self.limits.workers - len(self.idle) - self.fast_busy

    def _keep_idle_workers(self) -> None:
        while not self.closed:
            self.refill.wait(1.0)
            self.refill.clear()
            while not self.closed and self._missing_workers() > 0:
                try:
                    worker = self._spawn()
                except LoadFailure:
                    break
                with self.lock:
                    spare = self._missing_workers() <= 0 or self.closed
                    if not spare:
                        self.idle.append(worker)
                if spare:
                    worker.stop()

    def status(self) -> dict[str, Any]:
        """What the lanes hold now, and what happened so far."""
        with self.lock:
            return {
                "fast_running": self.fast_busy,
                "slow_running": self.slow_busy,
                "waiting": len(self.waiting),
                "idle_workers": len(self.idle),
                "graph": "on disk" if self.holder is None else "in memory",
                "worker_start_ms": round(statistics.median(self.start_ms), 2) if self.start_ms else None,
                "counts": dict(self.counts),
                "limits": self.limits.__dict__,
            }

    def close(self) -> None:
        with self.lock:
            self.closed = True
            idle, self.idle = self.idle, []
        for worker in idle:
            worker.stop()
        with self.holder_lock:
            holder, self.holder = self.holder, None
        if holder is not None:
            holder.retire()
