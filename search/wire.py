"""The layout of wire copy: datelines and sign-off lines, which name places and people by position.

A dateline opens a story with the place it was filed from, in capitals ("LONDON 1996-08-30",
"KHASAVYURT, Russia (Reuters) -", "FARMINGTON HILLS, Mich."): its words are a place even when no
gazetteer knows them, and the region after the comma is a place too. A sign-off line closes it
with the reporter's name ("-- Jane Roe, Lagos Newsroom +234 1 2345"), never a heading.
"""

from __future__ import annotations

import re

from .gazetteer import Lexicon, fold

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
