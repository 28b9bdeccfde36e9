"""Exceptions the engine raises; each carries a one-line message fit to show a user."""

from __future__ import annotations

import errno
from pathlib import Path
from types import ModuleType


class EngineError(Exception):
    """Base class: something the user can act on, shown as one line."""


class QueryError(EngineError):
    """The query could not be parsed or names an unknown field (CLI exit 2)."""


class SearchStopped(EngineError):
    """A search given up on because its caller no longer wants the answer (a newer keystroke's
    search superseded it); never shown, the caller drops it."""


class DocumentNotFound(EngineError):
    """No article has that id, or the prefix matches several (CLI exit 2)."""


class FolderRefused(EngineError):
    """A folder given to an update does not name a folder inside the corpus (CLI exit 2)."""


class IndexBusy(EngineError):
    """Another process holds the index write lock (CLI exit 1)."""


class IndexUnavailable(EngineError):
    """The index cannot be created or opened: read-only or full disk, foreign directory (exit 1)."""


class ClusterUnavailable(EngineError):
    """A Dask cluster cannot be used: missing extra, unreachable or lost scheduler (exit 1)."""


class BackendUnavailable(EngineError):
    """The chosen backend cannot be used: unknown URL, missing extra, unreachable server (exit 1)."""


def optional_module(name: str, missing: EngineError) -> ModuleType:
    """A top-level module from an optional extra, or `missing` (saying what to install) raised,
    so a user without the extra gets one line, not an ImportError."""
    try:
        return __import__(name)
    except ImportError as error:
        raise missing from error


def corpus_not_found(path: Path) -> IndexUnavailable:
    """The one message for a corpus path that does not exist, from the CLI and the app alike."""
    return IndexUnavailable(f"corpus not found: {path}")


def os_reason(error: OSError) -> str:
    """An OSError as a reason with a hint of what to do."""
    text = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        return (
            f"{text}; the previous index is kept: free some space and run `corpus-tui index` again"
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{text}; use --index DIR to keep the index in a writable place"
    return text


def describe_error(error: BaseException) -> str:
    """A one-line description of a low-level error."""
    message = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {message[:120]}" if message else type(error).__name__
