"""The shipped example queries (graph/sparql/queries/*.rq), each with its title and research question."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    question: str
    text: str


def example_queries() -> dict[str, ExampleQuery]:
    """Every example query, by file name without .rq, in name order."""
    queries = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].strip().partition(":")
            header[key.strip()] = value.strip()
        queries[path.stem] = ExampleQuery(path.stem, header.get("title", path.stem), header.get("question", ""), text)
    return queries
