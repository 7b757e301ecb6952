"""Shared fixtures: paths, a runner for the CLI, and folders of facts made for a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
