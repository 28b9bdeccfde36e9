"""Who said each quotation, from the usual news attribution patterns.

Speakers come from the words around the quotation (`"…," NAME said`, `"…," said NAME`,
`NAME said: "…"`, `NAME argued that … "…"`, `"…" ― NAME`), from he/she resolved to the last
person in subject position, from a transcript label (`"WALLACE: …"`), or from the quotation or
statement just before. Quoted phrases in a sentence with no speech verb (scare quotes) and quoted
headings get no speaker. Cue words live in `search/data/` (`lexicon.quote_lexicon`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .entities import PERSON
from .lexicon import PREPOSITIONS, fold
from .names import Extraction, Found
from .quote_finder import QuoteSpan
from .speaker_context import (
    PRONOUNS,
    WINDOW,
    WORD_RE,
    SpeakerContext,
    pronoun_base,
)

AGE_SUBJECT_RE = re.compile(r"^\W*the\s+\d+-year-old\b", re.IGNORECASE)
"""A definite age description as subject ("The 27-year-old striker") points back to a person."""
DASH_CREDIT_RE = re.compile(r"[^\S\n]*[―—–-]{1,2}[^\S\n]*(?=[A-Z])")
"""A dash after a quotation that credits its author ("…” ― Jane Doe)."""
LABEL_RE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)?):\s")
"""A speaker label in capitals opening a transcript line ("WALLACE: …")."""
HEADING_WORDS = 8
"""A paragraph that is only a quotation of at most this many words may be a heading."""


PASSIVE_BY_RE = re.compile(
    r"\s*(?:was|were|is|had been|has been)\s+(?:\w+ly\s+)?"
    r"(?:written|said|coined|sung|penned|uttered|tweeted|posted|spoken)\s+by\b"
)
"""A quotation whose author follows a passive verb ("… was written by NAME")."""


class _Attributor(SpeakerContext):
    """Finds each quotation's speaker from the text around it and the people mentioned so far."""

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
        passive = PASSIVE_BY_RE.match(clause)
        if passive:
            # "“American Skin” was written by NAME": the author follows "by".
            return True, self._named_after_verb(quote.end + passive.end(), clause[passive.end() :])
        words = list(WORD_RE.finditer(clause))
        if not words:
            return False, None
        verb_index = None
        for k, w in enumerate(words[:8]):
            lowered = w.group().lower()
            if self.speech_verb_at(words, k, quote.end) and not lowered.endswith("ing"):
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
        if pronoun_base(pronoun) in PRONOUNS and verb_index == 1:
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
            if self.speech_verb_at(words, k, base) and not w.group().lower().endswith("ing")
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
                w in PREPOSITIONS
                or w in {"a", "an"}
                or w in self.words.speech_verbs
                or w in self.words.clause_links
                for w in lead
            ):
                return None
            return found
        return None

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
        verbs = [w for k, w in enumerate(words) if self.speech_verb_at(words, k, start)]
        if not verbs:
            according = re.search(r"\baccording to\s+", sentence, re.IGNORECASE)
            if according:
                at = start + according.end()
                return True, self._named_after_verb(at, sentence[according.end() :])
            if sentence.rstrip().endswith(":"):
                end = start + len(sentence.rstrip())
                subjects = self.person_in(start, end, subject_only=True)
                fallback = subjects[0].found if subjects else None
                return True, self.credited(start, end) or fallback
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
        if previous and pronoun_base(previous[-1].group()) in PRONOUNS:
            return True, self.resolve_pronoun(previous[-1].group().lower(), verb_at)
        if previous and previous[-1].group().lower() == "who":
            people = self.person_in(start, start + previous[-1].start())
            return True, people[-1].found if people else None
        people = self.person_in(start, verb_at)
        for person in reversed(people):
            if self.attached(person.end, verb_at) and not self.after_preposition(person.start):
                return True, self.described_by(people, person).found
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
        if (
            named
            and re.fullmatch(r"\W*(?:the\s+)?", sentence[: named[0][0] - start], re.I)
            and not re.match(r"['’]s?\b", self.text[named[0][1] : named[0][1] + 3])
        ):
            # "The Security Council issued a statement calling the test “…”"
            return True, named[0][2]
        if AGE_SUBJECT_RE.match(sentence):
            earlier = [p for p in self.people[: bisect_left(self.people_starts, start)]]
            subjects = [p for p in earlier if p.subject] or earlier
            return True, subjects[-1].found if subjects else None
        opening = WORD_RE.match(sentence.lstrip(" \t\"“‘'"))
        if opening and pronoun_base(opening.group()) in PRONOUNS:
            # "He told reporters …, but said the Union should fix the “…”": He is the speaker.
            return True, self.resolve_pronoun(opening.group().lower(), start)
        return True, None  # a nominal speaker ("a senior diplomat said")

    def credited(self, start: int, end: int) -> Found | None:
        """A round-up line "NAME, The Outlet: “…”" or "NAME (Party):": the name opening it."""
        named = self.named_in(start, end)
        if not named:
            return None
        lead = self.text[start : named[0][0]]
        if any(w.islower() for w in WORD_RE.findall(lead)):
            return None
        found = named[0][2]
        return found if found.type == PERSON else None

    def statement_speaker(self, start: int, end: int) -> Found | None:
        """Who makes the last statement in text[start:end] ("NAME … expressed concern …",
        "The Times reports:", "…, NAME said.")."""
        for s_start, s_end in reversed(self.sentences(start, end)):
            words = list(WORD_RE.finditer(self.text[s_start:s_end]))
            cues = [w for w in words if w.group().lower() in self.words.statement_words]
            if not cues:
                continue
            cue_at = s_start + cues[0].start()
            if self.text[s_start:cue_at].rstrip().endswith(","):
                # "Debates rarely matter, noted NBC's NAME.": the name follows the verb.
                cue_end = cue_at + len(cues[0].group())
                inverted = self._named_after_verb(cue_end, self.text[cue_end:s_end])
                if inverted is not None:
                    return inverted
            people = self.person_in(s_start, cue_at)
            for person in reversed(people):
                if self.attached(person.end, cue_at):
                    return self.described_by(people, person).found
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

    def sentence_subject(self, start: int, end: int) -> Found | None:
        """The person opening the last sentence of text[start:end] ("NAME, who lost …,
        identified young voters' exhaustion … “…”")."""
        sentences = self.sentences(start, end)
        if not sentences:
            return None
        subjects = self.person_in(*sentences[-1], subject_only=True)
        return subjects[0].found if subjects else None

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
        if speaker is not None or not attributor.sentence_before(quote)[1].strip():
            last_in_paragraph[quote.paragraph] = quote  # not a title or scare quote


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
        return attributor.statement_speaker(p_start, quote.start) or attributor.sentence_subject(
            p_start, quote.start
        )
    if quote.paragraph == 0:
        return None
    before = last_in_paragraph.get(quote.paragraph - 1)
    if before is not None and not attributor.is_heading(before):
        return before.speaker
    return attributor.statement_speaker(*attributor.paragraph_spans[quote.paragraph - 1])
