"""The app on corpora made for the occasion: hostile markup, many articles, a missing index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import ProgressBar

from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.engine_session import PAGE_SIZE
from corpus_tui.tui.screens.help import HelpScreen
from tests.tui_support import (
    indexed_corpus,
    main_screen,
    painted_lines,
    run_async,
    settle,
    wait_for,
    write_config,
)

HOSTILE_TITLE = "[bold red]Harbour[/] board backs [@click=app.quit]the plan[/]"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Lisbon, May 2 (Wire) - The harbour board of Lisbon voted on Friday for a plan \
[link=file:///etc/passwd]to dredge[/link] the northern channel, \x1b[31mred\x1b[0m \
officials said.\x1b]52;c;ZXZpbA==\x07

"We will not be rushed [@click=app.quit]by anyone[/]," said board chair Ana Costa. \
"The channel is our business."

Critics called the vote [bold]premature[/bold].
"""


def status_line(screen: Widget) -> str:
    """What the status line says now."""
    return str(screen.query_one("#status-text").render())


@pytest.fixture()
def hostile_corpus(tmp_path: Path) -> tuple[Path, Path]:
    return indexed_corpus(tmp_path, {"harbour.txt": HOSTILE_TEXT})


@run_async
async def test_markup_in_articles_is_shown_literally_and_does_nothing(
    hostile_corpus: tuple[Path, Path],
) -> None:
    corpus, index = hostile_corpus
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        results_text = "".join(painted_lines(screen.results))
        assert "[bold red]Harbour[/]" in results_text

        reader = screen.reader
        drawn = reader.drawn_lines()
        heading = " ".join(line.text.rstrip() for line in drawn[:3])
        assert "[@click=app.quit]the plan[/]" in heading
        body_lines = [line.text for line in drawn]
        body_text = "\n".join(body_lines)
        for literal in ("[link=file:///etc/passwd]", "[@click=app.quit]by", "[bold]premature"):
            assert literal in body_text
        assert "\x1b" not in body_text and "\x07" not in body_text
        metas = [seg.style.meta for line in drawn for seg in line if seg.style and seg.style.meta]
        assert not any("@click" in meta or "link" in meta for meta in metas)

        row = next(i for i, line in enumerate(body_lines) if "[@click=app.quit]by" in line)
        column = body_lines[row].index("[@click=app.quit]by")
        gutter = reader.styles.gutter
        assert row < reader.scrollable_content_region.height  # drawn in view, where we click
        await pilot.click(reader, offset=(gutter.left + column + 3, gutter.top + row))
        await pilot.pause()
        await pilot.click(screen.results, offset=(5, 0))
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen


@run_async
async def test_results_load_a_page_at_a_time_as_the_cursor_nears_the_end(tmp_path: Path) -> None:
    rows = [
        {
            "title": f"Port report number {number}",
            "date": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "text": f"Port report number {number}. The harbour moved {number} containers.",
        }
        for number in range(250)
    ]
    reports = "\n".join(json.dumps(row) for row in rows)
    corpus, index = indexed_corpus(tmp_path, {"reports.jsonl": reports})
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        assert results.total == 250
        assert results.option_count == PAGE_SIZE
        for pages in range(2, -(-250 // PAGE_SIZE) + 1):
            await pilot.press("end")
            await settle(pilot)
            assert results.option_count == min(250, pages * PAGE_SIZE)
        assert results.option_count == 250
        ids = [option.id for option in results.options]
        assert len(set(ids)) == 250
        dates = [app.session.article(doc_id, "*")[0].date for doc_id in ids[::50]]
        assert dates == sorted(dates, reverse=True)


@run_async
async def test_missing_index_is_built_in_the_background_with_progress(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(3):
        (corpus / f"story{number}.txt").write_text(
            f"Harbour story {number}\n\nThe harbour of Lisbon reopened, officials said.\n",
            encoding="utf-8",
        )
    index = tmp_path / "index"
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.indexing)
        assert screen.query_one(ProgressBar).display
        await pilot.press("question_mark")  # the UI answers while the child process indexes
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.indexing)
        await settle(pilot)
        assert not screen.query_one(ProgressBar).display
        assert screen.results.total == 3
        assert screen.reader.article is not None

    (corpus / "story9.txt").write_text("Late story\n\nThe harbour closed again.\n", "utf-8")
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.results.total == 3)  # the old index, at once
        await wait_for(pilot, lambda: screen.results.total == 4)  # then the stale check
        assert not screen.indexing


async def screenshot_colours(corpus: Path, index: Path) -> list[tuple[int, int, int]]:
    """Fill colours of the text in an SVG screenshot after a search."""
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Veltrix", "enter")
        await settle(pilot)
        svg = app.export_screenshot()
    colours = re.findall(r"\.terminal-[\w-]+ \{ fill: #([0-9a-f]{6})", svg)
    return [tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) for colour in colours]


def is_grey(rgb: tuple[int, int, int]) -> bool:
    """Grey, allowing for the screenshot's own default text colour (#c5c8c6)."""
    return max(rgb) - min(rgb) <= 3


@run_async
async def test_no_color_renders_without_colour(
    monkeypatch: pytest.MonkeyPatch, sample_corpus: Path, sample_index: Path
) -> None:
    coloured = await screenshot_colours(sample_corpus, sample_index)
    assert not all(is_grey(rgb) for rgb in coloured)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = await screenshot_colours(sample_corpus, sample_index)
    assert plain and all(is_grey(rgb) for rgb in plain)


@run_async
async def test_an_empty_corpus_says_so_and_how_to_open_another(tmp_path: Path) -> None:
    corpus = tmp_path / "empty corpus"
    corpus.mkdir()
    app = CorpusApp(corpus, tmp_path / "index", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: "No articles in" in status_line(screen))
        assert "--corpus DIR" in status_line(screen) and "empty corpus" in status_line(screen)
        assert screen.results.total == 0
        await wait_for(
            pilot,
            lambda: any("the corpus has none" in s.text for s in screen.reader.drawn_lines()),
        )


@run_async
async def test_an_index_updated_by_another_process_is_offered_for_reload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from corpus_tui.tui.screens import main_engine as main_module

    monkeypatch.setattr(main_module, "INDEX_POLL_SECONDS", 0.1)
    # Not watching the corpus: the app would index the new file itself before the other process.
    write_config(tmp_path, monkeypatch, "[index]\nwatch = false\n")
    corpus, index = indexed_corpus(tmp_path, {"one.txt": "Harbour one\n\nThe harbour reopened.\n"})
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.results.total == 1)
        await settle(pilot)  # the start-up staleness check has run and found nothing to do
        assert not screen.reload_offered and not screen.indexing
        (corpus / "two.txt").write_text("Harbour two\n\nThe harbour closed.\n", encoding="utf-8")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "corpus_tui.search",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "index",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: screen.reload_offered)
        assert screen.results.total == 1
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.results.total == 2)
        assert not screen.reload_offered


@run_async
async def test_index_warnings_show_in_the_status_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = json.dumps({"title": "Harbour reopens", "text": "The harbour of Lisbon reopened."})
    (corpus / "wire.jsonl").write_text(f'{good}\n{{"title": "Lost", "text": "nev\n', "utf-8")
    (corpus / "cafe.txt").write_bytes("Café owners\n\nThe café owners met.\n".encode("cp1252"))
    app = CorpusApp(corpus, tmp_path / "index", show_timings=False)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: "warnings" in status_line(screen))
        assert "2 warnings: cafe.txt: decoded as cp1252" in status_line(screen)
        assert screen.results.total == 2
