"""Collocates: words that occur within `window` words of a node word more often than chance.

Counts are of word occurrences (by stem, shown in their most frequent lower-case form) within the
window around each occurrence of the node, in the articles in scope. Expected counts come from the
whole index: each word's corpus frequency and the corpus size, read from Whoosh's term statistics.
Two measures, as in AntConc: log-likelihood (G², signed; the default, reliable at low counts) and
mutual information (MI, log2 of observed over expected; favours rare, exclusive pairs).
Function words ("the", "of", "is") are left out: they sit next to every word.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from importlib import resources

from pydantic import BaseModel, Field
from whoosh import query as wq
from whoosh.searching import Searcher

from ..errors import QueryError
from ..gazetteer import fold
from .kwic import article_spans, build_matchers
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
) -> CollocatesResult:
    """Collocates of the words `node` matches, in the articles `scope` matches."""
    if measure not in MEASURES:
        raise QueryError(f"unknown measure '{measure}'; use one of {', '.join(MEASURES)}")
    if not 1 <= window <= MAX_WINDOW:
        raise QueryError(f"the window must be between 1 and {MAX_WINDOW} words")
    matchers = build_matchers(node, searcher)
    if not matchers.words and not matchers.phrases:
        raise QueryError("collocates need a word or phrase to look around")
    skip = function_words()
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    occurrences = 0
    reach = window * CHARS_PER_WORD
    for hit in searcher.search(scope, limit=None):
        stored = hit.fields()
        text = str(stored["text"])
        for start, end in article_spans(text, None, matchers):
            occurrences += 1
            left = TOKEN_RE.findall(text, max(0, start - reach), start)[-window:]
            right = TOKEN_RE.findall(text, end, end + reach)[:window]
            for token in left + right:
                lower = token.lower()
                if fold(lower) in skip or token.isdigit():
                    continue
                key = stem(token)
                if not key or key in matchers.words:
                    continue
                counts[key] += 1
                forms.setdefault(key, Counter())[lower] += 1
    reader = searcher.reader()
    corpus_size = max(1, int(reader.field_length("body")))
    window_size = max(1, occurrences * 2 * window)
    listed = []
    for key, count in counts.items():
        if count < min_count:
            continue
        frequency = max(count, int(reader.frequency("body", key)))
        if measure == "mi":
            score = math.log2(count * corpus_size / (window_size * frequency))
        else:
            score = log_likelihood(
                count, window_size, frequency, max(corpus_size, window_size + frequency)
            )
        word_form = forms[key].most_common(1)[0][0]
        listed.append(Collocate(word=word_form, count=count, score=round(score, 4)))
    listed.sort(key=lambda c: (-c.score, -c.count, c.word))
    return CollocatesResult(word=word, collocates=listed[:limit] if limit is not None else listed)
