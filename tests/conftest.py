"""Shared fixtures: the sample corpus indexed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine

DATA = Path(__file__).parent / "data"
SAMPLE_CORPUS = DATA / "sample_corpus"


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_CORPUS


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the sample corpus, built once and shared read-only."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    Engine(SAMPLE_CORPUS, index_dir).update_index()
    return index_dir


@pytest.fixture()
def sample_engine(sample_index: Path) -> Engine:
    engine = Engine(SAMPLE_CORPUS, sample_index)
    yield engine
    engine.close()
