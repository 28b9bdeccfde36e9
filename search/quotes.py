"""Quotations and who said them: `quote_finder` pairs the marks, `speakers` names the speaker."""

from __future__ import annotations

from .entities import Extraction
from .quote_finder import QuoteSpan, find_quotes, paragraphs
from .speakers import attribute

__all__ = ["QuoteSpan", "find_quotes", "paragraphs", "quotes_with_speakers"]


def quotes_with_speakers(text: str, extraction: Extraction) -> list[QuoteSpan]:
    """Quotations of one article with their speakers resolved."""
    quotes = find_quotes(text)
    attribute(text, quotes, extraction)
    return quotes
