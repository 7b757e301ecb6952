"""The query editor (YASGUI) in real headless Chromium, loaded from a running `duikou serve`:
the examples are tabs, a query's rows are shown, a result IRI opens the entity's page on the
same server, values are text, errors are shown in place, and no request leaves the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import load
from graph.sparql.querylib import example_queries
from graph.sparql.serve import YASGUI_DIR

from conftest import FACTS, ROOT, UNDER_CI, Endpoint, run_cli

SCREENSHOTS = ROOT / "build" / "screenshots"
ACTIVE = ".tabPanel.active"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    if not (YASGUI_DIR / "yasgui.min.js").is_file():
        message = f"{YASGUI_DIR} is missing: setup.sh installs YASGUI with npm ci"
        pytest.fail(message) if UNDER_CI else pytest.skip(message)
    out = tmp_path_factory.mktemp("editor") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    server = Endpoint(out, "--max-rows", "20", log=out.parent / "serve.log")
    yield server
    server.stop()


class Editor:
    """A tab on the editor that records requests, console errors and page errors."""

    def __init__(self, browser: Any, endpoint: Endpoint) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requested.append(request.url))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(endpoint.base + "/")
        self.page.wait_for_selector("body[data-ready=true]", state="attached")
        self.base = endpoint.base

    def run(self, text: str | None = None) -> None:
        if text is not None:
            self.page.evaluate("(text) => window.duikouEditor.getTab().getYasqe().setValue(text)", text)
        self.page.locator(f"{ACTIVE} .yasqe_queryButton").click()

    def assert_clean(self) -> None:
        assert all(url.startswith(self.base + "/") or url.startswith("data:") for url in self.requested), self.requested
        assert self.errors == [], self.errors


@pytest.fixture
def editor(browser: Any, endpoint: Endpoint) -> Iterator[Editor]:
    opened = Editor(browser, endpoint)
    yield opened
    opened.page.close()


def test_the_examples_are_tabs_with_their_titles(editor: Editor) -> None:
    titles = [q.title for q in example_queries().values()]
    assert editor.page.locator(".tabsList .tab span").all_text_contents() == titles
    editor.assert_clean()


def test_run_an_example_see_its_rows_and_follow_a_result_to_its_page(editor: Editor) -> None:
    example = example_queries()["firms-investing-in-sanming"]
    page = editor.page
    page.get_by_role("tab", name=example.title).click()
    assert example.text.splitlines()[-1] in page.evaluate("() => window.duikouEditor.getTab().getYasqe().getValue()")
    editor.run()
    page.wait_for_selector(f"{ACTIVE} .yasr tbody tr")
    expected = load(FACTS).query(example.text, dataframe=False)
    assert page.locator(f"{ACTIVE} .yasr tbody tr").count() == len(expected) > 0
    headers = [h.strip() for h in page.locator(f"{ACTIVE} .yasr thead th").all_text_contents()][1:]
    assert headers == list(expected[0])
    firm = expected[0]["firm"][len("https://w3id.org/duikou/id/") :]
    link = page.locator(f'{ACTIVE} .yasr a[href="/id/{firm}"]').first
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "editor.png"))
    # A click as a reader makes it; YASR's cell layout lays a span over part of the link.
    link.dispatch_event("click")
    page.wait_for_url(f"{editor.base}/id/{firm}")
    assert page.text_content("#iri") == f"https://w3id.org/duikou/id/{firm}"
    editor.assert_clean()


def test_values_are_text_and_errors_are_shown_in_place(editor: Editor) -> None:
    page = editor.page
    markup = '<img src=x onerror="document.title=1">'
    editor.run(f"SELECT ?value WHERE {{ VALUES ?value {{ '{markup}' }} }}")
    page.wait_for_selector(f"{ACTIVE} .yasr tbody tr")
    assert markup in page.locator(f"{ACTIVE} .yasr tbody td").nth(1).text_content()
    assert page.locator(f"{ACTIVE} .yasr tbody img").count() == 0 and page.title() != "1"
    editor.run("SELECT * WHERE { ?s ?p ?o }")
    page.wait_for_selector(f"{ACTIVE} .yasr tbody tr")
    assert page.locator(f"{ACTIVE} .yasr tbody tr").count() == 20  # the server's --max-rows
    editor.errors.clear()
    editor.run("SELECT ?x WHERE { ?x ?y }")
    page.wait_for_selector(f"{ACTIVE} .yasr .errorResult")
    assert "malformed query" in page.locator(f"{ACTIVE} .yasr .errorResult").text_content()
    # The browser logs the 400 itself; nothing else may fail.
    assert all("400" in error for error in editor.errors), editor.errors
    editor.errors.clear()
    editor.assert_clean()


def test_the_editor_is_served_from_the_build_and_npm_not_a_cdn(endpoint: Endpoint) -> None:
    status, headers, page = endpoint.http("/")
    assert status == 200 and b"/yasgui/yasgui.min.js" in page and b"//cdn" not in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for asset in ("/yasgui/yasgui.min.js", "/yasgui/yasgui.min.css"):
        status, _, body = endpoint.http(asset)
        assert status == 200 and body == (YASGUI_DIR / Path(asset).name).read_bytes()
