"""Keyword in context: one line per occurrence of what a query matches, in every matching article.

Words match as search matches them (stemmed, accent-folded, wildcards and fuzzy terms expanded
against the index vocabulary); phrases match as consecutive words; entity fields (`person:`,
`org:`, `place:`, `speaker:`) match an entity by any of its names, and every stored mention of that
entity is a line, so `person:"Emmanuel Macron"` also finds "Macron" alone. Words under NOT match
nothing. Offsets are Python string indices into the article's `show` text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from ..models import Span
from ..query import expand_leaf
from ..schema import ENTITY_FIELDS
from .common import column, matching_docnums, positive_leaves
from .tokens import TOKEN_RE, plain_tokens, stem, term_spans

DEFAULT_WIDTH = 40
SORT_KEYS = ("date", "left", "right", "1L", "2L", "3L", "1R", "2R", "3R")
CONTEXT_WORDS = 3
"""Words each side that sort keys look at."""
CONTEXT_CHARS = 120
"""How far to read for them (three long words and their spaces)."""
_WHITESPACE = re.compile(r"\s")
TEXT_FIELDS = frozenset({"title", "body"})
ENTITY_TYPE = {"person": "person", "org": "org", "place": "place", "speaker": "person"}


class KwicLine(BaseModel):
    """One occurrence: the match and `width` characters either side, on one line."""

    id: str
    title: str | None = None
    date: str | None = None
    left: str
    match: str
    right: str
    start: int
    end: int


class KwicResult(BaseModel):
    """`kwic --json`: `total` counts every line, `lines` holds the ones within the limit."""

    query: str
    total: int
    lines: list[KwicLine] = Field(default_factory=list)


@dataclass
class NameMatcher:
    """An entity-field leaf: words that must appear in order (phrase) or any one word."""

    field: str
    words: tuple[str, ...]
    sequence: bool

    def matches(self, forms: Iterable[str]) -> bool:
        """Whether one of an entity's names (canonical or alias) satisfies the leaf."""
        for form in forms:
            tokens = plain_tokens(form)
            if self.sequence:
                size = len(self.words)
                if any(tokens[i : i + size] == self.words for i in range(len(tokens) - size + 1)):
                    return True
            elif any(word in self.words for word in tokens):
                return True
        return False


@dataclass
class Matchers:
    """What to look for in an article's text and entities, from a query's positive leaves."""

    words: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    names: list[NameMatcher] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.names)

    def add_phrase(self, name: str, leaf: wq.Phrase) -> None:
        """A phrase leaf: consecutive words in the text, or a sequence in an entity's names."""
        words = tuple(str(w) for w in leaf.words)
        if name in TEXT_FIELDS:
            if (words, leaf.slop) not in self.phrases:
                self.phrases.append((words, max(1, leaf.slop)))
        else:
            self.names.append(NameMatcher(name, words, sequence=True))


def build_matchers(q: wq.Query, searcher: Searcher) -> Matchers:
    """Index forms of the words, phrases and names the query's positive leaves look for."""
    found = Matchers()
    readers = [sub for sub, _ in searcher.reader().leaf_readers()]
    for name, leaf in matchable_leaves(q):
        if isinstance(leaf, wq.Phrase):
            found.add_phrase(name, leaf)
            continue
        if name in TEXT_FIELDS and name != "body":
            leaf = leaf.copy()
            leaf.fieldname = "body"  # the title's words are looked up in the text's vocabulary
        words = _expanded(leaf, readers)
        if name in TEXT_FIELDS:
            found.words |= words
        elif words:
            found.names.append(NameMatcher(name, tuple(sorted(words)), sequence=False))
    return found


def matchable_leaves(q: wq.Query) -> Iterator[tuple[str, wq.Query]]:
    """The query's positive leaves on the text or an entity field, with their field names."""
    for leaf in positive_leaves(q):
        name = leaf.field()
        if name in TEXT_FIELDS or name in ENTITY_FIELDS:
            yield name, leaf


def _expanded(leaf: wq.Query, readers: list[object]) -> set[str]:
    """The indexed terms a leaf stands for, wildcards and fuzzy terms expanded per segment."""
    if isinstance(leaf, wq.Term):
        return {str(leaf.text)}
    return expand_leaf(leaf, readers)


@dataclass
class KwicEntry:
    """A line with what sorting needs: article order, and the words around the match."""

    line: KwicLine
    order: int
    left: list[str]
    right: list[str]


@dataclass
class KwicMemo:
    """The last full scan, so re-sorting the same lines (the app's `s`) reads nothing again."""

    key: tuple[object, ...] | None = None
    entries: list[KwicEntry] = field(default_factory=list)


