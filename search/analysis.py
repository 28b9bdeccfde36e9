"""The analysis the index stores with each article, and its corpus-wide aggregation.

`analyse` is what the indexer calls per article; `merge_corpus_entities` and
`canonical_speaker_map` are what the `entities` and `quotes` views call over many articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .entities import PERSON, Found, extract
from .gazetteer import fold
from .models import CorpusEntity, Entity, Quote
from .quotes import quotes_with_speakers


def analyse(text: str, title: str | None = None) -> tuple[list[Entity], list[Quote]]:
    """Entities (each once: fullest name, aliases, mention offsets) and quotes with speakers.

    The title's names are entities of the article too (a dateline or byline read as the title
    still names a place or a person); offsets index `text` only.
    """
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


class _Tally:
    """One corpus entity being aggregated: forms seen with their counts, documents, aliases."""

    def __init__(self, kind: str) -> None:
        self.type = kind
        self.names: Counter[str] = Counter()
        self.aliases: dict[str, None] = {}
        self.count = 0
        self.docs: set[int] = set()

    def add(self, entity: Entity, doc: int) -> None:
        self.names[entity.name] += entity.count or 1
        for alias in entity.aliases:
            self.aliases[alias] = None
        self.count += entity.count
        self.docs.add(doc)

    def absorb(self, other: _Tally) -> None:
        for name in other.names:
            self.aliases[name] = None
        self.aliases.update(other.aliases)
        self.count += other.count
        self.docs |= other.docs

    @property
    def name(self) -> str:
        """The most used form; among equals, the one with accents, then the longest."""
        return max(self.names, key=lambda n: (self.names[n], not n.isascii(), len(n), n))

    def result(self) -> CorpusEntity:
        name = self.name
        aliases = [a for a in {**dict.fromkeys(self.names), **self.aliases} if a != name]
        return CorpusEntity(
            name=name, type=self.type, aliases=aliases, count=self.count, docs=len(self.docs)
        )


def _merge(per_doc: Iterable[list[Entity]]) -> tuple[dict[tuple[str, str], _Tally], dict]:
    """Tallies by (type, folded name), with lone surnames folded into their one full name."""
    tallies: dict[tuple[str, str], _Tally] = {}
    for doc, entities in enumerate(per_doc):
        for entity in entities:
            key = (entity.type, fold(entity.name).replace(".", ""))
            tallies.setdefault(key, _Tally(entity.type)).add(entity, doc)
    by_surname: dict[str, set[tuple[str, str]]] = {}
    for key in tallies:
        kind, folded = key
        words = folded.split()
        if kind == PERSON and len(words) > 1:
            by_surname.setdefault(words[-1], set()).add(key)
    moved: dict[tuple[str, str], tuple[str, str]] = {}
    for key in list(tallies):
        kind, folded = key
        if kind != PERSON or " " in folded:
            continue
        owners = by_surname.get(folded, set())
        if len(owners) == 1:
            owner = next(iter(owners))
            tallies[owner].absorb(tallies.pop(key))
            moved[key] = owner
    _fold_aliases(tallies, moved)
    return tallies, moved


def _fold_aliases(
    tallies: dict[tuple[str, str], _Tally], moved: dict[tuple[str, str], tuple[str, str]]
) -> None:
    """An entity named in one article by a form another article lists as an alias ("EU" alone
    here, "European Union" with alias "EU" there) joins that entity, when only one claims it."""
    claims: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for key, tally in tallies.items():
        for alias in tally.aliases:
            alias_key = (tally.type, fold(alias).replace(".", ""))
            if alias_key != key:
                claims.setdefault(alias_key, set()).add(key)
    for key, owners in claims.items():
        if key not in tallies or len(owners) != 1:
            continue
        owner = next(iter(owners))
        if owner in tallies and owner not in claims:
            tallies[owner].absorb(tallies.pop(key))
            moved[key] = owner


def merge_corpus_entities(per_doc: Iterable[list[Entity]]) -> list[CorpusEntity]:
    """Corpus-wide entities: same canonical name and type is one entity (mentions summed, docs
    counted); a person known only by a surname joins the one full name it belongs to elsewhere.
    Sorted by mentions, most first, then name."""
    tallies, _ = _merge(per_doc)
    merged = [tally.result() for tally in tallies.values()]
    merged.sort(key=lambda e: (-e.count, e.name))
    return merged


def canonical_speaker_map(per_doc: Iterable[list[Entity]]) -> dict[str, str]:
    """Every person name used as a canonical name in some article -> its corpus-wide name.

    A quote whose speaker is "Hegseth" in one article is then listed under "Pete Hegseth".
    """
    tallies, _ = _merge(per_doc)
    mapping: dict[str, str] = {}
    for tally in tallies.values():
        if tally.type != PERSON:
            continue
        name = tally.name
        for form in (*tally.names, *tally.aliases):
            mapping.setdefault(form, name)
    return mapping
