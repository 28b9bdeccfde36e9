"""Building and updating the Whoosh index incrementally, in committed batches, under Whoosh's lock.

Parsing and analysis run in a process pool over both cores; one Whoosh writer in this process
adds the results, so a killed build never leaves orphan writer processes holding the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.writing import SegmentWriter

from .errors import IndexBusy, IndexUnavailable
from .ingest import SourceFile, walk_corpus
from .manifest import MANIFEST_NAME, FileRecord, Manifest
from .models import IndexSummary, SkippedFile
from .schema import SCHEMA_VERSION, build_schema

if TYPE_CHECKING:
    from .documents import PreparedFile

ProgressCallback = Callable[[int, int, str], None]
NoticeCallback = Callable[[str], None]

BATCH_DOCUMENTS = 1000
"""Articles per commit: a killed build loses at most this many, and each commit costs a merge."""
POOL_THRESHOLD = 48
"""Below this many files to read, a process pool costs more to start than it saves."""
WRITER_LIMIT_MB = 192


@dataclass
class CorpusScan:
    """The corpus as found on disk: readable candidates and files refused outright."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)


def scan_corpus(root: Path, ignore: Callable[[str], bool] | None = None) -> CorpusScan:
    """Walk the corpus once, keeping readable candidates and refusals apart."""
    scan = CorpusScan()
    for item in walk_corpus(root):
        rel = item.rel if isinstance(item, SourceFile) else item.path
        if ignore is not None and ignore(rel):
            continue
        if isinstance(item, SourceFile):
            scan.files[item.rel] = item
        else:
            scan.skipped.append(item)
    return scan


def is_stale(root: Path, index_dir: Path, ignore: Callable[[str], bool] | None = None) -> bool:
    """True when any file was added, removed, or has a new size or mtime (stat only, no reading)."""
    manifest = Manifest.load(index_dir)
    if manifest is None or manifest.schema_version != SCHEMA_VERSION:
        return True
    scan = scan_corpus(root, ignore)
    if set(scan.files) != set(manifest.files):
        return True
    return any(
        (src.size, src.mtime_ns) != (manifest.files[rel].size, manifest.files[rel].mtime_ns)
        for rel, src in scan.files.items()
    )


def index_is_current(index_dir: Path) -> bool:
    """An index with this schema exists and has a manifest."""
    manifest = Manifest.load(index_dir)
    return (
        manifest is not None
        and manifest.schema_version == SCHEMA_VERSION
        and whoosh_index.exists_in(str(index_dir))
    )


def open_index(index_dir: Path) -> FileIndex:
    """Open the index for reading (callers check `index_is_current` first)."""
    try:
        return whoosh_index.open_dir(str(index_dir))
    except (OSError, whoosh_index.IndexError) as error:
        raise IndexUnavailable(f"cannot open the index in {index_dir}: {error}") from error


def update_index(
    root: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: ProgressCallback | None = None,
    notice: NoticeCallback | None = None,
    lock_wait: float = 30.0,
    ignore: Callable[[str], bool] | None = None,
    processes: int | None = None,
) -> IndexSummary:
    """Bring the index in line with the corpus: add new files, re-read changed ones, drop removed ones."""
    started = time.perf_counter()
    ix, manifest = _prepare_directory(root, index_dir, rebuild, notice)
    writer = _acquire_writer(ix, lock_wait, notice)
    # Re-read the manifest under the lock: another writer may have committed meanwhile.
    manifest = Manifest.load(index_dir) or manifest
    scan = scan_corpus(root, ignore)
    counts = {"new": 0, "changed": 0, "removed": 0, "unchanged": 0}
    skipped = list(scan.skipped)

    removed = [rel for rel in manifest.files if rel not in scan.files]
    for rel in removed:
        writer.delete_by_term("path", rel)
        del manifest.files[rel]
        counts["removed"] += 1

    to_read: list[SourceFile] = []
    for rel, src in scan.files.items():
        known = manifest.files.get(rel)
        if known is not None and (known.size, known.mtime_ns) == (src.size, src.mtime_ns):
            counts["unchanged"] += 1
        else:
            to_read.append(src)

    pending: dict[str, FileRecord] = {}
    pending_docs = 0
    done = 0
    for prepared in _prepare_all(to_read, processes):
        done += 1
        rel = prepared.source.rel
        if progress is not None:
            progress(done, len(to_read), rel)
        known = manifest.files.get(rel)
        if prepared.skipped_reason is not None:
            skipped.append(SkippedFile(path=rel, reason=prepared.skipped_reason))
            if known is not None:
                writer.delete_by_term("path", rel)
                del manifest.files[rel]
                counts["removed"] += 1
            continue
        record = FileRecord(
            size=prepared.source.size,
            mtime_ns=prepared.source.mtime_ns,
            content_hash=prepared.content_hash,
            ids=[str(f["id"]) for f in prepared.fields],
        )
        if known is not None and known.content_hash == prepared.content_hash:
            counts["unchanged"] += 1
            pending[rel] = record
            continue
        counts["changed" if known is not None else "new"] += 1
        writer.delete_by_term("path", rel)
        for fields in prepared.fields:
            writer.add_document(**fields)
        pending[rel] = record
        pending_docs += len(prepared.fields)
        if pending_docs >= BATCH_DOCUMENTS:
            writer.commit()
            manifest.files.update(pending)
            manifest.save(index_dir)
            pending.clear()
            pending_docs = 0
            writer = _acquire_writer(ix, lock_wait, notice)

    writer.commit()
    manifest.files.update(pending)
    manifest.save(index_dir)
    return IndexSummary(
        documents=manifest.document_count(),
        skipped=skipped,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        **counts,
    )


