"""TUI timings for bench/run.py, each in a fresh process so start-up includes every import.

    python bench/tui_latency.py start-empty
    python bench/tui_latency.py start-app --corpus C --index I
    python bench/tui_latency.py keys --corpus C --index I --queries queries.json

`start-*` print `painted` on stdout once the first screen (for the app: the first page of results)
has been refreshed; the caller times the process from launch to that line. `keys` prints one JSON
line: milliseconds from pressing Enter in the search bar to the refresh after the results list got
the new hits, one per query.

The apps run headless through `App.run_test()`, which drives the same compositor as a terminal.
Textual captures `print` while an app runs, so output goes straight to file descriptor 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SIZE = (120, 40)
START_TIMEOUT = 120.0


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


async def _after_refresh(target: Any) -> None:
    """Wait until the screen has been refreshed after everything already queued."""
    done = asyncio.get_running_loop().create_future()
    target.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


async def start_empty() -> None:
    from textual.app import App

    class EmptyApp(App[None]):
        """The reference: a Textual app with nothing in it."""

    app = EmptyApp()
    async with app.run_test(size=SIZE):
        await _after_refresh(app)
        _say("painted")


async def _results_shown(app: Any) -> Any:
    """The results list once it has rows (the engine opens and searches in workers)."""
    from textual.css.query import NoMatches

    from corpus_tui.tui.widgets.results_list import ResultsList

    deadline = time.perf_counter() + START_TIMEOUT
    while time.perf_counter() < deadline:
        try:
            results = app.screen.query_one(ResultsList)
        except NoMatches:
            results = None
        if results is not None and results.option_count:
            return results
        await asyncio.sleep(0.001)
    raise TimeoutError("no results were shown")


async def start_app(corpus: Path, index: Path) -> None:
    from corpus_tui.tui.app import CorpusApp

    app = CorpusApp(corpus, index)
    async with app.run_test(size=SIZE):
        await _results_shown(app)
        await _after_refresh(app)
        _say("painted")


async def keys(corpus: Path, index: Path, queries: list[str]) -> None:
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.widgets.search_bar import SearchBar

    app = CorpusApp(corpus, index)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        results = await _results_shown(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        painted: asyncio.Event = asyncio.Event()
        show_hits = results.show_hits

        def recording_show_hits(hits: Any, total: int, append: bool = False) -> None:
            show_hits(hits, total, append=append)
            if not append:
                results.call_after_refresh(painted.set)

        results.show_hits = recording_show_hits
        search_bar = app.screen.query_one(SearchBar)
        for query in queries:
            search_bar.set_query(query)
            search_bar.input.focus()
            await pilot.pause()
            painted.clear()
            started = time.perf_counter()
            await pilot.press("enter")
            await asyncio.wait_for(painted.wait(), timeout=60)
            times.append((time.perf_counter() - started) * 1000)
            await app.workers.wait_for_complete()
    _say(json.dumps({"times_ms": times}))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("start-empty", "start-app", "keys"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--queries", type=Path, help="JSON list of queries (for `keys`)")
    args = parser.parse_args(argv)
    if args.mode == "start-empty":
        asyncio.run(start_empty())
        return 0
    if args.corpus is None or args.index is None:
        parser.error(f"{args.mode} needs --corpus and --index")
    if args.mode == "start-app":
        asyncio.run(start_app(args.corpus, args.index))
        return 0
    if args.queries is None:
        parser.error("keys needs --queries")
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    asyncio.run(keys(args.corpus, args.index, queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
