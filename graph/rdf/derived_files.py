"""Files generated from the model and committed: the JSON Schema, the format reference, and the
ontology with its shapes. ``duikou schema`` rewrites them; ``duikou schema --check`` (and a test)
tells whether the committed copies are current."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.facts import model
from graph.facts.values import MONEY_UNITS

SCHEMA_ID = "https://w3id.org/duikou/schema/facts.schema.json"
_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?$"
_QUANTITY_PATTERN = r"^-?[0-9]+(\.[0-9]+)?\s*(万|亿)?\s*(元|%)?$"
_MONEY_PATTERN = r"^[0-9]+(\.[0-9]+)?\s*(万|亿)?\s*元$"


def _field_schema(spec: model.Field) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind == model.TEXT:
        schema = {"type": "string", "minLength": 1}
    elif kind == model.LANG_TEXT:
        schema = {"$ref": "#/$defs/langText"}
    elif kind == model.LANG_TEXTS:
        schema = {"$ref": "#/$defs/langTexts"}
    elif kind == model.TEXTS:
        schema = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
    elif kind in (model.REF, model.REFS):
        item: dict[str, Any] = {"enum": sorted(model.FIELD_IDS)} if spec.targets == ("Field",) else {"$ref": "#/$defs/id"}
        schema = item if kind == model.REF else {"type": "array", "minItems": 1, "uniqueItems": True, "items": item}
    elif kind == model.DATE:
        schema = {"$ref": "#/$defs/date"}
    elif kind == model.MONEY:
        schema = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _MONEY_PATTERN}]}
    elif kind == model.QUANTITY:
        schema = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _QUANTITY_PATTERN}]}
    elif kind == model.ENUM:
        schema = {"enum": list(spec.values)}
    elif kind == model.URL:
        schema = {"type": "string", "pattern": r"^https?://[^\s<>\"{}|\\^`]+$"}
    elif kind == model.DEGREES:
        limit = 90 if spec.name == "lat" else 180
        schema = {"type": "number", "minimum": -limit, "maximum": limit}
    elif kind == model.INFERENCES:
        schema = {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "minLength": 1}}
    else:  # pragma: no cover
        raise AssertionError(kind)
    if spec.targets and spec.targets != ("Field",):
        schema["description"] = f"{spec.doc} Points to: {', '.join(spec.targets)}."
    else:
        schema["description"] = spec.doc
    return schema


def _entry_schema(entry_type: model.EntryType, type_required: bool = True) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"$ref": "#/$defs/id"}, "type": {"const": entry_type.name}}
    required = ["id", "type"] if type_required else ["id"]
    for spec in entry_type.fields:
        properties[spec.name] = _field_schema(spec)
        if spec.required:
            required.append(spec.name)
    return {
        "type": "object",
        "description": entry_type.doc,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a facts file (YAML dates read as text, as duikou reads them)."""
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": model.SLUG_PATTERN, "description": "A stable lower-case ASCII slug."},
        "date": {
            "anyOf": [{"type": "string", "pattern": _DATE_PATTERN}, {"type": "integer", "minimum": 1900, "maximum": 2100}],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD.",
        },
        "langText": {
            "type": "object",
            "properties": {"zh": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
            "minProperties": 1,
            "additionalProperties": False,
        },
        "langTexts": {
            "type": "object",
            "properties": {
                lang: {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}} for lang in ("zh", "en")
            },
            "minProperties": 1,
            "additionalProperties": False,
        },
    }
    for entry_type in model.ENTRY_TYPES:
        defs[entry_type.name] = _entry_schema(entry_type)
    defs["SourceItem"] = _entry_schema(model.ENTRY_TYPE_BY_NAME["Source"], type_required=False)
    defs["Entry"] = {"oneOf": [{"$ref": f"#/$defs/{t.name}"} for t in model.ENTRY_TYPES]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "duikou facts file",
        "description": "A YAML file of sourced facts about paired cooperation. Generated from graph/facts/model.py.",
        "type": ["object", "null"],
        # An empty key (`sources:` with nothing under it) is read as no items, as the loader does.
        "properties": {
            "sources": {"type": ["array", "null"], "items": {"$ref": "#/$defs/SourceItem"}},
            "entries": {"type": ["array", "null"], "items": {"$ref": "#/$defs/Entry"}},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


_KIND_TEXT = {
    model.TEXT: "text",
    model.LANG_TEXT: "`{zh: .., en: ..}`",
    model.LANG_TEXTS: "`{zh: [..], en: [..]}`",
    model.TEXTS: "list of texts",
    model.REF: "id",
    model.REFS: "list of ids",
    model.DATE: "date",
    model.MONEY: "money",
    model.QUANTITY: "quantity",
    model.ENUM: "one of",
    model.URL: "URL",
    model.DEGREES: "degrees",
    model.INFERENCES: "`{field: reason}`",
}


def reference_markdown() -> str:
    """The facts-format reference, one table per entry type."""
    lines = [
        "# Facts format reference",
        "",
        "Generated from `graph/facts/model.py` by `duikou schema`; do not edit by hand.",
        "",
        f"Money units: {', '.join(MONEY_UNITS)}. Cooperation fields: "
        + ", ".join(f"`{f.id}` ({f.zh})" for f in model.COOPERATION_FIELDS)
        + ".",
        "",
    ]
    for entry_type in model.ENTRY_TYPES:
        lines += [f"## {entry_type.name}", "", entry_type.doc, ""]
        if not entry_type.needs_sources:
            lines += ["Needs no `sources:`.", ""]
        lines += ["| field | kind | required | meaning | RDF |", "|---|---|---|---|---|"]
        for spec in entry_type.fields:
            kind = _KIND_TEXT[spec.kind]
            if spec.kind == model.ENUM:
                kind += " " + ", ".join(f"`{v}`" for v in spec.values)
            if spec.targets:
                kind += " → " + ", ".join(spec.targets)
            rdf = f"`{spec.predicate}`" if spec.predicate else "`dk:inferredProperty`, `dk:inferenceNote`"
            doc = spec.doc.replace("|", "\\|")
            lines.append(f"| `{spec.name}` | {kind} | {'yes' if spec.required else ''} | {doc} | {rdf} |")
        lines.append("")
    return "\n".join(lines)


def _schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _generators() -> dict[str, Callable[[], str]]:
    generators: dict[str, Callable[[], str]] = {
        "schema/facts.schema.json": _schema_text,
        "docs/facts-reference.md": reference_markdown,
    }
    try:
        from graph.rdf import ontology
    except ImportError:  # the ontology generator is optional while it is being written
        return generators
    generators["ontology/duikou.ttl"] = ontology.ontology_turtle
    generators["ontology/shapes.ttl"] = ontology.shapes_turtle
    return generators


def write_generated(root: Path = Path("."), check_only: bool = False) -> list[str]:
    """Regenerate the JSON Schema, the format reference and the ontology from the model.

    Writes schema/facts.schema.json, docs/facts-reference.md, ontology/duikou.ttl and
    ontology/shapes.ttl under ROOT, and returns the files that changed. With check_only,
    nothing is written: the returned files are the ones that are out of date.
    """
    changed = []
    for name, generate in _generators().items():
        path = root / name
        text = generate()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            changed.append(name)
            if not check_only:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return changed
