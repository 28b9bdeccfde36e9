"""Page clutter that is not part of the article: ad markers, share buttons, copyright lines and the
"More news" link lists that follow an article.

These lines stay in `raw` but are kept out of the indexed text, so a word that only appears in a
list of unrelated headlines never makes an article match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .metadata import credit_line, is_headline_like

_AD_MARKER = re.compile(
    r"^[\s\-–—\[(*]*(?:advertisement|advertising|advert|ad|ads|sponsored(?: content| post| links?| by .*)?"
    r"|promoted(?: content)?|paid (?:content|post)|partner content"
    r"|story continues below(?: advertisement)?|(?:article )?continues? (?:below|after (?:the )?ad(?:vertisement)?)"
    r"|scroll to continue(?: with content)?|continue reading(?: below)?)[\s\-–—\])*]*$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|all rights reserved", re.I
)
_SIGNS = r"(?i:©|\(c\)|copyright\b)(?:\s*(?i:©|\(c\)|copyright\b))*"
_YEARS = r"\d{4}(?:\s*[-–]\s*\d{4})?"
_RESERVED = r"(?i:all rights reserved)"
_COPYRIGHT_HOLDER = re.compile(
    rf"^{_SIGNS}\s*(?:{_YEARS})?[\s,]*(?P<holder>[A-Z][^.©]{{1,60}}?)(?:,?\s*{_YEARS})?"
    rf"\s*(?:[.,]\s*(?:{_RESERVED}.*)?|\s+{_RESERVED}.*)?$"
)
_HOLDER_WORD = r"(?:[A-Z][\w&'’-]*\.?|&|of|and|the|de|du|des|la|le|für)"
_NOTICE_SENTENCE = re.compile(
    rf"(?:{_RESERVED}"
    rf"|{_SIGNS}\s*(?:{_YEARS})?,?\s*(?:by\s+)?"
    rf"(?:{_HOLDER_WORD}(?:,?\s+{_HOLDER_WORD}){{0,7}})?"
    rf"(?:,?\s*{_YEARS})?(?:,?\s*{_RESERVED})?)"
    r"[.!]?"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z©(])")
_NOTICE_START = re.compile(r"(?:©|\(c\)|copyright\b|all rights reserved\b)", re.I)
_CLUTTER = re.compile(
    r"^(?:share(?: this(?: article| story| page)?| on [\w ]+| via [\w ]+)?|tweet|email|e-mail|print"
    r"|print this (?:page|article|story)|save(?: article)?|pin it|whatsapp|facebook|twitter|linkedin"
    r"|subscribe(?: now| here| to [\w' ]+)?|sign up(?: for [\w' ]+| now| here)?|follow us(?: on [\w ,&]+)?"
    r"|join (?:us|our [\w ]+)(?: on [\w ]+)?|download (?:our|the) app|click here.*|back to top|top of page"
    r"|contact us|about us|home|menu|search|log ?in|sign in|register|my account|newsletters?"
    r"|skip to (?:main )?content|leave a comment|comments?(?: \(\d+\))?|view comments|\d+ comments?"
    r"|(?:read|see|also read|read also|watch)(?: more)?\s*:\s*.+|listen to (?:this )?article.*"
    r"|[a-z]{2,4}(?:/[a-z]{2,4})+)[.!]?$",
    re.I,
)
_LIST_HEADING = re.compile(
    r"^[\s\-–—#*]*(?:more news|more stories|more from [\w .&'-]+|more on this(?: story| topic)?"
    r"|related(?: news| articles?| stories| coverage| content| posts| topics| reading| links)?"
    r"|read more|read also|also read|see also|recommended(?: for you| stories| articles)?|most read"
    r"|most popular|popular(?: now| stories)?|latest(?: news| stories| headlines)?|top stories"
    r"|trending(?: now| stories)?|you may also like|you might also like|what to read next|read next"
    r"|other news|in other news|further reading|editor'?s picks|don'?t miss)[\s:\-–—*]*$",
    re.I,
)
_SECTION_WORDS = (
    r"news|headlines|stories|coverage|sports?|business|economy|markets|politics|world|opinion"
    r"|technology|tech|science|health|entertainment|culture|lifestyle|travel|weather|videos?"
)
_SECTION_HEADING = re.compile(rf"(?:^|[\s/,&-])(?:{_SECTION_WORDS})(?:$|[\s/,&-])", re.I)
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to"}
)
_LIST_ITEM_MAX_CHARS = 150
_MIN_UNHEADED_LIST = 3


def is_ad_marker(line: str) -> bool:
    """ "Advertisement", "ADVERTISEMENT", "Sponsored", "Story continues below advertisement"..."""
    return bool(_AD_MARKER.match(line.strip()))


def is_copyright(line: str) -> bool:
    """ "© 2025 Outlet", "Copyright 2025 ...", "... All rights reserved.", or a notice paragraph.

    A short line counts when it opens with a copyright sign (or "Copyright" and a sign or a year)
    or says "All rights reserved"; a line
    of any length counts when it opens with a sentence that is only a copyright statement ("All
    rights reserved. Copyright Agence France-Presse. Sections of the information displayed on
    this page ..."), so "Copyright lawsuits were filed ..." stays.
    """
    line = line.strip()
    if len(line) <= 250 and _COPYRIGHT.search(line):
        return True
    return is_copyright_notice(line)


def is_copyright_notice(line: str) -> bool:
    """A paragraph whose first sentence is only a copyright statement (sign, years, holder)."""
    line = line.strip()
    if not _NOTICE_START.match(line):
        return False
    first = _SENTENCE_BREAK.split(line, maxsplit=1)[0]
    return bool(_NOTICE_SENTENCE.fullmatch(first))


def copyright_holder(line: str) -> str | None:
    """The outlet named in a copyright line ("© 2025 Baltic Business Review." -> its name).

    In a notice paragraph the holder may follow "All rights reserved."; the leading copyright
    sentences are looked at in turn.
    """
    for sentence in _SENTENCE_BREAK.split(line.strip())[:3]:
        match = _COPYRIGHT_HOLDER.match(sentence)
        if match is not None:
            holder = match.group("holder").strip(" ,")
            if holder.lower() != "all rights reserved":
                return holder
        if not _NOTICE_SENTENCE.fullmatch(sentence):
            return None
    return None


def is_clutter(line: str) -> bool:
    """Share/subscribe/print buttons, "Read more: ..." teasers, wire sign-offs ("dw/jm/bp")."""
    line = line.strip()
    return len(line) <= 120 and bool(_CLUTTER.match(line))


def is_list_heading(line: str) -> bool:
    """A heading that introduces links to other articles ("More news", "Related", "Read more")."""
    return bool(_LIST_HEADING.match(line.strip()))


def is_section_heading(line: str) -> bool:
    """A short title-case label naming a section of a site ("Space News from Example.com",
    "24/7 Energy News Coverage"): every word capitalised except minor ones, a section word in it."""
    words = line.strip().split()
    if not 1 <= len(words) <= 10 or not _SECTION_HEADING.search(line):
        return False
    if not is_headline_like(line) and len(words) > 1:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS for w in words)


def is_removable_line(line: str) -> bool:
    """Lines that are clutter wherever they appear in an article."""
    return is_ad_marker(line) or is_copyright(line) or is_clutter(line)


def _is_list_item(line: str) -> bool:
    line = line.strip().lstrip("-•*·–—► ").strip()
    return len(line) <= _LIST_ITEM_MAX_CHARS and (
        is_headline_like(line, max_chars=_LIST_ITEM_MAX_CHARS)
        or is_list_heading(line)
        or is_section_heading(line)
    )


def _is_headline_item(line: str) -> bool:
    """A link-list entry without a heading: a headline of three words or more, not a bullet point."""
    stripped = line.strip()
    return (
        not stripped.startswith(("-", "•", "*", "·"))
        and len(stripped.split()) >= 3
        and is_headline_like(stripped, max_chars=_LIST_ITEM_MAX_CHARS)
    )


@dataclass
class TrailingCleanup:
    """What was cut from the end of an article, and the outlet credits found there."""

    end: int  # index of the first line that is no longer part of the article
    credits: list[str] = field(default_factory=list)
    copyright_holders: list[str] = field(default_factory=list)


def _previous_nonblank(lines: list[str], index: int) -> int:
    while index > 0 and not lines[index - 1].strip():
        index -= 1
    return index


def trailing_cleanup(lines: list[str]) -> TrailingCleanup:
    """Cut clutter, credits and link lists off the end of `lines`, working backwards.

    A trailing block of short headline-like lines is a link list when it starts with a list heading
    ("More news"), when it directly follows an outlet credit line, or when it has at least three
    headlines (three or more words each, no sentence punctuation) after a finished sentence.
    """
    result = TrailingCleanup(end=len(lines))
    while True:
        end = _previous_nonblank(lines, result.end)
        if end == 0:
            result.end = 0
            return result
        last = lines[end - 1].strip()
        if is_copyright(last):
            holder = copyright_holder(last)
            if holder:
                result.copyright_holders.append(holder)
            result.end = end - 1
            continue
        if is_ad_marker(last) or is_clutter(last) or is_list_heading(last):
            result.end = end - 1
            continue
        credit = credit_line(last)
        if credit is not None:
            result.credits.append(credit)
            result.end = end - 1
            continue
        block_start = _link_list_start(lines, end)
        if block_start is None:
            result.end = end
            return result
        result.end = block_start


def _link_list_start(lines: list[str], end: int) -> int | None:
    """Where a trailing link list ending at `end` starts, or None when the end is article text."""
    start = end
    while start > 0 and (not lines[start - 1].strip() or _is_list_item(lines[start - 1])):
        start -= 1
    block = [i for i in range(start, end) if lines[i].strip()]
    if not block:
        return None
    headings = [i for i in block if is_list_heading(lines[i])]
    if headings:
        return headings[0]
    before = _previous_nonblank(lines, start)
    if before > 0 and credit_line(lines[before - 1]) is not None:
        return start
    if before > 1 and is_ad_marker(lines[before - 1]):
        # Headlines after the last ad marker are the page's teasers, not the article.
        return start
    grouped = _first_section_group(lines, block)
    if grouped is not None:
        return grouped
    headline_items = [i for i in block if _is_headline_item(lines[i])]
    if len(headline_items) >= _MIN_UNHEADED_LIST and before > 0:
        return headline_items[0]
    return None


def _first_section_group(lines: list[str], block: list[int]) -> int | None:
    """The first section heading directly followed by headlines, when the block has two such
    groups (a page's "World News / Sports / Business" teaser lists), else None."""
    groups = [
        i
        for i in block
        if is_section_heading(lines[i]) and i + 1 in block and _is_headline_item(lines[i + 1])
    ]
    return groups[0] if len(groups) >= 2 else None


def collapse_blank_lines(lines: list[str]) -> str:
    """Join lines, trimming trailing spaces and keeping at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
