"""The main screen's entity side: the sidebar's scope and visibility, its rows, and the entity
filters it adds to the search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus_tui.tui.engine_session import entity_filter
from corpus_tui.tui.messages import SCOPES, EntitiesLoaded
from corpus_tui.tui.workers import run_engine_call

if TYPE_CHECKING:
    from corpus_tui.search.models import Article
    from corpus_tui.tui.engine_session import EngineSession
    from corpus_tui.tui.messages import Scope
    from corpus_tui.tui.widgets.entity_sidebar import EntitySidebar
    from corpus_tui.tui.widgets.results_list import ResultsList
    from corpus_tui.tui.widgets.search_bar import FilterChip, SearchBar

NARROW_WIDTH = 100
"""Below this many columns the entity sidebar folds away behind `e`."""


class SidebarState:
    """Which entities the sidebar lists (scope), whether it shows, and the filters it made.

    A mixin of MainScreen: the sidebar reports choices up; this turns them into filters.
    """

    session: EngineSession
    query_text: str
    scope: Scope
    article: Article | None
    engine_open: bool
    filters: list[tuple[str, str]]
    """(chip label, query clause) of each active entity filter."""
    _sidebar_toggled: bool
    results: ResultsList
    sidebar: EntitySidebar
    search_bar: SearchBar

    if TYPE_CHECKING:  # the screen's and the search mixin's, used here

        def run_search(self, focus_results: bool = False) -> None: ...
        def _screen(self) -> Any: ...

    @property
    def filter_clauses(self) -> tuple[str, ...]:
        return tuple(clause for _, clause in self.filters)

    # -- visibility ------------------------------------------------------------------------

    def _apply_width(self, width: int) -> None:
        self._screen().set_class(width < NARROW_WIDTH, "-narrow")
        self._sync_sidebar()

    @property
    def sidebar_visible(self) -> bool:
        return self._screen().has_class("-narrow") == self._sidebar_toggled

    def _sync_sidebar(self) -> None:
        screen = self._screen()
        screen.set_class(self._sidebar_toggled, "-sidebar-toggled")
        if not self.sidebar_visible and screen.focused is self.sidebar:
            screen.focus_now(self.results)

    def action_toggle_sidebar(self) -> None:
        self._sidebar_toggled = not self._sidebar_toggled
        self._sync_sidebar()
        if self.sidebar_visible:
            self._screen().focus_now(self.sidebar)

    def action_cycle_scope(self) -> None:
        self.action_set_scope(SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)])

    def action_set_scope(self, scope: str) -> None:
        if scope not in SCOPES:
            return
        self.scope = scope  # type: ignore[assignment]
        if not self.sidebar_visible:
            self._sidebar_toggled = not self._sidebar_toggled
            self._sync_sidebar()
        self.refresh_entities()

    # -- rows ------------------------------------------------------------------------------

    def refresh_entities(self) -> None:
        if self.scope == "article":
            rows = self.session.entity_rows("article", self.article, self.query_text, ())
            self.sidebar.show_entities("article", rows)
            self._screen().paint_soon(self.sidebar)
            return
        if self.engine_open:
            scope, query, filters = self.scope, self.query_text, self.filter_clauses
            run_engine_call(
                self._screen(),
                lambda: self.session.entity_rows(scope, None, query, filters),
                lambda rows: EntitiesLoaded(scope, rows),
                what="Cannot list the entities",
                group="entities",
            )

    def on_entities_loaded(self, message: EntitiesLoaded) -> None:
        if message.scope == self.scope:
            self.sidebar.show_entities(message.scope, message.rows)
            self._screen().paint_soon(self.sidebar)

    # -- filters ---------------------------------------------------------------------------

    def on_entity_sidebar_chosen(self, message: EntitySidebar.Chosen) -> None:
        clause = entity_filter(message.name, message.type)
        if clause not in self.filter_clauses:
            self.filters.append((f"{message.type}: {message.name}", clause))
            self._filters_changed()

    def on_filter_chip_removed(self, message: FilterChip.Removed) -> None:
        if 0 <= message.index < len(self.filters):
            del self.filters[message.index]
            self._filters_changed()

    def _filters_changed(self) -> None:
        self.search_bar.set_filters([label for label, _ in self.filters])
        self.run_search()

    def action_clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self._filters_changed()
