"""The corpus-wide aggregate kept beside the index: every article's entities and quotations in
SQLite, the corpus entities merged from them, and the names quotations are listed under.

It is written by the index update as it commits (`Aggregate`), so `entities` and `quotes` over
the whole corpus read a page of rows instead of every article's stored analysis. An update
touches only the rows of the articles it deletes and adds; the per-name tallies those articles
name are recomputed from their rows, and the corpus-wide merge then runs over the tallies (one
per name, not one per article). The aggregate records the index generation it describes: a
reader (`AggregateReader`) uses it only when that matches the index it searches, so a run
killed between the two commits costs a fallback, never a wrong answer, and the next update
rebuilds it from the index.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .aggregate_hits import entities_of
from .aggregate_merge import (
    ENTITY_ORDER,
    claims_of,
    linked_keys,
    replace_entities,
    surname_of,
)
from .analysis.corpus import Key, entity_key
from .models import CorpusEntity, EntityTally, QuoteHit

AGGREGATE_NAME = "corpus-tui-aggregate.sqlite"
AGGREGATE_VERSION = "2"
"""Bumped when the tables change: an aggregate of another version is rebuilt."""

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc(
    id TEXT PRIMARY KEY, path TEXT NOT NULL, datekey INTEGER NOT NULL, title TEXT);
CREATE INDEX IF NOT EXISTS doc_path ON doc(path);
CREATE INDEX IF NOT EXISTS doc_order ON doc(datekey DESC, id);
CREATE TABLE IF NOT EXISTS mention(
    doc TEXT NOT NULL, idx INTEGER NOT NULL, type TEXT NOT NULL, fold TEXT NOT NULL,
    name TEXT NOT NULL, count INTEGER NOT NULL, aliases TEXT NOT NULL,
    PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mention_key ON mention(type, fold);
CREATE TABLE IF NOT EXISTS quote(
    doc TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tally(
    type TEXT NOT NULL, fold TEXT NOT NULL, datekey INTEGER NOT NULL, doc TEXT NOT NULL,
    idx INTEGER NOT NULL, names TEXT NOT NULL, aliases TEXT NOT NULL, count INTEGER NOT NULL,
    docs INTEGER NOT NULL, surname TEXT, PRIMARY KEY(type, fold)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tally_surname ON tally(type, surname);
CREATE TABLE IF NOT EXISTS claim(
    type TEXT NOT NULL, fold TEXT NOT NULL, target TEXT NOT NULL,
    PRIMARY KEY(type, fold, target)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_target ON claim(type, target);
CREATE TABLE IF NOT EXISTS dirty(
    type TEXT NOT NULL, fold TEXT NOT NULL, PRIMARY KEY(type, fold)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity(
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL,
    count INTEGER NOT NULL, docs INTEGER NOT NULL,
    fdate INTEGER NOT NULL, fdoc TEXT NOT NULL, fidx INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entity_order ON entity(count DESC, name, fdate DESC, fdoc, fidx);
CREATE INDEX IF NOT EXISTS entity_type_order
    ON entity(type, count DESC, name, fdate DESC, fdoc, fidx);
CREATE TABLE IF NOT EXISTS member(
    type TEXT NOT NULL, fold TEXT NOT NULL, entity INTEGER NOT NULL,
    PRIMARY KEY(type, fold)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS member_entity ON member(entity);
CREATE TABLE IF NOT EXISTS speaker_alias(
    form TEXT NOT NULL, entity INTEGER NOT NULL, PRIMARY KEY(form, entity)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS speaker_alias_entity ON speaker_alias(entity);
"""
_DATA_TABLES = (
    "doc", "mention", "quote", "tally", "claim", "dirty", "entity", "member", "speaker_alias"
)  # fmt: skip
FULL_MERGE_SHARE = 0.2
"""An update that touched more than this share of the names merges every name again."""
BUSY_MS = 5000
"""How long a reader or the writer waits for the other's lock on the aggregate file."""


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_MS / 1000, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    return connection


