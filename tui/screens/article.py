"""An article opened from a view line, scrolled to the occurrence or quotation it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from corpus_tui.tui.actions import bindings
from corpus_tui.tui.messages import ArticleLoaded
from corpus_tui.tui.widgets.key_footer import KeyFooter
from corpus_tui.tui.widgets.reader import Reader
from corpus_tui.tui.workers import CallFailed, run_engine_call

if TYPE_CHECKING:
    from corpus_tui.tui.engine_session import EngineSession


class ArticleScreen(Screen[None]):
    """The reader on its own; the span it was opened at is the current match."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("views", only=("back",))
    DEFAULT_CSS = """
    ArticleScreen > Reader { height: 1fr; border: round $accent; }
    """

    def __init__(self, session: EngineSession, doc_id: str, span: tuple[int, int]) -> None:
        super().__init__()
        self.session = session
        self.doc_id = doc_id
        self.span = span

    def compose(self) -> ComposeResult:
        yield Reader(id="view-reader")
        yield KeyFooter()

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    def on_mount(self) -> None:
        self.reader.focus()
        self._load()

    def _load(self) -> None:
        span = self.span
        run_engine_call(
            self,
            lambda: self.session.article(self.doc_id, "*")[0],
            lambda article: ArticleLoaded(article, [span], query=""),
            what="Cannot open the article",
            group="article",
        )

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        # The span it came from is the one match, so the reader opens scrolled to it.
        self.reader.show_article(message.article, message.match_spans)

    def on_call_failed(self, message: CallFailed) -> None:
        self.notify(message.text, severity="error")

    def action_back(self) -> None:
        self.dismiss(None)
