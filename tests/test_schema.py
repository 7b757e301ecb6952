"""The JSON Schema and the format reference are generated from the model and kept current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from graph.facts import yamlio
from graph.facts.loader import read_file
from graph.rdf.derived_files import json_schema, write_generated

from conftest import FACTS, FIXTURES, ROOT


def test_committed_generated_files_are_current() -> None:
    assert write_generated(ROOT, check_only=True) == [], "run `duikou schema` and commit the result"


def test_committed_schema_is_a_valid_json_schema() -> None:
    schema = json.loads((ROOT / "schema" / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json_schema()


@pytest.mark.parametrize("path", sorted(FACTS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(FACTS)))
def test_every_facts_file_matches_the_schema(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(yamlio.read_file(path))]
    assert not errors, "\n".join(errors[:10])


@pytest.mark.parametrize("name", ["unknown-field.yaml", "missing-sources.yaml", "unknown-type.yaml", "bad-id.yaml", "wrong-type.yaml"])
def test_the_schema_refuses_what_the_loader_refuses(name: str, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken" / name, tmp_path / name)
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(yamlio.read_file(tmp_path / name)))


def test_the_schema_accepts_an_empty_key_as_the_loader_does(tmp_path: Path) -> None:
    path = tmp_path / "empty-keys.yaml"
    path.write_text("# Nothing yet.\nsources:\nentries:\n", encoding="utf-8")
    assert read_file("empty-keys.yaml", path).problems == []
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(yamlio.read_file(path))) == []
