"""Safe YAML reading for facts files, and finding where a value sits in its file.

Facts are parsed with libyaml's safe loader (CSafeLoader) for speed, with three changes:
duplicate keys are an error (PyYAML keeps the last one silently), anchors and aliases are an
error (facts never need them, and they are how a "billion laughs" file multiplies), and dates
stay strings so that graph.facts.values can check them and report impossible ones.

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


def reader_name() -> str:
    """Which parser reads facts files here, for the benchmark's report."""
    if _BaseLoader is yaml.SafeLoader:
        return f"PyYAML {yaml.__version__} SafeLoader (pure Python: libyaml is missing)"
    return f"PyYAML {yaml.__version__} CSafeLoader (libyaml), plain values built directly"

# The deepest facts need is about six levels (file, entries, entry, alt_names, language, list);
# anything far deeper is a mistake or an attack, and would make error messages (and any code
# that walks values recursively) pay for it. libyaml itself stops at 1000.
MAX_DEPTH = 32
TOO_DEEP = f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)"
DEPTH_FIX = f"flatten the structure: facts files need only a few levels of nesting (at most {MAX_DEPTH})"
UTF16_32_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))


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
    """CSafeLoader that refuses duplicate keys, aliases and deep nesting, and keeps timestamps as text."""

    anchors = True  # whether the text may hold anchors (parse_text tells)

    def construct_document(self, node: yaml.Node) -> Any:
        _check_depth(node, self.anchors)
        try:
            return _construct_plain(self, node)
        except _NotPlain:
            # A tag facts do not use (binary, set, merge, python/...): PyYAML's constructor
            # either builds it or says what is wrong with it.
            return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _alias_error(node)
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
                raise _duplicate_key_error(key, first_seen[key], key_node)
            first_seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_TAG = "tag:yaml.org,2002:"
_STR, _TIMESTAMP, _MAP, _SEQ, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    _TAG + name for name in ("str", "timestamp", "map", "seq", "int", "float", "bool", "null", "merge")
)
MERGE_FIX = "write the fields out in full in each entry"


class _NotPlain(Exception):
    """The document holds a node with a tag that _construct_plain does not build."""


def _construct_plain(loader: _FactsLoader, node: yaml.Node) -> Any:
    """Build a document of plain maps, lists and scalars, as the loader's constructor would.

    PyYAML's general constructor spends most of a parse on machinery facts never need
    (generators for recursive structures, tag lookups per node); building plain values
    directly halves the time after libyaml has parsed. Depth and aliases are checked before
    this runs (_check_depth): every node here is met once, at most MAX_DEPTH deep. (A plain
    recursive function, not a closure: a closure calling itself is a reference cycle, which
    would keep each file's loader and text alive until the next garbage collection.)
    """
    tag = node.tag
    if tag in (_STR, _TIMESTAMP):
        if not isinstance(node, yaml.ScalarNode):
            raise _NotPlain
        return node.value
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct_plain(loader, key_node)
            if not isinstance(key, (str, int)):
                raise FactsYamlError(f"mapping key {key!r} is not a string", _position(key_node.start_mark), "use plain words as keys")
            if key in mapping:
                first = next((k for k, _ in node.value if k.value == key_node.value), key_node)
                raise _duplicate_key_error(key, first, key_node)
            mapping[key] = _construct_plain(loader, value_node)
        return mapping
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct_plain(loader, child) for child in node.value]
    if not isinstance(node, yaml.ScalarNode):
        raise _NotPlain
    if tag == _INT:
        return _construct_int(loader, node)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return loader.construct_yaml_bool(node)
    if tag == _FLOAT:
        return loader.construct_yaml_float(node)
    raise _NotPlain


def _alias_error(node: yaml.Node) -> FactsYamlError:
    return FactsYamlError(
        "YAML aliases (*name) are not allowed in facts",
        _position(node.start_mark),
        "write the value out in full instead of using an anchor (&) and alias (*)",
    )


def _duplicate_key_error(key: Any, first_node: yaml.Node, key_node: yaml.Node) -> FactsYamlError:
    first = _position(first_node.start_mark)
    return FactsYamlError(
        f"duplicate key {key!r} (first at line {first.line if first else '?'})",
        _position(key_node.start_mark),
        "remove one of the two keys, or merge their values",
    )


def _check_depth(root: yaml.Node, anchors: bool = True) -> None:
    """Refuse documents nested deeper than MAX_DEPTH, at the first node too deep, and aliases,
    at the first node reached twice (an alias is the same node object again).

    The tree is walked a level at a time without recursion; since an alias is refused where it
    is first met, an alias bomb is never expanded. A text without ``&`` has no anchor, hence
    no alias: only its depth is checked, by a walk over collections alone.
    """
    if not anchors:
        _check_depth_only(root)
        return
    level = [root]
    depth = 1
    seen = {id(root)}
    while level:
        below: list[yaml.Node] = []
        for node in level:
            if isinstance(node, yaml.SequenceNode):
                children = node.value
            elif isinstance(node, yaml.MappingNode):
                children = [child for pair in node.value for child in pair]
            else:
                continue
            if children and depth >= MAX_DEPTH:
                raise FactsYamlError(TOO_DEEP, _position(children[0].start_mark), DEPTH_FIX)
            for child in children:
                if child.tag == _MERGE:  # said before the alias that a merge key always comes with
                    raise FactsYamlError("merge keys (<<) are not allowed in facts", _position(child.start_mark), MERGE_FIX)
                if id(child) in seen:  # the node is reached a second time: through an alias
                    raise _alias_error(child)
                seen.add(id(child))
                below.append(child)
        level = below
        depth += 1


