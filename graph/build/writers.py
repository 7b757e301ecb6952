"""The last stage of a build: the graph's files written from the files' parts.

Two writers, one per kind of build: sorted output (N-Triples and Turtle with every subject's
block in order, the files' blocks merged) and streamed output (N-Triples file by file). Both put
in what other files decide: observation values and pairedWith links (graph.build.parts).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.build.parts import Block, Links, fill, with_links
from graph.build.reading import ReadResult
from graph.rdf.convert import PAIRED_WITH, Triple
from graph.rdf.serialize import jsonld_text, ntriples_lines, turtle_header

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_FILES = ("duikou.ttl", "shapes.ttl")


def write_sorted(parts: ReadResult, found: Links, nt_path: Path, ttl_path: Path) -> None:
    """N-Triples and Turtle with every subject's block in order: the files' blocks merged."""
    blocks = parts.blocks
    # Runs of blocks that follow each other in one file are copied as one slice.
    runs: list[tuple[int, int, int]] = []  # (file, first block, end block)
    for _, file, index in sorted((block[0], file, index) for file, file_blocks in enumerate(blocks) for index, block in enumerate(file_blocks)):
        if runs and runs[-1][0] == file and runs[-1][2] == index:
            runs[-1] = (file, runs[-1][1], index + 1)
        else:
            runs.append((file, index, index + 1))
    for path, turtle in ((nt_path, False), (ttl_path, True)):
        data = list(parts.parts("ttl" if turtle else "nt"))
        with open(path, "wb") as out:
            if turtle:
                out.write(turtle_header().encode("utf-8"))
            for file, first, end in runs:
                out.write(_run(data[file], blocks[file], first, end, found, turtle))
        del data


def write_streamed(parts: ReadResult, found: Links, nt_path: Path) -> None:
    """N-Triples file by file (each file's triples sorted), holding one file at a time.

    A streamed build keeps no block list: a party's block is found in its file's part by its
    lines, which all start with the subject.
    """
    with open(nt_path, "wb") as out:
        for data in streamed_parts(parts, found):
            out.write(data)


def streamed_parts(parts: ReadResult, found: Links) -> Iterator[bytes]:
    """Each file's N-Triples, with what other files decide filled in, in file order."""
    parties: dict[str, list[str]] = {}
    for subject, name in parts.party_files(found).items():
        parties.setdefault(name, []).append(subject)
    for name, data in zip(parts.facts.files, parts.parts("nt"), strict=True):
        for subject in sorted(parties.get(name, ())):
            data = _with_links_in_lines(data, subject, found.partners[subject])
        yield fill(data, found, False)


def _with_links_in_lines(data: bytes, subject: str, partners: list[Triple]) -> bytes:
    """Put a party's pairedWith lines among its N-Triples lines, where they sort."""
    head = f"<{subject}> ".encode()
    start = 0 if data.startswith(head) else data.index(b"\n" + head) + 1
    end = start
    while data.startswith(head, end):
        predicate = data[end + len(head) + 1 : data.index(b">", end + len(head))].decode("utf-8")
        if predicate > PAIRED_WITH:
            break
        end = data.index(b"\n", end) + 1
    return data[:end] + "".join(ntriples_lines(partners)).encode("utf-8") + data[end:]


def _run(data: bytes, blocks: list[Block], first: int, end: int, found: Links, turtle: bool) -> bytes:
    """Blocks ``first`` to ``end`` of a part, with markers filled and parties' links put in."""
    begin = _end(blocks[first - 1], turtle) if first else 0
    text = data[begin : _end(blocks[end - 1], turtle)]
    if not found.partners.keys().isdisjoint(block[0] for block in blocks[first:end]):
        pieces = []
        start = begin
        for block in blocks[first:end]:
            stop = _end(block, turtle)
            links_here = found.partners.get(block[0])
            if links_here:
                pieces.append(with_links(data[start:stop], block[4] if turtle else block[3], links_here, turtle))
            else:
                pieces.append(data[start:stop])
            start = stop
        text = b"".join(pieces)
    return fill(text, found, turtle)


def _end(block: Block, turtle: bool) -> int:
    return block[2] if turtle else block[1]


def write_jsonld(triples: list[Triple], folder: Path) -> None:
    with open(folder / "duikou.jsonld", "w", encoding="utf-8", newline="\n") as handle:
        handle.write(jsonld_text(triples))


def write_summary(summary: dict[str, Any], folder: Path) -> None:
    """The ontology and shapes beside the graph, and the build's summary."""
    for name, target in zip(ONTOLOGY_FILES, ("ontology.ttl", "shapes.ttl"), strict=True):
        source = ONTOLOGY_DIR / name
        if source.exists():
            (folder / target).write_bytes(source.read_bytes())
    text = json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (folder / "summary.json").write_text(text, encoding="utf-8")
