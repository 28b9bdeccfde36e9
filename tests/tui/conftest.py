"""The app most Pilot tests drive: the sample corpus over its shared index."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.tui.app import CorpusApp


@pytest.fixture()
def app(sample_corpus: Path, sample_index: Path) -> CorpusApp:
    """A fresh app on the sample corpus (modules on other corpora define their own)."""
    return CorpusApp(sample_corpus, sample_index, show_timings=False)
