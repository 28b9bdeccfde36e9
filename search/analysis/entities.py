"""Classifying capitalised phrases: each is split into places, organisations, groups, titles
and person names.

Places come from the gazetteer, organisations from known names, acronyms and phrases ending in
a cue word ("Ministry"); titles and roles are cues, dropped, that mark the person after them.
Words capitalised only because they open a sentence lose their capital's credit. The words
around a mention (`extract`) and the rest of the article (`names`) settle what is left open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    FEMALE_TITLES,
    FOREIGN_ARTICLES,
    GEO_HEADS,
    LEADING_ORG_CUES,
    MALE_TITLES,
    MISC_HEADS,
    MONTHS_AND_DAYS,
    PARTICLES,
    PERSON_TITLES,
    PLACE_CUES,
    ROMAN_NUMERALS,
    STRONG_TITLES,
    TITLE_CASE_WORDS,
    TITLE_SURNAMES,
    Lexicon,
)
from .tokens import (
    HYPHEN_PARTICLE_RE,
    ORG_CONNECTORS,
    ORG_CONNECTORS_INSIDE,
    Token,
    is_cue,
    place_at,
)

PERSON, ORG, PLACE, GROUP = "person", "org", "place", "group"
GERUND_RE = re.compile(r"(?:ing|ed|ly)$")
COMPASS_POINTS = frozenset({"North", "South", "East", "West"})
GOVERNMENT_HEADS = frozenset({"Ministry", "Department", "Office"})


@dataclass
class Mention:
    """A piece of a capitalised phrase, classified; `surface` is the text as written."""

    surface: str
    type: str
    start: int
    end: int
    tokens: list[str]
    titled: bool = False
    """A person title or role came right before it ("President Trump")."""
    gender: str | None = None
    """"f"/"m" when a title shows it (Mrs, Mr, spokeswoman)."""
    speech_follows: bool = False
    """A speech verb follows directly ("Parnell said")."""
    sentence_start: bool = False
    after_the: bool = False
    """Directly preceded by "the"."""
    dateline: bool = False
    """Named by the dateline, so a place whatever the gazetteer says."""
    org_context: bool = False
    """An organisation noun stands beside it ("the news agency Tanjug", "Le Matin newspaper")."""
    short: str = ""
    """A shorter form the name goes by, not written here ("Foreign Ministry")."""
    after_in: bool = False
    """Right after "in" or "near", where a lone unknown name is most often a place."""
    misc: bool = False
    """Followed by a word that makes it an index or a product ("Dow Jones industrial average")."""
    shouted: bool = False
    """On a line written all in capitals, where capitals prove nothing ("STOCKS GOLD METALS")."""


def is_title(word: str, lex: Lexicon) -> bool:
    """A title or role word; hyphenated ranks count when every part is one ("Major-General")."""
    lowered = word.lower()
    if lowered in lex.titles or lowered.rstrip(".") in lex.titles:
        return True
    return "-" in lowered and all(part in lex.titles for part in lowered.split("-"))


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalnum()


def _org_end(words: list[str], i: int, lex: Lexicon) -> int:
    """Index after the organisation starting at i, or 0: a cue word ends it, "of …" extends it."""
    if words[i] in LEADING_ORG_CUES and len(words) > i + 1:
        return len(words)
    if words[i] == "Air" and i + 1 < len(words):
        place = place_at(words, i + 1, lex)
        if place:
            return i + 1 + place[0]  # "Air France", "Air India": an airline
    end = 0
    k = i
    while k < len(words):
        word = words[k]
        connected = k + 1 < len(words) and words[k + 1] in ORG_CONNECTORS_INSIDE
        if is_cue(word, lex) and (k > i or word in lex.org_names or connected):
            end = k + 1
            if connected:
                # "Ministry of Commerce", "Centre for Democracy and Development".
                k += 1
                while k < len(words) and words[k].lower() not in PERSON_TITLES:
                    if words[k] not in ORG_CONNECTORS:
                        end = k + 1
                    k += 1
                return end
        elif word.lower() in PERSON_TITLES:
            break
        k += 1
    return end


def _place_ending(words: list[str], i: int, end: int, lex: Lexicon) -> tuple[int, str] | None:
    """(start, canonical) of a gazetteer place that ends words[i:end] after demonyms only."""
    for j in range(i + 1, end):
        if words[j - 1] not in lex.demonyms:
            return None
        place = place_at(words, j, lex)
        if place and j + place[0] == end:
            return j, place[1]
    return None


def _name_like(word: str, lex: Lexicon) -> bool:
    """Could be part of a person's name: capitalised, not a title, cue, place or stopword."""
    return (
        word[:1].isupper()
        and not is_title(word, lex)
        and word.lower() not in lex.stopwords
        and word not in lex.demonyms
        and not is_cue(word, lex)
    ) or bool(HYPHEN_PARTICLE_RE.match(word))


