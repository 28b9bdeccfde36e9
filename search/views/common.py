"""What the views share: the query's scope, its positive leaves, and a compact per-article summary.

The summary (date, entities, speakers per article) is what the speakers and related views
aggregate. Reading it from Whoosh's stored fields means unpickling every article's text as well,
about 1.5 s at 10,000 articles, so it is built once per index generation (right after indexing, or
on first use), kept in memory and in a file beside the index, and read through the `id` column.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import query as wq
from whoosh.searching import Searcher

from ..folding import fold
from ..models import CorpusEntity

if TYPE_CHECKING:
    from ..backends.base import SearchBackend

SUMMARY_CACHE_NAME = "corpus-tui-summaries.json"


def positive_leaves(q: wq.Query) -> list[wq.Query]:
    """Leaves that must or may match: everything but what sits under NOT."""
    if isinstance(q, wq.Not):
        return []
    if isinstance(q, wq.AndNot):
        return positive_leaves(q.a)
    if q.is_leaf():
        return [q]
    leaves: list[wq.Query] = []
    for child in q.children():
        leaves.extend(positive_leaves(child))
    return leaves


def matching_docnums(searcher: Searcher, q: wq.Query) -> list[int]:
    """Document numbers of every live article the query matches, in index order."""
    if isinstance(q, wq.Every):
        return live_docnums(searcher)
    return sorted(set(searcher.docs_for_query(q)))


def live_docnums(searcher: Searcher) -> list[int]:
    """Document numbers of every live article, in index order.

    Whoosh's `all_doc_ids()` on an index of several segments asks, for each document, which
    segment holds it and whether it is deleted there: 15-25 ms at 10,000 articles. Here each
    segment's range is taken whole, and only a segment with deletions is asked about each of
    its documents.
    """
    docnums: list[int] = []
    for segment, offset in searcher.reader().leaf_readers():
        if segment.has_deletions():
            docnums.extend(offset + docnum for docnum in segment.all_doc_ids())
        else:
            docnums.extend(range(offset, offset + segment.doc_count_all()))
    return docnums


def save_beside_index(path: Path, payload: dict[str, Any]) -> None:
    """Write an aggregate next to the index, whole or not at all (a temporary file renamed)."""
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # A read-only index still answers; it just rebuilds in the next process.


def column(searcher: Searcher, name: str) -> Sequence[Any]:
    """A sortable column's values by document number; empty for an index without documents,
    whose reader (Whoosh's EmptyReader) has no columns at all."""
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return []
    return reader.column_reader(name)


def name_key(name: str) -> str:
    """How two spellings of one name compare: folded, without dots ("U.S." = "US")."""
    return fold(name).replace(".", "")


@dataclass
class DocSummary:
    """One article as the aggregate views need it."""

    date: str | None
    entities: list[int] = field(default_factory=list)
    """Numbers of the (type, name, name key) triples in `Summaries.keys` it names."""
    speakers: dict[str, int] = field(default_factory=dict)
    """Quotations per speaker name, as named in the article."""


@dataclass
class Summaries:
    """Every article's summary by id; entity names are numbered once for the whole corpus."""

    keys: list[tuple[str, str, str]] = field(default_factory=list)
    docs: dict[str, DocSummary] = field(default_factory=dict)


class SummaryCache:
    """Per-article summaries for one index generation, in memory and on disk."""

    def __init__(self, index_path: Path) -> None:
        self.path = index_path / SUMMARY_CACHE_NAME
        self._generation: str | None = None
        self._summaries = Summaries()
        self._lock = threading.Lock()

    def get(self, backend: SearchBackend) -> Summaries:
        """Summaries for the backend's current generation."""
        generation = backend.generation()
        with self._lock:
            if self._generation != generation:
                self._summaries = self._load(generation) or self._build(backend, generation)
                self._generation = generation
            return self._summaries

    def _load(self, generation: str) -> Summaries | None:
        try:
            cached = json.loads(self.path.read_text(encoding="utf-8"))
            if cached.get("generation") != generation:
                return None
            return Summaries(
                keys=[(kind, name, key) for kind, name, key in cached["keys"]],
                docs={
                    doc_id: DocSummary(date=date, entities=entities, speakers=speakers)
                    for doc_id, (date, entities, speakers) in cached["docs"].items()
                },
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _build(self, backend: SearchBackend, generation: str) -> Summaries:
        numbers: dict[tuple[str, str, str], int] = {}
        docs: dict[str, DocSummary] = {}
        for stored in backend.all_stored():
            analysis = json.loads(stored.get("analysis") or "{}")
            speakers: dict[str, int] = {}
            for quote in analysis.get("quotes", []):
                if quote.get("speaker"):
                    speakers[quote["speaker"]] = speakers.get(quote["speaker"], 0) + 1
            entities = [
                numbers.setdefault((e["type"], e["name"], name_key(e["name"])), len(numbers))
                for e in analysis.get("entities", [])
            ]
            docs[str(stored["id"])] = DocSummary(
                date=str(stored.get("date_str") or "") or None,
                entities=entities,
                speakers=speakers,
            )
        summaries = Summaries(keys=list(numbers), docs=docs)
        payload = {
            "generation": generation,
            "keys": summaries.keys,
            "docs": {i: [d.date, d.entities, d.speakers] for i, d in docs.items()},
        }
        save_beside_index(self.path, payload)
        return summaries


class CanonicalNames:
    """Maps a name as one article gives it to its corpus-wide entity (fullest name and type)."""

    def __init__(self, corpus: list[CorpusEntity]) -> None:
        self.entities = corpus
        self._people: dict[str, str] | None = None
        self._by_key: dict[tuple[str, str], int] = {}
        for number, entity in enumerate(corpus):
            self._by_key.setdefault((entity.type, name_key(entity.name)), number)
        for number, entity in enumerate(corpus):
            for alias in entity.aliases:
                self._by_key.setdefault((entity.type, name_key(alias)), number)

    def find(self, key: tuple[str, str]) -> int | None:
        """The corpus entity's number for a (type, name key) as one article names it."""
        return self._by_key.get(key)

    def person_names(self) -> dict[str, str]:
        """Every form a person goes by across the corpus, mapped to their fullest name."""
        if self._people is None:
            from ..analysis.corpus import speaker_map

            self._people = speaker_map(self.entities)
        return self._people

    def lookup(self, name: str, kind: str | None = None) -> int | None:
        """The corpus entity a user means by `name` (any form, any type unless given)."""
        key = name_key(name)
        kinds = [kind] if kind else ["person", "org", "place", "group"]
        found = [self._by_key[(k, key)] for k in kinds if (k, key) in self._by_key]
        if not found:
            return None
        return min(found, key=lambda n: -self.entities[n].docs)