def kwic(
    searcher: Searcher,
    query: str,
    q: wq.Query,
    width: int = DEFAULT_WIDTH,
    sort: str = "date",
    limit: int | None = None,
    memo: KwicMemo | None = None,
) -> KwicResult:
    """Every occurrence of what `q` matches in its hits, sorted, `limit` lines kept.

    In article order with a limit, only the articles that fill the limit are read when the
    query is words alone: the total then comes from the index's per-article term counts, which
    count the same tokens the scan would find. A full scan is kept in `memo` for re-sorting.
    """
    key = (searcher.reader().generation(), repr(q), width)
    if memo is not None and memo.key == key:
        return arranged(query, memo.entries, len(memo.entries), sort, limit)
    matchers = build_matchers(q, searcher)
    if not matchers:
        return KwicResult(query=query, total=0)
    docnums = newest_first(searcher, matching_docnums(searcher, q))
    reader = searcher.reader()
    words_only = not matchers.phrases and not matchers.names
    early_stop = sort == "date" and limit is not None and words_only
    entries: list[KwicEntry] = []
    for order, docnum in enumerate(docnums):
        if early_stop and limit is not None and len(entries) >= limit:
            break
        stored = reader.stored_fields(docnum)
        text = str(stored["text"])
        for start, end in article_spans(text, stored.get("analysis"), matchers):
            line = KwicLine(
                id=stored["id"],
                title=stored.get("title") or None,
                date=stored.get("date_str") or None,
                left=one_line(text[max(0, start - width) : start]),
                match=text[start:end],
                right=one_line(text[end : end + width]),
                start=start,
                end=end,
            )
            left, right = ([], []) if early_stop else context_words(text, start, end)
            entries.append(KwicEntry(line, order, left, right))
    total = len(entries)
    if early_stop and len(entries) >= (limit or 0):
        total = _occurrences(searcher, set(docnums), matchers.words)
    elif memo is not None:
        memo.key, memo.entries = key, entries
    return arranged(query, entries, total, sort, limit)


def arranged(
    query: str, entries: list[KwicEntry], total: int, sort: str, limit: int | None
) -> KwicResult:
    ordered = sorted(entries, key=lambda entry: _sort_key(entry, sort))
    kept = ordered[:limit] if limit is not None else ordered
    return KwicResult(query=query, total=total, lines=[entry.line for entry in kept])


def newest_first(searcher: Searcher, docnums: list[int]) -> list[int]:
    """Document numbers in article order: newest first, undated last, then by id."""
    dates, ids = column(searcher, "datekey"), column(searcher, "id")
    return sorted(docnums, key=lambda n: (-int(dates[n]), str(ids[n])))


def _occurrences(searcher: Searcher, docnums: set[int], terms: set[str]) -> int:
    """How many times the terms occur in the body of the given articles (from the postings)."""
    reader = searcher.reader()
    total = 0
    for term in terms:
        try:
            postings = reader.postings("body", term)
        except TermNotFound:
            continue
        while postings.is_active():
            if postings.id() in docnums:
                total += int(postings.weight())
            postings.next()
    return total


def article_spans(text: str, analysis: object, matchers: Matchers) -> list[Span]:
    """Offsets of every occurrence in one article, without duplicates or spans inside others."""
    spans: set[Span] = set()
    if matchers.words:
        spans.update(term_spans(text, matchers.words))
    for words, slop in matchers.phrases:
        spans.update(_phrase_spans(text, words, slop))
    if matchers.names and analysis:
        spans.update(_entity_spans(json.loads(str(analysis)), matchers.names))
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    for span in ordered:
        if kept and span[1] <= kept[-1][1]:
            continue  # inside a longer match (a word of a phrase, a surname in a full name)
        kept.append(span)
    return kept


def _phrase_spans(text: str, words: tuple[str, ...], slop: int) -> list[Span]:
    """Spans from the first word to the last, each word within `slop` tokens of the one before."""
    spans: list[Span] = []
    for start, end in term_spans(text, {words[0]}):
        for word in words[1:]:
            following = TOKEN_RE.finditer(text, end)
            found = next(
                (
                    m.end()
                    for _, m in zip(range(slop), following, strict=False)
                    if stem(m.group()) == word
                ),
                None,
            )
            if found is None:
                break
            end = found
        else:
            spans.append((start, end))
    return spans


def _entity_spans(
    analysis: dict[str, list[dict[str, Any]]], names: list[NameMatcher]
) -> list[Span]:
    """Every mention of each entity one of the name leaves matches."""
    entities = analysis.get("entities", [])
    speakers = {q.get("speaker") for q in analysis.get("quotes", [])}
    spans: list[Span] = []
    for entity in entities:
        forms = [entity["name"], *entity.get("aliases", [])]
        for matcher in names:
            if entity["type"] != ENTITY_TYPE[matcher.field]:
                continue
            if matcher.field == "speaker" and entity["name"] not in speakers:
                continue
            if matcher.matches(forms):
                spans.extend((int(s), int(e)) for s, e in entity.get("mentions", []))
                break
    return spans


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def context_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The lowercased words before (nearest first) and after a match, for sorting."""
    before = TOKEN_RE.findall(text, max(0, start - CONTEXT_CHARS), start)[-CONTEXT_WORDS:]
    after = TOKEN_RE.findall(text, end, end + CONTEXT_CHARS)[:CONTEXT_WORDS]
    return [w.lower() for w in reversed(before)], [w.lower() for w in after]


def _sort_key(entry: KwicEntry, sort: str) -> tuple[object, ...]:
    """Article order (newest first) and position, or the words around the match."""
    position = (entry.order, entry.line.start)
    if sort == "date":
        return position
    match = entry.line.match.lower()
    if sort == "left":
        return (entry.left, match, *position)
    if sort == "right":
        return (entry.right, match, *position)
    side = entry.left if sort.endswith("L") else entry.right
    n = int(sort[0]) - 1
    return (side[n] if n < len(side) else "", side, match, *position)
