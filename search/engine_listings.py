"""Entities and quotations over the corpus or over a query's hits (a mixin of `Engine`):
from the aggregate written at index time when it can answer, else from the articles' stored
analysis, read a page at a time."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypedDict, Unpack

from whoosh import query as wq

from .engine_views import ExplorationViews
from .models import (
    CorpusEntity,
    EntitiesResult,
    Entity,
    EntityTally,
    Quote,
    QuoteHit,
    QuotesResult,
)
from .store import stored_analysis, stored_title
from .views.common import save_beside_index

if TYPE_CHECKING:
    from .aggregate import AggregateReader


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


class Listings(ExplorationViews):
    """`entities` and `quotes`; expects `_lock`, `backend`, `index_path` and `_scope` from
    `Engine`, and the workspace's corrections from `WorkspaceViews`."""

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

    def entity_tally(self) -> EntityTally:
        """Every corpus entity's name, type and article count (see `EntityTally`): from the
        aggregate's table alone, else from `entities`."""
        stored = self._aggregate()
        if stored is not None:
            with contextlib.closing(stored):
                return stored.tally()
        return _tally(self._corpus_entities())

    def entities_in_hits(self, query: str | None, filters: list[str] | None = None) -> EntityTally:
        """The entities a query's hits name, each under its corpus-wide name, with how many of
        the hits name it: from the aggregate, a join over the hits' ids (or, for a query
        matching most articles, over the others', taken from each entity's totals), instead of
        reading every hit's stored analysis (seconds for a query matching most articles).

        Without an aggregate in step (or with entity corrections) it is `entities` over them.
        """
        scope = self._scope(query, filters)
        stored = None if isinstance(scope, wq.Every) else self._aggregate()
        if stored is None:
            return _tally(self.entities(query=query, filters=filters).entities)
        with contextlib.closing(stored):
            with self._lock:
                ids, rest = self.backend.hit_ids_or_rest(scope)
            return stored.entities_of(ids, rest)

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


def _tally(found: list[CorpusEntity]) -> EntityTally:
    """Entities as the columns `EntityTally` holds."""
    return EntityTally.of_rows((e.name, e.type, e.docs) for e in found)
