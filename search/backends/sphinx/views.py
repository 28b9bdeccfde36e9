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
from ...views.collocates import (
    CollocatesRequest,
    CollocatesResult,
    check_options,
    ranked,
    window_counts,
)
from ...views.kwic import (
    TEXT_FIELDS,
    KwicEntry,
    KwicLine,
    KwicResult,
    Matchers,
    NameMatcher,
    arranged,
    article_spans,
    context_words,
    matchable_leaves,
    one_line,
)
from ...views.tokens import TOKEN_RE, stem
from ...views.trends import TrendsResult, check_period, day_of_key, period_of, trends_result

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
    for name, leaf in matchable_leaves(q):
        if isinstance(leaf, wq.Phrase):
            found.matchers.add_phrase(name, leaf)
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
    check_period(by)
    scope_days = source.date_counts(scope)
    days = [d for d in (day_of_key(k) for k in scope_days) if d]
    dated = (min(days), max(days)) if days else None

    def count(q: wq.Query) -> Counter[str | None]:
        return _by_period(source.date_counts(q), by)

    return trends_result(queries, scope, by, _by_period(scope_days, by), dated, count)


def _by_period(day_counts: dict[int, int], by: str) -> Counter[str | None]:
    counts: Counter[str | None] = Counter()
    for key, count in day_counts.items():
        day = day_of_key(key)
        counts[period_of(day, by) if day else None] += count
    return counts


def collocates(source: ViewSource, request: CollocatesRequest) -> CollocatesResult:
    """Words within `window` words of the node more often than chance, in `scope`'s articles."""
    r = request
    check_options(r.measure, r.window)
    found = query_matchers(r.node)
    if not found.matchers.words and not found.matchers.phrases and not found.patterns:
        raise QueryError("collocates need a word or phrase to look around")
    ids = source.matching_ids(r.scope)
    texts = (str(s["text"]) for s in _articles(source, ids))
    counts, forms, occurrences = _counts(texts, found, r.window)
    frequencies = source.keyword_hits(sorted(counts))
    corpus_size = max(1, source.body_tokens())
    return ranked(
        r.word,
        counts,
        forms,
        occurrences,
        r.window,
        corpus_size,
        lambda key: frequencies.get(key, 0),
        r.measure,
        r.limit,
        r.min_count,
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
