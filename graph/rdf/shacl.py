"""Running the SHACL shapes over a data graph, with results as plain, sorted data.

Each result names the YAML field its shape checks (``dksh:yamlField``), so that a caller can
place the violation at the entry's line. Severities use the words of graph.facts.problems: a
sh:Violation is an "error", a sh:Warning a "warning", a sh:Info an "info".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.rdf.ontology import DKSH, shapes_turtle

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"
_SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}


@dataclass(frozen=True)
class ShapeViolation:
    """One SHACL result: the node, the property, the YAML field, and what to do about it."""

    focus: str
    path: str | None
    yaml_field: str | None
    message: str
    severity: str

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.focus, self.path or "", self.yaml_field or "", self.message, self.severity)


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """The shapes, parsed once per process (validation only reads them)."""
    import rdflib

    return rdflib.Graph().parse(data=shapes_turtle(), format="turtle")


def validate_graph(data: rdflib.Graph) -> list[ShapeViolation]:
    """Every SHACL result for ``data``, deduplicated and sorted; an empty list if it conforms.

    No inference is run and no ontology is needed: every node the converter writes carries
    its rdf:type, and the shapes check types with sh:class directly.
    """
    import rdflib
    from pyshacl import validate
    from rdflib import RDF, Literal, URIRef

    shapes = shapes_graph()
    _conforms, results, _text = validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True, meta_shacl=False
    )
    assert isinstance(results, rdflib.Graph)
    sh = rdflib.Namespace(SH)
    yaml_field = URIRef(DKSH + "yamlField")
    violations: set[ShapeViolation] = set()
    for result in results.subjects(RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        source_shape = results.value(result, sh.sourceShape)
        field = shapes.value(source_shape, yaml_field) if source_shape is not None else None
        message = results.value(result, sh.resultMessage)
        severity = results.value(result, sh.resultSeverity)
        violations.add(
            ShapeViolation(
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else None,
                yaml_field=str(field) if isinstance(field, Literal) else None,
                message=str(message) if message is not None else "the node does not satisfy its shape",
                severity=_SEVERITIES.get(str(severity), "error"),
            )
        )
    return sorted(violations, key=ShapeViolation.sort_key)
