"""Pane layouts: one line per hit on short terminals (`c` switches) and the entity sidebar's
counts and paging. Driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.help import help_sections

from .test_tui_reading import on_screen
from .tui_support import main_screen, run_async, settle, wait_for

WIDE = (120, 40)
NARROW = (80, 24)


@pytest.fixture()
def app(sample_corpus: Path, sample_index: Path) -> CorpusApp:
    return CorpusApp(sample_corpus, sample_index, show_timings=False)


def hit_rows(lines: list[str], dates: list[str]) -> list[int]:
    """Indexes of the painted lines that carry a hit's date."""
    return [index for index, line in enumerate(lines) if any(date in line for date in dates)]


@run_async
async def test_a_short_terminal_lists_one_line_per_hit(
    app: CorpusApp, sample_engine: Engine
) -> None:
    expected = sample_engine.search("*", limit=100, sort="date")
    dates = [hit.date for hit in expected.hits if hit.date]
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        assert results.one_line
        lines = on_screen(results)
        for hit, line in zip(expected.hits, lines[1:], strict=False):  # under the border
            assert (hit.title or "")[:8] in line
            assert (hit.date or "undated") in line
        assert len(hit_rows(lines, dates)) == len(dates)  # every hit fits at 80x24


@run_async
async def test_c_switches_between_one_line_and_three_keeping_the_cursor(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        results = screen.results
        assert not results.one_line
        full_rows = len(on_screen(results))
        await pilot.press("down", "down")
        chosen = results.highlighted_id
        keys = {key.description: key.key_display for key in screen.query("FooterKey")}
        assert keys.get("Compact") == "c"
        await pilot.press("c")
        await pilot.pause()
        assert results.one_line and results.highlighted_id == chosen
        assert results.virtual_size.height == results.option_count
        assert full_rows == len(on_screen(results))
        await pilot.press("c")
        await pilot.pause()
        assert not results.one_line and results.highlighted_id == chosen
        assert results.virtual_size.height > 2 * results.option_count


@run_async
async def test_one_line_mode_follows_the_height_until_switched(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert results.one_line
        await pilot.press("c")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert results.one_line  # the user's switch holds: it inverts the default


def test_help_lists_the_compact_key() -> None:
    rows = dict(help_sections())["Results"]
    assert any(key == "c" and "One line per hit" in text for key, text in rows)


@run_async
async def test_the_palette_switches_the_results_layout(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        await pilot.press("ctrl+p", *"Results: compact")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: results.one_line)
