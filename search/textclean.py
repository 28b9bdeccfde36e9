"""Control-character hygiene: article text must never reach a terminal with escapes in it.

Scraped and mailed-in articles carry ANSI colours, OSC 52 clipboard writes, OSC 8 hyperlinks and bidi
overrides. `strip_control_chars` removes them from everything that is indexed and displayed;
`escape_control_chars` makes them visible (never raw) for `show --raw`.
"""

from __future__ import annotations

import re

# Whole escape sequences first, so their parameters ("31m", "52;c;...") do not survive as text.
# OSC/DCS/SOS/PM/APC run to BEL or ST (ESC \ or 0x9c); an unterminated one runs to the end of its line.
_STRING_SEQUENCE = r"(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
_CSI_SEQUENCE = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
_OTHER_ESCAPE = r"\x1b[ -/]*[0-~]?"
_ESCAPE_SEQUENCES = re.compile(f"{_STRING_SEQUENCE}|{_CSI_SEQUENCE}|{_OTHER_ESCAPE}")

# Remaining single characters: C0 except tab and newline, DEL, C1, and invisible format characters
# that can reorder or hide text (bidi embeddings/overrides/isolates, LRM/RLM, zero-width space,
# word joiner, BOM). ZWJ/ZWNJ (U+200C/U+200D) are kept: they are part of spelling in several scripts.
_INVISIBLE = "\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_LINE_SEPARATORS = re.compile("\r\n?|[\u2028\u2029\x85]")


def normalise_newlines(text: str) -> str:
    """CRLF, lone CR and the Unicode line/paragraph separators all become "\\n"."""
    return _LINE_SEPARATORS.sub("\n", text)


def strip_control_chars(text: str) -> str:
    """Text safe to index and display: escape sequences and control/format characters removed.

    Line endings are normalised first, so a bare CR (which would let a line overwrite itself on a
    terminal) becomes a line break rather than disappearing and gluing two words together.
    """
    text = normalise_newlines(text)
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROL_CHARS.sub("", text)


_TO_ESCAPE = re.compile(f"\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r\n":
        return "\n"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control_chars(text: str) -> str:
    """Every control or invisible format character shown as a visible escape such as "\\x1b".

    Newline and tab stay as they are; a CRLF pair is shown as a plain line break (the CR adds nothing
    a reader needs), while a lone CR is escaped because a terminal would let it overwrite the line.
    """
    return _TO_ESCAPE.sub(_visible, text)


_UNESCAPED_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def escape_json_controls(text: str) -> str:
    """DEL, C1 controls and the line separators (legal raw in JSON) written as \\u escapes.

    JSON escapes C0 controls such as ESC already; escaping the rest means no byte of a JSON
    document can act on a terminal it is printed to, whatever a file name or article holds.
    """
    return _UNESCAPED_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
