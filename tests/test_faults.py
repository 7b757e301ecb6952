"""Faults during `duikou build`: kills and I/O errors never leave a mixed build/ behind.

`build/` must always hold either the complete previous build or the complete new one, byte
for byte (compared as a manifest of names and SHA-256 hashes). Three kinds of fault:

- SIGKILL at seeded random moments of a build big enough to take a while;
- SIGKILL on entering each file-system call of the output phase, injected with strace, so
  that every step of the swap is covered deterministically;
- I/O errors (disk full, failing fsync, no permission) injected the same way.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from graph.build.atomic import write_file_atomically

from conftest import FIXTURES, ROOT, build_manifest, need_program

# The calls that change the file system while outputs are written and swapped in.
MUTATING_CALLS = ("mkdir", "write", "fsync", "fdatasync", "ftruncate", "link", "linkat", "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir")
# Killing at every call would take minutes: every call near the swap is a kill point, and
# others are spread evenly before it (the outputs and the store being written) and after it
# (the old build being removed).
NEAR_SWAP = 8
SPREAD_BEFORE = 20
SPREAD_AFTER = 6
KILLS = 24
SEED = 20240509
FOREIGN = "bench-1000.json"  # written by another command; every build must carry it over


def command(facts: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "build", "--facts", str(facts), "--out", str(out), *options]


# Builds killed at a counted call read every file (--no-cache): with the cache, which files a
# run reads would depend on what earlier, killed runs had cached, and so would the calls it
# makes. Cache entries are written before anything is staged, outside the outputs, and a
# damaged one is refused by its digest (tests/test_scale.py).
COUNTED = ("--no-cache",)


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}




def write_facts(folder: Path, entries: int, variant: str) -> Path:
    """The base facts plus ``entries`` generated firms whose labels depend on ``variant``."""
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "base" / "base.yaml", folder / "base.yaml")
    body = "".join(
        f"  - id: firm-{i}\n    type: Firm\n    name: {{zh: 企业{i}{variant}, en: Firm {i} {variant}}}\n"
        f"    located_in: sanming\n    sources: [src-test]\n"
        for i in range(entries)
    )
    (folder / "firms.yaml").write_text("entries:\n" + body, encoding="utf-8")
    return folder


class Builds:
    """Two fact sets, the manifests of their complete builds, and a live build/ to attack."""

    def __init__(self, root: Path, entries: int) -> None:
        self.root = root
        self.facts = {"old": write_facts(root / "old", entries, "old"), "new": write_facts(root / "new", entries, "new")}
        self.out = root / "build"
        self.manifests: dict[str, dict[str, str]] = {}
        for name in ("new", "old"):  # old last: build/ starts as the old build
            self.build(name)
            self.manifests[name] = build_manifest(self.out)
        assert self.manifests["old"] != self.manifests["new"]
        assert FOREIGN in self.manifests["old"] and FOREIGN in self.manifests["new"]

    def build(self, name: str) -> None:
        result = subprocess.run(command(self.facts[name], self.out), capture_output=True, text=True, env=environment(), timeout=600)
        assert result.returncode == 0, result.stderr
        if not (self.out / FOREIGN).exists():
            (self.out / FOREIGN).write_text('{"written by": "another command"}\n', encoding="utf-8")

    def state(self) -> str:
        """Which complete build build/ holds; fails on anything else."""
        assert self.out.is_dir(), "build/ is missing"
        current = build_manifest(self.out)
        for name, expected in self.manifests.items():
            if current == expected:
                return name
        pytest.fail(f"build/ is neither the old nor the new build: {sorted(current)}")

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.name.startswith(".build"))


def test_random_sigkills_leave_the_old_or_the_new_build(tmp_path: Path) -> None:
    builds = Builds(tmp_path, entries=3000)
    started = time.monotonic()
    builds.build("new")
    full = time.monotonic() - started
    builds.build("old")
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for attempt in range(KILLS):
        before = builds.state()
        target = "new" if before == "old" else "old"
        # Spread over the whole run; every third kill aims at its end (within 15%), where the
        # outputs are written and swapped in.
        delay = full * (rng.uniform(0.85, 1.15) if attempt % 3 == 0 else rng.uniform(0.0, 1.0))
        process = subprocess.Popen(command(builds.facts[target], builds.out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment())
        time.sleep(delay)
        alive = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = builds.state()
        outcomes[("killed, " if alive else "finished, ") + ("kept the old build" if after == before else "holds the new build")] += 1
    print(f"\n{KILLS} kills over a {full:.2f} s build: {dict(outcomes)}")
    assert sum(count for outcome, count in outcomes.items() if outcome.startswith("killed")) > 0
    # A later build clears what killed ones left and stands on its own.
    builds.build("new")
    assert builds.state() == "new"
    assert builds.leftovers() == []


# strace follows the main thread only (no -f): the query store's background threads write
# too, in an order that varies from run to run, and strace counts calls per thread.
def traced_calls(strace: str, builds: Builds, target: str, tmp_path: Path) -> list[str]:
    """The mutating system calls the build's main thread makes, in order."""
    log = tmp_path / "calls.log"
    subprocess.run(
        [strace, "-qq", "-o", str(log), "-e", "trace=" + ",".join(MUTATING_CALLS), *command(builds.facts[target], builds.out, *COUNTED)],
        check=True, capture_output=True, env=environment(), timeout=600,
    )
    calls = []
    for line in log.read_text(encoding="utf-8").splitlines():
        name = line.split("(", 1)[0]
        if name in MUTATING_CALLS:
            calls.append(name)
    return calls


