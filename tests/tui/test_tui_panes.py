"""Pane layouts: one line per hit on short terminals (`c` switches) and the entity sidebar's
counts and paging. Driven with Pilot."""

from __future__ import annotations

from textual.app import App, ComposeResult

from corpus_tui.search.engine import Engine
from corpus_tui.search.models import CorpusEntity, EntitiesResult, EntityTally
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.engine_session import EngineSession
from corpus_tui.tui.messages import EntityRow
from corpus_tui.tui.screens.help import help_sections
from corpus_tui.tui.widgets.entity_sidebar import PAGE, EntitySidebar
from corpus_tui.tui.widgets.key_footer import KeyFooter
from tests.tui_support import NARROW, WIDE, main_screen, run_async, settle, wait_for

from .test_tui_reading import on_screen


def hit_rows(lines: list[str], dates: list[str]) -> list[int]:
    """Indexes of the painted lines that carry a hit's date."""
    return [index for index, line in enumerate(lines) if any(date in line for date in dates)]


@run_async
async def test_a_short_terminal_lists_one_line_per_hit(
    app: CorpusApp, sample_engine: Engine
) -> None:
    expected = sample_engine.search("*", limit=100, sort="date")
    dates = [hit.date for hit in expected.hits if hit.date]
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        assert results.one_line
        lines = on_screen(results)
        for hit, line in zip(expected.hits, lines[1:], strict=False):  # under the border
            assert (hit.title or "")[:8] in line
            assert (hit.date or "undated") in line
        assert len(hit_rows(lines, dates)) == len(dates)  # every hit fits at 80x24


