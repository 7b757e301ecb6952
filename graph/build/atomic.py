"""Replacing an output folder all at once, so that a failed or killed build loses nothing.

A build writes into a fresh sibling folder, then swaps it with the live one in a single
``renameat2(RENAME_EXCHANGE)`` call (Linux): at every instant the live folder holds either the
complete old build or the complete new one. Where that call is missing, two renames are used
instead; a crash between them leaves the live name empty for a moment, never a mix, and the
next build puts the old folder back before it starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False if the system cannot."""
    try:
        # The running program's own symbols include libc's; find_library would start a process.
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def write_file_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write one file via a temporary file in the same folder and a rename.

    ``durable`` syncs the data to disk before the rename. Files that can be made again
    (cache entries, generated facts) skip it: thousands of syncs would dominate their cost.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` with the mode a plain ``open`` would give it, or the mode
    ``path`` already has: mkstemp's private 0600 would make pages and exports unreadable to a
    web server or a colleague once renamed into place."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, flags, 0o666)  # the umask applies, as for open()
        except FileExistsError:
            continue
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, temporary
    raise FileExistsError(f"no free temporary name beside {path}")


@contextlib.contextmanager
def staged_folder(target: Path, owned: Iterable[str], moved: Iterable[str] = ()) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``target`` in one step.

    Files in ``target`` whose names are not in ``owned`` (benchmark results, screenshots,
    stores written by other commands) are carried over into the new folder. Names in
    ``moved`` (a cache of many files, checked when read) are moved over in one rename instead
    of being linked file by file, and are not flushed to disk: a crash may lose them.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    stage = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    # mkdtemp makes the folder private (0700); the build folder keeps the mode it had.
    stage.chmod(target.stat().st_mode & 0o7777 if target.is_dir() else 0o755)
    try:
        yield stage
        owned_names = set(owned)
        moved_names = set(moved)
        if target.is_dir():
            for child in target.iterdir():
                if child.name not in owned_names and not (stage / child.name).exists():
                    if child.name in moved_names:
                        os.rename(child, stage / child.name)
                    else:
                        _link_copy(child, stage / child.name)
        skipped = {stage / name for name in moved_names}
        for path in stage.rglob("*"):
            if path.is_file() and not skipped.intersection(path.parents):
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
        if target.exists() and _exchange(stage, target):
            shutil.rmtree(stage, ignore_errors=True)
        else:
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            if target.exists():
                os.rename(target, old)
            os.rename(stage, target)
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _link_copy(source: Path, destination: Path) -> None:
    """Carry a file or folder over by hard links where possible (cheap for big stores)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    if source.is_dir():
        shutil.copytree(source, destination, copy_function=link, symlinks=True)
    else:
        link(str(source), str(destination))


def _remove_leftovers(target: Path) -> None:
    """Staging folders of killed builds are garbage: the live folder never depends on them.

    The one exception: without an atomic exchange, a build killed between its two renames
    leaves the live name empty and the complete previous build under ``.<name>.old-<pid>``;
    that folder is put back.
    """
    if not target.exists():
        olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
        if olds:
            os.rename(olds[-1], target)
    for pattern in (f".{target.name}.new-*", f".{target.name}.old-*"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)
