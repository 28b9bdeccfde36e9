"""The app on a corpus without articles whose (empty) index already exists."""

from __future__ import annotations

from pathlib import Path

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from tests.tui_support import main_screen, run_async, wait_for


@run_async
async def test_an_empty_corpus_opened_again_says_no_articles(tmp_path: Path) -> None:
    # The second opening reads the empty index that the first one built; Whoosh's refresh()
    # of an empty index raised TypeError, shown as "Error: TypeError ..." in the status line.
    corpus = tmp_path / "empty corpus"
    corpus.mkdir()
    Engine(corpus, tmp_path / "index").update_index()
    app = CorpusApp(corpus, tmp_path / "index", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)

        def status() -> str:
            return str(screen.query_one("#status-text").render())

        await wait_for(pilot, lambda: "No articles in" in status() or "Error" in status())
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "No articles in" in status() and "empty corpus" in status()
        assert "Error" not in status()
