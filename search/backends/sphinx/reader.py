"""Reading from the cluster: pages of hits, every matching id, stored fields by id.

All reads go to the distributed index on the head node, which asks every shard and merges.
Each answer carries the warnings searchd gave (`client.Answer`): a shard that did not answer
makes the answer partial, and callers pass that on rather than present it as whole.
Ranking follows Whoosh's BM25F (k1 1.2, b 0.75, title weighted 2 to body 1) as closely as the
2.2 expression ranker allows: term frequency saturates per field (not per term) and is normalised
by the body's length; idf is log(N/n) + 1, and each shard scores with its own statistics, so the
order differs a little from a single Whoosh index (measured in docs/scale-out.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from .client import NodeConnection, quote
from .conf import STRING_ATTRS, UINT_ATTRS
from .translate import Translation, translate
from .writer import doc_number

STORED_COLUMNS = (*STRING_ATTRS, *UINT_ATTRS)
"""What a query reads back: every stored field and the date key."""
STORED_NAMES = {"doc_id": "id", "title_text": "title", "source_text": "source"}
"""Sphinx attribute names that differ from the stored-field names (`store.py`)."""
PAGE = 5000
"""Rows per request when walking every match."""
DEFAULT_MAX_MATCHES = 1000
SCORE_SCALE = 1000.0


K1, B = 1.2, 0.75


def ranking(average_body: float) -> str:
    """The OPTION clause that ranks like BM25F, given the average body length in words."""
    average = max(1.0, average_body)
    norm = f"{K1:g}*({1 - B:g}+{B:g}*body_len/{average:.1f})"
    # Whoosh's idf is log(N/(n+1)) + 1: the "+ 1" is the hit_count term beside tf_idf.
    per_field = f"(tf_idf+hit_count)*{(K1 + 1) * 1000:g}/(hit_count+{norm})"
    return (
        f"ranker=expr('sum(user_weight*{per_field})'), field_weights=(title=2, body=1), "
        "idf='plain,tfidf_unnormalized'"
    )


@dataclass
class Page:
    """A page of stored-field dicts with scores, the total, and warnings (partial answer)."""

    total: int = 0
    hits: list[tuple[dict[str, object], float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def stored_of(row: Iterable[Any]) -> dict[str, object]:
    """A row of STORED_COLUMNS as the stored-fields dict the engine reads."""
    stored: dict[str, object] = {}
    for name, value in zip(STORED_COLUMNS, row, strict=False):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        stored[STORED_NAMES.get(name, name)] = value if value is not None else ""
    stored["datekey"] = int(stored.get("datekey") or 0)  # type: ignore[call-overload]
    return stored


def where_clause(translation: Translation, extra: Iterable[str] = ()) -> str:
    conditions = [*translation.where(quote), *extra]
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def search_page(
    head: NodeConnection,
    index: str,
    q: wq.Query,
    offset: int,
    limit: int,
    by_date: bool,
    average_body: float = 500.0,
) -> Page:
    """One page of hits: newest first (then id) or by relevance, with the total found."""
    translation = translate(q)
    if translation.empty:
        return Page()
    ranked = bool(translation.match) and not by_date
    order = "w DESC, datekey DESC, doc_id ASC" if ranked else "datekey DESC, doc_id ASC"
    weight = ", WEIGHT() AS w" if ranked else ""
    options = [f"max_matches={max(DEFAULT_MAX_MATCHES, offset + limit)}"]
    if ranked:
        options.append(ranking(average_body))
    sql = (
        f"SELECT {', '.join(STORED_COLUMNS)}{weight} FROM {index}{where_clause(translation)}"
        f" ORDER BY {order} LIMIT {int(offset)}, {max(1, int(limit))}"
        f" OPTION {', '.join(options)}"
    )
    answer = head.query(sql, meta=True)
    page = Page(total=int(answer.meta.get("total_found", 0)), warnings=answer.warnings)
    if limit <= 0:
        return page
    for row in answer.rows:
        score = float(row[len(STORED_COLUMNS)]) / SCORE_SCALE if ranked else 0.0
        page.hits.append((stored_of(row), round(score, 4)))
    return page


def matching(
    head: NodeConnection, index: str, q: wq.Query, columns: str = "doc_id, datekey"
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Every match's columns (in Sphinx id order), walked a page at a time, and any warnings."""
    translation = translate(q)
    if translation.empty:
        return [], []
    rows: list[tuple[Any, ...]] = []
    warnings: list[str] = []
    last = 0
    while True:
        sql = (
            f"SELECT id, {columns} FROM {index}{where_clause(translation, [f'id > {last}'])}"
            f" ORDER BY id ASC LIMIT {PAGE} OPTION max_matches={PAGE}"
        )
        answer = head.query(sql)
        warnings.extend(w for w in answer.warnings if w not in warnings)
        rows.extend(tuple(row[1:]) for row in answer.rows)
        if len(answer.rows) < PAGE:
            return rows, warnings
        last = int(answer.rows[-1][0])


def matching_ids(
    head: NodeConnection, index: str, q: wq.Query, by_date: bool
) -> tuple[list[str], list[str]]:
    """Every hit's article id (newest first then id, or id order), and any warnings."""
    rows, warnings = matching(head, index, q)
    if by_date:
        rows.sort(key=lambda r: (-int(r[1] or 0), str(r[0])))
    return [_text(r[0]) for r in rows], warnings


def stored_by_ids(
    head: NodeConnection, index: str, ids: list[str]
) -> tuple[list[dict[str, object]], list[str]]:
    """Stored fields of the given articles, in the order given; unknown ids left out."""
    found: dict[str, dict[str, object]] = {}
    warnings: list[str] = []
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), DEFAULT_MAX_MATCHES):
        chunk = unique[start : start + DEFAULT_MAX_MATCHES]
        numbers = ",".join(str(doc_number(i)) for i in chunk)
        sql = (
            f"SELECT {', '.join(STORED_COLUMNS)} FROM {index} WHERE id IN ({numbers})"
            f" LIMIT {len(chunk)} OPTION max_matches={len(chunk)}"
        )
        answer = head.query(sql)
        warnings.extend(w for w in answer.warnings if w not in warnings)
        for row in answer.rows:
            stored = stored_of(row)
            found[str(stored["id"])] = stored
    return [found[i] for i in ids if i in found], warnings


def all_stored(
    head: NodeConnection, index: str, check: Callable[[list[str]], None]
) -> Iterator[dict[str, object]]:
    """Every article's stored fields, a page at a time (in Sphinx id order); `check` sees
    each page's warnings first."""
    last = 0
    page = 500
    while True:
        sql = (
            f"SELECT id, {', '.join(STORED_COLUMNS)} FROM {index} WHERE id > {last}"
            f" ORDER BY id ASC LIMIT {page} OPTION max_matches={page}"
        )
        answer = head.query(sql)
        check(answer.warnings)
        for row in answer.rows:
            yield stored_of(row[1:])
        if len(answer.rows) < page:
            return
        last = int(answer.rows[-1][0])


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
