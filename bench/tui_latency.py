"""TUI timings for bench/run.py, each in a fresh process so start-up includes every import.

    python bench/tui_latency.py start-empty
    python bench/tui_latency.py start-app --corpus C --index I
    python bench/tui_latency.py interact --corpus C --index I --queries queries.json
    python bench/tui_latency.py pickup --corpus C --index I

`start-*` print `painted CPU_SECONDS` on stdout once the first screen (for the app: the first page
of results) has been refreshed; the caller times the process from launch to that line, and the
CPU seconds the process used until then say what it would take on an idle core.

`interact` drives the app as a person does and prints one JSON line of milliseconds per action:

- `typed`: each query typed into the search bar in one burst (the keys reach the app together,
  as from a fast typist or a paste), from the last key to the first frame drawn after the
  results list got that query's hits;
- `paced`: the same at a typist's pace (`PACE_SECONDS` between keys), from the last key;
- `open`: Enter on a result to the first frame drawn after the reader scrolled to the first match;
- `scope`: `v` in the entity sidebar to the first frame drawn after it lists the next scope's
  entities;
- `filter`: Enter on an entity in the sidebar (adding a filter) or Escape (removing it) to the
  first frame drawn after the results list got the filtered hits.

`pickup` times the open app noticing a new article by itself ([index] watch, no key pressed):
with a search for a word no article has on screen, a file holding that word is written into the
corpus, and the clock runs from the write to the first frame drawn after the results list got
the new article. The file is removed again (and the app's index follows) before the next one.

"Frame drawn" is the compositor's next update handed to the driver (`on_next_paint`), which is
when a terminal would show it; the clock is read inside that paint (`Clock.painted`). Work that
follows it (the reader re-marking the new query's words, the focus moving into the reader) is
not counted, but it shares the process, so it slows the next action down.

Keys go through the driver without waiting in between, as a terminal delivers them. The apps run
headless through `App.run_test()`, which drives the same compositor as a terminal. Textual
captures `print` while an app runs, so output goes straight to file descriptor 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SIZE = (120, 40)
START_TIMEOUT = 120.0
ACTION_TIMEOUT = 30.0
PACE_SECONDS = 0.08
"""Between keys when typing at a person's pace (about 150 words a minute)."""
OPENS_PER_QUERY = 1
SCOPE_QUERIES = 12
"""Queries under which the sidebar's scope is cycled and a filter toggled (each costs a few)."""


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


async def _after_refresh(target: Any) -> None:
    """Wait until the screen has been refreshed after everything already queued."""
    done = asyncio.get_running_loop().create_future()
    target.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


def on_next_paint(screen: Any, callback: Callable[[], None]) -> None:
    """Call `callback` once the compositor has drawn its next frame and handed it to the driver.

    `call_after_refresh` is not this: Textual runs those callbacks only once the screen has
    nothing left to update, so a frame that showed the results would count as late whenever
    other work (the reader re-marking its matches) kept the screen busy after it.
    """
    pending = screen.__dict__.get("_bench_paint_callbacks")
    if pending is None:
        pending = screen._bench_paint_callbacks = []
        refresh = screen._compositor_refresh

        def refreshed() -> None:
            refresh()
            waiting, pending[:] = list(pending), []
            for waiting_callback in waiting:
                waiting_callback()

        screen._compositor_refresh = refreshed
    pending.append(callback)


def _say_painted_once(painted: Callable[[Any], bool]) -> asyncio.Event:
    """Print `painted CPU_SECONDS` at the first frame for which `painted(screen)` holds.

    Every screen's frames are watched from before the app starts: `run_test()` hands over only
    once the app has settled, by when its first frames are long drawn, so a hook set inside it
    would time a later frame (70-100 ms later for this app). The empty app and this one are
    timed by the same hook, so the ratio compares like with like.
    """
    from textual.screen import Screen

    shown = asyncio.Event()
    refresh = Screen._compositor_refresh

    def refreshed(screen: Any) -> None:
        refresh(screen)
        if not shown.is_set() and screen.is_current and painted(screen):
            _say(f"painted {time.process_time():.4f}")
            shown.set()

    Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
    return shown


async def start_empty() -> None:
    from textual.app import App

    class EmptyApp(App[None]):
        """The reference: a Textual app with nothing in it."""

    shown = _say_painted_once(lambda screen: True)
    app = EmptyApp()
    async with app.run_test(size=SIZE):
        await asyncio.wait_for(shown.wait(), timeout=START_TIMEOUT)


