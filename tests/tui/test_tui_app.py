"""The app driven with Textual's Pilot on the indexed sample corpus."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.help import HelpScreen
from corpus_tui.tui.screens.main import MainScreen
from tests.tui_support import NARROW, WIDE, main_screen, open_first_hit, run_async, search, settle


def status_text(screen: MainScreen) -> str:
    return str(screen.query_one("#status-text").render())


@run_async
async def test_starts_with_articles_newest_first_and_the_first_open(
    app: CorpusApp, sample_engine: Engine
) -> None:
    expected = sample_engine.search("*", limit=100, sort="date")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        shown = [option.id for option in screen.results.options]
        assert shown == [hit.id for hit in expected.hits]
        assert screen.results.total == expected.total == 6
        assert status_text(screen).startswith("6 articles")
        assert screen.reader.article is not None
        assert screen.reader.article.id == expected.hits[0].id
        assert app.focused is screen.results
        assert screen.sidebar.display and screen.sidebar.option_count > 0


@run_async
async def test_search_enter_enter_opens_the_article_and_n_walks_matches(
    app: CorpusApp, sample_engine: Engine
) -> None:
    expected = sample_engine.search("Veltrix shells", limit=100)
    assert 0 < expected.total < 6
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await search(pilot, "Veltrix shells")
        assert app.focused is screen.results
        assert [option.id for option in screen.results.options] == [h.id for h in expected.hits]
        assert status_text(screen).startswith(f"{expected.total} hits")
        first = screen.results.highlighted_id
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        assert app.focused is reader
        assert reader.article is not None and reader.article.id == first
        assert reader.match_count >= 2
        assert reader.match_index == 0  # opened at the first match
        await pilot.press("n")
        assert reader.match_index == 1
        await pilot.press("N")
        assert reader.match_index == 0
        await pilot.press("N")
        assert reader.match_index == reader.match_count - 1
        await pilot.press("escape")
        assert app.focused is screen.results


@run_async
async def test_enter_draws_the_article_first_and_moves_the_focus_in_the_next_frame(
    app: CorpusApp,
) -> None:
    """The focus move restyles the results pane, the scrollbars and the footer: drawn in the
    article's frame, it made that frame twice as long."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await search(pilot, "Veltrix shells")
        reader, results = screen.reader, screen.results
        frames: list[tuple[str | None, bool]] = []
        refresh = screen._compositor_refresh

        def painting() -> None:
            refresh()
            article = reader.article.id if reader.article else None
            frames.append((article, app.focused is reader))

        screen._compositor_refresh = painting  # type: ignore[method-assign]
        first = results.highlighted_id
        await pilot.press("enter")
        await settle(pilot)
        shown = [frame for frame in frames if frame[0] == first]
        assert shown[0] == (first, False)  # the article, drawn while the results had the focus
        assert shown[-1] == (first, True)  # and the focus in the reader a frame later
        assert app.focused is reader


@run_async
async def test_brackets_move_between_quotations_and_y_copies_one(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        reader = await open_first_hit(pilot, "Brandauer")
        assert reader.quote_count >= 2
        await pilot.press("right_square_bracket")
        assert reader.quote_index == 0
        await pilot.press("right_square_bracket")
        assert reader.quote_index == 1
        await pilot.press("left_square_bracket")
        assert reader.quote_index == 0
        quote = reader.current_quote
        assert quote
        await pilot.press("y")
        assert app.clipboard.startswith(f"“{quote}”")


@run_async
async def test_entity_filter_narrows_results_and_escape_clears_it(
    app: CorpusApp, sample_engine: Engine
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("v", "v")  # article -> results -> corpus
        await settle(pilot)
        sidebar = screen.sidebar
        assert sidebar.scope == "corpus"
        sidebar.focus()
        await pilot.pause()
        row = sidebar.highlighted_option
        assert row is not None and row.id is not None
        entity_type, name = row.id.split(":", 1)
        await pilot.press("enter")
        await settle(pilot)
        assert len(screen.filters) == 1
        chips = screen.query("FilterChip")
        assert len(chips) == 1 and name in str(chips.first().render())
        field = entity_type if entity_type in ("person", "org", "place") else None
        clause = f'{field}:"{name}"' if field else f'"{name}"'
        expected = sample_engine.search("*", limit=100, filters=[clause]).total
        assert 0 < expected < 6
        assert screen.results.total == expected
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filters == []
        assert screen.results.total == 6
        assert len(screen.query("FilterChip")) == 0


@run_async
async def test_escape_in_the_search_box_clears_the_query(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"Gdansk")
        await settle(pilot)
        assert screen.results.total < 6
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_bar.query_text == ""
        assert screen.results.total == 6


@run_async
async def test_malformed_query_shows_an_inline_error(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        # Set the text at once: typed, a prefix such as "nosuchfield" would be searched as
        # it is typed and legitimately replace the list before the error.
        screen.search_bar.set_query("nosuchfield:x")
        screen.search_bar.input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert status_text(screen).startswith("Query error:")
        assert isinstance(app.focused, Input)
        assert screen.results.total == 6  # the previous list stays
        await pilot.press("ctrl+u", *"(((", "enter")
        await settle(pilot)
        assert app.is_running


@run_async
async def test_spelling_suggestion_is_offered_and_accepted(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await search(pilot, "Brandaur")
        assert screen.suggestion is not None
        suggestion = screen.query_one("#status-suggestion")
        assert suggestion.display and screen.suggestion in str(suggestion.render())
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert screen.search_bar.query_text == screen.query_text
        assert screen.results.total > 0


@run_async
async def test_s_toggles_the_sort(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.sort == "date"
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "relevance"
        assert "relevance" in str(screen.query_one("#status-sort").render())


@run_async
async def test_help_screen_lists_keys_and_closes(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(static.render()) for static in app.screen.query("Static"))
        for phrase in ("Next search match", "Next quotation", "person:", "date:"):
            assert phrase in text
        await pilot.press("escape")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # closes help, does not quit
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


@run_async
async def test_command_palette_runs_screen_commands(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Entities: whole corpus")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.scope == "corpus"


@run_async
async def test_q_types_in_the_search_box_and_quits_elsewhere(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", "q")
        assert screen.search_bar.query_text == "q"
        assert app.is_running
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.focused is screen.results
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_ctrl_q_quits_while_typing(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "a", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_narrow_terminal_folds_the_sidebar_behind_e(app: CorpusApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.sidebar_visible
        assert screen.sidebar.region.width == 0
        assert screen.results.region.width >= 26 and screen.reader.region.width >= 40
        await pilot.press("e")
        await pilot.pause()
        assert screen.sidebar_visible and app.focused is screen.sidebar
        assert screen.sidebar.region.width >= 40
        await pilot.press("e")
        await pilot.pause()
        assert not screen.sidebar_visible and app.focused is screen.results
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.sidebar_visible and screen.sidebar.region.width > 0


@run_async
async def test_light_theme_and_back(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


@run_async
async def test_pager_without_a_terminal_says_so(app: CorpusApp, sample_corpus: Path) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.article is not None
        assert (
            app.session.file_path(screen.article) == sample_corpus.resolve() / screen.article.path
        )
        await pilot.press("p")
        await pilot.pause()
        assert app.is_running
        assert any("pager" in str(n.message) for n in app._notifications)


@run_async
async def test_enter_on_the_suggestion_accepts_it(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await search(pilot, "Brandaur")
        suggested = screen.suggestion
        assert suggested is not None
        screen.query_one("#status-suggestion").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_text == suggested
        assert screen.results.total > 0
