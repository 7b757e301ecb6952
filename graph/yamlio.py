"""Safe YAML reading for facts files, and finding where a value sits in its file.

Facts are parsed with libyaml's safe loader (CSafeLoader) for speed, with three changes:
duplicate keys are an error (PyYAML keeps the last one silently), anchors and aliases are an
error (facts never need them, and they are how a "billion laughs" file multiplies), and dates
stay strings so that graph.values can check them and report impossible ones.

Line and column numbers are not kept while parsing: when a problem is found, the file is
composed again and the problem's path (``("entries", 3, "amount")``) is looked up in the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader



@dataclass(frozen=True)
class KeyOf:
    """A path step that points at a mapping key itself rather than its value."""

    key: str


PathKey = str | int | KeyOf
YamlPath = tuple[PathKey, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class FactsYamlError(Exception):
    """A facts file could not be read as YAML."""

    def __init__(self, message: str, position: Position | None, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.fix = fix


class _FactsLoader(_BaseLoader):  # type: ignore[misc]
    """CSafeLoader that refuses duplicate keys and aliases and keeps timestamps as text."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise FactsYamlError(
                "YAML aliases (*name) are not allowed in facts",
                _position(node.start_mark),
                "write the value out in full instead of using an anchor (&) and alias (*)",
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                raise FactsYamlError(
                    f"mapping key {key!r} is not a string",
                    _position(key_node.start_mark),
                    "use plain words as keys",
                )
            if key in first_seen:
                first = _position(first_seen[key].start_mark)
                raise FactsYamlError(
                    f"duplicate key {key!r} (first at line {first.line if first else '?'})",
                    _position(key_node.start_mark),
                    "remove one of the two keys, or merge their values",
                )
            first_seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _construct_timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(node.value)


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def _position(mark: Any) -> Position | None:
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def decode(data: bytes) -> str:
    """UTF-8 text of a facts file (a BOM is dropped); bytes that are not UTF-8 are a located error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data[: error.start].decode("utf-8", errors="replace")
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        raise FactsYamlError(
            f"byte 0x{data[error.start]:02x} is not UTF-8",
            Position(line, column),
            "save the file as UTF-8",
        ) from None


def parse_text(text: str) -> Any:
    """Parse one facts document; raise FactsYamlError with a position on any problem."""
    loader = _FactsLoader(text)
    try:
        return loader.get_single_data()
    except FactsYamlError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        fix = "fix the YAML syntax at this position"
        if "tab" in problem or (mark is not None and text[mark.index : mark.index + 1] == "\t"):
            problem = "a tab character is used for indentation"
            fix = "indent with spaces, not tabs"
        if "constructor" in problem:
            fix = "remove the tag: facts files may only hold plain YAML values"
        if "expected a single document" in (error.context or ""):
            fix = "keep one document per file (remove the extra ---)"
        return _raise(problem, _position(mark), fix)
    except yaml.YAMLError as error:
        return _raise(str(error), None, "fix the YAML syntax")
    except RecursionError:
        return _raise("the YAML is nested too deeply", None, "flatten the structure")
    finally:
        loader.dispose()


def _raise(message: str, position: Position | None, fix: str) -> Any:
    raise FactsYamlError(message, position, fix)


def read_file(path: Path) -> Any:
    """Read and parse one facts file."""
    return parse_text(decode(path.read_bytes()))


def locate(text: str, path: YamlPath) -> Position | None:
    """Where the value at ``path`` starts in ``text`` (for a missing key: its mapping)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    best = node
    for step in path:
        if node is None:
            break
        found: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(step, KeyOf) and key_node.value == step.key:
                    found = key_node
                    break
                if key_node.value == step:
                    found = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            found = node.value[step]
        node = found
        if node is not None:
            best = node
    return _position(best.start_mark) if best is not None else None
