"""Exceptions the engine raises; each carries a one-line message fit to show a user."""

from __future__ import annotations

from pathlib import Path


class EngineError(Exception):
    """Base class: something the user can act on, shown as one line."""


class QueryError(EngineError):
    """The query could not be parsed or names an unknown field (CLI exit 2)."""


class DocumentNotFound(EngineError):
    """No article has that id, or the prefix matches several (CLI exit 2)."""


class IndexBusy(EngineError):
    """Another process holds the index write lock (CLI exit 1)."""


class IndexUnavailable(EngineError):
    """The index cannot be created or opened: read-only or full disk, foreign directory (exit 1)."""


def corpus_not_found(path: Path) -> IndexUnavailable:
    """The one message for a corpus path that does not exist, from the CLI and the app alike."""
    return IndexUnavailable(f"corpus not found: {path}")
