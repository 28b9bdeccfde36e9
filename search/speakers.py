"""Who said each quotation, from the usual news attribution patterns.

Speakers come from the words around the quotation (`"…," NAME said`, `"…," said NAME`,
`NAME said: "…"`, `NAME argued that … "…"`), from he/she resolved to the last person in subject
position, or from the quotation or statement just before. Quoted phrases in a sentence with no
speech verb (scare quotes) get no speaker. Cue words live in `search/data/` (`quote_lexicon`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .entities import PERSON, PLACE, PREPOSITIONS, Extraction, Found, Mention, Token
from .gazetteer import fold, lexicon
from .quote_finder import QuoteSpan, paragraphs
from .quote_lexicon import quote_lexicon

PRONOUNS = {"he": "m", "she": "f"}
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "who", "we", "i"})
NOT_ABBREVIATION = (
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bGov)(?<!\bProf)(?<!\bLt)(?<!\bCol)(?<!\bNo)(?<!\b[A-Z])(?<!\bRev)(?<!\bDel)"
    r"(?<!\bJr)(?<!\bSr)(?<!\bSens)(?<!\bReps)(?<!\bAdm)(?<!\bCapt)(?<!\bSgt)(?<!\bMaj)"
    r"(?<!\bAtty)(?<!\bGen)(?<!\bHon)(?<!\bMessrs)(?<!\bCmdr)(?<!\bFt)(?<!\bMt)"
)
"""A period after a title abbreviation or an initial does not end a sentence."""
SENTENCE_BREAK_RE = re.compile(NOT_ABBREVIATION + r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9]|$)")
CLAUSE_END_RE = re.compile(NOT_ABBREVIATION + r"[.!?;](?:\s|$)|[“\"‘]")
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
SPEAKER_TYPES = frozenset({"person", "org"})
"""Places and groups do not speak ("said Berlin regrets" is reported speech about Berlin)."""
AGE_SUBJECT_RE = re.compile(r"^\W*the\s+\d+-year-old\b", re.IGNORECASE)
"""A definite age description as subject ("The 27-year-old striker") points back to a person."""
DASH_CREDIT_RE = re.compile(r"[^\S\n]*[―—–-]{1,2}[^\S\n]*(?=[A-Z])")
"""A dash after a quotation that credits its author ("…” ― Jane Doe)."""
LABEL_RE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)?):\s")
"""A speaker label in capitals opening a transcript line ("WALLACE: …")."""
HEADING_WORDS = 8
"""A paragraph that is only a quotation of at most this many words may be a heading."""
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
class _PersonMention:
    start: int
    end: int
    found: Found
    subject: bool


