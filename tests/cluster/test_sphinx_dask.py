"""`index --dask` into a Sphinx cluster: the articles analysed on Dask workers, written to shards.

A cluster of its own (two searchd nodes) and a Dask LocalCluster, on the bundled seeds, so the
test is short; the answers must be those of a Whoosh index built by the local pool.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_tui.search.backends.sphinx.local import LocalCluster
from corpus_tui.search.engine import Engine
from tests.cluster.conftest import require_searchd

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sphinx_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    require_searchd()
    nodes = LocalCluster.create(tmp_path_factory.mktemp("sphinx-dask"), 2)
    try:
        nodes.start()
        yield nodes
    finally:
        nodes.stop_all()


def test_index_dask_fills_the_cluster_like_the_local_pool(
    sphinx_nodes: LocalCluster, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    whoosh = Engine(None, tmp_path / "whoosh")
    whoosh.update_index(processes=1)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None
    ) as dask:
        done = subprocess.run(
            [sys.executable, "-m", "corpus_tui.search", "--backend", sphinx_nodes.url]
            + ["--index", str(tmp_path / "sphinx"), "index", "--json"]
            + ["--dask", dask.scheduler_address],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 5
    unreachable = subprocess.run(
        [sys.executable, "-m", "corpus_tui.search", "--backend", sphinx_nodes.url]
        + ["--index", str(tmp_path / "other"), "index", "--dask", "tcp://127.0.0.1:1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert unreachable.returncode == 1  # the address is used, not ignored
    assert len(unreachable.stderr.strip().splitlines()) == 1
    engine = Engine(None, tmp_path / "sphinx", backend=sphinx_nodes.url)
    person = whoosh.entities(type="person", limit=1).entities[0].name
    try:
        assert not engine.is_stale()
        for query in ("france", f'person:"{person}"', "date:2025", "*"):
            mine = engine.search(query, limit=50, sort="date")
            theirs = whoosh.search(query, limit=50, sort="date")
            assert [h.id for h in mine.hits] == [h.id for h in theirs.hits], query
    finally:
        engine.close()
