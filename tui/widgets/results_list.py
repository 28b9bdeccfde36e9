"""The results pane: a page of hits at a time, asking for more as the user nears the end.

Building a widget per row for thousands of articles takes seconds, so rows are options of an
OptionList (rendered line by line) added a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.binding import BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.tui import styles
from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source, heading
from corpus_tui.tui.widgets.content_lines import WrappedContent
from corpus_tui.tui.widgets.paged_list import LOAD_MORE_MARGIN, PagedOptionList

if TYPE_CHECKING:
    from corpus_tui.search.models import Hit

SNIPPET_CHARS = 110
"""Snippets are clipped around their first match so each result stays a few lines tall."""


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
    return heading(None, hit.derived_title, hit.id), styles.DERIVED_TITLE


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
    return WrappedContent(text, spans)


class CompactRow:
    """One line per hit: the title, then source and date against the right edge.

    Laid out when drawn, at the width the pane has: the title gives way (with an ellipsis)
    before the date, and the source goes first when it would leave the title too little room.
    Dates are padded to one width so they line up down the list.
    """

    def __init__(self, heading: str, date: str, source: str, style: str = styles.TITLE) -> None:
        self.heading = heading
        self.style = style
        date = f"{date:>{DATE_WIDTH}}"
        self.metas = (f"{source} · {date}", date, "")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        title_room = min(len(self.heading), max(COMPACT_TITLE_MIN, width // 2))
        meta = next((m for m in self.metas if len(m) + 1 + title_room <= width), "")
        room = width - len(meta) - (1 if meta else 0)
        title = Text(self.heading, style=self.style, no_wrap=True)
        title.truncate(room, overflow="ellipsis", pad=True)
        if meta:
            title.append(" " + meta, style=styles.META)
        yield title

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


DATE_WIDTH = len("2025-04-17")
COMPACT_TITLE_MIN = 12
"""Cells of title a compact row keeps before it drops the source, then the date."""


def compact_prompt(hit: Hit) -> CompactRow:
    """The one-line form of a hit (plain text: Rich `Text` never reads markup)."""
    heading, style = hit_heading(hit)
    return CompactRow(
        heading,
        hit.date or "undated",
        display_source(hit.source or "unknown source"),
        style,
    )


def _rows_of(hits: list[Hit]) -> list[tuple[object, ...]]:
    """What a row shows of each hit, to tell whether two pages look the same."""
    return [
        (h.id, h.title, h.derived_title, h.source, h.date, h.snippet, tuple(map(tuple, h.matches)))
        for h in hits
    ]


class ResultsList(PagedOptionList):
    """Hits of the current search; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("results")

    DEFAULT_CSS = """
    ResultsList {
        & > .option-list--option { padding: 0 1; }
        &.-one-line > .option-list--option { padding: 0; }
    }
    """

    @dataclass
    class Opened(Message):
        """The user chose a result to read."""

        doc_id: str

    @dataclass
    class MoreWanted(Message):
        """The user scrolled near the last loaded hit and more exist."""

        offset: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.total = 0
        self._ids: set[str] = set()
        self._tags: dict[str, list[str]] = {}
        self._loaded = 0
        self._waiting_for_more = False
        self._paging_held = False
        """A first page is shown but may not ask for the next yet (see `show_hits`)."""
        self._hits: list[Hit] = []
        self.one_line = False
        """One line per hit (title, date, source) instead of three with the snippet.

        (Not `compact`: that is Textual's borderless style for the widget.)"""

    def on_mount(self) -> None:
        self.border_title = "Results"

    # -- attributes down -------------------------------------------------------------------

    def show_hits(
        self,
        hits: list[Hit],
        total: int,
        append: bool = False,
        exact: bool = True,
        page_in_later: bool = False,
    ) -> None:
        """Replace the rows with a first page of hits, or append the next page; `exact` False
        means `total` is an estimate (the count comes later, through `show_total`).

        A first page asks for the next once it is drawn, or with `page_in_later` not until
        `resume_paging()` (a keystroke's page: the next key's search should not share the
        machine with a page nobody has looked at yet).

        A first page that shows the same rows as the list already does (the engine's answer
        to the page painted before it opened) is taken without redrawing or moving the cursor.
        """
        if not append:
            self._paging_held = True
        if not append and self._hits and _rows_of(hits) == _rows_of(self._hits):
            self._hits = list(hits)
            self._loaded = len(hits)
            self._waiting_for_more = False
            self.show_total(total, exact)
            self._resume_paging_unless(page_in_later)
            return
        if not append:
            self._ids.clear()
            self._hits.clear()
            self._loaded = 0
        self._waiting_for_more = False
        self._loaded += len(hits)
        if append and not hits:  # an estimated total was too high: nothing more to ask for
            total, exact = self._loaded, True
        self.total = total
        fresh = [hit for hit in hits if hit.id not in self._ids]
        self._ids.update(hit.id for hit in fresh)
        self._hits.extend(fresh)
        if append:
            self.add_options(self._rows(fresh))
        else:
            # In one step, not emptied then filled: a page as tall as the last leaves the
            # list's size alone, so the frame that shows it needs no new layout of the screen.
            self.set_options(self._rows(fresh))
            self.highlighted = 0 if fresh else None
            self.scroll_home(animate=False)
        self.show_total(total, exact)
        self._resume_paging_unless(page_in_later)

    def _resume_paging_unless(self, later: bool) -> None:
        if not later:
            self.call_after_refresh(self.resume_paging)

    def resume_paging(self) -> None:
        """Let the list ask for its next page again, and ask now if the view is near the end."""
        self._paging_held = False
        self.page_in()

    def hits_that_fit(self) -> int:
        """How many hits fill the pane (one more than whole rows): a first page need be no
        longer, the rest arrives as the list asks for it."""
        lines_per_hit = 1 if self.one_line else 4  # title, date and source, snippet, rule
        return max(self.scrollable_content_region.height, 1) // lines_per_hit + 1

    def show_total(self, total: int, exact: bool = True) -> None:
        """The number of hits in the border: "about" until the exact count arrives."""
        self.total = total
        about = "" if exact else "about "
        self.border_title = f"Results · {about}{total:,}"
        self.border_subtitle = (
            f"{self.option_count:,} of {about}{total:,} loaded" if self.option_count < total else ""
        )

    def show_tags(self, tags: dict[str, list[str]]) -> None:
        """Redraw the rows of these articles with their tags (an empty list clears them)."""
        self._tags.update(tags)
        if self.one_line:
            return
        by_id = {hit.id: hit for hit in self._hits}
        for doc_id, names in tags.items():
            hit = by_id.get(doc_id)
            if hit is not None:
                self.replace_option_prompt(doc_id, hit_prompt(hit, names))

    def set_compact(self, compact: bool) -> None:
        """Switch between one line and three per hit, keeping the cursor on its hit."""
        if compact == self.one_line:
            return
        self.one_line = compact
        self.set_class(compact, "-one-line")
        if not self._hits:
            return
        highlighted = self.highlighted
        self.set_options(self._rows(self._hits))
        self.highlighted = highlighted
        if highlighted is not None:
            self.call_after_refresh(self.scroll_to_highlight)

    def _rows(self, hits: list[Hit]) -> list[Option | None]:
        rows: list[Option | None] = []
        for hit in hits:
            if self.one_line:
                rows.append(Option(compact_prompt(hit), id=hit.id))
            else:
                rows.extend((Option(hit_prompt(hit, self._tags.get(hit.id)), id=hit.id), None))
        return rows

    def show_nothing(self, note: str) -> None:
        """No hits: one line saying why (and what to try) instead of a blank pane."""
        self.show_hits([], 0)
        self.add_option(Option(Content(display_source(note)), disabled=True))

    @property
    def highlighted_id(self) -> str | None:
        """Id of the article under the cursor."""
        option = self.highlighted_option
        return option.id if option else None

    # -- paging ----------------------------------------------------------------------------

    def page_in(self) -> None:
        """Ask the screen for the next page of hits (once until it arrives)."""
        if (
            self._paging_held
            or self._waiting_for_more
            or self._loaded >= self.total
            or not self.option_count
        ):
            return
        near_cursor = (
            self.highlighted is not None
            and self.highlighted >= self.option_count - LOAD_MORE_MARGIN
        )
        near_view = self.max_scroll_y - self.scroll_y <= self.size.height
        if near_cursor or near_view:
            self._waiting_for_more = True
            self.post_message(self.MoreWanted(self._loaded))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(event.option.id))
