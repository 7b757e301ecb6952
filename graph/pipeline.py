"""Reading a facts folder for a build: files in parallel, each file's result cached by content.

Each file is read, validated and turned into its part of the outputs (graph.parts) on its own,
in worker processes when there are many files. The result is kept in a cache folder under a
key made of the file's bytes, its name and the code that reads it, so that a rebuild after
editing one file reads that one file; the checks that span files run again every time, over
every entry. A damaged or stale cache entry is read as a miss, never trusted.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_file_atomically
from .facts import FactSet, FileFacts, combine, display_path, facts_files, max_file_bytes, read_file, slim
from .parts import Block, Links, make_part

# What a worker is given: display name, path, cache key, cache folder ("" for none), the
# formats of the parts to make, and the size limit for one file.
Task = tuple[str, str, str, str, tuple[str, ...], int]
# Below this many files to read, worker processes cost more than they save.
PARALLEL_FROM_FILES = 64
_FORMAT = 6
# The modules whose code decides what a file's cached result holds.
_CODE = ("facts.py", "model.py", "values.py", "convert.py", "serialize.py", "yamlio.py", "vocab.py", "parts.py", "pipeline.py", "rebuild.py")


@dataclass
class FileResult:
    """One file read on its own: its entries and problems, and the digests of its part files."""

    facts: FileFacts
    triples: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # suffix ("nt", "ttl") -> blake2b
    sizes: dict[str, int] = field(default_factory=dict)  # suffix -> bytes
    blocks: list[Block] = field(default_factory=list)  # as graph.parts.Part
    data: dict[str, bytes] = field(default_factory=dict)  # the parts themselves, when not cached
    # A digest of everything the checks across files read of this file (its entries, slim):
    # while it stays the same, what those checks found stays the same (see graph.rebuild).
    interface: str = ""


@dataclass
class ReadResult:
    """A facts folder read for a build: the joined, checked facts and each file's part files."""

    facts: FactSet
    folder: Path | None  # the cache, where the parts are; None: they are in ``results``
    keys: list[str]  # per file, in file order
    results: list[FileResult]  # per file, in file order
    part_triples: int
    read: int = 0  # files read this time (the rest came from the cache)
    # Known without the entries, when only files whose interface is unchanged were read again.
    links: Links | None = None
    classes: dict[str, int] | None = None
    party_files: dict[str, str] | None = None

    @property
    def blocks(self) -> list[list[Block]]:
        """Each file's blocks (see graph.parts.Block), in file order."""
        return [result.blocks for result in self.results]

    def parts(self, suffix: str) -> Iterator[bytes]:
        """Each file's part ("nt" or "ttl"), in file order. A cached part is checked against its
        digest here, where it is read anyway: DamagedPart if it fails."""
        for key, result in zip(self.keys, self.results, strict=True):
            if self.folder is None:
                yield result.data[suffix]
                continue
            path = self.folder / key[:2] / f"{key}.{suffix}"
            data = path.read_bytes()
            if hashlib.blake2b(data, digest_size=16).hexdigest() != result.digests.get(suffix):
                raise DamagedPart(self.folder, key)
            yield data


class DamagedPart(Exception):
    """A cached part changed after its entry was written: the entry must be dropped."""

    def __init__(self, folder: Path, key: str) -> None:
        super().__init__(f"damaged cache entry {key}")
        self.folder = folder
        self.key = key

    def drop(self) -> None:
        """Drop this entry, and every other whose parts fail their digests (damage rarely
        comes alone: a disk or a copy that changed one file may have changed others)."""
        _drop(self.folder, self.key)
        for meta in self.folder.glob("??/*.meta"):
            key = meta.name.partition(".")[0]
            try:
                _, result = pickle.loads(meta.read_bytes())
                intact = all(hashlib.blake2b((meta.parent / f"{key}.{suffix}").read_bytes(), digest_size=16).hexdigest() == digest for suffix, digest in result.digests.items())
            except Exception:
                intact = False
            if not intact:
                _drop(self.folder, key)


