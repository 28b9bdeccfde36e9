"""Building and updating the Whoosh index incrementally, in committed batches, under Whoosh's lock.

Parsing and analysis run in a process pool over both cores; one Whoosh writer in this process
adds the results, so a killed build never leaves orphan writer processes holding the lock.
The write lock (Whoosh's own flock file) is held for the whole run, from inspecting the directory
to the last commit, so two runs at once never interleave and the lock dies with its process.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import pickle
import shutil
import signal
import struct
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.util.filelock import LockBase, try_for
from whoosh.writing import SegmentWriter

from .errors import IndexBusy, IndexUnavailable
from .ingest import SourceFile, walk_corpus
from .manifest import MANIFEST_NAME, FileRecord, Manifest
from .models import IndexSummary, IngestWarning, SkippedFile
from .schema import ANALYSIS_VERSION, SCHEMA_VERSION, build_schema

if TYPE_CHECKING:  # the analysis modules load only when articles are read
    from .documents import PreparedFile, SpellingVocabulary

ProgressCallback = Callable[[int, int, str], None]
NoticeCallback = Callable[[str], None]

BATCH_DOCUMENTS = 1000
"""Articles per commit: a killed build loses at most this many, and each commit costs a merge."""
POOL_THRESHOLD = 48
"""Below this many files to read, a process pool costs more to start than it saves."""
WRITER_LIMIT_MB = 96
"""Memory for the writer's posting buffer before it spills sorted runs to disk."""
CHUNKS_IN_FLIGHT_PER_WORKER = 4
MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024
"""Plain-text and Markdown files hold one article; over 4 MB (some 700,000 words) it is not an
article, and analysing and indexing it costs about 75 MB of memory and 2 s per MB, so it is
skipped with a reason before it is read. HTML and JSON files fall under ingest's own limit."""
SINGLE_ARTICLE_TEXT_SUFFIXES = frozenset({".txt", ".md"})
WRITE_LOCK_NAME = "MAIN_WRITELOCK"
"""Whoosh's own lock file for the default index name: the one `ix.writer()` takes."""
UNREADABLE_INDEX_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    struct.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)
"""What Whoosh raises when its files are truncated or garbled (it has no error type of its own)."""


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
    if manifest is None or version_mismatch(manifest) is not None:
        return True
    scan = scan_corpus(root, ignore)
    if set(scan.files) != set(manifest.files):
        return True
    return any(
        (src.size, src.mtime_ns) != (manifest.files[rel].size, manifest.files[rel].mtime_ns)
        for rel, src in scan.files.items()
    )


def manifest_is_current(index_dir: Path) -> bool:
    """The manifest is there and was written with this schema and these analysis rules."""
    manifest = Manifest.load(index_dir)
    return manifest is not None and version_mismatch(manifest) is None


def version_mismatch(manifest: Manifest) -> str | None:
    """Why an index written with other schema or analysis rules must be rebuilt, or None."""
    if manifest.schema_version != SCHEMA_VERSION:
        return f"schema version {manifest.schema_version} is not {SCHEMA_VERSION}"
    if manifest.analysis_version != ANALYSIS_VERSION:
        return f"analysis version {manifest.analysis_version} is not {ANALYSIS_VERSION}"
    return None


def index_is_current(index_dir: Path) -> bool:
    """An index with this schema and analysis exists, has a manifest, and its files can be read."""
    return manifest_is_current(index_dir) and inspect_index(index_dir) == (True, None)


def _open_reading(index_dir: Path) -> Searcher | None:
    """A searcher on the index, None when there is none; raises what a damaged index raises.

    Opening it loads the table of contents and every segment's directory, which is where a
    truncated or garbled file shows; it costs a few milliseconds.
    """
    try:
        ix = whoosh_index.open_dir(str(index_dir))
    except whoosh_index.EmptyIndexError:
        return None
    searcher = ix.searcher()
    searcher.reader().doc_count_all()
    return searcher


def inspect_index(index_dir: Path) -> tuple[bool, str | None]:
    """Whether a Whoosh index is there, and why it cannot be read if it is damaged."""
    try:
        searcher = _open_reading(index_dir)
    except UNREADABLE_INDEX_ERRORS as error:
        return True, _describe(error)
    if searcher is None:
        return False, None
    searcher.close()
    return True, None


def open_searcher(index_dir: Path) -> Searcher:
    """A searcher on a readable index, or IndexUnavailable saying what to do."""
    try:
        searcher = _open_reading(index_dir)
    except UNREADABLE_INDEX_ERRORS as error:
        raise IndexUnavailable(
            f"the index in {index_dir} cannot be read ({_describe(error)}): "
            "run `corpus-tui index` to rebuild it"
        ) from error
    if searcher is None:
        raise IndexUnavailable(f"no index in {index_dir}: run `corpus-tui index` first")
    return searcher