def classify(run: list[Token], lex: Lexicon, lower_words: set[str]) -> list[Mention]:
    """Split one capitalised run into typed mentions; titles and roles become cues."""
    if run[-1].modifier:
        return []  # "Boston-based", "Hong Kong-listed": a qualifier, not a mention
    words = [t.text for t in run]
    mentions: list[Mention] = []
    i, n = 0, len(words)
    # Sentence-initial words that are ordinary words lose their capital's credit.
    while i < n and run[i].sentence_start and _drop_initial(words, i, lex, lower_words):
        i += 1
    if i < n and "&" in words[i:]:
        return [_mention(run, i, n, ORG)]
    if i + 2 < n and words[i] in GEO_HEADS and words[i + 1] in {"of", "de"}:
        mention = _mention(run, i, n, PLACE)
        mention.tokens = [mention.surface]
        return [mention]
    if n - i > 1 and any(w in MISC_HEADS for w in words[i + 1 :]):
        return []  # "Labour Day", "Cultural Revolution", "Peking Protocol": events and laws
    if i + 1 < n and words[i] in FOREIGN_ARTICLES and not place_at(words, i, lex):
        return [_mention(run, i, n, ORG)]  # "Le Matin", "Der Spiegel": a title, so a body
    title_case = any(w in TITLE_CASE_WORDS for w in words[i + 1 :])
    titled = False
    gender: str | None = None
    while i < n:
        word = words[i]
        place = place_at(words, i, lex)
        org_end = _org_end(words, i, lex)
        place_len = place[0] if place else 0
        if word == "The" and i + 1 < n and place_at(words, i + 1, lex):
            i += 1  # "The United States", "The Netherlands": the article, then the place
            continue
        if org_end > i and org_end - i > place_len:
            tail = _place_ending(words, i, org_end, lex)
            if tail is not None:
                # "Jewish West Bank settlements": a qualifier, then a place ending in a cue word
                mention = _mention(run, tail[0], org_end, PLACE)
                mention.tokens = [tail[1]]
                mentions.append(mention)
                i, titled, gender = org_end, False, None
                continue
            start = i + 1 if word == "The" and org_end - i > 2 else i
            while start < org_end - 1 and words[start].lower() in MONTHS_AND_DAYS:
                start += 1  # "the September Treasury bond future"
            if (
                org_end - start > 2
                and words[start] in lex.demonyms
                and words[org_end - 1] in GOVERNMENT_HEADS
            ):
                # "German Foreign Ministry" is also known as "Foreign Ministry".
                mention = _mention(run, start, org_end, ORG)
                mention.short = _surface(run[start + 1 : org_end])
                mentions.append(mention)
                i, titled, gender = org_end, False, None
                continue
            mentions.append(_mention(run, start, org_end, ORG))
            i, titled, gender = org_end, False, None
            continue
        if place:
            size, canonical = place
            rest = words[i + size :]
            if rest and rest[0] in PLACE_CUES:
                mention = _mention(run, i, i + size + 1, PLACE)
                mention.tokens = [mention.surface]
                mentions.append(mention)
                i, titled, gender = i + size + 1, False, None
                continue
            if (
                size == 1
                and len(rest) == 1
                and _name_like(rest[0], lex)
                and not rest[0].isupper()
                and "." not in word
            ):
                # "Israel Katz", "Jordan Bardella": a place word used as a given name.
                mentions.append(_person(run, i, n, titled, gender))
                break
            mention = _mention(run, i, i + size, PLACE)
            mention.tokens = [canonical]
            mentions.append(mention)
            i, titled, gender = i + size, False, None
            continue
        acronym = is_acronym(word) and not is_title(word, lex) and word.lower() not in lower_words
        if word in lex.org_names or (acronym and word.lower() not in lex.stopwords):
            initials = (
                word not in lex.org_names
                and len(word.replace(".", "")) <= 3
                and i + 1 < n
                and _name_like(words[i + 1], lex)
            )
            if not initials:
                follower = place_at(words, i + 1, lex) if i + 1 < n else None
                span = 1 + follower[0] if follower and i + 1 + follower[0] == n else 1
                # "BBC Scotland", "Amnesty International UK": a branch named by its place.
                mentions.append(_mention(run, i, i + span, ORG))
                i, titled, gender = i + span, False, None
                continue
        lowered = word.lower()
        if is_cue(word, lex) and not is_title(word, lex):
            # A lone head word ("the Commission said") may stand for a fuller name nearby.
            mentions.append(_mention(run, i, i + 1, ORG))
            i, titled, gender = i + 1, False, None
            continue
        particle_led = word in PARTICLES and i + 1 < n and _name_like(words[i + 1], lex)
        if not (initials_or_name(word, lex) or particle_led):
            if word in lex.demonyms and word.endswith("s") and i == n - 1 and not titled:
                mentions.append(_mention(run, i, i + 1, GROUP))
            elif is_title(word, lex):
                titled = titled or lowered in PERSON_TITLES or lowered in STRONG_TITLES
                if lowered in FEMALE_TITLES:
                    gender = "f"
                elif lowered in MALE_TITLES:
                    gender = "m"
            i += 1
            continue
        end = i + 1
        while end < n and (words[end] in PARTICLES or _name_like(words[end], lex)):
            end += 1
        if end < n and (
            words[end] in ROMAN_NUMERALS or end + 1 == n and words[end] in TITLE_SURNAMES
        ):
            end += 1  # "Elizabeth I", "Pope John Paul II"; "John Major", "Martin Luther King"
        if end < n and is_title(words[end], lex) and end + 1 < n:
            # "Kyiv Mayor Vitali Klitschko": what precedes the title is a qualifier, not a name.
            i = end
            continue
        if title_case:
            # "No Books On A Dead Planet": a title or slogan, not a name.
            i = end
            continue
        if words[end - 1] in PLACE_CUES and end - i > 1:
            mention = _mention(run, i, end, PLACE)
            mention.tokens = [mention.surface]
            mentions.append(mention)
        elif end - i > 1 and len(words[end - 1]) == 1 and words[end - 1] not in ROMAN_NUMERALS:
            pass  # "Plan B", "Grade A": a label, not a name
        else:
            mentions.append(_person(run, i, end, titled, gender))
        i, titled, gender = end, False, None
    return mentions


