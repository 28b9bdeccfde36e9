"""Shared fixtures: the sample corpus indexed once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine
from tests.paths import SAMPLE_CORPUS


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_CORPUS


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the sample corpus, built once and shared read-only."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    Engine(SAMPLE_CORPUS, index_dir).update_index()
    return index_dir


@pytest.fixture(scope="session")
def built_seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled seeds, built once a session; never handed out itself."""
    index_dir = tmp_path_factory.mktemp("seeds-index-built")
    Engine(None, index_dir).update_index()
    return index_dir


@pytest.fixture(scope="module")
def seeds_index(built_seeds_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A module's own copy of the seeds index (a module may rebuild it or tag in it)."""
    index_dir = tmp_path_factory.mktemp("seeds-index") / "index"
    shutil.copytree(built_seeds_index, index_dir)
    return index_dir


@pytest.fixture()
def sample_engine(sample_index: Path) -> Engine:
    engine = Engine(SAMPLE_CORPUS, sample_index)
    yield engine
    engine.close()


@pytest.fixture(scope="session", autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never read or write the user's real workspace (history, tags) or config.toml."""
    root = tmp_path_factory.mktemp("user-dirs")
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(root / name.lower())
    yield root
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first (in their own order), so with xdist no worker starts one at the very end
    while the others sit idle; the quick ones fill in around them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