async def _results_shown(app: Any) -> Any:
    """The results list once it has rows (the engine opens and searches in workers)."""
    from textual.css.query import NoMatches

    from corpus_tui.tui.widgets.results_list import ResultsList

    deadline = time.perf_counter() + START_TIMEOUT
    while time.perf_counter() < deadline:
        try:
            results = app.screen.query_one(ResultsList)
        except NoMatches:
            results = None
        if results is not None and results.option_count:
            return results
        await asyncio.sleep(0.001)
    raise TimeoutError("no results were shown")


async def start_app(corpus: Path, index: Path) -> None:
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.screens.main import MainScreen
    from corpus_tui.tui.widgets.results_list import ResultsList

    def results_drawn(screen: Any) -> bool:
        return isinstance(screen, MainScreen) and bool(screen.query_one(ResultsList).option_count)

    shown = _say_painted_once(results_drawn)
    app = CorpusApp(corpus, index)
    async with app.run_test(size=SIZE):
        await asyncio.wait_for(shown.wait(), timeout=START_TIMEOUT)


class Clock:
    """Wall time and this process's CPU time (all threads) of one action, in milliseconds, and
    how much of it Python's garbage collector paused everything for ("KIND gc").

    On a shared machine the wall time includes waiting for a core; the CPU time is what the
    action costs, and what its wall time would be on an idle core.
    """

    def __init__(self, times: dict[str, list[float]], profile: bool = False) -> None:
        self.times = times
        self._wall = self._cpu = 0.0
        self.profiles: dict[str, cProfile.Profile] | None = {} if profile else None
        """With `profile`, the event loop's calls during each kind of action (not the workers')."""
        self._running: cProfile.Profile | None = None
        self._timing = False
        self._collecting_since = 0.0
        self._collected_ms = 0.0
        gc.callbacks.append(self._count_collection)

    def _count_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._collecting_since = time.perf_counter()
        elif self._timing:
            self._collected_ms += (time.perf_counter() - self._collecting_since) * 1000

    def start(self, kind: str) -> None:
        if self.profiles is not None:
            self._running = self.profiles.setdefault(kind, cProfile.Profile())
            self._running.enable()
        self._collected_ms, self._timing = 0.0, True
        self._painted: tuple[float, float, float] | None = None
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def painted(self) -> None:
        """The frame the action waits for has been handed to the driver: the action ends here.

        Called from the paint itself, not when the waiting coroutine resumes: by then the event
        loop may have run work queued behind the frame (the focus moving after an article is
        shown), which the user does not wait for, since the frame is already on the screen.
        """
        if self._timing and self._painted is None:
            self._painted = (time.perf_counter(), time.process_time(), self._collected_ms)

    def stop(self, kind: str) -> None:
        wall, cpu, collected = self._painted or (
            time.perf_counter(),
            time.process_time(),
            self._collected_ms,
        )
        self.times[kind].append((wall - self._wall) * 1000)
        self.times[f"{kind} cpu"].append((cpu - self._cpu) * 1000)
        self.times[f"{kind} gc"].append(collected)
        self._timing = False
        if self._running is not None:
            self._running.disable()
            self._running = None


class Probe:
    """Wraps one widget method so a test can wait for the call it expects, then for the paint."""

    def __init__(
        self,
        widget: Any,
        method: str,
        wanted: Callable[..., bool],
        on_paint: Callable[[], None] = lambda: None,
    ) -> None:
        self.widget = widget
        self.event = asyncio.Event()
        self.wanted = wanted
        self.drawn = False
        original = getattr(widget, method)
        render_lines = widget.render_lines

        def drawing(*args: Any, **kwargs: Any) -> Any:
            self.drawn = True
            return render_lines(*args, **kwargs)

        def painted() -> None:
            # A frame at the clock's tick can come before the widget has asked to be drawn:
            # the action ends with the first frame that draws the widget, or the first with
            # nothing of it left to draw (a page of hits the same as the last one).
            if not self.drawn and _still_to_draw(widget):
                on_next_paint(widget.screen, painted)
                return
            on_paint()
            self.event.set()

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            value = original(*args, **kwargs)
            if self.wanted(*args, **kwargs):
                self.drawn = False
                on_next_paint(widget.screen, painted)
            return value

        widget.render_lines = drawing

        setattr(widget, method, wrapped)

    def expect(self, wanted: Callable[..., bool]) -> None:
        self.wanted = wanted
        self.event.clear()

    async def wait(self, timeout: float = ACTION_TIMEOUT) -> None:
        await asyncio.wait_for(self.event.wait(), timeout=timeout)


