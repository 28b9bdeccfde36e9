"""The quiet collector: full garbage collections wait for a moment when nobody waits."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.quiet_collector import BACKSTOP, DUE_AFTER, QUIET_SECONDS, QuietCollector
from tests.tui_support import WIDE, run_async, settle


class Node:
    """A reference cycle's link; only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.other: Node | None = None


def dropped_cycle() -> weakref.ref[Node]:
    """A two-node cycle old enough to sit in the oldest generation, then dropped."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    gc.collect(1)  # promoted to the oldest generation, where only a full collection looks
    watch = weakref.ref(first)
    del first, second
    return watch


def make_due() -> None:
    """Enough younger collections that Python's rule makes a full one due."""
    for _ in range(DUE_AFTER):
        gc.collect(1)


@pytest.fixture
def asked() -> Iterator[tuple[QuietCollector, list[int]]]:
    calls: list[int] = []
    collector = QuietCollector()
    collector.start(lambda: calls.append(1))
    yield collector, calls
    collector.stop()


def test_python_waits_longer_and_gets_its_thresholds_back() -> None:
    before = gc.get_threshold()
    collector = QuietCollector()
    collector.start(lambda: None)
    assert gc.get_threshold() == (before[0], before[1], BACKSTOP)
    collector.stop()
    assert gc.get_threshold() == before


def test_a_due_full_collection_asks_the_app_once(
    asked: tuple[QuietCollector, list[int]],
) -> None:
    collector, calls = asked
    gc.collect()
    assert not collector.due and calls == []
    make_due()
    assert collector.due
    assert calls == [1]
    gc.collect(1)
    assert calls == [1]  # still due, but asked already


def test_collect_frees_cycles_in_the_oldest_generation_and_asks_anew_next_time(
    asked: tuple[QuietCollector, list[int]],
) -> None:
    collector, calls = asked
    gc.collect()
    watch = dropped_cycle()
    make_due()
    assert watch() is not None
    collector.collect()
    assert watch() is None
    assert not collector.due
    make_due()
    assert calls == [1, 1]


def test_quiet_only_once_input_has_paused() -> None:
    collector = QuietCollector()
    collector.input_seen()
    assert not collector.quiet
    collector.last_input -= QUIET_SECONDS
    assert collector.quiet


@run_async
async def test_the_app_collects_once_quiet_and_restores_python_after(app: CorpusApp) -> None:
    before = gc.get_threshold()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == BACKSTOP
        watch = dropped_cycle()
        make_due()
        for _ in range(50):  # the retry, confirmation and paint each take a moment
            await asyncio.sleep(0.02)
            await pilot.pause()
            if watch() is None:
                break
        assert watch() is None
        assert not app.collector.due
    assert gc.get_threshold() == before
