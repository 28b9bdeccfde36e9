"""The word lists quotation attribution consults, read from `search/data/` once, lazily."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .gazetteer import _read_text, _words


@dataclass(frozen=True)
class QuoteLexicon:
    """Lower-cased cue words for finding who said a quotation."""

    speech_verbs: frozenset[str]
    """Inflected verbs of saying ("said", "implored", "tweeted")."""
    subject_verbs: frozenset[str]
    """Speech verbs that are also plural nouns ("calls"): verbs only right after a subject."""
    speech_phrases: frozenset[tuple[str, str]]
    """Two-word speech verbs as (verb, particle): ("pointed", "out")."""
    statement_words: frozenset[str]
    """Speech verbs plus nouns of a statement ("concern", "interview")."""
    subject_words: frozenset[str]
    """Words after which a name opens a clause."""
    clause_links: frozenset[str]
    """Words after a quotation that start a new clause."""
    aside_words: frozenset[str]
    """Words that may stand between a speaker's name and the verb ("also")."""
    title_cues: frozenset[str]
    """Words before a quoted Title Case phrase that make it a work's name ("on", "film")."""
    scare_markers: re.Pattern[str]
    """Matches a sentence ending in a marker of a label or scare quote ("so-called")."""


def _lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file, lower-cased and stripped."""
    lines = (line.strip().lower() for line in _read_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def quote_lexicon() -> QuoteLexicon:
    """Load the lists once per process."""
    verbs = frozenset(w.lower() for w in _words("speech_verbs.txt"))
    phrases = frozenset(
        (parts[0], parts[1])
        for parts in (line.split() for line in _lines("speech_phrases.txt"))
        if len(parts) == 2
    )
    markers = sorted(_lines("scare_markers.txt"), key=len, reverse=True)
    pattern = r"(?:" + "|".join(re.escape(m) for m in markers) + r")\s*$"
    return QuoteLexicon(
        speech_verbs=verbs,
        subject_verbs=frozenset(w.lower() for w in _words("speech_verbs_after_subject.txt")),
        speech_phrases=phrases,
        statement_words=verbs
        | {w.lower() for w in _words("statement_words.txt")}
        | {w.lower() for w in _words("speech_verbs_after_subject.txt")},
        subject_words=frozenset(w.lower() for w in _words("subject_words.txt")),
        clause_links=frozenset(w.lower() for w in _words("clause_links.txt")),
        aside_words=frozenset(w.lower() for w in _words("aside_words.txt")),
        title_cues=frozenset(w.lower() for w in _words("title_cues.txt")),
        scare_markers=re.compile(pattern, re.IGNORECASE),
    )
