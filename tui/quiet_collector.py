"""Python's full garbage collections, moved to a moment when nobody waits for the app.

Textual's drawing leaves thousands of small reference cycles behind each action (a strip keeps
itself in its own caches), which only the cyclic collector frees. A full collection walks every
object the app holds, about 90 ms at 10,000 articles, and with Python's thresholds one came every
few actions, at whatever allocation tipped it: inside a keystroke, an open, a scope switch. It
was most of their p95.

So Python's own trigger is pushed back (to `BACKSTOP`), and once a full collection is due by
Python's usual rule the app runs it itself when it is quiet: the frame is painted, no engine
call is running, no key came in the last moment, and all of it still holds a moment later.
As many collections run as before, and memory behaves as before; they land between actions
instead of inside them (at 10,000 articles, in a run of the bench's interaction by hand: none
of 120 timed actions held one, against 14-16 before). A typist's next key can still wait for
one that started in a pause of 80 ms.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

DUE_AFTER = 10
"""Younger collections since the last full one at which a full one is due (Python's rule)."""

BACKSTOP = 50
"""Younger collections after which Python collects fully itself: an app never quiet for long
(indexing a large corpus, say) still frees its cycles."""

QUIET_SECONDS = 0.05
"""No key or mouse event for this long: the user is not mid-keystroke."""


class QuietCollector:
    """Holds back Python's full collections and asks the app to run them when it is quiet."""

    def __init__(self) -> None:
        self.last_input = 0.0
        self._ask: Callable[[], None] | None = None
        self._asked = False
        self._saved: tuple[int, int, int] | None = None

    def start(self, ask: Callable[[], None]) -> None:
        """Push Python's trigger back; `ask()` (called from any thread, inside the collector)
        must arrange for the app to call `collect` once it is quiet."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, BACKSTOP)
            gc.callbacks.append(self._after_collection)
        self._ask = ask

    def stop(self) -> None:
        """Python's thresholds as they were, and no more asking."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.callbacks.remove(self._after_collection)
            self._saved = None
        self._ask = None

    def input_seen(self) -> None:
        """A key or mouse event arrived."""
        self.last_input = time.monotonic()

    @property
    def due(self) -> bool:
        return gc.get_count()[2] >= DUE_AFTER

    @property
    def quiet(self) -> bool:
        """No key or mouse event in the last `QUIET_SECONDS`."""
        return time.monotonic() - self.last_input >= QUIET_SECONDS

    def collect(self) -> None:
        """Run the due full collection (nothing if another ran meanwhile)."""
        self._asked = False
        if self.due:
            gc.collect()

    def _after_collection(self, phase: str, info: dict[str, Any]) -> None:
        """After a younger collection that makes a full one due, ask the app (once)."""
        if phase != "stop" or info.get("generation") == 2 or self._asked or not self.due:
            return
        if self._ask is not None:
            self._asked = True
            self._ask()
