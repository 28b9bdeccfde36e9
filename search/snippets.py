"""Short snippets around the first matches, with match offsets relative to the snippet.

Offsets survive because whitespace is replaced one character for one character, and the
ellipses added at either end shift every match by a known amount.
"""

from __future__ import annotations

import re

from .models import Span

SNIPPET_CHARS = 220
LEAD_CHARS = 70
ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s")


def make_snippet(
    text: str, spans: list[Span], width: int = SNIPPET_CHARS
) -> tuple[str, list[Span]]:
    """A one-line window of `text` around the densest early matches, and the matches inside it."""
    if not text:
        return "", []
    start = _window_start(text, spans, width)
    while start < len(text) and text[start].isspace():
        start += 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > start else end
    window = _WHITESPACE.sub(" ", text[start:end])
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    matches = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return f"{prefix}{window}{suffix}", matches


def _window_start(text: str, spans: list[Span], width: int) -> int:
    """Start the window a little before the match that has the most other matches after it."""
    if not spans:
        return 0
    spans = spans[:50]
    best = max(
        range(len(spans)),
        key=lambda i: (sum(1 for s, _ in spans[i:] if s < spans[i][0] + width - LEAD_CHARS), -i),
    )
    anchor = spans[best][0]
    if anchor < width - LEAD_CHARS:
        return 0
    start = max(0, anchor - LEAD_CHARS)
    space = text.find(" ", start, anchor)
    return space + 1 if space != -1 else start
