"""Turn an article into styled display text: matches, quotations with speakers, entity mentions.

The text is untrusted, so it only ever enters a `Content` as plain characters; styles are applied
by offset and name component classes of the reader (styles.MATCH), which the theme colours.
Speaker labels are inserted after quotations, so article offsets are mapped to display offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content, Span

from corpus_tui.tui import styles
from corpus_tui.tui.text import display_source

if TYPE_CHECKING:
    from corpus_tui.search.models import Article


SPEAKER_PREFIX = " — "


@dataclass
class ArticleText:
    """Display text of an article plus where its matches and quotations landed in it."""

    content: Content
    matches: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    speakers: list[str | None] = field(default_factory=list)
    quote_texts: list[str] = field(default_factory=list)

    def with_cursor(self, span: tuple[int, int] | None, style: str) -> Content:
        """The content with one span (the current match or quotation) picked out."""
        if span is None:
            return self.content
        return self.content.stylize(style, span[0], span[1])


class _OffsetMap:
    """Maps offsets in the article text to offsets in the display text with labels inserted."""

    def __init__(self, inserts: list[tuple[int, int]]) -> None:
        self._points = [point for point, _ in inserts]
        self._shift: list[int] = []
        total = 0
        for _, length in inserts:
            total += length
            self._shift.append(total)

    def _shift_before(self, count: int) -> int:
        return self._shift[count - 1] if count else 0

    def start(self, offset: int) -> int:
        """A span start at `offset` moves past labels inserted at or before it."""
        return offset + self._shift_before(bisect_right(self._points, offset))

    def end(self, offset: int) -> int:
        """A span end at `offset` stays before a label inserted exactly there."""
        return offset + self._shift_before(bisect_left(self._points, offset))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


def build_article_text(article: Article, match_spans: list[tuple[int, int]]) -> ArticleText:
    """Lay out an article's body: speaker labels after quotations, styles by offset."""
    text = display_source(article.text)
    length = len(text)
    quotes = sorted(
        (quote for quote in article.quotes if 0 <= quote.start < quote.end <= length),
        key=lambda quote: quote.start,
    )
    labels = [
        (quote.end, f"{SPEAKER_PREFIX}{quote.speaker}")
        for quote in quotes
        if quote.speaker
        and not _speaker_named_beside(article, quote.speaker, quote.start, quote.end)
    ]
    mapping = _OffsetMap([(point, len(label)) for point, label in labels])

    pieces: list[str] = []
    label_spans: list[Span] = []
    cursor = 0
    for point, label in labels:
        pieces.append(text[cursor:point])
        start = mapping.start(point) - len(label)
        label_spans.append(Span(start, start + len(label), styles.SPEAKER))
        pieces.append(label)
        cursor = point
    pieces.append(text[cursor:])

    spans: list[Span] = []
    for entity in article.entities:
        style = styles.ENTITY.get(entity.type)
        if style is None:
            continue
        for start, end in entity.mentions:
            if 0 <= start < end <= length:
                spans.append(Span(*mapping.span(start, end), style))
    quote_spans = [mapping.span(quote.start, quote.end) for quote in quotes]
    spans.extend(Span(start, end, styles.QUOTE) for start, end in quote_spans)
    spans.extend(label_spans)
    matches = sorted(
        mapping.span(start, end) for start, end in match_spans if 0 <= start < end <= length
    )
    spans.extend(Span(start, end, styles.MATCH) for start, end in matches)

    return ArticleText(
        content=Content("".join(pieces), spans),
        matches=matches,
        quotes=quote_spans,
        speakers=[quote.speaker for quote in quotes],
        quote_texts=[quote.text for quote in quotes],
    )


NAMED_NEARBY_CHARS = 60
"""A speaker named this close before or after a quotation needs no label: the text says who."""


def _speaker_named_beside(article: Article, speaker: str, start: int, end: int) -> bool:
    """True when the attribution sits right next to the quotation ("…," Petrak said)."""
    for entity in article.entities:
        if entity.name != speaker:
            continue
        return any(
            end <= m_start <= end + NAMED_NEARBY_CHARS
            or start - NAMED_NEARBY_CHARS <= m_end <= start
            for m_start, m_end in entity.mentions
        )
    return False
