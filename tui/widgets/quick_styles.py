"""The panes' lines framed by their border and padding, worked out once a frame, not once a line.

Textual puts every line a widget draws through its full set of rules: it reads the border,
outline, padding, hatch, tint and opacity from the styles, mixes the border's colours and looks
its glyphs up again, for each line. For a pane of results that was about 50 µs a line, a third
of the frame that shows a keystroke's hits. A widget's middle lines (content between its side
borders and padding, if it has any) all get the same frame, so here it is worked out once when a
frame starts and each of those lines is put together from it; every other line (the top and
bottom borders with their titles, padding rows) and every widget with an outline, hatch, tint or
opacity take Textual's own path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box
from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size, Spacing
from textual.strip import Strip
from textual.style import Style


@dataclass(frozen=True)
class _Frame:
    """What every middle line of one frame shares."""

    first: int
    """The first content line (the widget's y), after the top border and padding."""
    end: int
    """One past the last content line."""
    width: int
    content_width: int
    inner: RichStyle
    left: list[Segment]
    """The left border and padding."""
    right: list[Segment]
    """The right padding and border."""


class QuickStylesCache(StylesCache):
    """Textual's styles cache, with each frame's middle lines built from a frame worked out once."""

    _frame: _Frame | None = None

    def render(
        self,
        styles: StylesBase,
        size: Size,
        base_background: Color,
        background: Color,
        *args: Any,
        **kwargs: Any,
    ) -> list[Strip]:
        self._frame = _plan(
            styles,
            size,
            base_background,
            background,
            kwargs.get("content_size") or size,
            kwargs.get("padding") or styles.padding,
            kwargs.get("opacity", 1.0),
        )
        try:
            return super().render(styles, size, base_background, background, *args, **kwargs)
        finally:
            self._frame = None

    def render_line(self, styles: StylesBase, y: int, *args: Any) -> Strip:
        frame = self._frame
        if frame is None or not frame.first <= y < frame.end:
            return super().render_line(styles, y, *args)
        render_content_line = args[5]
        line = render_content_line(y - frame.first).adjust_cell_length(
            frame.content_width, frame.inner
        )
        return Strip([*frame.left, *line, *frame.right], frame.width)


def _plan(
    styles: StylesBase,
    size: Size,
    base_background: Color,
    background: Color,
    content_size: Size,
    padding: Spacing,
    opacity: float,
) -> _Frame | None:
    """The frame of this render's middle lines, or None where Textual's path must draw them."""
    border = styles.border
    border_left, left_color = border.left
    border_right, right_color = border.right
    if any(edge for edge, _ in styles.outline):
        return None
    if opacity != 1.0 or styles.text_opacity != 1.0 or styles.tint.a:
        return None
    if styles.has_rule("hatch") and styles.hatch != "none":
        return None
    gutter = styles.gutter
    width, height = size
    first = gutter.top
    end = min(first + content_size.height, height - gutter.bottom)
    inner = Style(background=base_background + background)
    outer = Style(background=base_background)
    _, pad_right, _, pad_left = padding
    inner_rich = inner.rich_style
    left: list[Segment] = []
    right: list[Segment] = []
    if border_left:
        left.append(get_box(border_left, inner, outer, _edge(base_background, left_color))[1][0])
    if pad_left:
        left.append(make_blank(pad_left, inner_rich))
    if pad_right:
        right.append(make_blank(pad_right, inner_rich))
    if border_right:
        right.append(get_box(border_right, inner, outer, _edge(base_background, right_color))[1][2])
    return _Frame(
        first=first,
        end=end,
        width=width,
        content_width=content_size.width,
        inner=inner_rich,
        left=left,
        right=right,
    )


def _edge(base_background: Color, color: Color) -> Style:
    """A side border's style, as Textual mixes it."""
    return Style(foreground=base_background + color)


class QuickStyles:
    """Mixed in before a widget class: its lines are framed by a `QuickStylesCache`."""

    _styles_cache: StylesCache

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._styles_cache = QuickStylesCache()
