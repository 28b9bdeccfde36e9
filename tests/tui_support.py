"""Helpers shared by the Pilot tests: running async tests, waiting for the app, reading the screen."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.main import MainScreen
from corpus_tui.tui.widgets.reader import Reader

WIDE = (120, 40)
NARROW = (80, 24)
"""The two terminal sizes the Pilot tests run at: a roomy one and the classic 80x24."""


def indexed_corpus(folder: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """A corpus of these files (name -> text) under `folder`, indexed: (corpus, index)."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = folder / "index"
    Engine(corpus, index).update_index()
    return corpus, index


def write_config(folder: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """A config.toml with `text`, where the app looks for it (XDG_CONFIG_HOME under `folder`)."""
    config = folder / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    (config / "corpus-tui").mkdir(parents=True)
    (config / "corpus-tui" / "config.toml").write_text(text, encoding="utf-8")


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body in a fresh event loop (pytest sees the fixtures through wraps)."""

    @functools.wraps(test)
    def runner(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return runner


async def settle(pilot: Pilot) -> None:
    """Let every worker finish and the screen catch up (no sleeping).

    A worker cancelled because a newer call of its group superseded it is finished too: waiting
    on it raises `WorkerCancelled`, and the wait goes on with the workers left.
    """
    from textual.worker import WorkerCancelled

    for _ in range(2):
        for _attempt in range(SETTLE_ATTEMPTS):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
        await pilot.pause()


SETTLE_ATTEMPTS = 20
"""Waits `settle` makes past superseded workers before it gives up waiting."""


async def search(pilot: Pilot, query: str) -> None:
    """Type a query into the search box (clearing what was there), run it, and settle."""
    await pilot.press("slash", "ctrl+u", *query, "enter")
    await settle(pilot)


async def open_first_hit(pilot: Pilot, query: str) -> Reader:
    """Let the app start, search for `query`, open its first hit; returns the reader showing it."""
    await settle(pilot)
    await search(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    return main_screen(pilot.app).reader  # type: ignore[arg-type]


async def wait_for(pilot: Pilot, condition: Callable[[], bool], tries: int = 500) -> None:
    """Wait until `condition` holds, for work that outlives the workers (a child process)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


def main_screen(app: CorpusApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def painted_lines(widget: Widget) -> list[str]:
    """What the widget actually draws, line by line."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text for strip in strips]
