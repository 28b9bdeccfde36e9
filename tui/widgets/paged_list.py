"""An option list that asks for more rows as the cursor or the view nears the last one shown.

The results list (pages of hits from the engine) and the entity sidebar (pages of each kind)
both list long things a page at a time; the watching lives here once, what "more" means in each.
"""

from __future__ import annotations

from textual.widgets import OptionList

LOAD_MORE_MARGIN = 5
"""Rows of look-ahead at least before the last row shown, so a page arrives before it is needed."""


class PagedOptionList(OptionList):
    """Calls `page_in()` whenever the cursor moves or the list scrolls."""

    def page_in(self) -> None:
        """Show more rows if the cursor or the view is near the last one shown."""

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.page_in()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.page_in()
