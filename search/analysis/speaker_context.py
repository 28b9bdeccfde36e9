"""What speaker attribution reads around a quotation: sentences and clauses, the people and
organisations mentioned (bare surnames included), pronouns and the asides between a name and
its verb. `speakers` builds its patterns on this."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .entities import PERSON, PLACE, Mention
from .lexicon import PREPOSITIONS, fold, lexicon, quote_lexicon
from .names import Extraction, Found
from .quote_finder import QuoteSpan, paragraphs
from .tokens import Token

PRONOUNS = {"he": "m", "she": "f"}
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "who", "we", "i"})
NOT_ABBREVIATION = (
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bGov)(?<!\bProf)(?<!\bLt)(?<!\bCol)(?<!\bNo)(?<!\b[A-Z])(?<!\bRev)(?<!\bDel)"
    r"(?<!\bJr)(?<!\bSr)(?<!\bSens)(?<!\bReps)(?<!\bAdm)(?<!\bCapt)(?<!\bSgt)(?<!\bMaj)"
    r"(?<!\bAtty)(?<!\bGen)(?<!\bHon)(?<!\bMessrs)(?<!\bCmdr)(?<!\bFt)(?<!\bMt)"
)
"""A period after a title abbreviation or an initial does not end a sentence."""
SENTENCE_BREAK_RE = re.compile(
    r"(?=[.!?])" + NOT_ABBREVIATION + r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9]|$)"
)
"""The look-ahead first: the abbreviation checks run only at a full stop."""
CLAUSE_END_RE = re.compile(r"(?=[.!?;])" + NOT_ABBREVIATION + r"[.!?;](?:\s|$)|[“\"‘]")
NICKNAME_IN_NAME_RE = re.compile(r"(?<=[A-Za-z.] )[\"“‘'][A-Z][\w.-]*[\"”’'](?= [A-Z])")
"""A quoted nickname between the parts of a name (Marcia "Cia" Price), blanked in clauses."""
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
SPEAKER_TYPES = frozenset({"person", "org"})
"""Places and groups do not speak ("said Berlin regrets" is reported speech about Berlin)."""
CAPITALISED_RUN_RE = re.compile(
    r"\s*(?:the\s+)?((?:[A-Z][\w’'-]*\.?\s+){0,3}[A-Z][\w’'-]+)(?=\s*[,.:;(]|\s+[a-z]|\s*$)"
)
"""Capitalised words, ending before punctuation or a lower-case word."""
WINDOW = 200
"""How far (characters) past a quotation its attribution may sit."""
PARENTHETICAL_RE = re.compile(r"\([^()\n]*\)|,\s*[A-Z]\.?-[A-Z][A-Za-z. ]*,")
"""Asides between a name and its verb: "(D-Wis.)", ", R-Ky." (party and state)."""
APPOSITION_RE = re.compile(r"\s*,[^;:“”\"]*,\s*")
"""A comma-enclosed description after a name ("Flynn, a top surrogate, said")."""


@dataclass
@dataclass
class PersonMention:
    """A person mentioned in the article, and whether the mention opens a clause."""

    start: int
    end: int
    found: Found
    subject: bool


class SpeakerContext:
    """One article's text and mentions, with the look-ups the attribution patterns use."""

    def __init__(self, text: str, extraction: Extraction) -> None:
        self.text = text
        self.words = quote_lexicon()
        mentions = _with_surnames(text, extraction.mentions)
        self.people = [
            PersonMention(m.start, m.end, f, _is_subject(text, m, extraction.tokens))
            for m, f in mentions
            if f.type == PERSON
        ]
        self.named = [(m.start, m.end, f) for m, f in mentions if f.type in SPEAKER_TYPES]
        self.named_ends = {end for _, end, _ in self.named}
        self.lower_words: set[str] | None = None
        self.places = [(m.start, m.end, f) for m, f in mentions if f.type == PLACE]
        self.people_starts = [p.start for p in self.people]
        self.named_starts = [start for start, _, _ in self.named]
        self.paragraph_spans = paragraphs(text)

    # Context helpers ---------------------------------------------------------------------

    def sentence_before(self, quote: QuoteSpan) -> tuple[int, str]:
        """The start offset and text of the sentence up to the quotation."""
        p_start = self.paragraph_spans[quote.paragraph][0]
        before = self.text[p_start : quote.start]
        cut = 0
        for match in SENTENCE_BREAK_RE.finditer(before):
            cut = match.end()
        return p_start + cut, before[cut:]

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of the non-blank sentences of text[start:end] (titles like "Sen." kept)."""
        spans: list[tuple[int, int]] = []
        at = start
        for match in SENTENCE_BREAK_RE.finditer(self.text, start, end):
            spans.append((at, match.start() + 1))
            at = match.end()
        spans.append((at, end))
        return [(a, b) for a, b in spans if self.text[a:b].strip()]

    def clause_after(self, quote: QuoteSpan) -> str:
        """The words after the quotation up to the end of its sentence (or the next quote)."""
        p_end = self.paragraph_spans[quote.paragraph][1]
        after = NICKNAME_IN_NAME_RE.sub(
            lambda m: " " * len(m.group()), self.text[quote.end : min(p_end, quote.end + WINDOW)]
        )
        stop = CLAUSE_END_RE.search(after)
        return after[: stop.start()] if stop else after

    def person_in(self, start: int, end: int, subject_only: bool = False) -> list[PersonMention]:
        lo = bisect_left(self.people_starts, start)
        hi = bisect_left(self.people_starts, end)
        return [p for p in self.people[lo:hi] if p.subject or not subject_only]

    def named_in(self, start: int, end: int) -> list[tuple[int, int, Found]]:
        """Person and organisation mentions starting in [start, end)."""
        lo = bisect_left(self.named_starts, start)
        return self.named[lo : bisect_left(self.named_starts, end)]

    def places_in(self, start: int, end: int) -> list[tuple[int, int, Found]]:
        """Place mentions in [start, end): a country may speak as the subject of a verb."""
        return [p for p in self.places if start <= p[0] < end]

    def described_by(self, people: list[PersonMention], named: PersonMention) -> PersonMention:
        """The subject whose open apposition holds `named` ("Olivier Kempf, researcher at
        the publication La Vigie, stated"), or `named` itself."""
        for person in people:
            if person is named:
                break
            gap = self.text[person.end : named.start]
            if gap.strip() == "and" and person.end == self.text.rfind(gap, 0, named.start):
                return person  # "Obama and Clinton call them …": the first of the pair
            if person.subject and gap.lstrip().startswith(","):
                words = {w.lower() for w in WORD_RE.findall(gap)}
                if words & PREPOSITIONS and not re.search(r"[.;:]", gap):
                    return person
        return named

    def resolve_pronoun(self, pronoun: str, position: int) -> Found | None:
        """The last person in subject position before `position` whose gender fits he/she;
        failing that, the last person mentioned whose gender fits."""
        gender = PRONOUNS[pronoun_base(pronoun)]
        before = self.people[: bisect_left(self.people_starts, position)]
        candidates = [
            p
            for p in before[-40:]
            if p.end <= position and p.subject and not p.found.name.isupper()
        ]
        for mention in reversed(candidates[-6:]):
            known = _gender(mention.found)
            if known == gender:
                return mention.found
            if known is None:
                mention.found.gender = gender  # the text has now shown it
                return mention.found
        for mention in reversed(before[-12:]):
            if mention.end <= position and _gender(mention.found) == gender:
                return mention.found
        return None

    def attached(self, start: int, end: int) -> bool:
        """Only asides lie between a name ending at `start` and a verb at `end`."""
        gap = PARENTHETICAL_RE.sub(" ", self.text[start:end])
        match = APPOSITION_RE.match(gap)
        if match:
            gap = gap[match.end() :]
        return all(
            w.lower() in self.words.aside_words or (w.endswith("ly") and w.islower())
            for w in WORD_RE.findall(gap)
        ) and not re.search(r"[,;:]", gap)

    def speech_verb_at(self, words: list[re.Match[str]], k: int, base: int) -> bool:
        """Word k (offsets from `base`) is a speech verb, alone or with its particle ("pointed
        out"); a noun-like form ("calls") only right after a pronoun or a name."""
        lowered = words[k].group().lower()
        following = words[k + 1].group().lower() if k + 1 < len(words) else ""
        if lowered in COMPARISON_VERBS and following in {"to", "with"}:
            return False  # "compared to last year": no speech
        if lowered in self.words.speech_verbs:
            return True
        if lowered in self.words.subject_verbs and k > 0 and words[k].group().islower():
            previous = words[k - 1]
            if following in NOUN_FOLLOWERS:
                return False  # "Republican claims as …": a noun
            if previous.group().lower() in SUBJECT_PRONOUNS:
                return True
            return base + previous.end() in self.named_ends
        if k + 1 < len(words):
            return (lowered, words[k + 1].group().lower()) in self.words.speech_phrases
        return False

    def after_preposition(self, position: int) -> bool:
        """The name at `position` is the object of a preposition ("a spokesman for the X")."""
        words = WORD_RE.findall(self.text[max(0, position - 40) : position])
        while words and words[-1].lower() in {"the", "a", "an"}:
            words.pop()
        return bool(words) and words[-1].lower() in PREPOSITIONS

    # Patterns ----------------------------------------------------------------------------

    def proper_word(self, word: str) -> bool:
        """A lone capitalised word that is a name: CamelCase ("PolitiFact"), or never written
        in lower case in the article ("Reuters", unlike "Officials")."""
        if re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", word):
            return True
        if self.lower_words is None:
            self.lower_words = set(re.findall(r"\b[a-z][\w'’-]*", self.text))
        lowered = word.lower()
        return lowered not in self.lower_words and lowered not in lexicon().stopwords

    def unlisted_name(self, start: int, end: int, verb_at: int | None = None) -> Found | None:
        """A capitalised name the entity pass did not list, right at `start` ("said Charlie
        King,"): two words at least, one after a title ("Mr. King"), or one in CamelCase."""
        segment = self.text[start:end]
        match = CAPITALISED_RUN_RE.match(segment)
        if not match:
            return None
        names = lexicon()
        words = match.group(1).split()
        titled = False
        while len(words) > 1 and words[0].lower() in names.titles:
            words.pop(0)
            titled = True
        given = words[0] in names.male_names or words[0] in names.female_names
        if any(w.lower() in names.titles for w in words) and not (given or titled):
            return None
        if " ".join(words) in names.place_forms or words[0].lower() in names.stopwords:
            return None
        if verb_at is not None and not self.attached(start + match.end(1), verb_at):
            return None
        if len(words) == 1 and not (titled or self.proper_word(words[0])):
            return None
        for person in self.people:
            if fold(person.found.name).split()[-1] == fold(words[-1]):
                return person.found
        return Found(name=" ".join(words), type=PERSON)


def pronoun_base(word: str) -> str:
    """ "He’s" and "he's" are "he"."""
    return re.sub(r"['’]s$", "", word.lower())


def _gender(found: Found) -> str | None:
    """The gender the text showed, or the one the given name shows ("Donald" is m)."""
    if found.gender is not None:
        return found.gender
    names = lexicon()
    for word in found.name.split()[:-1]:
        if word in names.female_names and word not in names.male_names:
            return "f"
        if word in names.male_names and word not in names.female_names:
            return "m"
    return None


def _with_surnames(text: str, mentions: list[tuple[Mention, Found]]) -> list[tuple[Mention, Found]]:
    """The mentions, plus each bare surname of a person named in full that the entity pass
    left out or typed otherwise ("Clinton" read as an organisation), so speakers are found.
    A surname two people share goes to the one named most recently before it."""
    owners: dict[str, list[Found]] = {}
    names = lexicon()
    for _, found in mentions:
        words = found.name.replace("’", "'").split()
        if found.type != PERSON or len(words) < 2 or not words[-1][:1].isupper():
            continue
        if words[-1] in names.place_forms and not (
            words[0] in names.male_names or words[0] in names.female_names
        ):
            continue  # "North Florida" is no person
        group = owners.setdefault(words[-1], [])
        if found not in group:
            group.append(found)
    if not owners:
        return mentions
    covered: dict[int, tuple[Mention, Found]] = {m.start: (m, f) for m, f in mentions}
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, owners)) + r")\b(?!['’]?\w)")
    result = list(mentions)
    taken = sorted((m.start, m.end) for m, _ in mentions)
    starts = [start for start, _ in taken]
    for match in pattern.finditer(text.replace("’", "'")):
        found = _nearest_owner(owners[match.group()], match.start())
        at = bisect_left(starts, match.start() + 1) - 1
        existing = covered.get(match.start())
        if existing is not None and existing[0].end == match.end():
            if existing[1].type == PERSON and existing[1] is found:
                continue
            result.remove(existing)  # a lone surname typed otherwise, or given to the wrong one
        elif at >= 0 and taken[at][1] > match.start():
            continue  # already part of a mention
        mention = Mention(match.group(), PERSON, match.start(), match.end(), [match.group()])
        result.append((mention, found))
    result.sort(key=lambda pair: pair[0].start)
    return result


