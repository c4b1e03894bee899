"""Writers for results: every output file is written atomically.

A temporary file is written in the target folder and renamed onto the target only when complete,
so an interrupted run leaves either the old file or the new one, never half of one. A failed write
(a full disk) deletes its temporary file; one killed outright cannot, so the temporary file's name
carries the writer's process id and the next write of the same file deletes it when that process
has ended.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

__all__ = ["atomic_write", "folder_lock", "write_table", "write_jsonl"]

_UMASK = os.umask(0)
os.umask(_UMASK)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell cheaply: keep the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _remove_leftovers(path: Path) -> list[Path]:
    """Temporary files of earlier writes of ``path`` (``.NAME.PID-XXXX.tmp``) whose process has ended."""
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


@contextlib.contextmanager
def folder_lock(lock_path: Path, refuse: Callable[[], Exception]):
    """Hold ``lock_path`` for a run, or raise ``refuse()`` at once if another process holds it.

    The lock is the operating system's (``filelock``: ``flock``, on Windows ``msvcrt.locking``): it
    dies with its process, so a killed run leaves no stale lock (the file may stay; nobody holds it).
    """
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise refuse() from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)``, then rename the temporary file onto ``path``.

    The temporary file is deleted if ``write`` fails (an ``OSError`` such as a full disk is
    raised as it is); leftovers of killed earlier writes of ``path`` are deleted first.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(path)
    tmp = None
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp")
        os.close(handle)
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; results are for sharing
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno and (exc.filename is None or str(exc.filename).endswith(".tmp")):
            # a full disk, or an output that is a folder: name the output, not its temporary file
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    return path


def write_table(data: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as CSV (UTF-8, ``\\n`` line ends, floats to 6 significant digits)."""
    return atomic_write(path, lambda tmp: data.to_csv(tmp, index=False, float_format="%.6g",
                                                      lineterminator="\n", encoding="utf-8"))


def write_jsonl(records: Iterable[dict], path: str | Path) -> Path:
    """Write one JSON object per line (UTF-8, non-ASCII kept as is)."""
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False))
                out.write("\n")
    return atomic_write(path, write)
