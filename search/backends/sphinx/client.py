"""SphinxQL over the MySQL protocol (pymysql), one connection per node, warnings checked after
every query.

A distributed query whose agent is down returns what the other shards found and no error: only
`SHOW WARNINGS` says part of the answer is missing. Every `query` here reads the warnings and
returns them with the rows, so no caller can present a partial answer as whole. A connection
that broke (the node restarted) is reopened once before giving up, so a node that is back is used
again without anyone restarting corpus-tui.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import BackendUnavailable, optional_module

INSTALL_HINT = "the Sphinx backend needs the cluster extra: pip install 'corpus-tui[cluster]'"
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 60.0


def _pymysql() -> Any:
    """pymysql, or a one-line BackendUnavailable saying what to install."""
    return optional_module("pymysql", BackendUnavailable(INSTALL_HINT))


@dataclass
class Answer:
    """Rows of one statement, `meta` from SHOW META when asked, and any warnings."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class NodeConnection:
    """One searchd's SphinxQL port; thread-safe (one statement at a time)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._conn: Any = None
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def query(self, sql: str, meta: bool = False) -> Answer:
        """Run one statement (already escaped: see `quote`), then SHOW WARNINGS (and SHOW META)."""
        pymysql = _pymysql()
        with self._lock:
            for attempt in (1, 2):
                try:
                    return self._run(sql, meta)
                except pymysql.err.OperationalError as error:
                    self._drop()
                    if attempt == 2 or not _is_connection_error(error):
                        raise _unavailable(self.address, error) from error
                except pymysql.err.InterfaceError as error:
                    self._drop()
                    if attempt == 2:
                        raise _unavailable(self.address, error) from error
                except pymysql.err.ProgrammingError as error:
                    raise _query_failed(error) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def execute_many(self, statements: Sequence[str]) -> None:
        """Run writes one after another on this node; any error stops and is raised."""
        for sql in statements:
            answer = self.query(sql)
            if answer.warnings:
                raise BackendUnavailable(f"{self.address}: {answer.warnings[0]}")

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _run(self, sql: str, meta: bool) -> Answer:
        conn = self._connect()
        with conn.cursor() as cursor:
            cursor.execute(sql)
            answer = Answer(rows=list(cursor.fetchall() or ()))
            if meta:
                cursor.execute("SHOW META")
                answer.meta = {str(k): str(v) for k, v in cursor.fetchall() or ()}
            cursor.execute("SHOW WARNINGS")
            answer.warnings = [str(row[-1]) for row in cursor.fetchall() or ()]
        return answer

    def _connect(self) -> Any:
        if self._conn is None:
            pymysql = _pymysql()
            self._conn = pymysql.connect(
                host=self.host,
                port=self.port,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=READ_TIMEOUT,
                write_timeout=READ_TIMEOUT,
                charset="utf8",
            )
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to release
                self._conn.close()
            self._conn = None


def _is_connection_error(error: Exception) -> bool:
    """MySQL client codes for a lost or refused connection (2003, 2006, 2013) and friends."""
    code = error.args[0] if error.args else None
    return code in (2003, 2006, 2013, 2014, 2055) or not isinstance(code, int)


def _unavailable(address: str, error: Exception) -> BackendUnavailable:
    detail = error.args[1] if len(error.args) > 1 else str(error)
    first = str(detail).splitlines()[0][:160] if str(detail) else type(error).__name__
    return BackendUnavailable(f"Sphinx node {address} does not answer: {first}")


def _query_failed(error: Exception) -> BackendUnavailable:
    detail = error.args[1] if len(error.args) > 1 else str(error)
    first = str(detail).splitlines()[0][:200] if str(detail) else type(error).__name__
    return BackendUnavailable(f"Sphinx refused the statement: {first}")


def quote(value: str) -> str:
    """A SphinxQL string literal."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\x00", "\\0")
    )
    return f"'{escaped}'"