def inject(strace: str, builds: Builds, target: str, *rules: str) -> subprocess.CompletedProcess[str]:
    names = sorted({rule.split(":", 1)[0] for rule in rules})
    arguments = [strace, "-qq", "-o", os.devnull, "-e", "trace=" + ",".join(names)]
    for rule in rules:
        arguments += ["-e", "inject=" + rule]
    return subprocess.run([*arguments, *command(builds.facts[target], builds.out, *COUNTED)], capture_output=True, text=True, env=environment(), timeout=600)


def test_a_kill_at_each_step_of_writing_and_swapping(tmp_path: Path) -> None:
    strace = need_program("strace")
    builds = Builds(tmp_path, entries=20)
    builds.build("old")
    calls = traced_calls(strace, builds, "new", tmp_path)
    builds.build("old")
    assert "renameat2" in calls, calls
    swap = calls.index("renameat2")
    near = range(max(0, swap - NEAR_SWAP), min(len(calls), swap + NEAR_SWAP))
    before = {round(i * near.start / SPREAD_BEFORE) for i in range(SPREAD_BEFORE)}
    after = {near.stop + round(i * (len(calls) - 1 - near.stop) / SPREAD_AFTER) for i in range(SPREAD_AFTER + 1)} if near.stop < len(calls) else set()
    points = before | set(near) | after
    seen: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    for index, call in enumerate(calls):
        seen[call] += 1
        if index not in points:
            continue
        killed[call] += 1
        result = inject(strace, builds, "new", f"{call}:signal=KILL:when={seen[call]}")
        assert result.returncode != 0, f"the build was not killed at {call} #{seen[call]}"
        # Killed on entering the call, before it ran: up to and including the exchange itself,
        # build/ is still the old build; after it, the new one.
        expected = "old" if index <= swap else "new"
        assert builds.state() == expected, f"killed at {call} #{seen[call]} (call {index + 1} of {len(calls)})"
        # What a killed build leaves is cleared by the next one; clear it here so that every
        # run makes the same calls as the traced one.
        for leftover in builds.leftovers():
            shutil.rmtree(tmp_path / leftover)
        if expected == "new":
            builds.build("old")
    print(f"\nkilled at {len(points)} of {len(calls)} calls ({swap} before the swap): {dict(killed)}")


@pytest.mark.parametrize(
    "rule",
    [
        "write:error=ENOSPC:when=1",  # disk full on the first output
        "write:error=ENOSPC:when=3",
        "fsync:error=EIO:when=2",
        "mkdir:error=EACCES:when=2",  # the staging folder cannot be made
        "fdatasync:error=EIO:when=1",  # the query store cannot be written
        "link:error=EPERM",  # carrying a foreign file over
    ],
)
def test_an_io_error_fails_cleanly_and_keeps_the_old_build(rule: str, tmp_path: Path) -> None:
    strace = need_program("strace")
    builds = Builds(tmp_path, entries=20)
    result = inject(strace, builds, "new", rule)
    output = result.stdout + result.stderr
    if rule.startswith("link:"):
        # A foreign file that cannot be linked is copied instead: the build succeeds.
        assert result.returncode == 0, output
        assert builds.state() == "new"
        return
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    assert "could not write" in result.stderr and "left as it was" in result.stderr
    assert builds.state() == "old"
    assert builds.leftovers() == []


def test_without_an_atomic_exchange_a_kill_loses_nothing(tmp_path: Path) -> None:
    """Where renameat2 is missing (ENOSYS), two renames are used; a kill between them leaves
    the old build complete beside the empty name, and the next build puts it back first."""
    strace = need_program("strace")
    builds = Builds(tmp_path, entries=20)
    calls = traced_calls(strace, builds, "new", tmp_path)
    builds.build("old")
    # The query store renames files of its own before the swap; the fallback's are after them.
    second_rename = calls[: calls.index("renameat2")].count("rename") + 2
    result = inject(strace, builds, "new", "renameat2:error=ENOSYS")
    assert result.returncode == 0, result.stderr
    assert builds.state() == "new"
    builds.build("old")
    result = inject(strace, builds, "new", "renameat2:error=ENOSYS", f"rename:signal=KILL:when={second_rename}")
    assert result.returncode != 0
    assert not builds.out.exists()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".build.old-")]
    assert len(kept) == 1 and build_manifest(kept[0]) == builds.manifests["old"]
    # The next build puts the old folder back before anything else; this one then fails on a
    # full disk, so what is left is exactly what it put back.
    result = inject(strace, builds, "new", "write:error=ENOSPC:when=1")
    assert result.returncode == 2, result.stderr
    assert builds.state() == "old"
    assert builds.leftovers() == []
    builds.build("new")
    assert builds.state() == "new"
    assert builds.leftovers() == []


def test_a_file_written_atomically_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        page = tmp_path / "map.html"
        write_file_atomically(page, b"<!doctype html>")
        # Readable by others, as a page written with open() is: a web server can serve it.
        assert page.stat().st_mode & 0o777 == 0o644
        page.chmod(0o640)
        write_file_atomically(page, b"<!doctype html>\n")
        assert page.stat().st_mode & 0o777 == 0o640  # a file replaced keeps its mode
        assert page.read_bytes() == b"<!doctype html>\n"
        assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left
    finally:
        os.umask(umask)
