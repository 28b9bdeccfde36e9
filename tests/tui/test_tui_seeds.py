"""The app on the bundled seeds: an article without a headline keeps one derived title, marked."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from corpus_tui.search.engine import Engine, bundled_corpus
from corpus_tui.tui import styles
from corpus_tui.tui.app import CorpusApp
from tests.tui_support import main_screen, run_async, settle, wait_for

UNTITLED = "000_ae6ec31150c51004.txt"


def heading_of(pilot: Pilot, doc_id: str) -> tuple[str, list[str]]:
    """The first line of a result row, and the styles spanning exactly that line."""
    prompt = main_screen(pilot.app).results.get_option(doc_id).prompt
    first = prompt.plain.split("\n", 1)[0]
    styles_on_first = [
        str(span.style) for span in prompt.spans if (span.start, span.end) == (0, len(first))
    ]
    return first, styles_on_first


@run_async
async def test_untitled_seed_keeps_its_derived_title_as_the_query_changes(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engine = Engine(bundled_corpus(), index)
    try:
        engine.update_index()
        derived = engine.article(UNTITLED).derived_title
    finally:
        engine.close()
    assert derived is not None and derived.endswith("…")
    app = CorpusApp(bundled_corpus(), index, show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert heading_of(pilot, UNTITLED) == (derived, [styles.DERIVED_TITLE])
        screen = main_screen(app)
        for query in ("Ruffaut", "Ankara summit"):
            await pilot.press("slash", *query)
            await settle(pilot)
            await wait_for(pilot, lambda: screen.results.total == 1)
            assert heading_of(pilot, UNTITLED) == (derived, [styles.DERIVED_TITLE])
            await pilot.press("escape")
            await settle(pilot)
            await wait_for(pilot, lambda: screen.results.total == 5)
        screen.results.focus()
        screen.results.highlighted = screen.results.get_option_index(UNTITLED)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.article is not None and screen.reader.article.id == UNTITLED
        title = screen.reader.drawn_lines()[0]
        assert title.text.strip() and derived.startswith(title.text.strip())
        assert all(segment.style.italic for segment in title if segment.text.strip())
