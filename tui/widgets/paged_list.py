"""An option list that asks for more rows as the cursor or the view nears the last one shown.

The results list (pages of hits from the engine) and the entity sidebar (pages of each kind)
both list long things a page at a time; the watching lives here once, what "more" means in each.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.tui.widgets.content_lines import content_strips
from corpus_tui.tui.widgets.quick_styles import QuickStyles
from corpus_tui.tui.widgets.steady_scroll import SteadyScrollbars

LOAD_MORE_MARGIN = 5
"""Rows of look-ahead at least before the last row shown, so a page arrives before it is needed."""


class PagedOptionList(QuickStyles, SteadyScrollbars, OptionList):
    """Calls `page_in()` whenever the cursor moves or the list scrolls; draws rows of plain
    `Content` through `content_strips`, a third of the time of Textual's general path."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Textual's, without a layout of the whole screen when it changes: the list's own size
    is the layout's business, its rows only move the scrollbar, which OptionList updates itself
    (and a scrollbar shown or hidden asks for its own layout). A new page of hits paid one,
    3-4 ms, on every keystroke."""

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """The option's lines, from the list's cache or drawn now (the one override of
        OptionList's drawing: same cache, same lines, same divider)."""
        prompt = option.prompt
        padding = self.get_component_styles("option-list--option").padding
        if not isinstance(prompt, Content) or padding.top or padding.bottom:
            return super()._get_option_render(option, style)
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is not None:
            return strips
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        rules = self.styles
        strips = content_strips(
            prompt,
            width,
            style,
            self._get_style,
            pad_left=padding.left,
            pad_right=padding.right,
            no_wrap=rules.text_wrap == "nowrap",
            ellipsis=rules.text_overflow == "ellipsis",
            meta={"option": self._option_to_index[option]},
        )
        if option._divider:
            rule = self.get_visual_style("option-list--separator")
            strips.append(Strip([Segment("─" * width, rule.rich_style)], width))
        self._option_render_cache[cache_key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        """OptionList's line, read from the table of lines `render_lines` has just brought up
        to date, rather than bringing it up to date again for every line (OptionList asks
        through its `_lines` property: a third of the list's own time in a frame)."""
        try:
            index, line_offset = self._line_cache.lines[self.scroll_offset.y + y]
            option = self.options[index]
        except IndexError:
            return super().render_line(y)
        if option.disabled:
            state = "option-list--option-disabled"
        elif self.highlighted == index:
            state = "option-list--option-highlighted"
        elif self._mouse_hovering_over == index:
            state = "option-list--option-hover"
        else:
            state = ""
        names = ("option-list--option", state) if state else ("option-list--option",)
        strips = self._get_option_render(option, self.get_visual_style(*names))
        return strips[line_offset] if line_offset < len(strips) else super().render_line(y)

    def page_in(self) -> None:
        """Show more rows if the cursor or the view is near the last one shown."""

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.page_in()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.page_in()
