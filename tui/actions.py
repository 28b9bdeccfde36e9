"""The one table of actions: bindings, footer, help screen and command palette are all made from it.

A row is one action in one place (`where`): its id (the name config.toml's [keys] uses), its
default keys, the footer's short label, the help screen's longer text, and the palette's title
if it has one. Because every list the user sees is read from here, and the user's keymap is
applied to the same ids, the footer, help and palette cannot disagree about a key.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    """The Textual action to run (`app.quit`, `set_scope('article')`); `id` when None."""
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


A = Action
ACTIONS: tuple[Action, ...] = (
    # -- the main screen, whatever has focus (unless the search box takes the key as text) --
    A(
        "focus_search",
        "slash",
        "Search",
        "global",
        "Focus the search box",
        "Search",
        key_display="/",
    ),
    # F1 is what the footer shows: it works in every pane, `?` not while typing a query.
    A(
        "help",
        "question_mark,f1",
        "Help",
        "global",
        "Keys and query language",
        "Help",
        key_display="F1",
    ),
    A(
        "toggle_sidebar",
        "e",
        "Entities",
        "global",
        "Show or hide the entity sidebar",
        "Entities: show / hide sidebar",
    ),
    A(
        "accept_suggestion",
        "ctrl+y",
        "Accept suggestion",
        "global",
        "Accept the spelling suggestion",
    ),
    A("toggle_theme", "ctrl+t", "Light/dark theme", "global", show=False, target="app"),
    A(
        "reload_index",
        "ctrl+r",
        "Reload",
        "global",
        "Reload after another process updated the index",
    ),
    A("back", "escape", "Back: clear search, drop filter", "global", show=False),
    A("save_search", "ctrl+s", "Save search", "global", "Save the query and filters", show=False),
    A(
        "saved_searches",
        "ctrl+o",
        "Saved searches",
        "global",
        "Saved searches with hit counts; Enter runs one",
        show=False,
    ),
    A(
        "search_history",
        "ctrl+g",
        "History",
        "global",
        "Search past queries; Enter runs one",
        show=False,
    ),
    A("tag_article", "t", "Tag", "global", "Tag the open article", show=False),
    A("star_article", "asterisk", "Star", "global", "Star or unstar the open article", show=False),
    A("annotate_article", "a", "Note", "global", "Add a note to the open article", show=False),
    A(
        "show_kwic",
        "c",
        "KWIC",
        "global",
        "Concordance: every occurrence of the search, or of the sidebar's entity, in context",
        "View: KWIC concordance",
        show=False,
    ),
    A(
        "show_trends",
        "g",
        "Trends",
        "global",
        "Articles over time for the search, or the entity",
        "View: trends over time",
        show=False,
    ),
    A(
        "show_speakers",
        "w",
        "Who said",
        "global",
        "Who is quoted in the results, and their quotations",
        "View: who said what",
        show=False,
    ),
    A(
        "show_related",
        "R",
        "Related",
        "global",
        "Entities named with the sidebar's entity",
        "View: related entities",
        show=False,
        key_display="R",
    ),
    A("quit", "q", "Quit", "global", "Quit (when not typing)", "Quit", target="app"),
    A("command_palette", "ctrl+p", "Command palette", "global", bound=False),
    A("focus_next", "tab", "Next pane", "global", bound=False),
    A("focus_previous", "shift+tab", "Previous pane", "global", bound=False),
    A("click", "click", "Select, open, focus; wheel scrolls", "global", bound=False),
    # -- commands of the palette alone --
    A(
        "scope_article",
        "",
        "Sidebar lists the open article's entities",
        "global",
        palette="Entities: this article",
        call="set_scope('article')",
    ),
    A(
        "scope_results",
        "",
        "Sidebar lists entities across the results",
        "global",
        palette="Entities: current results",
        call="set_scope('results')",
    ),
    A(
        "scope_corpus",
        "",
        "Sidebar lists entities across every article",
        "global",
        palette="Entities: whole corpus",
        call="set_scope('corpus')",
    ),
    A("clear_filters", "", "Remove every entity filter", "global", palette="Clear filters"),
    A(
        "theme_dark",
        "",
        "Switch to the dark theme",
        "global",
        palette="Theme: dark",
        call="set_theme('dark')",
        target="app",
    ),
    A(
        "theme_light",
        "",
        "Switch to the light theme",
        "global",
        palette="Theme: light",
        call="set_theme('light')",
        target="app",
    ),
    A("update_index", "", "Index new and changed files now", "global", palette="Update index"),
    A("rebuild_index", "", "Re-index every file from scratch", "global", palette="Rebuild index"),
    A(
        "screenshot",
        "",
        "Save an SVG of the screen in the current directory (or $CORPUS_TUI_SCREENSHOT_DIR)",
        "global",
        palette="Screenshot",
        target="app",
    ),
    # -- the search box --
    A("submit", "enter", "Run search", "search", bound=False),
    A("history_previous", "up", "Previous query", "search", show=False, target="widget"),
    A("history_next", "down", "Next query", "search", show=False, target="widget"),
    # -- the results --
    A("select", "enter", "Open", "results", "Open the article in the reader", target="widget"),
    A("cursor_down", "j", "Down", "results", show=False, target="widget", also=("sidebar",)),
    A("cursor_up", "k", "Up", "results", show=False, target="widget", also=("sidebar",)),
    A(
        "toggle_sort",
        "s",
        "Sort",
        "results",
        "Sort by relevance/date",
        "Sort: toggle relevance / date",
        also=("global",),
    ),
    A(
        "toggle_compact",
        "o",
        "Compact",
        "results",
        "One line per hit (title, date, source), or three with the snippet",
        "Results: compact / full",
        also=("global",),
    ),
    A("move", "up,down", "Move", "results", bound=False),
    # -- the reader --
    A(
        "next_match",
        "n",
        "Match",
        "reader",
        "Next search match",
        key_display="n/N",
        target="widget",
    ),
    A(
        "previous_match",
        "N",
        "Previous match",
        "reader",
        "Previous search match",
        show=False,
        key_display="N",
        target="widget",
    ),
    A(
        "next_quote",
        "right_square_bracket",
        "Quote",
        "reader",
        "Next quotation",
        key_display="]/[",
        target="widget",
    ),
    A(
        "previous_quote",
        "left_square_bracket",
        "Previous quote",
        "reader",
        "Previous quotation",
        show=False,
        key_display="[",
        target="widget",
    ),
    A(
        "copy",
        "y",
        "Copy",
        "reader",
        "Copy the quotation under the cursor, else the article",
        "Copy article or quotation",
        also=("global",),
    ),
    A(
        "open_in_pager",
        "p",
        "Pager",
        "reader",
        "Open the article's file in $PAGER",
        "Open article in pager",
        show=False,
        also=("global",),
    ),
    A("scroll_down", "j,down", "Scroll down", "reader", show=False, target="widget"),
    A("scroll_up", "k,up", "Scroll up", "reader", show=False, target="widget"),
    A("page_down", "space", "Page down", "reader", show=False, target="widget"),
    # -- the entity sidebar --
    A(
        "select",
        "enter",
        "Filter",
        "sidebar",
        "Filter the results by this entity (Esc removes it)",
        target="widget",
    ),
    A(
        "cycle_scope",
        "v",
        "Scope",
        "sidebar",
        "Scope: this article, the results, the corpus",
        also=("global",),
    ),
    A(
        "next_group",
        "right_square_bracket",
        "Kind",
        "sidebar",
        "Next kind of entity (people, organisations, places)",
        key_display="]/[",
        target="widget",
    ),
    A(
        "previous_group",
        "left_square_bracket",
        "Previous kind",
        "sidebar",
        "Previous kind of entity",
        show=False,
        target="widget",
    ),
    A("hide_entity", "x", "Hide", "sidebar", "Hide it: not an entity at all", show=False),
    A("merge_entity", "m", "Merge", "sidebar", "Merge it into another entity", show=False),
    A("rename_entity", "r", "Rename", "sidebar", "Rename the entity", show=False),
    A("undo_correction", "u", "Undo", "sidebar", "Undo the last entity correction", show=False),
    # -- the spelling suggestion in the status line --
    A(
        "accept",
        "enter",
        "Accept suggestion",
        "suggestion",
        "Search for the suggested spelling",
        target="widget",
    ),
    # -- every exploration view, and each one's own --
    A("back", "escape", "Back", "views", "Back to where you came from", "Back"),
    A(
        "open",
        "enter",
        "Open",
        "views",
        "Open the line: its article, quotations or entity",
        "Open the selected line",
    ),
    A(
        "export",
        "x",
        "Export",
        "views",
        "Export the view as json, jsonl, csv or md",
        "Export this view",
    ),
    A(
        "cycle_sort",
        "s",
        "Sort",
        "kwic",
        "Sort by date, left or right words, 1L..3L, 1R..3R",
        "KWIC: next sort order",
    ),
    A(
        "cycle_period",
        "p",
        "Period",
        "trends",
        "Per day, week, month or year",
        "Trends: next period",
    ),
    A(
        "add_query",
        "a",
        "Add query",
        "trends",
        "Add another query to the chart",
        "Trends: add a query",
    ),
    # -- the help screen, dialogs, and the app --
    A("dismiss", "escape,q,question_mark,f1", "Close help", "help"),
    A("help_down", "j,down", "Scroll", "help", show=False, call="scroll('down')"),
    A("help_up", "k,up", "Scroll", "help", show=False, call="scroll('up')"),
    A("cancel", "escape", "Cancel", "dialog", "Close the dialog without a change"),
    A("pick_down", "down", "Down", "dialog", show=False, call="move(1)"),
    A("pick_up", "up", "Up", "dialog", show=False, call="move(-1)"),
    A(
        "force_quit",
        "ctrl+q",
        "Quit",
        "app",
        "Quit, even while typing",
        call="quit",
        show=False,
        priority=True,
        target="app",
    ),
)
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
    """The help screen's key sections as (title, [(keys, text)]), with the user's keys, then
    the palette's commands that have no key."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, places in HELP_SECTIONS:
        rows: list[tuple[str, str]] = []
        for action in actions_in(*places):
            row = (action.label_with(keymap or {}), action.explanation)
            if row[0] and row not in rows:
                rows.append(row)
        sections.append((title, rows))
    keyless = [(a.palette or a.id, a.explanation) for a in ACTIONS if not a.keys and a.palette]
    sections.append(("Command palette (Ctrl+P)", keyless))
    return sections


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
