"""Tidy tables of the graph, for R, Stata, pandas and spreadsheets, with a Frictionless Data
Package that types their columns.

Four tables, one row per thing: ``entities`` (id, IRI, class, Chinese and English name),
``relations`` (every link from an entity to another: subject, property, object), ``observations``
(the dated figures: subject, measure, value, unit, date with its precision and first day,
qualifier, sources) and ``sources``. Dates keep the precision the facts give them: ``2023``,
``2023-11`` or ``2023-11-08`` in ``date``, with ``date_precision`` saying which and
``date_first_day`` giving a full date to sort and plot by. Rows are sorted, so the same facts
give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.dataset import DESCRIPTION, LICENCE, TITLE, version
from graph.rdf.serialize import compact
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

_LABEL = PREFIXES["rdfs"] + "label"
_DCTERMS = PREFIXES["dcterms"]
_PRECISION = {4: "year", 7: "month", 10: "day"}
# Money is in yuan and ratios are fractions, as in the graph; a count's unit is its measure's.
_UNITS = {"money": "yuan", "ratio": "ratio"}


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: tuple[tuple[str, str, str], ...]  # (name, Frictionless type, description)
    rows: Sequence[tuple[str, ...]]
    primary_key: str | None = None
    foreign_keys: tuple[str, ...] = ()  # fields holding an entities.id


def date_parts(lexical: str) -> tuple[str, str]:
    """The precision of a date as the facts give it, and its first day."""
    precision = _PRECISION.get(len(lexical), "")
    first = {"year": f"{lexical}-01-01", "month": f"{lexical}-01", "day": lexical}.get(precision, "")
    return precision, first


def tables(triples: Sequence[Triple]) -> list[Table]:
    """The four tables of a graph's triples."""
    by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]] = defaultdict(list)
    classes: dict[str, str] = {}
    for s, p, o in triples:
        if s.startswith(ID):
            by_subject[s].append((p, o))
            if p == RDF_TYPE and o[1].startswith(DK):
                classes[s] = o[1][len(DK) :]

    def local(iri: str) -> str:
        return iri[len(ID) :] if iri.startswith(ID) else compact(iri) or iri

    def label(iri: str, lang: str) -> str:
        return next((v for p, (k, v, x) in by_subject.get(iri, []) if p == _LABEL and k == LANG and x == lang), "")

    def one(iri: str, predicate: str) -> str:
        return next((v for p, (k, v, x) in sorted(by_subject.get(iri, [])) if p == predicate), "")

    entities = [(local(s), s, cls, label(s, "zh"), label(s, "en")) for s, cls in sorted(classes.items())]
    relations = sorted(
        (local(s), compact(p) or p, local(v)) for s in classes for p, (k, v, x) in by_subject[s] if k == IRI and p != RDF_TYPE and v in classes
    )
    observations = []
    for s in sorted(s for s, cls in classes.items() if cls == "Observation"):
        measure = one(s, DK + "measure")
        kind = one(measure, DK + "measureKind")[len(DK + "measurekind-") :]
        date = one(s, DK + "asOf")
        precision, first = date_parts(date)
        qualifier = one(s, DK + "qualifier")[len(DK + "qualifier-") :]
        cited = ";".join(sorted(local(v) for p, (k, v, x) in by_subject[s] if p == DK + "source"))
        unit = _UNITS.get(kind) or next((v for p, (k, v, x) in by_subject.get(measure, []) if p == DK + "unitLabel" and x == "en"), "")
        observations.append((local(s), local(one(s, DK + "subject")), local(measure), one(s, DK + "value"), unit, date, precision, first, qualifier or "exact", cited))
    sources = []
    for s in sorted(s for s, cls in classes.items() if cls == "Source"):
        published = one(s, _DCTERMS + "issued")
        kind = one(s, DK + "sourceKind")[len(DK + "source-") :]
        sources.append((local(s), one(s, _DCTERMS + "title"), one(s, _DCTERMS + "publisher"), published, date_parts(published)[0], one(s, PREFIXES["schema"] + "url"), kind))
    return [
        Table(
            "entities",
            "Every entity of the graph: its id, IRI, class and names.",
            (("id", "string", "the entity's id"), ("iri", "string", "its IRI"), ("class", "string", "its class in the duikou ontology"),
             ("name_zh", "string", "its Chinese name"), ("name_en", "string", "its English name")),
            entities,
            primary_key="id",
        ),
        Table(
            "relations",
            "Every link from one entity to another.",
            (("subject", "string", "the entity the link starts from"), ("property", "string", "the relation, as a CURIE (dk:partOf)"),
             ("object", "string", "the entity it points at")),
            relations,
            foreign_keys=("subject", "object"),
        ),
        Table(
            "observations",
            "The dated figures: what was measured about which entity, when, and who says so.",
            (("id", "string", "the observation's id"), ("subject", "string", "the entity the figure is about"),
             ("measure", "string", "the measure's id"), ("value", "number", "the value: yuan for money, a fraction for ratios"),
             ("unit", "string", "yuan, ratio, or the unit counted"), ("date", "string", "the date the figure holds at, as precise as the source (2023, 2023-11, 2023-11-08)"),
             ("date_precision", "string", "year, month or day"), ("date_first_day", "date", "the first day of the date, for sorting and plotting"),
             ("qualifier", "string", "exact, about, more-than or at-least"), ("sources", "string", "the ids of the sources, separated by ;")),
            observations,
            primary_key="id",
            foreign_keys=("subject", "measure"),
        ),
        Table(
            "sources",
            "The documents the facts come from.",
            (("id", "string", "the source's id"), ("title", "string", "its title"), ("publisher", "string", "its publisher"),
             ("published", "string", "its publication date, as precise as known"), ("published_precision", "string", "year, month or day"),
             ("url", "string", "its address"), ("kind", "string", "news, government, reference, repost …")),
            sources,
            primary_key="id",
            foreign_keys=("id",),
        ),
    ]


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in table.fields])
    writer.writerows(table.rows)
    return out.getvalue()


def datapackage(all_tables: list[Table]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the tables written as <name>.csv."""
    resources = []
    for table in all_tables:
        schema: dict[str, Any] = {
            "fields": [
                {"name": name, "type": kind, "description": text, **({"constraints": {"required": True, "unique": True}} if name == table.primary_key else {})}
                for name, kind, text in table.fields
            ],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = [table.primary_key]
        if table.foreign_keys:
            schema["foreignKeys"] = [{"fields": [name], "reference": {"resource": "entities", "fields": ["id"]}} for name in table.foreign_keys]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "duikou",
        "title": TITLE["en"],
        "description": DESCRIPTION["en"],
        "version": version(),
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE, "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def datapackage_text(all_tables: list[Table]) -> str:
    return json.dumps(datapackage(all_tables), ensure_ascii=False, indent=2) + "\n"
