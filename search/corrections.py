"""Entity corrections applied at read time: merge, rename, retype and hide, without re-indexing.

The index keeps what analysis found; the workspace keeps what the user corrected; every view
(an article's entities, quotation speakers, corpus-wide lists, entity-field queries) sees the
two combined. A correction names an entity as the views show it, in any letter case and with
or without accents; an empty `type` means any type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from .folding import fold
from .models import CorpusEntity, Entity

AnyEntity = TypeVar("AnyEntity", Entity, CorpusEntity)

FIELDS_OF_TYPE: dict[str, tuple[str, ...]] = {
    "person": ("person", "speaker"),
    "org": ("org",),
    "place": ("place",),
}
"""Which entity fields of the index hold names of each type."""
MAX_CHAIN = 16
"""Merges and renames are followed this many steps at most (a cycle stops there)."""


@dataclass(frozen=True)
class Correction:
    """One stored correction: `value` is the target or new name, or the new type for retype."""

    action: str
    name: str
    type: str = ""
    value: str = ""
    value_type: str = ""

    def applies_to(self, kind: str) -> bool:
        return not self.type or self.type == kind


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return " ".join(fold(name).replace(".", "").split())


@dataclass
class Corrections:
    """All corrections of a workspace, indexed for lookups by folded name."""

    by_action: dict[str, dict[str, list[Correction]]] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> Corrections:
        found = cls()
        for row in rows:
            item = Correction(
                row["action"], row["name"], row["type"], row["value"], row["value_type"]
            )
            found.by_action.setdefault(item.action, {}).setdefault(_key(item.name), []).append(item)
        return found

    def __bool__(self) -> bool:
        return any(self.by_action.values())

    def _find(self, action: str, name: str, kind: str) -> Correction | None:
        for item in self.by_action.get(action, {}).get(_key(name), []):
            if item.applies_to(kind):
                return item
        return None

    def resolve(self, name: str, kind: str) -> tuple[str, str] | None:
        """The name and type an entity is shown under, or None when it is hidden."""
        key = (name, kind)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(name, kind)
        return self._resolved[key]

    def _resolve(self, name: str, kind: str) -> tuple[str, str] | None:
        current, current_type = name, kind
        seen: set[str] = set()
        for _ in range(MAX_CHAIN):
            key = _key(current)
            if key in seen:
                break
            seen.add(key)
            merge = self._find("merge", current, current_type)
            if merge is not None:
                current, current_type = merge.value, merge.value_type or current_type
                continue
            rename = self._find("rename", current, current_type)
            if rename is not None:
                current = rename.value
                continue
            break
        for form in dict.fromkeys((current, name)):
            retype = self._find("retype", form, current_type)
            if retype is not None:
                current_type = retype.value
                break
        for form, form_type in ((current, current_type), (name, kind)):
            if self._find("hide", form, form_type) is not None:
                return None
        return current, current_type

    def speaker(self, name: str | None) -> str | None:
        """A quotation's speaker under the corrections (None when that person is hidden)."""
        if not name:
            return name
        resolved = self.resolve(name, "person")
        return resolved[0] if resolved else None

    def apply(self, entities: Sequence[Entity]) -> list[Entity]:
        """One article's entities corrected: merged ones combine their mentions."""
        if not self:
            return list(entities)

        def combine(kept: Entity, entity: Entity, aliases: list[str]) -> Entity:
            ours, theirs = set(map(tuple, kept.mentions)), set(map(tuple, entity.mentions))
            # Counts may include mentions without offsets (in the title line): add them,
            # less the spans both entities claim.
            return kept.model_copy(
                update={
                    "aliases": aliases,
                    "mentions": sorted(ours | theirs),
                    "count": kept.count + entity.count - len(ours & theirs),
                }
            )

        merged = self._regroup(entities, combine)
        merged.sort(key=lambda e: (-e.count, e.mentions[0][0] if e.mentions else 0))
        return merged

    def apply_corpus(self, entities: Sequence[CorpusEntity]) -> list[CorpusEntity]:
        """Corpus-wide entities corrected; catches names the per-article pass could not see.

        Per-article correction already merged most entities with exact article counts; an
        entity merged only here counts the larger of the two article counts (a lower bound).
        """
        if not self:
            return list(entities)

        def combine(kept: CorpusEntity, entity: CorpusEntity, aliases: list[str]) -> CorpusEntity:
            return kept.model_copy(
                update={
                    "aliases": aliases,
                    "count": kept.count + entity.count,
                    "docs": max(kept.docs, entity.docs),
                }
            )

        merged = self._regroup(entities, combine)
        merged.sort(key=lambda e: (-e.count, e.name))
        return merged

    def _regroup(
        self,
        entities: Sequence[AnyEntity],
        combine: Callable[[AnyEntity, AnyEntity, list[str]], AnyEntity],
    ) -> list[AnyEntity]:
        """Entities under their corrected names: hidden ones dropped, renamed ones renamed,
        and those that now share a name and type combined."""
        out: dict[tuple[str, str], AnyEntity] = {}
        for entity in entities:
            resolved = self.resolve(entity.name, entity.type)
            if resolved is None:
                continue
            name, kind = resolved
            key = (_key(name), kind)
            if key not in out and resolved == (entity.name, entity.type):
                out[key] = entity  # untouched by any correction: no copy
                continue
            forms = [entity.name, *entity.aliases]
            if key in out:
                kept = out[key]
                out[key] = combine(kept, entity, _aliases(kept.name, [*kept.aliases, *forms]))
            else:
                out[key] = entity.model_copy(
                    update={"name": name, "type": kind, "aliases": _aliases(name, forms)}
                )
        return list(out.values())

    def expansions(self, field_name: str, words: Sequence[str]) -> list[tuple[str, str]]:
        """Other (field, name) pairs an entity-field query should also match.

        `person:"United States"` after merging "US" into it also finds articles that only say
        "US"; after a rename, the new name finds the old; after a retype, the new type's field
        finds the name where it was indexed under the old type.
        """
        if not self or not words:
            return []
        from .schema import plain_analyzer

        analyzer = plain_analyzer()
        wanted = [w for w in words if w]
        found: list[tuple[str, str]] = []
        for action in ("merge", "rename", "retype"):
            for items in self.by_action.get(action, {}).values():
                for item in items:
                    old_type = item.type or _type_of_field(field_name)
                    resolved = self.resolve(item.name, old_type)
                    if resolved is None:
                        continue
                    name, kind = resolved
                    if field_name not in FIELDS_OF_TYPE.get(kind, ()):
                        continue
                    target_words = [t.text for t in analyzer(name)]
                    if not _contains(target_words, wanted):
                        continue
                    same = old_type == kind or old_type not in FIELDS_OF_TYPE
                    source_field = field_name if same else FIELDS_OF_TYPE[old_type][0]
                    pair = (source_field, item.name)
                    if pair not in found:
                        found.append(pair)
        return found


def _type_of_field(field_name: str) -> str:
    return "person" if field_name == "speaker" else field_name


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether `part` occurs in `words` as a contiguous run."""
    size = len(part)
    return any(list(words[i : i + size]) == list(part) for i in range(len(words) - size + 1))


def _aliases(name: str, forms: Iterable[str]) -> list[str]:
    """Forms other than the name, once each, in order."""
    key = _key(name)
    seen: dict[str, str] = {}
    for form in forms:
        if _key(form) != key and form not in seen:
            seen[form] = form
    return list(seen.values())
