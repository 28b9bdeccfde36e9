"""The reader pane: one article with its matches, quotations and entity mentions marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from corpus_tui.search.wording import counted
from corpus_tui.tui import styles
from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source, heading
from corpus_tui.tui.widgets.article_text import ArticleText, build_article_text, line_of_offset

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


class Reader(VerticalScroll, can_focus=True):
    """Shows one article; n/N walk the search matches, ]/[ the quotations."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader")

    DEFAULT_CSS = """
    Reader {
        padding: 0 1;
        & > #reader-title { text-style: bold; color: $text-primary; margin-bottom: 0; }
        & > #reader-title.-derived { text-style: italic; color: $text-muted; }
        & > #reader-meta { color: $text-muted; margin-bottom: 1; }
        & > #reader-body { width: 1fr; }
        & > #reader-empty { color: $text-muted; padding: 1 0; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._text: ArticleText | None = None
        self._match_index: int | None = None
        self._quote_index: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_NOTE, id="reader-empty", markup=False)
        yield Static(id="reader-title", markup=False)
        yield Static(id="reader-meta", markup=False)
        yield Static(id="reader-body", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Reader"
        self._set_article_visible(False)

    def _set_article_visible(self, visible: bool) -> None:
        self.query_one("#reader-empty").display = not visible
        for part in ("#reader-title", "#reader-meta", "#reader-body"):
            self.query_one(part).display = visible

    # -- attributes down -------------------------------------------------------------------

    def show_article(self, article: Article, match_spans: list[tuple[int, int]]) -> None:
        """Display an article, with the current query's matches highlighted."""
        self.article = article
        self._text = build_article_text(article, match_spans)
        self._match_index = None
        self._quote_index = None
        title = self.query_one("#reader-title", Static)
        title.update(Content(article_heading(article)))
        title.set_class(not article.title, "-derived")
        self._paint_meta()
        self._set_article_visible(True)
        self.scroll_home(animate=False, immediate=True)
        if self._text.matches:
            # Like `less +/pattern`: open at the first match; n/N go on from there.
            self._match_index = 0
            self._paint_body()
            self.call_after_refresh(self._scroll_to_offset, self._text.matches[0][0])
        else:
            self._paint_body()

    def show_matches(self, match_spans: list[tuple[int, int]]) -> None:
        """Re-mark the open article for another query, staying where the reader is."""
        if self.article is None:
            return
        self._text = build_article_text(self.article, match_spans)
        self._match_index = None
        self._paint_body()

    def clear(self, note: str | None = None) -> None:
        """Back to the empty state (e.g. no results, or the article left the index)."""
        self.query_one("#reader-empty", Static).update(Content(note or EMPTY_NOTE))
        self.article = None
        self._text = None
        self._match_index = None
        self._quote_index = None
        self.query_one("#reader-body", Static).update("")
        self._set_article_visible(False)
        self.scroll_home(animate=False, immediate=True)
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

    def _paint_meta(self) -> None:
        if self.article is None:
            return
        width = self.scrollable_content_region.width
        self.query_one("#reader-meta", Static).update(Content(metadata_line(self.article, width)))

    def on_resize(self) -> None:
        self._paint_meta()

    def _paint_body(self) -> None:
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
        self.query_one("#reader-body", Static).update(content)
        self.border_subtitle = self._counts()

    def _scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding `offset` sits a third of the way down the pane."""
        if self._text is None:
            return
        body = self.query_one("#reader-body", Static)
        width = body.size.width or self.scrollable_content_region.width
        row = line_of_offset(self._text.content.plain, offset, width)
        top = body.virtual_region.y + row
        self.scroll_to(
            y=max(top - self.size.height // 3, 0), animate=False, force=True, immediate=True
        )

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
        self.call_after_refresh(self._scroll_to_offset, spans[index][0])

    # -- actions ---------------------------------------------------------------------------

    def action_next_match(self) -> None:
        self._go_to(quotes=False, forward=True)

    def action_previous_match(self) -> None:
        self._go_to(quotes=False, forward=False)

    def action_next_quote(self) -> None:
        self._go_to(quotes=True, forward=True)

    def action_previous_quote(self) -> None:
        self._go_to(quotes=True, forward=False)
