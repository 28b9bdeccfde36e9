"""A real two-node Sphinx cluster on free loopback ports, data under a temporary folder.

The nodes are children of the test process (`local.LocalCluster`) and are stopped in teardown
whatever happened; without searchd or pymysql the cluster tests are skipped, saying why.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corpus_tui.search.backends.sphinx.local import LocalCluster, searchd_missing

NODES = 2


@pytest.fixture(scope="module")
def sphinx_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Two searchd nodes, each with one RT shard, the first with the distributed index."""
    reason = searchd_missing()
    if reason is not None:
        pytest.skip(reason)
    cluster = LocalCluster.create(tmp_path_factory.mktemp("sphinx"), NODES)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop_all()
