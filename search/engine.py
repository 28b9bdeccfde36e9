"""The one facade the CLI and the TUI call: corpus and index location, indexing, queries, analysis views.

Everything returns the pydantic models of `models.py`; errors are the exceptions of `errors.py`.
One searcher is kept open and reused; `reload()` picks up commits made by another process.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.searching import Results, Searcher, TimeLimit
from whoosh.sorting import FieldFacet, MultiFacet

from . import index as indexing
from .engine_views import ExplorationViews
from .errors import DocumentNotFound, IndexUnavailable, QueryError, corpus_not_found
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
from .query import combine, describe, matched_terms, spans_for_terms, suggest
from .snippets import SNIPPET_CHARS, make_snippet
from .store import article_from_stored, hit_from_stored, stored_analysis, stored_title
from .textclean import escape_control_chars
from .views.common import CanonicalNames, SummaryCache
from .views.frequencies import FrequencyCache

if TYPE_CHECKING:  # the views load when first asked for
    from .views.kwic import KwicMemo

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, current_path) while indexing."""
NoticeCallback = Callable[[str], None]

ENTITY_CACHE_NAME = "corpus-tui-entities.json"
ANALYSIS_PAGE = 64
"""Articles whose stored analysis is read at once when listing quotations or entities."""


def bundled_corpus() -> Path:
    """The seed articles shipped inside the package."""
    return Path(str(files("corpus_tui.seeds")))


