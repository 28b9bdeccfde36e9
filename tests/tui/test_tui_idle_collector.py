"""The idle collector: full collections freeze their survivors; a pause frees everything."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.idle_collector import FROZEN_GROWTH_LIMIT, IDLE_SECONDS, IdleCollector
from tests.tui_support import WIDE, run_async, settle


class Node:
    """A reference cycle's link; only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.other: Node | None = None


def dropped_cycle() -> weakref.ref[Node]:
    """A two-node cycle nothing refers to, and a weak reference to tell when it is freed."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture
def collector() -> Iterator[IdleCollector]:
    watching = IdleCollector()
    watching.start()
    yield watching
    watching.stop()


def test_a_full_collection_freezes_what_survives_it(collector: IdleCollector) -> None:
    gc.unfreeze()
    kept = Node()
    gc.collect()
    assert gc.get_freeze_count() > 0
    assert all(thing is not kept for thing in gc.get_objects(2))


def test_a_cycle_frozen_alive_and_dropped_after_is_freed_at_the_next_pause(
    collector: IdleCollector,
) -> None:
    first, second = Node(), Node()
    first.other, second.other = second, first
    watch = weakref.ref(first)
    gc.collect()  # the cycle is alive: it is frozen with everything else
    del first, second
    gc.collect()  # frozen objects are out of the collector's sight
    assert watch() is not None

    collector.last_input -= IDLE_SECONDS + 1
    assert collector.collect_if_idle()
    assert watch() is None


def test_no_collection_while_input_is_recent(collector: IdleCollector) -> None:
    gc.collect()  # freezes, so a collection would be due at a pause
    watch = dropped_cycle()
    collector.input_seen()
    assert not collector.collect_if_idle()
    assert watch() is not None
    collector.last_input -= IDLE_SECONDS + 1
    assert collector.collect_if_idle()
    assert watch() is None
    assert not collector.collect_if_idle()  # nothing new since: the pause costs nothing more


def test_stop_thaws_everything_and_leaves_collections_alone() -> None:
    collector = IdleCollector()
    collector.start()
    gc.collect()
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gc.get_freeze_count() == 0


@run_async
async def test_the_app_watches_collections_while_it_runs_and_not_after(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.collector._after_collection in gc.callbacks
        await pilot.press("d")  # input: no collection at the next check
        assert not app.collector.collect_if_idle()
    assert app.collector._after_collection not in gc.callbacks
    assert gc.get_freeze_count() == 0


def test_use_without_pauses_still_collects_once_the_frozen_objects_grow(
    collector: IdleCollector,
) -> None:
    gc.collect()  # the first freeze is the baseline
    first, second = Node(), Node()
    first.other, second.other = second, first
    watch = weakref.ref(first)
    gc.collect()
    del first, second  # dead, but frozen alive
    collector.input_seen()
    assert not collector.collect_if_idle()
    grown = [Node() for _ in range(int(gc.get_freeze_count() * FROZEN_GROWTH_LIMIT))]
    gc.collect()  # an automatic full collection freezes them too
    collector.input_seen()
    assert collector.collect_if_idle()  # no pause, but the frozen objects outgrew the limit
    assert watch() is None
    del grown
