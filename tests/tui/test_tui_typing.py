"""Search as you type: a search per keystroke, stale searches dropped, start-up order."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens import main_search
from tests.tui_support import NARROW, main_screen, run_async, settle

WIDE = (120, 40)
WAIT = 10.0


def layouts_asked_by(widget: Any) -> list[bool]:
    """From now on, whether each of `widget`'s refreshes asks for a layout of the screen."""
    asked: list[bool] = []
    refresh = widget.refresh

    def refreshing(*args: Any, layout: bool = False, **kwargs: Any) -> Any:
        asked.append(layout)
        return refresh(*args, layout=layout, **kwargs)

    widget.refresh = refreshing
    return asked


@pytest.fixture()
def app(sample_corpus: Path, sample_index: Path) -> CorpusApp:
    return CorpusApp(sample_corpus, sample_index, show_timings=False)


@run_async
async def test_each_keystroke_searches_at_once(app: CorpusApp, sample_engine: Engine) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        asked: list[str] = []
        run_search = screen.run_search

        def recording(focus_results: bool = False, typed: bool = False) -> None:
            asked.append(screen.query_text)
            run_search(focus_results, typed)

        screen.run_search = recording  # type: ignore[method-assign]
        await pilot.press("slash")
        for typed in ("G", "Gd", "Gda", "Gdansk"):
            await pilot.press(*typed[len(asked) and len(asked[-1]) :])
            assert asked[-1] == typed  # searched on the key itself, no quiet time first
        await settle(pilot)
        expected = sample_engine.search("Gdansk", limit=100)
        assert 0 < expected.total < 6
        assert [o.id for o in screen.results.options] == [h.id for h in expected.hits]


