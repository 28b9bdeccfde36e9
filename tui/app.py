"""The corpus-tui Textual app: a thin shell that opens the main screen on a corpus."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Input

from corpus_tui.tui.actions import bindings
from corpus_tui.tui.engine_session import EngineSession
from corpus_tui.tui.quiet_collector import QuietCollector
from corpus_tui.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from corpus_tui.search.cli_launch import AppTarget

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"

SCREENSHOT_DIR_VARIABLE = "CORPUS_TUI_SCREENSHOT_DIR"
"""Where screenshots go when set; else the current directory (servers often have no Downloads)."""

QUIET_RETRY_SECONDS = 0.1
"""How soon to look again for a quiet moment for a due garbage collection."""
QUIET_CONFIRM_SECONDS = 0.03
"""How long a moment must stay quiet before a due garbage collection takes it."""

REPLACED_SYSTEM_COMMANDS = frozenset({"Theme", "Quit", "Keys", "Screenshot"})
"""Textual's palette entries that our own commands replace (one entry per action)."""


class CorpusApp(App[int]):
    """Search, read and follow the people in a corpus of news articles."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-tui"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        *,
        show_timings: bool = True,
        session: EngineSession | None = None,
        use_config: bool = False,
        workspace_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # The modules imported by now live as long as the app: out of the collector's sight, a
        # full collection no longer walks them (50 ms, which used to land on the first frame).
        gc.freeze()
        self.use_config = use_config
        """True reads config.toml (keys, theme) and remembers theme changes in it."""
        self.user_keys: dict[str, str] = {}
        """The keys config.toml rebinds (action -> keys), as applied; help shows these."""
        self.session = session or EngineSession(corpus, index_dir, workspace_dir)
        self.show_timings = show_timings
        """False freezes the status line (no query times) for reproducible screenshots."""
        self.collector = QuietCollector()

    def on_mount(self) -> None:
        self.theme = DARK_THEME
        if self.use_config:
            self._apply_config()
        self._theme_settled = True
        self.push_screen(MainScreen(self.session, show_timings=self.show_timings))
        loop = asyncio.get_running_loop()

        def ask() -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to ask
                loop.call_soon_threadsafe(self._collect_when_quiet)

        self.collector.start(ask)

    def on_unmount(self) -> None:
        self.collector.stop()
        self.session.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        if isinstance(event, events.Key) and self._typed_after_focus_moved(event):
            # Meant for the text box that has the focus now, and in the order typed: not a
            # key binding (`e` would have toggled the sidebar).
            self.focused.post_message(events.Key(event.key, event.character))  # type: ignore[union-attr]
            return
        await super().on_event(event)

    def _typed_after_focus_moved(self, event: events.Key) -> bool:
        """A character that came back up to the app while a text box has the focus.

        Textual routes each key to the focused widget as it arrives, and runs key bindings
        only once it has come back up to the app. So `/` and `rutte` read together all went
        to the results list; by the time `/` moved the focus to the search box the letters
        were on their way back up, unused, and were lost. A text box takes every character
        it gets, so one that comes back up while a text box has the focus was typed for it.
        """
        return (
            event.is_forwarded
            and event.is_printable
            and bool(event.character)
            and isinstance(self.focused, Input)
        )

    def _collect_when_quiet(self, confirming: bool = False) -> None:
        """A full garbage collection is due: look for a quiet moment once the screen has
        painted, and take it only if it is still quiet a moment later (a worker that just
        finished may not have posted its result yet, nor a key reached the app)."""
        if self.is_running and self.screen_stack:
            self.screen.call_after_refresh(self._collect_if_quiet, confirming)

    def _collect_if_quiet(self, confirming: bool) -> None:
        busy = any(not worker.is_finished for worker in self.workers)
        if busy or not self.collector.quiet:
            self.set_timer(QUIET_RETRY_SECONDS, self._collect_when_quiet)
        elif not confirming:
            self.set_timer(QUIET_CONFIRM_SECONDS, lambda: self._collect_when_quiet(True))
        else:
            self.collector.collect()

    def _apply_config(self) -> None:
        """The user's keys and theme from config.toml; each problem is one warning."""
        from corpus_tui.search.keymap import check_keys, read_config_toml, user_keys
        from corpus_tui.tui.actions import known_actions

        data, warnings = read_config_toml()
        keys, problems = user_keys(data)
        self.user_keys, conflicts = check_keys(keys, known_actions())
        self.set_keymap(self.user_keys)
        theme = data.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            problems.append(f"theme: unknown theme {theme!r}; using {self.theme}")
        for warning in [*warnings, *problems, *conflicts]:
            self.notify(warning, title="config.toml", severity="warning", timeout=12)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme change in config.toml (only when the app reads the user's config)."""
        if not self.use_config or not getattr(self, "_theme_settled", False):
            return
        from corpus_tui.search.config import remember_theme

        try:
            remember_theme(theme)
        except OSError as error:
            self.notify(f"Theme not remembered: {error}", severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands we have no twin for (maximize a pane); ours list the rest."""
        for command in super().get_system_commands(screen):
            if command.title not in REPLACED_SYSTEM_COMMANDS:
                yield command

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen once the palette has closed, and say where it went."""
        self.set_timer(0.1, lambda: self.save_screenshot_here(filename, path))

    def save_screenshot_here(self, filename: str | None = None, path: str | None = None) -> None:
        directory = Path(path or os.environ.get(SCREENSHOT_DIR_VARIABLE) or Path.cwd())
        try:
            saved = self.save_screenshot(filename, str(directory))
        except OSError as error:
            reason = error.strerror or str(error)
            self.notify(f"Cannot save a screenshot in {directory}: {reason}", severity="error")
            return
        self.notify(f"Saved {saved}", title="Screenshot")

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def action_set_theme(self, kind: str) -> None:
        self.theme = LIGHT_THEME if kind == "light" else DARK_THEME


def run_app(target: AppTarget) -> int:
    """Run the app until the user quits; the exit code for the shell."""
    t = target
    session = EngineSession(t.corpus, t.index_dir, t.workspace_dir, t.backend)
    app = CorpusApp(
        t.corpus, t.index_dir, session=session, use_config=True, workspace_dir=t.workspace_dir
    )
    app.run()
    return app.return_code or 0
