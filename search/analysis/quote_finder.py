"""Finding quotations: pairing quotation marks within paragraphs.

Marks are paired within each paragraph: curly and straight double quotes, and single quotes
only at word boundaries (’ is also the apostrophe). A double quote left open runs to the end
of its paragraph (continued quotations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Found

DOUBLE_OPEN, DOUBLE_CLOSE, SINGLE_OPEN, SINGLE_CLOSE = "DO", "DC", "SO", "SC"
DOUBLE_EITHER = "DE"
"""A straight double quote with space on both sides: closes an open quotation, else opens one."""
NICKNAME_RE = re.compile(r"[\"“‘'][A-Z][\w.-]*(?: [A-Z][\w.-]*)?[\"”’']")
"""One or two capitalised words in quotation marks."""
LETTER_RE = re.compile(r"[^\W_]")
TWO_LETTERS_RE = re.compile(r"[^\W_][\W_]*[^\W_]")
TAG_RE = re.compile(r"<[A-Za-z/][^<>\n]*>")
"""Markup left in the text (`<tweet pic="…">`): its quotation marks are attribute delimiters."""
STAGE_DIRECTION_RE = re.compile(r"\s*\([^()]*\)[.\s]*")
"""An open quotation holding only a parenthesis ("(CROSSTALK.)") is a transcript's stage note."""
BLOCK_PATTERN = r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*"
LINE_PATTERN = r"[^\n]+"
WINDOW = 80
"""How far (characters) past a quotation its attribution may sit."""


@dataclass
class QuoteSpan:
    """One quotation: `start`/`end` include the marks (or run to the paragraph end when open)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    paragraph: int
    closed: bool
    speaker: Found | None = None

    def text(self, source: str) -> str:
        return source[self.inner_start : self.inner_end].strip()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks between blank lines, or lines when the text has no blank lines."""
    pattern = BLOCK_PATTERN if re.search(r"\n[ \t]*\n", text) else LINE_PATTERN
    spans = []
    for match in re.finditer(pattern, text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _mark_kind(text: str, i: int, start: int, end: int) -> str | None:
    """Classify the quotation mark at i (paragraph [start, end)): opener, closer or neither."""
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if ch in "“«":
        return DOUBLE_OPEN
    if ch in "”»":
        return DOUBLE_CLOSE
    if ch == '"':
        if before.isalnum() and after.isalnum():
            return None
        if before.isspace() or before in "([{/":
            # ` " ` (a closer after a nested quote, "outreach,' " he said") goes either way.
            return DOUBLE_EITHER if after.isspace() or after in ",.;:!?)" else DOUBLE_OPEN
        if before in "—–-":
            return DOUBLE_OPEN if after.isalnum() or after in "‘'“" else DOUBLE_CLOSE
        return DOUBLE_CLOSE
    if ch == "‘" or (ch == "'" and (before.isspace() or before in '([{—–-/“"')):
        return SINGLE_OPEN if after.isalnum() or after in '“"' else None
    if ch in "’'":
        if after.isalnum() or before.isspace():
            return None  # an apostrophe inside a word, or an elision such as ’90s
        return SINGLE_CLOSE
    return None


MARK_RE = re.compile(r"[“”\"‘’'«»]")


def find_quotes(text: str) -> list[QuoteSpan]:
    """All quotations, paired per paragraph, in text order."""
    found: list[QuoteSpan] = []
    for index, (start, end) in enumerate(paragraphs(text)):
        found.extend(_pair(text, start, end, index))
    return found


def _pair(text: str, start: int, end: int, index: int) -> list[QuoteSpan]:
    tags = [m.span() for m in TAG_RE.finditer(text, start, end)]
    marks = [
        (m.start(), kind)
        for m in MARK_RE.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in tags)
        and (kind := _mark_kind(text, m.start(), start, end))
    ]
    spans: list[QuoteSpan] = []
    double_open: int | None = None
    single_open: int | None = None
    for position, (i, kind) in enumerate(marks):
        if double_open is not None:
            if kind in (DOUBLE_CLOSE, DOUBLE_EITHER):
                spans.append(QuoteSpan(double_open, i + 1, double_open + 1, i, index, True))
                double_open = None
            continue
        if single_open is not None:
            if kind == SINGLE_CLOSE and not _later_close_fits(text, marks, position):
                spans.append(QuoteSpan(single_open, i + 1, single_open + 1, i, index, True))
                single_open = None
            continue
        if kind in (DOUBLE_OPEN, DOUBLE_EITHER):
            double_open = i
        elif kind == SINGLE_OPEN:
            single_open = i
    if (
        double_open is not None
        and end - double_open > 1
        and not STAGE_DIRECTION_RE.fullmatch(text, double_open + 1, end)
    ):
        spans.append(QuoteSpan(double_open, end, double_open + 1, end, index, False))
    return [s for s in spans if _has_words(text, s) and not is_nickname(text, s)]


def is_nickname(text: str, span: QuoteSpan) -> bool:
    """A quoted nickname inside a name (Robert C. "Bobby" Scott): no quotation."""
    before = text[max(0, span.start - 30) : span.start]
    return bool(
        NICKNAME_RE.fullmatch(text, span.start, span.end)
        and re.search(r"\b[A-Z][\w.]*[ \t]$", before)
        and re.match(r"[ \t][A-Z]", text[span.end : span.end + 2])
    )


def _has_words(text: str, span: QuoteSpan) -> bool:
    """Some letters inside; two at least in single quotes (rock 'n' roll is no quotation)."""
    single = text[span.start] in "‘'"
    pattern = TWO_LETTERS_RE if single else LETTER_RE
    return pattern.search(text, span.inner_start, span.inner_end) is not None


def _later_close_fits(text: str, marks: list[tuple[int, str]], position: int) -> bool:
    """A closing ’ after a plural ("Europeans’ view") is an apostrophe if a later closer exists."""
    i = marks[position][0]
    if text[i - 1] != "s" or not text[i + 1 : i + 3].strip(" ").isalpha():
        return False
    for _, kind in marks[position + 1 :]:
        if kind == SINGLE_OPEN:
            return False
        if kind == SINGLE_CLOSE:
            return True
    return False
