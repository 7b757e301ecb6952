"""What a request to ``/sparql`` asks for, read strictly (SPARQL 1.1 Protocol; RFC 9110, 9112).

A request whose meaning is in doubt is refused with a 4xx that says why, never guessed at,
because a guess can run another query than the one the client sent:

- The body's length: ``Content-Length`` must be one run of digits; a POST with neither it nor
  ``Transfer-Encoding: chunked`` gets 411; both at once get 400 (a server and a proxy could
  frame such a request differently); a body over the limit gets 413, chunked or not, as soon as
  its size is known (the server reads away the rest after answering). Chunked bodies are
  decoded; other transfer codings get 501, as RFC 9112 §6.1 says.
- Text is UTF-8 only. The Protocol defines ``application/sparql-query`` as UTF-8 and forms are
  sent in UTF-8, so a body declared in another charset gets 400 rather than being decoded by it
  (the W3C test ``bad_query_non_utf8`` expects a 4xx), and so do bytes that are not UTF-8, raw or
  percent-encoded, and a ``%`` not followed by two hex digits.
- One query, given once: in the URL or in the body, not both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from io import BufferedIOBase
from urllib.parse import unquote_to_bytes

from graph.sparql.queryworker import Reply

SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
FORM = "application/x-www-form-urlencoded"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
_DIGITS = re.compile(rb"^[0-9]+$")
_CHUNK_SIZE = re.compile(rb"^[0-9A-Fa-f]{1,16}$")
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*$")
_LINE = 1024  # longest chunk-size or trailer line read
_TRAILERS = 32  # most trailer lines read
_PIECE = 65536


@dataclass
class Refusal(Exception):
    """A request refused: the status, and a message saying what to send instead."""

    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def reply(self) -> Reply:
        return Reply.text(self.status, self.message, **self.headers)


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...] | None = None  # None: the request names no dataset
    named_graphs: tuple[str, ...] | None = None


def update_refused() -> Refusal:
    return Refusal(403, "SPARQL Update is refused: this endpoint is read-only")


def read_body(headers: Message, stream: BufferedIOBase, limit: int) -> bytes:
    """The body of a request, framed by Content-Length or chunked, at most ``limit`` bytes."""
    codings = [c.strip().lower() for value in headers.get_all("Transfer-Encoding") or [] for c in value.split(",") if c.strip()]
    lengths = headers.get_all("Content-Length") or []
    try:
        if codings:
            if lengths:
                raise Refusal(400, "the request has both Content-Length and Transfer-Encoding: send one of them")
            if codings != ["chunked"]:
                raise Refusal(501, f"transfer coding {', '.join(codings)!r} is not supported: send the body plain or chunked")
            return _read_chunked(stream, limit)
        if not lengths:
            raise Refusal(411, "a POST needs a Content-Length header (or Transfer-Encoding: chunked)")
        values = {v.strip().encode("latin-1") for value in lengths for v in value.split(",")}
        if len(values) != 1 or not _DIGITS.match(next(iter(values))):
            raise Refusal(400, f"Content-Length {', '.join(lengths)!r} is not a length: it must be one number of bytes")
        length = int(next(iter(values)))
        if length > limit:
            raise Refusal(413, f"request too large: at most {limit} bytes")
        return _read(stream, length)
    except TimeoutError as error:
        raise Refusal(408, "the request body did not arrive in time") from error


def _read(stream: BufferedIOBase, count: int) -> bytes:
    pieces: list[bytes] = []
    remaining = count
    while remaining > 0:
        piece = stream.read(min(_PIECE, remaining))
        if not piece:
            raise Refusal(400, f"the body ended after {count - remaining} of the {count} bytes announced")
        remaining -= len(piece)
        pieces.append(piece)
    return b"".join(pieces)


def _read_chunked(stream: BufferedIOBase, limit: int) -> bytes:
    """Decode a chunked body of at most ``limit`` bytes."""
    pieces: list[bytes] = []
    total = 0
    while True:
        size_line = stream.readline(_LINE + 1)
        size_text = size_line.split(b";", 1)[0].strip()  # chunk extensions are ignored
        if not size_line.endswith(b"\n") or not _CHUNK_SIZE.match(size_text):
            raise Refusal(400, "malformed chunked body: a chunk does not start with its size in hex")
        size = int(size_text, 16)
        if size == 0:
            break
        total += size
        if total > limit:
            raise Refusal(413, f"request too large: at most {limit} bytes")
        pieces.append(_read(stream, size))
        if stream.read(2) != b"\r\n":
            raise Refusal(400, "malformed chunked body: a chunk is longer than its size says")
    for _ in range(_TRAILERS):
        line = stream.readline(_LINE + 1)
        if line in (b"\r\n", b"\n"):
            return b"".join(pieces)
        if not line.endswith(b"\n"):
            raise Refusal(400, "malformed chunked body: it does not end with an empty line")
    raise Refusal(400, f"malformed chunked body: more than {_TRAILERS} trailer lines")


def media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """A Content-Type's media type (lower case, "" when absent) and its parameters."""
    media, *params = (header or "").split(";")
    parameters = {}
    for param in params:
        name, _, value = param.partition("=")
        parameters[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), parameters


