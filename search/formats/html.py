"""HTML pages, read with the standard library's `html.parser` (no extraction dependency needed).

Page furniture (nav, header, footer, aside, scripts, forms, and elements whose class or id names
them as menus, share bars, ads or related-links boxes) is dropped. When the page has an <article>
or <main> element, only its text is used. Metadata comes from Open Graph / article meta tags first,
then from the page (first <h1>, <title>, <time datetime>).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..dates import parse_date
from ..textclean import strip_control_chars
from .text import FormatResult, extract_article

_DROPPED_TAGS = frozenset(
    {
        "nav",
        "header",
        "footer",
        "aside",
        "script",
        "style",
        "noscript",
        "form",
        "template",
        "svg",
        "iframe",
        "button",
        "select",
        "dialog",
        "menu",
        "head",
    }
)
_VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "tr",
        "dd",
        "dt",
        "dl",
        "address",
        "body",
        "br",
        "hr",
    }
)
_CLUTTER_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "sidebar",
        "footer",
        "share",
        "sharing",
        "social",
        "related",
        "advert",
        "advertisement",
        "ads",
        "ad",
        "promo",
        "newsletter",
        "cookie",
        "cookies",
        "breadcrumb",
        "breadcrumbs",
        "comments",
        "subscribe",
        "popup",
        "modal",
        "banner",
        "masthead",
    }
)
_NEVER_CLUTTER = frozenset({"html", "body", "article", "main"})
"""Containers whose class names ("has-sidebar") describe the page layout, not their own content."""
_CLASS_SPLIT = re.compile(r"[\s_-]+")


def _is_clutter_element(attrs: dict[str, str]) -> bool:
    names = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}".lower()
    if attrs.get("role", "").lower() in {"navigation", "banner", "contentinfo", "complementary"}:
        return True
    return bool(_CLUTTER_WORDS.intersection(_CLASS_SPLIT.split(names)))


class _PageParser(HTMLParser):
    """Collects metadata and the visible text, tracking which part of the page each piece is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.page_title: list[str] = []
        self.h1: list[str] = []
        self.time_datetime: str | None = None
        self.canonical: str | None = None
        # Text chunks per region; a region is "article", "main" or "body".
        self.chunks: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self._open: list[tuple[str, bool]] = []  # (tag, dropped) for non-void elements
        self._dropped_depth = 0
        self._article_depth = 0
        self._main_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._h1_done = False

    def _emit(self, text: str) -> None:
        if self._dropped_depth:
            return
        self.chunks["body"].append(text)
        if self._main_depth:
            self.chunks["main"].append(text)
        if self._article_depth:
            self.chunks["article"].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"]
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href") or None
            return
        if tag == "time" and self.time_datetime is None and values.get("datetime"):
            self.time_datetime = values["datetime"]
        if tag == "title" and not self._dropped_depth_excluding_head():
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")
        if tag in _VOID_TAGS:
            return
        dropped = tag in _DROPPED_TAGS or (
            tag not in _NEVER_CLUTTER and _is_clutter_element(values)
        )
        self._open.append((tag, dropped))
        if dropped:
            self._dropped_depth += 1
        if tag == "article":
            self._article_depth += 1
        if tag == "main":
            self._main_depth += 1
        if tag == "h1" and not self._h1_done:
            self._in_h1 = True

    def _dropped_depth_excluding_head(self) -> int:
        return sum(1 for tag, dropped in self._open if dropped and tag != "head")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self._h1_done = True
        if tag in _VOID_TAGS:
            return
        # Close the most recent matching element, and anything left open inside it.
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position][0] == tag:
                for closed, dropped in self._open[position:]:
                    if dropped:
                        self._dropped_depth -= 1
                    if closed == "article":
                        self._article_depth -= 1
                    if closed == "main":
                        self._main_depth -= 1
                del self._open[position:]
                break
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title.append(data)
            return
        if self._in_h1:
            self.h1.append(data)
        self._emit(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_text(chunks: list[str]) -> str:
    """Paragraphs separated by one blank line; whitespace inside a paragraph collapsed."""
    paragraphs = (_squash(part) for part in "".join(chunks).split("\n\n"))
    return "\n\n".join(part for part in paragraphs if part)


def _strip_site_suffix(title: str, site: str | None) -> str:
    """ "Headline | Site" or "Headline - Site" -> "Headline" when the suffix is the site's name."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and site and _squash(parts[-1]).casefold() == _squash(site).casefold():
        return " - ".join(parts[:-1])
    return title


def parse_html(raw: str) -> FormatResult:
    """One article from an HTML page."""
    parser = _PageParser()
    parser.feed(raw)
    parser.close()
    meta = parser.meta
    site = meta.get("og:site_name")
    title_candidates = [
        meta.get("og:title"),
        meta.get("twitter:title"),
        _squash("".join(parser.h1)),
        _strip_site_suffix(_squash("".join(parser.page_title)), site),
    ]
    title = next(
        (_squash(strip_control_chars(t)) for t in title_candidates if t and t.strip()), None
    )
    if title:
        title = _strip_site_suffix(title, site)
    region = next(
        (name for name in ("article", "main") if _squash("".join(parser.chunks[name]))), "body"
    )
    # The <h1> is what the page text repeats; og:title may be worded for social media.
    heading = _squash(strip_control_chars("".join(parser.h1))) or title
    article = extract_article(_page_text(parser.chunks[region]), known_title=heading)
    article.raw = raw
    article.title = title or article.title
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
        if meta.get(key) and parse_date(meta[key]):
            article.date = parse_date(meta[key])
            break
    else:
        if parser.time_datetime and parse_date(parser.time_datetime):
            article.date = parse_date(parser.time_datetime)
    if site:
        article.source = _squash(strip_control_chars(site))
    article.url = meta.get("og:url") or parser.canonical
    author = meta.get("author") or meta.get("article:author")
    if author and not author.startswith("http"):
        article.author = _squash(strip_control_chars(author))
    if meta.get("description"):
        article.metadata["description"] = _squash(strip_control_chars(meta["description"]))
    if not article.text.strip():
        return FormatResult(refusal="no article text found in the HTML page")
    return FormatResult(articles=[article])