def _prepare_directory(
    root: Path, index_dir: Path, rebuild: bool, notice: NoticeCallback | None
) -> tuple[FileIndex, Manifest]:
    """Create, reuse, or set aside and recreate the index directory."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexUnavailable(
            f"cannot create the index directory {index_dir}: {error.strerror}"
        ) from error
    manifest = Manifest.load(index_dir)
    has_whoosh = whoosh_index.exists_in(str(index_dir))
    reason = None
    if rebuild:
        reason = "rebuild requested"
    elif manifest is None and (has_whoosh or any(index_dir.iterdir())):
        reason = "the directory holds no corpus-tui manifest"
    elif manifest is not None and manifest.schema_version != SCHEMA_VERSION:
        reason = f"schema version {manifest.schema_version} is not {SCHEMA_VERSION}"
    elif manifest is not None and not has_whoosh:
        reason = "the manifest has no index beside it"
    if reason is not None and any(index_dir.iterdir()):
        _set_aside(index_dir, reason, notice, remove=rebuild or manifest is not None)
    corpus = str(root.resolve())
    try:
        if reason is None and has_whoosh:
            ix = whoosh_index.open_dir(str(index_dir))
            return ix, manifest or Manifest(SCHEMA_VERSION, corpus)
        ix = whoosh_index.create_in(str(index_dir), build_schema())
    except LockError as error:
        raise IndexBusy(f"the index in {index_dir} is busy: {error}") from error
    except (OSError, whoosh_index.IndexError, ValueError) as error:
        if reason is None:
            _set_aside(index_dir, f"it could not be opened ({error})", notice, remove=False)
            ix = whoosh_index.create_in(str(index_dir), build_schema())
            return ix, Manifest(SCHEMA_VERSION, corpus)
        raise IndexUnavailable(f"cannot create the index in {index_dir}: {error}") from error
    fresh = Manifest(SCHEMA_VERSION, corpus)
    fresh.save(index_dir)
    return ix, fresh


def _set_aside(index_dir: Path, reason: str, notice: NoticeCallback | None, remove: bool) -> None:
    """Clear our own stale index, or move a foreign directory's contents aside, never losing data."""
    if remove:
        for child in index_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        if notice is not None:
            notice(f"rebuilding the index: {reason}")
        return
    aside = index_dir.with_name(f"{index_dir.name}.set-aside-{int(time.time())}")
    index_dir.rename(aside)
    index_dir.mkdir()
    if notice is not None:
        notice(f"moved {index_dir} to {aside}: {reason}; building a new index")


def _acquire_writer(
    ix: FileIndex, lock_wait: float, notice: NoticeCallback | None
) -> SegmentWriter:
    """Take Whoosh's write lock, waiting (with one notice) up to `lock_wait` seconds."""
    try:
        return ix.writer(limitmb=WRITER_LIMIT_MB)
    except LockError:
        pass
    if notice is not None:
        notice(
            f"the index is busy (another corpus-tui is writing it); waiting up to {lock_wait:g}s"
        )
    try:
        return ix.writer(limitmb=WRITER_LIMIT_MB, timeout=lock_wait, delay=0.25)
    except LockError as error:
        raise IndexBusy(
            "the index is busy: another corpus-tui process is writing it; try again when it ends"
        ) from error


def _prepare_all(files: list[SourceFile], processes: int | None) -> Iterator[PreparedFile]:
    """Read and analyse files, in a process pool when there are enough to pay for it."""
    from .documents import prepare_file  # analysis data loads only when something is read

    workers = processes if processes is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < POOL_THRESHOLD:
        yield from map(prepare_file, files)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
        yield from pool.map(prepare_file, files, chunksize=_chunksize(files, workers))


def _chunksize(files: Iterable[SourceFile], workers: int) -> int:
    """Chunks big enough to amortise pickling, small enough to keep both cores busy."""
    count = len(list(files))
    return max(1, min(32, count // (workers * 8) or 1))


def _die_with_parent() -> None:
    """Pool workers exit when the indexer dies, even by SIGKILL (Linux prctl)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


__all__ = [
    "MANIFEST_NAME",
    "CorpusScan",
    "index_is_current",
    "is_stale",
    "open_index",
    "scan_corpus",
    "update_index",
]
