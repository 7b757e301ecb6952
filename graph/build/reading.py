"""Reading a facts folder for a build: the first stage, in parallel, file by file.

Each file is read, validated and turned into its part of the outputs (graph.build.parts) on its
own, in worker processes when there are many files; nothing here depends on other files. The
cache (graph.build.cache) serves every file whose content did not change, and keeps what the
workers make.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.build.cache import FileResult, cache_key, load_cached, load_records, read_part, store_result
from graph.build.parts import Block, Links, make_part
from graph.facts.loader import FactSet, display_path, facts_files, read_file, slim
from graph.rdf.vocab import ID

# What a worker is given: display name, path, cache key ("" for none), cache folder ("" for
# none), the formats of the parts to make, and the size limit for one file.
Task = tuple[str, str, str, str, tuple[str, ...], int]
# Below this many files to read, worker processes cost more than they save.
PARALLEL_FROM_FILES = 64


@dataclass
class FilesRead:
    """Every file of a facts folder, each read on its own or served by the cache."""

    folder: Path | None  # the cache; None: no cache, the parts are in memory
    paths: dict[str, Path]  # display name -> file, in file order
    keys: dict[str, str]  # display name -> cache key, for the files that have one
    results: dict[str, FileResult]
    fresh: set[str]  # the files read this time (the others came from the cache)
    with_records: bool  # whether every result holds its entries


def read_files(facts_dir: Path, folder: Path | None, jobs: int, formats: tuple[str, ...], limit: int, salt: bytes, lean: bool) -> FilesRead:
    """Read every facts file under ``facts_dir``; the cache ``folder`` serves the unchanged
    ones, without their entries (``with_entries`` loads them when a later stage needs them).

    ``lean`` keeps of each entry only what the checks across files read (graph.facts.loader.slim),
    and no block list: for streamed builds, which hold millions of entries.
    """
    paths = {display_path(path): path for path in facts_files(Path(facts_dir))}
    results: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    todo: list[Task] = []
    for name, path in paths.items():
        key = cache_key(salt, name, path, limit)
        if key is None:  # too big or unreadable: read_file says so, nothing is cached
            results[name] = FileResult(read_file(name, path, limit))
            continue
        keys[name] = key
        cached = None if folder is None else load_cached(folder, key, formats)
        if cached is not None:
            results[name] = _leaner(cached) if lean else cached
        else:
            todo.append((name, str(path), key, str(folder or ""), formats, limit))
    for task, result in zip(todo, run_tasks(todo, jobs), strict=True):
        results[task[0]] = _leaner(result) if lean else result
    fresh = {task[0] for task in todo}
    return FilesRead(folder, paths, keys, results, fresh, with_records=not (set(keys) - fresh))


def with_entries(files: FilesRead, jobs: int, formats: tuple[str, ...], limit: int, lean: bool) -> None:
    """Give every file its entries: from the cache, or by reading it again where they are lost."""
    if files.with_records:
        return
    todo: list[Task] = []
    for name, key in files.keys.items():
        if name in files.fresh:
            continue
        assert files.folder is not None
        records = load_records(files.folder, key)
        if records is None:
            todo.append((name, str(files.paths[name]), key, str(files.folder), formats, limit))
        else:
            files.results[name].facts.records = [slim(record) for record in records] if lean else records
    for task, result in zip(todo, run_tasks(todo, jobs), strict=True):
        files.results[task[0]] = _leaner(result) if lean else result
        files.fresh.add(task[0])
    files.with_records = True


def without_entries(files: FilesRead) -> None:
    """Free the entries of the files read this time, when no later stage needs them."""
    for name in files.fresh:
        files.results[name].facts.records = []
    files.with_records = False


def _leaner(result: FileResult) -> FileResult:
    result.facts.records = [slim(record) for record in result.facts.records]
    result.blocks = []
    return result


@dataclass
class ReadResult:
    """A facts folder read and checked: the joined facts and each file's part files."""

    facts: FactSet
    folder: Path | None  # the cache, where the parts are; None: they are in ``results``
    keys: list[str]  # per file, in file order
    results: list[FileResult]  # per file, in file order
    part_triples: int
    read: int = 0  # files read this time (the rest came from the cache)
    # Known without the entries, when the checks across files were taken from the cache.
    links: Links | None = None
    classes: dict[str, int] | None = None
    known_party_files: dict[str, str] | None = None

    @property
    def blocks(self) -> list[list[Block]]:
        """Each file's blocks (see graph.build.parts.Block), in file order."""
        return [result.blocks for result in self.results]

    def party_files(self, found: Links) -> dict[str, str]:
        """The file of each entry that gets pairedWith links (by subject IRI)."""
        if self.known_party_files is not None:
            return self.known_party_files
        return {subject: self.facts.records[subject[len(ID) :]].file for subject in found.partners}

    def parts(self, suffix: str) -> Iterator[bytes]:
        """Each file's part ("nt" or "ttl"), in file order. A cached part is checked against its
        digest here, where it is read anyway: DamagedPart if it fails."""
        for key, result in zip(self.keys, self.results, strict=True):
            if self.folder is None:
                yield result.data[suffix]
            else:
                yield read_part(self.folder, key, suffix, result.digests.get(suffix))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_tasks(todo: list[Task], jobs: int) -> Iterator[FileResult]:
    if jobs < 2 or len(todo) < PARALLEL_FROM_FILES:
        for task in todo:
            yield pickle.loads(_process(task))
        return
    # fork: workers start at once and share the code already imported.
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(todo))) as pool:
        for blob in pool.imap(_process, todo, chunksize=max(1, min(16, len(todo) // (jobs * 8)))):
            yield pickle.loads(blob)


def _process(task: Task) -> bytes:
    """Read one file, make its parts and give them to the cache (runs in a worker process)."""
    name, path, key, folder, formats, limit = task
    # The worker builds many small objects and keeps or frees them whole (reading makes no
    # reference cycles): collecting would find nothing.
    gc.disable()
    file_facts = read_file(name, Path(path), limit)
    result = FileResult(file_facts)
    texts: dict[str, bytes] = {}
    if formats and not any(p.severity == "error" for p in file_facts.problems):
        part = make_part(file_facts.records, "ttl" in formats)
        result.triples = part.triples
        result.blocks = part.blocks
        texts = {suffix: part.turtle if suffix == "ttl" else part.ntriples for suffix in formats}
    if not folder:
        result.data = texts
    else:
        slim_records = pickle.dumps([slim(record) for record in file_facts.records], protocol=pickle.HIGHEST_PROTOCOL)
        store_result(Path(folder), key, result, texts, slim_records)
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A build allocates millions of objects that all live to its end: the cyclic garbage
    collector would rescan them again and again for nothing (it doubles the time at 100k)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
