"""Plain text and Markdown articles, and the page-layout rules every format shares.

`extract_article` turns the text of a news page into the article body plus its metadata. Choice
about the body: the title is shown separately, so the body leaves out the lines that make up the
page header (site banner, headline, byline, date line and a dateline that stands on its own line).
A dateline that opens the first paragraph ("VILNIUS, April 2 (Reuters) - Lithuania has...") stays,
because it is part of that paragraph. Photo captions stay (they describe the story), but their
dates are never taken as the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..boilerplate import (
    collapse_blank_lines,
    is_removable_line,
    trailing_cleanup,
)
from ..dates import date_line, find_date, labelled_date_line, parse_date
from ..metadata import (
    banner_site,
    is_caption,
    is_headline_like,
    is_place_line,
    is_wire_byline,
    parse_byline,
    parse_dateline,
    place_dateline,
)
from ..page import PageFields
from ..textclean import strip_control_chars
from ..titles import strip_title_label

MAX_HEADER_LINES = 15
"""Header lines (banner, headline, byline, dates) are looked for among this many non-blank lines."""


@dataclass(kw_only=True)
class ArticleFields(PageFields):
    """One article as a format reader found it; `number` is its position in a list file (from 1)."""

    text: str
    raw: str
    metadata: dict[str, str] = field(default_factory=dict)
    number: int | None = None


@dataclass
class FormatResult:
    """What a reader made of one file: its articles, warnings, or a reason to refuse the whole file."""

    articles: list[ArticleFields] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str | None = None


@dataclass
class _Header:
    """What the lines above the body gave: the page's own fields, which lines to drop, and the
    clues to its publisher (an agency, a byline's outlet, a banner), best first."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    dropped: set[int] = field(default_factory=set)
    keep_date_line: bool = False
    dateline_seen: bool = False  # a headline comes before the dateline, never after it
    agency: str | None = None
    byline_outlet: str | None = None
    banner: str | None = None

    def keep_first(self, **found: str | None) -> None:
        """Record what a line says, where nothing earlier said it: the first line found wins."""
        for name, value in found.items():
            if not getattr(self, name):
                setattr(self, name, value)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _next_nonblank(lines: list[str], index: int) -> str | None:
    for line in lines[index + 1 :]:
        if line.strip():
            return line.strip()
    return None


_PLACE_DATE_LEAD = re.compile(r"^[A-Z][\w.'’ -]{1,40},\s+(?P<rest>.*)$")


def _dated_lead(line: str) -> str | None:
    """The date of a lead such as "WASHINGTON, April 17, 2025 - ..." (a dateline without agency)."""
    match = _PLACE_DATE_LEAD.match(line)
    if match is None:
        return None
    found = find_date(match.group("rest"))
    if found is None or found.start != 0:
        return None
    after = match.group("rest")[found.end :].lstrip()
    return found.iso if after[:1] in {"-", "–", "—", ":", "("} else None


def _header_window(lines: list[str]) -> list[int]:
    """Indexes of the first MAX_HEADER_LINES non-blank lines, where header lines are looked for."""
    return [index for index, line in enumerate(lines) if line.strip()][:MAX_HEADER_LINES]


def _repeated_headline(lines: list[str], window: list[int]) -> str | None:
    """A headline-like line that appears twice in the header (pages often print the title twice)."""
    seen: set[str] = set()
    for index in window:
        line = lines[index].strip()
        if is_headline_like(line):
            key = _normalised(line)
            if key in seen:
                return line
            seen.add(key)
    return None


def _is_chrome(line: str) -> bool:
    """A short label above the headline (section name, logo text): not a sentence, not a headline."""
    return (
        len(line.split()) == 1
        and not _SENTENCE_PUNCTUATION.search(line)
        and date_line(line) is None
    )


_SENTENCE_PUNCTUATION = re.compile(r"[.!?;,:]['\"’”»)]*$")


_WRAP_WORDS = frozenset({"the", "a", "an", "of", "and", "that", "with", "by", "from"})


def _is_headline(lines: list[str], index: int) -> bool:
    """A headline-like line that is not the first line of a hard-wrapped paragraph.

    Wrapped text gives itself away: the next line follows without a blank line and starts in
    lower case, or the line stops on a word that cannot end a headline ("the", "of").
    """
    line = lines[index].strip()
    if not is_headline_like(line):
        return False
    if line.rsplit(None, 1)[-1].lower() in _WRAP_WORDS:
        return False
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return not following[:1].islower()


def _scan_header(lines: list[str], known_title: str | None) -> _Header:
    """Find and mark the page-header lines: banner, labels, headline, byline, dates, dateline.

    When the title is known (from metadata, or because the page prints it twice), every line before
    it that is not a sentence is page furniture and is dropped, and no other line becomes the title.
    """
    header = _Header()
    window = _header_window(lines)
    wanted = _normalised(known_title) if known_title else None
    title_at = next((i for i in window if wanted and _normalised(lines[i]) == wanted), None)
    title_seen = False
    for position, index in enumerate(window):
        stripped = lines[index].strip()
        if is_removable_line(stripped):
            header.dropped.add(index)
            continue
        if wanted is not None and _normalised(stripped) == wanted:
            header.dropped.add(index)
            title_seen = True
            continue
        if title_at is not None and index < title_at and not _SENTENCE_PUNCTUATION.search(stripped):
            header.banner = header.banner or banner_site(stripped, first_line=position == 0)
            header.dropped.add(index)
            continue
        if not title_seen and header.title is None:
            site = banner_site(stripped, first_line=position == 0)
            following = _next_nonblank(lines, index)
            if site is not None and following is not None and is_headline_like(following):
                header.banner = header.banner or site
                header.dropped.add(index)
                continue
            if wanted is None and _is_chrome(stripped):
                header.dropped.add(index)
                continue
        dateline = parse_dateline(stripped)
        if dateline is not None:
            header.keep_first(agency=dateline.agency, date=dateline.date)
            header.dateline_seen = True
            if dateline.rest:
                _scan_labelled_dates(lines, window[position + 1 :], header)
                break
            header.dropped.add(index)
            continue
        byline = parse_byline(stripped)
        if byline is not None:
            header.keep_first(author=byline.author, byline_outlet=byline.outlet)
            header.dropped.add(index)
            continue
        filed = place_dateline(stripped)
        following = _next_nonblank(lines, index)
        if filed is not None or (
            is_place_line(stripped) and following is not None and date_line(following)
        ):
            # A wire dateline ("LONDON 1996-08-30") stays in the body, with the date line
            # below a bare place: where the story was filed is part of it.
            header.date = header.date or filed
            header.keep_date_line = filed is None
            header.dateline_seen = True
            continue
        if wanted is None and header.title is None and is_wire_byline(stripped, following):
            header.author = header.author or stripped
            continue  # kept too: a wire story opens with its reporter's name
        found_date = date_line(stripped)
        if found_date is not None:
            header.date = header.date or found_date
            if not header.keep_date_line:
                header.dropped.add(index)
            header.keep_date_line = False
            continue
        if is_caption(stripped):
            continue
        if (
            wanted is None
            and header.title is None
            and not header.dateline_seen
            and _is_headline(lines, index)
        ):
            header.title = stripped
            header.dropped.add(index)
            continue
        if header.date is None:
            header.date = _dated_lead(stripped)
        _scan_labelled_dates(lines, window[position + 1 :], header)
        break
    return header


def _scan_labelled_dates(lines: list[str], indexes: list[int], header: _Header) -> None:
    """A "Published: ..." line just below the lead still dates the article (and is dropped)."""
    for index in indexes:
        found = labelled_date_line(lines[index].strip())
        if found is not None:
            header.date = header.date or found
            header.dropped.add(index)


def extract_article(text: str, *, known_title: str | None = None) -> ArticleFields:
    """Body and metadata of one article given as text (already decoded; may hold control chars).

    `known_title` comes from structured metadata (HTML, JSON); a line repeating it is dropped and
    no other line is taken as the headline.
    """
    clean = strip_control_chars(text)
    lines = clean.split("\n")
    repeated = None if known_title else _repeated_headline(lines, _header_window(lines))
    header = _scan_header(lines, known_title or repeated)
    if repeated is not None:
        header.title = repeated
    body = [line for index, line in enumerate(lines) if index not in header.dropped]
    tail = trailing_cleanup(body)
    body = [line for line in body[: tail.end] if not is_removable_line(line)]
    source = (
        header.agency
        or header.byline_outlet
        or (tail.credits[0] if tail.credits else None)
        or header.banner
        or (tail.copyright_holders[0] if tail.copyright_holders else None)
    )
    return ArticleFields(
        text=collapse_blank_lines(body),
        raw=text,
        title=strip_title_label(header.title) if header.title else None,
        date=header.date,
        source=source,
        author=header.author,
    )


# --- Markdown -------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$", re.M), ""),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),
    (re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M), ""),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style `key: value` front matter (flat keys only) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").split("\n"):
        pair = _FRONT_MATTER_KEY.match(line)
        if pair is not None and pair.group("value"):
            fields[pair.group("key").lower()] = _unquote(pair.group("value"))
    return fields, text[match.end() :]


def markdown_to_text(text: str) -> str:
    """Readable plain text from Markdown: headings, emphasis, link and image syntax removed."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


_FRONT_MATTER_FIELDS = {"title", "date", "source", "url", "author", "published"}


def parse_text(raw: str, *, markdown: bool = False) -> FormatResult:
    """A .txt or .md file holding one article."""
    front: dict[str, str] = {}
    body = raw
    if markdown:
        front, body = split_front_matter(strip_control_chars(raw))
        body = markdown_to_text(body)
    title = strip_control_chars(front["title"]).strip() if front.get("title") else None
    article = extract_article(body, known_title=title)
    article.raw = raw
    if title:
        article.title = title
    published = front.get("date") or front.get("published")
    if published and parse_date(published):
        article.date = parse_date(published)
    if front.get("source"):
        article.source = strip_control_chars(front["source"]).strip()
    article.url = front.get("url") or None
    article.author = front.get("author") or article.author
    article.metadata = {k: v for k, v in front.items() if k not in _FRONT_MATTER_FIELDS}
    if not article.text.strip():
        return FormatResult(refusal="no article text after removing page clutter")
    return FormatResult(articles=[article])
