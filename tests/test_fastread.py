"""The faster YAML reader (graph.facts.fastread) gives what today's reader gives, or declines.

Differential: on generated YAML texts full of what the two parsers type or accept differently,
the fast path either declines or returns exactly yamlio.parse_text's document (types
included), and never accepts a text today's reader refuses. The hostile and broken corpora
give the same problems with either reader, and builds are byte-identical with either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.facts import fastread, loader, yamlio

from conftest import FACTS, FIXTURES, ROOT, build_manifest

pytestmark = pytest.mark.skipif(fastread.ryml is None, reason="rapidyaml is not installed")


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down and keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def today(text: str) -> tuple[str, Any]:
    try:
        return "document", yamlio.parse_text(text)
    except yamlio.FactsYamlError as error:
        return "error", (error.message, error.position, error.fix)


def check_agrees(text: str) -> bool:
    """The fast path declines, or gives today's document; True when it did not decline."""
    try:
        fast = fastread.read(text)
    except fastread.Declined:
        return False
    kind, expected = today(text)
    assert kind == "document", f"the fast path accepted a text today's reader refuses ({expected}):\n{text}"
    assert same(fast, expected), f"{fast!r} != {expected!r} for:\n{text}"
    return True


# Scalars the two parsers type differently, or that look alike: plain, and quoted three ways.
NASTY = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "True", "false", "TRUE", "~", "null", "Null", "", "0x1F", "0o17", "017",
    "0b101", "1_000", "1e5", "1E5", "1.5e3", "1.5e+3", "1.5E-3", ".5", "-.5", "+.5", "5.", "-5.", "-0", "-0.0", "0", "00", "+5",
    ".inf", "-.inf", ".NaN", "1:30", "-1:30", "1:20.5", "2024-01-01", "2024-01-01 12:30:00", "12:30", "<<", "=", "1.2.3",
    "9" * 30, "3.0e-400", "1.7976931348623157e+309", "é", "合成", "𝄞", "a b", "a: b", "a #b", "x,y", "[a]", "{a}", "-", "- a",
    "?", "? a", "%x", "@x", "`x", "&x", "*x", "!x", "!!str 1", "a\\nb", "Synthetic name", "it's", 'say "hi"', "tab\there",
]
KEYS = ["id", "name", "en", "zh", "1", "2", "true", "yes", "null", "~", "<<", "a b", "1.5", "0x1F", "k", "key", "é", "合成"]


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


