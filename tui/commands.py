"""Command palette (Ctrl+P) entries for the main screen: each runs one of the screen's actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Focus the search box", "focus_search"),
    ("Sort: toggle relevance / date", "Order results by score or newest first", "toggle_sort"),
    (
        "Results: compact / full",
        "One line per hit (title, date, source), or three with the snippet",
        "toggle_compact",
    ),
    ("Entities: this article", "Sidebar lists the open article's entities", "set_scope('article')"),
    (
        "Entities: current results",
        "Sidebar lists entities across the results",
        "set_scope('results')",
    ),
    (
        "Entities: whole corpus",
        "Sidebar lists entities across every article",
        "set_scope('corpus')",
    ),
    (
        "Entities: show / hide sidebar",
        "Fold the entity sidebar away or bring it back",
        "toggle_sidebar",
    ),
    ("Clear filters", "Remove every entity filter", "clear_filters"),
    (
        "View: KWIC concordance",
        "Every occurrence of the search (or entity) in context",
        "show_kwic",
    ),
    ("View: trends over time", "Articles per period for the search (or entity)", "show_trends"),
    (
        "View: who said what",
        "Speakers quoted in the results, and their quotations",
        "show_speakers",
    ),
    ("View: related entities", "Who and what is named with the sidebar's entity", "show_related"),
    ("Theme: dark", "Switch to the dark theme", "app.set_theme('dark')"),
    ("Theme: light", "Switch to the light theme", "app.set_theme('light')"),
    ("Open article in pager", "Read the article's file in $PAGER", "open_in_pager"),
    ("Copy article or quotation", "Copy to the clipboard (OSC 52)", "copy"),
    ("Update index", "Index new and changed files now", "update_index"),
    ("Rebuild index", "Re-index every file from scratch", "rebuild_index"),
    ("Help", "Keys and query language", "help"),
    (
        "Screenshot",
        "Save an SVG of the screen in the current directory (or $CORPUS_TUI_SCREENSHOT_DIR)",
        "app.screenshot",
    ),
    ("Quit", "Leave corpus-tui", "app.quit"),
)
"""(title, help, action on the main screen)."""


class MainCommands(Provider):
    """Offers the main screen's commands, fuzzy-matched on their titles."""

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
