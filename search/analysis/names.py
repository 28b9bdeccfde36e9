"""Resolving mentions into the entities of one article: one entity per name, the fullest form
canonical, shorter forms ("Macron", "Foreign Ministry", "EU") as its aliases.

A lone surname joins the one full name it ends; a lone word joins the one organisation it
starts or abbreviates; a phrase the article also writes in lower case is no name; a name once
set beside an organisation noun is that organisation wherever it recurs. Headings name only
what the body names too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .entities import COMPASS_POINTS, GROUP, ORG, PERSON, PLACE, Mention, is_acronym
from .lexicon import PARTICLES, ROMAN_NUMERALS, Lexicon, fold
from .tokens import ORG_CONNECTORS, Token
from .wire import in_spans

NOT_A_NAME = ""


@dataclass
class Found:
    """An entity of one article: canonical name, surface forms, mentions, inferred gender."""

    name: str
    type: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    header_mentions: int = 0
    """Mentions in the headline or header line, which the body offsets cannot point at."""

    @property
    def aliases(self) -> list[str]:
        """Other forms seen, first-seen order, without the canonical name."""
        seen: list[str] = []
        for surface in self.surfaces:
            if surface != self.name and surface not in seen:
                seen.append(surface)
        return seen


@dataclass
class Extraction:
    """Entities of one article plus every kept mention in text order (for quote attribution)."""

    entities: list[Found]
    mentions: list[tuple[Mention, Found]]
    tokens: list[Token]


def _key(words: list[str]) -> list[str]:
    return [fold(w).replace(".", "") for w in words]


def _is_subname(short: list[str], long: list[str]) -> bool:
    """ "Van der Meulen" in "Hendrik van der Meulen"; "Tamer al-Nouri" in "Tamer bin Faisal al-Nouri"."""
    if len(short) >= len(long) or short[-1] != long[-1]:
        return False
    if long[-len(short) :] == short:
        return True
    it = iter(long)
    return short[0] == long[0] and all(word in it for word in short)


def _initials(words: list[str]) -> str:
    """ "Technical University of Munich" -> "TUM" (connectors skipped)."""
    return "".join(w[0] for w in words if w not in ORG_CONNECTORS and w[:1].isupper()).upper()


class _Resolver:
    """Groups mentions into entities: fullest name canonical, short forms as aliases."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.entities: dict[tuple[str, str], Found] = {}
        self.pairs: list[tuple[Mention, Found]] = []

    def add(self, mention: Mention, kind: str, name: str) -> Found:
        key = (kind, fold(name).replace(".", ""))
        found = self.entities.get(key)
        if found is None:
            found = self.entities[key] = Found(name=name, type=kind)
        found.surfaces.append(mention.surface)
        if mention.short:
            found.surfaces.append(mention.short)
        found.mentions.append((mention.start, mention.end))
        if kind == PERSON and mention.gender and not found.gender:
            found.gender = mention.gender
        self.pairs.append((mention, found))
        return found


