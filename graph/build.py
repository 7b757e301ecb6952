"""Building and checking: the library calls behind ``duikou build`` and ``duikou check``."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic
from .convert import Triple, fact_triples
from .facts import FactSet, read_facts
from .problems import Problem, Report
from .serialize import jsonld_text, ntriples_lines, turtle_chunks
from .store import write_store
from .vocab import DK, ID, RDF_TYPE

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"
ONTOLOGY_FILES = ("duikou.ttl", "shapes.ttl")
# Names a build writes; everything else found in the output folder is kept across builds.
BUILD_OUTPUTS = ("duikou.ttl", "duikou.nt", "duikou.jsonld", "ontology.ttl", "shapes.ttl", "summary.json", "pages", "oxigraph")


class BuildFailed(Exception):
    """The facts have errors; nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} problem(s) in the facts")
        self.report = report


@dataclass
class Compiled:
    """Facts read and validated, with their triples."""

    facts: FactSet
    triples: list[Triple]
    report: Report = field(default_factory=Report)

    def summary(self) -> dict[str, Any]:
        classes = Counter(o[1][len(DK) :] for s, p, o in self.triples if p == RDF_TYPE and o[1].startswith(DK) and s.startswith(ID))
        return {
            "files": len(self.facts.files),
            "entities": dict(sorted(classes.items())),
            "triples": len(self.triples),
            "sources": classes.get("Source", 0),
            "warnings": len(self.report.warnings),
        }


def compile_facts(facts_dir: Path) -> Compiled:
    """Read and validate the facts, and turn them into triples. Raises BuildFailed on errors."""
    facts = read_facts(Path(facts_dir))
    report = Report(list(facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    return Compiled(facts, fact_triples(facts), report)


def build(facts_dir: Path = Path("facts"), out_dir: Path = Path("build")) -> Compiled:
    """Read the facts, validate them, and write build/duikou.ttl, duikou.nt and duikou.jsonld.

    The ontology and its SHACL shapes are written alongside as ontology.ttl and shapes.ttl, and
    a summary (entities by class, triples, sources, warnings) as summary.json, the
    interactive network pages under pages/ (an overview, one page per city pairing, an index),
    and the query store build/oxigraph/ (the whole graph, bulk-loaded). Outputs replace the
    previous build all at once; if anything fails, the previous build is left untouched.
    """
    from .pages import write_pages

    compiled = compile_facts(facts_dir)
    with atomic.staged_folder(Path(out_dir), BUILD_OUTPUTS) as stage:
        write_outputs(compiled, stage)
        write_pages(compiled, stage)
        write_store(stage)
    return compiled


def write_outputs(compiled: Compiled, folder: Path) -> None:
    triples = compiled.triples
    with open(folder / "duikou.nt", "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(ntriples_lines(triples))
    with open(folder / "duikou.ttl", "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(turtle_chunks(triples))
    with open(folder / "duikou.jsonld", "w", encoding="utf-8", newline="\n") as handle:
        handle.write(jsonld_text(triples))
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
    facts = read_facts(Path(facts_dir))
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
