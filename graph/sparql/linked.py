"""The build's files over HTTP, for ``duikou serve``: every entity IRI resolves to a local address.

``/id/<id>`` answers with the entity's page (``build/site/id/<id>.html``) or its triples in
Turtle, N-Triples or JSON-LD by the Accept header, ``/ontology`` the same with the ontology's
documentation and files, ``/dataset`` with the site's front page or the VoID description. The
answer is direct (200, ``Vary: Accept``, ``Content-Location`` naming the file chosen), not a
303: the thing itself is ``https://w3id.org/duikou/id/<id>``; the local address is already a
document about it, so nothing is gained by a second request, and the chosen file stays
addressable on its own. The site's other files (``/id/<id>.ttl``, ``/index.html``,
``/basemap.svg``, ``/site/...``), the network and map pages (``/pages/...``) and the graph's
files (``/duikou.ttl`` …) are served as they are.

Nothing outside those folders can be read: a path is a fixed prefix and segments of letters,
digits, ``.``, ``_`` and ``-`` (no ``..``, no ``%``-escape, no empty segment), and the file it
names must lie inside its folder once links are resolved.
"""

from __future__ import annotations

import difflib
import re
from html import escape
from pathlib import Path

from graph.sparql.negotiate import negotiate
from graph.sparql.queryworker import Reply
from graph.sparql.results import Body

MEDIA = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json",
    "svg": "image/svg+xml",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
}
# What /id/<id> and /ontology offer, the first the default (a browser, or a client that says */*).
OFFERED = (("text/html", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"), ("application/json", "jsonld"))
# /dataset: the front page or the VoID description.
DATASET_OFFERED = (("text/html", "html"), ("text/turtle", "ttl"))
_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_ENTITY = re.compile(r"^/id/([A-Za-z0-9_][A-Za-z0-9._-]*)$")
# Pages that run the network and map scripts and draw inline styles: their own rules, and
# still nothing from outside the server.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
BUILD_FILES = ("duikou.ttl", "duikou.nt", "duikou.jsonld", "void.ttl")


def inside(folder: Path, relative: str) -> Path | None:
    """The file ``relative`` names in ``folder``, or None: every segment plain, and the file,
    links resolved, inside the folder."""
    segments = relative.split("/")
    if not all(_SEGMENT.match(s) and ".." not in s for s in segments):
        return None
    try:
        base = folder.resolve(strict=True)
        path = (folder / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return path if path.is_relative_to(base) and path.is_file() else None


def file_for(build_dir: Path, path: str) -> Path | None:
    """The build's file at a URL path that names one, or None."""
    if path.startswith("/pages/"):
        return inside(build_dir / "pages", path[len("/pages/") :])
    if path[1:] in BUILD_FILES:
        return inside(build_dir, path[1:])
    relative = path[len("/site/") :] if path.startswith("/site/") else path[1:]
    found = inside(build_dir / "site", relative)
    return found if found is not None and found.suffix[1:] in MEDIA else None


def negotiated(path: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """For an address that is negotiated: the site's file name without its suffix, and what it offers."""
    if path == "/ontology":
        return "ontology", OFFERED
    if path == "/dataset":
        return "", DATASET_OFFERED
    match = _ENTITY.match(path)
    if match and "." not in match.group(1):  # an id has no dot; a name with one is a file
        return f"id/{match.group(1)}", OFFERED
    return None


def handles(build_dir: Path, path: str) -> bool:
    return negotiated(path) is not None or file_for(build_dir, path) is not None


def answer(build_dir: Path, path: str, accept: str | None) -> Reply | None:
    """The answer for a linked-data address or a file of the build; None if ``path`` is neither."""
    chosen = negotiated(path)
    if chosen is None:
        found = file_for(build_dir, path)
        return None if found is None else _file_reply(found)
    stem, offered = chosen
    media = negotiate(accept, tuple(m for m, _ in offered))
    if media is None:
        return Reply.text(406, f"{path} is available as {', '.join(m for m, _ in offered)}", Vary="Accept")
    suffix = dict(offered)[media]
    name = ("index.html" if suffix == "html" else "void.ttl") if stem == "" else f"{stem}.{suffix}"
    found = inside(build_dir / "site", name)
    if found is None:
        return not_found(build_dir, path)
    reply = _file_reply(found, media if suffix != "html" else None)
    reply.headers.update({"Vary": "Accept", "Content-Location": f"/{name}"})
    return reply


def _file_reply(path: Path, media: str | None = None) -> Reply:
    """A file as it is, as ``media`` (the type negotiated) or the type of its suffix."""
    media_type = media or MEDIA[path.suffix[1:]]
    headers = {"Content-Security-Policy": PAGE_POLICY} if path.suffix in (".html", ".svg") else {}
    return Reply(200, Body(media_type, path.read_bytes()), headers)


def not_found(build_dir: Path, path: str) -> Reply:
    """404 for an unknown entity: a page that suggests the ids closest to the one asked for."""
    asked = path[len("/id/") :] if path.startswith("/id/") else path
    folder = build_dir / "site" / "id"
    known = sorted(p.stem for p in folder.glob("*.html")) if folder.is_dir() else []
    close = difflib.get_close_matches(asked.lower(), known, n=5, cutoff=0.6)
    items = "".join(f'<li><a href="/id/{escape(c)}">{escape(c)}</a></li>' for c in close)
    suggestion = f"<p>Did you mean · 您要找的是否为:</p><ul>{items}</ul>" if close else "<p>No entity has a similar id.</p>"
    page = (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n<title>404 · duikou</title>\n</head>\n<body>\n'
        f"<h1>未找到 · Not found</h1>\n<p>No entity has the id <code>{escape(asked)}</code>.</p>\n{suggestion}\n"
        '<p><a href="/index.html">duikou</a></p>\n</body>\n</html>\n'
    )
    return Reply(404, Body(MEDIA["html"], page.encode("utf-8")), {"Vary": "Accept"})
