"""Merging the corpus entities of the aggregate (`aggregate.py`) again after an update, for only
the names an update can have affected.

`analysis.corpus.fold_tallies` joins a lone surname to the one full name it belongs to and a form
one entity lists as an alias to that entity. Both decisions depend only on a few other names: the
full names sharing a surname, the names claiming an alias. So the names an update touched are
widened to every name they are linked to that way (and to the other members of the entities they
belonged to), until nothing more is linked; merging that closed set gives exactly the entities the
whole corpus would give for them, and every other entity row stays as it was. Entities are listed
by mentions, then name, then where their first article comes (newest first), which is the order a
merge over all articles produces.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable

from .analysis.corpus import Key, Tally, entity_key, fold_tallies
from .analysis.entities import PERSON

ENTITY_ORDER = "count DESC, name, fdate DESC, fdoc, fidx"
"""How the corpus entities are listed (see the module's docstring)."""


def surname_of(kind: str, fold: str) -> str | None:
    """The surname a full person name is found under (None for anything else)."""
    words = fold.split()
    return words[-1] if kind == PERSON and len(words) > 1 else None


def claims_of(kind: str, fold: str, aliases: Iterable[str]) -> set[str]:
    """The other names (folded) a tally's aliases point at."""
    return {target for alias in aliases if (target := entity_key(kind, alias)[1]) != fold}


def linked_keys(db: sqlite3.Connection, start: Iterable[Key]) -> set[Key]:
    """`start` and every name linked to it, transitively: by surname, by alias claims either
    way, and by having been merged into one entity.

    Each surname, claim target and entity is looked up once: a group reached again through
    another of its members adds nothing new, and re-reading it for every member made the
    closure quadratic in the size of the group (15 s of an update at 100,000 articles).
    """
    seen = set(start)
    queue = list(seen)
    surnames: set[str] = set()
    targets_seen: set[Key] = set()
    entities: set[object] = set()
    while queue:
        kind, fold = queue.pop()
        related: set[Key] = set()
        if kind == PERSON:
            words = fold.split()
            if words and (surname := words[-1]) not in surnames:
                surnames.add(surname)
                related.add((PERSON, surname))
                rows = db.execute(
                    "SELECT fold FROM tally WHERE type = ? AND surname = ?", (PERSON, surname)
                )
                related.update((PERSON, other) for (other,) in rows)
        targets = [t for (t,) in db.execute(
            "SELECT target FROM claim WHERE type = ? AND fold = ?", (kind, fold)
        )]  # fmt: skip
        for target in [*targets, fold]:
            related.add((kind, target))
            if (kind, target) in targets_seen:
                continue
            targets_seen.add((kind, target))
            rows = db.execute(
                "SELECT fold FROM claim WHERE type = ? AND target = ?", (kind, target)
            )
            related.update((kind, claimer) for (claimer,) in rows)
        entity = db.execute(
            "SELECT entity FROM member WHERE type = ? AND fold = ?", (kind, fold)
        ).fetchone()
        if entity is not None and entity[0] not in entities:
            entities.add(entity[0])
            related.update(db.execute("SELECT type, fold FROM member WHERE entity = ?", entity))
        for key in related - seen:
            seen.add(key)
            queue.append(key)
    return seen


def replace_entities(
    db: sqlite3.Connection, keys: set[Key] | None, union_docs: Callable[[list[Key]], int]
) -> None:
    """Merge the tallies of `keys` (a set closed under `linked_keys`; None: every name) into
    entity rows, replacing the rows those names were part of."""
    if keys is None:
        for table in ("entity", "member", "speaker_alias"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        rows = db.execute(
            "SELECT type, fold, names, aliases, count, docs, datekey, doc, idx FROM tally"
        ).fetchall()
    else:
        entities = set()
        rows = []
        for key in keys:
            entities.update(
                db.execute("SELECT entity FROM member WHERE type = ? AND fold = ?", key)
            )
            rows.extend(
                db.execute(
                    "SELECT type, fold, names, aliases, count, docs, datekey, doc, idx FROM tally "
                    "WHERE type = ? AND fold = ?",
                    key,
                )
            )
        for table, column in (("entity", "id"), ("member", "entity"), ("speaker_alias", "entity")):
            db.executemany(f"DELETE FROM {table} WHERE {column} = ?", entities)  # noqa: S608
    rows.sort(key=lambda row: (-row[6], row[7], row[8]))  # the order articles are met in
    tallies: dict[Key, Tally] = {}
    first: dict[Key, tuple[int, str, int]] = {}
    for kind, fold, names, aliases, count, docs, datekey, doc, idx in rows:
        tally = Tally(kind, (kind, fold))
        for name, mentions in json.loads(names):
            tally.names[name] = mentions
        tally.aliases = dict.fromkeys(json.loads(aliases))
        tally.count, tally.doc_count = count, docs
        tallies[(kind, fold)] = tally
        first[(kind, fold)] = (datekey, doc, idx)
    fold_tallies(tallies)
    for key, tally in tallies.items():
        docs = tally.doc_count if len(tally.members) == 1 else union_docs(tally.members)
        entity = tally.result(docs)
        cursor = db.execute(
            "INSERT INTO entity(type, name, aliases, count, docs, fdate, fdoc, fidx) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity.type,
                entity.name,
                json.dumps(entity.aliases, ensure_ascii=False),
                entity.count,
                entity.docs,
                *first[key],
            ),
        )
        number = cursor.lastrowid
        db.executemany(
            "INSERT INTO member VALUES (?, ?, ?)", [(*member, number) for member in tally.members]
        )
        if entity.type == PERSON:
            db.executemany(
                "INSERT OR IGNORE INTO speaker_alias VALUES (?, ?)",
                [(form, number) for form in entity.aliases],
            )
