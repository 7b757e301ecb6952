"""The build: read → check → join → write, with the cache and the atomic output around it.

``build`` runs the stages in order:

1. **read** (graph.build.reading): every file read, checked on its own and turned into its part
   of the outputs; the cache serves the files whose content did not change.
2. **check**: the checks that span files (ids, references, consistency). After a build of the
   graph alone, the cache's state gives their result as long as no changed file changed what
   they read; otherwise every entry is read and they run again.
3. **join**: what parts take from other files, observation values and pairedWith links.
4. **write** (graph.build.writers): sorted or streamed, into a staged folder that replaces the
   previous build in one step (graph.build.atomic); then the writers the caller adds for
   outputs made from the whole graph (JSON-LD, pages, the query store).
5. **keep**: the state a later rebuild may reuse, and the cache pruned to this build's files.

A rebuild is this same pipeline with more files served from the cache.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.build import atomic
from graph.build.cache import DamagedPart, State, code_salt, forget_state, load_state, prune, save_state
from graph.build.parts import Links, link_count, links
from graph.build.reading import FilesRead, ReadResult, collector_paused, default_jobs, read_files, with_entries, without_entries
from graph.build.writers import streamed_parts, write_sorted, write_streamed, write_summary
from graph.facts.loader import FactSet, combine, max_file_bytes, read_valid_facts
from graph.facts.problems import BuildFailed, Report
from graph.rdf.convert import Triple, fact_triples

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"
# Each file's result, kept between builds (see graph.build.cache).
CACHE_FOLDER = ".cache"
# Names a build writes; everything else found in the output folder is kept across builds.
BUILD_OUTPUTS = ("duikou.ttl", "duikou.nt", "duikou.jsonld", "ontology.ttl", "shapes.ttl", "summary.json", "void.ttl", "pages", "site", "oxigraph")


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked for; it travels through every stage unchanged."""

    facts_dir: Path = Path("facts")
    out_dir: Path = Path("build")
    graph_only: bool = False  # only the graph (Turtle, N-Triples, ontology, summary)
    stream: bool = False  # N-Triples file by file, for facts too big to hold as one graph
    jobs: int = 0  # worker processes; 0: one per core
    cache: bool = True

    @property
    def formats(self) -> tuple[str, ...]:
        return ("nt",) if self.stream else ("nt", "ttl")

    @property
    def cache_folder(self) -> Path | None:
        return self.out_dir.absolute() / CACHE_FOLDER if self.cache else None


@dataclass
class Compiled:
    """Facts read and validated; their triples are made when first asked for."""

    facts: FactSet
    report: Report = field(default_factory=Report)
    made: list[Triple] | None = None
    # Set when the outputs were written from the files' parts: their number of triples, and
    # how many files were read (the others came from the cache).
    written_triples: int | None = None
    files_read: int | None = None
    classes: dict[str, int] | None = None  # entities by class, when the entries were not all read

    @property
    def triples(self) -> list[Triple]:
        """Every triple, deduplicated and sorted (graph.rdf.convert.fact_triples)."""
        if self.made is None:
            self.made = fact_triples(self.facts)
        return self.made

    def summary(self) -> dict[str, Any]:
        classes = Counter(self.classes) if self.classes is not None else Counter(record.type for record in self.facts.records.values())
        return {
            "files": len(self.facts.files),
            "entities": dict(sorted(classes.items())),
            "triples": self.written_triples if self.written_triples is not None else len(self.triples),
            "sources": classes.get("Source", 0),
            "warnings": len(self.report.warnings),
        }


# An output made from the whole graph, written into the staged build folder.
Writer = Callable[[Compiled, Path], object]


def compile_facts(facts_dir: Path) -> Compiled:
    """Read and validate the facts, and turn them into triples. Raises BuildFailed on errors."""
    facts = read_valid_facts(Path(facts_dir))
    return Compiled(facts, Report(list(facts.problems)))


def compile_with_ntriples(facts_dir: Path, jobs: int = 0) -> tuple[Compiled, bytes]:
    """Read and check the facts as a build does (in parallel, nothing written, no cache), and
    give them with their N-Triples, file by file as a streamed build writes them: the same
    triples as ``Compiled.triples``, without making them one by one in this process.
    Raises BuildFailed on errors."""
    options = BuildOptions(Path(facts_dir), jobs=jobs, cache=False)
    limit = max_file_bytes()
    salt = code_salt(("nt",), limit)
    jobs = jobs or default_jobs()
    with collector_paused():
        files = read_files(options.facts_dir, None, jobs, ("nt",), limit, salt, lean=False)
        parts = check_across_files(options, files, salt, jobs, limit, reuse=False)
        report = Report(list(parts.facts.problems))
        if not report.conforms:
            raise BuildFailed(report)
        data = b"".join(streamed_parts(parts, links(parts.facts)))
    for result in parts.results:
        result.data = {}  # the parts are in ``data`` now
    return Compiled(parts.facts, report), data


