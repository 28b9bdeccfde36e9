"""The small print of the app: counts, plurals, the reader's header, the footer's help key and
the command palette's entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from corpus_tui.search.cli_output import print_search
from corpus_tui.search.engine import Engine
from corpus_tui.search.models import Article, SearchResult
from corpus_tui.search.wording import counted
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.messages import EntityRow
from corpus_tui.tui.widgets.entity_sidebar import _row
from corpus_tui.tui.widgets.key_footer import KeyFooter
from corpus_tui.tui.widgets.reader import metadata_line
from tests.tui_support import WIDE, main_screen, run_async, settle, wait_for


def test_counts_have_thousands_separators_and_agreeing_plurals() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "hit") == "0 hits"
    assert counted(10000, "hit") == "10,000 hits"
    assert counted(2, "match") == "2 matches"


def test_cli_search_header_counts_like_the_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from corpus_tui.search import cli_output

    # The header is for people: only a terminal gets it (piped output is records only).
    monkeypatch.setattr(
        cli_output, "console", lambda stderr=False: Console(force_terminal=True, color_system=None)
    )
    result = SearchResult(query="x", parsed="x", total=10000, took_ms=1.0, hits=[])
    print_search(result)
    assert capsys.readouterr().out.startswith("10,000 hits for 'x'")


def test_sidebar_counts_have_thousands_separators() -> None:
    assert str(_row(EntityRow("Ana Costa", "person", 12345), 6)).startswith("12,345  Ana")


def test_reader_header_never_ends_on_a_separator() -> None:
    article = Article(
        id="a/b.txt", path="a/b.txt", title="T", source="AFP", date="2025-04-17", text="x"
    )
    assert metadata_line(article, 120) == "AFP  ·  2025-04-17  ·  a/b.txt"
    narrow = metadata_line(article, 20)
    assert narrow.splitlines() == ["AFP  ·  2025-04-17", "a/b.txt"]
    assert not any(line.rstrip().endswith("·") for line in narrow.splitlines())


def test_rebuild_notice_says_what_happens(sample_corpus: Path, tmp_path: Path) -> None:
    engine = Engine(sample_corpus, tmp_path / "index")
    engine.update_index()
    notices: list[str] = []
    engine.update_index(rebuild=True, notice=notices.append)
    engine.close()
    assert notices and not any("rebuild requested" in notice for notice in notices)
    assert any("every file" in notice for notice in notices)


@run_async
async def test_a_one_article_corpus_says_1_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "only.txt").write_text("Harbour board backs plan\n\nThe board voted on Friday.\n")
    app = CorpusApp(corpus, tmp_path / "index", show_timings=False)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: any("Index ready" in n.message for n in app._notifications))
        await settle(pilot)
        (ready,) = [n.message for n in app._notifications if "Index ready" in n.message]
        assert ready.startswith("Index ready: 1 article (1 new,")
        assert str(main_screen(app).query_one("#status-text").render()) == "1 article"


@run_async
async def test_the_footer_shows_the_same_help_key_in_every_pane(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)

        def footer() -> dict[str, str]:
            return screen.query_one(KeyFooter).shown

        expected = {
            screen.results: "Open",
            screen.reader: "Match",
            screen.sidebar: "Filter",
            screen.search_bar.input: None,
        }
        for pane, own_key in expected.items():
            pane.focus()
            # The footer recomposes after the focus change: wait for this pane's keys.
            if own_key is None:
                await wait_for(pilot, lambda: "Help" in footer() and "Entities" not in footer())
                assert "Search" not in footer()  # `/` types a slash in the search box
            else:
                await wait_for(pilot, lambda key=own_key: key in footer())
            assert footer().get("Help") == "F1", (pane, footer())


async def palette_titles(pilot) -> list[str]:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    palette = pilot.app.screen
    await wait_for(pilot, lambda: palette.query_one(CommandList).option_count > 10)
    await pilot.pause(0.2)
    options = palette.query_one(CommandList).options
    return [str(option.prompt).splitlines()[0] for option in options]


@run_async
async def test_the_palette_lists_each_action_once(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = await palette_titles(pilot)
        assert len(titles) == len(set(titles)), titles
        assert titles.count("Quit") == 1 and titles.count("Help") == 1
        assert "Keys" not in titles and "Theme" not in titles
        assert titles.count("Screenshot") == 1


@run_async
async def test_the_screenshot_goes_to_the_current_directory_and_says_where(
    app: CorpusApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "no-such-home"))
    monkeypatch.delenv("CORPUS_TUI_SCREENSHOT_DIR", raising=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Screenshot")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(tmp_path.glob("*.svg")))
        (saved,) = tmp_path.glob("*.svg")
        await wait_for(pilot, lambda: any(str(saved) in n.message for n in app._notifications))
        assert not any(n.severity == "error" for n in app._notifications)


@run_async
async def test_a_configured_screenshot_directory_that_fails_says_why(
    app: CorpusApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUS_TUI_SCREENSHOT_DIR", str(tmp_path / "missing"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.action_screenshot()
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        (error,) = [n.message for n in app._notifications if n.severity == "error"]
        assert error.startswith(f"Cannot save a screenshot in {tmp_path / 'missing'}:")
        assert app.is_running
