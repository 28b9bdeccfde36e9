"""Text helpers every pane and view shares: untrusted text made safe to show, one-line errors,
and the heading of an article (its title, or the one derived at index time)."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def display_source(text: str) -> str:
    """Control characters (tabs too) become spaces, one for one, so offsets stay valid.

    Ingest already strips them; this is the last guard before the terminal, and keeps tabs from
    being expanded by Textual, which would shift every offset after them.
    """
    return _CONTROL_CHARACTERS.sub(" ", text)


def first_line(error: BaseException) -> str:
    """A one-line message for an exception, never a traceback."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def plain(value: object) -> Text:
    """A table cell from untrusted text: a Rich Text built from the plain string, never markup."""
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis")


def heading(title: str | None, derived_title: str | None, doc_id: str) -> str:
    """An article's heading: its title, else the title derived at index time (its first
    sentence), else its id; so an untitled article reads the same in every pane."""
    return display_source(title or derived_title or doc_id)
