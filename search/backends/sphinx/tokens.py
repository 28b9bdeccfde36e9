"""The words Sphinx indexes, made by our own analyzers so both backends agree term for term.

Sphinx is given text that is already tokenised, stemmed and accent-folded by the Whoosh
analyzers (`schema.py`), and a query term from the parsed Whoosh tree is already in that form, so
the two sides cannot disagree on stemming, British spellings or accents. A token Sphinx would cut
in two (a character outside its charset table) is written as one hex word on both sides.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cache, lru_cache

from whoosh.analysis import Analyzer

from ...schema import NAME_SEPARATOR, PREANALYZED, body_analyzer, plain_analyzer
from .conf import word_chars

EVERYTHING = "zzall"
"""The one word of the `everything` field: every article has it, so NOT alone can be asked."""
GAP = "zzgap"
"""Stands where an analyzer left a position gap, so phrase positions match Whoosh's."""
SEPARATOR = NAME_SEPARATOR.strip()
"""Kept between two names (Whoosh leaves a gap there): a phrase cannot span two names."""


@cache
def _analyzers() -> tuple[Analyzer, Analyzer]:
    """The body and plain analyzers, built once per process."""
    return body_analyzer(), plain_analyzer()


@cache
def _one_word() -> re.Pattern[str]:
    """Matches a token made only of characters Sphinx keeps inside a word."""
    chars = "".join(sorted(word_chars()))
    return re.compile(f"[{re.escape(chars)}]+")


def sphinx_word(token: str) -> str:
    """`token` as one Sphinx word: itself, or hex when Sphinx would split it."""
    if token.isascii() and token.replace(".", "").replace("_", "").isalnum():
        return token
    if _one_word().fullmatch(token):
        return token
    return "zzx" + token.encode("utf-8").hex()


def exact_word(value: str) -> str:
    """One word standing for a whole id or path (Whoosh ID fields are matched whole)."""
    return "zzh" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:20]


def _words(analyzer: object, text: str) -> str:
    """Tokens in order, a GAP word for each position the analyzer skipped."""
    words: list[str] = []
    expected = 0
    for token in analyzer(text, positions=True):  # type: ignore[operator]
        words.extend([GAP] * (token.pos - expected))
        words.append(sphinx_word(token.text))
        expected = token.pos + 1
    return " ".join(words)


def _preanalyzed_words(value: str) -> str:
    """Tokens a worker already made for the body (see schema.preanalyze)."""
    text = value[len(PREANALYZED) :]
    if text.isascii() and "  " not in text and not text.startswith(" "):
        plain = text.replace(".", "").replace("_", "").replace(" ", "")
        if not plain or plain.isalnum():
            return text  # the common case: nothing to escape, no gaps
    return " ".join(sphinx_word(t) if t else GAP for t in text.split(" "))


def body_words(value: str) -> str:
    """The body field from the stored field value (pre-analysed or plain text)."""
    if value.startswith(PREANALYZED):
        return _preanalyzed_words(value)
    return _words(_analyzers()[0], value)


def title_words(text: str) -> str:
    return _words(_analyzers()[0], text) if text else ""


def plain_words(text: str) -> str:
    return _words(_analyzers()[1], text) if text else ""


def name_words(joined: str) -> str:
    """Entity names joined by NAME_SEPARATOR; the plain analyzer keeps the separator as a word,
    where Whoosh leaves a one-position gap, so phrase positions agree."""
    if not joined:
        return ""
    return f" {SEPARATOR} ".join(_name(name) for name in joined.split(NAME_SEPARATOR))


@lru_cache(maxsize=65536)
def _name(name: str) -> str:
    """One name's words (names recur across a corpus: each is analysed once)."""
    return _words(_analyzers()[1], name) or GAP


def date_words(datekey: int) -> str:
    """Year, month and day words of a date, so date ranges can sit anywhere in a query."""
    if not datekey:
        return ""
    return f"y{datekey // 10000} m{datekey // 100} d{datekey}"


def range_words(first: date, last: date) -> list[str]:
    """The fewest year, month and day words covering every day from `first` to `last`."""
    words: list[str] = []
    day = first
    while day <= last:
        if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= last:
            words.append(f"y{day.year}")
            day = date(day.year + 1, 1, 1)
            continue
        month_end = _month_end(day)
        if day.day == 1 and month_end <= last:
            words.append(f"m{day.year}{day.month:02d}")
        else:
            words.append(f"d{day.year}{day.month:02d}{day.day:02d}")
            month_end = day
        if month_end.year == 9999 and month_end.month == 12 and month_end.day == 31:
            break
        day = date.fromordinal(month_end.toordinal() + 1)
    return words


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
