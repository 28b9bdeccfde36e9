"""The exploration views in the app, driven with Pilot on the bundled seeds."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Sparkline

from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.article import ArticleScreen
from corpus_tui.tui.screens.export import ExportScreen
from corpus_tui.tui.screens.kwic import KwicScreen
from corpus_tui.tui.screens.main import MainScreen
from corpus_tui.tui.screens.related import RelatedScreen
from corpus_tui.tui.screens.speakers import QuotesScreen, SpeakersScreen
from corpus_tui.tui.screens.trends import TrendsScreen
from corpus_tui.tui.widgets.reader import Reader
from tests.tui_support import NARROW, WIDE, main_screen, run_async, search, settle

S = TypeVar("S", bound=Screen)


@pytest.fixture()
def app(seeds_index: Path) -> CorpusApp:
    return CorpusApp(None, seeds_index, show_timings=False)


def table(pilot: Pilot) -> DataTable:
    return pilot.app.screen.query_one("#view-table", DataTable)


async def open_view(pilot: Pilot, key: str, kind: type[S]) -> S:
    """Press the key that opens a view and wait for it; the screen on top must be `kind`."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def pick_entity(pilot: Pilot, name: str) -> None:
    """Move the sidebar's cursor onto an entity and focus the sidebar."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    if not screen.sidebar.display:
        await pilot.press("e")
        await settle(pilot)
    screen.action_set_scope("corpus")
    await settle(pilot)
    sidebar = screen.sidebar
    ids = [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]
    sidebar.highlighted = next(
        i for i, option in enumerate(ids) if option and option.endswith(name)
    )
    sidebar.focus()
    await pilot.pause()


def assert_every_word_drawn(reader: Reader) -> None:
    """The article's words appear in order in the lines the reader draws (a speaker's name
    may be drawn between them): none is cut off at the pane's edge or under its scrollbar."""
    assert reader.article is not None
    drawn = iter(" ".join(strip.text for strip in reader.drawn_lines()).split())
    missing = [word for word in reader.article.text.split() if word not in drawn]
    assert missing == []


@pytest.mark.parametrize("size", [WIDE, NARROW])
@run_async
async def test_entity_to_kwic_to_article_and_back(app: CorpusApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pick_entity(pilot, ":Emmanuel Macron")
        kwic = await open_view(pilot, "c", KwicScreen)
        assert kwic.query_text == 'person:"Emmanuel Macron"'
        rows = table(pilot).row_count
        assert rows == len(kwic.result.lines) > 3  # type: ignore[union-attr]
        matches = {line.match for line in kwic.result.lines}  # type: ignore[union-attr]
        assert matches == {"Emmanuel Macron", "Macron"}
        await pilot.press("j", "j", "k", "enter")  # the keys of the results list move here too
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        line = kwic.result.lines[1]  # type: ignore[union-attr]
        reader = article.reader
        assert reader.article is not None and reader.article.id == line.id
        assert reader.match_index == 0
        assert reader.article.text[line.start : line.end] == line.match
        assert_every_word_drawn(reader)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is kwic
        await pilot.press("s")
        await settle(pilot)
        assert kwic.sort == "left" and table(pilot).row_count == rows
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_trends_speakers_quotes_and_related(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search(pilot, "NATO")
        assert app.focused is main_screen(app).results
        trends = await open_view(pilot, "g", TrendsScreen)
        assert trends.queries == ["NATO"]
        assert trends.result.series[0].total == 5  # type: ignore[union-attr]
        await pilot.press("p")
        await settle(pilot)
        assert trends.by == "year" and trends.result.by == "year"  # type: ignore[union-attr]
        await pilot.press("a", *"Trump", "enter")
        await settle(pilot)
        series = trends.result.series  # type: ignore[union-attr]
        assert [s.query for s in series] == ["NATO", "Trump"] and series[1].total == 3
        await pilot.press("a", *"nosuchfield:x", "enter")
        await settle(pilot)
        assert trends.queries == ["NATO", "Trump"]
        assert "unknown field" in str(trends.query_one("#view-status").render())
        await pilot.press("escape")
        await settle(pilot)
        speakers = await open_view(pilot, "w", SpeakersScreen)
        names = [s.name for s in speakers.result.speakers]  # type: ignore[union-attr]
        table(pilot).move_cursor(row=names.index("Sean Parnell"))
        await pilot.press("enter")
        await settle(pilot)
        quotes = app.screen
        assert isinstance(quotes, QuotesScreen)
        assert len(quotes.result.quotes) == 2  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        quote = quotes.result.quotes[0]  # type: ignore[union-attr]
        assert app.screen.reader.article.id == quote.id  # type: ignore[union-attr]
        assert_every_word_drawn(app.screen.reader)  # type: ignore[union-attr]
        for expected in (QuotesScreen, SpeakersScreen, MainScreen):
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, expected)
        await pick_entity(pilot, ":Emmanuel Macron")
        related = await open_view(pilot, "R", RelatedScreen)
        assert "Donald Trump" in {r.name for r in related.result.related}  # type: ignore[union-attr]


@run_async
async def test_export_from_a_view_writes_the_file(app: CorpusApp, tmp_path: Path) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search(pilot, "NATO")
        main_screen(app).results.focus()
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.endswith("corpus-tui-kwic.csv")
        target = tmp_path / "lines.csv"
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KwicScreen)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "id,title,date,left,match,right,start,end"
        assert len(lines) - 1 == app.screen.result.total  # type: ignore[union-attr]


@run_async
async def test_views_from_the_palette_and_help(app: CorpusApp) -> None:
    from corpus_tui.tui.actions import HELP_SECTIONS, actions_in
    from corpus_tui.tui.commands import COMMANDS

    actions = {action for _, _, action in COMMANDS}
    assert {"show_kwic", "show_trends", "show_speakers", "show_related"} <= actions
    listed = {key.action for _, places in HELP_SECTIONS for key in actions_in(*places)}
    assert {"show_kwic", "show_trends", "show_speakers", "show_related", "export"} <= listed
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await main_screen(app).run_action("show_speakers")
        await settle(pilot)
        assert isinstance(app.screen, SpeakersScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export this", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)


@run_async
async def test_six_trend_charts_fit_a_small_terminal(app: CorpusApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await search(pilot, "NATO")
        trends = await open_view(pilot, "g", TrendsScreen)
        for query in ("France", "Ukraine", "Trump", "Macron", "Europe"):
            await pilot.press("a", *query, "enter")
            await settle(pilot)
        assert len(trends.result.series) == 6  # type: ignore[union-attr]
        charts = trends.query_one("#trend-charts")
        labels = list(charts.query(".trend-label"))
        assert len(labels) == 6
        lines = list(charts.query(Sparkline))
        assert len(lines) == 6
        shown = [*labels, *lines]
        assert all(charts.region.contains_region(widget.region) for widget in shown)
        status = trends.query_one("#view-status")
        text = str(status.render())
        assert "Europe:" in text and status.region.height >= 2  # wrapped, not cut
