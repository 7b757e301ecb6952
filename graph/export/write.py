"""``duikou export``: the graph as tables and network files for other tools.

Each file is replaced on its own, atomically (written beside, then renamed over), so a reader
never sees half a file; the folder may hold other files, which are left alone: export writes
only the names below and deletes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.build.atomic import write_file_atomically
from graph.export.networks import gexf_text, graphml_text, network
from graph.export.tables import csv_text, datapackage_text, tables
from graph.rdf.convert import Triple

FORMATS = ("csv", "graphml", "gexf")


def export_files(triples: Sequence[Triple], formats: Sequence[str] = FORMATS) -> dict[str, str]:
    """The text of every file of the export, by file name."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format {', '.join(unknown)}: use {', '.join(FORMATS)} or all")
    files: dict[str, str] = {}
    if "csv" in formats:
        found = tables(triples)
        files.update({f"{table.name}.csv": csv_text(table) for table in found})
        files["datapackage.json"] = datapackage_text(found)  # last: it describes the tables before it
    if "graphml" in formats or "gexf" in formats:
        graph = network(triples)
        if "graphml" in formats:
            files["duikou.graphml"] = graphml_text(graph)
        if "gexf" in formats:
            files["duikou.gexf"] = gexf_text(graph, triples)
    return files


def write_export(triples: Sequence[Triple], out: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write the export files into ``out`` (created if needed), each replaced atomically."""
    written = []
    for name, text in export_files(triples, formats).items():
        path = Path(out) / name
        write_file_atomically(path, text.encode("utf-8"))
        path.chmod(0o644)  # files for other tools and people: readable by all, as cp would leave them
        written.append(path)
    return written


def export(facts_dir: Path = Path("facts"), format: str = "all", out: Path = Path("build") / "export") -> list[Path]:
    """Export the graph for other tools and print the files written.

    --format csv: tidy UTF-8 tables (entities.csv, relations.csv, observations.csv, sources.csv)
    with a Frictionless Data Package (datapackage.json) typing every column, for R, Stata,
    pandas and spreadsheets. --format graphml or gexf: the network of entities (duikou.graphml,
    duikou.gexf) for Gephi, Cytoscape and igraph, nodes with their class and both labels, edges
    with their relation, pairings and events with their dates (in GEXF, Gephi's timeline).
    --format all (the default): everything. Files go into --out (default build/export); each
    is replaced atomically, and nothing else in the folder is touched.
    """
    from graph.build.pipeline import compile_facts

    triples = compile_facts(Path(facts_dir)).triples
    return write_export(triples, out, FORMATS if format == "all" else (format,))
