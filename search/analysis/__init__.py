"""The analysis the index stores with each article: entities and quotations with speakers.

`analyse` is what the indexer calls per article. The pipeline: `tokens` (tokens and capitalised
phrases), `wire` (the page's layout: datelines, bylines, headings), `entities` (classifying each
phrase), `extract` (the words around each mention), `names` (one entity per name, with aliases),
`quote_finder` and `speakers` (quotations and who said them); every word list is read by
`lexicon`. `corpus` merges the per-article results over many articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Entity, Quote

if TYPE_CHECKING:
    from .names import Found

__all__ = ["analyse"]


def analyse(text: str, title: str | None = None) -> tuple[list[Entity], list[Quote]]:
    """Entities (each once: fullest name, aliases, mention offsets) and quotes with speakers.

    The title's names are entities of the article too (a dateline or byline read as the title
    still names a place or a person); offsets index `text` only. The rules are imported here, on
    first use, so reading a word list (`analysis.lexicon`) does not load the whole pipeline.
    """
    from .extract import extract
    from .quotes import quotes_with_speakers

    extraction = extract(text, title)
    entities = [_entity(found) for found in extraction.entities]
    entities.sort(key=lambda e: (-e.count, e.mentions[0][0] if e.mentions else 0))
    quotes = [
        Quote(
            text=span.text(text),
            speaker=span.speaker.name if span.speaker else None,
            start=span.start,
            end=span.end,
        )
        for span in quotes_with_speakers(text, extraction)
    ]
    return entities, quotes


def _entity(found: Found) -> Entity:
    mentions = sorted(set(found.mentions))
    return Entity(
        name=found.name,
        type=found.type,
        aliases=found.aliases,
        count=len(mentions) + found.header_mentions,
        mentions=mentions,
    )