def _check_depth_only(root: yaml.Node) -> None:
    scalar = yaml.ScalarNode
    level = [root]
    depth = 1
    while level:
        below: list[yaml.Node] = []
        for node in level:
            if type(node) is yaml.MappingNode:
                pairs = node.value
                if pairs and depth >= MAX_DEPTH:
                    raise FactsYamlError(TOO_DEEP, _position(pairs[0][0].start_mark), DEPTH_FIX)
                for key, value in pairs:
                    if type(key) is not scalar:
                        below.append(key)
                    if type(value) is not scalar:
                        below.append(value)
            elif type(node) is yaml.SequenceNode:
                items = node.value
                if items and depth >= MAX_DEPTH:
                    raise FactsYamlError(TOO_DEEP, _position(items[0].start_mark), DEPTH_FIX)
                below.extend(item for item in items if type(item) is not scalar)
        level = below
        depth += 1


def _construct_timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(node.value)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # Python refuses to turn more than 4300 digits into an int (a denial-of-service guard):
    # no figure has that many, so say where the number is instead of failing without a place.
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise FactsYamlError(
            f"a number with {len(str(node.value))} characters is too long to be a figure",
            _position(node.start_mark),
            "check the value against the source",
        ) from None


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_FactsLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _position(mark: Any) -> Position | None:
    if mark is None:
        return None
    return Position(mark.line + 1, mark.column + 1)


def decode(data: bytes) -> str:
    """UTF-8 text of a facts file (a BOM is dropped); bytes that are not UTF-8 are a located error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, encoding in UTF16_32_BOMS:
        if data.startswith(bom):
            raise FactsYamlError(f"the file is {encoding} (it starts with a {encoding} byte-order mark)", Position(1, 1), "save the file as UTF-8")
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
    loader.anchors = "&" in text
    try:
        return loader.get_single_data()
    except FactsYamlError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        fix = "fix the YAML syntax at this position"
        if "maximum nesting depth" in problem:
            problem, fix = TOO_DEEP, DEPTH_FIX
        elif mark is not None and "\ufeff" in _line_of(text, mark.line):
            problem = f"a byte-order mark (U+FEFF) inside the file: {problem}"
            fix = "remove the invisible U+FEFF character (files joined together often carry one)"
        if "tab" in problem or (mark is not None and text[mark.index : mark.index + 1] == "\t"):
            problem = "a tab character is used for indentation"
            fix = "indent with spaces, not tabs"
        if "constructor" in problem:
            fix = "remove the tag: facts files may only hold plain YAML values"
        if "tag:yaml.org,2002:merge" in problem:
            problem, fix = "merge keys (<<) are not allowed in facts", MERGE_FIX
        if "expected a single document" in (error.context or ""):
            problem, fix = "a second YAML document (after ---) in the file", "keep one document per file (remove the extra ---)"
        return _raise(problem, _position(mark), fix)
    except yaml.reader.ReaderError as error:
        # The reader stops at the first character YAML forbids; libyaml reports its position in
        # bytes, so find the character itself.
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)[:1]
        return _raise(
            f"character U+{ord(character or '?'):04X} is not allowed in YAML ({error.reason})",
            _position_of(text, text.find(character)),
            "remove the character, or write it as an escape inside a double-quoted string",
        )
    except yaml.YAMLError as error:
        return _raise(str(error), None, "fix the YAML syntax")
    except RecursionError:
        return _raise("the YAML is nested too deeply", None, "flatten the structure")
    finally:
        loader.dispose()


def _raise(message: str, position: Position | None, fix: str) -> Any:
    raise FactsYamlError(message, position, fix)


def _line_of(text: str, line: int) -> str:
    """The 0-based ``line`` of ``text``."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def _position_of(text: str, index: int) -> Position | None:
    if index < 0:
        return None
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def read_file(path: Path) -> Any:
    """Read and parse one facts file."""
    return parse_text(decode(path.read_bytes()))


def locate(text: str, path: YamlPath) -> Position | None:
    """Where the value at ``path`` starts in ``text`` (for a missing key: its mapping)."""
    return Locator(text).locate(path)


class Locator:
    """Finds where values sit in one file. The file is composed once, on first use, so that a
    file with thousands of problems costs one extra parse, not one per problem."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def _tree(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_BaseLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def locate(self, path: YamlPath) -> Position | None:
        """Where the value at ``path`` starts (for a missing key: its mapping)."""
        node = self._tree()
        best = node
        for step in path:
            if node is None:
                break
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(step, KeyOf) and key_node.value == str(step.key):
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
