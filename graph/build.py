"""Building and checking: the library calls behind ``duikou build`` and ``duikou check``."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic
from .convert import PAIRED_WITH, Triple, fact_triples
from .facts import FactSet, read_facts
from .parts import Block, Links, fill, link_count, links, with_links
from .pipeline import DamagedPart, ReadResult, collector_paused, prune, read_parts
from .problems import Problem, Report
from .rebuild import forget_state, party_files, read_changed, save_state
from .serialize import jsonld_text, ntriples_lines, turtle_header
from .store import write_store
from .vocab import ID

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"
ONTOLOGY_FILES = ("duikou.ttl", "shapes.ttl")
# Each file's result, kept between builds (see graph.pipeline).
CACHE_FOLDER = ".cache"
# Names a build writes; everything else found in the output folder is kept across builds.
BUILD_OUTPUTS = ("duikou.ttl", "duikou.nt", "duikou.jsonld", "ontology.ttl", "shapes.ttl", "summary.json", "pages", "oxigraph")


class BuildFailed(Exception):
    """The facts have errors; nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} problem(s) in the facts")
        self.report = report


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
        """Every triple, deduplicated and sorted (graph.convert.fact_triples)."""
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


def compile_facts(facts_dir: Path) -> Compiled:
    """Read and validate the facts, and turn them into triples. Raises BuildFailed on errors."""
    facts = read_facts(Path(facts_dir))
    report = Report(list(facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    return Compiled(facts, report)


def build(
    facts_dir: Path = Path("facts"),
    out_dir: Path = Path("build"),
    graph_only: bool = False,
    stream: bool = False,
    jobs: int = 0,
    cache: bool = True,
) -> Compiled:
    """Read the facts, validate them, and write build/duikou.ttl, duikou.nt and duikou.jsonld.

    The ontology and its SHACL shapes are written alongside as ontology.ttl and shapes.ttl, and
    a summary (entities by class, triples, sources, warnings) as summary.json, the
    interactive network pages under pages/ (an overview, one page per city pairing, an index),
    and the query store build/oxigraph/ (the whole graph, bulk-loaded). Outputs replace the
    previous build all at once; if anything fails, the previous build is left untouched.

    Files are read in parallel (``jobs`` worker processes; 0: one per core) and each file's
    result is kept in the cache build/.cache, keyed by the file's content: a rebuild reads
    only the files that changed (``cache=False``: read everything, keep nothing).
    ``graph_only`` writes only the graph (Turtle, N-Triples, ontology, summary): no JSON-LD,
    pages or store. ``stream`` writes N-Triples only, file by file, for facts too big to hold
    as one graph in memory.
    """
    out_dir = Path(out_dir)
    graph_only = graph_only or stream
    existed = out_dir.exists()
    try:
        with collector_paused():
            try:
                return _build(Path(facts_dir), out_dir, graph_only, stream, jobs, cache)
            except DamagedPart as damaged:  # nothing was swapped in: build again without it
                damaged.drop()
                return _build(Path(facts_dir), out_dir, graph_only, stream, jobs, cache)
    except BaseException:
        # A failed first build leaves nothing, not even the cache it wrote; a folder holding
        # more was not made by this build (a previous build, put back after a crash).
        if not existed and out_dir.is_dir() and {child.name for child in out_dir.iterdir()} <= {CACHE_FOLDER}:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _build(facts_dir: Path, out_dir: Path, graph_only: bool, stream: bool, jobs: int, cache: bool) -> Compiled:
    folder = out_dir.absolute() / CACHE_FOLDER if cache else None
    formats = ("nt",) if stream else ("nt", "ttl")
    # A rebuild of the graph alone can skip the entries of files that did not change (and
    # their checks across files); every other build reads every entry.
    parts = read_changed(facts_dir, folder, jobs, formats) if folder is not None and graph_only else None
    if parts is None:
        if folder is not None:
            forget_state(folder)  # a failed build must not leave a state that says it passed
        parts = read_parts(facts_dir, folder, jobs=jobs, formats=formats, lean=stream)
    report = Report(list(parts.facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    compiled = Compiled(parts.facts, report, classes=parts.classes)
    found = parts.links or links(parts.facts)
    compiled.written_triples = parts.part_triples + link_count(found)
    compiled.files_read = parts.read
    # Folders that are big and can be made again (the cache, the benchmark's generated facts)
    # move into the new build in one rename each, instead of being linked file by file.
    moved = (CACHE_FOLDER, *(p.name for p in out_dir.glob("bench-*") if p.is_dir()))
    with atomic.staged_folder(out_dir, BUILD_OUTPUTS, moved=moved) as stage:
        if stream:
            write_streamed(parts, found, stage / "duikou.nt")
        else:
            write_sorted(parts, found, stage / "duikou.nt", stage / "duikou.ttl")
        write_summary(compiled, stage)  # before the store, which loads the ontology too
        if not graph_only:
            write_rich_outputs(compiled, stage)
    if folder is not None:
        save_state(parts, formats, found, compiled.summary()["entities"])
        prune(folder, parts.keys)
    return compiled




def write_sorted(parts: ReadResult, found: Links, nt_path: Path, ttl_path: Path) -> None:
    """N-Triples and Turtle with every subject's block in order: the files' blocks merged."""
    blocks = parts.blocks
    # Runs of blocks that follow each other in one file are copied as one slice.
    runs: list[tuple[int, int, int]] = []  # (file, first block, end block)
    for _, file, index in sorted((block[0], file, index) for file, file_blocks in enumerate(blocks) for index, block in enumerate(file_blocks)):
        if runs and runs[-1][0] == file and runs[-1][2] == index:
            runs[-1] = (file, runs[-1][1], index + 1)
        else:
            runs.append((file, index, index + 1))
    for path, turtle in ((nt_path, False), (ttl_path, True)):
        data = list(parts.parts("ttl" if turtle else "nt"))
        with open(path, "wb") as out:
            if turtle:
                out.write(turtle_header().encode("utf-8"))
            for file, first, end in runs:
                out.write(_run(data[file], blocks[file], first, end, found, turtle))
        del data


def write_streamed(parts: ReadResult, found: Links, nt_path: Path) -> None:
    """N-Triples file by file (each file's triples sorted), holding one file at a time.

    A streamed build keeps no block list: a party's block is found in its file's part by its
    lines, which all start with the subject.
    """
    parties: dict[str, list[str]] = {}
    for subject, name in party_files(parts, found).items():
        parties.setdefault(name, []).append(subject)
    with open(nt_path, "wb") as out:
        for name, data in zip(parts.facts.files, parts.parts("nt"), strict=True):
            for subject in sorted(parties.get(name, ())):
                data = _with_links_in_lines(data, subject, found.partners[subject])
            out.write(fill(data, found, False))


def _with_links_in_lines(data: bytes, subject: str, partners: list[Triple]) -> bytes:
    """Put a party's pairedWith lines among its N-Triples lines, where they sort."""
    head = f"<{subject}> ".encode()
    start = 0 if data.startswith(head) else data.index(b"\n" + head) + 1
    end = start
    while data.startswith(head, end):
        predicate = data[end + len(head) + 1 : data.index(b">", end + len(head))].decode("utf-8")
        if predicate > PAIRED_WITH:
            break
        end = data.index(b"\n", end) + 1
    return data[:end] + "".join(ntriples_lines(partners)).encode("utf-8") + data[end:]


def _run(data: bytes, blocks: list[Block], first: int, end: int, found: Links, turtle: bool) -> bytes:
    """Blocks ``first`` to ``end`` of a part, with markers filled and parties' links put in."""
    begin = _end(blocks[first - 1], turtle) if first else 0
    text = data[begin : _end(blocks[end - 1], turtle)]
    if not found.partners.keys().isdisjoint(block[0] for block in blocks[first:end]):
        pieces = []
        start = begin
        for block in blocks[first:end]:
            stop = _end(block, turtle)
            links_here = found.partners.get(block[0])
            if links_here:
                pieces.append(with_links(data[start:stop], block[4] if turtle else block[3], links_here, turtle))
            else:
                pieces.append(data[start:stop])
            start = stop
        text = b"".join(pieces)
    return fill(text, found, turtle)


def _end(block: Block, turtle: bool) -> int:
    return block[2] if turtle else block[1]


def write_rich_outputs(compiled: Compiled, folder: Path) -> None:
    """JSON-LD, the network pages and the query store: outputs made from the whole graph."""
    from .pages import write_pages

    with open(folder / "duikou.jsonld", "w", encoding="utf-8", newline="\n") as handle:
        handle.write(jsonld_text(compiled.triples))
    write_pages(compiled, folder)
    write_store(folder)


def write_summary(compiled: Compiled, folder: Path) -> None:
    for name, target in zip(ONTOLOGY_FILES, ("ontology.ttl", "shapes.ttl"), strict=True):
        source = ONTOLOGY_DIR / name
        if source.exists():
            (folder / target).write_bytes(source.read_bytes())
    summary = json.dumps(compiled.summary(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (folder / "summary.json").write_text(summary, encoding="utf-8")


def check(facts_dir: Path = Path("facts"), shapes: bool = True) -> Report:
    """Validate the facts without writing anything, and report every problem at once.

    Checks YAML syntax and duplicate keys, unknown fields and wrong types, invalid or
    impossible dates, ids duplicated across files, references to ids that do not exist,
    missing sources, and then runs the SHACL shapes over the built graph.
    """
    with collector_paused():
        facts = read_parts(Path(facts_dir), None, formats=()).facts
    report = Report(list(facts.problems))
    if report.conforms and shapes:
        report.problems.extend(shape_problems(facts, fact_triples(facts)))
    return report


def shape_problems(facts: FactSet, triples: list[Triple]) -> list[Problem]:
    """Run the SHACL shapes over the graph and place each violation at its YAML entry."""
    from .facts import Collector
    from .rdf import to_rdflib
    from .shacl import validate_graph

    collector = Collector()
    for violation in validate_graph(to_rdflib(triples)):
        entry_id = violation.focus[len(ID) :] if violation.focus.startswith(ID) else ""
        record = facts.records.get(entry_id)
        if record is None:
            collector.ready.append(Problem("(graph)", 0, 0, violation.focus, violation.message, "fix the entry this node comes from", violation.severity))
            continue
        path = record.path + ((violation.yaml_field,) if violation.yaml_field else ())
        collector.add(record.file, path, record.id, f"shape: {violation.message}", "make the entry satisfy the shape (see ontology/shapes.ttl)", violation.severity)
    files = {p.file for p in collector.pending}
    return collector.resolve({name: facts.paths[name].read_text(encoding="utf-8") for name in files})
