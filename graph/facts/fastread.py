"""A faster reader for clean facts files: rapidyaml, trusted only where it must agree with PyYAML.

PyYAML's libyaml parser was most of what a build cost. rapidyaml (C++) parses the same files
many times faster, but it is not the same reader: it types plain values by YAML 1.2 rules
(``yes``, ``~``, ``0x1F`` stay text; ``1e5`` is a number), keeps duplicate keys, ignores tags,
turns aliases into text, and accepts some texts libyaml refuses. So it is used as a first try
that either gives exactly what ``yamlio.parse_text`` gives, types included, or declines; a
declined file is read by ``yamlio.parse_text``, which finds and places any problem with today's
message. The fast path never reports a problem itself: it is never wrong, only sometimes unsure.

It declines, before parsing (``unsure``), a text holding what it does not check: an anchor,
alias or tag where a node can start, a directive or document marker, an explicit key, a block
scalar header with an indentation indicator or ``+``, a backslash (escapes), a tab, a carriage
return or any character libyaml refuses or reads as a line break, a line of 1,000 characters
or more (libyaml limits simple keys to 1,024), or no line break at the end. After parsing it
declines when the root is not a mapping; when a string in the JSON would be typed by PyYAML's
implicit resolvers (``_TYPED_STRING``, built from PyYAML's own table: a plain ``yes`` is
``True`` there, and a quoted one cannot be told apart in the JSON, so both decline), starts
as no plain scalar may, or holds a comment; when a number is not one PyYAML reads the same
way (``_float``); when the document is nested deeper than ``yamlio.MAX_DEPTH``; and when the
JSON holds fewer values than the parse tree had nodes (a duplicate key: JSON keeps the last).
README.md, "A faster YAML reader", says why each is there.

rapidyaml writes its own message to the process's standard error when it meets a syntax error,
with no way to turn that off from Python. File descriptor 2 is pointed at /dev/null for the
length of each parse, which is only safe where no other thread can write meanwhile: the fast
path is taken only when the process has a single thread (the build's worker processes, a
command-line build), and declines otherwise (a notebook's kernel has several).

``DUIKOU_YAML_READER=pyyaml`` turns the fast path off.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from typing import Any

import yaml

from graph.facts import yamlio

try:
    import ryml  # rapidyaml
except ImportError:  # not installed: today's reader reads every file
    ryml = None

READER_VARIABLE = "DUIKOU_YAML_READER"

# What the fast path does not check, so declines on sight (see the module's docstring), on the
# file's UTF-8 bytes. Each check starts with a byte that a fast search finds, or is a byte
# search itself: one regular expression with alternatives cost more than the parse.
# A node can start at the beginning of the text, after a space or line break, or after a flow
# or block indicator: an anchor, tag or alias there. (A plain scalar starting with another
# indicator, "%x" or "`x", is refused by libyaml and read as text by rapidyaml: that is found
# in the JSON, where comments no longer are.)
_INDICATORS = {
    byte: re.compile(re.escape(bytes([byte])) + rb"(?<![^\s\[\]{},:?-]" + re.escape(bytes([byte])) + rb")") for byte in b"&*!"
}
# A block scalar with an indentation indicator or kept line breaks (|2, >+).
_BLOCK_HEADER = re.compile(rb"[|>](?<![^\s\[{,:?-][|>])(?:[-+]?[0-9]|\+)")
_EXPLICIT_KEY = re.compile(rb"\?(?<![^\s\[{,]\?)(?:\s|$)")
# Bytes that are not in the text libyaml reads the same way: control characters (the tab and
# carriage return among them) and the backslash of escapes; C1 controls (U+0085, a line break
# for YAML 1.1); U+2028 and U+2029 (line breaks for YAML 1.1); U+FEFF, U+FFFE and U+FFFF.
_ODD_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F, 0x5C])
_KEPT_BYTES = bytes(byte for byte in range(256) if byte not in _ODD_BYTES)
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_ODD_SEQUENCES = (b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb\xbf", b"\xef\xbf\xbe", b"\xef\xbf\xbf")
# libyaml refuses a simple key of more than 1,024 characters: no line that long is read here.
_LONG_LINE = re.compile(rb"\n[^\n]{1000}")


def unsure(data: bytes) -> bool:
    """Whether the UTF-8 ``data`` holds anything the fast path does not check."""
    if not data.endswith(b"\n"):  # a block scalar at the very end keeps a line break in rapidyaml
        return True
    for byte, pattern in _INDICATORS.items():
        if byte in data and pattern.search(data):
            return True
    if (b"|" in data or b">" in data) and _BLOCK_HEADER.search(data):
        return True
    if b"?" in data and _EXPLICIT_KEY.search(data):
        return True
    if data.startswith((b"---", b"...", b"%")) or b"\n---" in data or b"\n..." in data or b"\n%" in data:  # markers, directives
        return True
    if data.translate(None, _KEPT_BYTES) or (b"\xc2" in data and _C1.search(data)):
        return True
    if any(sequence in data for sequence in _ODD_SEQUENCES):
        return True
    return len(data) >= 1000 and _LONG_LINE.search(b"\n" + data) is not None


def _typed_string_pattern() -> re.Pattern[str]:
    """A JSON string whose text PyYAML's implicit resolvers would type if it were plain.

    Built from PyYAML's own resolver table, every tag but ``timestamp`` (which facts keep as
    text, as this reader does). The empty string is included: a plain empty value is null.
    The patterns hold no quote or backslash, so a match is the whole of one JSON string.
    """
    patterns: dict[str, str] = {}
    for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for tag, regexp in resolvers:
            if tag != "tag:yaml.org,2002:timestamp":
                body = regexp.pattern
                assert body.startswith("^") and body.endswith("$"), body
                flags = "x" if regexp.flags & re.VERBOSE else ""
                patterns[tag] = f"(?{flags}:{body[1:-1]})" if flags else f"(?:{body[1:-1]})"
    # The look-ahead lets most strings (words, names, ids) fail at their first characters.
    # The first characters are the table's keys (None stands for the empty string); the others,
    # every character the patterns match (PyYAML 6 adds "yaml" for a lone !, & or *).
    firsts = "".join(sorted(key for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key))
    look = f'(?="|[{re.escape(firsts)}][-+.0-9_:a-zA-Z~<=!&*]*")'
    typed = look + "(?:" + "|".join(patterns[tag] for tag in sorted(patterns)) + ')"'
    # A string that starts as no plain scalar can: libyaml refuses "]id: 1" where rapidyaml reads
    # the key "]id" (a quoted string may start so too, and declines as well). A string starting
    # with an escape (a quote, a line break) was quoted or a block scalar: the text held no
    # backslash. An escaped quote is no string's start or end.
    # (An opening quote follows a bracket, brace, comma, colon or space; a closing quote may too,
    # when a string ends so: then the text after it is taken for a string and declines, safely.)
    odd_start = r"""(?<=[\[{,:\s]")(?:[\]\[{},#&*!|>'%@`]|[-?:] )"""
    return re.compile(f'"(?<!\\\\")(?:{odd_start}|{typed})')  # a literal first: the search skips to each quote


_TYPED_STRING = _typed_string_pattern()
_PYYAML_FLOAT = next(
    regexp for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for tag, regexp in resolvers if tag == "tag:yaml.org,2002:float"
)


class Declined(Exception):
    """The fast path is not sure to give what yamlio.parse_text gives: that reader reads the file."""


def enabled() -> bool:
    """Whether the fast path may be tried in this process (rapidyaml installed, not turned off)."""
    return ryml is not None and os.environ.get(READER_VARIABLE, "").strip().lower() not in ("pyyaml", "libyaml")


def reader_name() -> str:
    """Which reader reads facts files, for the benchmark's report."""
    today = yamlio.reader_name()
    if not enabled():
        why = f"{READER_VARIABLE}=pyyaml" if ryml is not None else "rapidyaml is not installed"
        return f"{today} ({why})"
    return f"rapidyaml {ryml.version} for the files it reads without doubt (single-threaded processes), else {today}"


def parse_text(text: str) -> Any:
    """What yamlio.parse_text gives for ``text``: by the fast path where it is sure, else by it."""
    if enabled():
        try:
            return read(text)
        except Declined:
            pass
    return yamlio.parse_text(text)


def _float(token: str) -> float:
    # rapidyaml writes ".5" as 0.5 and "5." as 5.0 (the same numbers for PyYAML), but "-.5",
    # text for PyYAML, as -0.5: a float starting "-0." may have been either, so it declines.
    if token.startswith("-0.") or not _PYYAML_FLOAT.match(token):
        raise Declined
    return float(token)


def _constant(token: str) -> Any:
    raise Declined


def read(text: str) -> Any:
    """The document in ``text``, exactly as yamlio.parse_text gives it; Declined when unsure."""
    data = text.encode("utf-8")
    if ryml is None or unsure(data):
        raise Declined
    tree = _quiet_parse(data)
    root = tree.root_id()
    if not tree.is_map(root):  # a scalar, a list, a stream of documents: errors, or rare
        raise Declined
    try:
        emitted = ryml.emit_json_malloc(tree, root)
    except Exception:
        raise Declined from None
    if _TYPED_STRING.search(emitted) or " #" in emitted:  # a comment rapidyaml took for text: "{a: b #c}"
        raise Declined
    try:
        document = json.loads(emitted, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError):  # not JSON (1e5, +5, 00.5 ...), or a too-long number
        raise Declined from None
    if not isinstance(document, dict) or _count_checked(document) != tree.size():
        raise Declined
    return document


def _count_checked(root: dict[str, Any]) -> int:
    """The number of values in ``root`` (itself included), level by level without recursion;
    Declined where a collection with members sits as deep as yamlio refuses."""
    count = 1
    level: list[Any] = [root]
    depth = 1
    while level:
        below: list[Any] = []
        for node in level:
            members = node.values() if type(node) is dict else node
            if members and depth >= yamlio.MAX_DEPTH:
                raise Declined
            count += len(members)
            below += [m for m in members if type(m) is dict or type(m) is list]
        level = below
        depth += 1
    return count


def _quiet_parse(data: bytes) -> Any:
    """rapidyaml's tree of ``data``, its messages on standard error kept out of sight."""
    if threading.active_count() != 1:  # another thread could write to fd 2 meanwhile
        raise Declined
    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # fd 2 is closed: a message could land in whatever file takes its number
        raise Declined from None
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        os.close(saved)
        raise Declined from None
    try:
        os.dup2(null, 2)
        return ryml.parse_in_arena(data)
    except Exception:  # rapidyaml's ExceptionParse and the like: today's reader says what is wrong
        raise Declined from None
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
