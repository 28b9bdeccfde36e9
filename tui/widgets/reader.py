"""The reader pane: one article with its matches, quotations and entity mentions marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle

from corpus_tui.search.wording import counted
from corpus_tui.tui import styles
from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source, heading
from corpus_tui.tui.widgets.article_text import ArticleText, build_article_text
from corpus_tui.tui.widgets.content_lines import line_of_offset, line_strip, wrap_offsets
from corpus_tui.tui.widgets.quick_styles import QuickStyles
from corpus_tui.tui.widgets.steady_scroll import SteadyScrollbars

if TYPE_CHECKING:
    from corpus_tui.search.models import Article

EMPTY_NOTE = "No article open. Pick one from the results."


def article_heading(article: Article) -> str:
    """The title, or the title derived at index time (the first sentence) when there is none."""
    return heading(article.title, article.derived_title, article.id)


META_SEPARATOR = "  ·  "


def metadata_line(article: Article, width: int = 0) -> str:
    """Source, date and path, the facts a reader checks before trusting a story.

    When the three do not fit in `width` cells the path goes on a line of its own, so a line
    never ends on a separator.
    """
    about = META_SEPARATOR.join(
        display_source(part)
        for part in (article.source or "unknown source", article.date or "undated")
    )
    where = display_source(
        article.path if article.path == article.id else f"{article.path} ({article.id})"
    )
    extras = []
    if article.tags:
        starred = sorted(article.tags, key=lambda tag: tag != "star")
        extras.append(" ".join("★" if tag == "star" else f"#{tag}" for tag in starred))
    if article.notes:
        extras.append(counted(len(article.notes), "note"))
    where = META_SEPARATOR.join([where, *(display_source(extra) for extra in extras)])
    line = f"{about}{META_SEPARATOR}{where}"
    return line if width <= 0 or len(line) <= width else f"{about}\n{where}"


def _kept(index: int | None, spans: list[tuple[int, int]]) -> int | None:
    """A cursor index still valid after the article was read again, else none."""
    return index if index is not None and index < len(spans) else None


class Reader(QuickStyles, SteadyScrollbars, ScrollView, can_focus=True):
    """Shows one article; n/N walk the search matches, ]/[ the quotations.

    Drawn line by line (Textual's Line API): the article is wrapped once per width into line
    offsets, and only the lines in view are rendered, so opening a long article or jumping to a
    match costs the same as a short one.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader")

    DEFAULT_CSS = """
    Reader {
        padding: 0 1;
        overflow-x: hidden;
        /* Lines are wrapped to the width beside the scrollbar, shown or not: a scrollbar that
           appeared after the wrap would cover the ends of the lines. */
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._text: ArticleText | None = None
        self._match_index: int | None = None
        self._quote_index: int | None = None
        self._note = EMPTY_NOTE
        self._body = Content("")
        """The article's display text with the current match or quotation picked out."""
        self._head: list[Content] = []
        """Title, metadata and a blank line (or the empty note), wrapped to the width."""
        self._lines: list[tuple[int, int]] = []
        """Start and end of each body line in `_body`, wrapped to `_width`."""
        self._width = 0
        self._strips: dict[int, Strip] = {}
        self._pending_offset: int | None = None
        """A body offset to scroll to once the reader has a width (it was hidden)."""

    def on_mount(self) -> None:
        self.border_title = "Reader"

    # -- attributes down -------------------------------------------------------------------

    def show_article(
        self, article: Article, match_spans: list[tuple[int, int]], keep_place: bool = False
    ) -> None:
        """Display an article, with the current query's matches highlighted; `keep_place`
        (the same article read again) stays on the current match or quotation and scroll."""
        same = keep_place and self.article is not None and self.article.id == article.id
        match_index, quote_index, scroll_y = self._match_index, self._quote_index, self.scroll_y
        self.article = article
        self._text = build_article_text(article, match_spans)
        if same:
            self._match_index = _kept(match_index, self._text.matches)
            self._quote_index = _kept(quote_index, self._text.quotes)
            self._paint_body(relayout=True)
            self.scroll_to(y=scroll_y, animate=False, force=True, immediate=True)
            return
        # Like `less +/pattern`: open at the first match; n/N go on from there.
        self._match_index = 0 if self._text.matches else None
        self._quote_index = None
        self._paint_body(relayout=True)
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        if self._text.matches:
            self._scroll_to_offset(self._text.matches[0][0])

    def show_matches(self, match_spans: list[tuple[int, int]]) -> None:
        """Re-mark the open article for another query, staying where the reader is."""
        if self.article is None:
            return
        self._text = build_article_text(self.article, match_spans)
        self._match_index = None
        self._paint_body()

    def clear(self, note: str | None = None) -> None:
        """Back to the empty state (e.g. no results, or the article left the index)."""
        self._note = note or EMPTY_NOTE
        self.article = None
        self._text = None
        self._match_index = None
        self._quote_index = None
        self._pending_offset = None
        self._body = Content("")
        self._relayout()
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        self.border_subtitle = ""

    @property
    def current_quote(self) -> str | None:
        """The quotation under the cursor, if the user has moved to one."""
        if self._text is None or self._quote_index is None:
            return None
        return self._text.quote_texts[self._quote_index]

    @property
    def current_speaker(self) -> str | None:
        """Who said the quotation under the cursor, when the engine knows."""
        if self._text is None or self._quote_index is None:
            return None
        return self._text.speakers[self._quote_index]

    @property
    def match_count(self) -> int:
        return len(self._text.matches) if self._text else 0

    @property
    def quote_count(self) -> int:
        return len(self._text.quotes) if self._text else 0

    @property
    def match_index(self) -> int | None:
        return self._match_index

    @property
    def quote_index(self) -> int | None:
        return self._quote_index

    # -- drawing ---------------------------------------------------------------------------

    def _counts(self) -> str:
        """Border subtitle: where the cursor is among the matches and quotations."""
        if self._text is None:
            return ""
        parts = []
        for noun, items, index in (
            ("match", self._text.matches, self._match_index),
            ("quotation", self._text.quotes, self._quote_index),
        ):
            if not items:
                continue
            if index is None:
                parts.append(counted(len(items), noun))
            else:
                parts.append(f"{noun} {index + 1:,}/{len(items):,}")
        return " · ".join(parts)

    def _paint_body(self, relayout: bool = False) -> None:
        """Pick out the current match or quotation; the lines stay where they are."""
        if self._text is None:
            return
        content = self._text.content
        if self._match_index is not None:
            content = self._text.with_cursor(
                self._text.matches[self._match_index], styles.MATCH_CURRENT
            )
        elif self._quote_index is not None:
            content = self._text.with_cursor(
                self._text.quotes[self._quote_index], styles.QUOTE_CURRENT
            )
        self._body = content
        self.border_subtitle = self._counts()
        if relayout:
            self._relayout()
        else:
            self._strips.clear()
            self.refresh()

    def _relayout(self) -> None:
        """Wrap the heading and body to the current width and size the scrollable area."""
        width = self.scrollable_content_region.width
        self._width = width
        self._strips.clear()
        if self.article is None:
            self._head = [Content(""), *Content.styled(self._note, styles.META).wrap(max(width, 1))]
            self._lines = []
        else:
            title_style = styles.HEADING if self.article.title else styles.DERIVED_TITLE
            title = Content.styled(article_heading(self.article), title_style)
            meta = Content.styled(metadata_line(self.article, width), styles.META)
            wrap = max(width, 1)
            self._head = [*title.wrap(wrap), *meta.wrap(wrap), Content("")]
            self._lines = wrap_offsets(self._body.plain, width)
        size = Size(width, len(self._head) + len(self._lines))
        if size != self.virtual_size:
            # The pane's own size is set by the layout; only the scrollbar needs to know.
            self.set_reactive(Reader.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
            if self._pending_offset is not None:
                self._scroll_to_offset(self._pending_offset)

    def notify_style_update(self) -> None:
        """The theme or a style changed: the rendered lines carry the old colours."""
        super().notify_style_update()
        self._strips.clear()

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, as the lines are drawn."""
        lines = [line.plain for line in self._head]
        lines.extend(self._body.plain[start:end] for start, end in self._lines)
        return selection.extract("\n".join(lines)), "\n"

    def render_line(self, y: int) -> Strip:
        """One line of the pane: a heading line or a body line, rendered when first shown."""
        index = self.scroll_offset.y + y
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_row(index)
            if self.text_selection is None:
                self._strips[index] = strip
        return strip

    def drawn_lines(self) -> list[Strip]:
        """Every line of the pane as it is drawn, in view or not (what a test reads)."""
        return [self._render_row(index) for index in range(self.virtual_size.height)]

    def _render_row(self, index: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.visual_style
        head = len(self._head)
        if index < head:
            line = self._head[index]
        elif index - head < len(self._lines):
            start, end = self._lines[index - head]
            line = self._body[start:end]
        else:
            return Strip.blank(width, style.rich_style)
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(index)) is not None:
            start, end = span
            selection_style = VisualStyle.from_styles(
                self.screen.get_component_styles("screen--selection")
            )
            line = line.stylize(selection_style, start, len(line) if end == -1 else end)
        return line_strip(line, width, style, self._get_style, y=index)

    def _scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding body `offset` sits a third of the way down the pane."""
        if self._text is None:
            return
        if not self._lines:  # no width yet (the pane is hidden): once it has one
            self._pending_offset = offset
            return
        self._pending_offset = None
        row = len(self._head) + line_of_offset(self._lines, offset)
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(row - height // 3, 0), animate=False, force=True, immediate=True)

    def _step(self, spans: list[tuple[int, int]], index: int | None, forward: bool) -> int | None:
        if not spans:
            self.notify("Nothing to jump to in this article.", severity="warning", timeout=2)
            return None
        if index is None:
            return 0 if forward else len(spans) - 1
        return (index + (1 if forward else -1)) % len(spans)

    def _go_to(self, quotes: bool, forward: bool) -> None:
        """The next or previous match (or quotation), marked and scrolled into view."""
        if self._text is None:
            return
        spans = self._text.quotes if quotes else self._text.matches
        index = self._step(spans, self._quote_index if quotes else self._match_index, forward)
        if index is None:  # nothing of that kind in the article (it said so)
            return
        # Only one kind is marked at a time: walking one clears the other.
        self._match_index, self._quote_index = (None, index) if quotes else (index, None)
        self._paint_body()
        self._scroll_to_offset(spans[index][0])

    # -- actions ---------------------------------------------------------------------------

    def action_next_match(self) -> None:
        self._go_to(quotes=False, forward=True)

    def action_previous_match(self) -> None:
        self._go_to(quotes=False, forward=False)

    def action_next_quote(self) -> None:
        self._go_to(quotes=True, forward=True)

    def action_previous_quote(self) -> None:
        self._go_to(quotes=True, forward=False)