def parse_form(data: bytes, where: str) -> dict[str, list[str]]:
    """Name/value pairs of a query string or form body, decoded strictly as UTF-8."""
    params: dict[str, list[str]] = {}
    for pair in data.split(b"&"):
        if pair:
            name, _, value = pair.partition(b"=")
            params.setdefault(_unescape(name, where), []).append(_unescape(value, where))
    return params


def _unescape(raw: bytes, where: str) -> str:
    bad = _BAD_PERCENT.search(raw)
    if bad:
        shown = raw[bad.start() : bad.start() + 3].decode("latin-1")
        raise Refusal(400, f"malformed percent-encoding in {where}: {shown!r} (a % must be followed by two hex digits)")
    return _decode(unquote_to_bytes(raw.replace(b"+", b" ")), where)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refusal(400, f"{where} is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}; SPARQL requests are UTF-8") from error


def get_request(query_string: bytes) -> QueryRequest:
    """A query sent by GET: everything in the URL."""
    return _query_request(parse_form(query_string, "the URL's query string"))


def post_request(query_string: bytes, content_type: str | None, body: bytes) -> QueryRequest:
    """A query sent by POST, as application/sparql-query or as a form."""
    url = parse_form(query_string, "the URL's query string")
    media, parameters = media_type(content_type)
    if media == SPARQL_UPDATE:
        raise update_refused()
    if media not in (SPARQL_QUERY, FORM):
        shown = f"Content-Type {media!r}" if media else "a body without Content-Type"
        raise Refusal(415, f"{shown}: send the query as {SPARQL_QUERY} or {FORM}")
    charset = parameters.get("charset", "utf-8")
    if charset.lower() not in ("utf-8", "utf8"):
        raise Refusal(400, f"the body is declared as {charset}; SPARQL requests are UTF-8: send it as UTF-8")
    form = {"query": [_decode(body, "the body")]} if media == SPARQL_QUERY else parse_form(body, "the form body")
    if "query" in url and "query" in form:
        raise Refusal(400, "the query is given both in the URL and in the body: send it once")
    return _query_request({name: url.get(name, []) + form.get(name, []) for name in sorted(url.keys() | form.keys())})


def _query_request(params: dict[str, list[str]]) -> QueryRequest:
    if "update" in params:
        raise update_refused()
    queries = params.get("query", [])
    if len(queries) != 1:
        raise Refusal(400, f"give exactly one query ({len(queries)} given): ?query=... (GET) or a POST body")
    if not queries[0].strip():
        raise Refusal(400, "the query is empty")
    graphs: list[tuple[str, ...] | None] = []
    for name in DATASET_PARAMETERS:
        for iri in params.get(name, []):
            if not _ABSOLUTE_IRI.match(iri):
                raise Refusal(400, f"{name} {iri!r} is not an absolute IRI")
        graphs.append(tuple(params[name]) if name in params else None)
    return QueryRequest(queries[0], graphs[0], graphs[1])
