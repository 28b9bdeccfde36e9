"""JSON articles: a .json file with one object or a list of objects, or .jsonl with one per line.

Known keys (case-insensitive): title|headline, text|body|content, date|published (and the usual
`published_at`/`datePublished` spellings), source|outlet|publisher, url|link, author|byline.
Every other key is kept in `metadata` as a string. The body goes through the same cleaning as a
text file, so a scraped body that still holds its headline, dateline or link lists is tidied too.
Records are numbered by their position in the file (from 1), so the id of an article does not
change when an earlier record is broken or empty.
"""

from __future__ import annotations

import json
from typing import Any

from ..dates import parse_date
from ..textclean import strip_control_chars
from .text import ArticleFields, FormatResult, extract_article

_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext"),
    "date": (
        "date",
        "published",
        "published_at",
        "publishedat",
        "publish_date",
        "pubdate",
        "date_published",
        "datepublished",
    ),
    "source": ("source", "outlet", "publisher", "site", "site_name"),
    "url": ("url", "link", "href"),
    "author": ("author", "authors", "byline"),
}


def _as_text(value: Any) -> str | None:
    """Strings as they are, lists of strings joined as paragraphs, `{"name": ...}` by name."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [_as_text(item) for item in value]
        return "\n\n".join(part for part in parts if part) or None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _stringify(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _clean_line(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(strip_control_chars(value).split())
    return cleaned or None


def _record_to_article(
    record: dict[str, Any], raw: str, label: str, warnings: list[str]
) -> ArticleFields | None:
    lowered = {str(key).lower(): key for key in record}
    found: dict[str, Any] = {}
    used: set[str] = set()
    for field_name, candidates in _KEYS.items():
        for candidate in candidates:
            key = lowered.get(candidate)
            if key is not None and record[key] not in (None, "", []):
                found[field_name] = record[key]
                used.add(key)
                break
    body = _as_text(found.get("text"))
    if not body or not body.strip():
        warnings.append(f"{label}: no text, skipped")
        return None
    title = _clean_line(_as_text(found.get("title")))
    article = extract_article(body, known_title=title)
    article.raw = raw
    article.title = title or article.title
    date_value = _as_text(found.get("date"))
    if date_value:
        parsed = parse_date(date_value)
        if parsed is None:
            warnings.append(f"{label}: unreadable date {date_value[:40]!r}")
        else:
            article.date = parsed
    article.source = _clean_line(_as_text(found.get("source"))) or article.source
    article.url = _clean_line(_as_text(found.get("url")))
    author = _as_text(found.get("author"))
    if isinstance(found.get("author"), list):
        author = ", ".join(a for a in (_as_text(x) for x in found["author"]) if a)
    article.author = _clean_line(author) or article.author
    article.metadata = {
        str(key): strip_control_chars(_stringify(value))
        for key, value in record.items()
        if key not in used
    }
    if not article.text.strip():
        warnings.append(f"{label}: no text after removing page clutter, skipped")
        return None
    return article


def parse_json(raw: str) -> FormatResult:
    """A .json file: one article object, or a list of them (numbered from 1)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return FormatResult(refusal=f"invalid JSON: {error.msg} at line {error.lineno}")
    result = FormatResult()
    if isinstance(data, dict):
        article = _record_to_article(data, raw, "record", result.warnings)
        if article is not None:
            result.articles.append(article)
    elif isinstance(data, list):
        for number, record in enumerate(data, start=1):
            label = f"record {number}"
            if not isinstance(record, dict):
                result.warnings.append(f"{label}: not a JSON object, skipped")
                continue
            record_raw = json.dumps(record, ensure_ascii=False, indent=2)
            article = _record_to_article(record, record_raw, label, result.warnings)
            if article is not None:
                article.number = number
                result.articles.append(article)
    else:
        return FormatResult(refusal="JSON holds neither an article object nor a list of them")
    if not result.articles:
        result.refusal = "no article with text in the JSON file"
    return result


def parse_jsonl(raw: str) -> FormatResult:
    """A .jsonl file: one article object per non-blank line.

    Articles are numbered by record (non-blank line) from 1; warnings name the physical line.
    """
    result = FormatResult()
    number = 0
    for line_number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        number += 1
        label = f"line {line_number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            result.warnings.append(f"{label}: invalid JSON ({error.msg}), skipped")
            continue
        if not isinstance(record, dict):
            result.warnings.append(f"{label}: not a JSON object, skipped")
            continue
        article = _record_to_article(record, line.rstrip("\r"), label, result.warnings)
        if article is not None:
            article.number = number
            result.articles.append(article)
    if not result.articles:
        result.refusal = "no article with text in the JSON Lines file"
    return result