def resolve(
    raw: list[Mention],
    lex: Lexicon,
    lower_words: set[str],
    headings: list[tuple[int, int]],
    tokens: list[Token],
) -> Extraction:
    resolver = _Resolver(lex)
    body = [m for m in raw if not in_spans(m.start, headings)]
    heading_mentions = [m for m in raw if in_spans(m.start, headings)]
    _bodies_by_context(body)
    for mention in body:
        if (
            mention.type == PERSON
            and len(mention.tokens) > 1
            and not (mention.titled or mention.speech_follows)
            and _common_phrase(mention, lex, lower_words)
        ):
            mention.type = NOT_A_NAME
    full_people = _full_names(body, lex)
    orgs = list({m.surface: m for m in body if m.type == ORG and len(m.tokens) > 1}.values())
    org_names: dict[str, str] = {}
    for mention in sorted(body + heading_mentions, key=lambda m: m.start):
        in_heading = in_spans(mention.start, headings)
        if mention.type == PLACE:
            person = _person_for_word(mention.surface, full_people, last_only=True)
            if person and len(mention.surface.split()) == 1 and not mention.dateline:
                resolver.add(mention, PERSON, person)
            else:
                resolver.add(mention, PLACE, mention.tokens[0])
        elif mention.type == ORG:
            if mention.surface not in org_names:
                org_names[mention.surface] = _org_name(mention, orgs)
            name = org_names[mention.surface]
            if len(mention.tokens) == 1 and name == mention.surface:
                word = mention.surface
                acronym = is_acronym(word) and not mention.shouted
                if not (word in lex.org_names or acronym or mention.org_context):
                    continue
            resolver.add(mention, ORG, name)
        elif mention.type == GROUP:
            if not in_heading:
                resolver.add(mention, GROUP, mention.surface)
        elif mention.type == PERSON:
            name = _person_name(mention, full_people, orgs, lex, lower_words, in_heading)
            if name is None:
                continue
            kind, canonical = name
            resolver.add(mention, kind, canonical)
    found = list(resolver.entities.values())
    for entity in found:
        if entity.type == PERSON and entity.gender is None:
            entity.gender = _gender_of(entity.name, lex)
    pairs = sorted(resolver.pairs, key=lambda pair: pair[0].start)
    return Extraction(entities=found, mentions=pairs, tokens=tokens)


def _bodies_by_context(mentions: list[Mention]) -> None:
    """A name once set beside an organisation noun is that organisation wherever it recurs."""
    named = {m.surface for m in mentions if m.type == PERSON and m.org_context and not m.titled}
    for mention in mentions:
        if mention.surface in named and mention.type == PERSON and not mention.titled:
            mention.type, mention.org_context = ORG, True


def _full_names(mentions: list[Mention], lex: Lexicon) -> dict[str, list[str]]:
    """Canonical multi-word person names of the article -> their folded words."""
    by_key: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        if mention.type != PERSON or len(mention.tokens) < 2:
            continue
        if _has_stopword(mention.tokens, lex):
            continue
        key = tuple(_key(mention.tokens))
        # "K.T. Morrow" and "KT Morrow" are one name: keep the longer spelling.
        if key not in by_key or len(mention.surface) > len(by_key[key]):
            by_key[key] = mention.surface
    names = {surface: list(key) for key, surface in by_key.items()}
    # Shorter forms of a fuller name ("Van der Meulen") point at the fuller one.
    canonical: dict[str, list[str]] = {}
    for surface, words in sorted(names.items(), key=lambda kv: -len(kv[1])):
        longer = [s for s in canonical if _is_subname(words, canonical[s])]
        if len(longer) != 1:
            canonical[surface] = words
    return canonical


def _person_for_word(
    surface: str, full_people: dict[str, list[str]], last_only: bool = False
) -> str | None:
    """The one full name whose surname (or, failing that, given name) this word is."""
    key = fold(surface).replace(".", "")
    by_last = [name for name, words in full_people.items() if words[-1] == key]
    if len(by_last) == 1:
        return by_last[0]
    if by_last or last_only:
        return None
    by_first = [name for name, words in full_people.items() if words[0] == key]
    return by_first[0] if len(by_first) == 1 else None


