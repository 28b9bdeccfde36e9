"""Rendering helpers of the TUI: offsets survive speaker labels, wrapping matches Textual's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.style import Style

from corpus_tui.search.models import Article, Entity, Hit, Quote
from corpus_tui.tui import styles
from corpus_tui.tui.__main__ import main as tui_main
from corpus_tui.tui.actions import actions_in
from corpus_tui.tui.engine_session import entity_filter
from corpus_tui.tui.screens.help import help_sections
from corpus_tui.tui.text import display_source
from corpus_tui.tui.widgets.article_text import SPEAKER_PREFIX, build_article_text
from corpus_tui.tui.widgets.content_lines import WrappedContent, line_of_offset, wrap_offsets
from corpus_tui.tui.widgets.results_list import clip_snippet, hit_prompt

TEXT = (
    "Minister Ana Costa spoke in Lisbon.\n\n"
    "“We will not wait,” Costa said. “Europe must act.”\n\n"
    "The Harbour Authority declined to comment on the plan, which officials called ambitious.\n\n"
    "“Time is short,” the minister added."
)


def _article() -> Article:
    first = TEXT.index("“We")
    second = TEXT.index("“Europe")
    third = TEXT.index("“Time")
    return Article(
        id="a.txt",
        path="a.txt",
        title="Costa urges action",
        text=TEXT,
        entities=[
            Entity(
                name="Ana Costa",
                type="person",
                aliases=["Costa"],
                count=2,
                mentions=[(9, 18), (TEXT.index("Costa said"), TEXT.index("Costa said") + 5)],
            ),
            Entity(name="Lisbon", type="place", count=1, mentions=[(28, 34)]),
        ],
        quotes=[
            Quote(text="We will not wait,", speaker="Ana Costa", start=first, end=first + 19),
            Quote(text="Europe must act.", speaker=None, start=second, end=second + 18),
            Quote(text="Time is short,", speaker="Ana Costa", start=third, end=third + 16),
        ],
    )


def _styled(content: Content, style: str) -> list[str]:
    return [content.plain[span.start : span.end] for span in content.spans if span.style == style]


def test_speaker_label_follows_its_quote_unless_named_beside_it() -> None:
    article = _article()
    lisbon = TEXT.index("Lisbon")
    spans = [(lisbon, lisbon + 6), (TEXT.index("plan"), TEXT.index("plan") + 4)]
    laid_out = build_article_text(article, spans)
    plain = laid_out.content.plain
    assert "“We will not wait,” Costa said" in plain
    assert f"“Time is short,”{SPEAKER_PREFIX}Ana Costa the minister added" in plain
    assert _styled(laid_out.content, styles.MATCH) == ["Lisbon", "plan"]
    assert [plain[s:e] for s, e in laid_out.matches] == ["Lisbon", "plan"]
    assert _styled(laid_out.content, styles.QUOTE) == [
        "“We will not wait,”",
        "“Europe must act.”",
        "“Time is short,”",
    ]
    assert _styled(laid_out.content, styles.SPEAKER) == [f"{SPEAKER_PREFIX}Ana Costa"]
    assert _styled(laid_out.content, styles.ENTITY["person"]) == ["Ana Costa", "Costa"]
    assert _styled(laid_out.content, styles.ENTITY["place"]) == ["Lisbon"]
    assert laid_out.speakers == ["Ana Costa", None, "Ana Costa"]


def test_out_of_range_offsets_are_ignored() -> None:
    laid_out = build_article_text(_article(), [(5, 2), (-1, 3), (0, 10_000)])
    assert laid_out.matches == []


def test_control_characters_never_reach_the_display() -> None:
    raw = "a\x1b[31mred\x07\tb\x9bc"
    cleaned = display_source(raw)
    assert len(cleaned) == len(raw)
    assert not any(ord(char) < 32 and char != "\n" for char in cleaned)
    assert "\x9b" not in cleaned


def test_wrap_offsets_agree_with_textual_wrapping() -> None:
    text = build_article_text(_article(), []).content.plain * 3 + "\n\nwordwithoutanyspacesatall"
    for width in (9, 17, 40):
        wrapped = [line.plain for line in Content(text).wrap(width)]
        lines = wrap_offsets(text, width)
        assert [text[start:end] for start, end in lines] == wrapped
        for offset in range(0, len(text), 7):
            if text[offset] in " \n":
                continue
            row = line_of_offset(lines, offset)
            start, end = lines[row]
            assert start <= offset < end, (width, offset, row)


def test_wrap_offsets_break_where_rich_does_on_any_text() -> None:
    """The one-cell shortcut and Rich's cell-measuring rule give the same lines: random text
    of letters, runs of spaces, curly quotes, dashes, no-break spaces, words longer than the
    line, and characters that are not one cell (wide, combining, tab) which take Rich's path."""
    import random

    from rich._wrap import divide_line

    pieces = [*"abcdefghij", " ", " ", "  ", "’", "—", "…", "é", "\xa0", "x" * 25]
    rare = ["漢", "\u0301", "\t"]
    chooser = random.Random(12)
    for _ in range(3000):
        alphabet = pieces + (rare if chooser.random() < 0.3 else [])
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 50)))
        width = chooser.randint(1, 30)
        starts = [0, *divide_line(text, width, fold=True)]
        ends = [*starts[1:], len(text)]
        expected = [
            text[s:e] if e == len(text) else text[s:e].rstrip()
            for s, e in zip(starts, ends, strict=True)
        ]
        got = [text[start:end] for start, end in wrap_offsets(text, width)]
        assert got == expected, (text, width)


