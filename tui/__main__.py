"""`python -m corpus_tui.tui [--corpus PATH] [--index DIR]`: start the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus_tui.search.cli_launch import AppTarget, launch_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m corpus_tui.tui",
        description="Search and read a corpus of news articles in the terminal.",
    )
    parser.add_argument(
        "--corpus", type=Path, help="folder or .json/.jsonl file (default: bundled)"
    )
    parser.add_argument("--index", type=Path, help="index folder (default: the user cache)")
    args = parser.parse_args(argv)
    return launch_app(AppTarget(args.corpus, args.index))


if __name__ == "__main__":
    sys.exit(main())
