"""An article as Whoosh stored fields, and back: the one place that knows the stored layout.

The writer stores an article's metadata, cleaned text and analysis (as JSON) beside the indexed
fields; readers turn a stored-fields dict back into the models of `models.py`. Keeping both
directions here means a new stored field is one edit on each side, not a hunt through the engine.
Stored strings are "" for a missing value (Whoosh stores no None); readers map "" back to None.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache

from whoosh.analysis import Analyzer

from .ingest import ParsedDocument
from .models import Article, Entity, Hit, Quote, Span
from .schema import NAME_SEPARATOR, body_analyzer, plain_analyzer, preanalyze

Stored = Mapping[str, object]
"""One document's stored fields, as `Searcher.stored_fields` or `Hit.fields()` return them."""


@cache
def _analyzers() -> tuple[Analyzer, Analyzer]:
    """The body and spelling analyzers, built once per process (each pool worker builds its own)."""
    return body_analyzer(), plain_analyzer()


def article_fields(
    doc: ParsedDocument, entities: list[Entity], quotes: list[Quote]
) -> dict[str, object]:
    """The Whoosh fields of one analysed article: what is searched and what is stored."""
    body, plain = _analyzers()
    fields: dict[str, object] = {
        "id": doc.id,
        "path": doc.path,
        "title": doc.title or "",
        "derived_title": doc.derived_title or "",
        "source": doc.source or "",
        "datekey": date_key(doc.date),
        "body": preanalyze(body, doc.text),
        "spell": preanalyze(plain, f"{doc.title or ''}\n{doc.text}", unique=True),
        "text": doc.text,
        "date_str": doc.date or "",
        "url": doc.url or "",
        "author": doc.author or "",
        "analysis": analysis_json(entities, quotes),
    }
    if doc.date:
        fields["date"] = datetime.strptime(doc.date, "%Y-%m-%d")
    for kind in ("person", "org", "place"):
        names = names_of(e for e in entities if e.type == kind)
        if names:
            fields[kind] = names
    speakers = speaker_names(entities, quotes)
    if speakers:
        fields["speaker"] = speakers
    return fields


def date_key(date: str | None) -> int:
    """YYYYMMDD as an int for sorting; 0 for undated, which sorts last when newest come first."""
    return int(date.replace("-", "")) if date else 0


def names_of(entities: Iterable[Entity]) -> str:
    """Canonical names and aliases, joined so phrases never match across two names."""
    names: list[str] = []
    for entity in entities:
        names.append(entity.name)
        names.extend(entity.aliases)
    return NAME_SEPARATOR.join(names)


def speaker_names(entities: list[Entity], quotes: list[Quote]) -> str:
    """Names of everyone quoted, with their aliases, for the `speaker:` field."""
    by_name = {e.name: e for e in entities}
    speakers: list[str] = []
    for speaker in dict.fromkeys(q.speaker for q in quotes if q.speaker):
        speakers.append(speaker)
        entity = by_name.get(speaker)
        if entity is not None:
            speakers.extend(entity.aliases)
    return NAME_SEPARATOR.join(speakers)


def analysis_json(entities: list[Entity], quotes: list[Quote]) -> str:
    """Entities and quotes as stored JSON; `show` and the reader load it without re-analysing."""
    return json.dumps(
        {
            "entities": [e.model_dump() for e in entities],
            "quotes": [q.model_dump() for q in quotes],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


# --- reading back -------------------------------------------------------------------------------


def _text(stored: Stored, name: str) -> str | None:
    """A stored string field, None when empty or absent (an index of an older layout)."""
    value = stored.get(name)
    return str(value) if value else None


def stored_title(stored: Stored) -> str | None:
    """The article's headline, None when it has none."""
    return _text(stored, "title")


def stored_analysis(stored: Stored) -> tuple[list[Entity], list[Quote]]:
    """The entities and quotations analysed at index time."""
    analysis = json.loads(str(stored.get("analysis") or "{}"))
    entities = [Entity.model_validate(e) for e in analysis.get("entities", [])]
    quotes = [Quote.model_validate(q) for q in analysis.get("quotes", [])]
    return entities, quotes


def article_from_stored(stored: Stored) -> Article:
    """The article as indexed: metadata, cleaned text and its analysis."""
    entities, quotes = stored_analysis(stored)
    return Article(
        id=str(stored["id"]),
        path=str(stored["path"]),
        title=stored_title(stored),
        derived_title=_text(stored, "derived_title"),
        source=_text(stored, "source"),
        date=_text(stored, "date_str"),
        url=_text(stored, "url"),
        author=_text(stored, "author"),
        text=str(stored["text"]),
        entities=entities,
        quotes=quotes,
    )


def hit_from_stored(stored: Stored, score: float, snippet: str, matches: list[Span]) -> Hit:
    """A search result row from a hit's stored fields and the snippet made for it."""
    return Hit(
        id=str(stored["id"]),
        title=stored_title(stored),
        derived_title=_text(stored, "derived_title"),
        source=_text(stored, "source"),
        date=_text(stored, "date_str"),
        score=score,
        snippet=snippet,
        matches=matches,
    )
