"""One way to run an engine call off the event loop: in a thread worker that posts either the
result or a failure that names what failed.

Every screen used to wrap each call in its own `try/except EngineError`, and some named the wrong
thing when it failed ("Cannot open the article" for the entity list), or let an unexpected
exception vanish in a worker that does not exit on error. Here an `EngineError` (bad query,
missing index) becomes the caller's failure message, and any other exception (a bug) becomes a
`CallFailed` with its type, so it always reaches the status line as one line.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual.message import Message
from textual.worker import get_current_worker

from corpus_tui.search.errors import EngineError, SearchStopped
from corpus_tui.tui.text import first_line

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

T = TypeVar("T")


@dataclass
class CallFailed(Message):
    """An engine call failed: `what` names it ("Cannot open the article"), `error` is one line.

    `group` is the worker group, so a screen can undo what the call had started (a progress
    bar); `unexpected` marks an exception that is not an `EngineError`, i.e. a bug.
    """

    what: str
    error: str
    group: str
    unexpected: bool = False

    @property
    def text(self) -> str:
        """The one line to show: what failed, and why."""
        return f"{self.what}: {self.error}"


class Lane:
    """One engine call at a time per worker group; a call still waiting when a newer one
    arrives is dropped.

    Typing searches on every keystroke: without this, each keystroke's search would queue
    behind the one running and the last keystroke's answer would wait for all of them. With
    it, a burst costs at most the search already running plus the newest.
    """

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._busy = False
        self._newest = 0

    @property
    def busy(self) -> bool:
        """A call of this lane is running now."""
        return self._busy

    def ticket(self) -> int:
        """Take a place in the lane (on the event loop, so tickets follow the user's order)."""
        with self._turn:
            self._newest += 1
            self._turn.notify_all()  # a call still waiting can give up now
            return self._newest

    def run(self, ticket: int, call: Callable[[], T]) -> tuple[bool, T | None]:
        """`(True, result)`, or `(False, None)` when a newer ticket came before this one's turn."""
        with self._turn:
            while self._busy and ticket == self._newest:
                self._turn.wait()
            if ticket != self._newest:
                return False, None
            self._busy = True
        _running.superseded = lambda: ticket != self._newest
        try:
            return True, call()
        finally:
            _running.superseded = None
            with self._turn:
                self._busy = False
                self._turn.notify_all()


_lanes: weakref.WeakKeyDictionary[DOMNode, dict[str, Lane]] = weakref.WeakKeyDictionary()

_running = threading.local()
"""In a lane's thread, while its call runs: `superseded`, whether a newer call came since."""


def superseded() -> bool:
    """True while a lane's call runs in this thread and a newer call of its group has come
    since: the engine can give up a search nobody waits for (False outside a lane's call)."""
    check = getattr(_running, "superseded", None)
    return check() if check is not None else False


def lane(node: DOMNode, group: str) -> Lane:
    """The lane of one worker group on one node."""
    return _lanes.setdefault(node, {}).setdefault(group, Lane())


def run_engine_call(
    node: DOMNode,
    call: Callable[[], T],
    done: Callable[[T], Message],
    *,
    what: str,
    group: str,
    failed: Callable[[str], Message] | None = None,
) -> Worker[None]:
    """Run `call` in a thread worker (one at a time per `group`, the newest wins) and post
    `done(result)` to `node`, unless a newer call superseded it: a superseded call that has
    not started yet never runs (see `Lane`).

    An `EngineError` posts `failed(one_line)` when given, else a `CallFailed` naming `what`;
    any other exception posts a `CallFailed` with the exception's type.
    """

    gate = lane(node, group)
    ticket = gate.ticket()

    def work() -> None:
        message: Message
        try:
            ran, result = gate.run(ticket, call)
            if not ran:
                return
        except SearchStopped:  # superseded while it ran: nobody waits for it
            return
        except EngineError as error:
            reason = first_line(error)
            message = failed(reason) if failed else CallFailed(what, reason, group)
        except Exception as error:  # a bug: one line in the status bar, never silent
            reason = f"{type(error).__name__}: {first_line(error)}"
            message = CallFailed(what, reason, group, unexpected=True)
        else:
            if get_current_worker().is_cancelled:
                return
            message = done(result)  # type: ignore[arg-type]
        node.post_message(message)

    return node.run_worker(
        work, name=group, group=group, exclusive=True, thread=True, exit_on_error=False
    )
