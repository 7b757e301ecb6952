"""The research notebooks run top to bottom in a real Jupyter kernel, and are committed without outputs."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# A cell may take this long; a notebook that hangs fails instead of blocking CI.
CELL_TIMEOUT = 300
# A script, style or image that the page would fetch from another host.
EXTERNAL_RESOURCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)
MACHINE_PATHS = ("/work/", "/tmp/", "/root/", "/home/")


def test_the_four_notebooks_are_there() -> None:
    topics = ("guided-tour", "network-analysis", "money-and-time", "sparql-cookbook")
    assert [any(topic in p.name for p in NOTEBOOKS) for topic in topics] == [True] * len(topics)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name} cell {cell.id} has outputs: clear them (README, Notebooks)"
            )
        assert not cell.metadata.get("execution"), f"{path.name} cell {cell.id} has execution timings"
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}, f"{path.name}: extra notebook metadata"
    text = path.read_text(encoding="utf-8")
    assert not any(machine in text for machine in MACHINE_PATHS), f"{path.name} names a machine path"
    assert json.loads(text)["nbformat"] == 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_states_no_numbers(path: Path) -> None:
    """Numbers about the facts are computed by cells, never typed into the prose."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"`[^`]*`", "", cell.source)  # code spans: file names, identifiers
        prose = re.sub(r"(?m)^#+ \d+\. ", "", prose)  # numbered recipe headings
        assert not re.search(r"\d", prose), f"{path.name} cell {cell.id}: {prose!r}"


@pytest.fixture(scope="module")
def kernel_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A kernel untouched by the user's IPython profile, Jupyter runtime files or matplotlib
    settings, so that notebooks run the same everywhere and write nothing to the home folder."""
    home = tmp_path_factory.mktemp("jupyter")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "MPLCONFIGDIR"):
            patch.setenv(name, str(home / name.lower()))
        patch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend renders the figures
        yield


@pytest.mark.usefixtures("kernel_environment")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_in_a_kernel(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},  # run from notebooks/, as a reader would
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name} failed:\n{error}")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)
    outputs = [output for cell in code for output in cell.outputs]
    stderr = [output.text for output in outputs if output.output_type == "stream" and output.name == "stderr"]
    assert not stderr, f"{path.name} wrote to stderr (warnings): {stderr}"
    shown = sum(cell.source.count("plt.show()") for cell in code)
    pictures = sum(1 for output in outputs if "image/png" in output.get("data", {}))
    assert pictures == shown, f"{path.name}: {shown} figures shown, {pictures} rendered"
    for cell in code:
        if "kg.view(" in cell.source:
            pages = [output["data"]["text/html"] for output in cell.outputs if "text/html" in output.get("data", {})]
            assert pages and all('<iframe sandbox="allow-scripts"' in page for page in pages), f"{path.name}: kg.view() showed no sandboxed page"
            inner = [html.unescape(page) for page in pages]
            assert not any(EXTERNAL_RESOURCE.search(page) for page in inner), f"{path.name}: kg.view() page loads a resource from outside"