def _drop(folder: Path, key: str) -> None:
    for entry in (folder / key[:2]).glob(f"{key}.*"):
        with contextlib.suppress(OSError):
            entry.unlink()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_parts(facts_dir: Path, folder: Path | None, jobs: int = 0, formats: tuple[str, ...] = ("nt", "ttl"), lean: bool = False) -> ReadResult:
    """Read every facts file under ``facts_dir``, from the cache ``folder`` where its content is
    unchanged, writing each file's output parts into ``folder`` (None: no cache, parts in memory).

    ``formats`` are the parts made: "nt", "ttl", or none (to check only). ``lean`` keeps of each
    entry only what the checks across files read (graph.facts.slim), and no block list: for
    streamed builds, which hold millions of entries.
    """
    paths = {display_path(path): path for path in facts_files(Path(facts_dir))}
    limit = max_file_bytes()
    salt = code_salt(formats, limit)
    jobs = jobs or default_jobs()
    results: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    todo: list[Task] = []
    with collector_paused():
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
        for name, result in zip((task[0] for task in todo), run_tasks(todo, jobs), strict=True):
            results[name] = _leaner(result) if lean else result
        facts = combine(Path(facts_dir), paths, (results[name].facts for name in paths))
    ordered = [results[name] for name in paths]
    return ReadResult(facts, folder, [keys.get(name, "") for name in paths], ordered, sum(r.triples for r in ordered), len(todo))


def _leaner(result: FileResult) -> FileResult:
    result.facts.records = [slim(record) for record in result.facts.records]
    result.blocks = []
    return result


def prune(folder: Path, keep: list[str]) -> None:
    """Remove cache entries that no file of the last build uses."""
    wanted = set(keep)
    for entry in folder.glob("??/*"):
        if entry.name.partition(".")[0] not in wanted:
            with contextlib.suppress(OSError):
                entry.unlink()


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
    """Read one file and write its parts and its cache entry (runs in a worker process)."""
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
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    records = pickle.dumps(file_facts.records, protocol=pickle.HIGHEST_PROTOCOL)
    slim_records = pickle.dumps([slim(record) for record in file_facts.records], protocol=pickle.HIGHEST_PROTOCOL)
    result.interface = hashlib.blake2b(slim_records, digest_size=16).hexdigest()
    entry = Path(folder) / key[:2]
    entry.mkdir(parents=True, exist_ok=True)
    for suffix, data in texts.items():
        result.digests[suffix] = hashlib.blake2b(data, digest_size=16).hexdigest()
        result.sizes[suffix] = len(data)
        write_entry(entry / f"{key}.{suffix}", data)
    # The entries apart from the rest, which a rebuild of the graph alone reads without them.
    write_entry(entry / f"{key}.records", records)
    file_facts.records = []
    write_entry(entry / f"{key}.meta", pickle.dumps((_FORMAT, result), protocol=pickle.HIGHEST_PROTOCOL))
    file_facts.records = pickle.loads(records)
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def load_cached(folder: Path, key: str, formats: tuple[str, ...], records: bool = True) -> FileResult | None:
    """A file's cached result, with its entries or without; None if missing or damaged."""
    entry = folder / key[:2]
    try:
        version, result = pickle.loads((entry / f"{key}.meta").read_bytes())
        if version != _FORMAT or not isinstance(result, FileResult):
            return None
        if records:
            result.facts.records = pickle.loads((entry / f"{key}.records").read_bytes())
        # A part is read once, when the outputs are written, and its digest checked then; here
        # only that it is there, whole.
        for suffix in formats:
            if (entry / f"{key}.{suffix}").stat().st_size != result.sizes.get(suffix, -1):
                return None
    except Exception:  # a damaged entry (truncated, foreign, from other code) is a miss
        return None
    return result


def write_entry(path: Path, data: bytes) -> None:
    # Not durable: a cache entry lost in a crash is a miss, and a damaged one fails its digest.
    write_file_atomically(path, data, durable=False)


def cache_key(salt: bytes, name: str, path: Path, limit: int) -> str | None:
    try:
        if path.stat().st_size > limit:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.blake2b(salt, digest_size=20)
    digest.update(name.encode("utf-8", "surrogateescape") + b"\x00")
    digest.update(data)
    return digest.hexdigest()


def code_salt(formats: tuple[str, ...], limit: int) -> bytes:
    import yaml

    digest = hashlib.blake2b(digest_size=20)
    here = Path(__file__).resolve().parent
    for module in _CODE:
        digest.update((here / module).read_bytes())
    digest.update(f"{_FORMAT} {sys.version} {yaml.__version__} {formats} {limit}".encode())
    return digest.digest()


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
