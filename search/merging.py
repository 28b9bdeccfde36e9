"""When an update's commit merges Whoosh segments.

Whoosh's default policy (MERGE_SMALL) may fold a run of large segments together on any commit,
so one changed file can cost a rewrite of tens of thousands of articles. A small update instead
merges only segments below SMALL_SEGMENT_DOCS, and only once TIER_WIDTH of them share a size
tier (1-9, 10-99, 100-999 articles): its cost stays bounded by the small segments, whatever the
corpus size. Builds and large updates keep Whoosh's policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, SegmentWriter

SMALL_SEGMENT_DOCS = 1000
"""Segments of at least this many articles (a build's batches) are left alone by small updates."""
TIER_WIDTH = 4
"""Small segments of one size tier merged together once there are this many.

Each segment costs every search: five one-article segments (five edits of one file) added
2.5 ms to the median search at 10,000 articles and a vocabulary walk each to a fuzzy term.
Four keeps at most nine small segments, and merging four of a tier costs at most a few
seconds below 100 articles (four one-article segments: 0.1 s)."""

MergePolicy = Callable[[SegmentWriter, list[Any]], list[Any]]


def merge_small_tiers(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Merge the small segments of any size tier that has TIER_WIDTH of them; keep the rest."""
    tiers: dict[int, list[int]] = {}
    for number, segment in enumerate(segments):
        docs = segment.doc_count_all()
        if docs < SMALL_SEGMENT_DOCS:
            tiers.setdefault(len(str(max(docs, 1))), []).append(number)
    merged = {n for numbers in tiers.values() if len(numbers) >= TIER_WIDTH for n in numbers}
    for number in sorted(merged):
        reader = SegmentReader(writer.storage, writer.schema, segments[number])
        writer.add_reader(reader)
        reader.close()
    return [segment for number, segment in enumerate(segments) if number not in merged]


def merge_policy(added: int) -> MergePolicy:
    """The policy for a commit after an update that added `added` articles."""
    return MERGE_SMALL if added >= SMALL_SEGMENT_DOCS else merge_small_tiers
