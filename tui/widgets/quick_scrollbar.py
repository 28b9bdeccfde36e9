"""A vertical scrollbar drawn straight into strips.

Textual draws its scrollbar as a Rich renderable, which goes through Rich's console to become
lines: 3-4 ms for a 33-line bar, redrawn with every page of hits and every article opened. The
bar's segments are the same; they are only made into strips directly here, and framed by
`QuickStylesCache` rather than Textual's rules for every line (about 50 µs a line, 1.5-2 ms a
bar).
"""

from __future__ import annotations

from math import ceil

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from corpus_tui.tui.widgets.quick_styles import QuickStyles


class BarStrips(Visual):
    """The segments of `ScrollBarRender.render_bar`, a line each, as strips."""

    def __init__(self, bar: ScrollBar, style: RichStyle) -> None:
        self.bar = bar
        self.style = style

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        bar = self.bar
        size = height if height is not None else bar.size.height
        window_size = bar.window_size if bar.window_size < bar.window_virtual_size else 0
        segments = bar.renderer.render_bar(
            size=size,
            virtual_size=ceil(bar.window_virtual_size),
            window_size=ceil(window_size),
            position=bar.position,
            thickness=width,
            vertical=True,
            back_color=self.style.bgcolor,
            bar_color=self.style.color,
        ).segments
        base = style.rich_style  # under each segment's own, as Rich's console would put it
        return [Strip([Segment(text, base + bar_style)], width) for text, bar_style, _ in segments]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.bar.thickness

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.bar.size.height


class QuickScrollBar(QuickStyles, ScrollBar):
    """Textual's vertical scrollbar, same glyphs and colours, drawn without Rich's console,
    its lines framed by a `QuickStylesCache` (a scrollbar has no border or padding)."""

    def _render_bar(self, scrollbar_style: RichStyle) -> RenderableType:
        if not self.vertical or scrollbar_style.bgcolor is None or scrollbar_style.color is None:
            return super()._render_bar(scrollbar_style)
        return BarStrips(self, scrollbar_style)  # type: ignore[return-value]
