"""The app's handle on the workspace: saved searches, history, tags, stars and notes.

Workspace calls never touch the Whoosh searcher (SQLite has its own lock), so they do not wait
for a search; only counting a saved search's hits goes through the engine session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus_tui.tui.engine_session import EVERYTHING, EngineSession

if TYPE_CHECKING:
    from corpus_tui.search.workspace import Workspace

STAR = "star"
HISTORY_SHOWN = 200
"""Most recent queries offered by Up/Down and the history list."""


@dataclass(frozen=True)
class SavedRow:
    """A saved search as the list shows it, with its current hit count (None: query error)."""

    name: str
    query: str
    filters: tuple[str, ...]
    sort: str
    total: int | None


class WorkspaceSession:
    """Workspace calls for the screens; every method may be called from a worker thread."""

    def __init__(self, session: EngineSession) -> None:
        self.session = session
        self._history_on: bool | None = None

    @property
    def workspace(self) -> Workspace:
        return self.session.engine.workspace

    def history_on(self) -> bool:
        """config.toml's [search] history switch, read once."""
        if self._history_on is None:
            from corpus_tui.search.config import load_config

            self._history_on = load_config()[0].search.history
        return self._history_on

    def record(self, query: str, filters: tuple[str, ...], total: int, took_ms: float) -> None:
        if self.history_on():
            self.workspace.record(query, total, took_ms, list(filters), origin="app")

    def history(self) -> list[str]:
        """Distinct queries, newest first."""
        seen: dict[str, None] = {}
        for entry in self.workspace.history(HISTORY_SHOWN * 2):
            if entry["query"] != EVERYTHING:
                seen.setdefault(entry["query"], None)
        return list(seen)[:HISTORY_SHOWN]

    def save(self, name: str, query: str, filters: tuple[str, ...], sort: str) -> None:
        self.workspace.save_search(name, query, list(filters), sort, replace=True)

    def saved(self) -> list[SavedRow]:
        from corpus_tui.search.errors import QueryError

        rows = []
        for entry in self.workspace.saved_searches():
            filters = tuple(entry["filters"])
            try:
                total: int | None = self.session.search(
                    entry["query"], "relevance", filters, 0
                ).total
            except QueryError:
                total = None
            rows.append(SavedRow(entry["name"], entry["query"], filters, entry["sort"], total))
        return rows

    def set_tags(self, doc_id: str, tags: list[str]) -> list[str]:
        """Make the article's tags exactly `tags` (the star is kept apart)."""
        from corpus_tui.search.workspace import normalise_tag

        wanted = {normalise_tag(tag) for tag in tags}
        current = set(self.workspace.tags_of(doc_id))
        starred = STAR in current
        self.workspace.untag(doc_id, sorted(current - wanted - {STAR}))
        if wanted - current:
            self.workspace.tag(doc_id, sorted(wanted - current))
        if starred and STAR not in wanted:
            self.workspace.tag(doc_id, [STAR])
        return self.workspace.tags_of(doc_id)

    def toggle_star(self, doc_id: str) -> bool:
        """Star or unstar; True when the article is now starred."""
        if STAR in self.workspace.tags_of(doc_id):
            self.workspace.untag(doc_id, [STAR])
            return False
        self.workspace.tag(doc_id, [STAR])
        return True

    def add_note(self, doc_id: str, text: str) -> None:
        self.workspace.add_note(doc_id, text)
