"""Related entities: who and what is named in the same articles as an entity, ranked by
log-likelihood (Dunning's G²) over article co-occurrence.

G² compares how many articles name both with how many would by chance, given how many name each.
Unlike a raw count it does not just favour the most frequent names, and unlike PMI it does not
put a name seen once, beside the entity, at the top. The score is signed: negative when the two
appear together less often than chance would have them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

from pydantic import BaseModel, Field

from ..errors import QueryError
from .common import CanonicalNames, DocSummary, name_key


class EntityRef(BaseModel):
    """An entity by its corpus-wide name and type."""

    name: str
    type: str


class RelatedEntity(BaseModel):
    """An entity named in `articles` articles together with the one asked about."""

    name: str
    type: str
    articles: int
    score: float


class RelatedResult(BaseModel):
    """`related --json`."""

    entity: EntityRef
    related: list[RelatedEntity] = Field(default_factory=list)


def log_likelihood(both: int, first: int, second: int, total: int) -> float:
    """Signed G² of a 2x2 table: `both` of `total` items have two properties held by `first`
    and `second` items; positive when they go together more often than chance."""
    cells = (
        (both, first * second),
        (first - both, first * (total - second)),
        (second - both, (total - first) * second),
        (total - first - second + both, (total - first) * (total - second)),
    )
    g2 = 0.0
    for observed, expected_times_total in cells:
        if observed > 0 and expected_times_total > 0:
            g2 += observed * math.log(observed * total / expected_times_total)
    g2 *= 2
    return g2 if both * total >= first * second else -g2


def _canonical(
    names: CanonicalNames,
    key: tuple[str, str, str],
    resolve: Callable[[str, str], tuple[str, str] | None] | None,
) -> int | None:
    kind, name, folded = key
    if resolve is None:
        return names.find((kind, folded))
    corrected = resolve(name, kind)
    if corrected is None:
        return None
    return names.find((corrected[1], name_key(corrected[0])))


def related(
    docs: Iterable[DocSummary],
    keys: list[tuple[str, str, str]],
    names: CanonicalNames,
    name: str,
    kind: str | None = None,
    limit: int | None = None,
    resolve: Callable[[str, str], tuple[str, str] | None] | None = None,
) -> RelatedResult:
    """Entities co-occurring with `name` in `docs`, by score, then articles together, then name.

    `keys` are the (type, name, name key) triples the summaries' entity numbers stand for;
    `resolve` maps a (name, type) to its corrected one, or None when it is hidden."""
    target = names.lookup(name)
    if target is None:
        raise QueryError(f"no entity named '{name}' in the corpus (see `corpus-tui entities`)")
    canonical = [_canonical(names, key, resolve) for key in keys]
    total = with_target = 0
    alone: Counter[int] = Counter()
    together: Counter[int] = Counter()
    for doc in docs:
        found = {number for k in doc.entities if (number := canonical[k]) is not None}
        total += 1
        alone.update(found)
        if target in found:
            with_target += 1
            together.update(found - {target})
    listed = []
    for number, both in together.items():
        entity = names.entities[number]
        if kind is not None and entity.type != kind:
            continue
        score = log_likelihood(both, with_target, alone[number], total)
        listed.append(
            RelatedEntity(name=entity.name, type=entity.type, articles=both, score=round(score, 4))
        )
    listed.sort(key=lambda r: (-r.score, -r.articles, r.name))
    entity = names.entities[target]
    return RelatedResult(
        entity=EntityRef(name=entity.name, type=entity.type),
        related=listed[:limit] if limit is not None else listed,
    )
