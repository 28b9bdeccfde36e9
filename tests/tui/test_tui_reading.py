"""Reading from a search: where the reader opens, what a search with no hits shows, and what
clearing the search leaves behind. Driven with Pilot on the indexed sample corpus."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import EngineError
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.widgets.reader import Reader
from tests.tui_support import NARROW, WIDE, main_screen, open_first_hit, run_async, search, settle

LATE_WORD = "housing"
"""Used once in the sample corpus, in the last paragraphs of a long article."""


def on_screen(widget: Widget) -> list[str]:
    """The rows of the terminal inside the widget's region, as the user sees them."""
    region = widget.region
    strips = widget.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def reader_shows(reader: Reader, word: str) -> bool:
    """True when `word` is painted in the reader's visible rows."""
    return any(word in line for line in on_screen(reader))


def option_texts(screen_results: object) -> list[str]:
    return [str(option.prompt) for option in screen_results.options]  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [NARROW, WIDE])
@run_async
async def test_an_article_opened_from_a_search_shows_its_first_match(
    app: CorpusApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await search(pilot, LATE_WORD)
        assert screen.results.total == 1
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        assert reader.match_count == 1
        assert reader.scroll_y > 0
        assert reader_shows(reader, LATE_WORD)
        assert reader.match_index == 0
        assert reader.border_subtitle.startswith("match 1/1")


@run_async
async def test_n_goes_on_from_the_first_match_and_a_far_one_scrolls_into_view(
    app: CorpusApp,
) -> None:
    async with app.run_test(size=NARROW) as pilot:
        reader = await open_first_hit(pilot, "Veltrix")
        assert reader.match_count >= 3
        assert reader.match_index == 0
        await pilot.press("n")
        assert reader.match_index == 1
        await pilot.press("N", "N")  # back past the first: the last match, near the end
        assert reader.match_index == reader.match_count - 1
        await pilot.pause()
        assert reader.scroll_y > 0
        assert reader.scroll_y <= reader.max_scroll_y


@run_async
async def test_a_search_with_no_hits_says_so_and_closes_the_article(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.reader.article is not None
        await search(pilot, "Brandaur")
        assert screen.results.total == 0
        assert screen.suggestion is not None
        (text,) = option_texts(screen.results)
        assert "No articles match “Brandaur”" in text
        assert f"Did you mean “{screen.suggestion}”?" in text
        assert screen.reader.article is None and screen.article is None
        assert reader_shows(screen.reader, "No article open")
        assert screen.reader.match_count == 0
        # The next search with hits opens its first article again.
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert screen.results.total > 0
        assert screen.reader.article is not None


@run_async
async def test_clearing_the_search_unmarks_the_open_article(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_hit(pilot, "Veltrix")
        screen = main_screen(app)
        opened = reader.article
        assert opened is not None and reader.match_count >= 2
        await pilot.press("escape")  # reader -> results
        await pilot.press("escape")  # clears the search
        await settle(pilot)
        assert screen.query_text == "*" and screen.results.total == 6
        assert reader.article is opened
        assert reader.match_count == 0
        assert "match" not in reader.border_subtitle
        reader.focus()
        await pilot.press("n")
        assert reader.match_index is None


@run_async
async def test_a_new_search_remarks_the_open_article(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_hit(pilot, "Veltrix")
        assert reader.article is not None and "Kyiv" in reader.article.text
        await search(pilot, "Kyiv")
        assert reader._text is not None
        plain = reader._text.content.plain
        marked = {plain[start:end] for start, end in reader._text.matches}
        assert marked == {"Kyiv"}


@pytest.mark.parametrize("query", ["nosuchfield:x", "date:[2025 TO"])
@run_async
async def test_a_query_error_is_shown_whole_at_80_columns(
    app: CorpusApp, sample_engine: Engine, query: str
) -> None:
    with pytest.raises(EngineError) as raised:
        sample_engine.search(query)
    message = str(raised.value)
    assert len(message) > NARROW[0]
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.search_bar.set_query(query)
        screen.search_bar.input.focus()
        await pilot.press("enter")
        await settle(pilot)
        shown = " ".join(" ".join(on_screen(screen.query_one("#status-text"))).split())
        assert f"Query error: {' '.join(message.split())}" in shown
        assert screen.reader.region.height > 10  # the panes keep most of the screen


@run_async
async def test_the_open_article_read_again_keeps_the_readers_place(app: CorpusApp) -> None:
    """Reloading the index (or a tag, note or correction) reads the open article again: the
    reader stays on the match it was at instead of jumping back to the first."""
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_hit(pilot, "Veltrix")
        assert reader.match_count >= 3
        await pilot.press("n", "n")
        assert reader.match_index == 2
        scrolled = reader.scroll_y
        opened = reader.article
        main_screen(app).action_reload_index()
        await settle(pilot)
        assert reader.article is not None and opened is not None
        assert reader.article.id == opened.id and reader.article is not opened  # read again
        assert reader.match_index == 2
        assert reader.scroll_y == scrolled


@run_async
async def test_a_word_with_no_hits_while_typing_leaves_the_article_open(app: CorpusApp) -> None:
    """A prefix with no hits on the way to a word that has them ("Veltri" is not indexed,
    "Veltrix" is) keeps the reader on its article; Enter on a query with no hits closes it."""
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_hit(pilot, "Veltrix")
        screen = main_screen(app)
        opened = reader.article
        assert opened is not None
        await pilot.press("slash", "ctrl+u", *"Veltri")
        await settle(pilot)
        assert screen.results.total == 0
        assert "No articles match “Veltri”" in option_texts(screen.results)[0]
        assert reader.article is opened and screen.article is opened
        await pilot.press("x")
        await settle(pilot)
        assert screen.results.total > 0 and reader.article is opened
        await pilot.press("ctrl+u", *"Veltri", "enter")
        await settle(pilot)
        assert reader.article is None and reader_shows(reader, "No article open")