class Aggregate:
    """The writer's side: kept in step with the index by the batched writer of `index.py`."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / AGGREGATE_NAME
        self._db = _connect(self.path)
        self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._drop_other_versions()
        self._db.executescript(_TABLES)

    def _drop_other_versions(self) -> None:
        """Tables written by another version of this module go; the update rebuilds them."""
        try:
            row = self._db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
        except sqlite3.OperationalError:
            return  # a new file
        if row is not None and row[0] == AGGREGATE_VERSION:
            return
        tables = [name for (name,) in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )]  # fmt: skip
        for table in tables:
            self._db.execute(f'DROP TABLE IF EXISTS "{table}"')
        self._db.commit()

    def in_step_with(self, generation: int | None) -> bool:
        """Whether the aggregate describes the index at `generation` (its version current)."""
        meta = dict(self._db.execute("SELECT k, v FROM meta"))
        return meta.get("version") == AGGREGATE_VERSION and meta.get("generation") == str(
            generation
        )

    def clear(self) -> None:
        """Forget every row (before a rebuild, or when out of step with the index)."""
        for table in (*_DATA_TABLES, "meta"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def delete_path(self, path: str) -> None:
        """Drop the articles of one file, marking the names they mention for recounting."""
        ids = [row[0] for row in self._db.execute("SELECT id FROM doc WHERE path = ?", (path,))]
        for doc_id in ids:
            self._db.execute(
                "INSERT OR IGNORE INTO dirty SELECT DISTINCT type, fold FROM mention WHERE doc = ?",
                (doc_id,),
            )
            self._db.execute("DELETE FROM mention WHERE doc = ?", (doc_id,))
            self._db.execute("DELETE FROM quote WHERE doc = ?", (doc_id,))
            self._db.execute("DELETE FROM doc WHERE id = ?", (doc_id,))

    def add(self, fields: Mapping[str, object]) -> None:
        """Add one article from the fields the index stores for it."""
        doc_id = str(fields["id"])
        analysis = json.loads(str(fields.get("analysis") or "{}"))
        self._db.execute(
            "INSERT OR REPLACE INTO doc VALUES (?, ?, ?, ?)",
            (
                doc_id,
                str(fields["path"]),
                int(str(fields.get("datekey") or 0)),
                fields.get("title") or None,
            ),
        )
        mentions = []
        for idx, entity in enumerate(analysis.get("entities", [])):
            kind, fold = entity_key(entity["type"], entity["name"])
            aliases = json.dumps(entity.get("aliases", []), ensure_ascii=False)
            mentions.append(
                (doc_id, idx, kind, fold, entity["name"], int(entity.get("count", 0)), aliases)
            )
        self._db.executemany("INSERT OR REPLACE INTO mention VALUES (?,?,?,?,?,?,?)", mentions)
        self._db.executemany(
            "INSERT OR IGNORE INTO dirty VALUES (?, ?)", {(m[2], m[3]) for m in mentions}
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO quote VALUES (?,?,?,?,?,?)",
            [
                (doc_id, idx, q["text"], q.get("speaker"), int(q["start"]), int(q["end"]))
                for idx, q in enumerate(analysis.get("quotes", []))
            ],
        )

    def add_all(self, stored: Iterable[Mapping[str, object]]) -> None:
        """Add every article (rebuilding the aggregate from an index that already has them)."""
        for fields in stored:
            self.add(fields)

    def commit(self, generation: int | None, merged: bool = False) -> None:
        """Record that the rows describe the index at `generation`; `merged` once the corpus
        entities are merged from them too."""
        self._set_meta(generation, merged)
        self._db.commit()

    def merge(self, generation: int | None) -> None:
        """Recount the names articles added or dropped, merge the corpus entities and commit."""
        dirty: list[Key] = list(self._db.execute("SELECT type, fold FROM dirty"))
        merged = self._db.execute("SELECT v FROM meta WHERE k = 'merged'").fetchone()
        if not dirty and merged == ("1",):
            self.commit(generation, merged=True)  # nothing named changed: the merge stands
            return
        (names,) = self._db.execute("SELECT COUNT(*) FROM tally").fetchone()
        full = merged != ("1",) or len(dirty) > FULL_MERGE_SHARE * names
        linked_before = set() if full else linked_keys(self._db, dirty)
        for kind, fold in dirty:
            self._recount(kind, fold)
        self._db.execute("DELETE FROM dirty")
        keys = None if full else linked_keys(self._db, linked_before | set(dirty))
        replace_entities(self._db, keys, self._union_docs)
        self.commit(generation, merged=True)

    def close(self) -> None:
        """Drop uncommitted rows and close the file."""
        with contextlib.suppress(sqlite3.Error):
            self._db.rollback()
            self._db.close()

    def _set_meta(self, generation: int | None, merged: bool) -> None:
        rows = [
            ("version", AGGREGATE_VERSION),
            ("generation", str(generation)),
            ("merged", "1" if merged else "0"),
        ]
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)

    def _recount(self, kind: str, fold: str) -> None:
        """One name's tally from its rows, in the order the articles are listed (newest first),
        which is the order in which a merge over articles would meet its forms and aliases."""
        rows = self._db.execute(
            "SELECT m.name, m.count, m.aliases, m.doc, d.datekey, m.idx FROM mention m "
            "JOIN doc d ON d.id = m.doc WHERE m.type = ? AND m.fold = ? "
            "ORDER BY d.datekey DESC, m.doc, m.idx",
            (kind, fold),
        ).fetchall()
        self._db.execute("DELETE FROM tally WHERE type = ? AND fold = ?", (kind, fold))
        self._db.execute("DELETE FROM claim WHERE type = ? AND fold = ?", (kind, fold))
        if not rows:
            return
        names: dict[str, int] = {}
        aliases: dict[str, None] = {}
        count = 0
        docs: set[str] = set()
        seen_aliases: set[str] = set()  # a popular name repeats the same few alias lists
        for name, mentions, alias_json, doc, _, _ in rows:
            names[name] = names.get(name, 0) + (mentions or 1)
            if alias_json not in seen_aliases:
                seen_aliases.add(alias_json)
                aliases.update(dict.fromkeys(json.loads(alias_json)))
            count += mentions
            docs.add(doc)
        _, _, _, first_doc, first_date, first_idx = rows[0]
        self._db.executemany(
            "INSERT INTO claim VALUES (?, ?, ?)",
            [(kind, fold, target) for target in claims_of(kind, fold, aliases)],
        )
        self._db.execute(
            "INSERT INTO tally VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                kind,
                fold,
                first_date,
                first_doc,
                first_idx,
                json.dumps(list(names.items()), ensure_ascii=False),
                json.dumps(list(aliases), ensure_ascii=False),
                count,
                len(docs),
                surname_of(kind, fold),
            ),
        )

    def _union_docs(self, keys: list[Key]) -> int:
        """Articles naming any of these keys, each counted once."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(type TEXT, fold TEXT)")
        self._db.execute("DELETE FROM wanted")
        self._db.executemany("INSERT INTO wanted VALUES (?, ?)", keys)
        row = self._db.execute(
            "SELECT COUNT(DISTINCT m.doc) FROM wanted w "
            "JOIN mention m ON m.type = w.type AND m.fold = w.fold"
        ).fetchone()
        return int(row[0])