def latest_generation(index_dir: Path) -> int | None:
    """The newest committed generation of the index (from its TOC file names), None if none.

    Reading a directory listing is cheap enough to poll: the app uses it to notice commits
    made by another process.
    """
    try:
        names = os.listdir(index_dir)
    except OSError:
        return None
    generations = [
        int(name[len("_MAIN_") : -len(".toc")])
        for name in names
        if name.startswith("_MAIN_") and name.endswith(".toc") and name[6:-4].isdigit()
    ]
    return max(generations, default=None)


def open_index(index_dir: Path) -> FileIndex:
    """Open the index for reading (callers check `index_is_current` first)."""
    try:
        return whoosh_index.open_dir(str(index_dir))
    except UNREADABLE_INDEX_ERRORS as error:
        raise IndexUnavailable(
            f"cannot open the index in {index_dir} ({_describe(error)}); "
            "run `corpus-tui index` to rebuild it"
        ) from error


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
    """Bring the index in line with the corpus: add new files, re-read changed ones, drop removed ones.

    Raises IndexBusy when another process holds the write lock for longer than `lock_wait`
    seconds, and IndexUnavailable (with the previous index left as it was) when the index
    cannot be written: read-only directory, full disk.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexUnavailable(
            f"cannot create the index directory {index_dir}: {_os_reason(error)}"
        ) from error
    lock = _acquire_lock(index_dir, lock_wait, notice)
    try:
        return _update_locked(root, index_dir, rebuild, progress, notice, ignore, processes, lock)
    except OSError as error:
        raise IndexUnavailable(
            f"cannot write the index in {index_dir}: {_os_reason(error)}"
        ) from error
    except BrokenProcessPool as error:
        raise IndexUnavailable(
            "a worker process reading the corpus died (out of memory?); "
            "what was committed is kept, run `corpus-tui index` again"
        ) from error
    finally:
        lock.release()


def _update_locked(
    root: Path,
    index_dir: Path,
    rebuild: bool,
    progress: ProgressCallback | None,
    notice: NoticeCallback | None,
    ignore: Callable[[str], bool] | None,
    processes: int | None,
    lock: LockBase,
) -> IndexSummary:
    """The update proper, with the write lock held by the caller."""
    started = time.perf_counter()
    ix, manifest = _prepare_directory(root, index_dir, rebuild, notice)
    scan = scan_corpus(root, ignore)
    counts = {"new": 0, "changed": 0, "removed": 0, "unchanged": 0}
    skipped = list(scan.skipped)
    warnings: list[IngestWarning] = []
    unrecorded = _unrecorded_paths(ix, manifest)
    writer = _open_writer(ix)
    try:
        for rel in unrecorded:  # committed by a run killed before it saved its manifest
            writer.delete_by_term("path", rel)
        for rel in [rel for rel in manifest.files if rel not in scan.files]:
            record = manifest.files.pop(rel)
            if record.skipped is None:
                writer.delete_by_term("path", rel)
                counts["removed"] += 1

        to_read: list[SourceFile] = []
        for rel, src in scan.files.items():
            known = manifest.files.get(rel)
            if known is not None and (known.size, known.mtime_ns) == (src.size, src.mtime_ns):
                warnings.extend(IngestWarning(path=rel, message=text) for text in known.warnings)
                if known.skipped is None:
                    counts["unchanged"] += 1
                else:
                    skipped.append(SkippedFile(path=rel, reason=known.skipped))
            else:
                to_read.append(src)

        pending: dict[str, FileRecord] = {}
        pending_docs = 0
        done = 0
        vocabulary = _spelling_vocabulary(ix, rebuild)
        for prepared in _prepare_all(to_read, processes, lock.fd):
            done += 1
            rel = prepared.source.rel
            if progress is not None:
                progress(done, len(to_read), rel)
            warnings.extend(IngestWarning(path=rel, message=text) for text in prepared.warnings)
            known = manifest.files.get(rel)
            record = FileRecord(
                size=prepared.source.size,
                mtime_ns=prepared.source.mtime_ns,
                content_hash=prepared.content_hash,
                ids=[str(f["id"]) for f in prepared.fields],
                skipped=prepared.skipped_reason,
                warnings=prepared.warnings,
            )
            if prepared.skipped_reason is not None:
                skipped.append(SkippedFile(path=rel, reason=prepared.skipped_reason))
                if known is not None and known.skipped is None:
                    writer.delete_by_term("path", rel)
                    counts["removed"] += 1
                if os.path.lexists(prepared.source.path):
                    pending[rel] = record  # Unchanged refusals are not re-read next time.
                else:
                    manifest.files.pop(rel, None)
                continue
            if known is not None and known.skipped is None:
                if known.content_hash == prepared.content_hash:
                    counts["unchanged"] += 1
                    pending[rel] = record
                    continue
                counts["changed"] += 1
            else:
                counts["new"] += 1
            if known is not None and known.skipped is None:
                # Only files the index holds need deleting: deleting opens a reader on every
                # segment, which a first build of many batches would pay for again and again.
                writer.delete_by_term("path", rel)
            for fields in prepared.fields:
                vocabulary.thin(fields)
                writer.add_document(**fields)
            pending[rel] = record
            pending_docs += len(prepared.fields)
            if pending_docs >= BATCH_DOCUMENTS:
                writer.commit(merge=False)  # one merge at the end, not one per batch
                manifest.files.update(pending)
                manifest.save(index_dir)
                pending.clear()
                pending_docs = 0
                writer = _open_writer(ix)
        writer.commit()
    except BaseException:
        _cancel(writer)
        raise
    manifest.files.update(pending)
    manifest.save(index_dir)
    return IndexSummary(
        documents=manifest.document_count(),
        skipped=sorted(skipped, key=lambda s: s.path),
        warnings=sorted(warnings, key=lambda w: w.path),
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        read=len(to_read),
        **counts,
    )


def _open_writer(ix: FileIndex) -> SegmentWriter:
    """A writer that does not take the lock itself: `update_index` already holds it."""
    return ix.writer(limitmb=WRITER_LIMIT_MB, _lk=False)


def _cancel(writer: SegmentWriter) -> None:
    """Drop uncommitted work after a failure; the committed index stays as it was."""
    # Cancelling closes the new segment's files; on a full disk that can fail again, and the
    # original error is the one worth reporting, so a second OSError here is dropped.
    with contextlib.suppress(OSError):
        if not writer.is_closed:
            writer.cancel()


def _unrecorded_paths(ix: FileIndex, manifest: Manifest) -> set[str]:
    """Paths the index holds that the manifest does not list (a kill between commit and save)."""
    with ix.reader() as reader:
        indexed = {term.decode("utf-8") for term in reader.lexicon("path")}
    return {rel for rel in indexed if rel not in manifest.files}


def _spelling_vocabulary(ix: FileIndex, rebuild: bool) -> SpellingVocabulary:
    """The spelling words already committed (none after a rebuild)."""
    from .documents import SpellingVocabulary

    if rebuild:
        return SpellingVocabulary([])
    with ix.reader() as reader:
        return SpellingVocabulary(reader.lexicon("spell"))


REBUILD_ASKED = "rebuild requested"
"""The reason for clearing the index when the user asked for it (the notice needs no reason)."""


def _prepare_directory(
    root: Path, index_dir: Path, rebuild: bool, notice: NoticeCallback | None
) -> tuple[FileIndex, Manifest]:
    """Reuse the index, or set aside what is there (ours: cleared; foreign or damaged: moved)."""
    manifest = Manifest.load(index_dir)
    has_whoosh, damage = inspect_index(index_dir)
    occupied = bool(_contents(index_dir))
    reason = None
    remove = True
    if rebuild:
        reason = REBUILD_ASKED
    elif manifest is None and occupied:
        reason, remove = "the directory holds no corpus-tui manifest", False
    elif manifest is not None and version_mismatch(manifest) is not None:
        reason = version_mismatch(manifest)
    elif damage is not None:
        reason, remove = f"the index is damaged ({damage})", False
    elif manifest is not None and not has_whoosh:
        reason = "the manifest has no index beside it"
    if reason is not None and occupied:
        _set_aside(index_dir, reason, notice, remove)
    corpus = str(root.resolve())
    if reason is None and has_whoosh and manifest is not None:
        return whoosh_index.open_dir(str(index_dir)), manifest
    ix = whoosh_index.create_in(str(index_dir), build_schema())
    fresh = Manifest(SCHEMA_VERSION, corpus, analysis_version=ANALYSIS_VERSION)
    fresh.save(index_dir)
    return ix, fresh


def _contents(index_dir: Path) -> list[Path]:
    """What the directory holds besides the write lock file (which must never be removed)."""
    return [child for child in index_dir.iterdir() if child.name != WRITE_LOCK_NAME]


def _set_aside(index_dir: Path, reason: str, notice: NoticeCallback | None, remove: bool) -> None:
    """Clear our own stale index, or move a foreign or damaged one aside, never losing data.

    The directory itself and the lock file in it stay in place: another process may be waiting
    on that lock, and replacing the file would let it in while this one still writes.
    """
    if remove:
        for child in _contents(index_dir):
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        if notice is not None:
            asked = reason == REBUILD_ASKED
            notice(
                "cleared the index; every file is read again"
                if asked
                else f"rebuilding the index: {reason}"
            )
        return
    aside = _aside_name(index_dir)
    aside.mkdir()
    for child in _contents(index_dir):
        child.rename(aside / child.name)
    if notice is not None:
        notice(f"moved the contents of {index_dir} to {aside}: {reason}; building a new index")


def _aside_name(index_dir: Path) -> Path:
    """A sibling directory name not yet taken."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = index_dir.with_name(f"{index_dir.name}.set-aside-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = index_dir.with_name(f"{index_dir.name}.set-aside-{stamp}-{number}")
    return candidate


