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
