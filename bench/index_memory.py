"""Peak memory and time of `corpus-tui index` alone at one size (default 50,000 articles).

The full `run.py` at 50k takes over half an hour; this measures just the indexing memory goal
(peak PSS summed over the indexer and its pool workers, under 500 MB at 50k) on the same
generated corpus, and prints one line.

    python bench/index_memory.py [--size 50000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import run  # noqa: E402  (bench/ is a folder of scripts, not a package)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-tui-bench"
    )
    args = parser.parse_args(argv)
    corpus = run.ensure_corpus(args.workdir, args.size)
    index = args.workdir / f"memory-{args.size}" / "index"
    shutil.rmtree(index, ignore_errors=True)
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(corpus)]
    done = run.run_process([*command, "--index", str(index), "index", "--json"])
    verdict = "PASS" if done.peak_pss_mb < 500 else "MISS"
    print(
        f"index {args.size:,} articles: {done.seconds:.0f} s "
        f"({args.size / done.seconds:.0f} articles/s), peak PSS {done.peak_pss_mb:.0f} MB, "
        f"peak RSS {done.peak_rss_mb:.0f} MB (all processes); goal < 500 MB: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
