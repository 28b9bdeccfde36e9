"""Related entities: who and what is named in the same articles as one entity."""

from __future__ import annotations

from corpus_tui.search.views.related import RelatedResult
from corpus_tui.tui.engine_session import entity_filter
from corpus_tui.tui.screens.view_base import SubjectViewScreen
from corpus_tui.tui.text import plain


class RelatedScreen(SubjectViewScreen[RelatedResult]):
    """Ranked by log-likelihood; Enter shows the KWIC of the related entity."""

    NAME = "related"
    TITLE_FORMAT = "Related to {}"
    SESSION_CALL = "related"

    def fill(self, result: RelatedResult) -> str:
        self.add_columns("entity", "type", "articles together", "score (G²)")
        for row in result.related:
            self.table.add_row(
                plain(row.name), plain(row.type), plain(row.articles), plain(f"{row.score:.2f}")
            )
        entity = result.entity
        return f"{len(result.related)} entities with {entity.name} ({entity.type}) · Enter: KWIC"

    def open_row(self, result: RelatedResult, row: int) -> None:
        from corpus_tui.tui.screens.kwic import KwicScreen

        related = result.related[row]
        clause = entity_filter(related.name, related.type)
        self.app.push_screen(KwicScreen(self.session, clause, ()))