class _Attributor:
    """Finds each quotation's speaker from the text around it and the people mentioned so far."""

    def __init__(self, text: str, extraction: Extraction) -> None:
        self.text = text
        self.words = quote_lexicon()
        mentions = _with_surnames(text, extraction.mentions)
        self.people = [
            _PersonMention(m.start, m.end, f, _is_subject(text, m, extraction.tokens))
            for m, f in mentions
            if f.type == PERSON
        ]
        self.named = [(m.start, m.end, f) for m, f in mentions if f.type in SPEAKER_TYPES]
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

    def clause_after(self, quote: QuoteSpan) -> str:
        """The words after the quotation up to the end of its sentence (or the next quote)."""
        p_end = self.paragraph_spans[quote.paragraph][1]
        after = self.text[quote.end : min(p_end, quote.end + WINDOW)]
        stop = CLAUSE_END_RE.search(after)
        return after[: stop.start()] if stop else after

    def person_in(self, start: int, end: int, subject_only: bool = False) -> list[_PersonMention]:
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

    def resolve_pronoun(self, pronoun: str, position: int) -> Found | None:
        """The last person in subject position before `position` whose gender fits he/she;
        failing that, the last person mentioned whose gender fits."""
        gender = PRONOUNS[_pronoun(pronoun)]
        before = self.people[: bisect_left(self.people_starts, position)]
        candidates = [p for p in before[-40:] if p.end <= position and p.subject]
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

    def speech_verb_at(self, words: list[re.Match[str]], k: int) -> bool:
        """Word k is a speech verb, alone or with its particle ("pointed out")."""
        lowered = words[k].group().lower()
        if lowered in self.words.speech_verbs:
            return True
        if lowered in self.words.subject_verbs and k > 0 and words[k].group().islower():
            previous = words[k - 1].group()
            if previous.endswith(("'s", "’s")):
                return False  # "Obama's remarks": a noun
            return previous.lower() in SUBJECT_PRONOUNS or previous[:1].isupper()
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

    def after_quote(self, quote: QuoteSpan) -> tuple[bool, Found | None]:
        """`"…," NAME said` / `"…," he said` / `"…," said NAME`: (matched, speaker)."""
        inner = self.text[quote.inner_start : quote.inner_end].rstrip()
        clause = self.clause_after(quote)
        if inner.endswith(".") and re.match(r"\s+[A-Z]", clause):
            return False, None  # the quotation ended its sentence; a new one starts
        dash = DASH_CREDIT_RE.match(clause)
        if dash:
            # A round-up credit line: "…” ― NAME.
            people = self.person_in(quote.end, quote.end + dash.end() + 1)
            if people:
                return True, people[0].found
            p_end = self.paragraph_spans[quote.paragraph][1]
            unlisted = self.unlisted_name(quote.end + dash.end(), min(p_end, quote.end + WINDOW))
            if unlisted is not None:
                return True, unlisted
        words = list(WORD_RE.finditer(clause))
        if not words:
            return False, None
        verb_index = None
        for k, w in enumerate(words[:8]):
            lowered = w.group().lower()
            if self.speech_verb_at(words, k) and not lowered.endswith("ing"):
                verb_index = k
                break
            if lowered in self.words.clause_links or (
                w.group().islower() and lowered.endswith("ing")
            ):
                break  # "…" and said he had sold, "…", urging: a new clause
        if verb_index is None:
            named = self._name_then_verb(quote.end, words)
            if named is not None:
                return True, named
            return self._according_to(quote.end, clause)
        verb = words[verb_index]
        base = quote.end
        if verb_index == 0:
            return True, self._named_after_verb(base + verb.end(), clause[verb.end() :])
        pronoun = words[verb_index - 1].group().lower()
        if _pronoun(pronoun) in PRONOUNS and verb_index == 1:
            return True, self.resolve_pronoun(pronoun, quote.start)
        named = self._name_then_verb(quote.end, words)
        if named is not None:
            return True, named
        named_mentions = self.named_in(base, base + verb.start())
        if named_mentions and self.attached(named_mentions[-1][1], base + verb.start()):
            return True, named_mentions[-1][2]
        if not named_mentions:
            unlisted = self.unlisted_name(base, base + verb.start(), base + verb.start())
            if unlisted is not None:
                return True, unlisted  # "…," Mr. King added.
        return True, None  # "…," a spokesman said: a nominal speaker

    def _name_then_verb(self, base: int, words: list[re.Match[str]]) -> Found | None:
        """`"…," Rep. NAME (D-Wis.), a member of …, said`: the last name before the verb
        with only asides between them, and no preposition before it ("a spokesman for X")."""
        verbs = [
            k
            for k, w in enumerate(words)
            if self.speech_verb_at(words, k) and not w.group().lower().endswith("ing")
        ]
        for k in verbs[:2]:
            found = self._attached_name(base, base + words[k].start())
            if found is not None:
                return found
        return None

    def _attached_name(self, base: int, at: int) -> Found | None:
        """The last name in text[base:at] with only asides before the verb at `at`."""
        for start, stop, found in reversed(self.named_in(base, at)):
            if not self.attached(stop, at):
                continue
            lead = [w.lower() for w in WORD_RE.findall(self.text[base:start])]
            if len(lead) > 6 or any(
                w in PREPOSITIONS or w in {"a", "an"} or w in self.words.speech_verbs for w in lead
            ):
                return None
            return found
        return None

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
        if len(words) == 1 and not (titled or re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", words[0])):
            return None
        for person in self.people:
            if fold(person.found.name).split()[-1] == fold(words[-1]):
                return person.found
        return Found(name=" ".join(words), type=PERSON)

    def _named_after_verb(self, offset: int, rest: str) -> Found | None:
        """After "said": the first person named before a preposition or the clause's end."""
        stop = re.search(r"\b(?:for|of|at|from|with|to|in|on|who|which)\b|[,;]", rest)
        limit = offset + (stop.start() if stop else len(rest))
        people = self.person_in(offset, limit + 1)
        if people:
            return people[0].found
        named = self.named_in(offset, limit)
        if named and re.fullmatch(r"\s*(?:the\s+)?", self.text[offset : named[0][0]]):
            return named[0][2]
        return self.unlisted_name(offset, limit + 1)

    def _according_to(self, offset: int, clause: str) -> tuple[bool, Found | None]:
        match = re.match(r"\W*according to\s+", clause)
        if not match:
            return False, None
        return True, self._named_after_verb(offset + match.end(), clause[match.end() :])

    def before_quote(self, quote: QuoteSpan) -> tuple[bool, Found | None]:
        """`NAME said: "…"`, `NAME argued that … "…"`, `what she called "…"`: (matched, speaker)."""
        start, sentence = self.sentence_before(quote)
        if self.words.scare_markers.search(sentence):
            return True, None
        words = list(WORD_RE.finditer(sentence))
        verbs = [w for k, w in enumerate(words) if self.speech_verb_at(words, k)]
        if not verbs:
            according = re.search(r"\baccording to\s+", sentence)
            if according:
                at = start + according.end()
                return True, self._named_after_verb(at, sentence[according.end() :])
            return False, None
        verb = verbs[-1]
        for earlier in reversed(verbs[:-1]):
            # "she said and warned that …": the subject belongs to the first verb.
            between = sentence[earlier.end() : verb.start()].split()
            if len(between) != 1 or between[0].lower() not in {"and", "but", "then"}:
                break
            verb = earlier
        verb_at = start + verb.start()
        previous = [w for w in words if w.end() <= verb.start()]
        if not previous:
            # "Said NAME: “…”": the subject follows the verb.
            return True, self._named_after_verb(start + verb.end(), sentence[verb.end() :])
        if previous and _pronoun(previous[-1].group()) in PRONOUNS:
            return True, self.resolve_pronoun(previous[-1].group().lower(), verb_at)
        if previous and previous[-1].group().lower() == "who":
            people = self.person_in(start, start + previous[-1].start())
            return True, people[-1].found if people else None
        people = self.person_in(start, verb_at)
        for person in reversed(people):
            if self.attached(person.end, verb_at) and not self.after_preposition(person.start):
                return True, person.found
        subjects = self.person_in(start, verb_at, subject_only=True)
        if subjects:
            return True, subjects[-1].found
        if people and not re.search(r"[a-z]{3,}", self.text[people[-1].end : verb_at]):
            return True, people[-1].found
        named = self.named_in(start, verb_at)
        if (
            named
            and not re.search(r"[a-z]{3,}", self.text[named[-1][1] : verb_at])
            and not self.after_preposition(named[-1][0])
        ):
            return True, named[-1][2]
        if not people:
            unlisted = self.unlisted_name(start, verb_at, verb_at)
            if unlisted is not None:
                return True, unlisted  # "PolitiFact rated … as “false”"
        places = self.places_in(start, verb_at)
        if places and self.attached(places[-1][1], verb_at) and places[-1][0] == start:
            return True, places[-1][2]  # "Japan branded North Korea an “outlaw nation”"
        if AGE_SUBJECT_RE.match(sentence):
            earlier = [p for p in self.people[: bisect_left(self.people_starts, start)]]
            subjects = [p for p in earlier if p.subject] or earlier
            return True, subjects[-1].found if subjects else None
        opening = WORD_RE.match(sentence.lstrip(" \t\"“‘'"))
        if opening and _pronoun(opening.group()) in PRONOUNS:
            # "He told reporters …, but said the Union should fix the “…”": He is the speaker.
            return True, self.resolve_pronoun(opening.group().lower(), start)
        return True, None  # a nominal speaker ("a senior diplomat said")

    def statement_speaker(self, start: int, end: int) -> Found | None:
        """Who makes the last statement in text[start:end] ("NAME … expressed concern …",
        "The Times reports:", "…, NAME said.")."""
        text = self.text[start:end]
        for sentence in reversed(list(re.finditer(r"[^.!?]+[.!?]*", text))):
            words = list(WORD_RE.finditer(sentence.group()))
            cues = [w for w in words if w.group().lower() in self.words.statement_words]
            if not cues:
                continue
            s_start = start + sentence.start()
            s_end = s_start + len(sentence.group())
            cue_at = s_start + cues[0].start()
            people = self.person_in(s_start, cue_at)
            for person in reversed(people):
                if self.attached(person.end, cue_at):
                    return person.found
            subjects = self.person_in(s_start, s_end, subject_only=True)
            if subjects:
                return subjects[0].found
            named = self.named_in(s_start, cue_at)
            if named and self.attached(named[-1][1], cue_at):
                return named[-1][2]
            lowered = {w.group().lower() for w in words}
            pronoun = next((w for w in ("she", "he") if w in lowered), None)
            if pronoun:
                return self.resolve_pronoun(pronoun, s_start)
            after = self.person_in(cue_at, s_end)
            if after and self.attached(cue_at + len(cues[0].group()), after[0].start):
                return after[0].found  # "…, said NAME."
            return None
        return None

    def label_speaker(self, quote: QuoteSpan) -> Found | None:
        """A transcript line quoted whole: `"WALLACE: Let's start …"`."""
        match = LABEL_RE.match(self.text, quote.inner_start, quote.inner_end)
        if not match:
            return None
        label = fold(match.group(1)).split()[-1]
        for person in self.people:
            if fold(person.found.name).split()[-1] == label:
                return person.found
        return Found(name=match.group(1).title(), type=PERSON)

    def is_heading(self, quote: QuoteSpan) -> bool:
        """A quotation that is a whole short paragraph without a sentence end: a heading."""
        p_start, p_end = self.paragraph_spans[quote.paragraph]
        if quote.start != p_start or not quote.closed:
            return False
        if self.text[quote.end : p_end].strip(" .,"):
            return False
        inner = self.text[quote.inner_start : quote.inner_end].strip()
        if len(WORD_RE.findall(inner)) > HEADING_WORDS:
            return False
        single = self.text[quote.start] in "‘'"
        return single or not inner.endswith((".", "!", "?", ",", ":", "…"))


def _pronoun(word: str) -> str:
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
    before = text[max(0, mention.start - 80) : mention.start]
    # Titles, roles and their qualifiers belong to the name ("Pentagon spokesman Sean Parnell").
    titles = lexicon().titles
    while True:
        match = TRAILING_WORD_RE.search(before)
        if not match:
            break
        word = match.group(1)
        if not (word[0].isupper() or word.lower() in titles):
            break
        before = before[: match.start()]
    stripped = before.rstrip()
    if re.search(r"\n\s*$", before):
        return True  # a paragraph (or heading) ends just before the name
    if not stripped or stripped[-1] in SUBJECT_AFTER_CHARS:
        return True
    last = WORD_RE.findall(stripped[-30:])
    if last and last[-1].lower() in quote_lexicon().subject_words:
        return True
    opening = re.split(r"[.!?,;:\n]", stripped)[-1]
    words = [w.lower() for w in WORD_RE.findall(opening)]
    return bool(words) and words[0] in {"the", "a", "an"} and not set(words) & PREPOSITIONS


SUBJECT_AFTER_CHARS = frozenset(".!?:;,(—–“”\"‘’'\n")
"""A name right after these (sentence end, comma, a quotation) opens a clause."""
TRAILING_WORD_RE = re.compile(r"(?<!\S)([\w'’-]+)[ \t]+$")


def attribute(text: str, quotes: list[QuoteSpan], extraction: Extraction) -> None:
    """Set each quotation's speaker in place."""
    attributor = _Attributor(text, extraction)
    last_in_paragraph: dict[int, QuoteSpan] = {}
    for quote in quotes:
        speaker = attributor.label_speaker(quote)
        if speaker is None and not attributor.is_heading(quote):
            matched, speaker = attributor.after_quote(quote)
            if not matched:
                matched, speaker = attributor.before_quote(quote)
            if not matched:
                speaker = _continued_speaker(quote, attributor, last_in_paragraph)
        quote.speaker = speaker
        last_in_paragraph[quote.paragraph] = quote


def _continued_speaker(
    quote: QuoteSpan,
    attributor: _Attributor,
    last_in_paragraph: dict[int, QuoteSpan],
) -> Found | None:
    """A quotation with no cue of its own that opens a sentence continues the last speaker:
    of the quotation before it, or of the statement before it ("…, NAME said. “…”")."""
    _, sentence = attributor.sentence_before(quote)
    if sentence.strip():
        return None  # mid-sentence with no speech verb: a scare quote or a title
    previous = last_in_paragraph.get(quote.paragraph)
    if previous is not None:
        return previous.speaker
    p_start = attributor.paragraph_spans[quote.paragraph][0]
    if quote.start != p_start:
        return attributor.statement_speaker(p_start, quote.start)
    if quote.paragraph == 0:
        return None
    before = last_in_paragraph.get(quote.paragraph - 1)
    if before is not None and not attributor.is_heading(before):
        return before.speaker
    return attributor.statement_speaker(*attributor.paragraph_spans[quote.paragraph - 1])