clean_text = st.text(alphabet=st.sampled_from("ab1.-_: #'\"é合𝄞"), max_size=8)
words = st.text(alphabet=st.sampled_from("abxyz1.-_ é合𝄞"), min_size=1, max_size=10)
scalar_text = st.one_of(clean_text, clean_text, st.sampled_from(NASTY))
nasty_scalar = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY).map(_single),
    st.sampled_from(NASTY).map(_double),
    st.sampled_from(["'\\u00e9'", '"esc\\u00e9\\t\\n"', '"\\x41"', '"\\/"', '"\\N"', "'x''y'"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
clean_scalar = st.one_of(
    words,
    clean_text,
    clean_text.map(_single),
    clean_text.map(_double),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
# Mostly what facts hold, so that the fast path reads many of the texts; now and then the rest.
scalar = st.one_of(*[clean_scalar] * 6, nasty_scalar)
key = st.one_of(words, words, words, st.sampled_from(KEYS), scalar)


@st.composite
def block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A block mapping or sequence at ``indent``, nested at most a few levels (or very deep)."""
    pad = " " * indent
    lines: list[str] = []
    kind = "map" if depth == 0 else draw(st.sampled_from(["map", "map", "seq"]))  # facts files are mappings
    for _ in range(draw(st.integers(1, 4))):
        head = f"{pad}{draw(key)}:" if kind == "map" else f"{pad}-"
        form = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "folded", "multiline", "nested", "empty"]))
        if form == "scalar":
            lines.append(f"{head} {draw(scalar)}")
        elif form == "flow":
            items = draw(st.lists(scalar, max_size=3))
            if draw(st.booleans()):
                lines.append(f"{head} [{', '.join(items)}]")
            else:
                lines.append(f"{head} {{{', '.join(f'{draw(key)}: {item}' for item in items)}}}")
        elif form in ("block", "folded"):
            indicator = draw(st.sampled_from(["", "-", "", "-", "+", "2"]))
            body = draw(st.lists(st.sampled_from(["line", "  more", "", "123", "yes", "x: y", "# not a comment"]), min_size=1, max_size=4))
            lines.append(f"{head} {'|' if form == 'block' else '>'}{indicator}")
            lines += [f"{pad}  {text}" if text else "" for text in body]
        elif form == "multiline":
            lines.append(f"{head} {draw(scalar_text)}")
            lines += [f"{pad}  {draw(scalar_text)}" for _ in range(draw(st.integers(1, 2)))]
        elif form == "empty":
            lines.append(head)
        elif depth < 3:
            lines.append(head)
            lines.append(draw(block(indent + 2, depth + 1)))
        else:
            lines.append(f"{head} {'[' * 40}{']' * 40}")
    return "\n".join(lines) + "\n"


def _mutate(text: str, data: st.DataObject) -> str:
    """Insert or delete a few characters YAML cares about, to find texts one parser refuses."""
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + data.draw(st.sampled_from([" ", "\n", ":", "-", "'", '"', "[", "]", "{", "}", ",", "#", "&a ", "*a", "!!int ", "  ", "\t", "\r\n", "---\n", "...\n", "\ufeff", "\x85", "\u2028", "\x07"])) + text[at:]
    return text


SETTINGS = settings(max_examples=int(os.environ.get("FASTREAD_EXAMPLES", "600")), derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(block(), st.data())
def test_the_fast_path_gives_todays_document_or_declines(text: str, data: st.DataObject) -> None:
    check_agrees(text[:-1] + data.draw(st.sampled_from(["", "\n", "\n\n", "  \n", "\n# end\n"])))
    check_agrees(_mutate(text, data))


# Texts like facts, which the fast path should mostly read: where it does, it must agree.
letters = st.text(alphabet=st.sampled_from("abxyzé合𝄞"), min_size=1, max_size=6)
plain = st.builds(lambda a, b, c: f"{a}{b}{c}", letters, st.sampled_from(["", " ", "-", ".", " 1", ":x", " #x", "  "]), st.text(alphabet=st.sampled_from("abé合 -.1"), max_size=5))
clean_value = st.one_of(
    plain,
    plain.map(_single),
    plain.map(_double),
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.decimals(places=2, allow_nan=False, allow_infinity=False).map(str),
    st.lists(plain, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(st.tuples(letters, plain), max_size=3).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
)


@st.composite
def clean_document(draw: st.DrawFn) -> str:
    keys = draw(st.lists(letters, min_size=1, max_size=6, unique=True))
    lines = []
    for name in keys:
        form = draw(st.sampled_from(["value", "value", "block", "plain-lines", "list"]))
        if form == "value":
            lines.append(f"{name}: {draw(clean_value)}")
        elif form == "block":
            lines.append(f"{name}: {draw(st.sampled_from(['|', '>', '|-', '>-']))}")
            body = draw(st.lists(st.sampled_from(["line one", "  more indented", "", "合成 文字", "x: y", "- z", "# not a comment", "last"]), min_size=1, max_size=5))
            lines += [f"  {text}" if text else draw(st.sampled_from(["", "  ", " "])) for text in body]
        elif form == "plain-lines":
            lines.append(f"{name}: {draw(plain)}")
            lines += [f"  {draw(plain)}" if draw(st.booleans()) else "" for _ in range(draw(st.integers(1, 3)))]
        else:
            lines.append(f"{name}:")
            indent = draw(st.sampled_from(["", "  "]))
            lines += [f"{indent}- {draw(clean_value)}" for _ in range(draw(st.integers(1, 3)))]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n\n", "\n  \n", "\n# end\n"]))


@SETTINGS
@given(clean_document())
def test_the_fast_path_agrees_on_texts_like_facts(text: str) -> None:
    check_agrees(text)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(KEYS), scalar), min_size=1, max_size=6))
def test_duplicate_and_typed_keys_are_never_read_otherwise(pairs: list[tuple[str, str]]) -> None:
    check_agrees("".join(f"{k}: {v}\n" for k, v in pairs))
    check_agrees("{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}\n")


def test_the_fast_path_reads_plain_clean_files() -> None:
    # Without this the differential tests could pass with a fast path that always declines.
    assert check_agrees("entries:\n  - id: a-b\n    name: {zh: 合成, en: Synthetic 𝄞}\n    amount: 12.5\n    count: 3\n    note: >-\n      one\n      two\n")
    texts = {path: yamlio.decode(path.read_bytes()) for path in sorted(FACTS.rglob("*.yaml"))}
    read = sum(check_agrees(text) for text in texts.values())
    assert read >= 0.9 * len(texts), f"the fast path read only {read} of {len(texts)} facts files"


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: JSON would keep the last
        "a: &x 1\nb: *x\n",  # an alias: rapidyaml gives the text "*x"
        "a: !!str 1\n",  # a tag: rapidyaml ignores it
        "a: yes\nb: ~\nc: 0x1F\n",  # YAML 1.1 types
        "a: 1e5\n",  # a number for rapidyaml, text for PyYAML
        "a: -.5\n",  # written -0.5 by rapidyaml's JSON
        "<<: {a: 1}\n",
        "a: " + "[" * 40 + "]" * 40 + "\n",
        "a: " + "9" * 5000 + "\n",
        "a: b: c\n",  # a syntax error: rapidyaml prints it, today's reader says where
        "a: [1, 2\n",
        "- a\n- b\n",
    ],
)
def test_what_the_fast_path_declines(text: str, capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(fastread.Declined):
        fastread.read(text)
    assert capfd.readouterr().err == "", "rapidyaml's message reached standard error"
    fast, slow = _either(lambda: fastread.parse_text(text)), _either(lambda: yamlio.parse_text(text))
    assert fast == slow


def _either(read: Any) -> Any:
    try:
        return ("document", repr(read()))
    except yamlio.FactsYamlError as error:
        return ("error", error.message, error.position, error.fix)


def test_a_second_thread_keeps_the_fast_path_away_from_standard_error() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with pytest.raises(fastread.Declined):
            fastread.read("a: 1\n")
    finally:
        stop.set()
        thread.join()
    assert fastread.read("a: 1\n") == {"a": 1}


def test_the_reader_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fastread.enabled()
    assert fastread.reader_name().startswith("rapidyaml ")
    monkeypatch.setenv(fastread.READER_VARIABLE, "pyyaml")
    assert not fastread.enabled()
    assert "DUIKOU_YAML_READER=pyyaml" in fastread.reader_name()


def _problems(path: Path, name: str) -> list[tuple[Any, ...]]:
    facts = loader.read_file(name, path)
    return [(p.file, p.line, p.column, p.entry, p.message, p.fix, p.severity) for p in facts.problems] + [("records", len(facts.records))]


HOSTILE_FILES = sorted([*(FIXTURES / "hostile").glob("*.yaml"), *(FIXTURES / "broken").glob("*.yaml"), *FACTS.rglob("*.yaml")])


@pytest.mark.parametrize("path", HOSTILE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_hostile_corpus_gives_the_same_problems_with_either_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _problems(path, path.name)
    monkeypatch.setenv(fastread.READER_VARIABLE, "pyyaml")
    assert fast == _problems(path, path.name)


@pytest.mark.parametrize(
    "text",
    [
        "entries: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "".join("  " * level + f"k{level}:\n" for level in range(1100)),
        "entries:\n  - id: x\n    name: " + "[" * 40 + "]" * 40 + "\n",
        "entries:\n  - id: x\n    value: " + "9" * 5000 + "\n",
        "entries:\n  - id: " + "x y" * 200_000 + "\n    type: City\n",
        "entries:\n" + "".join(f"  - id: firm-{i}\n    type: Firm\n    name: {{zh: 企业{i}}}\n    sources: [src-test]\n" for i in range(2000)),
    ],
    ids=["flow-100000-deep", "block-1100-deep", "flow-40-deep", "5000-digits", "long-id", "many-entries"],
)
def test_generated_hostile_input_gives_the_same_result_with_either_reader(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    fast = _problems(path, "hostile.yaml")
    monkeypatch.setenv(fastread.READER_VARIABLE, "pyyaml")
    assert fast == _problems(path, "hostile.yaml")


def _build(facts: Path, out: Path, reader: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), fastread.READER_VARIABLE: reader}
    result = subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", "--graph-only", "--no-cache", "--facts", str(facts), "--out", str(out)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("which", ["facts", "generated"])
def test_builds_are_byte_identical_with_either_reader(which: str, tmp_path: Path) -> None:
    facts = FACTS
    if which == "generated":  # 7,000 entities: 70 files and more, read by worker processes
        facts = tmp_path / "facts"
        result = subprocess.run([sys.executable, "-m", "graph.cli", "generate", "--entities", "7000", str(facts)], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        texts = [yamlio.decode(path.read_bytes()) for path in sorted(facts.rglob("*.yaml"))]
        assert len(texts) >= 64 and all(check_agrees(text) for text in texts)
    _build(facts, tmp_path / "fast", "rapidyaml")
    _build(facts, tmp_path / "pyyaml", "pyyaml")
    fast, slow = build_manifest(tmp_path / "fast"), build_manifest(tmp_path / "pyyaml")
    assert fast and fast == slow
    shutil.rmtree(tmp_path / "fast")
