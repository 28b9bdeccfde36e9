"""The layout of news text: datelines, bylines, sign-offs, headings, shouted lines, quoted titles.

What a line is (a heading, a dateline, a table head in capitals) decides what its capitalised
words can be, before any word is looked at.

A dateline opens a story with the place it was filed from, in capitals ("LONDON 1996-08-30",
"KHASAVYURT, Russia (Reuters) -", "FARMINGTON HILLS, Mich."): its words are a place even when no
gazetteer knows them, and the region after the comma is a place too. A sign-off line closes it
with the reporter's name ("-- Jane Roe, Lagos Newsroom +234 1 2345"), never a heading.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .lexicon import Lexicon, fold

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:[ ][A-Z][A-Z'’.\-]*){0,3})"
    r"(?:,[ ](?P<region>[A-Z][\w'’.\-]*(?:[ ][A-Z][\w'’.\-]*){0,2}))?"
    rf"(?=[ \t]*(?:\d{{4}}-\d\d-\d\d|,[ ]{_MONTH}|\(|\n\s*\n\s*\d{{4}}-\d\d-\d\d)"
    r"|(?P<dash>[ \t]+[-–—][ \t]))",
    re.M,
)
"""A capitalised place at the start of a line, an optional region, then a date, an agency in
parentheses or a dash (or, alone on its line, a date line below it)."""
SIGN_OFF_RE = re.compile(r"^[ \t]*(?:--|—|–)[ \t]*[A-Z]")
"""A line opened by a dash and a capital: a reporter's sign-off, not a heading."""


def dateline_places(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of each place a dateline names: the city, then its region.

    A dateline that names a body rather than a place ("UNITED NATIONS") names nothing here.
    """
    found: list[tuple[int, int, str]] = []
    for match in DATELINE_RE.finditer(text):
        if not _block_start(text, match.start()):
            continue
        place = match.group("place").rstrip(".-")
        if not any(ch.isalpha() for ch in place) or len(place.replace(" ", "")) < 3:
            continue
        start = match.start("place")
        canonical = _canonical(place, lex)
        last = canonical.split()[-1]
        if last in lex.org_cues or canonical in lex.org_names:
            continue
        if match.group("dash") and canonical not in lex.place_forms:
            continue  # "EUROBONDS - ...": a section label, unless it names a known place
        found.append((start, start + len(place), canonical))
        region = match.group("region")
        if region:
            region = region.rstrip(".") if region.count(".") == 1 else region
            r_start = match.start("region")
            found.append((r_start, r_start + len(region), _canonical(region, lex)))
    return found


NAME_LINE_RE = re.compile(r"[A-Z][\w'’.-]+(?: (?:[a-z]{1,3} )?[A-Z][\w'’.-]+){1,3}")
"""Two to four capitalised words (a particle allowed between): the shape of a byline."""


def is_byline(text: str, span: tuple[int, int], dateline_starts: set[int], lex: Lexicon) -> bool:
    """A line that is only a name, above a dateline or opening with a common given name."""
    line = text[span[0] : span[1]].strip()
    if not NAME_LINE_RE.fullmatch(line) or line.isupper():
        return False
    first = line.split()[0]
    if first in lex.female_names or first in lex.male_names:
        return True
    following = len(text) - len(text[span[1] :].lstrip())
    return following in dateline_starts


def _block_start(text: str, pos: int) -> bool:
    """`pos` opens a paragraph: it starts the text or follows a blank line."""
    if pos == 0:
        return True
    previous = text[text.rfind("\n", 0, pos - 1) + 1 : pos - 1]
    return not previous.strip()


def _canonical(words: str, lex: Lexicon) -> str:
    """The gazetteer's name for a dateline place, else its words in title case."""
    known = lex.place_forms.get(words) or lex.place_forms_folded.get(fold(words))
    if known:
        return known
    if words.isupper():
        return " ".join(_title_word(w) for w in words.split())
    return words


def _title_word(word: str) -> str:
    """ "URUS-MARTAN" -> "Urus-Martan", "N'DJAMENA" -> "N'Djamena"."""
    return re.sub(r"[A-Z]+", lambda m: m.group()[0] + m.group()[1:].lower(), word)


WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _is_heading(line: str) -> bool:
    """A line without final punctuation whose words are mostly capitalised."""
    line = line.strip()
    if not line or line[-1] in '.!?:;,"”’)' or len(line) > 90 or SIGN_OFF_RE.match(line):
        return False
    words = WORD_RE.findall(line)
    if not words or len(words) > 12:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _title_case(line: str) -> bool:
    """Four or more words, every one capitalised: a headline wherever it stands."""
    words = WORD_RE.findall(line)
    return len(words) >= 4 and all(w[0].isupper() for w in words)


HEADING_BEFORE = frozenset('.!?:"”’)')
"""How the line before a heading ends (or it is blank)."""


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of heading-like lines (subheads inside the body), one line each.

    A line qualifies on its own only when it stands apart from running text: the line before
    it (if any) ends a sentence, is blank or is a heading too, and the next non-blank line does
    not go on in lower case.
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    following = [""] * len(lines)
    upcoming = ""
    for k in range(len(lines) - 1, -1, -1):
        following[k] = upcoming
        if lines[k][1].strip():
            upcoming = lines[k][1].strip()
    spans = []
    previous = ""
    for k, (start, line) in enumerate(lines):
        if line.strip() and _is_heading(line):
            apart = (
                not previous.strip()
                or previous.rstrip()[-1] in HEADING_BEFORE
                or _is_heading(previous)  # a stack of headings or headline links
                or _title_case(line)
            )
            if apart and not following[k][:1].islower():
                spans.append((start, start + len(line)))
        previous = line
    return spans


QUOTED_TITLE_RE = re.compile(
    r"[“\"](?:(?:The|A|An) )?[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|in|on|the|a|and|for|to))*"
    r"[,.]?[”\"]"
)
"""A quotation made only of capitalised words: the title of a book, film or campaign."""


def quoted_title_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of quoted titles ("The Crying Game"): their words name a work, not a person."""
    return [m.span() for m in QUOTED_TITLE_RE.finditer(text)]


LINE_RE = re.compile(r"[^\n]+")
CAPS_WORD_RE = re.compile(r"\b[A-Z]{2,}")
LOWER_RE = re.compile(r"[a-z]")


def shouted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of lines with two or more capitalised words and no lower-case letter at all."""
    spans = []
    for match in LINE_RE.finditer(text):
        line = match.group()
        if not LOWER_RE.search(line) and len(CAPS_WORD_RE.findall(line)) >= 2:
            spans.append(match.span())
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`pos` lies in one of the sorted, disjoint `spans`."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
