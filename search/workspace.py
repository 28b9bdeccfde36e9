"""The analyst's workspace: saved searches, history, tags, notes and entity corrections.

One SQLite database per corpus under the user data dir, keyed like the index by the corpus
path but never inside the index directory, so `index --rebuild` cannot lose it. Everything is
keyed by article id, so a tag outlives edits of the file (and is reported, not dropped, when
the article is deleted). How the file is opened and written, with several writers at once,
is `workspace_db.py`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs

from .workspace_db import WorkspaceDatabase, now
from .workspace_db import WorkspaceError as WorkspaceError  # the error callers catch

HISTORY_KEEP = 5000
"""Oldest history rows beyond this many are dropped, so the history never grows without bound."""
CORRECTION_ACTIONS = ("merge", "rename", "retype", "hide")
STAR = "star"
"""A star is the tag of that name: `tag ID star`, `tag:star`."""

_TAG_RE = re.compile(r"[^\W_][\w.-]*", re.UNICODE)


def default_workspace_dir(corpus: Path) -> Path:
    """One workspace per corpus path under the user data dir (the same key as the index)."""
    digest = hashlib.sha1(str(corpus).encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_data_path("corpus-tui") / digest


def normalise_tag(tag: str) -> str:
    """Tags are case-insensitive words (letters, digits, `-`, `.`, `_`), stored lowercased."""
    cleaned = tag.strip().lower()
    if not _TAG_RE.fullmatch(cleaned):
        raise ValueError(
            f"not a tag: {tag!r} (use letters, digits, '-', '.' or '_', starting with a letter or digit)"
        )
    return cleaned


class Workspace(WorkspaceDatabase):
    """The workspace of one corpus. Cheap to construct: the database opens on first use."""

    # Saved searches --------------------------------------------------------------------------

    def save_search(
        self,
        name: str,
        query: str,
        filters: list[str] | None = None,
        sort: str = "relevance",
        replace: bool = False,
    ) -> bool:
        """Save a search; False when the name exists and `replace` is not set."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        return bool(
            self._execute(
                f"{verb} INTO saved VALUES (?, ?, ?, ?, ?)",
                (name, query, json.dumps(filters or []), sort, now()),
            )
        )

    def saved_searches(self) -> list[dict[str, Any]]:
        """Every saved search, by name."""
        rows = self._read("SELECT * FROM saved ORDER BY name COLLATE NOCASE")
        return [_saved(row) for row in rows]

    def saved_search(self, name: str) -> dict[str, Any] | None:
        rows = self._read("SELECT * FROM saved WHERE name = ?", (name,))
        return _saved(rows[0]) if rows else None

    def remove_saved(self, name: str) -> bool:
        return bool(self._execute("DELETE FROM saved WHERE name = ?", (name,)))

    # History ---------------------------------------------------------------------------------

    def record(
        self,
        query: str,
        total: int | None,
        took_ms: float | None = None,
        filters: list[str] | None = None,
        origin: str = "cli",
    ) -> None:
        """Remember a query that was run, keeping the newest HISTORY_KEEP."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO history (query, filters, total, took_ms, at, origin) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (query, json.dumps(filters or []), total, took_ms, now(), origin),
            )
            conn.execute(
                "DELETE FROM history WHERE rowid <= (SELECT MAX(rowid) FROM history) - ?",
                (HISTORY_KEEP,),
            )

    def history(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Queries run, newest first."""
        rows = self._read(
            "SELECT * FROM history ORDER BY rowid DESC LIMIT ?", (limit if limit else -1,)
        )
        return [
            {
                "query": row["query"],
                "filters": json.loads(row["filters"]),
                "total": row["total"],
                "took_ms": row["took_ms"],
                "at": row["at"],
                "origin": row["origin"],
            }
            for row in rows
        ]

    def clear_history(self) -> int:
        return self._execute("DELETE FROM history")

    # Tags and notes --------------------------------------------------------------------------

    def tag(self, article: str, tags: list[str]) -> list[str]:
        """Add tags to an article; returns all of its tags."""
        stamp = now()
        with self._write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)",
                [(article, normalise_tag(t), stamp) for t in tags],
            )
        return self.tags_of(article)

    def untag(self, article: str, tags: list[str]) -> list[str]:
        """Remove tags from an article; returns the ones left."""
        with self._write() as conn:
            conn.executemany(
                "DELETE FROM tags WHERE article = ? AND tag = ?",
                [(article, t.strip().lower()) for t in tags],
            )
        return self.tags_of(article)

    def tags_of(self, article: str) -> list[str]:
        rows = self._read("SELECT tag FROM tags WHERE article = ? ORDER BY tag", (article,))
        return [row["tag"] for row in rows]

    def tags_for(self, articles: list[str]) -> dict[str, list[str]]:
        """The tags of each of these articles that has any."""
        found: dict[str, list[str]] = {}
        for start in range(0, len(articles), 500):
            chunk = articles[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT article, tag FROM tags WHERE article IN ({marks}) ORDER BY tag",
                tuple(chunk),
            )
            for row in rows:
                found.setdefault(row["article"], []).append(row["tag"])
        return found

    def tag_counts(self) -> dict[str, list[str]]:
        """Each tag with the ids of the articles carrying it."""
        found: dict[str, list[str]] = {}
        for row in self._read("SELECT tag, article FROM tags ORDER BY tag, article"):
            found.setdefault(row["tag"], []).append(row["article"])
        return found

    def tagged_ids(self, pattern: str) -> set[str]:
        """Ids carrying a tag; `*` means any tag, and `?`/`*` inside a name are wildcards."""
        if pattern == "*":
            rows = self._read("SELECT DISTINCT article FROM tags")
        elif any(c in pattern for c in "*?"):
            glob = pattern.lower().replace("[", "[[]")
            rows = self._read("SELECT DISTINCT article FROM tags WHERE tag GLOB ?", (glob,))
        else:
            rows = self._read("SELECT article FROM tags WHERE tag = ?", (pattern.lower(),))
        return {row["article"] for row in rows}

    def add_note(self, article: str, text: str) -> list[dict[str, str]]:
        """Append a note to an article; returns all of its notes, oldest first."""
        self._execute("INSERT OR IGNORE INTO notes (article, text, at) VALUES (?, ?, ?)",
                      (article, text, now()))  # fmt: skip
        return self.notes_of(article)

    def notes_of(self, article: str) -> list[dict[str, str]]:
        rows = self._read(
            "SELECT text, at FROM notes WHERE article = ? ORDER BY at, rowid", (article,)
        )
        return [{"text": row["text"], "at": row["at"]} for row in rows]

    def annotated_ids(self) -> set[str]:
        """Every article id the workspace mentions (tags or notes)."""
        rows = self._read("SELECT article FROM tags UNION SELECT article FROM notes")
        return {row["article"] for row in rows}

    # Entity corrections ----------------------------------------------------------------------

    def set_correction(
        self, action: str, name: str, type: str = "", value: str = "", value_type: str = ""
    ) -> None:
        """Record one correction; a later one of the same action on the same name replaces it."""
        if action not in CORRECTION_ACTIONS:
            raise ValueError(f"unknown correction {action!r}")
        self._execute(
            "INSERT OR REPLACE INTO corrections VALUES (?, ?, ?, ?, ?, ?)",
            (action, name, type, value, value_type, now()),
        )

    def remove_corrections(self, action: str | None, name: str) -> int:
        """Undo corrections on a name (any letter case): one action, or all of them."""
        if action is None:
            return self._execute("DELETE FROM corrections WHERE name = ? COLLATE NOCASE", (name,))
        return self._execute(
            "DELETE FROM corrections WHERE action = ? AND name = ? COLLATE NOCASE", (action, name)
        )

    def corrections(self) -> list[dict[str, str]]:
        """Every correction in the order it was made."""
        rows = self._read("SELECT * FROM corrections ORDER BY at, rowid")
        return [dict(row) for row in rows]

    def corrections_stamp(self) -> str:
        """Changes whenever the corrections change, for caches of corrected views."""
        rows = self.corrections()
        if not rows:
            return ""
        blob = json.dumps(rows, sort_keys=True).encode("utf-8")
        return hashlib.sha1(blob).hexdigest()[:16]

    # Export and import ----------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """Everything in the workspace as one JSON-ready document."""
        from .workspace_io import export_workspace

        return export_workspace(self)

    def import_(self, data: dict[str, Any]) -> dict[str, int]:
        """Merge an exported workspace in, overwriting nothing; returns the counts added."""
        from .workspace_io import import_workspace

        return import_workspace(self, data)


def _saved(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "name": row["name"],
        "query": row["query"],
        "filters": json.loads(row["filters"]),
        "sort": row["sort"],
        "at": row["at"],
    }
