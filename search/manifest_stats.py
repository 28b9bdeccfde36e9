"""A compact copy of the manifest's (path, size, mtime) triples, for the staleness check.

Every headless command first checks that the index is not stale. At 100,000 files, parsing the
JSON manifest for that takes most of a second; this sidecar, rewritten by every manifest save,
loads with `marshal` in a few dozen milliseconds. It names the manifest and journal it was
written with (inode, size and mtime; journal length): when they no longer match (a save cut
short, an index written by an older version) it is not used and the manifest is parsed as before,
so an index without one keeps working and gets one with its next update.

The paths are kept in the order `walk_corpus` yields them, so the check compares the walk with
the lists position by position, without building a table of 100,000 paths.
"""

from __future__ import annotations

import bisect
import contextlib
import marshal
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .corpus_walk import walk_order

STATS_NAME = "corpus-tui-manifest.stats"
_FORMAT = 1
"""Raised whenever the layout of the sidecar changes: a sidecar of another format is ignored."""


@dataclass(frozen=True)
class FileStats:
    """Each recorded file's path, size and mtime_ns, as parallel lists in walk order."""

    rels: list[str]
    sizes: list[int]
    mtimes: list[int]

    @classmethod
    def of(cls, stats: Iterable[tuple[str, int, int]]) -> FileStats:
        """The stats of (path, size, mtime_ns) triples, put in walk order."""
        ordered = sorted(stats, key=lambda item: walk_order(item[0]))
        return cls(
            [rel for rel, _, _ in ordered],
            [size for _, size, _ in ordered],
            [mtime for _, _, mtime in ordered],
        )

    def __len__(self) -> int:
        return len(self.rels)

    def patched(
        self, touched: Iterable[str], stat_of: Callable[[str], tuple[int, int] | None]
    ) -> FileStats:
        """These stats with the `touched` paths set to `stat_of(path)` ((size, mtime_ns), or
        None for a path no longer recorded): a small update's sidecar without sorting 100,000
        paths again. The lists are changed in place."""
        rels, sizes, mtimes = self.rels, self.sizes, self.mtimes
        for rel in touched:
            at = bisect.bisect_left(rels, walk_order(rel), key=walk_order)
            present = at < len(rels) and rels[at] == rel
            stat = stat_of(rel)
            if stat is None:
                if present:
                    del rels[at], sizes[at], mtimes[at]
            elif present:
                sizes[at], mtimes[at] = stat
            else:
                rels.insert(at, rel)
                sizes.insert(at, stat[0])
                mtimes.insert(at, stat[1])
        return self

    def as_dict(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) by path, for comparing files met out of order."""
        return dict(zip(self.rels, zip(self.sizes, self.mtimes, strict=True), strict=True))


def _written_with(manifest: Path, journal: Path) -> tuple[int, int, int, int] | None:
    """What identifies the manifest and journal as they are now, or None when unknowable."""
    try:
        info = os.stat(manifest)
    except OSError:
        return None
    try:
        journal_size = os.stat(journal).st_size
    except FileNotFoundError:
        journal_size = 0
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, journal_size)


def write_stats(sidecar: Path, manifest: Path, journal: Path, stats: FileStats) -> None:
    """Write the sidecar for the manifest and journal as they are on disk now.

    Best effort: the sidecar only saves time, so a failure to write it must not fail the
    update whose manifest is already safe; an old sidecar left behind names an older
    manifest and is ignored.
    """
    key = _written_with(manifest, journal)
    temporary = sidecar.with_name(sidecar.name + ".tmp")
    try:
        if key is None:
            sidecar.unlink(missing_ok=True)
            return
        temporary.write_bytes(marshal.dumps((_FORMAT, key, stats.rels, stats.sizes, stats.mtimes)))
        os.replace(temporary, sidecar)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def read_stats(sidecar: Path, manifest: Path, journal: Path) -> FileStats | None:
    """The stats in the sidecar when it was written for this manifest and journal, else None."""
    try:
        data = marshal.loads(sidecar.read_bytes())
        fmt, key, rels, sizes, mtimes = data
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if fmt != _FORMAT or key != _written_with(manifest, journal):
        return None
    lists = (rels, sizes, mtimes)
    if not all(isinstance(items, list) for items in lists) or len({len(x) for x in lists}) != 1:
        return None
    return FileStats(rels, sizes, mtimes)
