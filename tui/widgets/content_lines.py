"""Content laid out and drawn a line at a time, faster than Textual's general path.

Textual renders a `Content` by wrapping it through its general formatter (alignment, justify,
selection, links) every time a widget is redrawn: for the results list and the reader that was
most of a frame. The panes here need none of that, so they wrap with the same rule (Rich's
`divide_line`, folding long words, trailing spaces dropped at each break) and turn each line
into segments directly, with the span styles resolved against the theme.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from rich._wrap import divide_line
from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style


def wrap_offsets(plain: str, width: int) -> list[tuple[int, int]]:
    """Where each line starts and ends when `plain` is wrapped to `width` cells.

    Mirrors Textual's own wrapping (split on newlines, then `divide_line` with folding, trailing
    spaces dropped at each break), so a pane can lay out a long text once and draw only the
    lines in view.
    """
    lines: list[tuple[int, int]] = []
    if width <= 0:
        return lines
    position = 0
    for paragraph in plain.split("\n"):
        breaks = _one_cell_breaks(paragraph, width)
        if breaks is None:
            breaks = divide_line(paragraph, width, fold=True)
        starts = [0, *breaks]
        ends = [*starts[1:], len(paragraph)]
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if number < len(starts) - 1:
                end = start + len(paragraph[start:end].rstrip())
            lines.append((position + start, position + end))
        position += len(paragraph) + 1
    return lines


_WORD = re.compile(r"\s*\S+\s*")
"""A word and the spaces around it, as Rich's `divide_line` splits a line."""


def _one_cell_breaks(paragraph: str, width: int) -> list[int] | None:
    """`divide_line`'s breaks, worked out with `len` when every character is one cell wide;
    None when one is not, or a word is wider than the line (Rich folds it, measuring cells).

    Rich measures every word's cells; for a page of hits that was most of the time taken to
    show it. Typical news text (letters, curly quotes, dashes) is all one-cell characters.
    """
    if not all(get_character_cell_size(character) == 1 for character in set(paragraph)):
        return None
    breaks: list[int] = []
    used = 0
    for word in _WORD.finditer(paragraph):
        start, end = word.span()
        length = len(word.group().rstrip())
        if width - used >= length:
            used += end - start
        elif length > width:
            return None
        elif used and start:
            breaks.append(start)
            used = end - start
    return breaks


def line_of_offset(lines: list[tuple[int, int]], offset: int) -> int:
    """The line (0-based, of `wrap_offsets`) that holds the character at `offset`."""
    starts = [start for start, _ in lines]
    return max(bisect_right(starts, offset) - 1, 0)


def line_strip(
    line: Content,
    width: int,
    style: Style,
    get_style: Callable[[str | Style], Style],
    *,
    y: int = 0,
    pad_left: int = 0,
    meta: dict[str, object] | None = None,
) -> Strip:
    """One line of content as a strip `width` cells wide on `style`.

    Each segment carries its offset (x, y), as Textual's own rendering does, so a mouse
    selection knows where it is; with `meta` (a list's rows, which cannot be selected) each
    carries that instead, put on as the strip is built rather than by a pass over it after.
    """
    extra = RichStyle.from_meta(meta) if meta is not None else None
    blank = style.rich_style if extra is None else style.rich_style + extra  # either side

    def styled(text_style: Style, x: int) -> RichStyle:
        if extra is None:
            return text_style.rich_style_with_offset(x, y)
        return text_style.rich_style + extra

    segments: list[Segment] = []
    if pad_left:
        segments.append(Segment(" " * pad_left, blank))
    x = 0
    for text, text_style in line.render(style, end="", parse_style=get_style):
        segments.append(Segment(text, styled(text_style, x)))
        x += len(text)
    cells = sum(cell_len(segment.text) for segment in segments)
    if cells > width:
        return Strip(segments).crop_extend(0, width, style.rich_style)
    if cells < width:
        segments.append(Segment(" " * (width - cells), blank))
    return Strip(segments, width)


def content_strips(
    content: Content,
    width: int,
    style: Style,
    get_style: Callable[[str | Style], Style],
    *,
    pad_left: int = 0,
    pad_right: int = 0,
    no_wrap: bool = False,
    ellipsis: bool = False,
    meta: dict[str, object] | None = None,
) -> list[Strip]:
    """All the lines of `content` wrapped (or, with `no_wrap`, cut) to fit between the pads."""
    room = width - pad_left - pad_right
    if room <= 0:
        return [Strip.blank(width, style.rich_style)]
    if no_wrap:
        lines = [line.truncate(room, ellipsis=ellipsis) for line in content.split("\n")]
    else:
        offsets = (
            content.offsets(room)
            if isinstance(content, WrappedContent)
            else wrap_offsets(content.plain, room)
        )
        lines = [content[start:end] for start, end in offsets]
    return [
        line_strip(line, width, style, get_style, y=y, pad_left=pad_left, meta=meta)
        for y, line in enumerate(lines)
    ]


class WrappedContent(Content):
    """Content whose height is counted by `wrap_offsets`, the rule `content_strips` draws with.

    An option list asks each new row its height: Textual's answer runs the whole formatter,
    which was a third of showing a page of hits.
    """

    _offsets: tuple[int, list[tuple[int, int]]] | None = None

    def offsets(self, width: int) -> list[tuple[int, int]]:
        """`wrap_offsets` at this width, kept: the list asks for the height of every row it
        gets, then draws the rows in view, and both need the same lines."""
        if self._offsets is None or self._offsets[0] != width:
            self._offsets = (width, wrap_offsets(self.plain, width))
        return self._offsets[1]

    def get_height(self, rules: RulesMap, width: int) -> int:
        no_wrap = rules.get("text_wrap", "wrap") == "nowrap"
        cache_key = (width, "fast", no_wrap)
        if self._height_cache[0] == cache_key:
            return self._height_cache[1]
        height = self.plain.count("\n") + 1 if no_wrap else max(len(self.offsets(width)), 1)
        self._height_cache = (cache_key, height)
        return height
