"""Child processes measured as a user would see them: wall time, and the peak resident memory
of the whole process tree (worker processes included), sampled from /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

SAMPLE_SECONDS = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE")
_MIB = 2**20


@dataclass
class Measured:
    """One child process: wall seconds, peak memory of its process tree, and what it printed."""

    seconds: float
    peak_mib: float  # the sampled tree peak, or the child's own peak if that was higher
    sampled_mib: float  # the peak of the whole tree as sampled from /proc
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root``, its descendants and the rest of its session, now.

    The session catches workers whose parent ended before them (they are re-parented away
    from the tree); ``root`` was started as a session leader.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    session: list[int] = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # it ended between listing and reading
            continue
        # The command name is in parentheses and may hold spaces: fields start after the last ')'.
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * _PAGE
        if int(fields[3]) == root:
            session.append(pid)
    seen: set[int] = set()
    todo = [root, *session]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, ()))
    return sum(rss.get(pid, 0) for pid in seen)


class _Sampler(threading.Thread):
    """Samples the resident memory of a process tree until stopped; keeps the peak."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _tree_rss(self.root))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


class Child:
    """A child process in a session of its own, with its process tree's memory sampled."""

    def __init__(self, command: Sequence[str], pipe_stdout: bool = False) -> None:
        # Files rather than pipes: a child that writes much cannot block on a full pipe. They
        # live as long as the child and are closed in wait().
        self._stdout: IO[bytes] | None = None if pipe_stdout else tempfile.TemporaryFile()  # noqa: SIM115
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdout else self._stdout,
            stderr=self._stderr,
            start_new_session=True,  # its workers can be stopped with it, as one group
        )
        self.sampler = _Sampler(self.process.pid)
        self.sampler.start()

    def kill(self) -> None:
        """Stop the child and everything in its session. Only called before the child is
        reaped: until then its pid, and so its group's id, cannot belong to anyone else."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> Measured:
        timer = threading.Timer(timeout, self.kill) if timeout else None
        if timer:
            timer.start()
        try:
            os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
        except BaseException:  # interrupted: in a session of its own, the child did not see the ^C
            self.kill()
            os.waitpid(self.process.pid, 0)
            self.process.returncode = -signal.SIGKILL
            self.sampler.stop()
            raise
        finally:
            if timer:
                timer.cancel()
                timer.join()
        seconds = time.perf_counter() - self.started
        sampled = self.sampler.stop() / _MIB
        self.kill()  # anything it left behind in its session
        # wait4 gives the child's own peak (ru_maxrss), which sampling can miss when it is short.
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        out = ""
        if self._stdout is not None:
            self._stdout.seek(0)
            out = self._stdout.read().decode("utf-8", "replace")
            self._stdout.close()
        self._stderr.seek(0)
        err = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        return Measured(seconds, max(sampled, usage.ru_maxrss / 1024), sampled, self.process.returncode, out, err)


def measure(command: Sequence[str], timeout: float | None = None) -> Measured:
    """Run a command to its end; its wall time and the peak memory of its whole process tree."""
    return Child(command).wait(timeout)


def python_command(*args: str) -> list[str]:
    """A command running this Python, so children see the same packages."""
    return [sys.executable, *args]


class StepFailed(RuntimeError):
    """A measured step exited with an error, or could not be measured."""


def checked(name: str, measured: Measured) -> Measured:
    """``measured``, if its process succeeded; else StepFailed with the end of what it said."""
    if measured.returncode != 0:
        tail = "\n".join(measured.stderr.strip().splitlines()[-15:])
        raise StepFailed(f"{name} exited with {measured.returncode}:\n{tail}")
    return measured
