"""Scrollbars redrawn only when what they show changes.

On every layout Textual hands each widget the size of its content region as its "virtual size".
A `ScrollView` (the reader, the option lists) keeps its own, which never matches, so each layout
anywhere on the screen made every pane recompute and redraw its scrollbar: about 5 ms a bar, three
bars, on each keystroke's results, each sidebar switch and each filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.geometry import Size

from corpus_tui.tui.widgets.quick_scrollbar import QuickScrollBar

if TYPE_CHECKING:
    from textual.scrollbar import ScrollBar


class SteadyScrollbars:
    """Mixed in before a `ScrollView` subclass: layouts keep the widget's own virtual size,
    and the vertical bar is a `QuickScrollBar`."""

    virtual_size: Size
    _vertical_scrollbar: ScrollBar | None
    scrollbar_size_vertical: int
    app: Any

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's property, making a `QuickScrollBar` the first time it is asked for."""
        if self._vertical_scrollbar is None:
            bar = QuickScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(  # type: ignore[misc]
            size, self.virtual_size, container_size, layout
        )
