"""The workspace on the main screen: save a search, pick a saved one or a past query, tag,
star and annotate the open article. The main screen mixes in `WorkspaceActions`; the dialogs
it opens are in `workspace`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from corpus_tui.tui.engine_session import EVERYTHING
from corpus_tui.tui.screens.workspace import PickScreen, PromptScreen
from corpus_tui.tui.text import display_source, first_line
from corpus_tui.tui.widgets.search_bar import SearchBar
from corpus_tui.tui.workspace_session import STAR, SavedRow, WorkspaceSession

if TYPE_CHECKING:
    from corpus_tui.search.models import Article, Hit, SearchResult
    from corpus_tui.tui.messages import EntityRow, SearchFinished, SearchRequest

T = TypeVar("T")
WORKSPACE_POLL_SECONDS = 1.0
"""How often the app checks whether another process wrote to the workspace."""


class WorkspaceActions:
    """Workspace keys of the main screen. Expects MainScreen's state and helpers."""

    session: Any
    query_text: str
    filters: list[tuple[str, str]]
    sort_override: str | None
    article: Article | None
    engine_open: bool
    _workspace_session: WorkspaceSession | None = None

    @property
    def default_sort(self) -> str:
        """How a query's hits are sorted unless the user chose (config.toml's default_sort)."""
        return getattr(self.session, "default_sort", "relevance")

    @property
    def workspace_session(self) -> WorkspaceSession:
        if self._workspace_session is None:
            self._workspace_session = WorkspaceSession(self.session)
        return self._workspace_session

    def _in_thread(
        self, work: Callable[[], T], done: Callable[[T], None], quiet: bool = False
    ) -> None:
        """Run a workspace call off the UI thread; errors become one notification.

        `quiet` is for what the user did not ask for (recording the history): when the
        workspace cannot be written, searching goes on without a word.
        """
        from corpus_tui.search.errors import EngineError

        screen: Any = self

        def run() -> None:
            try:
                result = work()
            except (EngineError, ValueError) as error:
                if not quiet:
                    screen.app.call_from_thread(screen.notify, str(error), severity="error")
                return
            except Exception as error:  # a bug: one line, never a silent worker
                if not quiet:
                    text = f"Error: {type(error).__name__}: {first_line(error)}"
                    screen.app.call_from_thread(screen.notify, text, severity="error")
                return
            screen.app.call_from_thread(done, result)

        screen.run_worker(run, thread=True, exit_on_error=False, group="workspace")

    def _ready(self, need_article: bool = False) -> bool:
        screen: Any = self
        if not self.engine_open:
            return False
        if need_article and self.article is None:
            screen.notify("No article open.", severity="warning")
            return False
        return True

    # Changes made by other processes -----------------------------------------------------------

    _workspace_version: int | None = -1
    """The workspace's data_version at the last poll (-1: not polled; None: no database)."""

    def on_engine_opened(self, message: object) -> None:
        """Watch the workspace for writes by other processes (a script tagging, `entity hide`)."""
        screen: Any = self
        screen.set_interval(WORKSPACE_POLL_SECONDS, self._poll_workspace)

    def _poll_workspace(self) -> None:
        self._in_thread(
            lambda: self.workspace_session.workspace.data_version(), self._seen, quiet=True
        )

    def _seen(self, version: int | None) -> None:
        before, self._workspace_version = self._workspace_version, version
        if before == -1 or version == before:
            return
        screen: Any = self
        screen.refresh_entities()
        if self.article is not None:
            screen.open_article(self.article.id, keep_place=True)
        ids = [option.id for option in screen.results.options if option.id]
        self._in_thread(
            lambda: {doc_id: [] for doc_id in ids} | self.workspace_session.workspace.tags_for(ids),
            screen.results.show_tags,
            quiet=True,
        )

    # Saved searches and history ---------------------------------------------------------------

    def action_save_search(self) -> None:
        if not self._ready():
            return
        screen: Any = self
        query, filters, sort = self.query_text, screen.filter_clauses, screen.sort

        def named(name: str | None) -> None:
            if name:
                self._in_thread(
                    lambda: self.workspace_session.save(name, query, filters, sort),
                    lambda _: screen.notify(f"Saved the search as “{display_source(name)}”."),
                )

        shown = "" if query == EVERYTHING else query
        screen.app.push_screen(PromptScreen("Save this search as", shown, "a name"), named)

    def action_saved_searches(self) -> None:
        if self._ready():
            self._in_thread(self.workspace_session.saved, self._pick_saved)

    def _pick_saved(self, saved: list[SavedRow]) -> None:
        screen: Any = self
        by_name = {row.name: row for row in saved}
        rows = []
        for row in saved:
            count = "query error" if row.total is None else f"{row.total:,} hits"
            extra = "".join(f" + {f}" for f in row.filters)
            rows.append((f"{row.name}  ·  {count}  ·  {row.query}{extra}", row.name))

        def chosen(name: str | None) -> None:
            if name in by_name:
                self.run_saved(by_name[name])

        empty = "No saved searches yet: Ctrl+S saves the current one."
        screen.app.push_screen(PickScreen("Saved searches", rows, empty), chosen)

    def run_saved(self, row: SavedRow) -> None:
        """Run a saved search: its query, filters and sort."""
        screen: Any = self
        self.filters = [(clause, clause) for clause in row.filters]
        screen.search_bar.set_filters([label for label, _ in self.filters])
        self.sort_override = row.sort if row.sort != "relevance" else None
        self._run_query(row.query)

    def _run_query(self, query: str) -> None:
        screen: Any = self
        self.query_text = query.strip() or EVERYTHING
        screen.search_bar.set_query("" if self.query_text == EVERYTHING else self.query_text)
        screen.results.focus()
        screen.run_search(focus_results=True)

    def action_search_history(self) -> None:
        if self._ready():
            self._in_thread(self.workspace_session.history, self._pick_history)

    def _pick_history(self, queries: list[str]) -> None:
        screen: Any = self

        def chosen(query: str | None) -> None:
            if query:
                self._run_query(query)

        rows = [(query, query) for query in queries]
        screen.app.push_screen(PickScreen("History", rows, "No queries yet."), chosen)

    def on_search_finished(self, message: SearchFinished) -> None:
        """After the main screen shows hits (Textual calls both handlers): mark their tags,
        and remember a search the user ran."""
        screen: Any = self
        request, result = message.request, message.result
        if request.generation != screen._generation:
            return
        screen.follow_up(request, lambda: self.mark_tags(result.hits))
        if request.offset == 0 and request.focus_results:
            screen.follow_up(request, lambda: self.remember_search(request, result))

    def mark_tags(self, hits: list[Hit]) -> None:
        """Show tags and stars on the result rows."""
        screen: Any = self
        ids = [hit.id for hit in hits]
        if ids:
            self._in_thread(
                lambda: self.workspace_session.workspace.tags_for(ids),
                screen.results.show_tags,
                quiet=True,
            )

    def remember_search(self, request: SearchRequest, result: SearchResult) -> None:
        """Add a search the user ran (Enter, or from a list) to the history."""
        if request.query == EVERYTHING and not request.filters:
            return
        screen: Any = self
        ws = self.workspace_session

        def record() -> list[str]:
            ws.record(request.query, request.filters, result.total, result.took_ms)
            return ws.history()

        self._in_thread(record, screen.search_bar.set_history, quiet=True)

    def on_search_bar_history_wanted(self, message: SearchBar.HistoryWanted) -> None:
        """The search box asked for the history (first Up): load it, then step back once."""
        if self._ready():
            screen: Any = self

            def loaded(queries: list[str]) -> None:
                screen.search_bar.set_history(queries)
                screen.search_bar.action_history_previous()

            self._in_thread(self.workspace_session.history, loaded, quiet=True)

    # Entity corrections -------------------------------------------------------------------------

    def _entity_row(self) -> Any:
        screen: Any = self
        row = screen.sidebar.highlighted_row
        if row is None:
            screen.notify("No entity under the cursor.", severity="warning")
        return row if self._ready() else None

    def _correct(self, action: str, row: Any, value: str, note: str) -> None:
        from corpus_tui.search.correcting import correct

        engine = self.session.engine
        self._in_thread(
            lambda: correct(engine, action, row.name, value, row.type),
            lambda _: self._entities_changed(note),
        )

    def _entities_changed(self, note: str) -> None:
        """Show a correction at once: the sidebar and the open article are read again."""
        screen: Any = self
        screen.notify(note, timeout=4)
        screen.refresh_entities()
        if self.article is not None:
            screen.open_article(self.article.id, keep_place=True)

    def action_hide_entity(self) -> None:
        row = self._entity_row()
        if row is not None:
            self._correct("hide", row, "", f"Hid “{display_source(row.name)}” (u undoes it).")

    def action_merge_entity(self) -> None:
        row = self._entity_row()
        if row is not None:
            prompt = PromptScreen(
                f"Merge “{row.name}” into (an entity's name)", "", "United States"
            )
            self._ask_then_correct(
                "merge",
                row,
                prompt,
                lambda target: f"Merged “{row.name}” into “{target}” (u undoes it).",
            )

    def action_rename_entity(self) -> None:
        row = self._entity_row()
        if row is not None:
            prompt = PromptScreen(f"Rename “{row.name}”", row.name)
            self._ask_then_correct(
                "rename", row, prompt, lambda new: f"Renamed to “{new}”.", same_name_too=False
            )

    def _ask_then_correct(
        self,
        action: str,
        row: EntityRow,
        prompt: PromptScreen,
        done: Callable[[str], str],
        same_name_too: bool = True,
    ) -> None:
        """Ask for a name, then make the correction with it and say what was done."""
        screen: Any = self

        def entered(name: str | None) -> None:
            if name and (same_name_too or name != row.name):
                self._correct(action, row, name, display_source(done(name)))

        screen.app.push_screen(prompt, entered)

    def action_undo_correction(self) -> None:
        if not self._ready():
            return
        from corpus_tui.search.correcting import describe, undo_last

        engine = self.session.engine

        def undone(last: dict[str, Any] | None) -> None:
            if last is None:
                screen: Any = self
                screen.notify("No entity correction to undo.", severity="warning")
            else:
                shown = " ".join(describe(last).split("\t"))
                self._entities_changed(display_source(f"Undid: {shown}"))

        self._in_thread(lambda: undo_last(engine), undone)

    # Tags, star, notes --------------------------------------------------------------------------

    def _after_change(self, doc_id: str, note: str) -> None:
        screen: Any = self
        screen.notify(note, timeout=3)
        if self.article is not None and self.article.id == doc_id:
            screen.open_article(doc_id)
        self._in_thread(
            lambda: self.workspace_session.workspace.tags_for([doc_id]) or {doc_id: []},
            screen.results.show_tags,
            quiet=True,
        )

    def action_tag_article(self) -> None:
        if not self._ready(need_article=True) or self.article is None:
            return
        screen: Any = self
        doc_id = self.article.id
        current = " ".join(t for t in self.article.tags if t != STAR)

        def entered(text: str | None) -> None:
            if text is None:
                return
            self._in_thread(
                lambda: self.workspace_session.set_tags(doc_id, text.replace(",", " ").split()),
                lambda tags: self._after_change(doc_id, f"Tags: {' '.join(tags) or 'none'}"),
            )

        prompt = PromptScreen("Tags (space-separated)", current, "lead check …")
        screen.app.push_screen(prompt, entered)

    def action_star_article(self) -> None:
        if not self._ready(need_article=True) or self.article is None:
            return
        doc_id = self.article.id
        self._in_thread(
            lambda: self.workspace_session.toggle_star(doc_id),
            lambda on: self._after_change(doc_id, "Starred." if on else "Star removed."),
        )

    def action_annotate_article(self) -> None:
        if not self._ready(need_article=True) or self.article is None:
            return
        screen: Any = self
        doc_id = self.article.id

        def entered(text: str | None) -> None:
            if text:
                self._in_thread(
                    lambda: self.workspace_session.add_note(doc_id, text),
                    lambda _: self._after_change(doc_id, "Note added."),
                )

        screen.app.push_screen(PromptScreen("Note on this article", "", "your note"), entered)
