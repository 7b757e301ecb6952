"""duikou: a knowledge graph of China's paired cooperation (对口合作).

``from graph import load`` gives the Python API; nothing is imported or computed until used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

__all__ = ["KnowledgeGraph", "load"]


def load(source: Any = "facts") -> KnowledgeGraph:
    """Load the graph from a facts folder (validated and built in memory) or an RDF file."""
    from graph.api import load as _load

    return _load(source)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from graph.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
