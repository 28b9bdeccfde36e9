"""Scrollbars redrawn only when what they show changes.

On every layout Textual hands each widget the size of its content region as its "virtual size".
A `ScrollView` (the reader, the option lists) keeps its own, which never matches, so each layout
anywhere on the screen made every pane recompute and redraw its scrollbar: about 5 ms a bar, three
bars, on each keystroke's results, each sidebar switch and each filter.
"""

from __future__ import annotations

from textual.geometry import Size


class SteadyScrollbars:
    """Mixed in before a `ScrollView` subclass: layouts keep the widget's own virtual size."""

    virtual_size: Size

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(  # type: ignore[misc]
            size, self.virtual_size, container_size, layout
        )