def test_a_row_is_wrapped_once_for_its_height_and_its_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from corpus_tui.tui.widgets import content_lines

    calls: list[int] = []

    def counting(plain: str, width: int) -> list[tuple[int, int]]:
        calls.append(width)
        return wrap_offsets(plain, width)

    monkeypatch.setattr(content_lines, "wrap_offsets", counting)
    row = WrappedContent("A title\n2025-04-17 · AP\nA snippet long enough to wrap twice", [])
    height = row.get_height({}, 12)
    strips = content_lines.content_strips(row, 12, Style(), lambda style: Style())
    assert len(strips) == height == 7
    assert calls == [12]
    content_lines.content_strips(row, 20, Style(), lambda style: Style())
    assert calls == [12, 20]  # another width wraps anew


def test_clip_snippet_keeps_match_offsets_on_the_same_words() -> None:
    snippet = "word " * 60 + "needle " + "word " * 60
    start = snippet.index("needle")
    clipped, matches = clip_snippet(snippet, [(start, start + 6)], limit=80)
    assert len(clipped) <= 82
    assert [clipped[s:e] for s, e in matches] == ["needle"]


def test_hit_prompt_is_plain_text_with_styled_matches() -> None:
    hit = Hit(
        id="x",
        title="[bold red]x[/] and [@click=app.quit]y[/]",
        source="Wire",
        date=None,
        score=1.0,
        snippet="the needle here",
        matches=[(4, 10)],
    )
    prompt = hit_prompt(hit)
    assert prompt.plain.splitlines() == [
        "[bold red]x[/] and [@click=app.quit]y[/]",
        "undated · Wire",
        "the needle here",
    ]
    assert _styled(prompt, styles.MATCH) == ["needle"]


def test_untitled_hit_shows_its_derived_title_whatever_the_snippet() -> None:
    derived = "Ministers met in Riga on Monday to agree on…"
    first = Hit(id="x", derived_title=derived, score=1.0, snippet="…ministers met in Riga…")
    second = Hit(id="x", derived_title=derived, score=1.0, snippet="…the plan for air defence…")
    for hit in (first, second):
        prompt = hit_prompt(hit)
        assert prompt.plain.splitlines()[0] == derived
        assert _styled(prompt, styles.DERIVED_TITLE) == [derived]
        assert not _styled(prompt, styles.TITLE)
    titled = hit_prompt(Hit(id="y", title="Allies agree", score=1.0, snippet="text"))
    assert _styled(titled, styles.TITLE) == ["Allies agree"]


def test_queries_for_filters() -> None:
    assert entity_filter('Ana "Costa"', "person") == 'person:"Ana  Costa"'
    assert entity_filter("Lisbon", "place") == 'place:"Lisbon"'
    assert entity_filter("Europeans", "group") == '"Europeans"'


def test_help_lists_every_bound_key() -> None:
    listed = {part for _, rows in help_sections() for label, _ in rows for part in label.split()}
    for group in (actions_in(p) for p in ("global", "results", "reader", "sidebar")):
        for key in group:
            assert set(key.label.split()) <= listed, key