@run_async
async def test_c_switches_between_one_line_and_three_keeping_the_cursor(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        results = screen.results
        assert not results.one_line
        full_rows = len(on_screen(results))
        await pilot.press("down", "down")
        chosen = results.highlighted_id
        keys = screen.query_one(KeyFooter).shown
        assert keys.get("Compact") == "o"
        await pilot.press("o")
        await pilot.pause()
        assert results.one_line and results.highlighted_id == chosen
        assert results.virtual_size.height == results.option_count
        assert full_rows == len(on_screen(results))
        await pilot.press("o")
        await pilot.pause()
        assert not results.one_line and results.highlighted_id == chosen
        assert results.virtual_size.height > 2 * results.option_count


@run_async
async def test_one_line_mode_follows_the_height_until_switched(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert results.one_line
        await pilot.press("o")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert results.one_line  # the user's switch holds: it inverts the default


def test_help_lists_the_compact_key() -> None:
    rows = dict(help_sections())["Results"]
    assert any(key == "o" and "One line per hit" in text for key, text in rows)


@run_async
async def test_the_palette_switches_the_results_layout(app: CorpusApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        results = main_screen(app).results
        await pilot.press("ctrl+p", *"Results: compact")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: results.one_line)


class SidebarApp(App[None]):
    """The sidebar alone, fed rows the way the screen feeds it."""

    def compose(self) -> ComposeResult:
        yield EntitySidebar()


def many_rows(people: int, orgs: int) -> list[EntityRow]:
    rows = [EntityRow(f"Person {n:04}", "person", 10_000 - n) for n in range(people)]
    rows += [EntityRow(f"Org {n:03}", "org", 500 - n) for n in range(orgs)]
    return rows


def headings(sidebar: EntitySidebar) -> list[str]:
    return [str(option.prompt) for option in sidebar.options if option.disabled]


@run_async
async def test_the_sidebar_says_how_many_it_lists_and_lists_more_near_the_end() -> None:
    people = 2 * PAGE + PAGE // 2  # three pages in: the first, one for the cursor, the rest
    app = SidebarApp()
    async with app.run_test(size=(40, 30)) as pilot:
        sidebar = app.query_one(EntitySidebar)
        sidebar.show_entities("corpus", many_rows(people, 3))
        await pilot.pause()
        assert headings(sidebar) == [f"People ({PAGE} of {people})", "Organisations (3)"]
        assert str(sidebar.options[1].prompt).startswith("10,000  Person 0000")
        sidebar.focus()
        chosen = sidebar.options[PAGE].id
        sidebar.highlighted = PAGE  # the last person listed
        await pilot.pause()
        assert headings(sidebar)[0] == f"People ({2 * PAGE} of {people})"
        assert sidebar.highlighted_option is not None and sidebar.highlighted_option.id == chosen
        # Scrolling (mouse wheel) to the end of the listed people lists the rest.
        bottom = 2 * PAGE - 30  # the last listed person shows at the bottom
        sidebar.scroll_to(y=bottom, animate=False)
        await pilot.pause()
        await pilot.pause()
        assert headings(sidebar)[0] == f"People ({people})"
        assert sidebar.option_count == 1 + people + 1 + 3
        assert sidebar.scroll_y == bottom  # the view stays where it was


@run_async
async def test_the_app_sidebar_lists_every_entity_of_the_corpus(
    app: CorpusApp, sample_engine: Engine
) -> None:
    everyone = sample_engine.entities().entities
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("v", "v")  # article -> results -> corpus
        await settle(pilot)
        listed = [option.id for option in screen.sidebar.options if option.id]
        shown_types = ("person", "org", "place")
        assert sorted(listed) == sorted(
            f"{e.type}:{e.name}" for e in everyone if e.type in shown_types
        )


class ManyEntitiesEngine:
    """Answers `entities` like the engine, for a corpus naming 400 people."""

    def entities(
        self,
        type: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        filters: list[str] | None = None,
    ) -> EntitiesResult:
        people = [
            CorpusEntity(name=f"Person {n:04}", type="person", count=2, docs=1) for n in range(400)
        ]
        found = [e for e in people if type in (None, e.type)]
        return EntitiesResult(entities=found[:limit] if limit else found)

    def entity_tally(self) -> EntityTally:
        found = self.entities().entities
        return EntityTally(
            names=[e.name for e in found],
            types=[e.type for e in found],
            docs=[e.docs for e in found],
        )

    def index_generation(self) -> str:
        return "1"

    def corrections_stamp(self) -> str:
        return ""


def test_the_session_hands_the_sidebar_every_entity() -> None:
    session = EngineSession(None, None)
    session._engine = ManyEntitiesEngine()  # type: ignore[assignment]
    rows = session.entity_rows("corpus", None, "*", ())
    assert len(rows) == 400


@run_async
async def test_brackets_jump_between_kinds_without_paging_in_the_one_left() -> None:
    app = SidebarApp()
    async with app.run_test(size=(40, 30)) as pilot:
        sidebar = app.query_one(EntitySidebar)
        sidebar.show_entities("corpus", many_rows(400, 3))
        sidebar.focus()
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert sidebar.highlighted_option is not None
        assert sidebar.highlighted_option.id == "org:Org 000"
        assert headings(sidebar)[0] == f"People ({PAGE} of 400)"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert sidebar.highlighted_option.id == "person:Person 0000"


@run_async
async def test_clicking_a_footer_key_presses_it_and_the_footer_follows_the_focus(
    app: CorpusApp,
) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        footer = screen.query_one(KeyFooter)
        assert footer.shown.get("Sort") == "s"
        before = screen.sort
        sort_key = next(e for e in footer._placed if e.description == "Sort")
        await pilot.click(KeyFooter, offset=(sort_key.start + 1, 0))
        await settle(pilot)
        assert screen.sort != before
        screen.reader.focus()
        await pilot.pause()
        assert "Match" in footer.shown and "Sort" not in footer.shown
        assert footer.shown.get("palette") == "^p"


def test_the_corpus_rows_are_read_once_per_generation_and_set_of_corrections() -> None:
    engine = ManyEntitiesEngine()
    calls: list[int] = []
    tally = engine.entity_tally

    def counting() -> EntityTally:
        calls.append(1)
        return tally()

    engine.entity_tally = counting  # type: ignore[method-assign]
    session = EngineSession(None, None)
    session._engine = engine  # type: ignore[assignment]
    first = session.entity_rows("corpus", None, "*", ())
    assert session.entity_rows("corpus", None, "*", ()) == first and len(calls) == 1
    engine.corrections_stamp = lambda: "merged"  # type: ignore[method-assign]
    session.entity_rows("corpus", None, "*", ())
    engine.index_generation = lambda: "2"  # type: ignore[method-assign]
    session.entity_rows("corpus", None, "*", ())
    assert len(calls) == 3


def test_the_results_rows_of_the_last_searches_are_kept() -> None:
    from corpus_tui.tui.engine_session import RESULTS_ROWS_KEPT

    engine = ManyEntitiesEngine()
    asked: list[tuple[str | None, tuple[str, ...]]] = []

    def entities_in_hits(query: str | None, filters: list[str] | None = None) -> EntityTally:
        asked.append((query, tuple(filters or ())))
        tally = engine.entity_tally()
        return EntityTally(names=tally.names[:3], types=tally.types[:3], docs=tally.docs[:3])

    engine.entities_in_hits = entities_in_hits  # type: ignore[attr-defined]
    session = EngineSession(None, None)
    session._engine = engine  # type: ignore[assignment]
    first = session.entity_rows("results", None, "harbour", ())
    filtered = session.entity_rows("results", None, "harbour", ("person:X",))
    # The filter removed again: the first search's rows come back without asking the engine.
    assert session.entity_rows("results", None, "harbour", ()) == first != [] and filtered
    assert asked == [("harbour", ()), ("harbour", ("person:X",))]
    for n in range(RESULTS_ROWS_KEPT):
        session.entity_rows("results", None, f"query {n}", ())
    session.entity_rows("results", None, "harbour", ())  # pushed out by the newer ones
    assert asked[-1] == ("harbour", ()) and len(asked) == 3 + RESULTS_ROWS_KEPT
