"""The one registry of keys: widgets build their BINDINGS from it, the help screen lists it.

Keeping keys in one table means the footer, the help screen and the command palette can never
disagree about what a key does.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One key (or comma-separated keys) bound to an action in one part of the app."""

    keys: str
    action: str
    description: str
    show: bool = True
    priority: bool = False
    key_display: str | None = None
    help: str | None = None
    """A longer description for the help screen; the footer shows `description`."""

    def binding(self) -> Binding:
        """The Textual binding for this key."""
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            key_display=self.key_display,
            id=self.action_name or None,
        )

    @property
    def action_name(self) -> str:
        """The action as config.toml's [keys] names it: `app.quit` is `quit`."""
        return self.action.rsplit(".", 1)[-1]

    def label_with(self, keymap: dict[str, str]) -> str:
        """The label, with the user's keys where config.toml rebinds this action."""
        keys = keymap.get(self.action_name) if self.action_name else None
        return " ".join(_pretty(key) for key in keys.split(",")) if keys else self.label

    @property
    def label(self) -> str:
        """How the help screen names the key(s)."""
        return " ".join(_pretty(key) for key in self.keys.split(","))

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


GLOBAL_KEYS: tuple[Key, ...] = (
    Key("slash", "focus_search", "Search", key_display="/", help="Focus the search box"),
    # F1 is what the footer shows: it works in every pane, `?` not while typing a query.
    Key("question_mark,f1", "help", "Help", key_display="F1", help="This help"),
    Key("e", "toggle_sidebar", "Entities", help="Show or hide the entity sidebar"),
    Key("s", "toggle_sort", "Sort by relevance/date", show=False),
    Key("o", "toggle_compact", "Results: one line or three each", show=False),
    Key("v", "cycle_scope", "Entity scope: article/results/corpus", show=False),
    Key("p", "open_in_pager", "Open the article file in $PAGER", show=False),
    Key("y", "copy", "Copy quotation (or article)", show=False),
    Key("ctrl+y", "accept_suggestion", "Accept suggestion", help="Accept the spelling suggestion"),
    Key("ctrl+t", "app.toggle_theme", "Light/dark theme", show=False),
    Key("ctrl+r", "reload_index", "Reload", help="Reload after another process updated the index"),
    Key("escape", "back", "Back: clear search, drop filter", show=False),
    Key("ctrl+s", "save_search", "Save search", show=False, help="Save the query and filters"),
    Key(
        "ctrl+o",
        "saved_searches",
        "Saved searches",
        show=False,
        help="Saved searches with hit counts; Enter runs one",
    ),
    Key(
        "ctrl+g",
        "search_history",
        "History",
        show=False,
        help="Search past queries; Enter runs one",
    ),
    Key("t", "tag_article", "Tag", show=False, help="Tag the open article"),
    Key("asterisk", "star_article", "Star", show=False, help="Star or unstar the open article"),
    Key("a", "annotate_article", "Note", show=False, help="Add a note to the open article"),
    Key(
        "c",
        "show_kwic",
        "KWIC",
        show=False,
        help="Concordance of the search, or of the sidebar's entity",
    ),
    Key(
        "g",
        "show_trends",
        "Trends",
        show=False,
        help="Articles over time for the search, or the entity",
    ),
    Key("w", "show_speakers", "Who said", show=False, help="Who is quoted in the results"),
    Key(
        "R",
        "show_related",
        "Related",
        show=False,
        key_display="R",
        help="Entities named with the sidebar's entity",
    ),
    Key("q", "app.quit", "Quit", help="Quit (when not typing)"),
)
"""Keys of the main screen: they work in every pane unless the search box is taking text."""

RESULTS_KEYS: tuple[Key, ...] = (
    Key("enter", "select", "Open", help="Open the article in the reader"),
    Key("j", "cursor_down", "Down", show=False),
    Key("k", "cursor_up", "Up", show=False),
    Key("s", "screen.toggle_sort", "Sort", help="Sort by relevance/date"),
    Key(
        "o",
        "screen.toggle_compact",
        "Compact",
        help="One line per hit (title, date, source), or three with the snippet",
    ),
)

READER_KEYS: tuple[Key, ...] = (
    Key("n", "next_match", "Match", key_display="n/N"),
    Key("N", "previous_match", "Previous match", show=False, key_display="N"),
    Key("right_square_bracket", "next_quote", "Quote", key_display="]/["),
    Key("left_square_bracket", "previous_quote", "Previous quote", show=False, key_display="["),
    Key("y", "screen.copy", "Copy"),
    Key("p", "screen.open_in_pager", "Pager", show=False),
    Key("j,down", "scroll_down", "Scroll down", show=False),
    Key("k,up", "scroll_up", "Scroll up", show=False),
    Key("space", "page_down", "Page down", show=False),
)

