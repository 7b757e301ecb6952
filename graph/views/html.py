"""What every page shares: data blocks safe inside a script, the page templates and static
files shipped in the package, and writing a page to disk."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def fact_row(fact: Any) -> list[str]:
    """One line of a side panel, as the page scripts read it."""
    return [fact.prop_en, fact.prop_zh, fact.en, fact.zh, fact.ref, fact.url]


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no <, > or & (so no </script> or <!--),
    and no U+2028/U+2029 line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def script_text(text: str) -> str:
    if "</script" in text.lower():
        raise ValueError("a script to inline contains </script")
    return text


@cache
def static_text(name: str) -> str:
    return resources.files("graph.views").joinpath("static", name).read_text(encoding="utf-8")


@cache
def environment() -> Any:
    from jinja2 import Environment, FunctionLoader

    return Environment(loader=FunctionLoader(lambda name: static_text(name)), autoescape=True, keep_trailing_newline=True)


def write_text(path: Path, text: str) -> None:
    """Write a page as UTF-8 with \\n line ends, whatever the platform's default encoding."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