def test_module_entry_rejects_a_missing_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tui_main(["--corpus", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"corpus-tui: corpus not found: {tmp_path / 'nowhere'}\n"


def test_wrapped_content_counts_the_lines_textual_would_draw() -> None:
    text = build_article_text(_article(), []).content.plain + "\n\nwordwithoutanyspacesatall"
    for width in (7, 18, 33, 61):
        assert WrappedContent(text).get_height({}, width) == Content(text).get_height({}, width)
    assert WrappedContent(text).get_height({"text_wrap": "nowrap"}, 7) == text.count("\n") + 1


def test_a_list_row_is_drawn_full_width_with_its_option_on_every_cell() -> None:
    """A list's rows carry the option's index (what a click selects) on every cell, padding
    included, and no selection offsets (a list's text cannot be selected); a reader's lines
    carry the offsets."""
    from corpus_tui.tui.widgets import content_lines

    row = WrappedContent("A title\n2025-04-17 · AP\nA snippet long enough to wrap", [])
    strips = content_lines.content_strips(
        row, 20, Style(), lambda style: Style(), pad_left=1, pad_right=1, meta={"option": 7}
    )
    assert [strip.text.strip() for strip in strips][:3] == [
        "A title",
        "2025-04-17 · AP",
        "A snippet long",
    ]
    for strip in strips:
        assert strip.cell_length == 20 == sum(len(segment.text) for segment in strip)
        assert all(segment.style.meta == {"option": 7} for segment in strip)
    reader_line = content_lines.line_strip(Content("Some words"), 20, Style(), lambda s: Style())
    assert reader_line.cell_length == 20
    assert reader_line._segments[0].style.meta == {"offset": (0, 0)}


def _cells(
    strips: list[object], look: Callable[[Any], object] = lambda style: style
) -> list[tuple[str, object]]:
    """Each drawn segment's text and what of its style a test compares."""
    return [
        (segment.text, look(segment.style))
        for strip in strips
        for segment in strip  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("scroll_to", [0, 37, 10_000])
def test_the_quick_scrollbar_draws_what_textuals_draws(scroll_to: int) -> None:
    """The list's bar, made into strips directly and drawn without Textual's line rules, has
    the cells (glyphs, colours) that Textual's own bar draws through Rich's console and its
    line rules, at the top, midway and at the end."""
    import asyncio

    from textual._styles_cache import StylesCache
    from textual.app import App, ComposeResult
    from textual.geometry import Region
    from textual.scrollbar import ScrollBar

    from corpus_tui.tui.widgets.quick_scrollbar import QuickScrollBar
    from corpus_tui.tui.widgets.quick_styles import QuickStylesCache
    from corpus_tui.tui.widgets.results_list import ResultsList

    hits = [
        Hit(id=f"a{n}", title=f"Title {n}", score=1.0, snippet="Some words", matches=[])
        for n in range(40)
    ]

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ResultsList(id="results")

    def cells(strips: list[object]) -> list[tuple[str, object]]:
        return _cells(strips, lambda style: (style.color, style.bgcolor))

    async def run() -> None:
        app = ListApp()
        async with app.run_test(size=(60, 20)) as pilot:
            results = app.query_one(ResultsList)
            results.show_hits(hits, len(hits))
            await pilot.pause()
            results.scroll_to(y=scroll_to, animate=False, immediate=True)
            await pilot.pause()
            bar = results.vertical_scrollbar
            assert isinstance(bar, QuickScrollBar) and bar.display
            region = Region(0, 0, bar.size.width, bar.size.height)
            quick = bar.render_lines(region)
            bar._render_bar = lambda style: ScrollBar._render_bar(bar, style)  # type: ignore[method-assign]
            bar.refresh()
            assert isinstance(bar._styles_cache, QuickStylesCache)
            assert cells(StylesCache().render_widget(bar, region)) == cells(quick)

    asyncio.run(run())


@pytest.mark.parametrize("focused", [False, True])
def test_the_panes_frame_their_lines_as_textual_does(focused: bool) -> None:
    """The results list and the reader, framed once a frame by `QuickStylesCache`, draw the
    same cells (text, colours, styles) as Textual's own styles cache draws, border, padding
    and highlighted row included, focused or not."""
    import asyncio

    from textual._styles_cache import StylesCache
    from textual.app import App, ComposeResult
    from textual.geometry import Region

    from corpus_tui.tui.widgets.quick_styles import QuickStylesCache
    from corpus_tui.tui.widgets.reader import Reader
    from corpus_tui.tui.widgets.results_list import ResultsList

    hits = [
        Hit(id=f"a{n}", title=f"Title {n}", score=1.0, snippet="Some “quoted” words", matches=[])
        for n in range(12)
    ]

    class PanesApp(App[None]):
        CSS = """
        Screen { layout: horizontal; }
        ResultsList, Reader { border: round $primary; padding: 0 1; width: 1fr; }
        """

        def compose(self) -> ComposeResult:
            yield ResultsList(id="results")
            yield Reader(id="reader")

    cells = _cells

    async def run() -> None:
        app = PanesApp()
        async with app.run_test(size=(100, 24)) as pilot:
            results = app.query_one(ResultsList)
            reader = app.query_one(Reader)
            results.show_hits(hits, len(hits))
            reader.show_article(_article(), [(0, 8)])
            if focused:
                results.focus()
            await pilot.pause()
            for pane in (results, reader):
                assert isinstance(pane._styles_cache, QuickStylesCache)
                region = Region(0, 0, pane.outer_size.width, pane.outer_size.height)
                quick = pane._styles_cache.render_widget(pane, region)
                assert any("Title 1" in strip.text or "Minister" in strip.text for strip in quick)
                assert cells(StylesCache().render_widget(pane, region)) == cells(quick)

    asyncio.run(run())
