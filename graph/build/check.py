"""Checking a facts folder without building: the library call behind ``duikou check``."""

from __future__ import annotations

from pathlib import Path

from graph.build.cache import code_salt
from graph.build.reading import collector_paused, default_jobs, read_files
from graph.facts.loader import FactSet, combine, max_file_bytes
from graph.facts.problems import Problem, Report
from graph.rdf.convert import Triple, fact_triples
from graph.rdf.vocab import ID


def check(facts_dir: Path = Path("facts"), shapes: bool = True) -> Report:
    """Validate the facts without writing anything, and report every problem at once.

    Checks YAML syntax and duplicate keys, unknown fields and wrong types, invalid or
    impossible dates, ids duplicated across files, references to ids that do not exist,
    missing sources, and then runs the SHACL shapes over the built graph.
    """
    limit = max_file_bytes()
    with collector_paused():
        files = read_files(Path(facts_dir), None, default_jobs(), (), limit, code_salt((), limit), lean=False)
        facts = combine(Path(facts_dir), files.paths, (files.results[name].facts for name in files.paths))
    report = Report(list(facts.problems))
    if report.conforms and shapes:
        report.problems.extend(shape_problems(facts, fact_triples(facts)))
    return report


def shape_problems(facts: FactSet, triples: list[Triple]) -> list[Problem]:
    """Run the SHACL shapes over the graph and place each violation at its YAML entry."""
    from graph.facts.loader import Collector
    from graph.rdf.graphs import to_rdflib
    from graph.rdf.shacl import validate_graph

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