def initials_or_name(word: str, lex: Lexicon) -> bool:
    """Can start a person's name (an initial, an unknown acronym such as "JD", a name word)."""
    return _name_like(word, lex) or (is_acronym(word) and not is_title(word, lex))


def _drop_initial(words: list[str], i: int, lex: Lexicon, lower_words: set[str]) -> bool:
    """True for a sentence-initial word that is an ordinary word, not part of a name."""
    word = words[i]
    if place_at(words, i, lex) or word in lex.org_names or is_title(word, lex):
        return False
    if word.lower() in PARTICLES:
        return False
    if word.lower() in lex.stopwords or word.lower() in lower_words:
        return True
    if word in lex.female_names or word in lex.male_names:
        return False
    return bool(GERUND_RE.search(word)) and i + 1 < len(words)


def _mention(run: list[Token], i: int, end: int, kind: str) -> Mention:
    words = [t.text for t in run[i:end]]
    return Mention(
        surface=_surface(run[i:end]),
        type=kind,
        start=run[i].start,
        end=run[end - 1].end,
        tokens=words,
        sentence_start=run[i].sentence_start,
    )


def _surface(tokens: list[Token]) -> str:
    """The words as written, possessives inside kept, spacing and line breaks normalised."""
    parts = [tokens[0].text]
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        parts.append(prev.possessive + " " + tok.text)
    return "".join(parts)


def _person(run: list[Token], i: int, end: int, titled: bool, gender: str | None) -> Mention:
    mention = _mention(run, i, end, PERSON)
    mention.titled = titled
    mention.gender = gender
    return mention
