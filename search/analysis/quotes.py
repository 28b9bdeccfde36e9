"""Quotations and who said them: `quote_finder` pairs the marks, `speakers` names the speaker.

A quoted Title Case name of a work or show ("on “Face the Nation,”", "MSNBC’s “Morning Joe”")
is a title, not a quotation, and is left out.
"""

from __future__ import annotations

import re

from .lexicon import quote_lexicon
from .names import Extraction
from .quote_finder import QuoteSpan, find_quotes
from .speakers import attribute

__all__ = ["is_work_title", "quotes_with_speakers"]

TITLE_WORDS = 6
"""A work's title quoted in running text has at most this many words."""
SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from", "as"]
)
"""Words a title leaves in lower case ("Face the Nation")."""
WORD_RE = re.compile(r"[\w'’-]+")
POSSESSIVE_RE = re.compile(r"\w(?:['’]s|s['’])$")


def quotes_with_speakers(text: str, extraction: Extraction) -> list[QuoteSpan]:
    """Quotations of one article with their speakers resolved; titles of works left out
    (after attribution, so a title still separates a quotation from its speaker)."""
    quotes = find_quotes(text)
    if not quotes:
        return quotes  # most short items quote nobody: no context to build
    attribute(text, quotes, extraction)
    return [q for q in quotes if not is_work_title(text, q)]


def is_work_title(text: str, quote: QuoteSpan) -> bool:
    """A short Title Case phrase in quotation marks right after a possessive or a cue word
    ("on", "documentary"): the name of a show, film or book."""
    if not quote.closed or text[quote.inner_start : quote.inner_end].rstrip().endswith(("!", "?")):
        return False
    words = WORD_RE.findall(text[quote.inner_start : quote.inner_end])
    if not words or len(words) > TITLE_WORDS or not words[0][0].isupper():
        return False
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words):
        return False
    before = text[max(0, quote.start - 40) : quote.start].rstrip(" ,")
    if not before or before[-1] in "\n.!?:":
        return False  # opens a paragraph or a sentence: a heading or a quotation
    last = WORD_RE.findall(before)
    if not last:
        return False
    return bool(POSSESSIVE_RE.search(last[-1])) or last[-1].lower() in quote_lexicon().title_cues
