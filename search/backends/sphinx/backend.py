"""SphinxBackend: the engine's backend seam over a SphinxQL cluster.

Reads go to the distributed index on the first node; writes to the shards (`writer.py`). The
manifest, journal, lock and generation counter live in a state folder inside the engine's index
folder, one per cluster URL, so one corpus can have a Whoosh index and a cluster side by side.

A search whose answer lacks a shard is returned with its warning (the engine marks it partial).
Everything else (ids, stored fields, views) cannot say "partial" in its answer, so there a
missing shard is an error naming the node, never a smaller answer presented as whole.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from whoosh import query as wq

from ...errors import BackendUnavailable
from ...manifest import Manifest
from ...models import IndexSummary
from ...query import STEMMED_FIELDS, file_phrase
from ...schema import ENTITY_FIELDS
from ..base import BackendHit, BackendPage, MatchedTerms, SearchBackend, Stored, UpdateOptions
from . import reader
from .client import quote
from .cluster import Cluster, parse_url
from .indexer import PrepareFiles, current_manifest, is_stale, update_cluster
from .tokens import sphinx_word
from .translate import translate
from .writer import generation

if TYPE_CHECKING:
    from ...documents import PreparedFile
    from ...ingest import SourceFile
    from ...views.collocates import CollocatesRequest, CollocatesResult
    from ...views.kwic import KwicResult
    from ...views.trends import TrendsResult

STATE_PREFIX = "sphinx-"
PATTERN_SAMPLE = 200
"""Articles whose words expand a wildcard for highlighting (Sphinx exposes no expansion)."""


def state_dir_for(index_path: Path, url: str) -> Path:
    """This cluster's state folder inside the engine's index folder: keyed by the first node and
    the index, so a URL listing every node and one naming only the first share it."""
    address = parse_url(url)
    host, port = address.nodes[0]
    digest = hashlib.sha1(f"{host}:{port}/{address.index}".encode()).hexdigest()[:12]
    return index_path / f"{STATE_PREFIX}{digest}"


class SphinxBackend(SearchBackend):
    """A Sphinx (or Manticore) cluster reached through `sphinx://HOST:PORT[,…][/INDEX]`."""

    name = "sphinx"

    def __init__(self, url: str, index_path: Path, corpus: Path) -> None:
        self.address = parse_url(url)
        self.index_path = index_path
        self._corpus = corpus
        self.cluster = Cluster(self.address)
        self.index = self.address.index
        self.state_dir = state_dir_for(index_path, url)
        self._manifest: tuple[int, Manifest | None] | None = None
        self._average: tuple[int, float] | None = None

    # lifecycle ---------------------------------------------------------------------------

    def is_available(self) -> bool:
        """True when this corpus was indexed into the cluster with today's rules (the cluster
        itself is asked only by queries: a dead node shows there, named)."""
        return current_manifest(self.state_dir, self._corpus) is not None

    def generation(self) -> str:
        return f"sphinx-{generation(self.state_dir)}"

    def latest_generation(self) -> str | None:
        return self.generation() if self.is_available() else None

    def reload(self) -> None:
        self._manifest = None
        self._average = None

    def close(self) -> None:
        self.reload()
        self.cluster.close()

    def update(self, corpus: Path, **options: Unpack[UpdateOptions]) -> IndexSummary:
        """Build or update the cluster's shards; with `dask`, files are analysed on that Dask
        cluster instead of the local process pool."""
        dask = options.pop("dask", None)
        with contextlib.ExitStack() as stack:
            prepare = (
                stack.enter_context(_dask_prepare(dask, options.get("processes")))
                if dask is not None
                else None
            )
            summary = update_cluster(
                self.cluster, self.state_dir, corpus, prepare=prepare, **options
            )
        self.reload()
        return summary

    def is_stale(self, corpus: Path, ignore: Callable[[str], bool] | None = None) -> bool:
        return is_stale(self.state_dir, corpus, ignore)

    # queries -----------------------------------------------------------------------------

    def search(
        self,
        q: wq.Query,
        offset: int,
        limit: int,
        by_date: bool,
        count: bool = True,
        stop: Callable[[], bool] | None = None,
    ) -> BackendPage:
        """A page of hits; a warning means some shard did not answer (a partial answer)."""
        average = self._average_body() if not by_date else 0.0
        page = reader.search_page(self.cluster.head, self.index, q, offset, limit, by_date, average)
        warning = "; ".join(page.warnings) if page.warnings else None
        hits = [BackendHit(stored, score) for stored, score in page.hits]
        return BackendPage(total=page.total, hits=hits, warning=warning)

    def matching_ids(self, q: wq.Query, by_date: bool = False) -> list[str]:
        ids, warnings = reader.matching_ids(self.cluster.head, self.index, q, by_date)
        self._whole(warnings)
        return ids

    def stored(self, ids: Sequence[str]) -> list[Stored]:
        found, warnings = reader.stored_by_ids(self.cluster.head, self.index, list(ids))
        self._whole(warnings)
        return found

    def all_stored(self) -> Iterator[Stored]:
        return reader.all_stored(self.cluster.head, self.index, self._whole)

    def document(self, doc_id: str) -> Stored | None:
        found = self.stored([doc_id])
        return found[0] if found else None

    def ids_with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Ids starting with `prefix`, from the manifest (it lists every committed id)."""
        ids = sorted(i for i in self._known_ids() if i.startswith(prefix))
        return ids[:limit]

    def existing_ids(self, ids: set[str]) -> set[str]:
        return ids & self._known_ids()

    def matched_terms(self, q: wq.Query) -> MatchedTerms:
        """Indexed forms of the words to highlight; wildcards expanded over matching articles."""
        terms: MatchedTerms = {}
        if isinstance(q, wq.Every):
            return terms
        patterns: list[wq.Query] = []
        for leaf in q.leaves():
            name = leaf.field()
            if name not in STEMMED_FIELDS and name not in ENTITY_FIELDS:
                continue
            key = "body" if name in STEMMED_FIELDS else "name"
            if isinstance(leaf, wq.Prefix | wq.Wildcard):
                patterns.append(leaf)
            elif file_phrase(terms, key, leaf):
                continue
            elif isinstance(leaf, wq.Term | wq.Phrase):
                terms.setdefault(key, set()).update(str(t) for _, t in leaf.terms(phrases=True))
        for leaf in patterns:
            key = "body" if leaf.field() in STEMMED_FIELDS else "name"
            terms.setdefault(key, set()).update(self._pattern_terms(leaf))
        return terms

    def suggest(self, text: str) -> str | None:
        """No spelling suggestions: Sphinx 2.2 has no suggestion call."""
        return None

    # views -------------------------------------------------------------------------------

    def kwic(self, query: str, q: wq.Query, width: int, sort: str, limit: int | None) -> KwicResult:
        from .views import kwic

        return kwic(self, query, q, width, sort, limit)

    def trends(self, queries: list[tuple[str, wq.Query]], scope: wq.Query, by: str) -> TrendsResult:
        from .views import trends

        return trends(self, queries, scope, by)

    def collocates(self, request: CollocatesRequest) -> CollocatesResult:
        from .views import collocates

        return collocates(self, request)

    # what the views need -----------------------------------------------------------------

    def date_counts(self, q: wq.Query) -> dict[int, int]:
        """Matching articles per datekey (0 = undated), counted by the cluster."""
        translation = translate(q)
        if translation.empty:
            return {}
        where = reader.where_clause(translation)
        answer = self.cluster.head.query(
            f"SELECT datekey, COUNT(*) AS n FROM {self.index}{where} GROUP BY datekey"
            f" LIMIT 100000 OPTION max_matches=100000"
        )
        self._whole(answer.warnings)
        return {int(key): int(count) for key, count in answer.rows}

    def keyword_hits(self, words: list[str]) -> dict[str, int]:
        """Occurrences of each indexed word in the whole cluster (every field), by shard."""
        totals: dict[str, int] = {}
        encoded = {sphinx_word(w): w for w in words}
        keys = list(encoded)
        for shard, node in self.cluster.shards():
            for start in range(0, len(keys), 500):
                text = " ".join(keys[start : start + 500])
                answer = node.query(f"CALL KEYWORDS({quote(text)}, '{shard}', 1)")
                for row in answer.rows:
                    word = encoded.get(str(row[1]))
                    if word is not None:
                        totals[word] = totals.get(word, 0) + int(row[4])
        return totals

    def body_tokens(self) -> int:
        """Words in every article's body, the corpus size for collocation statistics."""
        answer = self.cluster.head.query(f"SELECT SUM(body_len) AS s FROM {self.index}")
        self._whole(answer.warnings)
        return int(answer.rows[0][0]) if answer.rows else 0

    # helpers -----------------------------------------------------------------------------

    def _whole(self, warnings: list[str]) -> None:
        """An answer that lacks a shard is refused: this answer has no way to say partial."""
        if warnings:
            raise BackendUnavailable(
                f"part of the Sphinx cluster did not answer ({warnings[0]}); "
                "the answer would be incomplete"
            )

    def _average_body(self) -> float:
        """Mean body length in words, for BM25 length normalisation (once per generation)."""
        stamp = generation(self.state_dir)
        if self._average is None or self._average[0] != stamp:
            answer = self.cluster.head.query(
                f"SELECT COUNT(*) AS n, SUM(body_len) AS s FROM {self.index}"
            )
            count, total = answer.rows[0] if answer.rows else (0, 0)
            self._average = (stamp, int(total or 0) / max(1, int(count or 0)))
        return self._average[1]

    def _known_ids(self) -> set[str]:
        stamp = generation(self.state_dir)
        if self._manifest is None or self._manifest[0] != stamp:
            self._manifest = (stamp, Manifest.load(self.state_dir))
        manifest = self._manifest[1]
        if manifest is None:
            return set()
        return {i for record in manifest.files.values() for i in record.ids}

    def _pattern_terms(self, leaf: wq.Query) -> set[str]:
        from ...views.tokens import TOKEN_RE, stem
        from .views import query_matchers

        patterns = query_matchers(leaf).patterns if leaf.field() in STEMMED_FIELDS else []
        if not patterns:
            return set()
        page = reader.search_page(self.cluster.head, self.index, leaf, 0, PATTERN_SAMPLE, False)
        found: set[str] = set()
        for stored, _ in page.hits:
            for token in set(TOKEN_RE.findall(str(stored["text"]))):
                form = stem(token)
                if form and any(p.match(form) for p in patterns):
                    found.add(form)
        return found


@contextlib.contextmanager
def _dask_prepare(address: str, processes: int | None) -> Iterator[PrepareFiles]:
    """Files read here and analysed on the Dask cluster at `address`, as `index --dask` does
    for Whoosh (the same checked connection, batching and retries)."""
    from ...index import connect_dask, prepare_files

    with connect_dask(address) as dask_cluster:

        def prepare(files: list[SourceFile]) -> Iterator[PreparedFile]:
            return prepare_files(files, cluster=dask_cluster, processes=processes, lock_fd=None)

        yield prepare
