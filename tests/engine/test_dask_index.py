"""Indexing on a Dask cluster (`index --dask`): the same index as the local pool, a worker that
dies mid-run costs a retry and not the run, and a missing scheduler costs one line."""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytestmark = [
    pytest.mark.slow,  # a cluster of worker processes, and several indexing runs
    pytest.mark.filterwarnings("ignore:Port 8787 is already in use"),  # dashboards of clusters
]

from corpus_tui.search import dask_map, documents, index_writer  # noqa: E402
from corpus_tui.search.cli import main  # noqa: E402
from corpus_tui.search.dask_map import DaskCluster  # noqa: E402
from corpus_tui.search.documents import LoadedFile, PreparedFile  # noqa: E402
from corpus_tui.search.errors import ClusterUnavailable  # noqa: E402
from corpus_tui.search.index import update_index  # noqa: E402
from corpus_tui.search.models import IndexSummary  # noqa: E402
from tests.paths import BENCH, SEEDS  # noqa: E402

GENERATED = 160


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two worker processes, as on two machines."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled seeds beside a few hundred generated articles."""
    root = tmp_path_factory.mktemp("dask-corpus")
    shutil.copytree(SEEDS, root / "seeds", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    spec = importlib.util.spec_from_file_location("bench_make_corpus", BENCH / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    make_corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = make_corpus
    spec.loader.exec_module(make_corpus)
    make_corpus.make_corpus(GENERATED, root / "generated", seed=3, workers=1)
    return root


@pytest.fixture(scope="module")
def local_index(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IndexSummary]:
    """The reference: the same corpus indexed by the local process pool."""
    index_dir = tmp_path_factory.mktemp("local-index")
    return index_dir, update_index(corpus, index_dir, processes=2)


def stored_documents(index_dir: Path) -> list[dict[str, object]]:
    from whoosh import index

    ix = index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        found = [dict(fields) for fields in searcher.all_stored_fields()]
    return sorted(found, key=lambda fields: str(fields["id"]))


def counts(summary: IndexSummary) -> dict[str, object]:
    return summary.model_dump(exclude={"took_ms"})


def test_dask_builds_the_same_index_as_the_local_pool(
    cluster: distributed.LocalCluster,
    corpus: Path,
    local_index: tuple[Path, IndexSummary],
    tmp_path: Path,
) -> None:
    reference_dir, reference = local_index
    seen: list[tuple[int, int]] = []
    summary = update_index(
        corpus,
        tmp_path,
        dask=cluster.scheduler_address,
        progress=lambda done, total, _path: seen.append((done, total)),
    )
    assert counts(summary) == counts(reference)
    assert summary.new == summary.documents == GENERATED + 5
    assert stored_documents(tmp_path) == stored_documents(reference_dir)
    assert seen == [(n, GENERATED + 5) for n in range(1, GENERATED + 6)]
    again = update_index(corpus, tmp_path, dask=cluster.scheduler_address)
    assert (again.unchanged, again.new, again.read) == (GENERATED + 5, 0, 0)


@dataclass
class DieOnce:
    """Prepares files as usual, except that the worker preparing `trigger` first dies, once."""

    trigger: str
    marker: str

    def __call__(self, loaded: LoadedFile) -> PreparedFile:
        from corpus_tui.search.documents import prepare_loaded  # the worker's own, unpatched

        if loaded.source.rel == self.trigger:
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os._exit(1)
        return prepare_loaded(loaded)


def test_a_worker_dying_mid_run_costs_a_retry_not_the_run(
    cluster: distributed.LocalCluster,
    corpus: Path,
    local_index: tuple[Path, IndexSummary],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference_dir, reference = local_index
    generated = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("generated/**/*.txt"))
    marker = tmp_path / "worker-died"
    monkeypatch.setattr(
        documents, "prepare_loaded", DieOnce(generated[len(generated) // 2], str(marker))
    )
    summary = update_index(corpus, tmp_path / "index", dask=cluster.scheduler_address)
    assert marker.exists()  # a worker did die
    assert counts(summary) == counts(reference)
    assert stored_documents(tmp_path / "index") == stored_documents(reference_dir)


def test_results_come_in_order_with_a_bounded_window(cluster: distributed.LocalCluster) -> None:
    pulled: list[int] = []

    def items() -> Iterator[str]:
        for number in range(400):
            pulled.append(number)
            yield f"item {number}"

    with DaskCluster(cluster.scheduler_address) as dask:
        threads = dask.threads()
        window = threads * dask_map.BATCHES_IN_FLIGHT_PER_THREAD
        ahead = []
        results = []
        for result in dask.map(str.upper, items(), total=400):
            results.append(result)
            ahead.append(len(pulled) - len(results))
    assert results == [f"ITEM {number}" for number in range(400)]
    per_batch = math.ceil(400 / (threads * 4))
    # the window, plus the batch whose results are being handed over
    assert max(ahead) <= (window + 1) * per_batch
    assert max(ahead) >= per_batch  # it does run ahead: workers are kept busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_no_scheduler_is_one_line_and_keeps_the_index(
    corpus: Path,
    local_index: tuple[Path, IndexSummary],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reference_dir, _ = local_index
    index_dir = tmp_path / "index"
    shutil.copytree(reference_dir, index_dir)
    monkeypatch.setattr(dask_map, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    argv = ["--corpus", str(corpus), "--index", str(index_dir), "index", "--rebuild"]
    code = main([*argv, "--dask", address])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert f"cannot reach the Dask scheduler at {address}" in err
    assert stored_documents(index_dir) == stored_documents(
        reference_dir
    )  # --rebuild cleared nothing


def test_without_the_cluster_extra_one_line_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ClusterUnavailable) as raised:
        update_index(SEEDS, tmp_path, dask="tcp://127.0.0.1:8786")
    assert str(raised.value) == (
        "install corpus-tui[cluster] (pip install 'corpus-tui[cluster]') to use --dask"
    )
    assert not list(tmp_path.iterdir())  # nothing was written


def test_losing_the_scheduler_mid_run_keeps_what_was_committed(
    cluster: distributed.LocalCluster,
    corpus: Path,
    local_index: tuple[Path, IndexSummary],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference_dir, reference = local_index
    monkeypatch.setattr(index_writer, "BATCH_DOCUMENTS", 20)
    doomed = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None
    )

    def progress(done: int, _total: int, _path: str) -> None:
        if done == 60:
            doomed.close()

    with pytest.raises(ClusterUnavailable, match="^lost the Dask scheduler at tcp://"):
        update_index(corpus, tmp_path, dask=doomed.scheduler_address, progress=progress)
    kept = len(stored_documents(tmp_path))
    assert 40 <= kept <= 60  # the batches committed before the loss
    resumed = update_index(corpus, tmp_path, dask=cluster.scheduler_address)
    assert (resumed.unchanged, resumed.new) == (kept, reference.documents - kept)
    assert stored_documents(tmp_path) == stored_documents(reference_dir)


def test_a_scheduler_without_workers_or_with_other_workers_is_refused(
    cluster: distributed.LocalCluster,
) -> None:
    with pytest.raises(ClusterUnavailable, match="runs another corpus-tui"):
        DaskCluster(cluster.scheduler_address, check=os.getpid)  # each worker answers otherwise
    with (
        distributed.LocalCluster(
            n_workers=0, processes=False, protocol="tcp", dashboard_address=None
        ) as empty,
        pytest.raises(ClusterUnavailable, match="has no workers"),
    ):
        DaskCluster(empty.scheduler_address, timeout=1)


@pytest.mark.parametrize("address", ["", "tcp://host-without-port", "a:b:c"])
def test_a_malformed_address_is_refused_before_anything_is_written(
    address: str, tmp_path: Path
) -> None:
    with pytest.raises(ClusterUnavailable, match="scheduler address"):
        update_index(SEEDS, tmp_path, dask=address)
    assert not list(tmp_path.iterdir())
