"""The build cache: what each facts file gave, kept by content, and what a rebuild may reuse.

A file's entry is keyed by the file's bytes, its name and the code that reads it (``cache_key``),
so a stale entry is never found. It holds the file's part files (graph.build.parts), its
entries, and a result without entries (``FileResult``). A damaged entry reads as a miss, or
fails its digest when its parts are read (``DamagedPart``), and is never trusted.

After a build that read every entry and passed, the cache also keeps a ``State``: each file's
key and interface (a digest of what the checks across files read of it), what those checks
found, and what joins the parts. A later build of the graph alone may take the checks' result
from it instead of reading every entry (graph.build.pipeline decides when).
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graph.build.atomic import write_file_atomically
from graph.build.parts import Block, Links
from graph.facts.loader import FileFacts, Record
from graph.facts.problems import Problem

STATE = "state.pickle"
_FORMAT = 6
# The modules whose code decides what a file's cached result holds (paths under graph/).
_CODE = (
    "facts/fastread.py",
    "facts/loader.py",
    "facts/model.py",
    "facts/values.py",
    "facts/yamlio.py",
    "rdf/convert.py",
    "rdf/serialize.py",
    "rdf/vocab.py",
    "build/parts.py",
    "build/cache.py",
    "build/reading.py",
)


@dataclass
class FileResult:
    """One file read on its own: its entries and problems, and the digests of its part files."""

    facts: FileFacts
    triples: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # suffix ("nt", "ttl") -> blake2b
    sizes: dict[str, int] = field(default_factory=dict)  # suffix -> bytes
    blocks: list[Block] = field(default_factory=list)  # as graph.build.parts.Part
    data: dict[str, bytes] = field(default_factory=dict)  # the parts themselves, when not cached
    # A digest of everything the checks across files read of this file (its entries, slim):
    # while it stays the same, what those checks found stays the same.
    interface: str = ""


@dataclass
class State:
    """What the checks across files found in the last build that read every entry."""

    salt: bytes
    files: list[tuple[str, str, str]]  # display name, cache key, interface
    across: list[Problem]  # what the checks across files found (warnings: the build passed)
    links: Links
    classes: dict[str, int]
    # The file of each entry that gets pairedWith links: a streamed build finds its block in
    # that file's part, and a rebuild has no entries to look it up in.
    party_files: dict[str, str]


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


def cache_key(salt: bytes, name: str, path: Path, limit: int) -> str | None:
    """The key of a file's entry; None for a file too big or unreadable (never cached)."""
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
    package = Path(__file__).resolve().parents[1]
    for module in _CODE:
        digest.update((package / module).read_bytes())
    digest.update(f"{_FORMAT} {sys.version} {yaml.__version__} {formats} {limit}".encode())
    return digest.digest()


def load_cached(folder: Path, key: str, formats: tuple[str, ...]) -> FileResult | None:
    """A file's cached result, without its entries (``load_records``); None if missing or damaged."""
    entry = folder / key[:2]
    try:
        version, result = pickle.loads((entry / f"{key}.meta").read_bytes())
        if version != _FORMAT or not isinstance(result, FileResult):
            return None
        # A part is read once, when the outputs are written, and its digest checked then; here
        # only that it is there, whole.
        for suffix in formats:
            if (entry / f"{key}.{suffix}").stat().st_size != result.sizes.get(suffix, -1):
                return None
    except Exception:  # a damaged entry (truncated, foreign, from other code) is a miss
        return None
    return result


def load_records(folder: Path, key: str) -> list[Record] | None:
    """A cached file's entries; None if they are missing or damaged."""
    try:
        records = pickle.loads((folder / key[:2] / f"{key}.records").read_bytes())
    except Exception:
        return None
    return records if isinstance(records, list) else None


def store_result(folder: Path, key: str, result: FileResult, texts: dict[str, bytes], interface_of: bytes) -> None:
    """Keep a file's parts, entries and result under its key (the entries stay on ``result``).

    ``interface_of`` is what the checks across files read of the file, pickled: its digest is
    the file's interface.
    """
    result.interface = hashlib.blake2b(interface_of, digest_size=16).hexdigest()
    entry = folder / key[:2]
    entry.mkdir(parents=True, exist_ok=True)
    for suffix, data in texts.items():
        result.digests[suffix] = hashlib.blake2b(data, digest_size=16).hexdigest()
        result.sizes[suffix] = len(data)
        write_entry(entry / f"{key}.{suffix}", data)
    records = pickle.dumps(result.facts.records, protocol=pickle.HIGHEST_PROTOCOL)
    # The entries apart from the rest, which a rebuild of the graph alone reads without them.
    write_entry(entry / f"{key}.records", records)
    kept, result.facts.records = result.facts.records, []
    write_entry(entry / f"{key}.meta", pickle.dumps((_FORMAT, result), protocol=pickle.HIGHEST_PROTOCOL))
    result.facts.records = kept


def read_part(folder: Path, key: str, suffix: str, digest: str | None) -> bytes:
    """A cached part, checked against its digest: DamagedPart if it fails."""
    data = (folder / key[:2] / f"{key}.{suffix}").read_bytes()
    if hashlib.blake2b(data, digest_size=16).hexdigest() != digest:
        raise DamagedPart(folder, key)
    return data


def write_entry(path: Path, data: bytes) -> None:
    # Not durable: a cache entry lost in a crash is a miss, and a damaged one fails its digest.
    write_file_atomically(path, data, durable=False)


def prune(folder: Path, keep: list[str]) -> None:
    """Remove cache entries that no file of the last build uses."""
    wanted = set(keep)
    for entry in folder.glob("??/*"):
        if entry.name.partition(".")[0] not in wanted:
            with contextlib.suppress(OSError):
                entry.unlink()


def save_state(folder: Path, state: State) -> None:
    write_entry(folder / STATE, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def load_state(folder: Path, salt: bytes, names: list[str]) -> State | None:
    """The state of the last passing build, if it was made by this code for these files."""
    try:
        state = pickle.loads((folder / STATE).read_bytes())
    except Exception:  # no state, or a damaged one
        return None
    if not isinstance(state, State) or state.salt != salt or [name for name, _, _ in state.files] != names:
        return None
    return state


def forget_state(folder: Path) -> None:
    """A build that may fail must not leave a state that says it passed."""
    with contextlib.suppress(OSError):
        (folder / STATE).unlink()
