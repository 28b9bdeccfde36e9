"""The workspace in the app: save a search, quit, restart and run it from the list; Up walks the
history; tag, star and annotate the open article and see it in the reader header."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from corpus_tui.search.engine import Engine
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.workspace import PickScreen, PromptScreen
from tests.tui_support import WIDE, main_screen, run_async, search, settle


@pytest.fixture()
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def new_app(sample_corpus: Path, sample_index: Path, workspace: Path | None = None) -> CorpusApp:
    return CorpusApp(sample_corpus, sample_index, show_timings=False, workspace_dir=workspace)


async def wait_screen(pilot: Pilot, kind: type) -> None:
    for _ in range(200):
        await settle(pilot)
        if isinstance(pilot.app.screen, kind):
            return
    raise AssertionError(f"{kind.__name__} never opened")


def search_text(app: CorpusApp) -> str:
    return main_screen(app).search_bar.input.value


@run_async
async def test_save_a_search_restart_and_run_it_from_the_list(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    expected = Engine(sample_corpus, sample_index).search("Veltrix shells", limit=100).total
    app = new_app(sample_corpus, sample_index)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search(pilot, "Veltrix shells")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, PromptScreen)
        assert app.screen.query_one(Input).value == "Veltrix shells"
        await pilot.press("ctrl+u", *"ammo", "enter")
        await settle(pilot)
        await pilot.press("q")
    assert not app.is_running

    again = new_app(sample_corpus, sample_index)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert search_text(again) == ""
        await pilot.press("ctrl+o")
        await wait_screen(pilot, PickScreen)
        rows = [str(option.prompt) for option in again.screen.query_one("#pick-list").options]
        assert rows == [f"ammo  ·  {expected:,} hits  ·  Veltrix shells"]
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(again)
        assert search_text(again) == "Veltrix shells"
        assert len(screen.results.options) == expected


@run_async
async def test_up_walks_the_history_as_a_shell_does(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    app = new_app(sample_corpus, sample_index)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search(pilot, "NATO")
        await search(pilot, "Veltrix")
    again = new_app(sample_corpus, sample_index)  # the history outlives the app
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"draft")
        await pilot.press("up")
        await settle(pilot)
        assert search_text(again) == "Veltrix"
        await pilot.press("up")
        assert search_text(again) == "NATO"
        await pilot.press("up")  # the oldest stays
        assert search_text(again) == "NATO"
        await pilot.press("down", "down")
        assert search_text(again) == "draft"
        await pilot.press("ctrl+g")
        await wait_screen(pilot, PickScreen)
        await pilot.press(*"nat", "enter")
        await settle(pilot)
        assert search_text(again) == "NATO"


@run_async
async def test_the_app_uses_the_workspace_it_is_given(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    chosen = user_dirs / "chosen"
    app = new_app(sample_corpus, sample_index, chosen)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("asterisk")
        for _ in range(20):
            await settle(pilot)
            if (chosen / "workspace.sqlite3").exists():
                break
    starred = Engine(sample_corpus, sample_index, chosen).workspace.tagged_ids("star")
    assert len(starred) == 1


@run_async
async def test_tag_star_and_note_the_open_article(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    app = new_app(sample_corpus, sample_index)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.article is not None
        doc_id = screen.article.id
        await pilot.press("t")
        await wait_screen(pilot, PromptScreen)
        await pilot.press(*"lead check", "enter")
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        await pilot.press("a")
        await wait_screen(pilot, PromptScreen)
        await pilot.press(*"call the ministry", "enter")
        for _ in range(50):
            await settle(pilot)
            if screen.article is not None and screen.article.notes:
                break
        meta = " ".join(line.text.rstrip() for line in screen.reader.drawn_lines()[:8])
        assert "#check" in meta and "#lead" in meta and "★" in meta and "1 note" in meta
        row = str(screen.results.get_option(doc_id).prompt)
        assert "★ #check #lead" in row.splitlines()[1]
        others = [o for o in screen.results.options if o.id != doc_id]
        assert others and all("#lead" not in str(o.prompt) for o in others)
    workspace = Engine(sample_corpus, sample_index).workspace
    assert workspace.tags_of(doc_id) == ["check", "lead", "star"]
    elsewhere = Engine(sample_corpus, sample_index, user_dirs / "elsewhere").workspace
    assert elsewhere.tags_of(doc_id) == []
    assert [n["text"] for n in workspace.notes_of(doc_id)] == ["call the ministry"]


def sidebar_names(app: CorpusApp) -> list[str]:
    sidebar = main_screen(app).sidebar
    return [row.name for row in sidebar._rows.values()]


async def highlight_entity(pilot: Pilot, name: str) -> None:
    sidebar = main_screen(pilot.app).sidebar
    ids = [option.id for option in sidebar.options]
    sidebar.highlighted = next(
        i for i, option_id in enumerate(ids) if (option_id or "").endswith(f":{name}")
    )
    await pilot.pause()


@run_async
async def test_hide_and_merge_in_the_sidebar_show_at_once_and_undo(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    corpus = Engine(sample_corpus, sample_index).entities().entities
    people = [e.name for e in corpus if e.type == "person"][:3]
    hidden, merged, target = people
    app = new_app(sample_corpus, sample_index)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.action_set_scope("corpus")
        await settle(pilot)
        screen.sidebar.focus()
        await highlight_entity(pilot, hidden)
        await pilot.press("x")
        await settle(pilot)
        await settle(pilot)
        await highlight_entity(pilot, merged)
        await pilot.press("m")
        await wait_screen(pilot, PromptScreen)
        await pilot.press(*target, "enter")
        for _ in range(20):
            await settle(pilot)
            if merged not in sidebar_names(app):
                break
        names = sidebar_names(app)
        assert hidden not in names and merged not in names and target in names
        await pilot.press("u")  # undoes the merge, then the hide
        await settle(pilot)
        await settle(pilot)
        assert merged in sidebar_names(app) and hidden not in sidebar_names(app)
        await pilot.press("u")
        await settle(pilot)
        await settle(pilot)
        assert hidden in sidebar_names(app)


@run_async
async def test_changes_made_by_another_process_show_in_the_open_app(
    user_dirs: Path, sample_corpus: Path, sample_index: Path
) -> None:
    script = Engine(sample_corpus, sample_index)  # another connection, as a script's would be
    people = [e.name for e in script.entities().entities if e.type == "person"]
    app = new_app(sample_corpus, sample_index)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.action_set_scope("corpus")
        await settle(pilot)
        assert screen.article is not None and people[0] in sidebar_names(app)
        await pilot.pause(1.5)  # the app has looked at the workspace once
        script.workspace.tag(screen.article.id, ["lead"])
        script.workspace.set_correction("hide", people[0], "person")
        for _ in range(40):
            await pilot.pause(0.1)
            await settle(pilot)
            if screen.article.tags and people[0] not in sidebar_names(app):
                break
        assert screen.article.tags == ["lead"]
        assert people[0] not in sidebar_names(app)
        assert "#lead" in str(screen.results.get_option(screen.article.id).prompt)
