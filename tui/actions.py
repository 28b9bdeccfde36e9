"""The one table of actions: bindings, footer, help screen and command palette are all made from it.

The table itself is data, in actions.toml beside this module. A row is one action in one place
(`where`): its id (the name config.toml's [keys] uses), its default keys, the footer's short
label, the help screen's longer text, and the palette's title if it has one. Because every list
the user sees is read from here, and the user's keymap is applied to the same ids, the footer,
help and palette cannot disagree about a key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from textual.binding import Binding

Where = Literal[
    "app",
    "global",
    "search",
    "results",
    "reader",
    "sidebar",
    "suggestion",
    "views",
    "kwic",
    "trends",
    "help",
    "dialog",
]
"""Where an action applies: the whole app, the main screen (`global`), one of its panes, the
status line's suggestion, every exploration view or one of them, the help screen, a dialog."""

MAIN_SCREEN: tuple[Where, ...] = ("global", "search", "results", "reader", "sidebar")
"""The places of the main screen: its palette lists their commands, config.toml rebinds them."""

WIDGET_PLACES: tuple[Where, ...] = ("search", "results", "reader", "sidebar")
"""Places that are a pane (a widget) of the main screen rather than a screen."""


@dataclass(frozen=True)
class Action:
    """One action in one place, with its default keys."""

    id: str
    """The name config.toml's [keys] uses; also the Textual binding id."""
    keys: str
    """Default keys, comma-separated; empty for a palette-only command."""
    description: str
    """The footer's short label (and the palette's help when `help` is not given)."""
    where: Where
    help: str | None = None
    """A longer description for the help screen and the palette."""
    palette: str | None = None
    """The command palette's title; None keeps it out of the palette."""
    call: str | None = None
    """The Textual action to run, with arguments (`set_scope('article')`); `id` when None."""
    also: tuple[Where, ...] = ()
    """Other places where the same keys work, hidden from their footer (e.g. the whole screen)."""
    show: bool = True
    priority: bool = False
    key_display: str | None = None
    target: Literal["widget", "screen", "app"] = "screen"
    """Who implements the action: the pane's widget, the screen, or the app."""
    bound: bool = True
    """False for keys a Textual widget binds itself (Tab, Enter in an input): listed, not bound."""

    @property
    def action(self) -> str:
        """The Textual action string this row runs."""
        return self.call or self.id

    def binding(self, place: Where) -> Binding:
        """The Textual binding of this action in `place` (its own, or one of `also`)."""
        action = self.action
        if self.target == "app" and not action.startswith("app."):
            action = f"app.{action}"
        elif self.target == "screen" and place in WIDGET_PLACES:
            action = f"screen.{action}"
        return Binding(
            self.keys,
            action,
            self.description,
            show=self.show and place == self.where,
            priority=self.priority,
            key_display=self.key_display,
            id=self.id,
        )

    def label_with(self, keymap: dict[str, str]) -> str:
        """The label, with the user's keys where config.toml rebinds this action."""
        keys = keymap.get(self.id)
        return " ".join(_pretty(key) for key in keys.split(",")) if keys else self.label

    @property
    def label(self) -> str:
        """How the help screen names the key(s)."""
        return " ".join(_pretty(key) for key in self.keys.split(",")) if self.keys else ""

    @property
    def explanation(self) -> str:
        """What the help screen says the key does."""
        return self.help or self.description


def _pretty(key: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "escape": "Esc",
        "enter": "Enter",
        "tab": "Tab",
        "shift+tab": "Shift+Tab",
        "up": "↑",
        "down": "↓",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "space": "Space",
        "f1": "F1",
        "asterisk": "*",
    }
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+")
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


def _load_actions() -> tuple[Action, ...]:
    """The table from actions.toml (package data), kept apart from the code that reads it."""
    text = resources.files("corpus_tui.tui").joinpath("actions.toml").read_text(encoding="utf-8")
    rows = tomllib.loads(text)["action"]
    return tuple(Action(**{**row, "also": tuple(row.get("also", ()))}) for row in rows)


ACTIONS: tuple[Action, ...] = _load_actions()
"""Every action, grouped by where it applies; the order is the footer's order."""


HELP_SECTIONS: tuple[tuple[str, tuple[Where, ...]], ...] = (
    ("Everywhere", ("global",)),
    ("Search box", ("search",)),
    ("Results", ("results",)),
    ("Reader", ("reader",)),
    ("Entities", ("sidebar",)),
    ("Status line", ("suggestion",)),
    ("Views (KWIC, trends, who said, related)", ("views", "kwic", "trends")),
    ("Dialogs and help", ("dialog", "help")),
    ("Always", ("app",)),
)
"""The help screen's sections and the places each lists (each action once, where it belongs)."""


def actions_in(*places: Where) -> tuple[Action, ...]:
    """The actions that belong to `places`, in table order."""
    return tuple(action for action in ACTIONS if action.where in places)


def bindings(place: Where, only: tuple[str, ...] | None = None) -> list[Binding]:
    """Textual bindings for `place`: its own actions and those that also work there."""
    return [
        action.binding(place)
        for action in ACTIONS
        if action.bound
        and action.keys
        and (action.where == place or place in action.also)
        and (only is None or action.id in only)
    ]


def help_rows(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen's key sections as (title, [(keys, text)]), with the user's keys."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, places in HELP_SECTIONS:
        rows: list[tuple[str, str]] = []
        for action in actions_in(*places):
            row = (action.label_with(keymap or {}), action.explanation)
            if row[0] and row not in rows:
                rows.append(row)
        sections.append((title, rows))
    return sections


def keyless_rows() -> list[tuple[str, str]]:
    """The palette's commands that have no key, as (palette title, text), for the help screen."""
    return [(a.palette or a.id, a.explanation) for a in ACTIONS if not a.keys and a.palette]


def palette(*places: Where) -> tuple[tuple[str, str, str], ...]:
    """The command palette's entries for `places` as (title, help, action), one per action."""
    entries: list[tuple[str, str, str]] = []
    for action in actions_in(*places):
        if action.palette is None:
            continue
        call = f"app.{action.action}" if action.target == "app" else action.action
        call = call.replace("app.app.", "app.")
        entries.append((action.palette, action.explanation, call))
    return tuple(entries)


def known_actions() -> dict[str, str]:
    """Every action a user may rebind in config.toml (the main screen's), with its default keys."""
    found: dict[str, list[str]] = {}
    for action in actions_in(*MAIN_SCREEN):
        if action.bound and action.keys:
            listed = found.setdefault(action.id, [])
            listed.extend(key for key in action.keys.split(",") if key not in listed)
    return {action: ",".join(keys) for action, keys in found.items()}
