"""Who said what: speakers most quoted first; Enter lists a speaker's quotations, Enter on one
opens the article at it."""

from __future__ import annotations

from corpus_tui.search.models import QuotesResult
from corpus_tui.search.views.speakers import SpeakersResult
from corpus_tui.tui.engine_session import EngineSession
from corpus_tui.tui.screens.view_base import SubjectViewScreen, ViewScreen
from corpus_tui.tui.text import plain


class SpeakersScreen(ViewScreen[SpeakersResult]):
    """Speakers in the current results."""

    NAME = "speakers"

    def __init__(self, session: EngineSession, query: str, filters: tuple[str, ...]) -> None:
        super().__init__(session, f"Who said what · {query}", query, filters)

    def load(self) -> SpeakersResult:
        return self.session.speakers(self.query_text, self.filters)

    def fill(self, result: SpeakersResult) -> str:
        self.add_columns("speaker", "quotes", "articles", "first", "last")
        for speaker in result.speakers:
            self.table.add_row(
                plain(speaker.name),
                plain(speaker.quotes),
                plain(speaker.articles),
                plain(speaker.first or "—"),
                plain(speaker.last or "—"),
            )
        return f"{len(result.speakers)} speakers · Enter lists their quotations"

    def open_row(self, result: SpeakersResult, row: int) -> None:
        name = result.speakers[row].name
        self.app.push_screen(QuotesScreen(self.session, name, self.query_text, self.filters))


class QuotesScreen(SubjectViewScreen[QuotesResult]):
    """One speaker's quotations; Enter opens the article at the quotation."""

    NAME = "quotes"
    TITLE_FORMAT = "Quotations · {}"
    SESSION_CALL = "quotes_by"

    def fill(self, result: QuotesResult) -> str:
        self.add_columns(("quotation", "text"), "article")
        for quote in result.quotes:
            self.table.add_row(plain(f"“{quote.text}”"), plain(quote.title or quote.id))
        return f"{len(result.quotes)} quotations · Enter opens the article at one"

    def open_row(self, result: QuotesResult, row: int) -> None:
        from corpus_tui.tui.screens.article import ArticleScreen

        quote = result.quotes[row]
        self.app.push_screen(ArticleScreen(self.session, quote.id, (quote.start, quote.end)))
