"""``duikou serve``: a read-only SPARQL 1.1 Protocol endpoint over the build, with a query editor
and the build's site, where every entity IRI resolves (graph.sparql.linked).

The HTTP side (this module) parses requests and refuses what it must; queries run in worker
processes scheduled by ``lanes.Scheduler``, which enforces the timeout, the row limit and the
memory limit, and keeps cheap queries fast during a flood of slow ones.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.facts.problems import LoadFailure
from graph.sparql import linked
from graph.sparql.description import Describer
from graph.sparql.lanes import Limits, Scheduler
from graph.sparql.protocol import QueryRequest, Refusal, get_request, post_request, read_body
from graph.sparql.queryworker import Reply
from graph.sparql.results import Body

STATIC_DIR = Path(__file__).resolve().parent / "static"
# YASGUI's built files, installed from npm by setup.sh (web/package-lock.json pins the version).
YASGUI_DIR = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "@zazuko" / "yasgui" / "build"
YASGUI_FILES = {"/yasgui/yasgui.min.js": "text/javascript; charset=utf-8", "/yasgui/yasgui.min.css": "text/css; charset=utf-8"}
_STATIC_NAME = re.compile(r"^[a-z0-9-]+\.(html|js|css)$")
_STATIC_TYPES = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
MAX_REQUEST_BYTES = 1 << 20  # a query larger than 1 MiB is refused (413)
MAX_OPEN_REQUESTS = 256  # requests being handled at once; more are refused (503)
# The editor loads nothing from anywhere but this server.
CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# YASGUI sets style attributes as it lays itself out: inline styles, still nothing from outside.
EDITOR_POLICY = CONTENT_SECURITY_POLICY.replace("img-src", "style-src 'self' 'unsafe-inline'; img-src")
ENDPOINT_METHODS = "GET, HEAD, POST, OPTIONS"
PAGE_METHODS = "GET, HEAD, OPTIONS"
_PAGES = ("/", "/queries.json", "/status", "/favicon.ico", *YASGUI_FILES)
# A Host header the service description may name itself by; anything else, and it uses the address it listens on.
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
# Control characters in a request line are written to the log as \xNN, so that a request cannot
# move the terminal's cursor or forge log lines; a backslash is doubled so the escapes stay unambiguous.
_LOG_ESCAPES = str.maketrans({**{c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}, ord("\\"): "\\\\"})


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of connections is queued, not dropped

    def __init__(self, address: tuple[str, int], scheduler: Scheduler) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.scheduler = scheduler
        self.describer = Describer(scheduler, MAX_REQUEST_BYTES)
        self.open_requests = threading.BoundedSemaphore(MAX_OPEN_REQUESTS)


def allowed_methods(path: str, build_dir: Path) -> str | None:
    """The methods a path allows (its Allow header), or None if nothing is there."""
    if path == "/sparql":
        return ENDPOINT_METHODS
    if path in _PAGES or (path.startswith("/static/") and _static_path(path[len("/static/") :]) is not None):
        return PAGE_METHODS
    if linked.handles(build_dir, path):
        return PAGE_METHODS
    return None


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "duikou"
    timeout = 30  # seconds to send a request: a client that stalls does not hold a thread

    def setup(self) -> None:
        super().setup()
        # Set while the client may still be sending what was not read (a body refused unread, an
        # overlong header): finish() then reads it away before closing, because closing a socket
        # with unread input resets the connection, and the client would lose the answer.
        self.unread_input = False

    def finish(self) -> None:
        if self.unread_input:
            with contextlib.suppress(OSError, ValueError):
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(2)
                drained = 0
                while drained < 16 * MAX_REQUEST_BYTES and (piece := self.rfile.read1(65536)):
                    drained += len(piece)
        super().finish()

    def do_GET(self) -> None:
        self._guarded(self._get)

    # RFC 9110 §9.3.2: HEAD is GET without the content; _send leaves the body out.
    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._guarded(self._post)

    def do_OPTIONS(self) -> None:
        allowed = ENDPOINT_METHODS if self.path == "*" else allowed_methods(urlsplit(self.path).path, self.server.scheduler.build_dir)
        if allowed is None:
            self._send(Reply.text(404, f"not found: {urlsplit(self.path).path}"))
        else:
            self._send(Reply(204, Body("", b""), {"Allow": allowed}))

    def _refuse_method(self) -> None:
        self.unread_input = True
        path = urlsplit(self.path).path
        allowed = allowed_methods(path, self.server.scheduler.build_dir)
        if allowed is None:
            self._send(Reply.text(404, f"not found: {path}"))
        else:
            self._send(Reply.text(405, f"{self.command} is not allowed on {path} (allowed: {allowed}): this endpoint is read-only", Allow=allowed))

    # RFC 9110 §15.5.6: a method the server knows but the resource does not allow gets 405 with
    # Allow. A method it does not recognise at all gets 501 (§15.6.2, "not recognized"): that is
    # http.server's answer when there is no do_<METHOD>, worded by send_error below.
    do_PUT = do_DELETE = do_PATCH = do_TRACE = do_CONNECT = _refuse_method

    def _guarded(self, handle: Callable[[], None]) -> None:
        if not self.server.open_requests.acquire(blocking=False):
            self.unread_input = True
            self._send(Reply.text(503, "server busy: too many open requests", **{"Retry-After": "2"}))
            return
        try:
            handle()
        except Refusal as refusal:
            self._send(refusal.reply())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away; nothing to answer
        except Exception as error:  # a bug must not take the server down; say what happened
            self._send(Reply.text(500, f"internal error: {type(error).__name__}: {error}"))
        finally:
            self.server.open_requests.release()

    # -- routes --------------------------------------------------------------------------------
    def _get(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/sparql":
            if url.query:
                self._sparql(get_request(url.query.encode("latin-1")))  # the request line was read as Latin-1: its bytes
            else:
                self._send(self.server.describer.reply(self._endpoint(), self.headers.get("Accept")))
        elif url.path == "/":
            self._static("index.html", {"Content-Security-Policy": EDITOR_POLICY})
        elif url.path.startswith("/static/"):
            self._static(url.path[len("/static/") :])
        elif url.path in YASGUI_FILES:
            name = url.path.rpartition("/")[2]
            if (YASGUI_DIR / name).is_file():
                self._send(Reply(200, Body(YASGUI_FILES[url.path], (YASGUI_DIR / name).read_bytes())))
            else:
                self._send(Reply.text(404, f"{name} is not installed: run setup.sh (it installs YASGUI with npm)"))
        elif url.path == "/favicon.ico":
            self._send(Reply(204, Body("", b"")))  # no icon: an empty answer, which browsers do not report as an error
        elif url.path == "/queries.json":
            self._send(_json_reply(_examples()))
        elif url.path == "/status":
            self._send(_json_reply(self.server.scheduler.status()))
        elif (reply := linked.answer(self.server.scheduler.build_dir, url.path, self.headers.get("Accept"))) is not None:
            self._send(reply)
        else:
            self._send(Reply.text(404, f"not found: {url.path} (the endpoint is /sparql, the editor /, the entities /id/<id>)"))

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._refuse_method()
            return
        self.unread_input = True
        body = read_body(self.headers, self.rfile, MAX_REQUEST_BYTES)
        self.unread_input = False
        self._sparql(post_request(url.query.encode("latin-1"), self.headers.get("Content-Type"), body))

    def _sparql(self, request: QueryRequest) -> None:
        started = time.monotonic()
        reply = self.server.scheduler.run(request.query, self.headers.get("Accept") or "", request.default_graphs, request.named_graphs)
        reply.headers["X-Query-Seconds"] = f"{time.monotonic() - started:.3f}"
        self._send(reply)

    def _endpoint(self) -> str:
        """The endpoint's address as the client named it, for the service description."""
        host = self.headers.get("Host") or ""
        if not _HOST.match(host):
            address, port = str(self.server.server_address[0]), int(self.server.server_address[1])
            host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        return f"http://{host}/sparql"

    def _static(self, name: str, headers: dict[str, str] | None = None) -> None:
        path = _static_path(name)
        if path is None:
            self._send(Reply.text(404, f"not found: {name}"))
            return
        self._send(Reply(200, Body(_STATIC_TYPES[path.suffix[1:]], path.read_bytes()), headers or {}))

    # -- answering -----------------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        with_content = reply.status != 204  # RFC 9110 §8.6: a 204 has neither content nor Content-Length
        if with_content:
            media = reply.body.media_type
            if media.startswith(("text/", "application/json", "application/sparql-results+json")) and "charset" not in media:
                media += "; charset=utf-8"
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(reply.body.data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        headers = dict(reply.headers)
        self.send_header("Content-Security-Policy", headers.pop("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_content and self.command != "HEAD":
            self.wfile.write(reply.body.data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, overlong headers, an unknown
        method) as plain text with the headers of every other answer."""
        text = message or self.responses.get(code, ("error",))[0]
        self.unread_input = True
        # A request line too broken to name a version is taken for HTTP/0.9, whose answers have
        # no status line; answer in HTTP/1.0 so that the client sees the status.
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        if code == 501:
            explain = f"this server answers {ENDPOINT_METHODS}"
        self.close_connection = True
        self._send(Reply.text(code, f"{text}: {explain}" if explain else text))

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {(format % args).translate(_LOG_ESCAPES)}\n")


def _static_path(name: str) -> Path | None:
    path = STATIC_DIR / name
    return path if _STATIC_NAME.match(name) and path.is_file() else None


def _json_reply(value: Any) -> Reply:
    return Reply(200, Body("application/json", json.dumps(value, ensure_ascii=False, indent=1).encode()))


def _examples() -> list[dict[str, str]]:
    from graph.sparql.query import prologue
    from graph.sparql.querylib import example_queries

    declared = prologue()
    return [{"name": q.name, "title": q.title, "question": q.question, "text": q.text, "prologue": declared} for q in example_queries().values()]


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(
    build_dir: Path = Path("build"),
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
    max_memory: int = 2048,
    on_disk: bool = False,
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query editor at /.

    Queries run on the build's store (build/oxigraph/; run `duikou build` first), with duikou's
    prefixes predeclared and relative IRIs resolved against https://w3id.org/duikou/id/, sent
    by GET or POST (query parameter, form or application/sparql-query). Results come as SPARQL
    JSON, XML, CSV or TSV, and graphs as Turtle, N-Triples or RDF/XML, by the Accept header;
    GET /sparql without a query gives the service description. SPARQL Update is refused
    (403). Queries run in worker processes. When the graph fits in half of --max-memory,
    one process holds it in memory and the workers are forked from it, sharing it
    (copy-on-write): queries run on memory, and a stopped worker is replaced in milliseconds;
    otherwise, or with --on-disk, each worker opens the store on disk. A worker is stopped
    after --timeout seconds or when it needs more than --max-memory MiB (503); answers are cut at --max-rows rows and then say so in the
    X-Result-Truncated header. Slow queries cannot hold up cheap ones, and load beyond what
    the server takes gets 503 with Retry-After at once. It listens on 127.0.0.1 unless --host
    says otherwise. The editor at / (YASGUI, installed by setup.sh) needs no network and has
    the example queries as tabs.
    Entity IRIs resolve: /id/<id> answers with the entity's page of the build's site, or its
    triples as Turtle, JSON-LD or N-Triples by the Accept header, /ontology the same, and the
    site's files, the network pages (/pages/) and the graph's files are served as they are.
    """
    from graph.sparql.store import has_store, store_path

    if not has_store(build_dir):
        raise LoadFailure(f"{store_path(build_dir)}: no store — run `duikou build` first")
    limits = Limits(timeout=timeout, max_rows=max_rows, workers=workers, memory_mib=max_memory, in_memory=not on_disk)
    scheduler = Scheduler(Path(build_dir).absolute(), limits)
    try:
        server = EndpointServer((host, port), scheduler)
    except OSError as error:
        scheduler.close()
        raise LoadFailure(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if not (YASGUI_DIR / "yasgui.min.js").is_file():
        print(f"warning: the editor at / needs YASGUI, which is not installed in {YASGUI_DIR}: run setup.sh (npm ci)", file=sys.stderr)
    if not is_loopback(host):
        print(f"warning: listening on {host}, reachable from other machines; the default is 127.0.0.1", file=sys.stderr)
    print(f"serving http://{shown}:{bound_port}/ (editor) and http://{shown}:{bound_port}/sparql (endpoint); Ctrl-C stops", flush=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        scheduler.close()
