"""Collocates: words that occur within `window` words of a node word more often than chance.

Counts are of word occurrences (by stem, shown in their most frequent lower-case form) within the
window around each occurrence of the node, in the articles in scope. Expected counts come from the
whole index: each word's corpus frequency and the corpus size, read from Whoosh's term statistics.
Two measures, as in AntConc: log-likelihood (G², signed; the default, reliable at low counts) and
mutual information (MI, log2 of observed over expected; favours rare, exclusive pairs).
Function words ("the", "of", "is") are left out: they sit next to every word. Words seen fewer
than `min_count` times near the node are left out too (2 on the command line: one meeting is
no evidence of a pattern, and MI ranks such chance pairs highest).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel, Field
from whoosh import query as wq
from whoosh.searching import Searcher

from ..errors import QueryError
from ..folding import fold
from .common import matching_docnums
from .kwic import Matchers, article_spans, build_matchers
from .related import log_likelihood
from .tokens import TOKEN_RE, stem

MEASURES = ("ll", "mi")
DEFAULT_WINDOW = 5
MAX_WINDOW = 50
CHARS_PER_WORD = 30
"""How far to read either side of a match per word of window (long words included)."""


class Collocate(BaseModel):
    """A word near the node: `count` co-occurrences within the window, and its score."""

    word: str
    count: int
    score: float


@dataclass(frozen=True)
class CollocatesRequest:
    """One collocates question as a backend receives it: every backend takes the same."""

    word: str
    """The node as the user typed it, echoed in the result."""
    node: wq.Query
    scope: wq.Query
    """The articles to count in (the node's own hits within the query and filters)."""
    window: int = DEFAULT_WINDOW
    measure: str = "ll"
    limit: int | None = None
    min_count: int = 1


class CollocatesResult(BaseModel):
    """`collocates --json`."""

    word: str
    collocates: list[Collocate] = Field(default_factory=list)


@cache
def function_words() -> frozenset[str]:
    """The shipped function-word list, folded."""
    text = resources.files("corpus_tui.search").joinpath("data", "function_words.txt")
    words = []
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.extend(fold(w) for w in line.split())
    return frozenset(words)


def collocates(
    searcher: Searcher,
    word: str,
    node: wq.Query,
    scope: wq.Query,
    window: int = DEFAULT_WINDOW,
    measure: str = "ll",
    limit: int | None = None,
    min_count: int = 1,
    frequencies: dict[str, int] | None = None,
) -> CollocatesResult:
    """Collocates of the words `node` matches, in the articles `scope` matches.

    `frequencies` are corpus counts by stem (see views.frequencies); without them each word is
    looked up in the index."""
    check_options(measure, window)
    matchers = build_matchers(node, searcher)
    if not matchers.words and not matchers.phrases:
        raise QueryError("collocates need a word or phrase to look around")
    reader = searcher.reader()
    texts = (str(reader.stored_fields(n)["text"]) for n in matching_docnums(searcher, scope))
    counts, forms, occurrences = window_counts(texts, matchers, window)

    def frequency(key: str) -> int:
        known = frequencies.get(key) if frequencies is not None else None
        return known if known is not None else int(reader.frequency("body", key))

    corpus_size = max(1, int(reader.field_length("body")))
    return ranked(
        word, counts, forms, occurrences, window, corpus_size, frequency, measure, limit, min_count
    )


def check_options(measure: str, window: int) -> None:
    """Refuse an unknown measure or a window out of range, in one line."""
    if measure not in MEASURES:
        raise QueryError(f"unknown measure '{measure}'; use one of {', '.join(MEASURES)}")
    if not 1 <= window <= MAX_WINDOW:
        raise QueryError(f"the window must be between 1 and {MAX_WINDOW} words")


def ranked(
    word: str,
    counts: dict[str, int],
    forms: dict[str, dict[str, int]],
    occurrences: int,
    window: int,
    corpus_size: int,
    frequency: Callable[[str], int],
    measure: str,
    limit: int | None,
    min_count: int,
) -> CollocatesResult:
    """Score the words seen near the node against their corpus frequency, best first."""
    window_size = max(1, occurrences * 2 * window)

    def score(count: int, frequency_: int) -> float:
        if measure == "mi":
            return math.log2(count * corpus_size / (window_size * frequency_))
        total = max(corpus_size, window_size + frequency_)
        return log_likelihood(count, window_size, frequency_, total)

    listed: list[Collocate] = []
    ranked_keys = sorted((k for k in counts if counts[k] >= min_count), key=lambda k: -counts[k])
    for key in ranked_keys:
        count = counts[key]
        if measure == "ll" and limit is not None and len(listed) >= limit:
            # A word's score only falls as its corpus frequency rises, so the best a word seen
            # `count` times can score is as if it occurred nowhere else; once that cannot beat
            # the current top `limit`, no rarer-in-the-window word can either.
            listed.sort(key=lambda c: (-c.score, -c.count, c.word))
            del listed[limit:]
            if score(count, count) < listed[-1].score:
                break
        word_form = max(forms[key], key=lambda f: (forms[key][f], f))
        listed.append(
            Collocate(
                word=word_form,
                count=count,
                score=round(score(count, max(count, frequency(key))), 4),
            )
        )
    listed.sort(key=lambda c: (-c.score, -c.count, c.word))
    return CollocatesResult(word=word, collocates=listed[:limit] if limit is not None else listed)


def window_counts(
    texts: Iterable[str], matchers: Matchers, window: int
) -> tuple[dict[str, int], dict[str, dict[str, int]], int]:
    """Counts by stem of the words within `window` words of each node occurrence in `texts`,
    the lower-case forms each stem was seen in, and the number of occurrences."""
    skip = function_words()
    counts: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    occurrences = 0
    reach = window * CHARS_PER_WORD
    for text in texts:
        for start, end in article_spans(text, None, matchers):
            occurrences += 1
            left = TOKEN_RE.findall(text, max(0, start - reach), start)[-window:]
            right = TOKEN_RE.findall(text, end, end + reach)[:window]
            for token in left + right:
                lower = token.lower()
                if lower in skip or token.isdigit():
                    continue
                key = stem(token)
                if not key or key in matchers.words:
                    continue
                counts[key] = counts.get(key, 0) + 1
                seen = forms.setdefault(key, {})
                seen[lower] = seen.get(lower, 0) + 1
    return counts, forms, occurrences
