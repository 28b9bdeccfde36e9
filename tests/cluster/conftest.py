"""A real two-node Sphinx cluster on free loopback ports, data under a temporary folder.

The nodes are children of the test process (`local.LocalCluster`) and are stopped in teardown
whatever happened; without searchd or pymysql the cluster tests are skipped, saying why, except
as root (as in CI), where `make test` installs them and their absence fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from corpus_tui.search.backends.sphinx.local import LocalCluster, searchd_missing

NODES = 2


def require_searchd() -> None:
    """Skip without `searchd` only where `make test` could not install it (not root); as root,
    as in CI, a missing server is a failure, so the cluster tests can never silently not run."""
    reason = searchd_missing()
    if reason is None:
        return
    if os.geteuid() == 0:
        pytest.fail(f"{reason}; `make test` installs it as root")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sphinx_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Two searchd nodes, each with one RT shard, the first with the distributed index."""
    require_searchd()
    cluster = LocalCluster.create(tmp_path_factory.mktemp("sphinx"), NODES)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop_all()
