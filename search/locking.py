"""The index write lock: Whoosh's own flock file, taken once for a whole update.

Holding Whoosh's lock (not one of our own) means a Whoosh writer opened anywhere else waits for
us too, and a flock dies with its process, so a killed indexer never leaves the index locked.
The lock file itself is never deleted: another process may be waiting on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import LockBase, try_for

from .errors import IndexBusy, IndexUnavailable, os_reason

WRITE_LOCK_NAME = "MAIN_WRITELOCK"
"""Whoosh's own lock file for the default index name: the one `ix.writer()` takes."""
UNKNOWN_HOLDER = "another corpus-tui process"


def acquire_lock(
    index_dir: Path, lock_wait: float, notice: Callable[[str], None] | None
) -> LockBase:
    """Take Whoosh's write lock, waiting (with one notice naming the holder) up to `lock_wait` s."""
    lock = FileStorage(str(index_dir)).lock(WRITE_LOCK_NAME)
    try:
        if lock.acquire():
            return lock
        holder = lock_holder(index_dir / WRITE_LOCK_NAME)
        if notice is not None and lock_wait > 0:
            notice(f"the index is busy ({holder} is writing it); waiting up to {lock_wait:g}s")
        if lock_wait > 0 and try_for(lock.acquire, timeout=lock_wait, delay=0.25):
            return lock
    except OSError as error:
        raise IndexUnavailable(
            f"cannot lock the index in {index_dir}: {os_reason(error)}"
        ) from error
    raise IndexBusy(
        f"the index is busy: {lock_holder(index_dir / WRITE_LOCK_NAME)} is writing it; "
        "try again when it ends"
    )


def lock_holder(lock_path: Path) -> str:
    """Who holds the flock on `lock_path`, from /proc/locks (Linux), for a useful busy message."""
    try:
        inode = lock_path.stat().st_ino
        lines = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return UNKNOWN_HOLDER
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF": the pid, then major:minor:inode.
        parts = line.split()
        if len(parts) < 6 or parts[1] != "FLOCK":
            continue
        if parts[5].rsplit(":", 1)[-1] == str(inode):
            return _describe_process(parts[4])
    return UNKNOWN_HOLDER


def _describe_process(pid: str) -> str:
    """'process 1234 (corpus-tui index)', or just the pid when its command line is unreadable."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [" ".join(w.decode("utf-8", "replace").split()) for w in raw.split(b"\0") if w]
    shown = " ".join(Path(w).name if i == 0 else w for i, w in enumerate(words[:6]))
    if len(shown) > 80:
        shown = shown[:79] + "…"
    return f"process {pid} ({shown})" if shown else f"process {pid}"