def build(options: BuildOptions, writers: Sequence[Writer] = ()) -> Compiled:
    """Read the facts, validate them, and write the graph into ``options.out_dir``.

    Writes duikou.nt and (unless streamed) duikou.ttl, with the ontology and its SHACL shapes
    alongside as ontology.ttl and shapes.ttl and a summary (entities by class, triples,
    sources, warnings) as summary.json; then each of ``writers``, unless the build is of the
    graph only. Outputs replace the previous build all at once; if anything fails, the
    previous build is left untouched.
    """
    existed = options.out_dir.exists()
    try:
        with collector_paused():
            try:
                return _run(options, writers)
            except DamagedPart as damaged:  # nothing was swapped in: build again without it
                damaged.drop()
                return _run(options, writers)
    except BaseException:
        # A failed first build leaves nothing, not even the cache it wrote; a folder holding
        # more was not made by this build (a previous build, put back after a crash).
        out_dir = options.out_dir
        if not existed and out_dir.is_dir() and {child.name for child in out_dir.iterdir()} <= {CACHE_FOLDER}:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _run(options: BuildOptions, writers: Sequence[Writer]) -> Compiled:
    graph_only = options.graph_only or options.stream
    folder = options.cache_folder
    limit = max_file_bytes()
    salt = code_salt(options.formats, limit)
    jobs = options.jobs or default_jobs()
    files = read_files(options.facts_dir, folder, jobs, options.formats, limit, salt, lean=options.stream)
    parts = check_across_files(options, files, salt, jobs, limit, reuse=graph_only)
    report = Report(list(parts.facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    compiled = Compiled(parts.facts, report, classes=parts.classes)
    found = parts.links or links(parts.facts)
    compiled.written_triples = parts.part_triples + link_count(found)
    compiled.files_read = parts.read
    out_dir = options.out_dir
    # Folders that are big and can be made again (the cache, the benchmark's generated facts)
    # move into the new build in one rename each, instead of being linked file by file.
    moved = (CACHE_FOLDER, *(p.name for p in out_dir.glob("bench-*") if p.is_dir()))
    with atomic.staged_folder(out_dir, BUILD_OUTPUTS, moved=moved) as stage:
        if options.stream:
            write_streamed(parts, found, stage / "duikou.nt")
        else:
            write_sorted(parts, found, stage / "duikou.nt", stage / "duikou.ttl")
        write_summary(compiled.summary(), stage)  # before the writers: the store loads the ontology
        if not graph_only:
            for writer in writers:
                writer(compiled, stage)
    if folder is not None:
        keep_state(folder, parts, salt, found, compiled.summary()["entities"])
    return compiled


def check_across_files(options: BuildOptions, files: FilesRead, salt: bytes, jobs: int, limit: int, reuse: bool) -> ReadResult:
    """The checks that span files, from the cache's state where ``reuse`` allows and nothing
    they read has changed, else run over every entry."""
    folder = files.folder
    state = load_state(folder, salt, list(files.paths)) if reuse and folder is not None else None
    if state is not None and _state_holds(state, files):
        without_entries(files)
        facts = FactSet(Path(options.facts_dir), list(files.paths), files.paths)
        facts.problems = [problem for name in files.paths for problem in files.results[name].facts.problems] + list(state.across)
        return _read_result(files, facts, state)
    if folder is not None:
        forget_state(folder)  # a failed build must not leave a state that says it passed
    with_entries(files, jobs, options.formats, limit, lean=options.stream)
    facts = combine(Path(options.facts_dir), files.paths, (files.results[name].facts for name in files.paths))
    return _read_result(files, facts, None)


def _state_holds(state: State, files: FilesRead) -> bool:
    """Whether the checks across files would find what they found when the state was kept."""
    if len(files.keys) != len(files.paths):
        return False  # a file too big or unreadable
    before = {name: (key, interface) for name, key, interface in state.files}
    changed = [name for name, key in files.keys.items() if key != before[name][0]]
    for name in changed:
        result = files.results[name]
        if result.interface != before[name][1] or any(p.severity == "error" for p in result.facts.problems):
            return False
    # A problem placed in a changed file: its line and column may have moved.
    return not any(problem.file in changed for problem in state.across)


def _read_result(files: FilesRead, facts: FactSet, state: State | None) -> ReadResult:
    ordered = [files.results[name] for name in files.paths]
    keys = [files.keys.get(name, "") for name in files.paths]
    triples = sum(result.triples for result in ordered)
    if state is None:
        return ReadResult(facts, files.folder, keys, ordered, triples, len(files.fresh))
    return ReadResult(facts, files.folder, keys, ordered, triples, len(files.fresh), state.links, state.classes, state.party_files)


def keep_state(folder: Path, parts: ReadResult, salt: bytes, found: Links, classes: dict[str, int]) -> None:
    """Keep what a rebuild needs, and prune the cache to this build's files."""
    local = {problem for result in parts.results for problem in result.facts.problems}
    state = State(
        salt,
        [(name, key, result.interface) for name, key, result in zip(parts.facts.files, parts.keys, parts.results, strict=True)],
        [problem for problem in parts.facts.problems if problem not in local],
        found,
        classes,
        parts.party_files(found),
    )
    save_state(folder, state)
    prune(folder, parts.keys)
