"""Control characters never survive into indexed or displayed text, and show up escaped in raw."""

from __future__ import annotations

import pytest

from corpus_tui.search.textclean import escape_control_chars, strip_control_chars


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a \x1b[1;31mred\x1b[0m word", "a red word"),
        ("copy\x1b]52;c;ZXZpbCBwYXlsb2Fk\x07 done", "copy done"),
        ("copy\x1b]52;c;ZXZpbA==\x1b\\ done", "copy done"),
        ("see \x1b]8;;https://evil.example/\x1b\\this link\x1b]8;;\x1b\\ now", "see this link now"),
        ("see \x1b]8;;https://evil.example/\x07here\x1b]8;;\x07", "see here"),
        ("move\x1b[2J\x1b[H\x1b[10;20Hcursor", "movecursor"),
        ("charset\x1b(B switch\x1bM", "charset switch"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("c1 csi\x9b31m and next\x85line", "c1 csi and next\nline"),
        ("unterminated \x1b]0;window title\nnext line", "unterminated \nnext line"),
        ("ab\u202egnp.exe\u202c cd", "abgnp.exe cd"),
        ("iso\u2066late\u2069d zero\u200bwidth\ufeff", "isolated zerowidth"),
        ("keep\ttabs\nand newlines", "keep\ttabs\nand newlines"),
    ],
)
def test_strip_control_chars_removes_whole_sequences(dirty: str, clean: str) -> None:
    assert strip_control_chars(dirty) == clean


def test_line_endings_are_normalised() -> None:
    assert (
        strip_control_chars("one\r\ntwo\rthree\u2028four\u2029five")
        == "one\ntwo\nthree\nfour\nfive"
    )


def test_accents_and_typographic_quotes_survive() -> None:
    text = "“Sébastien” said ‘Zürich’ — €420 million, naïve"
    assert strip_control_chars(text) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("x\x1b[31my", "x\\x1b[31my"),
        ("osc\x1b]52;c;QQ==\x07", "osc\\x1b]52;c;QQ==\\x07"),
        ("nul\x00", "nul\\x00"),
        ("c1\x9b", "c1\\x9b"),
        ("bidi\u202e", "bidi\\u202e"),
        ("lone\rcr", "lone\\x0dcr"),
        ("crlf\r\nline", "crlf\nline"),
        ("tab\tnewline\n", "tab\tnewline\n"),
    ],
)
def test_escape_control_chars_makes_every_control_visible(raw: str, shown: str) -> None:
    escaped = escape_control_chars(raw)
    assert escaped == shown
    assert strip_control_chars(escaped) == escaped.replace("\r\n", "\n")