def _still_to_draw(widget: Any) -> bool:
    """The widget has changes that have not been drawn yet (Textual's own flags)."""
    pending = widget._repaint_required or widget._scroll_required
    return bool(pending or widget in widget.screen._dirty_widgets)


def _key_event(character: str) -> Any:
    from textual import events
    from textual.keys import _character_to_key

    key = character if character.isalnum() else _character_to_key(character)
    return events.Key(key, character)


def _send(app: Any, key: str, character: str | None = None) -> None:
    """One key through the driver, as the terminal would deliver it (no waiting for idle)."""
    from textual import events

    event = _key_event(key) if len(key) == 1 else events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


def rss_mb() -> float:
    """This process's private resident memory in MB (Linux `RssAnon`), to see whether use
    makes it grow.

    Not the whole resident set: the index is memory-mapped and read in place, so its file
    pages count as resident as queries touch them, more with each new query until all of the
    index has been read. Those are the kernel's page cache (it drops them under pressure); the
    memory the app itself holds is the anonymous part.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _valid(queries: list[str], corpus: Path, index: Path) -> list[str]:
    """The queries the engine accepts: a rejected one never paints results to time."""
    from corpus_tui.search.engine import Engine
    from corpus_tui.search.errors import EngineError

    engine = Engine(corpus, index)
    kept = []
    for query in queries:
        try:
            if engine.search(query, limit=1).total:
                kept.append(query)
        except EngineError:
            continue
    engine.close()
    return kept


async def interact(
    corpus: Path, index: Path, queries: list[str], profile: Path | None = None
) -> dict[str, list[float]]:
    """Milliseconds per action kind (wall, CPU under "KIND cpu", and the garbage collector's
    pauses within it under "KIND gc"); "rss" is the private resident memory in MB after each
    query's actions, to show whether it grows with use."""
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.widgets.entity_sidebar import EntitySidebar
    from corpus_tui.tui.widgets.reader import Reader

    queries = _valid(queries, corpus, index)
    app = CorpusApp(corpus, index)
    kinds = ("typed", "paced", "open", "scope", "filter")
    times: dict[str, list[float]] = {
        k: [] for kind in kinds for k in (kind, f"{kind} cpu", f"{kind} gc")
    }
    times["rss"] = []
    clock = Clock(times, profile=profile is not None)
    async with app.run_test(size=SIZE) as pilot:
        results = await _results_shown(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        reader = screen.query_one(Reader)
        sidebar = screen.query_one(EntitySidebar)
        never = lambda *a, **k: False  # noqa: E731  (each action says what it waits for)
        hits = Probe(results, "show_hits", never, clock.painted)
        # Open ends with the frame that shows the first match, or the article if none.
        opened = Probe(reader, "show_article", never, lambda: reader.match_count or clock.painted())
        scrolled = Probe(reader, "_scroll_to_offset", never, clock.painted)
        listed = Probe(sidebar, "show_entities", never, clock.painted)

        async def settle() -> None:
            from textual.worker import WorkerCancelled

            for _ in range(2):
                # A worker superseded by a newer call of its kind has finished too.
                with contextlib.suppress(WorkerCancelled):
                    await app.workers.wait_for_complete()
                await pilot.pause()

        async def clear_query() -> None:
            screen.search_bar.set_query("")
            screen.search_bar.input.focus()
            screen.query_text = "*"
            screen.run_search()
            await settle()

        async def type_query(query: str, pace: float, kind: str) -> None:
            await clear_query()
            final = query.strip()
            hits.expect(lambda *a, append=False, **k: not append and screen.query_text == final)
            for character in query[:-1]:
                _send(app, character)
                if pace:
                    await asyncio.sleep(pace)
            clock.start(kind)
            _send(app, query[-1])
            await hits.wait()
            clock.stop(kind)
            await settle()

        for number, query in enumerate(queries):
            paced = number % 2 == 1
            await type_query(query, PACE_SECONDS if paced else 0.0, "paced" if paced else "typed")
            # Enter on a result: the reader paints the article scrolled to its first match.
            screen.results.focus()
            count = screen.results.option_count
            for pick in range(min(OPENS_PER_QUERY, count)):
                screen.results.highlighted = (number + pick) % min(count, 10)
                await pilot.pause()
                target = screen.results.highlighted_option.id
                opened.expect(lambda article, *a, t=target: article.id == t)
                scrolled.expect(lambda *a: True)
                clock.start("open")
                _send(app, "enter", None)
                await opened.wait()
                if reader.match_count:  # then the scroll to the first match, and its paint
                    await scrolled.wait()
                clock.stop("open")
                scrolled.expect(never)
                await settle()
            times["rss"].append(rss_mb())
            if number >= SCOPE_QUERIES:
                continue
            # The sidebar: cycle its scope through all three, then filter by an entity and back.
            sidebar.focus()
            await pilot.pause()
            for _ in range(3):
                before = screen.scope
                listed.expect(lambda scope, rows, b=before: scope != b)
                clock.start("scope")
                _send(app, "v")
                await listed.wait()
                clock.stop("scope")
                await settle()
            if sidebar.highlighted_row is None:
                continue
            for key in ("enter", "escape"):
                wanted = len(screen.filters) + (1 if key == "enter" else -1)
                hits.expect(
                    lambda *a, w=wanted, append=False, **k: not append and len(screen.filters) == w
                )
                clock.start("filter")
                _send(app, key, None)
                await hits.wait()
                clock.stop("filter")
                await settle()
                sidebar.focus()
                await pilot.pause()
    if profile is not None and clock.profiles is not None:
        for kind, profiler in clock.profiles.items():
            profiler.dump_stats(f"{profile}.{kind}")
    return times


PICKUP_WORD = "Zqxwvpickup"
"""A made-up word no generated article contains: the search the new article must show up in."""
PICKUP_NAME = "zz-bench-pickup.txt"
PICKUP_TIMEOUT = 120.0


async def pickup(corpus: Path, index: Path, repeats: int) -> dict[str, list[float]]:
    """Milliseconds from writing a new article into the corpus to the open app's frame that
    lists it, `repeats` times (wall, CPU and garbage collection as for `interact`)."""
    from corpus_tui.tui.app import CorpusApp

    first = next(path for path in sorted(corpus.rglob("*.txt")) if path.name != PICKUP_NAME)
    text = f"{PICKUP_WORD} reaches the desk\n\n" + first.read_text(encoding="utf-8")
    added = corpus / PICKUP_NAME
    app = CorpusApp(corpus, index)
    times: dict[str, list[float]] = {"pickup": [], "pickup cpu": [], "pickup gc": []}
    clock = Clock(times)
    async with app.run_test(size=SIZE) as pilot:
        results = await _results_shown(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        hits = Probe(results, "show_hits", lambda *a, **k: True, clock.painted)
        screen.search_bar.set_query(PICKUP_WORD)
        screen.query_text = PICKUP_WORD
        screen.run_search()
        await hits.wait()
        if results.total:
            raise RuntimeError(f"{PICKUP_WORD!r} is already in the corpus")
        try:
            for _ in range(repeats):
                hits.expect(lambda hits, total, *a, append=False, **k: not append and total > 0)
                clock.start("pickup")
                added.write_text(text, encoding="utf-8")
                await hits.wait(PICKUP_TIMEOUT)
                clock.stop("pickup")
                hits.expect(lambda hits, total, *a, append=False, **k: not append and not total)
                added.unlink()
                await hits.wait(PICKUP_TIMEOUT)
                await pilot.pause()
        finally:
            added.unlink(missing_ok=True)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("start-empty", "start-app", "interact", "pickup"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--queries", type=Path, help="JSON list of queries (for `interact`)")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="PREFIX",
        help="`interact`: write the event loop's cProfile stats per action kind to PREFIX.KIND",
    )
    parser.add_argument("--repeats", type=int, default=3, help="`pickup`: new articles to time")
    args = parser.parse_args(argv)
    if args.mode == "start-empty":
        asyncio.run(start_empty())
        return 0
    if args.corpus is None or args.index is None:
        parser.error(f"{args.mode} needs --corpus and --index")
    if args.mode == "start-app":
        asyncio.run(start_app(args.corpus, args.index))
        return 0
    if args.mode == "pickup":
        _say(json.dumps(asyncio.run(pickup(args.corpus, args.index, args.repeats))))
        return 0
    if args.queries is None:
        parser.error("interact needs --queries")
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    times = asyncio.run(interact(args.corpus, args.index, queries, args.profile))
    _say(json.dumps(times))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
