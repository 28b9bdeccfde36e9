"""A vertical scrollbar drawn straight into strips.

Textual draws its scrollbar as a Rich renderable, which goes through Rich's console to become
lines: 3-4 ms for a 33-line bar, redrawn with every page of hits and every article opened. The
bar's segments are the same; they are only made into strips directly here. The strips then go
to the screen as they are: Textual's general path puts each line of every widget through its
border, padding, tint and opacity rules (about 50 µs a line, 1.5-2 ms a bar), none of which a
scrollbar has.
"""

from __future__ import annotations

from math import ceil

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


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


class QuickScrollBar(ScrollBar):
    """Textual's vertical scrollbar, same glyphs and colours, drawn without Rich's console."""

    def _render_bar(self, scrollbar_style: RichStyle) -> RenderableType:
        if not self.vertical or scrollbar_style.bgcolor is None or scrollbar_style.color is None:
            return super()._render_bar(scrollbar_style)
        return BarStrips(self, scrollbar_style)  # type: ignore[return-value]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The bar's own lines, through the app's line filters (as Textual's path ends), when
        nothing in its styles would change them; else Textual's path."""
        styles = self.styles
        if styles.gutter or styles.tint.a or styles.text_opacity != 1.0 or self.opacity != 1.0:
            return super().render_lines(crop)
        self._styles_cache.clear()  # its lines would be stale if its path were taken again
        _, background = self.background_colors
        filters = self.get_line_filters()
        width = self.size.width
        strips = []
        for y in crop.line_range:
            strip = self.render_line(y).adjust_cell_length(width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
