"""The shipped word lists (places, given names, titles, organisation cues), loaded once, lazily.

Everything is read from `search/data/` on first use and cached for the life of the process, so
importing the engine stays cheap and analysing many articles pays the load only once.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


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


def fold(text: str) -> str:
    """Lower-case and strip accents, so "LAGOS", "Lagos" and "Lagós" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _read_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


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


@cache
def lexicon() -> Lexicon:
    """Load every list once; about 10 ms on first call."""
    places = json.loads(_read_text("places.json"))
    given = json.loads(_read_text("given_names.json"))
    stopwords = frozenset(w.lower() for w in _words("stopwords.txt"))
    titles = frozenset(w.lower() for w in _words("titles.txt"))
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
