"""Python values of the RDF terms in query answers, the same whichever engine answered."""

from __future__ import annotations

from typing import Any


def python_value(term: Any) -> Any:
    """A Python value for a result term: IRIs as strings, literals via rdflib's mapping."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)
