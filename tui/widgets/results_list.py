"""The results pane: a page of hits at a time, asking for more as the user nears the end.

Building a widget per row for thousands of articles takes seconds, so rows are options of an
OptionList (rendered line by line) added a page at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.tui import styles
from corpus_tui.tui.keys import RESULTS_KEYS, bindings
from corpus_tui.tui.widgets.article_text import display_source

if TYPE_CHECKING:
    from corpus_tui.search.models import Hit

SNIPPET_CHARS = 110
"""Snippets are clipped around their first match so each result stays a few lines tall."""

LOAD_MORE_MARGIN = 5
"""Ask for the next page when the cursor or the view comes this close to the last loaded row."""


def clip_snippet(
    snippet: str, matches: list[tuple[int, int]], limit: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """Cut a long snippet to `limit` characters around its first match, shifting the matches."""
    if len(snippet) <= limit:
        return snippet, matches
    first = matches[0][0] if matches else 0
    start = 0 if first < limit * 2 // 3 else max(0, min(first - limit // 4, len(snippet) - limit))
    if start:
        space = snippet.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = start + limit
    if end < len(snippet):
        space = snippet.rfind(" ", start + limit // 2, end)
        end = space if space != -1 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(snippet) else ""
    shift = len(prefix) - start
    kept = [(s + shift, e + shift) for s, e in matches if s >= start and e <= end]
    return prefix + snippet[start:end] + suffix, kept


def hit_heading(hit: Hit) -> tuple[str, str]:
    """The title and its style; an article without one shows the title derived at index time
    (its first sentence), in the derived style, so it stays put while the query changes."""
    if hit.title:
        return display_source(hit.title), styles.TITLE
    return display_source(hit.derived_title or hit.id), styles.DERIVED_TITLE


def hit_prompt(hit: Hit, tags: list[str] | None = None) -> Content:
    """Three parts: bold title, a dim date · source (· tags) line, the snippet with matches."""
    heading, heading_style = hit_heading(hit)
    meta = f"{hit.date or 'undated'} · {display_source(hit.source or 'unknown source')}"
    if tags:
        starred = sorted(tags, key=lambda tag: tag != "star")
        marks = " ".join("★" if tag == "star" else f"#{tag}" for tag in starred)
        meta += f" · {display_source(marks)}"
    snippet, matches = clip_snippet(display_source(hit.snippet), list(hit.matches))
    snippet = snippet.replace("\n", " ")
    text = f"{heading}\n{meta}\n{snippet}"
    meta_start = len(heading) + 1
    snippet_start = meta_start + len(meta) + 1
    spans = [
        Span(0, len(heading), heading_style),
        Span(meta_start, meta_start + len(meta), styles.META),
    ]
    spans.extend(
        Span(snippet_start + start, snippet_start + end, styles.MATCH)
        for start, end in matches
        if 0 <= start < end <= len(snippet)
    )
    return Content(text, spans)


class ResultsList(OptionList):
    """Hits of the current search; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(RESULTS_KEYS)

    DEFAULT_CSS = """
    ResultsList {
        & > .option-list--option { padding: 0 1; }
    }
    """

    class Opened(Message):
        """The user chose a result to read."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    class MoreWanted(Message):
        """The user scrolled near the last loaded hit and more exist."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.total = 0
        self._ids: set[str] = set()
        self._hits: dict[str, Hit] = {}
        self._loaded = 0
        self._waiting_for_more = False

    def on_mount(self) -> None:
        self.border_title = "Results"

    # -- attributes down -------------------------------------------------------------------

    def show_hits(self, hits: list[Hit], total: int, append: bool = False) -> None:
        """Replace the rows with a first page of hits, or append the next page."""
        if not append:
            self.clear_options()
            self._ids.clear()
            self._hits.clear()
            self._loaded = 0
        self._waiting_for_more = False
        self.total = total
        self._loaded += len(hits)
        fresh = [hit for hit in hits if hit.id not in self._ids]
        self._ids.update(hit.id for hit in fresh)
        self._hits.update((hit.id, hit) for hit in fresh)
        rows: list[Option | None] = []
        for hit in fresh:
            rows.extend((Option(hit_prompt(hit), id=hit.id), None))
        self.add_options(rows)
        if not append:
            self.highlighted = 0 if fresh else None
            self.scroll_home(animate=False)
        self.border_title = f"Results · {total:,}"
        self.border_subtitle = (
            f"{self.option_count:,} of {total:,} loaded" if self.option_count < total else ""
        )
        self.call_after_refresh(self._maybe_want_more)

    def show_tags(self, tags: dict[str, list[str]]) -> None:
        """Redraw the rows of these articles with their tags (an empty list clears them)."""
        for doc_id, names in tags.items():
            hit = self._hits.get(doc_id)
            if hit is not None and doc_id in self._ids:
                self.replace_option_prompt(doc_id, hit_prompt(hit, names))

    @property
    def highlighted_id(self) -> str | None:
        """Id of the article under the cursor."""
        option = self.highlighted_option
        return option.id if option else None

    # -- paging ----------------------------------------------------------------------------

    def _maybe_want_more(self) -> None:
        if self._waiting_for_more or self._loaded >= self.total or not self.option_count:
            return
        near_cursor = (
            self.highlighted is not None
            and self.highlighted >= self.option_count - LOAD_MORE_MARGIN
        )
        near_view = self.max_scroll_y - self.scroll_y <= self.size.height
        if near_cursor or near_view:
            self._waiting_for_more = True
            self.post_message(self.MoreWanted(self._loaded))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._maybe_want_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_want_more()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(event.option.id))
