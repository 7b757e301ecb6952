"""``duikou serve``: a read-only SPARQL 1.1 Protocol endpoint over the build, with a query editor.

The HTTP side (this module) parses requests and refuses what it must; queries run in worker
processes scheduled by ``lanes.Scheduler``, which enforces the timeout, the row limit and the
memory limit, and keeps cheap queries fast during a flood of slow ones.
"""

from __future__ import annotations

import ipaddress
import json
import re
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph.facts.problems import LoadFailure
from graph.sparql.lanes import Limits, Scheduler
from graph.sparql.queryworker import Reply
from graph.sparql.results import Body

STATIC_DIR = Path(__file__).resolve().parent / "static"
_STATIC_NAME = re.compile(r"^[a-z0-9-]+\.(html|js|css)$")
_STATIC_TYPES = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
MAX_REQUEST_BYTES = 1 << 20  # a query larger than 1 MiB is refused (413)
MAX_OPEN_REQUESTS = 256  # requests being handled at once; more are refused (503)
# The editor loads nothing from anywhere but this server.
CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of connections is queued, not dropped

    def __init__(self, address: tuple[str, int], scheduler: Scheduler) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.scheduler = scheduler
        self.open_requests = threading.BoundedSemaphore(MAX_OPEN_REQUESTS)


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "duikou"
    timeout = 30  # seconds to send a request: a client that stalls does not hold a thread

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    def do_HEAD(self) -> None:
        self._send(Reply.text(405, "HEAD is not supported"))

    def _refuse_method(self) -> None:
        self._send(Reply.text(405, f"{self.command} is not supported: this endpoint is read-only", Allow="GET, POST"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _guarded(self, handle: Any) -> None:
        if not self.server.open_requests.acquire(blocking=False):
            self._send(Reply.text(503, "server busy: too many open requests", **{"Retry-After": "2"}))
            return
        try:
            handle()
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
            self._sparql(parse_qs(url.query, keep_blank_values=True))
        elif url.path in ("/", "/index.html"):
            self._static("index.html")
        elif url.path.startswith("/static/"):
            self._static(url.path[len("/static/") :])
        elif url.path == "/queries.json":
            self._send(_json_reply(_examples()))
        elif url.path == "/status":
            self._send(_json_reply(self.server.scheduler.status()))
        else:
            self._send(Reply.text(404, f"not found: {url.path} (the endpoint is /sparql, the editor /)"))

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(Reply.text(404, f"not found: {url.path}"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            # Read what the client sends (up to a bound) so that it gets the answer, not a reset.
            remaining = min(length, 16 * MAX_REQUEST_BYTES)
            while remaining > 0:
                chunk = self.rfile.read(min(65536, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
            self._send(Reply.text(413, f"request too large: at most {MAX_REQUEST_BYTES} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            self._refuse_update()
        elif media == "application/sparql-query":
            self._sparql({**params, "query": [body]})
        elif media == "application/x-www-form-urlencoded":
            self._sparql({**params, **parse_qs(body, keep_blank_values=True)})
        else:
            self._send(Reply.text(415, "send the query as application/sparql-query or application/x-www-form-urlencoded"))

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._refuse_update()
            return
        if any(value for name in ("default-graph-uri", "named-graph-uri") for value in params.get(name, [])):
            self._send(Reply.text(400, "default-graph-uri and named-graph-uri are not supported: the graph is the whole build"))
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(Reply.text(400, "give exactly one query: ?query=... (GET) or a POST body"))
            return
        started = time.monotonic()
        reply = self.server.scheduler.run(queries[0], self.headers.get("Accept") or "")
        reply.headers["X-Query-Seconds"] = f"{time.monotonic() - started:.3f}"
        self._send(reply)

    def _refuse_update(self) -> None:
        self._send(Reply.text(403, "SPARQL Update is refused: this endpoint is read-only"))

    def _static(self, name: str) -> None:
        path = STATIC_DIR / name
        if not _STATIC_NAME.match(name) or not path.is_file():
            self._send(Reply.text(404, f"not found: {name}"))
            return
        self._send(Reply(200, Body(_STATIC_TYPES[path.suffix[1:]], path.read_bytes())))

    # -- answering -----------------------------------------------------------------------------
    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        media = reply.body.media_type
        if media.startswith(("text/", "application/json", "application/sparql-results+json")) and "charset" not in media:
            media += "; charset=utf-8"
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(reply.body.data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body.data)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _json_reply(value: Any) -> Reply:
    return Reply(200, Body("application/json", json.dumps(value, ensure_ascii=False, indent=1).encode()))


def _examples() -> list[dict[str, str]]:
    from graph.sparql.querylib import example_queries

    return [{"name": q.name, "title": q.title, "question": q.question, "text": q.text} for q in example_queries().values()]


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
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query editor at /.

    Queries run on the build's store (build/oxigraph/; run `duikou build` first), with duikou's
    prefixes predeclared, sent by GET or POST (query parameter, form or
    application/sparql-query). Results come as SPARQL JSON, CSV or TSV, and graphs as Turtle or
    N-Triples, by the Accept header. SPARQL Update is refused (403). Queries run in worker
    processes; one is stopped after --timeout seconds or when it needs more than
    --max-memory MiB (503); answers are cut at --max-rows rows and then say so in the
    X-Result-Truncated header. Slow queries cannot hold up cheap ones, and load beyond what
    the server takes gets 503 with Retry-After at once. It listens on 127.0.0.1 unless --host
    says otherwise. The editor at / needs no network and has the example queries preloaded.
    """
    from graph.sparql.store import has_store, store_path

    if not has_store(build_dir):
        raise LoadFailure(f"{store_path(build_dir)}: no store — run `duikou build` first")
    scheduler = Scheduler(Path(build_dir).absolute(), Limits(timeout=timeout, max_rows=max_rows, workers=workers, memory_mib=max_memory))
    try:
        server = EndpointServer((host, port), scheduler)
    except OSError as error:
        scheduler.close()
        raise LoadFailure(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
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
