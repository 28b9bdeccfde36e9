"""The one facade the CLI and the TUI call: corpus and index location, indexing, queries, analysis views.

Everything returns the pydantic models of `models.py`; errors are the exceptions of `errors.py`.
What holds the index is a backend (`backends/`): the facade parses queries, applies the workspace
(tags, corrections) and turns stored fields into models, whichever backend answers.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from whoosh import query as wq

from .backends import SearchBackend, open_backend
from .engine_views import ExplorationViews
from .errors import DocumentNotFound, corpus_not_found
from .first_page import bundled_corpus, default_index_dir, save_first_page
from .ingest import SourceFile, read_source
from .models import (
    Article,
    CorpusEntity,
    EntitiesResult,
    Entity,
    IndexSummary,
    Quote,
    QuoteHit,
    QuotesResult,
    RawArticle,
    SearchResult,
    Span,
)
from .query import combine, describe, spans_for_terms
from .snippets import SNIPPET_CHARS, make_snippet
from .store import article_from_stored, hit_from_stored, stored_analysis, stored_title
from .textclean import escape_control_chars
from .updating import LOCK_WAIT, NoticeCallback, ProgressCallback
from .views.common import CanonicalNames, SummaryCache, save_beside_index

if TYPE_CHECKING:
    from .aggregate import AggregateReader
    from .backends.base import Stored


ENTITY_CACHE_NAME = "corpus-tui-entities.json"
ANALYSIS_PAGE = 64
"""Articles whose stored analysis is read at once when listing quotations or entities."""


class Listing(TypedDict, total=False):
    """Which articles a listing (entities, quotations) reads, and which page of it to return."""

    query: str | None
    """A query whose hits are read; None: the whole corpus."""
    filters: list[str] | None
    limit: int | None
    offset: int


def _bounds(listing: Listing) -> tuple[int, int | None]:
    """The page a listing asks for as slice bounds: `offset` to `offset + limit`, or the end."""
    offset, limit = listing.get("offset", 0), listing.get("limit")
    return offset, offset + limit if limit else None


def _is_package_file(rel: str) -> bool:
    """The bundled corpus is a Python package: its own files are not articles."""
    return rel.endswith((".py", ".pyc")) or "__pycache__" in rel


class Engine(ExplorationViews):
    """A corpus and its index. Cheap to construct: nothing is read until asked."""

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        workspace_dir: Path | None = None,
        backend: str | None = None,
    ) -> None:
        bundled = corpus is None
        self.corpus_path: Path = (bundled_corpus() if bundled else Path(corpus)).resolve()
        self.index_path: Path = (
            Path(index_dir).resolve() if index_dir else default_index_dir(self.corpus_path)
        )
        self._ignore = _is_package_file if bundled else None
        self._backend_url = backend
        self._backend: SearchBackend | None = None
        self._lock = threading.RLock()
        self._workspace_dir = Path(workspace_dir).resolve() if workspace_dir else None
        self.snippet_chars = SNIPPET_CHARS
        """Characters of text per hit snippet (config.toml's [search] snippet_length)."""
        self._summaries: SummaryCache | None = None
        self._names: tuple[tuple[str, str], CanonicalNames] | None = None
        self._first_page_generation: str | None = None

    @property
    def backend(self) -> SearchBackend:
        """The backend that holds the index, chosen by the `backend` URL (Whoosh by default)."""
        with self._lock:
            if self._backend is None:
                self._backend = open_backend(self._backend_url, self.index_path, self.corpus_path)
            return self._backend

    # Index lifecycle -------------------------------------------------------------------------

    def has_index(self) -> bool:
        """True when a readable index with the current schema exists (it may still be stale).

        The check opens the index and keeps it open, so the search that usually follows does
        not open it a second time.
        """
        with self._lock:
            return self.backend.is_available()

    def is_stale(self) -> bool:
        """True when files were added, changed or removed since the last index (stat only, fast)."""
        return self.backend.is_stale(self.corpus_path, self._ignore)

    def update_index(
        self,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
        notice: NoticeCallback | None = None,
        lock_wait: float = LOCK_WAIT,
        processes: int | None = None,
        dask: str | None = None,
    ) -> IndexSummary:
        """Build or incrementally update the index (parsing in a local pool, or on Dask)."""
        self._check_corpus()
        backend = self.backend
        with self._lock:
            backend.reload()
        return backend.update(
            self.corpus_path,
            rebuild=rebuild,
            progress=progress,
            notice=notice,
            lock_wait=lock_wait,
            ignore=self._ignore,
            processes=processes,
            dask=dask,
        )

    def index_generation(self) -> str | None:
        """The index's newest commit stamp; it changes whenever any process commits."""
        return self.backend.latest_generation()

    def reload(self) -> None:
        """Drop open readers so a commit made by another process becomes visible."""
        with self._lock:
            if self._backend is not None:
                self._backend.reload()

    def close(self) -> None:
        """Release what the backend holds open."""
        with self._lock:
            if self._backend is not None:
                self._backend.close()

    def _check_corpus(self) -> None:
        if not self.corpus_path.exists():
            raise corpus_not_found(self.corpus_path)

    # Queries ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        filters: list[str] | None = None,
        count: bool = True,
    ) -> SearchResult:
        """Run a query; `*` lists every article. `filters` are extra query strings ANDed in.

        `count=False` may leave `total` an estimate (`total_exact` False), for a caller that
        shows the hits first and asks `count` for the figure after.
        """
        started = time.perf_counter()
        final = self._scope(query, filters)
        by_date = sort == "date" or isinstance(final, wq.Every)
        with self._lock:
            backend = self.backend
            page = backend.search(final, offset, limit, by_date, count)
            terms = backend.matched_terms(final)
            suggestion = backend.suggest(query)
        hits = []
        for hit in page.hits:
            text = str(hit.stored["text"])
            snippet, matches = make_snippet(text, spans_for_terms(text, terms), self.snippet_chars)
            hits.append(hit_from_stored(hit.stored, hit.score, snippet, matches))
        result = SearchResult(
            query=query,
            parsed=describe(final),
            total=page.total,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            hits=hits,
            partial=page.warning is not None,
            warning=page.warning,
            total_exact=page.exact,
        )
        if by_date and offset == 0 and isinstance(final, wq.Every):
            self._remember_first_page(result)
        return result

    def _remember_first_page(self, result: SearchResult) -> None:
        """Keep the newest articles beside the index, once per commit (see `first_page`)."""
        if self._backend_url is not None:
            return  # a cluster's page is not ours to keep in a local folder
        generation = self.backend.latest_generation()
        if generation is None or generation == self._first_page_generation:
            return
        self._first_page_generation = generation
        hits = [hit.model_dump(mode="json") for hit in result.hits]
        save_first_page(self.index_path, int(generation), result.total, hits)

    def count(self, query: str, filters: list[str] | None = None) -> int:
        """How many articles a query (with its filters) matches."""
        final = self._scope(query, filters)
        with self._lock:
            return self.backend.count(final)

    def match_spans(self, query: str, text: str) -> list[Span]:
        """Offsets in `text` of the words the query matches (for highlighting in the reader)."""
        parsed = self.parse(query)
        with self._lock:
            terms = self.backend.matched_terms(parsed)
        return spans_for_terms(text, terms)

    def _scope(self, query: str | None, filters: list[str] | None) -> wq.Query:
        """The query ANDed with the filter queries; empty or `*` is every article."""
        return combine([self.parse(query or "*"), *(self.parse(f) for f in filters or [])])

    # Articles --------------------------------------------------------------------------------

    def article(self, doc_id: str) -> Article:
        """An article by id or unambiguous id prefix."""
        with self._lock:
            stored = self._stored_fields(doc_id)
        return self.annotate(article_from_stored(stored))

    def raw(self, doc_id: str) -> RawArticle:
        """The file as read now, control characters escaped."""
        with self._lock:
            stored = self._stored_fields(doc_id)
        rel = str(stored["path"])
        path = self.corpus_path / rel if self.corpus_path.is_dir() else self.corpus_path
        try:
            stat = path.stat()
        except OSError as error:
            raise DocumentNotFound(
                f"{rel}: the file is no longer readable ({error.strerror})"
            ) from error
        result = read_source(SourceFile(path, rel, stat.st_size, stat.st_mtime_ns))
        for doc in result.documents:
            if doc.id == stored["id"]:
                return RawArticle(id=doc.id, path=rel, raw=escape_control_chars(doc.raw))
        reason = result.skipped.reason if result.skipped else "it changed since it was indexed"
        raise DocumentNotFound(f"{stored['id']}: not found in {rel} ({reason})")

    def file_path(self, doc_id: str) -> Path:
        """The file an article was read from (an article of a .jsonl shares its file)."""
        with self._lock:
            rel = str(self._stored_fields(doc_id)["path"])
        return self.corpus_path / rel if self.corpus_path.is_dir() else self.corpus_path

    def _stored_fields(self, doc_id: str) -> Stored:
        """Stored fields by exact id, else by unique id prefix."""
        backend = self.backend
        stored = backend.document(doc_id)
        if stored is not None:
            return stored
        ids = backend.ids_with_prefix(doc_id, 6)
        if len(ids) == 1:
            found = backend.document(ids[0])
            if found is not None:
                return found
        if not ids:
            raise DocumentNotFound(f"no article with id '{doc_id}'")
        shown = ", ".join(ids[:5])
        raise DocumentNotFound(f"'{doc_id}' matches several articles: {shown}")

    # Entities and quotes ---------------------------------------------------------------------

    def entities(self, type: str | None = None, **listing: Unpack[Listing]) -> EntitiesResult:
        """Entities over the whole corpus, or over the hits of a query and filters, most
        mentioned first."""
        from .analysis.corpus import merge_corpus_entities

        scope = self._scope(listing.get("query"), listing.get("filters"))
        offset, end = _bounds(listing)
        if isinstance(scope, wq.Every):
            stored = self._aggregate()
            if stored is not None:
                with contextlib.closing(stored):
                    page = stored.entities(type, offset, None if end is None else end - offset)
                return EntitiesResult(entities=page)
            found = self._corpus_entities()
        else:
            found = self.corrections().apply_corpus(
                merge_corpus_entities(
                    [entities for _, _, entities, _ in self._analysed_hits(scope)]
                )
            )
        if type is not None:
            found = [e for e in found if e.type == type]
        return EntitiesResult(entities=found[offset:end])

    def quotes(self, speaker: str | None = None, **listing: Unpack[Listing]) -> QuotesResult:
        """Quotations over the corpus or the hits of a query and filters (newest first),
        optionally by one speaker.

        Articles are read one page at a time and reading stops once `offset + limit` quotations
        are found, so `quotes --limit 5` on a large corpus reads a handful of articles.
        """
        offset, end = _bounds(listing)
        scope = self._scope(listing.get("query"), listing.get("filters"))
        if isinstance(scope, wq.Every) and not speaker:
            stored = self._aggregate()
            if stored is not None:
                with contextlib.closing(stored):
                    page = stored.quotes(offset, None if end is None else end - offset)
                return QuotesResult(quotes=page)
        canonical = self._view_names().person_names()
        wanted = _name_words(speaker) if speaker else None
        listed: list[QuoteHit] = []
        for doc_id, title, entities, quotes in self._analysed_hits(scope):
            aliases = {e.name: [e.name, *e.aliases] for e in entities}
            for quote in quotes:
                name = canonical.get(quote.speaker, quote.speaker) if quote.speaker else None
                if wanted is not None:
                    forms = [*aliases.get(quote.speaker or "", []), name or ""]
                    words = set().union(*(_name_words(f) for f in forms))
                    if not quote.speaker or not wanted <= words:
                        continue
                listed.append(
                    QuoteHit(
                        id=doc_id,
                        title=title,
                        text=quote.text,
                        speaker=name,
                        start=quote.start,
                        end=quote.end,
                    )
                )
            if end is not None and len(listed) >= end:
                break
        return QuotesResult(quotes=listed[offset:end])

    def _analysed_hits(
        self, scope: wq.Query
    ) -> Iterator[tuple[str, str | None, list[Entity], list[Quote]]]:
        """Every hit of a query (newest first) with its stored analysis, read a page at a time.

        Sorting yields ids only; stored fields (the analysis JSON is the bulk of the index) are
        loaded page by page, so a caller that stops early reads little.
        """
        corrections = self.corrections()
        with self._lock:
            ids = self.backend.matching_ids(scope, by_date=True)
        for start in range(0, len(ids), ANALYSIS_PAGE):
            with self._lock:
                rows = self.backend.stored(ids[start : start + ANALYSIS_PAGE])
            for stored in rows:
                doc_id, title = str(stored["id"]), stored_title(stored)
                entities, quotes = stored_analysis(stored)
                if corrections:
                    entities = corrections.apply(entities)
                    for quote in quotes:
                        quote.speaker = corrections.speaker(quote.speaker)
                yield doc_id, title, entities, quotes

    def _aggregate(self) -> AggregateReader | None:
        """The corpus-wide aggregate written when the index was committed, if it describes the
        index being searched. Entity corrections apply article by article, so with any in force
        the listings are made from the articles instead (and cached per generation)."""
        from .aggregate import AggregateReader

        if self.corrections():
            return None
        with self._lock:
            generation = self.backend.latest_generation()  # a directory listing: no index opened
        if generation is None:
            return None
        return AggregateReader.open(self.backend.index_path, generation)

    def _corpus_entities(self) -> list[CorpusEntity]:
        """Corpus-wide entities: from the aggregate, or aggregated from the articles and cached
        on disk per index generation and corrections (aggregating is the slow part)."""
        stored = self._aggregate()
        if stored is not None:
            with contextlib.closing(stored):
                return list(stored.all_entities())
        with self._lock:
            generation = self.backend.generation()
        cache_path = self.index_path / ENTITY_CACHE_NAME
        stamp = self.corrections_stamp()
        try:
            cached = json.loads(cache_path.read_text(encoding="utf-8"))
            if cached.get("generation") == generation and cached.get("corrections", "") == stamp:
                return [CorpusEntity.model_validate(e) for e in cached["entities"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        from .analysis.corpus import merge_corpus_entities

        found = merge_corpus_entities(
            [entities for _, _, entities, _ in self._analysed_hits(wq.Every())]
        )
        found = self.corrections().apply_corpus(found)
        payload = {
            "generation": generation,
            "corrections": stamp,
            "entities": [e.model_dump() for e in found],
        }
        save_beside_index(cache_path, payload)
        return found


def _name_words(name: str) -> set[str]:
    """Lowercased, accent-folded words of a name, for speaker matching."""
    from .schema import plain_analyzer

    return {token.text for token in plain_analyzer()(name)}
