"""The help screen: every key, from the key registry, and the query language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus_tui.tui import styles
from corpus_tui.tui.actions import bindings, help_rows, keyless_rows

QUERY_LANGUAGE: tuple[tuple[str, str], ...] = (
    ("defence budget", "both words (AND is the default)"),
    ("nato OR alliance", "either word"),
    ("tariffs NOT steel", "leave out articles with a word"),
    ('"strategic autonomy"', "an exact phrase"),
    ("defen*", "a wildcard"),
    ("Macrn~", "fuzzy: close spellings"),
    ("title:summit", "a word in the title"),
    ("source:AFP", "articles from one source"),
    ('person:"Ana Costa"', "articles naming a person (also org: and place:)"),
    ("speaker:Costa", "articles quoting someone"),
    ("tag:lead  tag:star  tag:*", "articles you tagged, starred, or tagged at all"),
    ("date:2025", "a year (or 2025-04, 2025-04-17)"),
    ("date:[2025-01-01 TO 2025-06-30]", "a date range"),
    ("(a OR b) AND c", "group with parentheses"),
    ("*", "every article"),
)


def _table(rows: list[tuple[str, str]], key_width: int) -> Content:
    """Two aligned columns: the key (or example) in bold, then what it does."""
    lines: list[str] = []
    spans: list[Span] = []
    position = 0
    for key, description in rows:
        line = f"  {key:<{key_width}}  {description}"
        spans.append(Span(position + 2, position + 2 + len(key), styles.KEY))
        lines.append(line)
        position += len(line) + 1
    return Content("\n".join(lines), spans)


def help_sections(keymap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The key sections as (title, [(keys, description)]), the user's keys where rebound."""
    return help_rows(keymap)


class HelpScreen(ModalScreen[None]):
    """Shown over the app by ? or F1; any of Esc, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > #help-body {
            width: 84;
            max-width: 100%;
            height: 90%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        & .help-heading { text-style: bold; color: $text-primary; margin-top: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help"
            body.border_subtitle = "Esc to close"
            sections = help_sections(getattr(self.app, "user_keys", {}))
            width = max(len(key) for _, rows in sections for key, _ in rows)
            for title, rows in sections:
                yield Static(title, classes="help-heading", markup=False)
                yield Static(_table(rows, width), markup=False)
            commands = keyless_rows()
            yield Static("Command palette only (Ctrl+P)", classes="help-heading", markup=False)
            yield Static(_table(commands, max(len(title) for title, _ in commands)), markup=False)
            yield Static("Query language", classes="help-heading", markup=False)
            examples = list(QUERY_LANGUAGE)
            yield Static(_table(examples, max(len(key) for key, _ in examples)), markup=False)
            yield Static(
                "Matching ignores case and accents and finds other forms of a word "
                "(defence, defences). A misspelt query gets a suggestion in the status line.",
                classes="help-note",
                markup=False,
            )

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
