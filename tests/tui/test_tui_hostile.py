"""The app on hostile articles and hostile queries: markup stays text, escapes never render,
clicking on `[@click=app.quit]` does nothing, and malformed queries show an inline error."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from tests.hostile import MARKUP, write_hostile_corpus
from tests.tui_support import WIDE, main_screen, run_async, settle

CLICK_MARKUP = "[@click=app.quit]"


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tui-hostile")
    corpus = write_hostile_corpus(root / "corpus")
    Engine(corpus, root / "index").update_index()
    return corpus, root / "index"


@pytest.fixture()
def app(hostile_index: tuple[Path, Path]) -> CorpusApp:
    corpus, index = hostile_index
    return CorpusApp(corpus, index, show_timings=False)


def visible_lines(widget: Widget) -> list[str]:
    """What the widget draws, line by line, as plain text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def all_screen_text(app: CorpusApp) -> str:
    """Every visible widget's drawn text (the terminal's view of the screen)."""
    return "\n".join(
        "\n".join(visible_lines(widget)) for widget in app.screen.walk_children() if widget.display
    )


async def open_article(pilot: Pilot, doc_id: str) -> None:
    screen = main_screen(pilot.app)
    index = [option.id for option in screen.results.options].index(doc_id)
    screen.results.highlighted = index
    screen.results.focus()
    await pilot.press("enter")
    await settle(pilot)
    assert screen.reader.article is not None and screen.reader.article.id == doc_id


@run_async
async def test_markup_in_articles_shows_literally_and_click_does_not_quit(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_article(pilot, "010_hostile.txt")
        screen = main_screen(app)
        reader = screen.reader
        body_text = " ".join(line.text.rstrip() for line in reader.drawn_lines())
        for markup in MARKUP:
            assert markup in body_text
        assert "\x1b" not in body_text

        prompts = " ".join(str(option.prompt) for option in screen.results.options)
        assert "[@click=app.quit]" in prompts or "[bold red]" in prompts
        drawn = all_screen_text(app)
        assert "\x1b" not in drawn and "\x07" not in drawn

        # Click every cell of the literal `[@click=app.quit]` wherever it is drawn.
        screen.reader.scroll_home(animate=False)
        await pilot.pause()
        clicked = 0
        gutter = reader.styles.gutter
        for y, line in enumerate(visible_lines(reader)):
            column = line.find(CLICK_MARKUP)
            if column >= 0:
                for dx in range(len(CLICK_MARKUP) + len("this link[/]")):
                    offset = (gutter.left + column + dx, gutter.top + y)
                    await pilot.click(reader, offset=offset)
                    clicked += 1
        await pilot.pause()
        assert clicked, "the markup was not drawn where the test could click it"
        assert app.is_running and app.return_code is None


@run_async
async def test_hostile_title_and_source_show_literally(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_article(pilot, "011_hostile.json")
        screen = main_screen(app)
        title = screen.reader.drawn_lines()[0].text
        assert "Ferry fares frozen [bold]again[/]" in title
        drawn = all_screen_text(app)
        assert "[bold]again[/]" in drawn
        assert "\x1b" not in drawn


MALFORMED = [
    "nosuchfield:word",
    "title:",
    "date:[2025 to",
    "NOT NOT NOT",
    "x" * 10_000,
    '"' + "harbour " * 40 + '"',
    "a* b* c* d* e* f* g* h* i* j* k*",
]


@run_async
async def test_malformed_queries_show_an_inline_error_and_the_app_keeps_working(
    app: CorpusApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        for query in MALFORMED:
            await pilot.press("slash")
            field = screen.query_one("#query", Input)
            field.value = query
            await pilot.press("enter")
            await settle(pilot)
            status = str(screen.query_one("#status-text").render())
            assert status.startswith("Query error:"), (query[:30], status)
            assert "\n" not in status and "Traceback" not in status
            assert app.is_running
        for query in ('"unbalanced', "~~~", "*:*"):  # Lenient forms still search.
            await pilot.press("slash")
            screen.query_one("#query", Input).value = query
            await pilot.press("enter")
            await settle(pilot)
            status = str(screen.query_one("#status-text").render())
            assert not status.startswith("Query error"), (query, status)
        await pilot.press("slash")
        screen.query_one("#query", Input).value = "ferry"
        await pilot.press("enter")
        await settle(pilot)
        assert [option.id for option in screen.results.options] == ["011_hostile.json"]
