"""The one Whoosh writer of an index run: articles added, committed in doubling batches with
the manifest and the corpus-wide aggregate kept in step after each commit."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from .manifest import FileRecord, Manifest
from .merging import merge_policy

if TYPE_CHECKING:
    from .aggregate import Aggregate

BATCH_DOCUMENTS = 1000
"""Articles in the first commit; each later batch is twice the one before.

Every commit makes a segment, and every search pays per segment: at 10,000 articles, ten
segments of 1,000 made a search twice as slow as one segment, a fuzzy one ten times. Merging
them afterwards is dearer still (Whoosh re-adds every posting in Python: half again the build
time). Doubling batches leaves a few segments (4 at 10,000 articles, 7 at 100,000) for the
cost of writing each article once; a killed build loses at most half of what it had done."""
WRITER_LIMIT_MB = 96
"""Memory for the writer's posting buffer before it spills sorted runs to disk."""


class BatchedWriter:
    """One Whoosh writer, committed in doubling batches (see BATCH_DOCUMENTS) with the manifest
    saved after each commit, so the manifest never lists a file whose articles are not committed."""

    def __init__(self, ix: FileIndex, manifest: Manifest, index_dir: Path) -> None:
        self._ix = ix
        self._manifest = manifest
        self._index_dir = index_dir
        self._aggregate = _open_aggregate(ix, index_dir)
        self._writer = _open_writer(ix)
        self._pending: dict[str, FileRecord] = {}
        self._pending_docs = 0
        self._added = 0
        self._batch_limit = BATCH_DOCUMENTS

    def delete(self, rel: str) -> None:
        """Drop every article of one file."""
        self._writer.delete_by_term("path", rel)
        self._aggregate.delete_path(rel)

    def record(self, rel: str, record: FileRecord, documents: list[dict[str, object]]) -> None:
        """Add a file's articles (none for an unchanged or refused file) and its record."""
        for fields in documents:
            self._writer.add_document(**fields)
            self._aggregate.add(fields)
        self._pending[rel] = record
        self._pending_docs += len(documents)
        self._added += len(documents)
        if self._pending_docs >= self._batch_limit:
            self._batch_limit *= 2
            self._writer.commit(merge=False)  # one merge at the end, not one per batch
            self._aggregate.commit(self._ix.latest_generation())
            self._save_manifest()
            self._writer = _open_writer(self._ix)

    def finish(self) -> None:
        """Commit the last batch (merging segments as `merging.py` decides), bring the
        corpus-wide aggregate up to date, and save the manifest."""
        self._writer.commit(mergetype=merge_policy(self._added))
        self._aggregate.merge(self._ix.latest_generation())
        self._aggregate.close()
        self._save_manifest()

    def cancel(self) -> None:
        """Drop uncommitted work after a failure; the committed index stays as it was."""
        self._aggregate.close()
        # Cancelling closes the new segment's files; on a full disk that can fail again, and
        # the original error is the one worth reporting, so a second OSError here is dropped.
        with contextlib.suppress(OSError):
            if not self._writer.is_closed:
                self._writer.cancel()

    def _save_manifest(self) -> None:
        self._manifest.files.update(self._pending)
        self._manifest.save(self._index_dir)
        self._pending.clear()
        self._pending_docs = 0


def _open_aggregate(ix: FileIndex, index_dir: Path) -> Aggregate:
    """The aggregate in step with the index as it is now: one out of step (a run killed
    between the two commits, an index from before aggregates) is rebuilt from the index."""
    from .aggregate import Aggregate

    aggregate = Aggregate(index_dir)
    if not aggregate.in_step_with(ix.latest_generation()):
        aggregate.clear()
        with ix.searcher() as searcher:
            if searcher.doc_count_all():
                aggregate.add_all(searcher.all_stored_fields())
    return aggregate


def _open_writer(ix: FileIndex) -> SegmentWriter:
    """A writer that does not take the lock itself: `update_index` already holds it."""
    return ix.writer(limitmb=WRITER_LIMIT_MB, _lk=False)
