"""Noticing, while the app is open, that corpus files were added, removed or changed.

Two checks of different cost. Every tick, the folders' modification times: one stat per
folder, whatever the number of files, and any file added, removed or renamed into place (as
editors save) changes its folder's. A file rewritten in place changes only its own stat, so now
and then the full staleness check stats every file too; it runs at most once every
FULL_CHECK_SHARE times its own duration (about a tenth of one core), and every tick on a
corpus small enough for it to be cheap.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FULL_CHECK_SHARE = 10
"""The full check waits this many times its last duration before running again."""
MIN_FULL_INTERVAL = 1.0
"""Seconds between full checks on a small corpus."""


def folder_stamps(root: Path) -> dict[str, int]:
    """Modification time of every folder of the corpus (hidden ones skipped, as the walk does;
    symlinked folders are not followed). A single-file corpus is that file's own stamp."""
    stamps: dict[str, int] = {}
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            stamps[folder] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
        except OSError:
            stamps[folder] = -1  # gone or unreadable: compared like any other stamp
    return stamps


def _restat(stamps: dict[str, int]) -> dict[str, int] | None:
    """The same folders' times now; None when one is gone (then the caller lists them again)."""
    fresh: dict[str, int] = {}
    for folder in stamps:
        try:
            fresh[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            return None
    return fresh


@dataclass(frozen=True)
class CorpusChange:
    """A change the watch saw. `folders`: the folders whose files were added, removed or renamed
    (relative to the corpus, "" for its top), which an update may limit itself to; None when
    the change may be anywhere (a file rewritten in place, a folder added or removed)."""

    folders: tuple[str, ...] | None


class CorpusWatch:
    """Answers "did the corpus change?" cheaply enough to ask every second or two.

    `is_stale` is the full check (the engine's: stat every file against the manifest).
    """

    def __init__(
        self,
        root: Path,
        is_stale: Callable[[], bool],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._root = root
        self._is_stale = is_stale
        self._clock = clock
        self._stamps: dict[str, int] | None = None
        self._next_full = 0.0

    def change(self) -> CorpusChange | None:
        """What changed since the index was last updated (or, for the folder check, since the
        previous call), or None when nothing did."""
        folders = self._changed_folders()
        if folders is not None:
            return CorpusChange(folders or None)
        now = self._clock()
        if now < self._next_full:
            return None
        stale = self._is_stale()
        took = self._clock() - now
        self._next_full = now + max(MIN_FULL_INTERVAL, FULL_CHECK_SHARE * took)
        return CorpusChange(None) if stale else None

    def _changed_folders(self) -> tuple[str, ...] | None:
        """The folders (relative to the root, "" for the root itself) whose entries changed
        since the previous call; () when a folder came or went (the change may be anywhere
        below it); None when none changed."""
        if not self._root.is_dir():
            return None  # a single-file corpus: the full check stats that one file
        previous = self._stamps
        current = _restat(previous) if previous is not None else None
        if current is None or current != previous:
            current = folder_stamps(self._root)
        self._stamps = current
        if previous is None or current == previous:
            return None
        if current.keys() != previous.keys():
            return ()
        root = str(self._root)
        changed = (os.path.relpath(f, root) for f, stamp in current.items() if previous[f] != stamp)
        return tuple("" if rel == "." else rel.replace(os.sep, "/") for rel in changed)
