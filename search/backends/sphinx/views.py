"""KWIC, trends and collocates on the cluster, with the same models and rules as on Whoosh.

KWIC and collocates read the stored text of the matching articles and find occurrences with
the same matchers as the Whoosh views (`views.kwic`); wildcard and prefix words, which Whoosh
expands against its vocabulary, are expanded against each article's own words. Trends count
articles per day with one GROUP BY per series. Collocates take corpus frequencies from the
shards' keyword statistics (CALL KEYWORDS), which count a word in every field, not the body alone.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from whoosh import query as wq

from ...errors import QueryError
from ...query import combine
from ...schema import ENTITY_FIELDS
from ...views.collocates import CollocatesResult, check_options, ranked, window_counts
from ...views.common import positive_leaves
from ...views.kwic import (
    KwicEntry,
    KwicLine,
    KwicResult,
    Matchers,
    NameMatcher,
    arranged,
    article_spans,
    context_words,
    one_line,
)
from ...views.tokens import TOKEN_RE, stem
from ...views.trends import (
    PERIODS,
    TrendPoint,
    TrendSeries,
    TrendsResult,
    day_of_key,
    period_axis,
    period_of,
)

TEXT_FIELDS = frozenset({"title", "body"})
READ_PAGE = 64
"""Articles whose stored text is fetched at once."""


class ViewSource(Protocol):
    """What the views need from the backend."""

    def matching_ids(self, q: wq.Query, by_date: bool = False) -> list[str]: ...
    def stored(self, ids: list[str]) -> list[dict[str, object]]: ...
    def date_counts(self, q: wq.Query) -> dict[int, int]: ...
    def keyword_hits(self, words: list[str]) -> dict[str, int]: ...
    def body_tokens(self) -> int: ...


@dataclass
class QueryMatchers:
    """The Whoosh views' matchers, plus word patterns to expand per article."""

    matchers: Matchers = field(default_factory=Matchers)
    patterns: list[re.Pattern[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.matchers) or bool(self.patterns)

    def for_text(self, text: str) -> Matchers:
        """The matchers with the patterns replaced by the words of `text` they match."""
        if not self.patterns:
            return self.matchers
        words = set(self.matchers.words)
        for token in set(TOKEN_RE.findall(text)):
            form = stem(token)
            if form and any(p.match(form) for p in self.patterns):
                words.add(form)
        return replace(self.matchers, words=words)


def query_matchers(q: wq.Query) -> QueryMatchers:
    """What to look for in an article's text and entities, from a query's positive leaves."""
    found = QueryMatchers()
    for leaf in positive_leaves(q):
        name = leaf.field()
        if name not in TEXT_FIELDS and name not in ENTITY_FIELDS:
            continue
        if isinstance(leaf, wq.Phrase):
            words = tuple(str(w) for w in leaf.words)
            if name in TEXT_FIELDS:
                if (words, leaf.slop) not in found.matchers.phrases:
                    found.matchers.phrases.append((words, max(1, leaf.slop)))
            else:
                found.matchers.names.append(NameMatcher(name, words, sequence=True))
        elif isinstance(leaf, wq.Prefix | wq.Wildcard):
            if name in TEXT_FIELDS:
                pattern = f"{leaf.text}*" if isinstance(leaf, wq.Prefix) else str(leaf.text)
                found.patterns.append(re.compile(fnmatch.translate(pattern)))
        elif isinstance(leaf, wq.Term):
            if name in TEXT_FIELDS:
                found.matchers.words.add(str(leaf.text))
            else:
                found.matchers.names.append(NameMatcher(name, (str(leaf.text),), sequence=False))
    return found


def _articles(source: ViewSource, ids: list[str]) -> Iterator[dict[str, object]]:
    for start in range(0, len(ids), READ_PAGE):
        yield from source.stored(ids[start : start + READ_PAGE])


def kwic(
    source: ViewSource, query: str, q: wq.Query, width: int, sort: str, limit: int | None
) -> KwicResult:
    """Every occurrence of what `q` matches in its hits (newest first), sorted, `limit` kept."""
    found = query_matchers(q)
    if not found:
        return KwicResult(query=query, total=0)
    entries: list[KwicEntry] = []
    ids = source.matching_ids(q, by_date=True)
    for order, stored in enumerate(_articles(source, ids)):
        text = str(stored["text"])
        for start, end in article_spans(text, stored.get("analysis"), found.for_text(text)):
            line = KwicLine(
                id=str(stored["id"]),
                title=str(stored.get("title") or "") or None,
                date=str(stored.get("date_str") or "") or None,
                left=one_line(text[max(0, start - width) : start]),
                match=text[start:end],
                right=one_line(text[end : end + width]),
                start=start,
                end=end,
            )
            left, right = context_words(text, start, end)
            entries.append(KwicEntry(line, order, left, right))
    return arranged(query, entries, len(entries), sort, limit)


def trends(
    source: ViewSource, queries: list[tuple[str, wq.Query]], scope: wq.Query, by: str
) -> TrendsResult:
    """Articles per period for each query within `scope`, and their share of the period."""
    if by not in PERIODS:
        raise QueryError(f"unknown period '{by}'; use one of {', '.join(PERIODS)}")
    in_scope = _by_period(source.date_counts(scope), by)
    days = [d for d in (day_of_key(k) for k in source.date_counts(scope)) if d]
    axis = list(period_axis(min(days), max(days), by)) if days else []
    series = []
    for text, q in queries:
        counts = _by_period(source.date_counts(combine([q, scope])), by)
        points = [
            TrendPoint(
                period=period,
                articles=counts[period],
                share=round(counts[period] / in_scope[period], 4) if in_scope[period] else 0.0,
            )
            for period in axis
        ]
        series.append(
            TrendSeries(query=text, total=sum(counts.values()), undated=counts[None], points=points)
        )
    return TrendsResult(by=by, series=series)


def _by_period(day_counts: dict[int, int], by: str) -> Counter[str | None]:
    counts: Counter[str | None] = Counter()
    for key, count in day_counts.items():
        day = day_of_key(key)
        counts[period_of(day, by) if day else None] += count
    return counts


def collocates(
    source: ViewSource,
    word: str,
    node: wq.Query,
    scope: wq.Query,
    window: int,
    measure: str,
    limit: int | None,
    min_count: int,
) -> CollocatesResult:
    """Words within `window` words of the node more often than chance, in `scope`'s articles."""
    check_options(measure, window)
    found = query_matchers(node)
    if not found.matchers.words and not found.matchers.phrases and not found.patterns:
        raise QueryError("collocates need a word or phrase to look around")
    ids = source.matching_ids(scope)
    texts = (str(s["text"]) for s in _articles(source, ids))
    counts, forms, occurrences = _counts(texts, found, window)
    frequencies = source.keyword_hits(sorted(counts))
    corpus_size = max(1, source.body_tokens())
    return ranked(
        word,
        counts,
        forms,
        occurrences,
        window,
        corpus_size,
        lambda key: frequencies.get(key, 0),
        measure,
        limit,
        min_count,
    )


def _counts(
    texts: Iterable[str], found: QueryMatchers, window: int
) -> tuple[dict[str, int], dict[str, dict[str, int]], int]:
    """window_counts, with pattern words expanded per article."""
    if not found.patterns:
        return window_counts(texts, found.matchers, window)
    counts: Counter[str] = Counter()
    forms: dict[str, dict[str, int]] = {}
    occurrences = 0
    for text in texts:
        one, one_forms, seen = window_counts([text], found.for_text(text), window)
        counts.update(one)
        occurrences += seen
        for key, variants in one_forms.items():
            merged = forms.setdefault(key, {})
            for form, n in variants.items():
                merged[form] = merged.get(form, 0) + n
    return dict(counts), forms, occurrences