def default_index_dir(corpus: Path) -> Path:
    """One index per corpus path under the user cache dir."""
    digest = hashlib.sha1(str(corpus).encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_cache_path("corpus-tui") / digest


def _is_package_file(rel: str) -> bool:
    """The bundled corpus is a Python package: its own files are not articles."""
    return rel.endswith((".py", ".pyc")) or "__pycache__" in rel


class Engine(ExplorationViews):
    """A corpus and its Whoosh index. Cheap to construct: nothing is read until asked."""

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        workspace_dir: Path | None = None,
    ) -> None:
        bundled = corpus is None
        self.corpus_path: Path = (bundled_corpus() if bundled else Path(corpus)).resolve()
        self.index_path: Path = (
            Path(index_dir).resolve() if index_dir else default_index_dir(self.corpus_path)
        )
        self._ignore = _is_package_file if bundled else None
        self._searcher: Searcher | None = None
        self._lock = threading.RLock()
        self._workspace_dir = Path(workspace_dir).resolve() if workspace_dir else None
        self.snippet_chars = SNIPPET_CHARS
        """Characters of text per hit snippet (config.toml's [search] snippet_length)."""
        self._summaries: SummaryCache | None = None
        self._names: tuple[tuple[int, str], CanonicalNames] | None = None
        self._frequencies: FrequencyCache | None = None
        self._kwic_memo: KwicMemo | None = None

    # Index lifecycle -------------------------------------------------------------------------

    def has_index(self) -> bool:
        """True when a readable index with the current schema exists (it may still be stale).

        The check opens the searcher and keeps it, so the search that usually follows does not
        open the index a second time.
        """
        with self._lock:
            try:
                self._open_searcher()
            except IndexUnavailable:
                return False
        return True

    def is_stale(self) -> bool:
        """True when files were added, changed or removed since the last index (stat only, fast)."""
        return indexing.is_stale(self.corpus_path, self.index_path, self._ignore)

    def update_index(
        self,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
        notice: NoticeCallback | None = None,
        lock_wait: float = 30.0,
        processes: int | None = None,
        dask: str | None = None,
    ) -> IndexSummary:
        """Build or incrementally update the index in this process."""
        self._check_corpus()
        with self._lock:
            self._close_searcher()
        summary = indexing.update_index(
            self.corpus_path,
            self.index_path,
            rebuild=rebuild,
            progress=progress,
            notice=notice,
            lock_wait=lock_wait,
            ignore=self._ignore,
            processes=processes,
            dask=dask,
        )
        return summary

    def index_generation(self) -> int | None:
        """The index's newest commit number; it changes whenever any process commits."""
        return indexing.latest_generation(self.index_path)

    def reload(self) -> None:
        """Reopen the searcher so a commit made by another process becomes visible."""
        with self._lock:
            self._close_searcher()

    def close(self) -> None:
        """Release the searcher."""
        self.reload()

    def _check_corpus(self) -> None:
        if not self.corpus_path.exists():
            raise corpus_not_found(self.corpus_path)

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _open_searcher(self) -> Searcher:
        """The shared searcher, refreshed when another process has committed since."""
        if self._searcher is None:
            if not indexing.manifest_is_current(self.index_path):
                raise IndexUnavailable(
                    f"no current index for {self.corpus_path}: run `corpus-tui index` first"
                )
            self._searcher = indexing.open_searcher(self.index_path)
        elif not self._searcher.up_to_date():
            if self._searcher.reader().generation() is None:
                # An index with no documents reads through Whoosh's EmptyReader, which has no
                # generation (so it is never "up to date") and no segments to refresh from:
                # `refresh()` fails on it with a TypeError. Reopening costs a few milliseconds.
                self._close_searcher()
                self._searcher = indexing.open_searcher(self.index_path)
            else:
                self._searcher = self._searcher.refresh()
        return self._searcher

    # Queries ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        filters: list[str] | None = None,
    ) -> SearchResult:
        """Run a query; `*` lists every article. `filters` are extra query strings ANDed in."""
        started = time.perf_counter()
        main = self.parse(query)
        final = combine([main, *(self.parse(f) for f in filters or [])])
        by_date = sort == "date" or isinstance(final, wq.Every)
        sortedby = MultiFacet([FieldFacet("datekey", reverse=True), FieldFacet("id")])
        with self._lock:
            searcher = self._open_searcher()
            results = _search_within_time(
                searcher, final, offset + limit, sortedby if by_date else None
            )
            total = len(results)
            terms = matched_terms(final, searcher)
            hits = []
            for hit in results[offset : offset + limit]:
                stored = hit.fields()
                snippet, matches = make_snippet(
                    stored["text"], spans_for_terms(stored["text"], terms), self.snippet_chars
                )
                hits.append(hit_from_stored(stored, _score(hit.score), snippet, matches))
            suggestion = suggest(query, searcher)
        return SearchResult(
            query=query,
            parsed=describe(final),
            total=total,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            hits=hits,
        )

    def match_spans(self, query: str, text: str) -> list[Span]:
        """Offsets in `text` of the words the query matches (for highlighting in the reader)."""
        parsed = self.parse(query)
        with self._lock:
            terms = matched_terms(parsed, self._open_searcher())
        return spans_for_terms(text, terms)

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
        rel = stored["path"]
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

    def _stored_fields(self, doc_id: str) -> dict[str, object]:
        """Stored fields by exact id, else by unique id prefix."""
        searcher = self._open_searcher()
        stored = searcher.document(id=doc_id)
        if stored is not None:
            return stored
        matches = searcher.search(wq.Prefix("id", doc_id), limit=6, sortedby="id")
        ids = [hit["id"] for hit in matches]
        if len(ids) == 1:
            return matches[0].fields()
        if not ids:
            raise DocumentNotFound(f"no article with id '{doc_id}'")
        shown = ", ".join(ids[:5])
        raise DocumentNotFound(f"'{doc_id}' matches several articles: {shown}")

    # Entities and quotes ---------------------------------------------------------------------

    def entities(
        self,
        type: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> EntitiesResult:
        """Entities over the whole corpus, or over a query's hits, most mentioned first."""
        from .analysis.corpus import merge_corpus_entities

        if query is None or query.strip() in ("", "*"):
            found = self._corpus_entities()
        else:
            found = self.corrections().apply_corpus(
                merge_corpus_entities(
                    [entities for _, _, entities, _ in self._analysed_hits(query)]
                )
            )
        if type is not None:
            found = [e for e in found if e.type == type]
        end = offset + limit if limit else None
        return EntitiesResult(entities=found[offset:end])

    def quotes(
        self,
        speaker: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> QuotesResult:
        """Quotations over the corpus or a query's hits (newest first), optionally by one speaker.

        Articles are read one page at a time and reading stops once `offset + limit` quotations
        are found, so `quotes --limit 5` on a large corpus reads a handful of articles.
        """
        canonical = self._person_canonical_names()
        wanted = _name_words(speaker) if speaker else None
        end = offset + limit if limit else None
        listed: list[QuoteHit] = []
        for doc_id, title, entities, quotes in self._analysed_hits(query or "*"):
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
        self, query: str
    ) -> Iterator[tuple[str, str | None, list[Entity], list[Quote]]]:
        """Every hit of a query (newest first) with its stored analysis, read a page at a time.

        Sorting yields document numbers only; stored fields (the analysis JSON is the bulk of
        the index) are loaded page by page, so a caller that stops early reads little.
        """
        parsed = self.parse(query)
        corrections = self.corrections()
        sortedby = MultiFacet([FieldFacet("datekey", reverse=True), FieldFacet("id")])
        with self._lock:
            searcher = self._open_searcher()
            docnums = list(searcher.search(parsed, limit=None, sortedby=sortedby).docs())
        for start in range(0, len(docnums), ANALYSIS_PAGE):
            with self._lock:  # the same searcher throughout: its document numbers are its own
                rows = [searcher.stored_fields(n) for n in docnums[start : start + ANALYSIS_PAGE]]
            for stored in rows:
                doc_id, title = str(stored["id"]), stored_title(stored)
                entities, quotes = stored_analysis(stored)
                if corrections:
                    entities = corrections.apply(entities)
                    for quote in quotes:
                        quote.speaker = corrections.speaker(quote.speaker)
                yield doc_id, title, entities, quotes

    def _corpus_entities(self) -> list[CorpusEntity]:
        """Corpus-wide entities, cached on disk per index generation (aggregating is the slow part)."""
        with self._lock:
            generation = self._open_searcher().reader().generation()
        cache_path = self.index_path / ENTITY_CACHE_NAME
        stamp = self.corrections_stamp()
        try:
            cached = json.loads(cache_path.read_text(encoding="utf-8"))
            if cached.get("generation") == generation and cached.get("corrections", "") == stamp:
                return [CorpusEntity.model_validate(e) for e in cached["entities"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        from .analysis.corpus import merge_corpus_entities

        found = merge_corpus_entities([entities for _, _, entities, _ in self._analysed_hits("*")])
        found = self.corrections().apply_corpus(found)
        payload = {
            "generation": generation,
            "corrections": stamp,
            "entities": [e.model_dump() for e in found],
        }
        try:
            tmp = cache_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache_path)
        except OSError:
            pass  # A read-only index still answers; it just recomputes next time.
        return found

    def _person_canonical_names(self) -> dict[str, str]:
        """Every form a person goes by across the corpus, mapped to their fullest name."""
        from .analysis.corpus import speaker_map

        return speaker_map(self._corpus_entities())


def _name_words(name: str) -> set[str]:
    """Lowercased, accent-folded words of a name, for speaker matching."""
    from .schema import plain_analyzer

    return {token.text for token in plain_analyzer()(name)}


SEARCH_SECONDS = 10.0
"""A query still running after this long is stopped with a message rather than left to hang."""


def _search_within_time(
    searcher: Searcher, query: wq.Query, limit: int, sortedby: MultiFacet | None
) -> Results:
    """`searcher.search`, stopped with a QueryError if it runs past SEARCH_SECONDS."""
    collector = TimeLimitCollector(
        searcher.collector(limit=limit, sortedby=sortedby),
        timelimit=SEARCH_SECONDS,
        use_alarm=False,  # SIGALRM works only in the main thread; the app searches in workers
    )
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit as error:
        raise QueryError(
            f"the query ran for more than {SEARCH_SECONDS:g} s and was stopped; make it more specific"
        ) from error
    return collector.results()


def _score(value: object) -> float:
    """Relevance score; date-sorted hits carry their sort key instead, so they score 0."""
    return round(float(value), 4) if isinstance(value, int | float) else 0.0
