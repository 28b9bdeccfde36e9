"""Dates in news text: a calendar date in any common news format, and lines that are only a date.

Pages write a publication date many ways ("17 April 2025", "Apr. 17, 2025", "2025-04-17",
"Published: Thursday 17 April 2025 09:30 BST"); every reader in `formats/` and the dateline
rules in `metadata.py` turn them into one ISO form here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
    re.compile(r"\b(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b"),
    re.compile(
        rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:,\s*|\s+)(?P<y>\d{{4}})\b", re.I
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MONTH_PATTERN})\.?,?\s+(?P<y>\d{{4}})\b",
        re.I,
    ),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b"),
]
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE_LABEL = (
    r"(?:Published|Posted|Updated|Last updated|Date|First published|Publication date"
    r"|Published on|Posted on)"
)
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?)"
)


@dataclass(frozen=True)
class FoundDate:
    """A date and where it was found in the string, so callers can see what is left around it."""

    iso: str
    start: int
    end: int


def _to_iso(year: str, month: int, day: str) -> str | None:
    try:
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The earliest valid calendar date written in `text` in a common news format, or None."""
    best: FoundDate | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            groups = match.groupdict()
            month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
            iso = _to_iso(groups["y"], month, groups["d"])
            if iso is not None and 1900 <= int(groups["y"]) <= 2100:
                best = FoundDate(iso, match.start(), match.end())
                break
    return best


def parse_date(value: str) -> str | None:
    """A date value from structured data (JSON, HTML meta) as YYYY-MM-DD, or None if unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    found = find_date(value)
    return found.iso if found else None


_DATE_LINE_DECORATION = re.compile(
    rf"^\s*(?:{_DATE_LABEL}\s*:?\s*)?(?:{_WEEKDAY}\s*)?(?P<date>.*?)\s*$", re.I
)


def date_line(line: str) -> str | None:
    """The date of a line that is only a publication date ("17 April 2025", "Published: ...").

    A line that also carries other words (a sentence, a photo caption) is not a date line: dates in
    running text or captions are about something else than the article's publication.
    """
    match = _DATE_LINE_DECORATION.match(line)
    if match is None:
        return None
    rest = match.group("date")
    found = find_date(rest)
    if found is None:
        return None
    leftover = (rest[: found.start] + " " + rest[found.end :]).strip()
    leftover = re.sub(rf"^[\s,|·•at-]*{_TIME}?[\s,|·•)(-]*$", "", leftover, flags=re.I)
    leftover = re.sub(rf"^(?:[|,·•-]|at)?\s*{_TIME}\s*$", "", leftover, flags=re.I)
    return found.iso if not leftover.strip(" ,|·•-()") else None


_LABELLED = re.compile(rf"^\s*{_DATE_LABEL}\b", re.I)


def labelled_date_line(line: str) -> str | None:
    """The date of a line that says what it is ("Published: 17 April 2025"), wherever it sits."""
    return date_line(line) if _LABELLED.match(line) else None
