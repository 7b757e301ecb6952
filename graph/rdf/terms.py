"""The ontology's term labels, definitions and alignments, read from ``ontology/terms.yaml``.

They are data, kept in a file that curators edit like the facts; graph.rdf.ontology turns them
into OWL and SKOS, and the network pages read the class labels. The file is read on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

TERMS_FILE = Path(__file__).resolve().parents[2] / "ontology" / "terms.yaml"


class Text(NamedTuple):
    """A term's English and Chinese label and definition."""

    en: str
    zh: str
    definition_en: str
    definition_zh: str


@dataclass(frozen=True)
class Terms:
    """Every table of ``ontology/terms.yaml``."""

    ontology: Text
    shapes: Text
    classes: dict[str, Text]
    properties: dict[str, Text]
    schemes: dict[str, Text]  # keyed by the scheme names of graph.rdf.vocab.ENUM_SCHEMES, plus ``field``
    concepts: dict[str, Text]  # keyed ``<scheme>-<value>``
    alignments: tuple[tuple[str, str, str], ...]  # (subject, predicate, object) CURIEs
    symmetric_properties: tuple[str, ...]
    annotation_properties: tuple[str, ...]


@cache
def terms() -> Terms:
    with open(TERMS_FILE, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)

    def table(name: str) -> dict[str, Text]:
        return {key: Text(**value) for key, value in data[name].items()}

    return Terms(
        Text(**data["ontology"]),
        Text(**data["shapes"]),
        table("classes"),
        table("properties"),
        table("schemes"),
        table("concepts"),
        tuple((s, p, o) for s, p, o in data["alignments"]),
        tuple(data["symmetric_properties"]),
        tuple(data["annotation_properties"]),
    )
