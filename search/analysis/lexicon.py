"""Every word list the analysis consults, read from `search/data/`: one home for each list.

The gazetteer (places, given names, titles, organisation cues) and the quotation cue words are
read on first use and cached for the life of the process, so importing the engine stays cheap
and analysing many articles pays the load only once. The entity rules' small lists
(`entity_words.txt`, the sections of `titles.txt`, the starred speech verbs) are read at import,
as module constants.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..folding import fold


@dataclass(frozen=True)
class Lexicon:
    """All the lists the extractors consult; sets for O(1) membership tests."""

    place_forms: dict[str, str]
    """Surface form -> canonical place name ("U.S." -> "United States", "Kyiv" -> "Kyiv")."""
    place_forms_folded: dict[str, str]
    """Case- and accent-folded surface form -> canonical, for all-caps datelines ("LAGOS")."""
    countries: frozenset[str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    titles: frozenset[str]
    """Lower-cased title and role words ("president", "mr.")."""
    org_cues: frozenset[str]
    org_names: frozenset[str]
    stopwords: frozenset[str]
    """Lower-cased words that are capitalised only by position."""
    demonyms: frozenset[str]


DATA_PACKAGE = __name__.rsplit(".", 2)[0] + ".data"
"""`corpus_tui.search.data`: the word lists ship as a data-only package beside the engine."""


def _read_text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _words(name: str) -> list[str]:
    """Whitespace-separated words of a data file, skipping `#` comment lines."""
    words: list[str] = []
    for line in _read_text(name).splitlines():
        if not line.startswith("#"):
            words.extend(line.split())
    return words


@cache
def word_sections(name: str) -> dict[str, frozenset[str]]:
    """A data file of `[section]` headers, each followed by its words; `#` lines are comments."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in _read_text(name).splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1], set())
        elif current is not None and not stripped.startswith("#"):
            current.update(stripped.split())
    return {key: frozenset(words) for key, words in sections.items()}


ENTITY_WORDS = word_sections("entity_words.txt")
"""The entity rules' word lists, one `[section]` each, case as written."""
PARTICLES = ENTITY_WORDS["particles"]
LEADING_ORG_CUES = ENTITY_WORDS["leading_org_cues"]
PREPOSITIONS = ENTITY_WORDS["prepositions"]
PLACE_CUES = ENTITY_WORDS["place_cues"]
TITLE_CASE_WORDS = ENTITY_WORDS["title_case_words"]
"""Function words capitalised inside a phrase mark a title or slogan ("No Books On A Dead Planet")."""
GEO_HEADS = ENTITY_WORDS["geo_heads"]
"""Heads of place names built with "of"/"de": "Sea of Japan", "Gulf of Aden"."""
MODIFIER_SUFFIXES = ENTITY_WORDS["modifier_suffixes"]
ORG_NOUNS = ENTITY_WORDS["org_nouns"]
MEDIA_NOUNS = ENTITY_WORDS["media_nouns"]
MISC_HEADS = ENTITY_WORDS["misc_heads"]
FOREIGN_ARTICLES = ENTITY_WORDS["foreign_articles"]
COMPANY_SUFFIXES = ENTITY_WORDS["company_suffixes"]
TITLE_SURNAMES = ENTITY_WORDS["title_surnames"]
ROMAN_NUMERALS = ENTITY_WORDS["roman_numerals"]
PLACE_NOUNS = ENTITY_WORDS["place_nouns"]
PLACE_NOUNS_AFTER = ENTITY_WORDS["place_nouns_after"]
ON_BODIES = ENTITY_WORDS["on_bodies"]
CONTINENTS = ENTITY_WORDS["continents"]
MISC_AFTER = ENTITY_WORDS["misc_after"]
GROUP_NOUNS = ENTITY_WORDS["group_nouns"]
MONTHS_AND_DAYS = ENTITY_WORDS["months_and_days"]

TITLE_SECTIONS = word_sections("titles.txt")
"""Title and role words, each once, in the section of what else it tells ("strong female")."""


def _titles_tagged(tag: str) -> frozenset[str]:
    """The titles of every section whose name includes `tag`."""
    return frozenset(
        w for key, words in TITLE_SECTIONS.items() if tag in key.split() for w in words
    )


STRONG_TITLES = _titles_tagged("strong")
"""Titles that make a lone capitalised word after them a person ("Secretary Lindqvist")."""
PERSON_TITLES = _titles_tagged("role")
"""Roles that end an organisation name: "European Commission President …"."""
FEMALE_TITLES = _titles_tagged("female")
MALE_TITLES = _titles_tagged("male")
SPEECH_MARK = "*"
"""Marks a speech verb that also makes the name right before it a speaker's ("Parnell said*")."""
SPEECH_VERBS_AFTER_NAME = frozenset(
    w.removesuffix(SPEECH_MARK) for w in _words("speech_verbs.txt") if w.endswith(SPEECH_MARK)
)


@cache
def wire_agencies() -> frozenset[str]:
    """Agency names written in wire datelines ("AFP", "dpa"), case kept: "TT" is not "tt"."""
    return frozenset(_words("wire_agencies.txt"))


@cache
def lexicon() -> Lexicon:
    """Load every list once; about 10 ms on first call."""
    places = json.loads(_read_text("places.json"))
    given = json.loads(_read_text("given_names.json"))
    stopwords = frozenset(w.lower() for w in _words("stopwords.txt"))
    titles = frozenset(w.lower() for words in TITLE_SECTIONS.values() for w in words)
    forms: dict[str, str] = {name: name for name in places["places"]}
    forms.update(places["aliases"])
    # A place spelled like a function or title word ("Central", "Of") is never read as a place.
    demonyms = frozenset(_words("demonyms.txt"))
    blocked = stopwords | titles | {d.lower() for d in demonyms}
    forms = {k: v for k, v in forms.items() if k.isupper() or k.lower() not in blocked}
    folded: dict[str, str] = {}
    for form, canonical in forms.items():
        folded.setdefault(fold(form), canonical)
    return Lexicon(
        place_forms=forms,
        place_forms_folded=folded,
        countries=frozenset(places["countries"]),
        female_names=frozenset(given["female"]),
        male_names=frozenset(given["male"]),
        titles=titles,
        org_cues=frozenset(_words("org_cues.txt")),
        org_names=frozenset(_words("org_names.txt")),
        stopwords=stopwords,
        demonyms=demonyms,
    )


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
    verbs = frozenset(w.removesuffix(SPEECH_MARK).lower() for w in _words("speech_verbs.txt"))
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
