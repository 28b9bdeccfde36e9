"""Recognising the metadata lines of a news page: datelines, bylines, banners, credits.

Each function looks at one line (or one value) and answers one question, so the readers in
`formats/` can combine them. They are general rules about how news sites and wire services lay out
a page, not rules for particular articles. Dates themselves are read in `dates.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .dates import MONTH_PATTERN, date_line, find_date

_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’ ,-]{{1,40}}?)"
    rf"(?:,\s*(?P<md>(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<mon2>{MONTH_PATTERN})))?"
    r"\s*\((?P<agency>[A-Za-zČ][A-Za-z&.\- ]{0,24})\)"
    r"\s*(?P<rest>.*)$"
)
_BODY_LEAD = re.compile(r"^[-–—:]\s*")


@dataclass(frozen=True)
class Dateline:
    """A wire dateline: where it is filed, the agency, an optional full date, and what follows."""

    place: str
    agency: str
    date: str | None
    rest: str  # the words after the dateline; non-empty when the body starts on the same line


@cache
def _wire_agencies() -> frozenset[str]:
    """The agencies of `data/wire_agencies.txt`, read on the first dateline-shaped line."""
    from .analysis.lexicon import wire_agencies

    return wire_agencies()


def parse_dateline(line: str) -> Dateline | None:
    """A wire dateline such as "Brussels, March 3 (AFP) Mar 3, 2025" or "VILNIUS (Reuters) - ..."."""
    match = _DATELINE.match(line.strip())
    if match is None:
        return None
    agency = match.group("agency").strip()
    has_month_day = match.group("md") is not None or match.group("d2") is not None
    if agency not in _wire_agencies() and not has_month_day:
        return None
    rest = match.group("rest").strip()
    date = None
    found = find_date(rest)
    if found is not None and found.start == 0:
        date = found.iso
        rest = rest[found.end :].strip()
    elif rest and not _BODY_LEAD.match(rest):
        return None
    return Dateline(
        place=match.group("place").strip(),
        agency=agency,
        date=date,
        rest=_BODY_LEAD.sub("", rest),
    )


_PLACE_CAPS = (
    r"(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]*){0,3})"
    r"(?:, (?P<region>[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}))?"
)
_PLACE_LINE = re.compile(rf"^{_PLACE_CAPS}$")
_PLACE_DATE_LINE = re.compile(rf"^{_PLACE_CAPS}\s+(?P<rest>\S.*)$")


def place_dateline(line: str) -> str | None:
    """The date of a wire dateline that is only a place in capitals and a date ("LONDON
    1996-08-30", "KHASAVYURT, Russia 1996-08-31"), or None."""
    match = _PLACE_DATE_LINE.match(line.strip())
    if match is None:
        return None
    return date_line(match.group("rest"))


def is_place_line(line: str) -> bool:
    """A line that is only a place in capitals, maybe with a region ("FARMINGTON HILLS, Mich.").

    On its own it could be a shouted heading; with a date line below it, it is a dateline.
    """
    line = line.strip()
    return bool(_PLACE_LINE.match(line)) and sum(ch.isalpha() for ch in line) >= 3


_NAME_LINE = re.compile(r"[A-Z][a-z'’\-]+(?: (?:[a-z]{1,3} )?[A-Z][\w'’.\-]+){1,3}")


def is_name_line(line: str) -> bool:
    """A line that is only a person's name opening with a known given name ("Jane Roe"): above
    a dateline, that is a byline, not a headline."""
    line = line.strip()
    if not _NAME_LINE.fullmatch(line):
        return False
    from .analysis.lexicon import lexicon  # loaded only for the few pages that need it

    names = lexicon()
    first = line.split()[0]
    return first in names.female_names or first in names.male_names


def is_wire_byline(line: str, following: str | None) -> bool:
    """A reporter's name alone on the line above a wire dateline ("Jane Roe" / "LONDON
    1996-08-30"): two capitalised words, or a name opening with a known given name."""
    if following is None or not (place_dateline(following) or is_place_line(following)):
        return False
    words = line.split()
    two_words = len(words) == 2 and all(w[:1].isupper() and w[1:2].islower() for w in words)
    return two_words or is_name_line(line)


def is_wire_header(paragraph: str, following: str | None) -> bool:
    """A paragraph that opens wire copy without being its lead: a dateline, a date line, or the
    reporter's name above a dateline."""
    return bool(
        place_dateline(paragraph)
        or date_line(paragraph)
        or (is_place_line(paragraph) and following is not None and date_line(following))
        or is_wire_byline(paragraph, following)
    )


_BYLINE = re.compile(
    r"^by\s+(?P<author>[^,;|()]+?)"
    r"(?:\s*[,|]\s*(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:journalist|correspondent|reporter|writer|editor)s?"
    r"\s+(?:for|at|with)\s+(?P<outlet>[^,;|()]+?))?"
    r"(?:\s*[,|]?\s+in\s+(?P<place>[A-Z][\w .'-]+))?\.?\s*$",
    re.I,
)
_WORKS_FOR = re.compile(
    r"^(?P<author>[A-Z][^,;|()]{2,60}?),\s*(?:an?\s+)?(?:[\w-]+\s+)?"
    r"(?:journalist|correspondent|reporter|writer|editor)\s+(?:for|at|with)\s+"
    r"(?P<outlet>[^,;|()]+?)\.?\s*$"
)
_STAFF = re.compile(
    r"^(?P<outlet>[\w.&-]+(?:\s[\w.&-]+)?)\s+staff(?:\s+writers?|\s+reporters?)?$", re.I
)


@dataclass(frozen=True)
class Byline:
    """Who wrote the article, and for which outlet when the byline says so."""

    author: str | None
    outlet: str | None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(
        w[:1].isupper() or w in {"de", "van", "von", "der", "da", "al", "and"} for w in words
    )


def parse_byline(line: str) -> Byline | None:
    """A byline: "By NAME", "By NAME, journalist for OUTLET", "By NAME in CITY", "by AFP Staff Writers"."""
    line = line.strip()
    match = _BYLINE.match(line)
    if match is not None:
        author = match.group("author").strip()
        outlet = match.group("outlet").strip() if match.group("outlet") else None
        staff = _STAFF.match(author)
        if staff is not None:
            return Byline(author=None, outlet=staff.group("outlet"))
        if _looks_like_name(author) and (outlet is None or _looks_like_name(outlet)):
            return Byline(author=author, outlet=outlet)
        return None
    match = _WORKS_FOR.match(line)
    if match is not None and _looks_like_name(match.group("author")):
        return Byline(author=match.group("author").strip(), outlet=match.group("outlet").strip())
    return None


_DOMAIN = r"(?:www\.)?[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}"
_LONE_DOMAIN = re.compile(rf"^{_DOMAIN}$")
_DOMAIN_BANNER = re.compile(rf"^(?P<site>{_DOMAIN})\s*(?:[-–—|:•·]\s*.*)?$")
_TAGLINE_BANNER = re.compile(r"^(?P<site>[^|]{2,60}?)\s+[|•·]\s+(?P<tagline>[^|]{2,80})$")


def banner_site(line: str, *, first_line: bool) -> str | None:
    """The site name if `line` is a site banner ("SpaceWar.com - Your World At War").

    A banner leads with a domain name, or (only as the very first line) takes the form
    "Site Name | Tagline". The caller decides whether a headline follows it.
    """
    line = line.strip()
    match = _DOMAIN_BANNER.match(line)
    if match is not None:
        return match.group("site")
    if first_line:
        match = _TAGLINE_BANNER.match(line)
        if match is not None:
            return match.group("site").strip()
    return None


_CREDIT = re.compile(
    r"^\(?(?:Source|Sources|Via|Credit|Courtesy(?: of)?|Originally published (?:by|in|on|at))"
    r"\s*[:\-–—]?\s*(?P<outlet>[^()]{2,60}?)\.?\)?$",
    re.I,
)


_WRITER_NOTE = re.compile(
    r"^(?i:(?:the\s+)?(?:writer|author|reporter)\s+(?:is|was)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    r"(?:journalist|correspondent|reporter|writer|editor|columnist|contributor)"
    r"\s+(?:for|at|with|to|of)\s+(?:the\s+)?)"
    r"(?P<outlet>(?:\s?[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*){1,6})\.?$"
)


def credit_line(line: str) -> str | None:
    """The outlet of a trailing credit line ("Source: Danube Courier", a lone "News.Az", or an
    author's note "The writer is a freelance journalist for China Daily.")."""
    line = line.strip()
    note = _WRITER_NOTE.match(line)
    if note is not None:
        return note.group("outlet")
    match = _CREDIT.match(line)
    if match is not None:
        outlet = match.group("outlet").strip()
        return outlet if outlet[:1].isupper() or _LONE_DOMAIN.match(outlet) else None
    if _LONE_DOMAIN.match(line) and not line.replace(".", "").isdigit():
        return line
    return None


_CAPTION = re.compile(
    r"^\(?\s*(?:photo|image|picture|photograph|caption|file photo|illustration)s?\b\s*[:/-]?"
    r"|\b(?:photo|getty images|shutterstock|afp photo|reuters photo|aa photo|photograph)\b\s*\)?\s*$"
    r"|/\s*(?:aa|afp|ap|reuters|getty|epa)\b[\w ]*photo",
    re.I,
)


def is_caption(line: str) -> bool:
    """True for a photo caption or credit; its dates are about the picture, not the article."""
    return bool(_CAPTION.search(line.strip()))


_SENTENCE_END = re.compile(r"[.;,:]['\"’”»)]*$")


def is_headline_like(line: str, *, max_chars: int = 250) -> bool:
    """A line that could be a headline: short, at least two words, not a finished sentence."""
    line = line.strip()
    if not 3 <= len(line) <= max_chars or len(line.split()) < 2:
        return False
    if _SENTENCE_END.search(line) or line.endswith("…"):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘«"
