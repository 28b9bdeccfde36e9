"""Time left in a long run (indexing), from the rate of work done so far.

Shared by the CLI's progress bar and the app's status line. Nothing is estimated during the
first second, nor before the first item is done: pool start-up and the first batch would
otherwise promise a figure that is wrong by an order of magnitude.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SETTLE_SECONDS = 1.0
"""No estimate before this much time has passed."""


class Eta:
    """An estimate of the time left: items per second since `start()` (or construction)."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.monotonic
        self._started = self._clock()

    def start(self) -> None:
        """Count from now (a new run)."""
        self._started = self._clock()

    def seconds_left(self, done: int, total: int) -> float | None:
        """Seconds until `total` at the rate so far; None while there is no sound estimate."""
        elapsed = self._clock() - self._started
        if elapsed < SETTLE_SECONDS or done <= 0 or total <= 0 or done > total:
            return None
        return (total - done) * elapsed / done

    def text(self, done: int, total: int) -> str:
        """'ETA 1:05', 'ETA 0:07' or '' while there is no estimate."""
        left = self.seconds_left(done, total)
        return "" if left is None else f"ETA {format_duration(left)}"


def format_duration(seconds: float) -> str:
    """H:MM:SS past an hour, else M:SS (rounded up, so the last second shows 0:01)."""
    whole = int(seconds) + (seconds > int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
