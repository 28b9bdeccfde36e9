"""The corpus-wide view of the analysis: one entity per name across articles, and the map from
every form a person goes by to their corpus-wide name.

`merge_corpus_entities` is what the `entities` view shows; `speaker_map`, made from its result,
is how the `quotes` view lists a quotation said by "Hegseth" under "Pete Hegseth".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..models import CorpusEntity, Entity
from .entities import PERSON
from .lexicon import fold

Key = tuple[str, str]
"""(type, folded name without dots): what makes two article entities one corpus entity."""


def entity_key(kind: str, name: str) -> Key:
    """The key one article's entity is merged under."""
    return (kind, fold(name).replace(".", ""))


class Tally:
    """One corpus entity being aggregated: forms seen with their counts, documents, aliases.

    Built from articles, it keeps the set of their numbers; built from a stored aggregate
    (`search/aggregate.py`), it keeps the number of articles and the keys it absorbed, so the
    articles of a merged entity can be counted once where they are stored."""

    def __init__(self, kind: str, key: Key | None = None) -> None:
        self.type = kind
        self.names: Counter[str] = Counter()
        self.aliases: dict[str, None] = {}
        self.count = 0
        self.docs: set[int] = set()
        self.doc_count = 0
        self.members: list[Key] = [key] if key is not None else []

    def add(self, entity: Entity, doc: int) -> None:
        self.names[entity.name] += entity.count or 1
        for alias in entity.aliases:
            self.aliases[alias] = None
        self.count += entity.count
        self.docs.add(doc)

    def absorb(self, other: Tally) -> None:
        for name in other.names:
            self.aliases[name] = None
        self.aliases.update(other.aliases)
        self.count += other.count
        self.docs |= other.docs
        self.members.extend(other.members)

    @property
    def name(self) -> str:
        """The most used form; among equals, the one with accents, then the longest."""
        return max(self.names, key=lambda n: (self.names[n], not n.isascii(), len(n), n))

    def result(self, docs: int | None = None) -> CorpusEntity:
        name = self.name
        aliases = [a for a in {**dict.fromkeys(self.names), **self.aliases} if a != name]
        return CorpusEntity(
            name=name,
            type=self.type,
            aliases=aliases,
            count=self.count,
            docs=len(self.docs) if docs is None else docs,
        )


def _merge(per_doc: Iterable[list[Entity]]) -> dict[Key, Tally]:
    """Tallies by (type, folded name), with lone surnames folded into their one full name."""
    tallies: dict[Key, Tally] = {}
    for doc, entities in enumerate(per_doc):
        for entity in entities:
            key = entity_key(entity.type, entity.name)
            tallies.setdefault(key, Tally(entity.type)).add(entity, doc)
    fold_tallies(tallies)
    return tallies


def fold_tallies(tallies: dict[Key, Tally]) -> None:
    """Join a lone surname to the one full name it belongs to, and a form another entity lists
    as an alias to that entity. `tallies` must be in the order their keys were first met."""
    by_surname: dict[str, set[tuple[str, str]]] = {}
    for key in tallies:
        kind, folded = key
        words = folded.split()
        if kind == PERSON and len(words) > 1:
            by_surname.setdefault(words[-1], set()).add(key)
    for key in list(tallies):
        kind, folded = key
        if kind != PERSON or " " in folded:
            continue
        owners = by_surname.get(folded, set())
        if len(owners) == 1:
            owner = next(iter(owners))
            tallies[owner].absorb(tallies.pop(key))
    _fold_aliases(tallies)


def _fold_aliases(tallies: dict[Key, Tally]) -> None:
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


def merge_corpus_entities(per_doc: Iterable[list[Entity]]) -> list[CorpusEntity]:
    """Corpus-wide entities: same canonical name and type is one entity (mentions summed, docs
    counted); a person known only by a surname joins the one full name it belongs to elsewhere.
    Sorted by mentions, most first, then name."""
    merged = [tally.result() for tally in _merge(per_doc).values()]
    merged.sort(key=lambda e: (-e.count, e.name))
    return merged


def speaker_map(entities: Iterable[CorpusEntity]) -> dict[str, str]:
    """Every other form a person goes by across the corpus -> their corpus-wide name.

    `entities` are corpus entities (`merge_corpus_entities`, corrections applied), so a quote
    whose speaker is "Hegseth" in one article is then listed under "Pete Hegseth".
    """
    mapping: dict[str, str] = {}
    for entity in entities:
        if entity.type == PERSON:
            for form in entity.aliases:
                mapping.setdefault(form, entity.name)
    return mapping
