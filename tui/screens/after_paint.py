"""The frame the user waits for: drawn as soon as it is ready, and work that waits for it.

Textual draws a screen's changes at the next tick of a 60-a-second clock, so a frame that is
ready waits 8 ms on average (up to 17) for its tick. For the answer to what the user just did
(the hits of a keystroke, the article Enter opened) `paint_soon` draws it as soon as its pane
has asked to be drawn instead; everything else keeps the clock, which gathers a burst of
changes (each keystroke's echo) into one frame. Drawing every change at once costs more than it
saves: at 240 frames a second the keystroke row got slower, not faster.

A search's answer starts follow-up calls (the exact count, the tags of the rows shown). Each
runs in a thread, and Python runs one thread at a time: started before the frame that shows the
hits, they took turns with it and made it up to twice as slow. Textual's `call_after_refresh`
is not late enough for this: it runs once the screen's own message queue is empty, which can be
before the widgets that changed have asked for their repaint.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.timer import Timer

AFTER_PAINT_LIMIT = 0.1
"""Seconds a callback waits for a frame at most: when nothing changed on screen, none comes."""
PAINT_SOON_LIMIT = 0.05
"""Seconds a widget is waited for at most: one that had nothing to redraw (a page of hits the
same as the last) never asks, and must not hold back the callbacks waiting for frames."""


class AfterPaint(Screen[Any]):
    """A screen that can run callbacks right after its next frame is drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._after_paint: list[Callable[[], object]] = []
        self._after_paint_timer: Timer | None = None
        self._paint_soon: dict[Widget, float] = {}
        """Widgets to draw as soon as they ask, with when they were named."""

    def paint_soon(self, widget: Widget) -> None:
        """Draw `widget`'s changes as soon as they reach the screen, not at the next tick.

        A widget tells the screen it changed once its own queue is empty, which can be after
        the screen is idle: drawing at the first idle moment drew a frame without it.
        """
        self._paint_soon[widget] = monotonic()

    async def _on_idle(self, event: events.Idle) -> None:
        """Draw now if a widget waited for has asked to be drawn; else Textual's idle handler
        (next in line) resumes the frame clock, or runs what waited for a refresh."""
        ready = not self._dirty_widgets.isdisjoint(self._paint_soon)
        if ready and self.is_current and not self.app._batch_count:
            event.prevent_default()
            self._on_timer_update()

    def after_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the next frame has been drawn, and the widgets waited for
        with `paint_soon` with it (or after AFTER_PAINT_LIMIT)."""
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
        waited for it, once the widgets waited for are drawn (a frame at the clock's tick can
        come before they asked to be)."""
        whole = self in self._dirty_widgets  # the whole screen is drawn
        oldest = monotonic() - PAINT_SOON_LIMIT
        self._paint_soon = {
            widget: since
            for widget, since in self._paint_soon.items()
            if not whole and widget not in self._dirty_widgets and since > oldest
        }
        super()._compositor_refresh()
        if self._after_paint and not self._paint_soon:
            self.call_later(self._run_after_paint)
