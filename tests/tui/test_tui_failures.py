"""Failed engine calls in the app: each names what failed, and a bug is one line, never silent."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest
from textual.widgets import Static

from corpus_tui.search.errors import EngineError
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.speakers import SpeakersScreen
from tests.tui_support import WIDE, main_screen, run_async, settle


@pytest.fixture()
def app(seeds_index: Path) -> CorpusApp:
    return CorpusApp(None, seeds_index, show_timings=False)


def status(app: CorpusApp) -> str:
    return str(main_screen(app).query_one("#status-text", Static).render())


@run_async
async def test_a_failed_entity_list_says_so_not_that_an_article_failed(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> NoReturn:
        raise EngineError("the index is unreadable")

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.session, "entity_rows", broken)
        await main_screen(app).run_action("set_scope('corpus')")
        await settle(pilot)
        assert status(app) == "Cannot list the entities: the index is unreadable"


@run_async
async def test_a_failed_staleness_check_is_not_called_an_index_update(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> NoReturn:
        raise EngineError("cannot read the corpus folder")

    monkeypatch.setattr(app.session, "is_stale", broken)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await settle(pilot)
        shown = status(app)
        assert shown == "Cannot check the corpus for new files: cannot read the corpus folder"


@run_async
async def test_a_bug_in_a_view_call_shows_one_line(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(*args: object) -> NoReturn:
        raise TypeError("unsupported operand")

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.session, "speakers", buggy)
        await main_screen(app).run_action("show_speakers")
        await settle(pilot)
        assert isinstance(app.screen, SpeakersScreen)
        shown = str(app.screen.query_one("#view-status", Static).render())
        assert shown == "Error: Cannot load the speakers view: TypeError: unsupported operand"
