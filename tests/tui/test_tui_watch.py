"""The open app picks up corpus changes by itself ([index] watch), and shows indexing's time left."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from corpus_tui.search.eta import Eta
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.widgets.status_bar import StatusBar
from tests.tui_support import (
    indexed_corpus,
    main_screen,
    run_async,
    settle,
    wait_for,
    write_config,
)


def _titles(app: CorpusApp) -> str:
    return " ".join(str(option.prompt) for option in main_screen(app).results.options)


@pytest.fixture()
def harbour(tmp_path: Path) -> tuple[Path, Path]:
    return indexed_corpus(
        tmp_path,
        {
            "one.txt": "Harbour one\n\nThe harbour reopened.\n",
            "two.txt": "Harbour two\n\nThe harbour closed.\n",
        },
    )


@run_async
async def test_a_changed_and_an_added_file_show_up_without_a_key(
    harbour: tuple[Path, Path],
) -> None:
    corpus, index = harbour
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.results.total == 2)
        await settle(pilot)
        assert "Harbour two" in _titles(app)
        (corpus / "two.txt").write_text("Lighthouse two\n\nThe lamp is lit.\n", encoding="utf-8")
        await wait_for(pilot, lambda: "Lighthouse two" in _titles(app), tries=1500)
        assert "Harbour two" not in _titles(app)
        (corpus / "three.txt").write_text("Ferry three\n\nThe ferry sailed.\n", encoding="utf-8")
        await wait_for(pilot, lambda: screen.results.total == 3, tries=1500)
        assert "Ferry three" in _titles(app)


@run_async
async def test_watching_can_be_turned_off(
    harbour: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, monkeypatch, "[index]\nwatch = false\n")
    corpus, index = harbour
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.results.total == 2)
        await settle(pilot)
        checks: list[bool] = []
        changed = app.session.corpus_changed
        app.session.corpus_changed = lambda: checks.append(True) or changed()  # type: ignore[method-assign]
        (corpus / "three.txt").write_text("Ferry three\n\nThe ferry sailed.\n", encoding="utf-8")
        for _ in range(3):
            await pilot.pause(1.0)
        assert checks == [] and screen.results.total == 2 and not screen.indexing


class _Bar(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar()


@run_async
async def test_the_status_bar_shows_the_time_left() -> None:
    now = [50.0]
    app = _Bar()
    async with app.run_test(size=(120, 5)) as pilot:
        bar = app.query_one(StatusBar)
        bar._eta = Eta(lambda: now[0])
        eta = bar.query_one("#status-eta", Static)
        bar.show_progress(0, 0)
        now[0] += 0.5
        bar.show_progress(5, 100)
        await pilot.pause()
        assert not eta.display  # nothing during the first second
        now[0] += 1.5  # 2 s for 20 of 100: 8 s to go
        bar.show_progress(20, 100)
        await pilot.pause()
        assert eta.display and str(eta.render()) == "ETA 0:08"
        bar.hide_progress()
        await pilot.pause()
        assert not eta.display
