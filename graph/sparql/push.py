"""Loading the build into a triple store over the SPARQL 1.1 Graph Store Protocol (HTTP PUT)."""

from __future__ import annotations

import base64
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from graph.facts.problems import LoadFailure

# The named graph duikou replaces when no --graph is given: the project's own namespace, so it
# never collides with another data set's graph in a shared store.
DEFAULT_GRAPH_IRI = "https://w3id.org/duikou/graph"
CHUNK = 1 << 16
# One socket operation (connect, a chunk sent, the reply) may take this long: a store may parse
# the whole upload before it answers.
TIMEOUT = 3600.0


class PushRefused(Exception):
    """The server answered, but did not replace the graph (exit code 1)."""


@dataclass(frozen=True)
class Pushed:
    endpoint: str
    graph: str
    status: int
    triples: int
    bytes: int
    seconds: float


class _Upload:
    """The request body: build/duikou.nt read in chunks, then the ontology as N-Triples.

    Iterable again from the start, so urllib's auth handlers can resend it after a 401.
    """

    def __init__(self, data: Path, ontology: bytes) -> None:
        self.data, self.ontology = data, ontology
        self.size = data.stat().st_size + len(ontology)

    def __iter__(self) -> Iterator[bytes]:
        with open(self.data, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
        yield self.ontology


def _ontology_ntriples(build_dir: Path) -> tuple[bytes, int]:
    """build/ontology.ttl as N-Triples, so the store answers label and class queries as `duikou query` does."""
    path = build_dir / "ontology.ttl"
    if not path.is_file():
        return b"", 0
    from graph.rdf.graphs import new_graph

    graph = new_graph()
    graph.parse(path, format="turtle")
    return graph.serialize(format="nt", encoding="utf-8"), len(graph)


def _count_lines(data: Path) -> int:
    with open(data, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(CHUNK), b""))


def _server_message(error: urllib.error.HTTPError) -> str:
    """The server's own explanation, as plain text (Virtuoso and others answer in HTML)."""
    try:
        body = error.read(4096).decode("utf-8", "replace")
    except OSError:
        body = ""
    text = unescape(re.sub(r"<(title|h1)>.*?</\1>|<[^>]+>", " ", body, flags=re.S | re.I))
    text = " ".join(text.split())
    return text or str(error.reason)


class _Login:
    """Answers the server's basic or digest challenge before the upload is sent, so the data goes once."""

    def __init__(self, url: str, user: str, password: str) -> None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        self.user, self.password = user, password
        # Servers that challenge only the PUT itself are answered by these, which resend the body.
        self.digest = urllib.request.HTTPDigestAuthHandler(manager)
        self.handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPBasicAuthHandler(manager), self.digest]

    def header(self, challenge: str, request: urllib.request.Request) -> str | None:
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(params) if f])
            answer = self.digest.get_authorization(request, fields)
            return f"Digest {answer}" if answer else None
        return None


def _head(url: str, authorization: str | None = None) -> tuple[int, str | None]:
    """A bodyless HEAD: its status, and the login challenge if it is 401."""
    request = urllib.request.Request(url, method="HEAD")
    if authorization:
        request.add_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("WWW-Authenticate") if error.code == 401 else None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise LoadFailure(f"cannot reach {url.partition('?')[0]}: {reason}") from error


def _log_in(request: urllib.request.Request, endpoint: str, user: str | None, password: str | None) -> list[urllib.request.BaseHandler]:
    """Sign the upload for the endpoint's login, checked with bodyless requests first: a server
    that rejects a login closes the connection without reading the upload, which would show only
    as a broken pipe. Returns urllib's auth handlers, for servers that challenge only the PUT."""
    url = request.full_url
    _, challenge = _head(url)
    if not challenge:
        return list(_Login(url, user, password).handlers) if user is not None and password is not None else []
    scheme = challenge.partition(" ")[0]
    if user is None or password is None:
        raise PushRefused(f"{endpoint} asks for a login ({scheme}): give --user and --password-env")
    login = _Login(url, user, password)
    header = login.header(challenge, urllib.request.Request(url, method="HEAD"))
    if header is None:
        raise PushRefused(f"{endpoint} asks for a login duikou does not speak: {scheme}")
    if _head(url, header)[0] == 401:
        raise PushRefused(f"{endpoint} refused the login for user {user!r} (HTTP 401)")
    request.add_unredirected_header("Authorization", login.header(challenge, request) or header)
    return login.handlers


def push(
    build_dir: Path = Path("build"),
    endpoint: str = "",
    graph: str = DEFAULT_GRAPH_IRI,
    user: str | None = None,
    password_env: str | None = None,
) -> Pushed:
    """Load the build into a SPARQL 1.1 Graph Store Protocol server, replacing the named graph.

    Sends build/duikou.nt, followed by the ontology, in one HTTP PUT to ENDPOINT?graph=IRI, so
    the graph afterwards holds exactly this build (what `duikou query` sees) and nothing older.
    The default graph IRI is https://w3id.org/duikou/graph. With --user, the password is read
    from the environment variable named by --password-env, never from the command line; basic
    and digest authentication are both understood. Endpoints:
      Virtuoso  http://HOST:8890/sparql-graph-crud-auth   (digest; user with SPARQL_UPDATE)
      Fuseki    http://HOST:3030/DATASET/data
      GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service
    Exit codes: 0 the graph was replaced, 1 the server refused (login, permission, bad data:
    its message is printed), 2 nothing was sent (no build, endpoint unreachable, no password).
    """
    data = Path(build_dir) / "duikou.nt"
    if not data.is_file():
        raise LoadFailure(f"{data}: no built graph — run `duikou build` first")
    if not urllib.parse.urlsplit(endpoint).scheme.startswith("http"):
        raise LoadFailure(f"{endpoint!r} is not an http(s) URL of a Graph Store Protocol endpoint")
    password = None
    if user is not None:
        if not password_env:
            raise LoadFailure("--user needs --password-env VAR, the environment variable holding the password")
        password = os.environ.get(password_env)
        if password is None:
            raise LoadFailure(f"the environment variable {password_env} (--password-env) is not set")

    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    url = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"
    ontology, ontology_triples = _ontology_ntriples(Path(build_dir))
    upload = _Upload(data, ontology)
    request = urllib.request.Request(url, data=upload, method="PUT")
    request.add_header("Content-Type", "application/n-triples")
    request.add_header("Content-Length", str(upload.size))

    handlers = _log_in(request, endpoint, user, password)
    started = time.perf_counter()
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code == 401:
            who = f"the login for user {user!r}" if user is not None else "to work without a login: give --user and --password-env"
            raise PushRefused(f"{endpoint} refused {who} (HTTP 401)") from error
        raise PushRefused(f"{endpoint} refused the graph (HTTP {error.code}): {_server_message(error)}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            raise PushRefused(f"{endpoint} closed the connection while the data was being sent ({reason}): it refused the upload") from error
        raise LoadFailure(f"cannot reach {endpoint}: {reason}") from error
    return Pushed(endpoint, graph, status, _count_lines(data) + ontology_triples, upload.size, time.perf_counter() - started)
