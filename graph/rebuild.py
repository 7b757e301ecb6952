"""Rebuilding the graph after a few files changed, without reading the others' entries.

After a build of the graph (sorted or streamed), the cache keeps a state: each file's key and
interface (a digest of what the checks across files read of it), the problems those checks
found, what joins the parts (observation values, pairedWith links, and which file holds each
party) and the entities by class. When the files that
changed since have the interface they had, the checks across files would find what they found
then: the rebuild reads the changed files, takes the rest from the state and the cache (parts
and blocks, not entries), and writes the outputs. Anything else (a file added, removed or
renamed, an interface changed, a problem placed in a changed file, other code) falls back to
reading every entry (graph.pipeline.read_parts).
"""

from __future__ import annotations

import contextlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from .facts import FactSet, display_path, facts_files, max_file_bytes
from .parts import Links
from .pipeline import FileResult, ReadResult, Task, cache_key, code_salt, default_jobs, load_cached, run_tasks, write_entry
from .problems import Problem
from .vocab import ID

STATE = "state.pickle"


@dataclass
class State:
    salt: bytes
    files: list[tuple[str, str, str]]  # display name, cache key, interface
    across: list[Problem]  # what the checks across files found (warnings: the build passed)
    links: Links
    classes: dict[str, int]
    # The file of each entry that gets pairedWith links: a streamed build finds its block in
    # that file's part, and a rebuild has no entries to look it up in.
    party_files: dict[str, str]


def save_state(parts: ReadResult, formats: tuple[str, ...], found: Links, classes: dict[str, int]) -> None:
    """Keep what a rebuild needs, after a build that read every entry and passed."""
    if parts.folder is None:
        return
    local = {problem for result in parts.results for problem in result.facts.problems}
    state = State(
        code_salt(formats, max_file_bytes()),
        [(name, key, result.interface) for name, key, result in zip(parts.facts.files, parts.keys, parts.results, strict=True)],
        [problem for problem in parts.facts.problems if problem not in local],
        found,
        classes,
        party_files(parts, found),
    )
    write_entry(parts.folder / STATE, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def read_changed(facts_dir: Path, folder: Path, jobs: int = 0, formats: tuple[str, ...] = ("nt", "ttl")) -> ReadResult | None:
    """The facts folder read for a rebuild from the state, or None where that cannot be done."""
    try:
        state = pickle.loads((folder / STATE).read_bytes())
    except Exception:  # no state, or a damaged one: read everything
        return None
    limit = max_file_bytes()
    salt = code_salt(formats, limit)
    paths = {display_path(path): path for path in facts_files(Path(facts_dir))}
    if not isinstance(state, State) or state.salt != salt or [name for name, _, _ in state.files] != list(paths):
        return None
    results: dict[str, FileResult] = {}
    keys: list[str] = []
    changed: list[str] = []
    todo: list[Task] = []
    for (name, old_key, _), path in zip(state.files, paths.values(), strict=True):
        key = cache_key(salt, name, path, limit)
        if key is None:
            return None
        keys.append(key)
        if key != old_key:
            changed.append(name)
        cached = load_cached(folder, key, formats, records=False)
        if cached is not None:
            results[name] = cached
        else:
            todo.append((name, str(path), key, str(folder), formats, limit))
    for task, result in zip(todo, run_tasks(todo, jobs or default_jobs()), strict=True):
        result.facts.records = []
        results[task[0]] = result
    interfaces = {name: interface for name, _, interface in state.files}
    for name in changed:
        if results[name].interface != interfaces[name] or any(p.severity == "error" for p in results[name].facts.problems):
            return None
    if any(problem.file in changed for problem in state.across):
        return None  # its line and column may have moved
    facts = FactSet(Path(facts_dir), list(paths), paths)
    ordered = [results[name] for name in paths]
    facts.problems = [problem for result in ordered for problem in result.facts.problems] + list(state.across)
    return ReadResult(facts, folder, keys, ordered, sum(r.triples for r in ordered), len(todo), state.links, state.classes, state.party_files)


def party_files(parts: ReadResult, found: Links) -> dict[str, str]:
    """The file of each entry that gets pairedWith links (by subject IRI)."""
    if parts.party_files is not None:
        return parts.party_files
    return {subject: parts.facts.records[subject[len(ID) :]].file for subject in found.partners}


def forget_state(folder: Path) -> None:
    with contextlib.suppress(OSError):
        (folder / STATE).unlink()
