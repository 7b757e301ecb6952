"""The query editor in real headless Chromium, loaded from a running `duikou serve`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import load
from graph.sparql.querylib import example_queries

from conftest import CHROMIUM_ARGS, FACTS, Endpoint, need_program, run_cli


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    out = tmp_path_factory.mktemp("editor") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    server = Endpoint(out, "--max-rows", "20", log=out.parent / "serve.log")
    yield server
    server.stop()


@pytest.fixture
def page(endpoint: Endpoint, tmp_path: Path) -> Iterator[Any]:
    need_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page()
        requested.clear()
        errors.clear()
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(endpoint.base + "/")
        page.wait_for_selector("#example[data-loaded]")
        yield page
        page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
        browser.close()


# Every URL the page requested, and every script error, in the current test.
requested: list[str] = []
errors: list[str] = []


def test_pick_an_example_run_it_and_see_its_rows(endpoint: Endpoint, page: Any) -> None:
    name = "firms-investing-in-sanming"
    example = example_queries()[name]
    assert page.locator("#example option").count() == len(example_queries()) + 1
    page.select_option("#example", name)
    assert page.input_value("#query") == example.text
    assert page.text_content("#question") == example.question
    page.click("#run")
    page.wait_for_selector("#results table")
    expected = load(FACTS).query(example.text, dataframe=False)
    headers = [h.text_content() for h in page.locator("#results th").all()]
    assert headers == list(expected[0])
    assert page.locator("#results tbody tr").count() == len(expected)
    firm_names = page.locator("#results tbody tr td:nth-child(2)").all_text_contents()
    assert firm_names == [row["firmName"] for row in expected]
    assert page.text_content("#status").startswith(f"{len(expected)} rows")
    assert all(url.startswith(endpoint.base + "/") for url in requested), requested
    assert not errors


def test_values_are_shown_as_text_and_limits_are_reported(endpoint: Endpoint, page: Any) -> None:
    markup = '<img src=x onerror="document.title=1">'
    page.fill("#query", f"SELECT ?value WHERE {{ VALUES ?value {{ '{markup}' }} }}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results table")
    assert page.locator("#results td").first.text_content() == markup
    assert page.locator("#results img").count() == 0
    page.fill("#query", "SELECT * WHERE { ?s ?p ?o }")
    page.click("#run")
    # A locator that waits, not wait_for_function: the page's CSP forbids evaluating strings.
    from playwright.sync_api import expect

    expect(page.locator("#results tbody tr")).to_have_count(20)
    assert "cut at 20 rows" in page.text_content("#status")
    page.fill("#query", "SELEC nothing")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400" in page.text_content("#status") and "malformed query" in page.text_content("#results")
    assert all(url.startswith(endpoint.base + "/") for url in requested), requested
    assert not errors
