"""`corpus-tui index`, and the index every reading command brings up to date first.

A writer waits a while for another one; a reader never does: with an index on disk it answers
from what is committed and says so on stderr, so `search` never fails because of a busy writer.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from .cli_launch import fail, print_json

if TYPE_CHECKING:
    from .engine import Engine

LOCK_WAIT_SECONDS = 30.0
"""How long a writer waits for another one to finish before exiting 1 with a busy message."""


def ensure_index(engine: Engine, quiet: bool) -> None:
    """Build or update a missing or stale index, with progress on a terminal unless quiet.

    When an index exists, a reader never waits for another writer and never fails because the
    index cannot be written: it answers from what is committed, saying so on stderr.
    """
    from .errors import IndexBusy, IndexUnavailable

    if not engine.has_index():
        _update_for_reading(engine, quiet, lock_wait=LOCK_WAIT_SECONDS)
        return
    if not engine.is_stale():
        return
    try:
        _update_for_reading(engine, quiet, lock_wait=0)
    except IndexBusy:
        if not quiet:
            fail("another corpus-tui is updating the index; answering from what it has committed")
    except IndexUnavailable as error:
        if not quiet:
            fail(f"{error}; answering from the existing index")


def _update_for_reading(engine: Engine, quiet: bool, lock_wait: float) -> None:
    """Update the index before a query, with a progress bar on a terminal unless quiet."""
    if quiet or not sys.stderr.isatty():
        engine.update_index(notice=None if quiet else fail, lock_wait=lock_wait)
        return
    from .cli_output import progress_bar

    with progress_bar() as progress:
        engine.update_index(progress=progress, notice=fail, lock_wait=lock_wait)


def run_index(engine: Engine, args: argparse.Namespace) -> int:
    """`index [--rebuild] [--json] [--dask ADDRESS] [--folder FOLDER]...`: the update's
    summary, progress on a terminal."""
    if args.progress_json:
        return _index_with_json_events(engine, args.rebuild, args.dask, args.folder)
    if args.folder:
        _note_missing_folders(engine, args.folder)
    if args.json or not sys.stderr.isatty():
        summary = engine.update_index(
            rebuild=args.rebuild,
            notice=None if args.json else fail,
            dask=args.dask,
            folders=args.folder,
        )
    else:
        from .cli_output import progress_bar

        with progress_bar() as progress:
            summary = engine.update_index(
                rebuild=args.rebuild,
                progress=progress,
                notice=fail,
                dask=args.dask,
                folders=args.folder,
            )
    if args.json:
        print_json(summary)
    else:
        from .cli_output import print_index_summary

        print_index_summary(summary)
    return 0


def _note_missing_folders(engine: Engine, folders: list[str]) -> None:
    """Refuse a FOLDER outside the corpus before anything runs (exit 2), and say so when one is
    not there, so the whole corpus is looked at instead."""
    from .update_plan import checked_folders

    if checked_folders(engine.corpus_path, folders) is None:
        missing = [f for f in folders if checked_folders(engine.corpus_path, [f]) is None]
        fail(f"no folder {', '.join(map(repr, missing))} in the corpus: looking at all of it")


def _index_with_json_events(
    engine: Engine, rebuild: bool, dask: str | None = None, folders: list[str] | None = None
) -> int:
    """Machine-readable progress for a parent process (the TUI): one JSON object per line."""
    from .errors import EngineError

    def emit(event: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    def progress(done: int, total: int, path: str) -> None:
        emit({"event": "progress", "done": done, "total": total, "path": path})

    def notice(message: str) -> None:
        emit({"event": "notice", "message": message})

    try:
        summary = engine.update_index(
            rebuild=rebuild, progress=progress, notice=notice, dask=dask, folders=folders
        )
    except EngineError as error:
        emit({"event": "error", "message": str(error)})
        return 1
    emit({"event": "summary", "summary": summary.model_dump()})
    return 0