def _person_name(
    mention: Mention,
    full_people: dict[str, list[str]],
    orgs: list[Mention],
    lex: Lexicon,
    lower_words: set[str],
    in_heading: bool,
) -> tuple[str, str] | None:
    """(type, canonical) for a person-like mention, or None when it is not an entity."""
    words = _key(mention.tokens)
    if len(mention.tokens) > 1:
        for name, full in full_people.items():
            if full == words or _is_subname(words, full):
                return PERSON, name
        if mention.org_context and not mention.titled:
            return ORG, mention.surface
        longer = _longest_covering(
            {m.surface for m in orgs if m.surface.startswith(mention.surface + " ")}
        )
        if longer:
            return ORG, longer  # "Johnson Controls" after "Johnson Controls Inc"
        if in_heading or _has_stopword(mention.tokens, lex):
            return None
        return PERSON, mention.surface
    person = _person_for_word(mention.surface, full_people)
    if person is None and mention.surface.endswith("s") and len(mention.surface) > 3:
        person = _person_for_word(
            mention.surface[:-1], full_people, last_only=True
        )  # "the Clintons"
    if person:
        return PERSON, person
    org = _org_for_word(mention.surface, orgs, mention.sentence_start)
    if org:
        return ORG, org
    if mention.org_context and not mention.titled and not in_heading:
        return ORG, mention.surface
    if in_heading:
        return None
    word = mention.surface
    if word.lower() in lower_words or word.lower() in lex.stopwords:
        return None
    if mention.titled or (mention.speech_follows and not mention.sentence_start):
        return PERSON, word
    if mention.after_in and not mention.sentence_start and _could_be_place(word, lex):
        return PLACE, word  # "from her school in Velten", "a headquarters in Chuman"
    if mention.after_the and word in COMPASS_POINTS:
        return PLACE, word  # "the North accepted": a region
    if mention.after_the and not mention.sentence_start and word not in lex.demonyms:
        return ORG, word  # "the Eurostar", "the Bundesbank": a named body, not a person
    return None


def _has_stopword(words: list[str], lex: Lexicon) -> bool:
    """A function word inside the phrase ("This Week"); a regnal "I" is not one."""
    return any(w.lower() in lex.stopwords and w not in ROMAN_NUMERALS for w in words)


def _could_be_place(word: str, lex: Lexicon) -> bool:
    """Not a nationality or language ("in Hebrew"), not "British-ruled", not a plural noun."""
    parts = word.split("-")
    if any(not p[:1].isupper() or p in lex.demonyms for p in parts):
        return False
    return not word.endswith("ies")


def _common_phrase(mention: Mention, lex: Lexicon, lower_words: set[str]) -> bool:
    """Words the article also writes in lower case ("Financial Data", "Presidential Debates"),
    unless a common given name opens them."""
    first = mention.tokens[0]
    if first in lex.female_names or first in lex.male_names:
        return False
    if any(w.lower() in lower_words for w in mention.tokens if w not in PARTICLES):
        return True
    last = mention.tokens[-1].lower()
    singular = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") else ""
    return bool(singular) and singular in lower_words  # "Government Bonds" beside "bond"


def _org_for_word(word: str, orgs: list[Mention], sentence_start: bool) -> str | None:
    """A one-word mention that is the first word of exactly one longer organisation name."""
    if sentence_start:
        return None
    names = {m.surface for m in orgs if m.tokens[0] == word}
    return _longest_covering(names)


def _longest_covering(names: set[str]) -> str | None:
    """The longest name when every other one is its prefix ("X Industries" in "X Industries Inc.")."""
    if not names:
        return None
    longest = max(names, key=len)
    return longest if all(longest.startswith(name) for name in names) else None


def _org_name(mention: Mention, orgs: list[Mention]) -> str:
    """Canonical organisation name: the longest form this mention abbreviates or starts."""
    surface = mention.surface
    candidates = set()
    for other in orgs:
        if other.surface == surface:
            continue
        if (
            is_acronym(surface)
            and _initials(other.tokens) == surface.replace(".", "")
            or other.surface.startswith(surface + " ")
            and len(other.tokens) > len(mention.tokens)
            or len(mention.tokens) == 1
            and other.tokens[-1] == surface
        ):
            candidates.add(other.surface)
    return _longest_covering(candidates) or surface


def _gender_of(name: str, lex: Lexicon) -> str | None:
    """Gender suggested by a given name found in only one of the census lists."""
    first = name.split()[0]
    female, male = first in lex.female_names, first in lex.male_names
    if female != male:
        return "f" if female else "m"
    return None
