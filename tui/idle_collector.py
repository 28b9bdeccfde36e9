"""Python's full garbage collections kept short while the user works, and done whole when they pause.

Textual's drawing leaves thousands of small reference cycles behind each action (a strip keeps
itself in its own caches), which only the cyclic collector frees. A full collection walks every
object the app holds, 60,000 and more at 10,000 articles, so each took 60-120 ms and landed
inside keystrokes and opens at random: it was most of their p95.

So what survives a full collection is frozen (out of the collector's sight): the next one walks
only what came since. Objects frozen that die later in a cycle are not freed while frozen, so
once input pauses everything is thawed and collected whole, then frozen again; in use without
pauses, also once the frozen objects have grown by half since the last whole collection.
"""

from __future__ import annotations

import gc
import time
from typing import Any

IDLE_SECONDS = 1.0
"""No key or mouse event for this long, and the whole collection runs if one is due."""

PROMOTIONS_DUE = 10
"""Younger collections since the last full one after which a pause collects even with nothing
frozen meanwhile (Python's own threshold for a full collection)."""

FROZEN_GROWTH_LIMIT = 1.5
"""Frozen objects, as a multiple of those after the last whole collection, at which the whole
collection runs without waiting for a pause (every 100 queries or so at 10,000 articles)."""

CHECK_SECONDS = 0.5
"""How often the app asks `collect_if_idle` (a clock comparison when there is nothing to do)."""


class IdleCollector:
    """Freezes what survives each automatic full collection; collects everything at a pause."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._watching = False
        self._thawed_since_idle = True
        self._in_idle_collection = False
        self._frozen_after_whole = 0

    def start(self) -> None:
        """Freeze the survivors of each automatic full collection (until `stop`)."""
        if not self._watching:
            gc.callbacks.append(self._after_collection)
            self._watching = True
            self._frozen_after_whole = gc.get_freeze_count()

    def stop(self) -> None:
        """Leave the collector as Python has it, everything thawed and collectable."""
        if self._watching:
            gc.callbacks.remove(self._after_collection)
            self._watching = False
            gc.unfreeze()

    def input_seen(self) -> None:
        """A key or mouse event arrived: the user may be waiting for the next frame."""
        self.last_input = time.monotonic()

    def collect_if_idle(self) -> bool:
        """Thaw, collect everything and freeze again, if input has paused and a full collection
        froze its survivors or is due since the last time, or if the frozen objects have grown
        past `FROZEN_GROWTH_LIMIT` (use without pauses); True if it ran."""
        outgrown = gc.get_freeze_count() > self._frozen_after_whole * FROZEN_GROWTH_LIMIT
        if not outgrown:
            if time.monotonic() - self.last_input < IDLE_SECONDS:
                return False
            if self._thawed_since_idle and gc.get_count()[2] < PROMOTIONS_DUE:
                return False
        self._in_idle_collection = True
        try:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        finally:
            self._in_idle_collection = False
        self._thawed_since_idle = True
        self._frozen_after_whole = gc.get_freeze_count()
        return True

    def _after_collection(self, phase: str, info: dict[str, Any]) -> None:
        """Freeze what an automatic full collection left: all of it is alive right now."""
        if phase == "stop" and info.get("generation") == 2 and not self._in_idle_collection:
            gc.freeze()
            self._thawed_since_idle = False
            if not self._frozen_after_whole:  # nothing was frozen before: this is the baseline
                self._frozen_after_whole = gc.get_freeze_count()
