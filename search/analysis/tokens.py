"""Cutting text into tokens and tokens into capitalised phrases, the raw material of names.

A token knows its offsets, whether it can belong to a name (capitalised, or a name particle such
as "al-"), whether it opens a sentence, and the possessive or "-based" qualifier cut from it.
Phrases are maximal runs of such tokens, joined over particles and, inside an organisation's
name, over "of"/"for"/"and" ("Ministry of Commerce").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    COMPANY_SUFFIXES,
    CONTINENTS,
    GEO_HEADS,
    MODIFIER_SUFFIXES,
    ON_BODIES,
    PARTICLES,
    Lexicon,
    fold,
    lexicon,
)

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
HYPHEN_PARTICLE_RE = re.compile(r"^(?:al|el|ad|as|ash|ar|an|at|bin|ibn|abu|abd|ben)-[A-Z]")
ORG_CONNECTORS = frozenset({"of", "for", "and", "the", "&"})
ORG_CONNECTORS_INSIDE = ORG_CONNECTORS | {"on", "in"}
MONTH_ABBREVIATION_RE = re.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?$")
DIGIT_RE = re.compile(r"\d")
MODIFIER_RE = re.compile(rf"-(?:{'|'.join(sorted(MODIFIER_SUFFIXES))})$", re.I)
"""A hyphenated qualifier ("Ohio-based"): only the part before the hyphen may be a name."""
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
    if word == "in" and j + 1 < n and any(t.text == "for" for t in run) and org_mode(run, lex):
        # "Organisation for Security and Cooperation in Europe"
        place = place_at([t.text for t in tokens[j + 1 : j + 1 + MAX_PLACE_TOKENS]], 0, lex)
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
        if word not in ORG_CONNECTORS or org_mode(run, lex):
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
    complete = len(run) > 1 and is_cue(run[-1].text, lex)
    if word == "and" and (tokens[k].text in lex.place_forms or complete):
        return 0  # "the Commission and Norvik Industries": two bodies, not one
    if org_mode(run, lex):
        return k
    if word == "of":
        # "Strait of Hormuz", "Horn of Africa": a place name with "of" inside.
        for size in (1, 2):
            left = " ".join(t.text for t in run[-size:])
            if f"{left} of {tokens[k].text}" in lex.place_forms:
                return k
    return 0


def is_cue(word: str, lex: Lexicon) -> bool:
    """An organisation head word, singular or plural ("School", "Schools")."""
    return word in lex.org_cues or (word.endswith("s") and word[:-1] in lex.org_cues)


def org_mode(run: list[Token], lex: Lexicon) -> bool:
    """The run so far names an organisation (so "of"/"and" may continue it)."""
    return any(is_cue(t.text, lex) for t in run) and not all(
        t.text.lower() in lex.titles for t in run
    )


def place_at(words: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """Longest gazetteer match starting at i: (length, canonical)."""
    for size in range(min(MAX_PLACE_TOKENS, len(words) - i), 0, -1):
        form = " ".join(words[i : i + size])
        canonical = lex.place_forms.get(form)
        if canonical is None and form.isupper() and len(form) > 3:
            canonical = lex.place_forms_folded.get(fold(form))
        if canonical is not None:
            return size, canonical
    return None
