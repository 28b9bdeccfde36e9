"""Indexing speed with the local process pool against `index --dask` on a local Dask cluster.

Both build the same index of the same generated corpus (default 3,000 articles) from scratch with
the real command; the cluster is a `LocalCluster` of N single-threaded worker processes (default
2) started before the timed run, as a standing cluster would be. The memory column is the
indexing command's own process tree (with the local pool: its workers too; with Dask: the client
alone, the workers being the cluster's). Prints a Markdown table.

    python bench/dask_index.py [--size 3000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import run  # noqa: E402  (bench/ is a folder of scripts, not a package)


def timed_index(corpus: Path, index: Path, extra: Sequence[str]) -> run.ProcessRun:
    """One full build with the real command (run_process raises if the command fails)."""
    shutil.rmtree(index, ignore_errors=True)
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(corpus)]
    return run.run_process([*command, "--index", str(index), "index", "--json", *extra])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers and pool processes")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-tui-bench"
    )
    args = parser.parse_args(argv)
    from distributed import LocalCluster

    corpus = run.ensure_corpus(args.workdir, args.size)
    index = args.workdir / f"dask-{args.size}" / "index"
    rows: list[tuple[str, run.ProcessRun]] = []
    load_before = os.getloadavg()[0]
    local_run = timed_index(corpus, index, [])
    rows.append((f"local process pool ({os.cpu_count()} processes)", local_run))
    started = time.perf_counter()
    with LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        cluster_start = time.perf_counter() - started
        dask_run = timed_index(corpus, index, ["--dask", cluster.scheduler_address])
    rows.append((f"--dask, LocalCluster of {args.workers} workers", dask_run))
    load_after = os.getloadavg()[0]
    print(
        f"{args.size:,} generated articles, {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before and {load_after:.1f} after\n"
    )
    print("| indexing | seconds | articles/s | peak PSS of the indexing command |")
    print("|---|---:|---:|---:|")
    for name, done in rows:
        print(
            f"| {name} | {done.seconds:.1f} | {args.size / done.seconds:.0f} "
            f"| {done.peak_pss_mb:.0f} MB |"
        )
    print(f"\nThe local cluster took {cluster_start:.1f} s to start (not counted above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
