"""What an update does, decided from a stat of the corpus and the manifest alone: which files
are new or changed (to read), which are gone (to delete), and which stay as they are.

An update may be limited to some folders (the ones the open app saw change, `watch.py`): then
only the files directly in those folders are listed, and every other record of the manifest is
taken as unchanged. A file rewritten in place elsewhere is left for the next whole check.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .corpus_walk import walk_corpus, walk_folder
from .errors import FolderRefused
from .ingest import SourceFile
from .manifest import FileRecord, Manifest
from .models import IngestWarning, SkippedFile


@dataclass
class CorpusScan:
    """The corpus as found on disk: readable candidates and files refused outright."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)
    folders: frozenset[str] | None = None
    """The folders whose own files were listed (relative, "" for the root); None: all of them."""


def folder_of(rel: str) -> str:
    """The folder a corpus path is directly in, relative to the corpus ("" for its root)."""
    return rel.rpartition("/")[0]


def checked_folders(root: Path, folders: Sequence[str]) -> frozenset[str] | None:
    """`folders` as paths relative to the corpus ("" for its root); None when one is no longer
    there (whatever was below it went with it, so the whole corpus is looked at). A path that
    does not name a folder inside the corpus is refused with a one-line reason."""
    base = Path(root).expanduser().absolute()
    found = set()
    gone = False
    for folder in folders:
        rel = _relative(base, folder.strip())
        parts = rel.split("/") if rel else []
        if rel is None or any(part in ("", ".", "..") for part in parts):
            raise FolderRefused(f"not a folder inside the corpus: {folder!r}")
        path = base / rel
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise FolderRefused(f"not a folder inside the corpus: {folder!r}")
        gone = gone or not path.is_dir()
        found.add(rel)
    return None if gone or not base.is_dir() else frozenset(found)


def _relative(base: Path, folder: str) -> str | None:
    """`folder` relative to the corpus ("" for its top), as typed or as an absolute path
    inside it; None for an absolute path outside it."""
    if Path(folder).is_absolute():
        try:
            rel = Path(folder).absolute().relative_to(base).as_posix()
        except ValueError:
            return None
    else:
        rel = folder.strip("/")
    return "" if rel == "." else rel


def scan_corpus(
    root: Path,
    ignore: Callable[[str], bool] | None = None,
    folders: Sequence[str] | None = None,
) -> CorpusScan:
    """Walk the corpus once (or only the files directly in `folders`), keeping readable
    candidates and refusals apart."""
    scan = CorpusScan()
    scan.folders = checked_folders(root, folders) if folders is not None else None
    if scan.folders is None:
        items: Iterable[SourceFile | SkippedFile] = walk_corpus(root)
    else:
        items = itertools.chain.from_iterable(
            walk_folder(root, folder) for folder in sorted(scan.folders)
        )
    for item in items:
        rel = item.rel if isinstance(item, SourceFile) else item.path
        if ignore is not None and ignore(rel):
            continue
        if isinstance(item, SourceFile):
            scan.files[item.rel] = item
        else:
            scan.skipped.append(item)
    return scan


def scan_for_update(
    manifest: Manifest,
    root: Path,
    ignore: Callable[[str], bool] | None,
    folders: Sequence[str] | None,
) -> CorpusScan:
    """The scan an update plans from: only `folders` once the manifest holds records; a first
    build or a rebuild (no records yet) looks at every folder whatever `folders` says."""
    return scan_corpus(root, ignore, folders if manifest.files else None)


def _same_stat(known: FileRecord | None, src: SourceFile) -> bool | None:
    """Whether a file kept its size and mtime since it was recorded; None when it was not."""
    if known is None:
        return None
    return (known.size, known.mtime_ns) == (src.size, src.mtime_ns)


@dataclass
class Plan:
    """What an update does, decided from the manifest and a stat of the corpus alone."""

    delete: list[str] = field(default_factory=list)
    """Paths whose articles leave the index before anything is added."""
    forget: list[str] = field(default_factory=list)
    """Manifest records of files no longer in the corpus."""
    read: list[SourceFile] = field(default_factory=list)
    """New files and files with a new size or mtime: read, then compared by content hash."""
    removed: int = 0
    unchanged: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)


def plan_update(manifest: Manifest, scan: CorpusScan, indexed_paths: Iterable[str]) -> Plan:
    """New, changed and removed files, plus what unchanged files were refused or warned about.

    `indexed_paths` are the paths the index holds: one the manifest does not list was committed
    by a run killed before it saved its manifest, and is deleted so it is not added twice.
    Records outside a limited scan's folders count as unchanged.
    """
    plan = Plan(skipped=list(scan.skipped))
    folders = scan.folders
    plan.delete = [
        rel
        for rel in indexed_paths
        if rel not in manifest.files and (folders is None or folder_of(rel) in folders)
    ]
    listed = scan.files
    for rel, record in manifest.files.items():
        if rel in listed:
            continue
        if folders is None or folder_of(rel) in folders:
            plan.forget.append(rel)
            if record.skipped is None:
                plan.delete.append(rel)
                plan.removed += 1
        elif record.skipped is None and not record.warnings:  # most records, outside: as they were
            plan.unchanged += 1
        else:
            _keep_unchanged(plan, rel, record)
    for rel, src in listed.items():
        known = manifest.files.get(rel)
        if known is None or not _same_stat(known, src):
            plan.read.append(src)
            continue
        _keep_unchanged(plan, rel, known)
    return plan


def _keep_unchanged(plan: Plan, rel: str, known: FileRecord) -> None:
    """Count a file that stays as recorded, with the warnings and refusal it was recorded with."""
    plan.warnings.extend(IngestWarning(path=rel, message=text) for text in known.warnings)
    if known.skipped is None:
        plan.unchanged += 1
    else:
        plan.skipped.append(SkippedFile(path=rel, reason=known.skipped))
