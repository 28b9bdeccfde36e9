"""Work that should wait until the frame the user is waiting for has been drawn.

A search's answer starts follow-up calls (the exact count, the tags of the rows shown). Each
runs in a thread, and Python runs one thread at a time: started before the frame that shows the
hits, they took turns with it and made it up to twice as slow. Textual's `call_after_refresh`
is not late enough for this: it runs once the screen's own message queue is empty, which can be
before the widgets that changed have asked for their repaint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.timer import Timer

AFTER_PAINT_LIMIT = 0.1
"""Seconds a callback waits for a frame at most: when nothing changed on screen, none comes."""


class AfterPaint(Screen[Any]):
    """A screen that can run callbacks right after its next frame is drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._after_paint: list[Callable[[], object]] = []
        self._after_paint_timer: Timer | None = None

    def after_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the next frame has been drawn (or after AFTER_PAINT_LIMIT)."""
        self._after_paint.append(callback)
        if self._after_paint_timer is None:
            self._after_paint_timer = self.set_timer(AFTER_PAINT_LIMIT, self._run_after_paint)

    def _run_after_paint(self) -> None:
        """Run the waiting callbacks, oldest first."""
        if self._after_paint_timer is not None:
            self._after_paint_timer.stop()
            self._after_paint_timer = None
        waiting, self._after_paint = self._after_paint, []
        for callback in waiting:
            callback()

    def _compositor_refresh(self) -> None:
        """Textual's frame, then (as the screen's next message, once the frame is out) what
        waited for it."""
        super()._compositor_refresh()
        if self._after_paint:
            self.call_later(self._run_after_paint)