def _acquire_lock(index_dir: Path, lock_wait: float, notice: NoticeCallback | None) -> LockBase:
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
            f"cannot lock the index in {index_dir}: {_os_reason(error)}"
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
        return "another corpus-tui process"
    for line in lines:
        parts = line.split()
        if len(parts) < 6 or parts[1] != "FLOCK":
            continue
        if parts[5].rsplit(":", 1)[-1] == str(inode):
            return _describe_process(parts[4])
    return "another corpus-tui process"


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


def _os_reason(error: OSError) -> str:
    """An OSError as a reason with a hint of what to do."""
    text = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        return (
            f"{text}; the previous index is kept: free some space and run `corpus-tui index` again"
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{text}; use --index DIR to keep the index in a writable place"
    return text


def _describe(error: BaseException) -> str:
    """A one-line description of a low-level error."""
    message = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {message[:120]}" if message else type(error).__name__


def _prepare_all(
    files: list[SourceFile], processes: int | None, lock_fd: int | None
) -> Iterator[PreparedFile]:
    """Read and analyse files, in a process pool when there are enough to pay for it."""
    workers = processes if processes is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < POOL_THRESHOLD:
        yield from map(prepare_within_limits, files)
        return
    size = _chunksize(files, workers)
    chunks = iter([files[start : start + size] for start in range(0, len(files), size)])
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_setup, initargs=(os.getpid(), lock_fd)
    ) as pool:
        # A bounded window of chunks in flight: the pool runs ahead of the one writer, so
        # submitting everything at once would pile prepared articles up in memory.
        in_flight = deque(
            pool.submit(_prepare_chunk, chunk)
            for chunk in islice(chunks, workers * CHUNKS_IN_FLIGHT_PER_WORKER)
        )
        while in_flight:
            prepared = in_flight.popleft().result()
            following = next(chunks, None)
            if following is not None:
                in_flight.append(pool.submit(_prepare_chunk, following))
            yield from prepared


