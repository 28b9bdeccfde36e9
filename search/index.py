"""Bringing the Whoosh index in line with the corpus: the plan, then the batched writer.

The plan compares a stat of the corpus with the manifest (new, changed, removed files) without
reading any file; the files to read go through a process pool (`pool.py`), or a Dask cluster
(`dask_map.py`), and one Whoosh writer in this process adds the results, committing in batches so a killed build keeps what it
committed. The write lock (`locking.py`) is held for the whole run, from inspecting the folder
(`index_folder.py`) to the last commit, so two runs at once never interleave.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from whoosh.index import FileIndex

from .corpus_walk import walk_corpus
from .errors import IndexUnavailable, os_reason
from .first_page import latest_generation
from .index_folder import (
    manifest_is_current,
    open_searcher,
    prepare_directory,
)
from .index_writer import BatchedWriter
from .ingest import SourceFile
from .locking import acquire_lock
from .manifest import FileRecord, Manifest
from .manifest_stats import FileStats
from .models import IndexSummary
from .pool import map_in_pool
from .update_plan import CorpusScan, Plan, plan_update, scan_corpus, scan_for_update
from .updating import LOCK_WAIT, NoticeCallback, ProgressCallback, Tally, UpdateOptions

if TYPE_CHECKING:  # the analysis modules load only when articles are read
    from .dask_map import DaskCluster
    from .documents import LoadedFile, PreparedFile, SpellingVocabulary

PrepareFiles = Callable[[list[SourceFile]], Iterator["PreparedFile"]]


def is_stale(root: Path, index_dir: Path, ignore: Callable[[str], bool] | None = None) -> bool:
    """True when any file was added, removed, or has a new size or mtime (stat only, no reading)."""
    if not manifest_is_current(index_dir):
        return True
    known = Manifest.file_stats(index_dir)
    if known is None:
        return True
    return changed_since(known, root, ignore)


def changed_since(known: FileStats, root: Path, ignore: Callable[[str], bool] | None) -> bool:
    """True when a file was added or removed since the recorded stats, or has a new size or
    mtime; it stops at the first difference.

    The walk meets files in the stats' order, so they are compared position by position; once
    out of step (a file added or removed, or an order the stats were not written in) paths are
    looked up instead, which gives the same answer whatever the order.
    """
    rels, sizes, mtimes = known.rels, known.sizes, known.mtimes
    by_path: dict[str, tuple[int, int]] | None = None
    seen = 0
    for item in walk_corpus(root):
        if not isinstance(item, SourceFile) or (ignore is not None and ignore(item.rel)):
            continue
        if by_path is None:
            if seen < len(rels) and item.rel == rels[seen]:
                if item.size != sizes[seen] or item.mtime_ns != mtimes[seen]:
                    return True
                seen += 1
                continue
            by_path = known.as_dict()
        if by_path.get(item.rel) != (item.size, item.mtime_ns):
            return True
        seen += 1
    return seen != len(rels)


def update_index(root: Path, index_dir: Path, **options: Unpack[UpdateOptions]) -> IndexSummary:
    """Bring the index in line with the corpus: add new files, re-read changed ones, drop removed ones.

    With `dask` (a scheduler address, tcp://HOST:PORT) the files are read here and parsed and
    analysed on that cluster's workers instead of a local process pool; the scheduler is
    reached before anything is touched, so an unreachable one leaves the index as it was.
    Raises IndexBusy when another process holds the write lock for longer than `lock_wait`
    seconds, IndexUnavailable (with the previous index left as it was) when the index
    cannot be written: read-only directory, full disk; ClusterUnavailable when the Dask
    cluster cannot be used or is lost (what was committed is kept).
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexUnavailable(
            f"cannot create the index directory {index_dir}: {os_reason(error)}"
        ) from error
    dask, notice = options.get("dask"), options.get("notice")
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(connect_dask(dask)) if dask is not None else None
        lock = acquire_lock(index_dir, options.get("lock_wait", LOCK_WAIT), notice)
        stack.callback(lock.release)
        processes = options.get("processes")
        prepare = functools.partial(
            prepare_files, cluster=cluster, processes=processes, lock_fd=lock.fd
        )
        rebuild, progress = options.get("rebuild", False), options.get("progress")
        scope = Scope(options.get("ignore"), options.get("folders"))
        return _update_locked(root, index_dir, rebuild, progress, notice, scope, prepare)


@dataclass(frozen=True)
class Scope:
    """Which files an update looks at: all but the `ignore`d ones, or only those directly in
    `folders` (see `update_plan.py`)."""

    ignore: Callable[[str], bool] | None = None
    folders: Sequence[str] | None = None


def _update_locked(
    root: Path,
    index_dir: Path,
    rebuild: bool,
    progress: ProgressCallback | None,
    notice: NoticeCallback | None,
    scope: Scope,
    prepare: PrepareFiles,
) -> IndexSummary:
    """The update itself, with the write lock held."""
    try:
        started = time.perf_counter()
        ix, manifest = prepare_directory(root, index_dir, rebuild, notice)
        scan = scan_for_update(manifest, root, scope.ignore, scope.folders)
        plan = plan_update(manifest, scan, _indexed_paths(ix, index_dir))
        summary = _carry_out(plan, ix, manifest, index_dir, rebuild, progress, prepare)
        return summary.model_copy(
            update={"took_ms": round((time.perf_counter() - started) * 1000, 1)}
        )
    except OSError as error:
        raise IndexUnavailable(
            f"cannot write the index in {index_dir}: {os_reason(error)}"
        ) from error
    except sqlite3.Error as error:
        raise IndexUnavailable(
            f"cannot write the entity aggregate in {index_dir}: {error}"
        ) from error
    except BrokenProcessPool as error:
        raise IndexUnavailable(
            "a worker process reading the corpus died (out of memory?); "
            "what was committed is kept, run `corpus-tui index` again"
        ) from error


def connect_dask(address: str) -> DaskCluster:
    """A checked connection to the Dask scheduler: its workers must prepare files as we do."""
    from .dask_map import DaskCluster
    from .documents import preparation_version

    return DaskCluster(address, check=preparation_version)


def prepare_files(
    files: list[SourceFile],
    cluster: DaskCluster | None,
    processes: int | None,
    lock_fd: int | None,
) -> Iterator[PreparedFile]:
    """Read and analyse files, in order: in a local process pool, or read here and analysed on
    a Dask cluster (its machines need not see the corpus: the bytes travel with the batch)."""
    from .documents import load_file, prepare_file, prepare_loaded

    if cluster is None:
        return map_in_pool(prepare_file, files, processes, lock_fd)
    loaded = (load_file(source) for source in files)
    return cluster.map(prepare_loaded, loaded, total=len(files), weight=_loaded_bytes)


def _loaded_bytes(loaded: LoadedFile) -> int:
    return len(loaded.data or b"")


def _carry_out(
    plan: Plan,
    ix: FileIndex,
    manifest: Manifest,
    index_dir: Path,
    rebuild: bool,
    progress: ProgressCallback | None,
    prepare: PrepareFiles,
) -> IndexSummary:
    """Delete what the plan drops, read what it lists and write the articles, in batches."""
    tally = Tally.of(plan)
    writer = BatchedWriter(ix, manifest, index_dir)
    opened = contextlib.ExitStack()
    try:
        for rel in plan.delete:
            writer.delete(rel)
        for rel in plan.forget:
            del manifest.files[rel]
        vocabulary = _spelling_vocabulary(ix, rebuild, len(plan.read), opened)
        prepared_files = prepare(plan.read)
        for done, prepared in enumerate(prepared_files, start=1):
            rel = prepared.source.rel
            if progress is not None:
                progress(done, len(plan.read), rel)
            outcome, held = tally.note(prepared, manifest.files.get(rel))
            if held and outcome != "unchanged":
                # Only files the index holds need deleting: deleting opens a reader on every
                # segment, which a first build of many batches would pay for again and again.
                writer.delete(rel)
            if outcome == "skipped" and not os.path.lexists(prepared.source.path):
                manifest.files.pop(rel, None)  # vanished: nothing to remember
                continue
            added = prepared.fields if outcome in ("new", "changed") else []
            for fields in added:
                vocabulary.thin(fields)
            writer.record(rel, _file_record(prepared), added)  # refusals too: not re-read
        writer.finish()
    except BaseException:
        writer.cancel()
        raise
    finally:
        opened.close()
    # the caller times the whole run, lock and folder checks included
    return tally.summary(manifest, len(plan.read), took_ms=0.0)


def _file_record(prepared: PreparedFile) -> FileRecord:
    """The manifest's record of a file as it was read in this run."""
    return FileRecord(
        size=prepared.source.size,
        mtime_ns=prepared.source.mtime_ns,
        content_hash=prepared.content_hash,
        ids=[str(f["id"]) for f in prepared.fields],
        skipped=prepared.skipped_reason,
        warnings=prepared.warnings,
    )


def _indexed_paths(ix: FileIndex, index_dir: Path) -> set[str]:
    """Every file path the index holds articles of: from the aggregate when it is in step with
    the index (a query in SQLite), else from the index's `path` terms."""
    from .aggregate import indexed_paths

    paths = indexed_paths(index_dir, ix.latest_generation())
    if paths is not None:
        return paths
    with ix.reader() as reader:
        return {term.decode("utf-8") for term in reader.lexicon("path")}


FEW_FILES = 200
"""Up to this many files to read, spelling words are looked up one by one, not all listed."""


def _spelling_vocabulary(
    ix: FileIndex, rebuild: bool, reading: int, opened: contextlib.ExitStack
) -> SpellingVocabulary:
    """The spelling words already committed (none after a rebuild); a reader kept open for
    looking words up is closed with `opened`."""
    from .documents import SpellingVocabulary

    if rebuild:
        return SpellingVocabulary([])
    if reading <= FEW_FILES:
        reader = opened.enter_context(ix.reader())
        return SpellingVocabulary([], known=lambda word: ("spell", word) in reader)
    with ix.reader() as reader:
        return SpellingVocabulary(reader.lexicon("spell"))


__all__ = [
    "CorpusScan",
    "Plan",
    "is_stale",
    "latest_generation",
    "manifest_is_current",
    "open_searcher",
    "plan_update",
    "scan_corpus",
    "UpdateOptions",
    "update_index",
]
