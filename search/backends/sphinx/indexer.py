"""Bringing the cluster in line with the corpus, incrementally, by the same manifest as Whoosh.

The plan (new, changed, removed files from a stat of the corpus) and the reading of files
(`documents.prepare_file` in a process pool, or whatever map the caller hands in) are the
Whoosh indexer's own; only the writing differs: rows go to the shards (`writer.py`). The
manifest, the journal and the write lock live in this backend's state folder beside the engine's
index, one per cluster URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Unpack

from ...errors import IndexUnavailable, os_reason
from ...index import PrepareFiles, _file_record, changed_since
from ...index_folder import version_mismatch
from ...locking import acquire_lock
from ...manifest import Manifest
from ...manifest_stats import FileStats
from ...models import IndexSummary
from ...pool import map_in_pool
from ...schema import ANALYSIS_VERSION, SCHEMA_VERSION
from ...update_plan import plan_update, scan_for_update
from ...updating import LOCK_WAIT, Tally, UpdateOptions
from .cluster import Cluster
from .writer import ShardWriter, read_journal


def current_manifest(state_dir: Path, corpus: Path, write_copy: bool = False) -> Manifest | None:
    """The manifest when it was written for this corpus with today's schema and analysis
    (`write_copy`: see `Manifest.load`; only with the write lock held)."""
    manifest = Manifest.load(state_dir, write_copy=write_copy)
    if manifest is None or version_mismatch(manifest) is not None:
        return None
    return manifest if manifest.corpus == str(corpus) else None


def is_stale(state_dir: Path, corpus: Path, ignore: Callable[[str], bool] | None) -> bool:
    """True when files were added, removed or changed since the last committed run."""
    manifest = current_manifest(state_dir, corpus)
    if manifest is None:
        return True
    known = FileStats.of((rel, rec.size, rec.mtime_ns) for rel, rec in manifest.files.items())
    return changed_since(known, corpus, ignore)


def update_cluster(
    cluster: Cluster,
    state_dir: Path,
    corpus: Path,
    prepare: PrepareFiles | None = None,
    **options: Unpack[UpdateOptions],
) -> IndexSummary:
    """Add new files, re-read changed ones, drop removed ones; a fresh or outdated state starts
    over with empty shards. Files are read by `prepare` (the caller's Dask map, say), else in
    the local process pool: the `dask` option is the caller's to turn into a `prepare`."""
    from ...documents import prepare_file

    rebuild, notice = options.get("rebuild", False), options.get("notice")
    progress, ignore = options.get("progress"), options.get("ignore")

    started = time.perf_counter()
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexUnavailable(f"cannot create {state_dir}: {os_reason(error)}") from error
    lock = acquire_lock(state_dir, options.get("lock_wait", LOCK_WAIT), notice)
    try:
        shards = cluster.shards()
        manifest = None if rebuild else current_manifest(state_dir, corpus, write_copy=True)
        if manifest is None:
            if (
                notice is not None
                and not rebuild
                and (state_dir / "corpus-tui-manifest.json").exists()
            ):
                notice("the cluster index was written by other rules: rebuilding it")
            for shard, node in shards:
                node.query(f"TRUNCATE RTINDEX {shard}")
            manifest = Manifest(SCHEMA_VERSION, str(corpus), analysis_version=ANALYSIS_VERSION)
            manifest.save(state_dir)
        writer = ShardWriter(shards, manifest, state_dir)
        journal = read_journal(state_dir)
        orphans = [ids for rel, ids in journal.items() if rel not in manifest.files]
        scan = scan_for_update(manifest, corpus, ignore, options.get("folders"))
        plan = plan_update(manifest, scan, [])
        for ids in orphans:
            writer.delete_ids(ids)
        for rel in plan.delete:
            writer.delete_ids(manifest.files[rel].ids if rel in manifest.files else [])
        for rel in plan.forget:
            del manifest.files[rel]
        tally = Tally.of(plan)
        prepared_files = (
            prepare(plan.read)
            if prepare is not None
            else map_in_pool(prepare_file, plan.read, options.get("processes"), lock.fd)
        )
        for done, prepared in enumerate(prepared_files, 1):
            rel = prepared.source.rel
            if progress is not None:
                progress(done, len(plan.read), rel)
            known = manifest.files.get(rel)
            outcome, held = tally.note(prepared, known)
            if held and outcome != "unchanged" and known is not None:
                new_ids = {str(f["id"]) for f in prepared.fields}
                writer.delete_ids(i for i in known.ids if i not in new_ids)
            added = prepared.fields if outcome in ("new", "changed") else []
            writer.record(rel, _file_record(prepared), added)
        writer.commit()
        writer.flush()
    finally:
        lock.release()
    return tally.summary(
        manifest, len(plan.read), took_ms=round((time.perf_counter() - started) * 1000, 1)
    )
