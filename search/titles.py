"""Titles: a headline loses its section label, and an article without one gets a derived title.

The derived title is made once, at index time, from the article's first sentence, so it is the
same on every screen and for every query; it is stored apart from `title`, which stays None, so
no one mistakes it for the page's own headline.
"""

from __future__ import annotations

import re

from .metadata import is_caption, is_wire_header, parse_dateline

_TITLE_LABEL = re.compile(r"\s+\|\s+(?P<label>[^|]{1,40})$")
_MAX_LABEL_WORDS = 3
_MIN_HEADLINE_WORDS = 4


def strip_title_label(title: str) -> str:
    """ "Headline | Explained" or "Headline | Example News" -> "Headline".

    A short section or site label after a vertical bar is page furniture; a bar between two long
    parts, or after a headline of a few words, is kept.
    """
    match = _TITLE_LABEL.search(title)
    if match is None:
        return title
    head = title[: match.start()].strip()
    if (
        len(match.group("label").split()) <= _MAX_LABEL_WORDS
        and len(head.split()) >= _MIN_HEADLINE_WORDS
    ):
        return head
    return title


DERIVED_TITLE_CHARS = 80
"""A derived title is cut at a word boundary within this many characters (plus an ellipsis)."""

_SENTENCE_STOP = re.compile(r"[.!?]+['\"’”»)]*(?=\s+['\"“‘«(]?[A-Z0-9]|\s*$)")
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt",
        "sgt", "st", "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb",
        "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "approx", "dept", "est",
    }
)  # fmt: skip
_CUT_TRAILING = " ,;:–—-(\"“‘'"


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph that is not a photo caption or a wire header
    line (byline, dateline, date), a dateline that opens it left out."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    following: list[str | None] = [*paragraphs[1:], None] if paragraphs else []
    paragraph = next(
        (
            p
            for p, after in zip(paragraphs, following, strict=True)
            if not is_caption(p) and not is_wire_header(p, after)
        ),
        paragraphs[0] if paragraphs else "",
    )
    paragraph = " ".join(paragraph.split())
    dateline = parse_dateline(paragraph)
    if dateline is not None and dateline.rest:
        paragraph = dateline.rest
    for match in _SENTENCE_STOP.finditer(paragraph):
        words = paragraph[: match.start()].split()
        last = words[-1].lower().lstrip("(\"“‘'") if words else ""
        if match.group().startswith(".") and (
            last in _ABBREVIATIONS or len(last) == 1 or "." in last
        ):
            continue  # "Mr.", "U.S.", "J. Smith": not the end of the sentence
        return paragraph[: match.end()]
    return paragraph


def derive_title(text: str, max_chars: int = DERIVED_TITLE_CHARS) -> str | None:
    """A stable stand-in title for an article that has none: its first sentence, without the
    closing full stop, cut at a word boundary with an ellipsis when longer than `max_chars`."""
    sentence = first_sentence(text)
    if not sentence:
        return None
    if len(sentence) <= max_chars:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[: max_chars + 1]
    space = cut.rfind(" ")
    head = cut[:space] if space > 0 else sentence[:max_chars]
    return head.rstrip(_CUT_TRAILING) + "…"