def _prepare_chunk(files: list[SourceFile]) -> list[PreparedFile]:
    """One unit of pool work: a few files, so pickling costs little per file."""
    return [prepare_within_limits(source) for source in files]


def prepare_within_limits(source: SourceFile) -> PreparedFile:
    """`prepare_file`, except that an oversized plain-text file is refused without being read."""
    from .documents import PreparedFile, prepare_file

    if (
        source.path.suffix.lower() in SINGLE_ARTICLE_TEXT_SUFFIXES
        and source.size > MAX_TEXT_FILE_BYTES
    ):
        reason = (
            f"file too large for one article ({source.size / 1e6:.1f} MB; the limit for "
            f"{source.path.suffix.lower()} files is {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB)"
        )
        return PreparedFile(source, content_hash="", skipped_reason=reason)
    return prepare_file(source)


def _chunksize(files: list[SourceFile], workers: int) -> int:
    """Chunks big enough to amortise pickling, small enough to keep both cores busy."""
    return max(1, min(16, len(files) // (workers * 8) or 1))


def _worker_setup(parent_pid: int, lock_fd: int | None) -> None:
    """Pool workers die with the indexer, even by SIGKILL, and never hold its lock.

    PR_SET_PDEATHSIG (Linux) kills the worker when the parent dies; a parent killed before the
    call is caught by comparing the parent pid. The forked worker's copy of the lock descriptor
    is closed, so even a worker that lingers cannot keep the index locked.
    """
    if lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(lock_fd)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)


__all__ = [
    "MANIFEST_NAME",
    "WRITE_LOCK_NAME",
    "CorpusScan",
    "index_is_current",
    "inspect_index",
    "is_stale",
    "lock_holder",
    "open_index",
    "prepare_within_limits",
    "scan_corpus",
    "update_index",
]