def indexed_paths(index_dir: Path, generation: int | None) -> set[str] | None:
    """The files whose articles the index holds, when the aggregate is in step with it."""
    path = index_dir / AGGREGATE_NAME
    if not path.exists():
        return None
    try:
        db = _connect(path, readonly=True)
        try:
            meta = dict(db.execute("SELECT k, v FROM meta"))
            if meta.get("version") != AGGREGATE_VERSION or meta.get("generation") != str(
                generation
            ):
                return None
            return {row[0] for row in db.execute("SELECT DISTINCT path FROM doc")}
        finally:
            db.close()
    except sqlite3.Error:
        return None


class AggregateReader:
    """The readers' side: pages of the corpus entities and quotations, read lazily."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, index_dir: Path, generation: str) -> AggregateReader | None:
        """The aggregate when it describes the index at `generation`, merged; else None."""
        path = index_dir / AGGREGATE_NAME
        if not path.exists():
            return None
        try:
            db = _connect(path, readonly=True)
            meta = dict(db.execute("SELECT k, v FROM meta"))
        except sqlite3.Error:
            return None
        current = (
            meta.get("version") == AGGREGATE_VERSION
            and meta.get("generation") == generation
            and meta.get("merged") == "1"
        )
        if not current:
            db.close()
            return None
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def entities(
        self, kind: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[CorpusEntity]:
        """Corpus entities, most mentioned first, of one type or all: only the page asked for
        is read."""
        where, params = ("WHERE type = ?", [kind]) if kind else ("", [])
        rows = self._db.execute(
            f"SELECT name, type, aliases, count, docs FROM entity {where} "  # noqa: S608
            f"ORDER BY {ENTITY_ORDER} LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        return [
            CorpusEntity.model_construct(
                name=name, type=type_, aliases=json.loads(aliases), count=count, docs=docs
            )
            for name, type_, aliases, count, docs in rows
        ]

    def tally(self) -> EntityTally:
        """Every corpus entity's name, type and article count, most mentioned first."""
        query = f"SELECT name, type, docs FROM entity ORDER BY {ENTITY_ORDER}"  # noqa: S608
        return EntityTally.of_rows(self._db.execute(query))

    def quotes(self, offset: int = 0, limit: int | None = None) -> list[QuoteHit]:
        """Quotations newest article first (then by id, then in article order), speakers under
        their corpus-wide names."""
        rows = self._db.execute(
            'SELECT q.doc, d.title, q.text, q.speaker, q.start, q."end" FROM doc d '
            "JOIN quote q ON q.doc = d.id ORDER BY d.datekey DESC, d.id, q.idx LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        names = self.speaker_names({row[3] for row in rows if row[3]})
        return [
            QuoteHit(
                id=doc,
                title=title or None,
                text=text,
                speaker=names.get(speaker, speaker) if speaker else None,
                start=start,
                end=end,
            )
            for doc, title, text, speaker, start, end in rows
        ]

    def speaker_names(self, forms: Iterable[str]) -> dict[str, str]:
        """The corpus-wide names of these forms, for those that have one."""
        found: dict[str, str] = {}
        for form in forms:
            row = self._db.execute(
                "SELECT e.name FROM speaker_alias s JOIN entity e ON e.id = s.entity "  # noqa: S608
                f"WHERE s.form = ? ORDER BY {ENTITY_ORDER} LIMIT 1",
                (form,),
            ).fetchone()
            if row is not None:
                found[form] = row[0]
        return found

    def entities_of(self, ids: Iterable[str], rest: bool = False) -> EntityTally:
        """The corpus entities these articles (or, with `rest`, all the others) name; see
        `aggregate_hits.entities_of`."""
        return entities_of(self._db, ids, rest)

    def all_entities(self) -> Iterator[CorpusEntity]:
        """Every corpus entity, most mentioned first."""
        yield from self.entities()
