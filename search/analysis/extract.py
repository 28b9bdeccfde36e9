"""An article's entities, from its text and layout: the pipeline from tokens to resolved names.

Datelines name places whatever the gazetteer says; headings, bylines and shouted lines are
known before any word is looked at (`wire`). Each phrase is classified (`entities`), the words
around each mention mark what the capitals alone cannot ("the news agency X", "the town of X",
"X said"), and the mentions are resolved into entities (`names`).
"""

from __future__ import annotations

import re

from .entities import ORG, PERSON, PLACE, Mention, classify
from .lexicon import (
    GROUP_NOUNS,
    MEDIA_NOUNS,
    MISC_AFTER,
    ORG_NOUNS,
    PERSON_TITLES,
    PLACE_NOUNS,
    PLACE_NOUNS_AFTER,
    PREPOSITIONS,
    SPEECH_VERBS_AFTER_NAME,
    STRONG_TITLES,
    lexicon,
)
from .names import Extraction, resolve
from .tokens import Token, phrases, tokenize
from .wire import (
    dateline_places,
    heading_spans,
    in_spans,
    is_byline,
    quoted_title_spans,
    shouted_spans,
)

VERB_AFTER_RE = re.compile(
    r"(?:[a-z]+ed|has|had|have|is|was|will|would|could|can|may|said|says|told|declined)$"
)
"""A verb right after "the X" makes X the subject, a named body ("the Eurostar cancelled")."""
FIRM_QUALIFIER_RE = re.compile(r"-(?:based|listed|registered|headquartered)\b", re.I)
MISC_AFTER_TWO = frozenset({"industrial", "stock", "share", "composite"})
ADJECTIVE_RE = re.compile(r"(?:an|ese|ish|av|ic|i)$")
"""Endings of nationality adjectives ("Yugoslav news agency"): an outlet's name is not one."""


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
        if not (spans and in_spans(run[0].start, spans)):
            raw.extend(classify(run, lex, lower_words))
    _mark_speech_follows(raw, tokens, text)
    _mark_shouted(raw, text)
    titles = quoted_title_spans(text)
    raw = [m for m in raw if not (titles and in_spans(m.start, titles)) or m.type == PLACE]
    raw = [m for m in raw if not m.misc or m.type == PLACE or m.surface in lex.org_names]
    return resolve(raw, lex, lower_words, headings, tokens)


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
            mention.shouted = in_spans(mention.start, spans)
