"""Turning a corpus file into index-ready field dicts: read, analyse, flatten.

Runs in worker processes, so inputs and outputs are plain picklable data and the main
process only has to hand the dicts to the Whoosh writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .analysis import analyse
from .ingest import ParsedDocument, ReadResult, SourceFile, read_source
from .models import Entity, Quote
from .schema import NAME_SEPARATOR, PREANALYZED, body_analyzer, plain_analyzer, preanalyze

_BODY_ANALYZER = body_analyzer()
_PLAIN_ANALYZER = plain_analyzer()


@dataclass
class PreparedFile:
    """One corpus file, read and analysed: its field dicts, or the reason it was skipped."""

    source: SourceFile
    content_hash: str
    fields: list[dict[str, object]] = field(default_factory=list)
    skipped_reason: str | None = None
    warnings: list[str] = field(default_factory=list)


MAX_ARTICLE_CHARS = 2_000_000
"""Longer articles are refused: analysis time and memory grow with length (about 3 s and
200 MB at this size), and no news article comes near it."""


def prepare_file(source: SourceFile) -> PreparedFile:
    """Read and analyse one file; never raises for bad content (the reader reports it)."""
    result: ReadResult = read_source(source)
    prepared = PreparedFile(source, result.content_hash, warnings=list(result.warnings))
    if result.skipped is not None:
        prepared.skipped_reason = result.skipped.reason
        return prepared
    kept = []
    for doc in result.documents:
        if len(doc.text) > MAX_ARTICLE_CHARS:
            prepared.warnings.append(f"{doc.id}: {_too_long(doc.text)}")
        else:
            kept.append(doc)
    if result.documents and not kept:
        prepared.skipped_reason = _too_long(max((d.text for d in result.documents), key=len))
        return prepared
    prepared.fields = [document_fields(doc) for doc in kept]
    return prepared


def _too_long(text: str) -> str:
    return f"article too long ({len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,})"


def document_fields(doc: ParsedDocument) -> dict[str, object]:
    """The Whoosh fields of one article, with its analysis stored as JSON."""
    entities, quotes = analyse(doc.text, doc.title)
    fields: dict[str, object] = {
        "id": doc.id,
        "path": doc.path,
        "title": doc.title or "",
        "derived_title": doc.derived_title or "",
        "source": doc.source or "",
        "datekey": date_key(doc.date),
        "body": preanalyze(_BODY_ANALYZER, doc.text),
        "spell": preanalyze(_PLAIN_ANALYZER, f"{doc.title or ''}\n{doc.text}", unique=True),
        "text": doc.text,
        "date_str": doc.date or "",
        "url": doc.url or "",
        "author": doc.author or "",
        "analysis": analysis_json(doc, entities, quotes),
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


def analysis_json(doc: ParsedDocument, entities: list[Entity], quotes: list[Quote]) -> str:
    """Entities and quotes as stored JSON; `show` and the reader load it without re-analysing."""
    return json.dumps(
        {
            "entities": [e.model_dump() for e in entities],
            "quotes": [q.model_dump() for q in quotes],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


class SpellingVocabulary:
    """The words the spelling field already holds, so each word is indexed once, not per article.

    The spelling field only supplies candidate corrections; whether a query word exists is
    checked against the body, so a word whose one spelling posting left with a deleted article
    costs at most a missed suggestion until the next rebuild. Halves the postings written.
    """

    def __init__(self, reader_words: Iterable[bytes]) -> None:
        self._seen = {word.decode("utf-8") for word in reader_words}

    def thin(self, fields: dict[str, object]) -> None:
        """Keep only words not indexed before in this article's spelling field."""
        value = str(fields.get("spell", ""))
        if not value.startswith(PREANALYZED):
            return
        fresh = [w for w in value[len(PREANALYZED) :].split(" ") if w and w not in self._seen]
        self._seen.update(fresh)
        fields["spell"] = PREANALYZED + " ".join(fresh)