def _nearest_owner(candidates: list[Found], position: int) -> Found:
    """Of the people sharing a surname, the one whose last mention before `position` (in full
    or not) is nearest; the first named when none comes before."""
    best, best_at = candidates[0], -1
    for found in candidates:
        before = [start for start, _ in found.mentions if start < position]
        if before and max(before) > best_at:
            best, best_at = found, max(before)
    return best


def _is_subject(text: str, mention: Mention, tokens: list[Token]) -> bool:
    """A person mention opens a clause: sentence start, after a comma or a conjunction, or
    after a bare description ("The crime writer Ian McCallum")."""
    if re.match(r"['’]s?\b", text[mention.end : mention.end + 3]):
        return False  # a possessive ("Ivanka Trump's statement") is not the subject
    before = text[max(0, mention.start - 80) : mention.start]
    # Titles, roles and their qualifiers belong to the name ("Pentagon spokesman Sean Parnell").
    titles = lexicon().titles
    lower_left = 2
    while True:
        match = TRAILING_WORD_RE.search(before)
        if not match:
            break
        word = match.group(1)
        if word.lower() not in titles and not word[0].isupper():
            # "Trump campaign spokesman NAME", "Democratic presidential nominee NAME": a
            # capitalised modifier, then lower-case role words.
            previous = TRAILING_WORD_RE.search(before[: match.start()])
            if not (lower_left and previous and previous.group(1)[0].isupper()):
                break
            lower_left -= 1
        before = before[: match.start()]
    stripped = before.rstrip()
    if re.search(r"\n\s*$", before):
        return True  # a paragraph (or heading) ends just before the name
    if not stripped or stripped[-1] in SUBJECT_AFTER_CHARS:
        return True
    last = WORD_RE.findall(stripped[-30:])
    if last and last[-1].lower() in quote_lexicon().subject_words:
        return True
    if INVERTED_VERB_RE.search(stripped) and last[-1].lower() in quote_lexicon().speech_verbs:
        return True  # "…, noted NBC's NAME": the speaker of an inverted attribution
    opening = re.split(r"[.!?,;:\n]", stripped)[-1]
    words = [w.lower() for w in WORD_RE.findall(opening)]
    return bool(words) and words[0] in {"the", "a", "an"} and not set(words) & PREPOSITIONS


NOUN_FOLLOWERS = frozenset(
    ["as", "of", "about", "by", "for", "from", "in", "on", "to", "were", "are"]
)
"""Words after a noun-like verb form that show it is a noun ("claims as false")."""
COMPARISON_VERBS = frozenset(["compared", "compares", "likened", "likens"])
"""Verbs that attribute a view ("X compared Trump to a coach") but not before "to"."""
INVERTED_VERB_RE = re.compile(r"[,”\"’'][ \t]+[a-z]+$")
"""A verb right after a comma or a closing quote ("…, noted NAME"): an inverted attribution."""
SUBJECT_AFTER_CHARS = frozenset(".!?:;,(—–“”\"‘’'\n")
"""A name right after these (sentence end, comma, a quotation) opens a clause."""
TRAILING_WORD_RE = re.compile(r"(?<!\S)([\w'’-]+)[ \t]+$")
