"""Named entities (people, organisations, places, groups) found by rules over capitalised phrases.

The text is cut into tokens; runs of capitalised tokens (with name particles and, inside
organisation names, "of"/"for"/"and") form phrases. Each phrase is split into pieces: gazetteer
places, organisations (known names, acronyms, phrases ending in a cue word such as "Ministry"),
titles and roles (cues, dropped) and person names. One-word mentions join a fuller name seen in
the same article ("Macron" after "Emmanuel Macron"); words capitalised only because they start a
sentence or stand in a heading are not entities. The words around a mention ("the news agency
X", "the town of X", "X futures") and the layout of the page (`wire.py`: datelines, bylines,
headings) settle what the capitals alone cannot. Word lists live in `data/entity_words.txt`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .gazetteer import Lexicon, fold, lexicon, word_sections
from .wire import (
    dateline_places,
    heading_spans,
    is_byline,
    quoted_title_spans,
    shouted_spans,
)

PERSON, ORG, PLACE, GROUP = "person", "org", "place", "group"
NOT_A_NAME = ""
WORDS = word_sections("entity_words.txt")

TOKEN_RE = re.compile(
    r"""
    (?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Maj|Rev|St|Inc|Corp|Ltd|Co)\.
                                          # title and company abbreviations
    | (?:[A-Z]\.){2,}                     # U.S., J.D., U.K.
    | [A-Z]\.(?=[ \t]?[A-Z])              # a lone initial: George W. Bush, J. Smith
    | [^\W\d_](?:\w|['’.\-](?=\w))*       # words, with inner apostrophes, hyphens, dots
    | \d[\w,.]*\w|\d                      # numbers break name runs
    | [^\w\s]                             # punctuation, one mark at a time
    """,
    re.VERBOSE,
)
PARTICLES = WORDS["particles"]
HYPHEN_PARTICLE_RE = re.compile(r"^(?:al|el|ad|as|ash|ar|an|at|bin|ibn|abu|abd|ben)-[A-Z]")
ORG_CONNECTORS = frozenset({"of", "for", "and", "the", "&"})
ORG_CONNECTORS_INSIDE = ORG_CONNECTORS | {"on", "in"}
MONTH_ABBREVIATION_RE = re.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?$")
LEADING_ORG_CUES = WORDS["leading_org_cues"]
SPEECH_VERBS_AFTER_NAME = WORDS["speech_verbs_after_name"]
SENTENCE_END = frozenset(".!?")
PREPOSITIONS = WORDS["prepositions"]
OPENERS = frozenset("“‘\"'([—–-")
PLACE_CUES = WORDS["place_cues"]
VERB_AFTER_RE = re.compile(
    r"(?:[a-z]+ed|has|had|have|is|was|will|would|could|can|may|said|says|told|declined)$"
)
"""A verb right after "the X" makes X the subject, a named body ("the Eurostar cancelled")."""
TITLE_CASE_WORDS = WORDS["title_case_words"]
"""Function words capitalised inside a phrase mark a title or slogan ("No Books On A Dead Planet")."""
STRONG_TITLES = WORDS["strong_titles"]
"""Titles that make a lone capitalised word after them a person ("Secretary Lindqvist")."""
GEO_HEADS = WORDS["geo_heads"]
"""Heads of place names built with "of"/"de": "Sea of Japan", "Gulf of Aden"."""
PERSON_TITLES = WORDS["person_titles"]
"""Roles that end an organisation name: "European Commission President …"."""
GERUND_RE = re.compile(r"(?:ing|ed|ly)$")
MAX_PLACE_TOKENS = 5


@dataclass(slots=True)
class Token:
    """One token with its offsets; `cap` when it can belong to a name."""

    text: str
    start: int
    end: int
    cap: bool
    sentence_start: bool = False
    possessive: str = ""
    """The possessive ending cut off ("'s" or "’s"), if any."""
    modifier: bool = False
    """Cut from a qualifier such as "Ohio-based": a name may end here, never go on."""


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


FEMALE_TITLES = WORDS["female_titles"]
ORG_NOUNS = WORDS["org_nouns"]
MEDIA_NOUNS = WORDS["media_nouns"]
MISC_HEADS = WORDS["misc_heads"]
FOREIGN_ARTICLES = WORDS["foreign_articles"]
COMPANY_SUFFIXES = WORDS["company_suffixes"]
TITLE_SURNAMES = WORDS["title_surnames"]
ROMAN_NUMERALS = WORDS["roman_numerals"]
PLACE_NOUNS = WORDS["place_nouns"]
MONTHS_AND_DAYS = WORDS["months_and_days"]
FIRM_QUALIFIER_RE = re.compile(r"-(?:based|listed|registered|headquartered)\b", re.I)
GROUP_NOUNS = WORDS["group_nouns"]
COMPASS_POINTS = frozenset({"North", "South", "East", "West"})
MISC_AFTER = WORDS["misc_after"]
MISC_AFTER_TWO = frozenset({"industrial", "stock", "share", "composite"})
ON_BODIES = WORDS["on_bodies"]
CONTINENTS = WORDS["continents"]
PLACE_NOUNS_AFTER = WORDS["place_nouns_after"]
GOVERNMENT_HEADS = frozenset({"Ministry", "Department", "Office"})
ADJECTIVE_RE = re.compile(r"(?:an|ese|ish|av|ic|i)$")
"""Endings of nationality adjectives ("Yugoslav news agency"): an outlet's name is not one."""
DIGIT_RE = re.compile(r"\d")
MODIFIER_RE = re.compile(rf"-(?:{'|'.join(sorted(WORDS['modifier_suffixes']))})$", re.I)
"""A hyphenated qualifier ("Ohio-based"): only the part before the hyphen may be a name."""
MALE_TITLES = WORDS["male_titles"]


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets; a trailing possessive 's is cut off and remembered."""
    tokens: list[Token] = []
    append = tokens.append
    particle = HYPHEN_PARTICLE_RE.match
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        start, end = match.span()
        possessive = ""
        if len(word) > 2 and word.endswith(POSSESSIVE_ENDINGS):
            word, end, possessive = word[:-2], end - 2, word[-2:]
        first = word[0]
        cap = (first.isupper() and first.isalpha()) or (first in "aeib" and bool(particle(word)))
        qualifier = None
        if not word.isalpha():
            if cap and (len(word) > 4 or not word.isalnum()) and DIGIT_RE.search(word):
                cap = False  # "DRAGON-24", "F-16": codes, not names ("G7" stays a body)
            qualifier = MODIFIER_RE.search(word) if "-" in word else None
            if qualifier and qualifier.start() > 0:
                word, end = word[: qualifier.start()], start + qualifier.start()
        append(Token(word, start, end, cap, False, possessive, qualifier is not None))
    _mark_sentence_starts(tokens, text)
    return tokens


def _mark_sentence_starts(tokens: list[Token], text: str) -> None:
    """Flag the first word of each sentence, paragraph and quotation."""
    expect = True
    previous_end = 0
    for token in tokens:
        start = token.start
        gap_has_newline = start > previous_end + 1 and "\n" in text[previous_end:start]
        if gap_has_newline and BLANK_LINE_RE.search(text, previous_end, start):
            expect = True
        word = token.text
        if word[0].isalnum():
            token.sentence_start = expect
            expect = False
        elif word in SENTENCE_OPENERS:
            expect = True
        elif word in STRAIGHT_QUOTES and (start > previous_end or not previous_end):
            # Words opening a quotation are capitalised by position.
            expect = True
        previous_end = token.end


BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")
SENTENCE_OPENERS = frozenset({".", "!", "?", ":", ";", "“", "‘", "—", "–"})
STRAIGHT_QUOTES = frozenset({'"', "'"})
POSSESSIVE_ENDINGS = ("'s", "’s")


def _gap_ok(text: str, left: Token, right: Token) -> bool:
    """Names continue across one space or one line break, never across punctuation.

    A possessive ends a name ("Trump's team") unless it is a common noun inside an
    organisation's name ("People's Democratic Congress").
    """
    if left.modifier:
        return False
    gap = text[left.end : right.start]
    if left.possessive:
        if left.text.lower() not in lexicon().stopwords:
            return False
        gap = gap[2:]
    return len(gap) <= 3 and gap.strip() == "" and gap.count("\n") <= 1


def phrases(tokens: list[Token], text: str, lex: Lexicon) -> list[list[Token]]:
    """Maximal capitalised runs, joined over particles and organisation connectors."""
    runs: list[list[Token]] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        particle_led = (
            tok.text in PARTICLES
            and i + 1 < n
            and tokens[i + 1].cap
            and _gap_ok(text, tok, tokens[i + 1])
            and not tokens[i + 1].sentence_start
        )
        if not (tok.cap or particle_led):
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < n:
            nxt = tokens[j]
            if not _gap_ok(text, run[-1], nxt):
                break
            if nxt.cap:
                run.append(nxt)
                j += 1
                continue
            joined = _connector_span(tokens, j, run, text, lex)
            if not joined:
                break
            run.extend(tokens[j:joined])
            j = joined
        runs.append(run)
        i = j
    return runs


def _connector_span(tokens: list[Token], j: int, run: list[Token], text: str, lex: Lexicon) -> int:
    """If tokens[j:] is a particle or connector leading to more name words, the index after them."""
    word = tokens[j].text
    n = len(tokens)
    if word == "of" and run[-1].text in COMPANY_SUFFIXES:
        return 0  # "Dow Chemical Co of the United States": the company, then a place
    if word == "in" and j + 1 < n and any(t.text == "for" for t in run) and _org_mode(run, lex):
        # "Organisation for Security and Cooperation in Europe"
        place = _place_at([t.text for t in tokens[j + 1 : j + 1 + MAX_PLACE_TOKENS]], 0, lex)
        wide = place and (place[1] in lex.countries or place[1] in CONTINENTS)
        if wide and _gap_ok(text, tokens[j], tokens[j + 1]):
            return j + 1
    if word == "&" and j + 1 < n and tokens[j + 1].cap:
        return j + 1  # "Harrow & Finch", "Procter & Gamble": only firms are written so
    if word in {"of", "de"} and run[-1].text in GEO_HEADS and j + 1 < n and tokens[j + 1].cap:
        return j + 1
    if (
        word in PARTICLES
        and j + 1 < n
        and tokens[j + 1].cap
        and _gap_ok(text, tokens[j], tokens[j + 1])
    ):
        if word not in ORG_CONNECTORS or _org_mode(run, lex):
            return j + 1
        if tokens[j + 1].text in PARTICLES:
            return j + 1
    if word in PARTICLES and j + 2 < n and tokens[j + 1].text in PARTICLES:
        nxt = tokens[j + 2]
        if nxt.cap and _gap_ok(text, tokens[j + 1], nxt):
            return j + 2
    if word == "on" and run[-1].text in ON_BODIES and j + 1 < n and tokens[j + 1].cap:
        nxt = tokens[j + 1]
        if (
            nxt.text.lower() not in lex.stopwords
            and not MONTH_ABBREVIATION_RE.match(nxt.text)
            and _gap_ok(text, tokens[j], nxt)
        ):
            return j + 1  # "Commission on Presidential Debates", "Council on Foreign Relations"
    if word not in ORG_CONNECTORS:
        return 0
    k = j + 1
    if word == "of" and k < n and tokens[k].text == "the" and _gap_ok(text, tokens[j], tokens[k]):
        k += 1
    if k >= n or not tokens[k].cap or not _gap_ok(text, tokens[k - 1], tokens[k]):
        return 0
    if tokens[k].text.lower() in lex.stopwords:
        return 0
    if word == "and" and (tokens[k].text in lex.female_names or tokens[k].text in lex.male_names):
        return 0
    complete = len(run) > 1 and _is_cue(run[-1].text, lex)
    if word == "and" and (tokens[k].text in lex.place_forms or complete):
        return 0  # "the Commission and Norvik Industries": two bodies, not one
    if _org_mode(run, lex):
        return k
    if word == "of":
        # "Strait of Hormuz", "Horn of Africa": a place name with "of" inside.
        for size in (1, 2):
            left = " ".join(t.text for t in run[-size:])
            if f"{left} of {tokens[k].text}" in lex.place_forms:
                return k
    return 0


def _is_cue(word: str, lex: Lexicon) -> bool:
    """An organisation head word, singular or plural ("School", "Schools")."""
    return word in lex.org_cues or (word.endswith("s") and word[:-1] in lex.org_cues)


def _org_mode(run: list[Token], lex: Lexicon) -> bool:
    """The run so far names an organisation (so "of"/"and" may continue it)."""
    return any(_is_cue(t.text, lex) for t in run) and not all(
        t.text.lower() in lex.titles for t in run
    )


def _is_title(word: str, lex: Lexicon) -> bool:
    """A title or role word; hyphenated ranks count when every part is one ("Major-General")."""
    lowered = word.lower()
    if lowered in lex.titles or lowered.rstrip(".") in lex.titles:
        return True
    return "-" in lowered and all(part in lex.titles for part in lowered.split("-"))


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalnum()


def _place_at(words: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """Longest gazetteer match starting at i: (length, canonical)."""
    for size in range(min(MAX_PLACE_TOKENS, len(words) - i), 0, -1):
        form = " ".join(words[i : i + size])
        canonical = lex.place_forms.get(form)
        if canonical is None and form.isupper() and len(form) > 3:
            canonical = lex.place_forms_folded.get(fold(form))
        if canonical is not None:
            return size, canonical
    return None


def _org_end(words: list[str], i: int, lex: Lexicon) -> int:
    """Index after the organisation starting at i, or 0: a cue word ends it, "of …" extends it."""
    if words[i] in LEADING_ORG_CUES and len(words) > i + 1:
        return len(words)
    if words[i] == "Air" and i + 1 < len(words):
        place = _place_at(words, i + 1, lex)
        if place:
            return i + 1 + place[0]  # "Air France", "Air India": an airline
    end = 0
    k = i
    while k < len(words):
        word = words[k]
        connected = k + 1 < len(words) and words[k + 1] in ORG_CONNECTORS_INSIDE
        if _is_cue(word, lex) and (k > i or word in lex.org_names or connected):
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
        place = _place_at(words, j, lex)
        if place and j + place[0] == end:
            return j, place[1]
    return None


def _name_like(word: str, lex: Lexicon) -> bool:
    """Could be part of a person's name: capitalised, not a title, cue, place or stopword."""
    return (
        word[:1].isupper()
        and not _is_title(word, lex)
        and word.lower() not in lex.stopwords
        and word not in lex.demonyms
        and not _is_cue(word, lex)
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
    if i + 1 < n and words[i] in FOREIGN_ARTICLES and not _place_at(words, i, lex):
        return [_mention(run, i, n, ORG)]  # "Le Matin", "Der Spiegel": a title, so a body
    title_case = any(w in TITLE_CASE_WORDS for w in words[i + 1 :])
    titled = False
    gender: str | None = None
    while i < n:
        word = words[i]
        place = _place_at(words, i, lex)
        org_end = _org_end(words, i, lex)
        place_len = place[0] if place else 0
        if word == "The" and i + 1 < n and _place_at(words, i + 1, lex):
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
        acronym = _is_acronym(word) and not _is_title(word, lex) and word.lower() not in lower_words
        if word in lex.org_names or (acronym and word.lower() not in lex.stopwords):
            initials = (
                word not in lex.org_names
                and len(word.replace(".", "")) <= 3
                and i + 1 < n
                and _name_like(words[i + 1], lex)
            )
            if not initials:
                follower = _place_at(words, i + 1, lex) if i + 1 < n else None
                span = 1 + follower[0] if follower and i + 1 + follower[0] == n else 1
                # "BBC Scotland", "Amnesty International UK": a branch named by its place.
                mentions.append(_mention(run, i, i + span, ORG))
                i, titled, gender = i + span, False, None
                continue
        lowered = word.lower()
        if _is_cue(word, lex) and not _is_title(word, lex):
            # A lone head word ("the Commission said") may stand for a fuller name nearby.
            mentions.append(_mention(run, i, i + 1, ORG))
            i, titled, gender = i + 1, False, None
            continue
        particle_led = word in PARTICLES and i + 1 < n and _name_like(words[i + 1], lex)
        if not (initials_or_name(word, lex) or particle_led):
            if word in lex.demonyms and word.endswith("s") and i == n - 1 and not titled:
                mentions.append(_mention(run, i, i + 1, GROUP))
            elif _is_title(word, lex):
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
        if end < n and _is_title(words[end], lex) and end + 1 < n:
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
    return _name_like(word, lex) or (_is_acronym(word) and not _is_title(word, lex))


def _drop_initial(words: list[str], i: int, lex: Lexicon, lower_words: set[str]) -> bool:
    """True for a sentence-initial word that is an ordinary word, not part of a name."""
    word = words[i]
    if _place_at(words, i, lex) or word in lex.org_names or _is_title(word, lex):
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


def extract(text: str, header: str | None = None) -> Extraction:
    """Entities of one article: each once, with canonical name, aliases and mention offsets.

    `header` is the line shown apart from the body (headline, or a dateline or byline taken for
    one): its names count ("LONDON 1996-08-30" files from London), but offsets index `text`.
    """
    if not header or not header.strip():
        return _extract(text)
    line = header.replace("\n", " ").strip()
    prefix = line + "\n\n"
    return _shift(_extract(prefix + text, len(line)), len(prefix))


def _shift(extraction: Extraction, offset: int) -> Extraction:
    """The extraction of header + body seen from the body: header mentions counted, not located.

    Everything in `extraction` was made for this call alone, so it is shifted in place.
    """
    for found in extraction.entities:
        inside = [(s - offset, e - offset) for s, e in found.mentions if s >= offset]
        found.header_mentions = len(found.mentions) - len(inside)
        found.mentions = inside
    tokens = [t for t in extraction.tokens if t.start >= offset]
    for token in tokens:
        token.start -= offset
        token.end -= offset
    pairs = [(m, f) for m, f in extraction.mentions if m.start >= offset]
    for mention, _ in pairs:
        mention.start -= offset
        mention.end -= offset
    return Extraction(entities=extraction.entities, mentions=pairs, tokens=tokens)


def _extract(text: str, header_end: int = 0) -> Extraction:
    """`text[:header_end]` is a headline: a heading whatever its case."""
    lex = lexicon()
    tokens = tokenize(text)
    lower_words = {t.text for t in tokens if t.text[:1].islower()}
    raw: list[Mention] = []
    datelines = dateline_places(text, lex)
    starts = {start for start, _, _ in datelines}
    headings = heading_spans(text)
    if header_end and not (headings and headings[0][0] == 0):
        headings.insert(0, (0, header_end))
    headings = [h for h in headings if not is_byline(text, h, starts, lex)]
    for start, end, canonical in datelines:
        raw.append(Mention(text[start:end], PLACE, start, end, [canonical], dateline=True))
    spans = [(start, end) for start, end, _ in datelines]
    for run in phrases(tokens, text, lex):
        if not (spans and _in_spans(run[0].start, spans)):
            raw.extend(classify(run, lex, lower_words))
    _mark_speech_follows(raw, tokens, text)
    _mark_shouted(raw, text)
    titles = quoted_title_spans(text)
    raw = [m for m in raw if not (titles and _in_spans(m.start, titles)) or m.type == PLACE]
    raw = [m for m in raw if not m.misc or m.type == PLACE or m.surface in lex.org_names]
    return _resolve(raw, lex, lower_words, headings, tokens)


def _mark_speech_follows(mentions: list[Mention], tokens: list[Token], text: str) -> None:
    """Flag what the words around each mention show: a speech verb after it ("Parnell said"),
    a title, an organisation or place noun beside it, "the" or "in" before it."""
    lex = lexicon()
    ends = {t.end: k for k, t in enumerate(tokens)}
    starts = {t.start: k for k, t in enumerate(tokens)}
    for mention in mentions:
        k = ends.get(mention.end)
        first = starts.get(mention.start, 0)
        after_preposition = first > 0 and tokens[first - 1].text in PREPOSITIONS
        if k is not None and k + 1 < len(tokens) and not after_preposition:
            mention.speech_follows = tokens[k + 1].text in SPEECH_VERBS_AFTER_NAME
        follower = tokens[k + 1].text if k is not None and k + 1 < len(tokens) else "."
        before = tokens[first - 1].text if first > 0 else "."
        if before in PERSON_TITLES or before in STRONG_TITLES:
            mention.titled = True  # "Indonesian president Suharto"
        owner = k is not None and bool(tokens[k].possessive)  # "Vipheak's newspaper"
        of_place = before == "of" and first > 1 and tokens[first - 2].text in PLACE_NOUNS
        place_after = follower in PLACE_NOUNS_AFTER and not owner
        if mention.type == PERSON and (of_place or place_after or _before_its_region(tokens, k)):
            mention.type, mention.tokens = PLACE, [mention.surface]  # "the town of Bou Haroun"
        mention.after_in = before in {"in", "near"} and not owner  # not "in Scott's district"
        if follower == "news" and k is not None and k + 2 < len(tokens):
            follower = tokens[k + 2].text  # "Itar-Tass news agency"
        adjective = " " not in mention.surface and ADJECTIVE_RE.search(mention.surface)
        outlet = follower in MEDIA_NOUNS and not owner and not adjective
        movement = (
            follower in GROUP_NOUNS
            and " " in mention.surface
            and not owner
            and mention.tokens[0] not in lex.female_names
            and mention.tokens[0] not in lex.male_names
        )  # "the Democracy Wall movement", not "the Anna Berg campaign"
        based = (
            first > 0
            and tokens[first - 1].modifier
            and FIRM_QUALIFIER_RE.match(text, tokens[first - 1].end)
        )  # "Ohio-based KeyCorp"
        mention.org_context = before in ORG_NOUNS or outlet or movement or bool(based)
        numbered = follower[:1].isdigit()  # "the channel France 5": a name cut by its number
        if (
            mention.type == PLACE
            and before in MEDIA_NOUNS
            and not mention.dateline
            and not numbered
        ):
            mention.type, mention.org_context = ORG, True  # "the official newspaper Granma"
        mention.misc = follower in MISC_AFTER or (
            follower in MISC_AFTER_TWO
            and k is not None
            and k + 2 < len(tokens)
            and tokens[k + 2].text in MISC_AFTER
        )
        mention.after_the = (
            first > 0
            and tokens[first - 1].text in {"the", "The"}
            and "-" not in mention.surface
            and (not follower[0].isalpha() or bool(VERB_AFTER_RE.match(follower)))
        )


def _before_its_region(tokens: list[Token], k: int | None) -> bool:
    """ "Lockerbie, Scotland." / "Troy, Tennessee": a name, a comma, a known place, a stop."""
    if k is None or k + 3 >= len(tokens) or tokens[k + 1].text != ",":
        return False
    region, after = tokens[k + 2], tokens[k + 3]
    if region.possessive or region.text not in lexicon().place_forms:
        return False
    return not after.text[0].isalnum() and after.start - region.end <= 1


def _mark_shouted(mentions: list[Mention], text: str) -> None:
    """Flag mentions on lines of two or more words in capitals only (headlines, table heads)."""
    spans = shouted_spans(text)
    if spans:
        for mention in mentions:
            mention.shouted = _in_spans(mention.start, spans)


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`pos` lies in one of the sorted, disjoint `spans`."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _resolve(
    raw: list[Mention],
    lex: Lexicon,
    lower_words: set[str],
    headings: list[tuple[int, int]],
    tokens: list[Token],
) -> Extraction:
    resolver = _Resolver(lex)
    body = [m for m in raw if not _in_spans(m.start, headings)]
    heading_mentions = [m for m in raw if _in_spans(m.start, headings)]
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
        in_heading = _in_spans(mention.start, headings)
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
                acronym = _is_acronym(word) and not mention.shouted
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
            _is_acronym(surface)
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
