"""The app reads config.toml: the user's keys work and the help screen shows them; a bad
file is a warning and the app starts with the defaults; a theme change is remembered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from corpus_tui.search.config import config_path, load_config
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.help import HelpScreen
from corpus_tui.tui.widgets.key_footer import KeyFooter
from tests.tui_support import WIDE, run_async, settle

AppMaker = Callable[[str | None], CorpusApp]


@pytest.fixture()
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = config_path()
    path.parent.mkdir(parents=True)
    return path


@pytest.fixture()
def configured_app(config_file: Path, sample_corpus: Path, sample_index: Path) -> AppMaker:
    """A new app that reads config.toml, written first with the given text (None: no file)."""

    def make(config: str | None) -> CorpusApp:
        if config is not None:
            config_file.write_text(config, encoding="utf-8")
        return CorpusApp(sample_corpus, sample_index, show_timings=False, use_config=True)

    return make


async def notifications_at_start(app: CorpusApp, pilot: Pilot) -> list[str]:
    """What the app told the user once it started."""
    await settle(pilot)
    return [notification.message for notification in app._notifications]


def help_text(app: CorpusApp) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query("Static"))


@run_async
async def test_rebound_quit_works_and_help_says_so(configured_app: AppMaker) -> None:
    app = configured_app('[keys]\nquit = "ctrl+x"\n')
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.user_keys == {"quit": "ctrl+x"}
        footer = {entry.key: entry.description for entry in app.screen.query_one(KeyFooter).entries}
        assert footer.get("ctrl+x") == "Quit" and "q" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        quit_line = next(line for line in help_text(app).splitlines() if "Quit (when" in line)
        assert "Ctrl+x" in quit_line and " q " not in f" {quit_line} "
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")  # no longer quits
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+x")
        await pilot.pause()
    assert not app.is_running


@run_async
async def test_bad_config_warns_and_starts_with_defaults(configured_app: AppMaker) -> None:
    app = configured_app('[keys]\nquit = "ctrl+x"\nhelp = "y"\n[search\n')
    async with app.run_test(size=WIDE) as pilot:
        messages = await notifications_at_start(app, pilot)
        assert any("line 4" in m for m in messages), messages
        assert app.user_keys == {}
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


@run_async
async def test_key_conflict_warns_naming_both_and_the_rest_applies(
    configured_app: AppMaker,
) -> None:
    app = configured_app('[keys]\nquit = "ctrl+x"\nhelp = "y"\n')
    async with app.run_test(size=WIDE) as pilot:
        messages = await notifications_at_start(app, pilot)
        assert any("help" in m and "copy" in m for m in messages), messages
        assert app.user_keys == {"quit": "ctrl+x"}


@run_async
async def test_theme_change_is_remembered(config_file: Path, configured_app: AppMaker) -> None:
    app = configured_app(None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not config_file.exists()  # starting writes nothing
        await pilot.press("ctrl+t")
        await pilot.pause()
        changed = app.theme
    assert load_config()[0].theme == changed
    again = configured_app(None)
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert again.theme == changed


@run_async
async def test_search_settings_apply_in_the_app(configured_app: AppMaker) -> None:
    app = configured_app('[search]\npage_size = 2\ndefault_sort = "date"\n')
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        engine = app.session.engine
        limits: list[int] = []
        search = engine.search

        def spy(*args: object, **kwargs: object) -> object:
            limits.append(int(kwargs["limit"]))  # type: ignore[call-overload]
            return search(*args, **kwargs)

        engine.search = spy  # type: ignore[method-assign]
        await pilot.press("slash", *"NATO", "enter")
        await settle(pilot)
        assert screen.sort == "date"
        assert limits and set(limits) == {2}