SIDEBAR_KEYS: tuple[Key, ...] = (
    Key("enter", "select", "Filter", help="Filter the results by this entity (Esc removes it)"),
    Key("v", "screen.cycle_scope", "Scope", help="Scope: this article, the results, the corpus"),
    Key(
        "right_square_bracket",
        "next_group",
        "Kind",
        key_display="]/[",
        help="Next kind of entity (people, organisations, places)",
    ),
    Key(
        "left_square_bracket",
        "previous_group",
        "Previous kind",
        show=False,
        help="Previous kind of entity",
    ),
    Key("j", "cursor_down", "Down", show=False),
    Key("k", "cursor_up", "Up", show=False),
    Key("x", "screen.hide_entity", "Hide", show=False, help="Hide it: not an entity at all"),
    Key("m", "screen.merge_entity", "Merge", show=False, help="Merge it into another entity"),
    Key("r", "screen.rename_entity", "Rename", show=False, help="Rename the entity"),
    Key("u", "screen.undo_correction", "Undo", show=False, help="Undo the last entity correction"),
)

SEARCH_KEYS: tuple[Key, ...] = (Key("enter", "submit", "Run search"),)

VIEW_KEYS: tuple[Key, ...] = (
    Key("escape", "back", "Back", help="Back to where you came from"),
    Key("enter", "open", "Open", help="Open the line: its article, quotations or entity"),
    Key("x", "export", "Export", help="Export the view as json, jsonl, csv or md"),
)
"""Keys every exploration view has."""

KWIC_KEYS: tuple[Key, ...] = (
    Key("s", "cycle_sort", "Sort", help="Sort by date, left or right words, 1L..3L, 1R..3R"),
)

TRENDS_KEYS: tuple[Key, ...] = (
    Key("p", "cycle_period", "Period", help="Per day, week, month or year"),
    Key("a", "add_query", "Add query", help="Add another query to the chart"),
)

SEARCH_HISTORY_KEYS: tuple[Key, ...] = (
    Key("up", "history_previous", "Previous query", show=False),
    Key("down", "history_next", "Next query", show=False),
)
"""Up and Down in the search box walk the query history, as a shell does."""

READER_KEYS_HELP: tuple[Key, ...] = (
    Key("n", "", "Next search match"),
    Key("N", "", "Previous search match"),
    Key("right_square_bracket", "", "Next quotation"),
    Key("left_square_bracket", "", "Previous quotation"),
    Key("y", "", "Copy the quotation under the cursor, else the article"),
    Key("p", "", "Open the article's file in $PAGER"),
    Key("j,k,space", "", "Scroll"),
)

HELP_SECTIONS: tuple[tuple[str, tuple[Key, ...]], ...] = (
    ("Everywhere", GLOBAL_KEYS + (Key("ctrl+p", "command_palette", "Command palette"),)),
    ("Moving", (Key("tab", "", "Next pane"), Key("shift+tab", "", "Previous pane"))),
    ("Mouse", (Key("click", "", "Select, open, focus; wheel scrolls"),)),
    ("Search box", SEARCH_KEYS + SEARCH_HISTORY_KEYS),
    ("Results", RESULTS_KEYS + (Key("up,down", "", "Move"),)),
    ("Reader", READER_KEYS_HELP),
    ("Entities", SIDEBAR_KEYS),
    ("Views (KWIC, trends, who said, related)", VIEW_KEYS + KWIC_KEYS + TRENDS_KEYS),
    ("Always", (Key("ctrl+q", "quit", "Quit, even while typing"),)),
)
"""What the help screen lists, section by section."""


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    """Textual bindings for a group of keys."""
    return [key.binding() for key in keys]


def known_actions() -> dict[str, str]:
    """Every action a user may rebind in config.toml, with its default keys."""
    found: dict[str, list[str]] = {}
    tables = (GLOBAL_KEYS, RESULTS_KEYS, READER_KEYS, SIDEBAR_KEYS, SEARCH_HISTORY_KEYS)
    for keys in tables:
        for key in keys:
            if key.action_name:
                listed = found.setdefault(key.action_name, [])
                listed.extend(k for k in key.keys.split(",") if k not in listed)
    return {action: ",".join(keys) for action, keys in found.items()}
