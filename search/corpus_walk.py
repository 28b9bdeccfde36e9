"""Finding article files in a corpus: a walk in a stable order, one `SourceFile` or
`SkippedFile` (with its one-line reason) per entry.

Kept apart from reading (`ingest.py`) because the staleness check walks every file of a corpus
before each headless command: the walk takes each entry's kind from the directory listing and
tests the suffix before it stats anything, so only article files cost a system call.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import EngineError
from .ingest import SUPPORTED_ENDINGS, SUPPORTED_SUFFIXES, SourceFile, unsupported_reason
from .models import SkippedFile


def walk_corpus(root: Path) -> Iterator[SourceFile | SkippedFile]:
    """Every article file under `root`, in sorted order, plus a `SkippedFile` for each file refused.

    Hidden files and folders (".git", ".DS_Store") are ignored silently. Any other file whose suffix
    is not in SUPPORTED_SUFFIXES is reported as skipped ("unsupported file type .png"), so users see
    why a file was not indexed. A symlinked folder that points inside the corpus is not followed (its
    files are listed under their real path, and loops end there); one that points outside is followed,
    each real folder at most once. `root` may also be a single article file.
    """
    root = Path(root).expanduser()
    try:
        root_stat = root.stat()
    except OSError as error:
        raise EngineError(f"corpus not found or unreadable: {root} ({error.strerror})") from None
    root = root.absolute()
    if stat.S_ISDIR(root_stat.st_mode):
        real_root = os.path.realpath(root)
        yield from _walk_dir(root, "", _Visited(real_root, {real_root}))
    else:
        yield _classify(root, root.name, root_stat)


def walk_folder(root: Path, rel_dir: str) -> Iterator[SourceFile | SkippedFile]:
    """The article files directly in one folder of the corpus (`rel_dir`, "" for the root),
    not those of its subfolders, in walk order: what an update limited to the folders the app
    saw change reads (see `watch.py`)."""
    root = Path(root).expanduser().absolute()
    real_root = os.path.realpath(root)
    folder = root / rel_dir if rel_dir else root
    yield from _walk_dir(folder, rel_dir, _Visited(real_root, {real_root}), enter=False)


def walk_order(rel: str) -> list[str]:
    """The sort key that puts paths in the order `walk_corpus` yields them: each folder's entries
    by name, a folder's files together (so "a/b" comes before "a-b", unlike plain sorting)."""
    return rel.split("/")


def _classify(path: Path | str, rel: str, info: os.stat_result) -> SourceFile | SkippedFile:
    if not stat.S_ISREG(info.st_mode):
        return SkippedFile(path=rel, reason="not a regular file")
    name = os.path.basename(path)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return SkippedFile(path=rel, reason=unsupported_reason(name))
    return SourceFile(path, rel, info.st_size, info.st_mtime_ns)


@dataclass
class _Visited:
    """The corpus's real path and every real folder walked so far."""

    root: str
    folders: set[str]

    def should_enter(self, path: Path, is_symlink: bool) -> bool:
        real = os.path.realpath(path)
        inside = real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)
        if (is_symlink and inside) or real in self.folders:
            return False
        self.folders.add(real)
        return True


def _walk_dir(
    directory: Path, rel_dir: str, visited: _Visited, enter: bool = True
) -> Iterator[SourceFile | SkippedFile]:
    """The files under one folder, sorted by name (with `enter` False, only those directly in
    it: its subfolders, and symlinks to folders, are passed over).

    Every staleness check walks the whole corpus, so the common entries take a short path: the
    kind of a plain file or folder comes from the listing itself (no system call), a file's
    suffix is tested before it is stat-ed, and only article files are stat-ed, for their size
    and mtime. Symlinks take the long path (stat through the link) and end up where the long
    path put them.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield SkippedFile(path=rel_dir or ".", reason=f"unreadable folder: {error.strerror}")
        return
    prefix = f"{rel_dir}/" if rel_dir else ""
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = prefix + name
        try:
            if entry.is_file(follow_symlinks=False):  # not a symlink: those come below
                if name.lower().endswith(SUPPORTED_ENDINGS):
                    info = entry.stat(follow_symlinks=False)
                    yield SourceFile(entry.path, rel, info.st_size, info.st_mtime_ns)
                else:
                    yield SkippedFile(path=rel, reason=unsupported_reason(name))
            elif entry.is_dir(follow_symlinks=False):
                path = directory / name
                if enter and visited.should_enter(path, False):
                    yield from _walk_dir(path, rel, visited)
            elif entry.is_symlink():
                yield from _walk_link(entry, directory, rel, visited, enter)
            else:
                yield SkippedFile(path=rel, reason="not a regular file")
        except OSError as error:  # gone or unreadable since the folder was listed
            yield SkippedFile(path=rel, reason=f"unreadable: {error.strerror}")


def _walk_link(
    entry: os.DirEntry[str], directory: Path, rel: str, visited: _Visited, enter: bool = True
) -> Iterator[SourceFile | SkippedFile]:
    """What a symlink stands for: its target's files, its target file, or why it is skipped."""
    try:
        info = entry.stat()  # follows the link
    except OSError:
        yield SkippedFile(path=rel, reason="broken symlink")
        return
    if stat.S_ISDIR(info.st_mode):
        path = directory / entry.name
        if enter and visited.should_enter(path, True):
            yield from _walk_dir(path, rel, visited)
    else:
        yield _classify(entry.path, rel, info)


# --- reading ------------------------------------------------------------------------------------
