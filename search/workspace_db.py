"""The workspace's SQLite file: opening it, one write at a time, waiting out other writers.

The app and scripts may write at once: WAL mode, a busy timeout and a retry loop mean a writer
waits its turn and "database is locked" never reaches the user; every other failure is one
`WorkspaceError` line. `workspace.py` says what is stored; this module only how.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from .errors import EngineError

SCHEMA = 1
DB_NAME = "workspace.sqlite3"
BUSY_TIMEOUT_MS = 5000
RETRY_SECONDS = 60.0
"""A write retries this long while another process holds the database, then gives up in one line."""

T = TypeVar("T")

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS saved (
    name TEXT PRIMARY KEY, query TEXT NOT NULL, filters TEXT NOT NULL DEFAULT '[]',
    sort TEXT NOT NULL DEFAULT 'relevance', at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, query TEXT NOT NULL,
    filters TEXT NOT NULL DEFAULT '[]', total INTEGER, took_ms REAL, at TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'cli');
CREATE TABLE IF NOT EXISTS tags (
    article TEXT NOT NULL, tag TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (article, tag));
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags (tag);
CREATE TABLE IF NOT EXISTS notes (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, article TEXT NOT NULL, text TEXT NOT NULL,
    at TEXT NOT NULL, UNIQUE (article, text, at));
CREATE TABLE IF NOT EXISTS corrections (
    action TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL DEFAULT '', value_type TEXT NOT NULL DEFAULT '', at TEXT NOT NULL,
    PRIMARY KEY (action, name, type));
"""


class WorkspaceError(EngineError):
    """The workspace cannot be read or written (CLI exit 1)."""


def now() -> str:
    """A UTC timestamp to the second, ISO 8601, as stored and shown."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class WorkspaceDatabase:
    """One workspace database. Cheap to construct: the file opens on first use."""

    def __init__(self, directory: Path, corpus: Path | None = None) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        self.corpus = corpus
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._version = -1

    # Connection ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # explicit BEGIN IMMEDIATE for every write
                check_same_thread=False,  # the app calls from worker threads, under self._lock
            )
        except (OSError, sqlite3.Error) as error:
            raise WorkspaceError(f"cannot open the workspace {self.path}: {error}") from error
        conn.row_factory = sqlite3.Row
        self._conn = conn
        try:
            self._retry(lambda: conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = NORMAL")
            with self._write() as db:
                if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA:
                    for statement in _TABLES.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA}")
                if self.corpus is not None:
                    db.execute(
                        "INSERT OR IGNORE INTO meta VALUES ('corpus', ?)", (str(self.corpus),)
                    )
        except WorkspaceError:
            self.close()
            raise
        return conn

    def data_version(self) -> int | None:
        """Changes whenever another connection (another process) commits; None: no database."""
        rows = self._read("PRAGMA data_version")
        return int(rows[0][0]) if rows else None

    def close(self) -> None:
        """Close the database (it reopens on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _retry(self, operation: Callable[[], T]) -> T:
        """Run `operation`, retrying while another process holds the database."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                return operation()
            except sqlite3.OperationalError as error:
                message = str(error)
                busy = "locked" in message or "busy" in message
                if not busy:
                    raise WorkspaceError(f"workspace {self.path}: {message}") from error
                if time.monotonic() > deadline:
                    raise WorkspaceError(
                        f"the workspace {self.path} stayed busy for {RETRY_SECONDS:g} s; try again"
                    ) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
            except sqlite3.DatabaseError as error:
                raise WorkspaceError(f"workspace {self.path}: {error}") from error

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE (so it never deadlocks on upgrade)."""
        with self._lock:
            conn = self._conn if self._conn is not None else self._connect()
            self._retry(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            try:
                self._retry(lambda: conn.execute("COMMIT"))
            except WorkspaceError:
                conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Rows of a query; an empty answer, without creating anything, when no database exists."""
        with self._lock:
            if self._conn is None and not self.path.exists():
                return []
            conn = self._connect()
            return self._retry(lambda: conn.execute(sql, params).fetchall())

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """One statement in its own write transaction; returns the rows it changed."""
        with self._write() as conn:
            return self._retry(lambda: conn.execute(sql, params).rowcount)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Rows of a read-only query (for the export)."""
        return self._read(sql, params)

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction, retried while another process writes (for the import)."""
        return self._write()