@run_async
async def test_a_search_still_waiting_when_a_newer_one_comes_never_runs(
    app: CorpusApp, sample_engine: Engine
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        ran: list[str] = []
        first_started, release = threading.Event(), threading.Event()
        search = app.session.search

        def slow_first(query: str, *args: Any) -> Any:
            ran.append(query)
            if len(ran) == 1:
                first_started.set()
                release.wait(WAIT)
            return search(query, *args)

        asked: list[str] = []
        run_search = screen.run_search

        def recording(focus_results: bool = False, typed: bool = False) -> None:
            asked.append(screen.query_text)
            run_search(focus_results, typed)

        app.session.search = slow_first  # type: ignore[method-assign]
        screen.run_search = recording  # type: ignore[method-assign]
        await pilot.press("slash", "G")
        assert await asyncio.to_thread(first_started.wait, WAIT)
        await pilot.press(*"dansk")  # five searches asked for while "G" runs
        release.set()
        await settle(pilot)
        assert asked == ["G", "Gd", "Gda", "Gdan", "Gdans", "Gdansk"]
        assert ran == ["G", "Gdansk"]  # the four that were still waiting never ran
        expected = sample_engine.search("Gdansk", limit=100)
        assert [o.id for o in screen.results.options] == [h.id for h in expected.hits]


@run_async
async def test_a_running_search_gives_up_once_a_newer_keystroke_comes(
    app: CorpusApp, sample_engine: Engine
) -> None:
    from corpus_tui.search.errors import SearchStopped

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        engine = app.session.engine
        real = engine.search
        first_started = threading.Event()
        outcomes: list[tuple[str, str]] = []

        def watching(query: str, *args: Any, stop: Any = None, **kwargs: Any) -> Any:
            if query == "G":  # a slow search: still collecting when the next keys come
                first_started.set()
                deadline = time.monotonic() + WAIT
                while not stop() and time.monotonic() < deadline:
                    time.sleep(0.005)
            try:
                found = real(query, *args, stop=stop, **kwargs)
            except SearchStopped:
                outcomes.append((query, "stopped"))
                raise
            outcomes.append((query, "answered"))
            return found

        engine.search = watching  # type: ignore[method-assign]
        await pilot.press("slash", "G")
        assert await asyncio.to_thread(first_started.wait, WAIT)
        await pilot.press(*"dansk")
        await settle(pilot)
        assert outcomes[0] == ("G", "stopped") and outcomes[-1] == ("Gdansk", "answered")
        expected = sample_engine.search("Gdansk", limit=100)
        assert [o.id for o in screen.results.options] == [h.id for h in expected.hits]
        status = screen.query_one("#status-text")
        assert not status.has_class("-error") and "superseded" not in str(status.render())


def test_the_engine_gives_up_a_search_when_told_to(sample_engine: Engine) -> None:
    from corpus_tui.search.errors import SearchStopped

    with pytest.raises(SearchStopped):
        sample_engine.search("NATO", stop=lambda: True)
    kept = sample_engine.search("NATO", stop=lambda: False)
    assert [h.id for h in kept.hits] == [h.id for h in sample_engine.search("NATO").hits]
    assert kept.hits


def test_lane_runs_the_newest_waiting_call_and_drops_the_older() -> None:
    from corpus_tui.tui.workers import Lane

    lane = Lane()
    running, release = threading.Event(), threading.Event()
    ran: list[str] = []
    answers: dict[str, tuple[bool, Any]] = {}

    def call(name: str) -> str:
        ran.append(name)
        if name == "first":
            running.set()
            release.wait(WAIT)
        return name

    def worker(name: str, ticket: int) -> None:
        answers[name] = lane.run(ticket, lambda: call(name))

    threads = []
    for name in ("first", "second", "third"):
        ticket = lane.ticket()
        thread = threading.Thread(target=worker, args=(name, ticket))
        thread.start()
        threads.append(thread)
        if name == "first":
            assert running.wait(WAIT)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert ran == ["first", "third"]
    assert answers == {"first": (True, "first"), "second": (False, None), "third": (True, "third")}


@run_async
async def test_the_staleness_check_waits_for_the_first_results(app: CorpusApp) -> None:
    shown_when_checked: list[int] = []
    checked = threading.Event()
    session = app.session
    search, is_stale = session.search, session.is_stale

    def first_search_waits_for_a_check(*args: Any) -> Any:
        checked.wait(0.5)  # a check made before the results would be made by now
        return search(*args)

    def recording_is_stale() -> bool:
        shown_when_checked.append(main_screen(app).results.option_count)
        checked.set()
        return is_stale()

    session.search = first_search_waits_for_a_check  # type: ignore[method-assign]
    session.is_stale = recording_is_stale  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert shown_when_checked and shown_when_checked[0] > 0


@run_async
async def test_hits_show_before_their_count_which_follows(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        app.session.page_size = 1  # a page smaller than the corpus: Whoosh does not count it
        lines: list[str] = []
        status = screen._status

        def recording(text: str, error: bool = False) -> None:
            lines.append(text)
            status(text, error)

        screen._status = recording  # type: ignore[method-assign]
        await pilot.press("slash", *"port OR minister")
        await settle(pilot)
        await pilot.pause(main_search.FOLLOW_UP_DELAY + 0.5)  # typed: counted once typing pauses
        await settle(pilot)
        assert any(line.startswith("about ") for line in lines)  # the estimate, shown first
        assert lines[-1].startswith("6 hits")
        assert screen.results.total == 6
        assert screen.results.border_title == "Results · 6"


@run_async
async def test_typing_re_marks_the_open_article_once_typing_pauses(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_search, "REMARK_DELAY", 1.0)  # longer than typing and settling
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"Veltrix", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        assert reader.match_count >= 2
        screen.search_bar.input.value = "Veltrix OR port"  # as if pasted: one search
        await settle(pilot)
        assert screen.query_text == "Veltrix OR port"
        assert screen.reader_query == "Veltrix"  # still marked for the old query while typing
        await pilot.pause(1.2)  # then the pause
        await settle(pilot)
        assert screen.reader_query == "Veltrix OR port" and reader.match_count >= 2


@run_async
async def test_the_kept_first_page_shows_before_the_engine_opens(
    sample_corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "ix"
    engine = Engine(sample_corpus, index)
    engine.update_index()
    listed = engine.search("*", limit=20, sort="date")  # what a previous run listed
    engine.close()
    app = CorpusApp(sample_corpus, index, show_timings=False)
    release = threading.Event()
    open_engine = app.session.open

    def slow_open() -> bool:
        release.wait(WAIT)
        return open_engine()

    app.session.open = slow_open  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        shown = [screen.results.get_option_at_index(i).id for i in range(len(listed.hits))]
        assert shown == [hit.id for hit in listed.hits]  # painted with the engine still shut
        assert not screen.engine_open
        release.set()
        await settle(pilot)
        assert screen.engine_open and screen.results.total == listed.total
        assert screen.reader.article is not None  # the engine's answer opened the first one


@run_async
async def test_backspaces_typed_fast_apply_where_they_were_typed(app: CorpusApp) -> None:
    """Keys that arrive together (a fast typist, or one read from the terminal): Textual ran
    Backspace only after the letters queued behind it, so "ab⌫⌫cdefgh" read "abcdef"."""
    from textual import events

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        for key in ["a", "b", "backspace", "backspace", *"cdefgh", "left", "backspace"]:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]  # no wait between keys
        await settle(pilot)
        assert screen.search_bar.input.value == "cdefh"


@run_async
async def test_keys_typed_with_slash_reach_the_search_box_and_keep_the_focus(
    app: CorpusApp,
) -> None:
    """Enter, `/` and a word read together: the letters went to the results list (Textual
    routes a key as it arrives, `/` moved the focus only later) and were lost, `e` toggled the
    sidebar, and the article that Enter opened then took the focus from the search box."""
    from textual import events

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert app.focused is screen.results
        sidebar_shown = screen.sidebar.display
        for key, character in [("enter", None), ("slash", "/"), *((c, c) for c in "rutte")]:
            event = events.Key(key, character)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]  # no wait between keys
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert screen.search_bar.input.value == "rutte"
        assert app.focused is screen.search_bar.input
        assert screen.sidebar.display == sidebar_shown
        await pilot.press("s")
        assert screen.search_bar.input.value == "ruttes"


@run_async
async def test_the_status_line_grows_for_a_long_message_and_shrinks_back(app: CorpusApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        status = screen.query_one("#status-text")
        long_message = "Cannot open the corpus: " + "a folder name that goes on " * 8
        screen.status_bar.show_text(long_message, error=True)
        await settle(pilot)
        assert status.size.height > 1
        screen.status_bar.show_text("3 hits · 2 ms")
        await settle(pilot)
        assert status.size.height == 1
        assert str(status.render()) == "3 hits · 2 ms"
        screen.status_bar.show_text("4 hits · 3 ms")  # one line to one line: no new layout
        await settle(pilot)
        assert status.size.height == 1
        assert str(status.render()) == "4 hits · 3 ms"


@run_async
async def test_the_count_and_the_tags_wait_for_the_frame_that_shows_the_hits(
    app: CorpusApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        app.session.page_size = 1  # a page smaller than the corpus: the count follows it
        seen = {"shown": False, "painted": False}
        painted_when_counted: list[bool] = []
        show_hits, refresh, count = (
            screen.results.show_hits,
            screen._compositor_refresh,
            app.session.count,
        )

        def showing(*args: Any, **kwargs: Any) -> None:
            show_hits(*args, **kwargs)
            seen["shown"], seen["painted"] = True, False

        def painting() -> None:
            refresh()
            seen["painted"] = seen["painted"] or seen["shown"]

        def counting(*args: Any) -> int:
            painted_when_counted.append(seen["painted"])
            return count(*args)

        mark_tags = screen.mark_tags
        painted_when_tagged: list[bool] = []

        def tagging(hits: list[Any]) -> None:
            # Read on the event loop, as the tags are asked for: a thread reading it later could
            # see the next page shown and not yet painted.
            painted_when_tagged.append(seen["painted"])
            mark_tags(hits)

        screen.results.show_hits = showing  # type: ignore[method-assign]
        screen._compositor_refresh = painting  # type: ignore[method-assign]
        app.session.count = counting  # type: ignore[method-assign]
        screen.mark_tags = tagging  # type: ignore[method-assign]
        screen.search_bar.set_query("port OR minister")
        screen.query_text = "port OR minister"
        screen.run_search(focus_results=True)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert painted_when_counted == [True]
        assert painted_when_tagged and all(painted_when_tagged)  # a page at a time, each
        assert screen.results.total == 6


@run_async
async def test_a_typed_search_counts_once_typing_pauses_and_only_for_the_last_query(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_search, "FOLLOW_UP_DELAY", 1.5)  # longer than typing and settling
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        app.session.page_size = 1
        counted: list[str] = []
        count = app.session.count

        def counting(query: str, filters: tuple[str, ...]) -> int:
            counted.append(query)
            return count(query, filters)

        app.session.count = counting  # type: ignore[method-assign]
        await pilot.press("slash")
        for character in "port":
            await pilot.press(character)
            await settle(pilot)
        status = screen.query_one("#status-text")
        assert counted == []  # still typing: the status says "about"
        assert str(status.render()).startswith("about ")
        await pilot.pause(1.8)
        await settle(pilot)
        assert counted == ["port"]
        assert str(status.render()).startswith("2 hits")


@run_async
async def test_a_keystroke_asks_for_no_new_layout_of_the_screen(app: CorpusApp) -> None:
    """Textual's Input asks for a layout of the whole screen whenever its text's length
    changes (3-4 ms a keystroke); a box whose text fits needs none."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        box = main_screen(app).search_bar.input
        asked = layouts_asked_by(box)
        await pilot.press("slash", *"port OR minister")
        await settle(pilot)
        assert box.value == "port OR minister"
        assert asked and not any(asked)


@run_async
async def test_a_new_page_of_hits_of_another_height_needs_no_new_layout(
    app: CorpusApp, sample_engine: Engine
) -> None:
    """The list's height moves its scrollbar, which OptionList updates itself; Textual's
    virtual size asked for a layout of the whole screen on top."""
    hits = sample_engine.search("*", limit=6).hits
    many = [hits[n % len(hits)].model_copy(update={"id": f"copy-{n}"}) for n in range(20)]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        results = screen.results
        results.show_hits(many, 20)
        await settle(pilot)
        assert results.show_vertical_scrollbar
        layouts: list[int] = []
        layout = screen._refresh_layout

        def laying_out(*args: Any, **kwargs: Any) -> None:
            layouts.append(1)
            layout(*args, **kwargs)

        screen._refresh_layout = laying_out  # type: ignore[method-assign]
        height = results.virtual_size.height
        results.show_hits(many[:15], 15)
        await settle(pilot)
        assert results.virtual_size.height < height and results.show_vertical_scrollbar
        assert layouts == []


@run_async
async def test_a_query_wider_than_the_box_scrolls_to_its_end(app: CorpusApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        box = screen.search_bar.input
        words = " OR ".join(["minister", "president", "government", "parliament", "election"])
        query = f"{words} OR vote OR referendum OR coalition"
        assert len(query) > box.content_size.width
        await pilot.press("slash")
        for character in query:  # as a paste or a fast typist delivers them: together
            app.post_message(events.Key(character, character))
        await settle(pilot)
        assert box.value == query
        line = "".join(segment.text for segment in box.render_line(0)).rstrip()
        assert line.endswith("referendum OR coalition")
        assert "minister" not in line  # scrolled: the start is out of view
        await pilot.press("home")
        await settle(pilot)
        line = "".join(segment.text for segment in box.render_line(0)).strip()
        assert line.startswith("minister OR president")


@run_async
async def test_a_search_s_hits_are_drawn_without_waiting_for_the_frame_clock(
    app: CorpusApp,
) -> None:
    """Textual draws at the next tick of a 60-a-second clock, 8 ms later on average; the
    answer to a keystroke is drawn as soon as the list has asked to be."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        results = screen.results
        # The clock calls the method it was given when it started; the screen's own call
        # (drawing as soon as asked) goes through this attribute.
        soon: list[bool] = []
        drawn_soon: list[bool] = []
        update, render_lines = screen._on_timer_update, results.render_lines

        def updating() -> None:
            soon.append(True)
            update()
            soon.pop()

        def rendering(*args: Any, **kwargs: Any) -> Any:
            drawn_soon.append(bool(soon))
            return render_lines(*args, **kwargs)

        screen._on_timer_update = updating  # type: ignore[method-assign]
        results.render_lines = rendering  # type: ignore[method-assign]
        await pilot.press("slash", *"Veltrix")
        await settle(pilot)
        assert [option.id for option in results.options]
        assert any(drawn_soon)


@run_async
async def test_a_pane_with_nothing_to_redraw_holds_back_nothing_for_long(app: CorpusApp) -> None:
    """A pane named to be drawn soon that never asks (its rows did not change) is waited for
    only briefly: the callbacks waiting for the frame then run at the next one."""
    from corpus_tui.tui.screens import after_paint

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        ran: list[str] = []
        screen.paint_soon(screen.results)  # nothing changed in it: it will not ask
        screen.after_paint(lambda: ran.append("fresh"))
        screen._status("a change elsewhere")
        await pilot.pause()
        # (the list may still ask: "fresh" waits for it, at most AFTER_PAINT_LIMIT)
        screen._paint_soon[screen.results] -= after_paint.PAINT_SOON_LIMIT * 2
        screen.after_paint(lambda: ran.append("stale"))
        screen._status("another change elsewhere")
        await pilot.pause()
        await pilot.pause()
        assert "stale" in ran
        assert screen.results not in screen._paint_soon


@run_async
async def test_keys_that_arrive_together_start_one_search(app: CorpusApp) -> None:
    """A burst (a fast typist, a paste) changes the text once per key before the first change
    is handled; only the text that still stands is searched."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        asked: list[str] = []
        run_search = screen.run_search

        def recording(focus_results: bool = False, typed: bool = False) -> None:
            asked.append(screen.query_text)
            run_search(focus_results, typed)

        screen.run_search = recording  # type: ignore[method-assign]
        for character in "Gdansk":
            app.post_message(events.Key(character, character))
        await settle(pilot)
        assert screen.search_bar.input.value == "Gdansk"
        assert asked == ["Gdansk"]


@run_async
async def test_the_sort_label_changing_back_and_forth_needs_no_new_layout(
    app: CorpusApp,
) -> None:
    """Clearing the query sorts by date, the next key by relevance: the label keeps the width
    of the widest order it has shown, right-aligned, so neither change lays the screen out."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        label = screen.query_one("#status-sort")
        await pilot.press("slash", "p")
        await settle(pilot)
        asked = layouts_asked_by(label)
        for keys in (["backspace"], ["p"], ["backspace"]):
            await pilot.press(*keys)
            await settle(pilot)
        shown = str(label.render())
        assert shown.strip() == "sorted by date (s)"
        assert len(shown) == len("sorted by relevance (s)")
        assert asked and not any(asked)


@run_async
async def test_a_search_fetches_what_fills_the_pane_and_a_typed_one_pages_on_once_typing_pauses(
    app: CorpusApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hit costs its stored text and a snippet, so a search's first page is the hits
    the pane shows; the next page follows, for a keystroke's search once typing pauses."""
    monkeypatch.setattr(main_search, "FOLLOW_UP_DELAY", 1.5)  # longer than typing and settling
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        asked: list[tuple[str, int, int | None]] = []
        search = app.session.search

        def recording(
            query: str, sort: str, filters: tuple[str, ...], offset: int, limit: int | None = None
        ) -> Any:
            asked.append((query, offset, limit))
            return search(query, sort, filters, offset, limit)

        app.session.search = recording  # type: ignore[method-assign]
        fit = screen.results.hits_that_fit()
        assert fit == (screen.results.scrollable_content_region.height // 4) + 1
        await pilot.press("slash", "t")
        await settle(pilot)
        assert asked == [("t", 0, fit)]
        screen.results.resume_paging()
        await pilot.press("backspace")  # the full list: whole pages, as the kept page has
        await settle(pilot)
        assert asked[-1] == ("*", 0, None)

        app.session.page_size = 2
        asked.clear()
        await pilot.press(*"the")
        await settle(pilot)
        assert {offset for _, offset, _ in asked} == {0}  # still typing: no second page yet
        assert screen.results.option_count == 2 < screen.results.total
        await pilot.pause(1.8)
        await settle(pilot)
        assert [offset for _, offset, _ in asked if offset][:1] == [2]
        assert screen.results.option_count > 2
