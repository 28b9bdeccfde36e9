"""Counting the articles whose stored fields an engine loads, to prove a listing reads only
what it needs (or nothing at all, when the aggregate answers)."""

from __future__ import annotations

import pytest
from whoosh.reading import SegmentReader

from corpus_tui.search.engine import Engine


def count_stored_reads(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The document numbers whose stored fields are loaded from now on (the engine's searcher
    is reopened so it binds the counting reader)."""
    reads: list[int] = []
    original = SegmentReader.stored_fields

    def counting(self: SegmentReader, docnum: int) -> dict:
        reads.append(docnum)
        return original(self, docnum)

    monkeypatch.setattr(SegmentReader, "stored_fields", counting)
    engine.reload()
    return reads
