"""Every CLI verb is documented: it has help (its library docstring) and the README names it."""

from __future__ import annotations

import inspect

import pytest

from graph.cli import _commands, make_parser

from conftest import ROOT, run_cli

VERBS = sorted(_commands())


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help_from_its_docstring(verb: str) -> None:
    _, function, _ = _commands()[verb]
    doc = inspect.getdoc(function)
    assert doc, f"{function.__qualname__} has no docstring"
    result = run_cli(verb, "--help")
    assert result.returncode == 0
    assert doc.splitlines()[0] in result.stdout


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_appears_in_the_readme(verb: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"duikou {verb}" in readme


def test_top_level_help_lists_every_verb() -> None:
    text = make_parser().format_help()
    for verb in VERBS:
        assert verb in text
