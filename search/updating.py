"""What every index update shares, whichever backend writes it: its options and its tally.

The plan and the reading of files are `index.py`'s; a backend's writer (the Whoosh index, the
Sphinx shards) adds the articles and counts each file read here, so every backend reports the
same summary for the same corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from .models import IndexSummary, IngestWarning, SkippedFile

if TYPE_CHECKING:
    from .documents import PreparedFile
    from .manifest import FileRecord, Manifest
    from .update_plan import Plan

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, current_path) while indexing."""
NoticeCallback = Callable[[str], None]
LOCK_WAIT = 30.0
"""Seconds an update waits for another process's write lock by default."""


class UpdateOptions(TypedDict, total=False):
    """How an update runs; every backend's update takes the same ones (all optional)."""

    rebuild: bool
    progress: ProgressCallback | None
    notice: NoticeCallback | None
    lock_wait: float
    ignore: Callable[[str], bool] | None
    processes: int | None
    dask: str | None
    """A Dask scheduler's address: parse and analyse there instead of in local processes."""
    folders: Sequence[str] | None
    """Look only at the files directly in these folders (relative to the corpus); the rest of
    the index stays as it is. The open app passes the folders it saw change."""


def file_outcome(prepared: PreparedFile, known: FileRecord | None) -> str:
    """What a file read in this run is for the index: skipped, unchanged, changed or new."""
    if prepared.skipped_reason is not None:
        return "skipped"
    if known is None or known.skipped is not None:
        return "new"
    return "unchanged" if known.content_hash == prepared.content_hash else "changed"


@dataclass
class Tally:
    """What an update counts as it reads files, for its summary: outcomes, refusals, warnings."""

    counts: Counter[str]
    skipped: list[SkippedFile]
    warnings: list[IngestWarning]

    @classmethod
    def of(cls, plan: Plan) -> Tally:
        """The counts the plan already knows, before any file is read."""
        counts = Counter(removed=plan.removed, unchanged=plan.unchanged, new=0, changed=0)
        return cls(counts, list(plan.skipped), list(plan.warnings))

    def note(self, prepared: PreparedFile, known: FileRecord | None) -> tuple[str, bool]:
        """Count one file read: its outcome, and whether the index held its articles before."""
        rel = prepared.source.rel
        self.warnings.extend(IngestWarning(path=rel, message=text) for text in prepared.warnings)
        outcome = file_outcome(prepared, known)
        held = known is not None and known.skipped is None
        if outcome == "skipped":
            self.skipped.append(SkippedFile(path=rel, reason=str(prepared.skipped_reason)))
            self.counts["removed"] += int(held)
        else:
            self.counts[outcome] += 1
        return outcome, held

    def summary(self, manifest: Manifest, read: int, took_ms: float) -> IndexSummary:
        """The run's summary, refusals and warnings sorted by path."""
        return IndexSummary(
            documents=manifest.document_count(),
            skipped=sorted(self.skipped, key=lambda s: s.path),
            warnings=sorted(self.warnings, key=lambda w: w.path),
            took_ms=took_ms,
            read=read,
            **self.counts,
        )
