"""The corpus entities a set of articles names, counted from the aggregate's mention rows.

The sidebar's "results" scope asks this for every hit of a search. The articles' ids go into a
temporary table and SQLite joins them to their mentions, about 45 µs an article at 10,000: for a
query matching most of the corpus that was 0.3 s. Each entity's corpus-wide totals are kept in
the aggregate, so when the hits are most of the corpus the articles left out are counted
instead and taken from the totals: the same figures, from the smaller side.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from .models import CorpusEntity

_ENTITY_KEY = "CROSS JOIN member b ON b.type = m.type AND b.fold = m.fold"

HITS_SQL = (
    # CROSS JOIN keeps this order: the planner, knowing nothing of the temporary table,
    # scanned every mention instead (245 ms against 4 ms for 200 articles).
    "SELECT e.name, e.type, SUM(m.count), COUNT(DISTINCT m.doc) FROM wanted w "
    f"CROSS JOIN mention m ON m.doc = w.id {_ENTITY_KEY} "
    "CROSS JOIN entity e ON e.id = b.entity GROUP BY e.id ORDER BY 3 DESC, 1"
)
"""Each entity's mentions and articles among the wanted articles."""

OTHERS_SQL = (
    "SELECT e.name, e.type, e.count - IFNULL(o.count, 0), e.docs - IFNULL(o.docs, 0) "
    "FROM entity e LEFT JOIN ("
    "  SELECT b.entity AS id, SUM(m.count) AS count, COUNT(DISTINCT m.doc) AS docs "
    "  FROM doc d CROSS JOIN mention m ON m.doc = d.id "
    f"  {_ENTITY_KEY} WHERE d.id NOT IN (SELECT id FROM wanted) GROUP BY b.entity"
    ") o ON o.id = e.id WHERE e.docs > IFNULL(o.docs, 0) ORDER BY 3 DESC, 1"
)
"""The same, as each entity's corpus totals less its mentions in the other articles."""


def entities_of(db: sqlite3.Connection, ids: Iterable[str]) -> list[CorpusEntity]:
    """The corpus entities these articles name, under their corpus-wide names: `docs` is how
    many of the articles name each, `count` their mentions there; most mentioned first."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM wanted")
    _fill_wanted(db, list(ids))
    (wanted,) = db.execute("SELECT COUNT(*) FROM wanted w JOIN doc d ON d.id = w.id").fetchone()
    (articles,) = db.execute("SELECT COUNT(*) FROM doc").fetchone()
    rows = db.execute(OTHERS_SQL if 2 * wanted > articles else HITS_SQL)
    return [
        CorpusEntity.model_construct(name=name, type=kind, aliases=[], count=count, docs=docs)
        for name, kind, count, docs in rows
    ]


def _fill_wanted(db: sqlite3.Connection, ids: list[str]) -> None:
    """Put `ids` in the temporary `wanted` table: as one JSON array unpacked by SQLite (a
    third of the time of one insert per id: 9 ms against 28 ms for 9,000 ids), or one by one
    where SQLite was built without its JSON functions."""
    try:
        db.execute(
            "INSERT OR IGNORE INTO wanted SELECT value FROM json_each(?)", (json.dumps(ids),)
        )
    except sqlite3.OperationalError:
        db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((i,) for i in ids))
