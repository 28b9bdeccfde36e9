"""The corpus-tui Textual app: a thin shell that opens the main screen on a corpus."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from corpus_tui.tui.actions import bindings
from corpus_tui.tui.engine_session import EngineSession
from corpus_tui.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from corpus_tui.search.cli_launch import AppTarget

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"

SCREENSHOT_DIR_VARIABLE = "CORPUS_TUI_SCREENSHOT_DIR"
"""Where screenshots go when set; else the current directory (servers often have no Downloads)."""

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

    def on_mount(self) -> None:
        self.theme = DARK_THEME
        if self.use_config:
            self._apply_config()
        self._theme_settled = True
        self.push_screen(MainScreen(self.session, show_timings=self.show_timings))

    def on_unmount(self) -> None:
        self.session.close()

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
