"""Shared fixtures: paths, a runner for the CLI, and folders of facts made for a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
UNDER_CI = os.environ.get("CI", "").lower() == "true"


def need_program(name: str) -> str:
    """The path of a program the test needs; skip locally without it, fail under CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if UNDER_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``duikou`` in a fresh interpreter, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def base_facts(tmp_path: Path) -> Path:
    """A small valid facts folder to which a test adds a file."""
    folder = tmp_path / "facts"
    folder.mkdir()
    shutil.copy(FIXTURES / "base" / "base.yaml", folder / "base.yaml")
    return folder


# Debian's Chromium, driven by playwright, which never downloads a browser of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the tests of a module."""
    chromium = need_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the project's facts, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("real") / "build"
    result = run_cli("build", "--facts", str(FACTS), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class Endpoint:
    """A `duikou serve` process on a free loopback port, as a user would start it."""

    def __init__(self, build: Path, *options: str, log: Path) -> None:
        self.log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", "--build", str(build), "--port", "0", *options],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.process.stdout is not None
        self.banner = self.process.stdout.readline()
        if "serving http://" not in self.banner:
            self.stop()
            pytest.fail(f"duikou serve did not start: {self.banner}{log.read_text(encoding='utf-8')}")
        self.base = self.banner.split()[1].rstrip("/")
        self.port = int(self.base.rsplit(":", 1)[1])
        self.sparql = self.base + "/sparql"

    def http(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None, timeout: float = 120) -> tuple[int, Any, bytes]:
        """Status, headers and body of a request to this server (path: /sparql?..., /status …)."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def query(self, sparql: str, accept: str = "application/sparql-results+json", timeout: float = 120) -> tuple[int, Any, bytes]:
        """POST a query as a form, as the SPARQL 1.1 Protocol allows."""
        body = urllib.parse.urlencode({"query": sparql}).encode()
        return self.http("/sparql", body, {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout)

    def processes(self) -> list[int]:
        """The server's descendant processes (its query workers and their fork server)."""
        found, todo = [], [self.process.pid]
        while todo:
            current = todo.pop()
            for task in Path(f"/proc/{current}/task").glob("*"):
                try:
                    children = [int(c) for c in (task / "children").read_text().split()]
                except OSError:
                    # The thread or process ended between listing and reading: it has no children now.
                    continue
                found += children
                todo += children
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


def build_manifest(folder: Path) -> dict[str, str]:
    """What a build folder holds, for telling two builds apart: the SHA-256 of every file, but
    the query store by its content (its database files differ from build to build), and not the
    cache (a build that fails still caches the files it read; entries are checked when read)."""
    import hashlib

    from graph.sparql.store import STORE_NAME, open_store

    manifest = {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).parts[0] not in (STORE_NAME, ".cache")
    }
    if (folder / STORE_NAME).exists():
        store = open_store(folder)  # fails on a store that is not complete
        quads = "\n".join(sorted(str(quad) for quad in store))
        manifest[STORE_NAME + "/"] = hashlib.sha256(quads.encode("utf-8")).hexdigest()
        del store
    return manifest
