"""The index folder: opening it for reading, telling whether it is ours and readable, and
clearing or setting it aside when it must be rebuilt.

A folder may hold our current index, one written with other schema or analysis rules, a damaged
one (a kill or a full disk mid-write), or somebody else's files: each case is recognised here,
and nothing that is not ours is ever deleted.
"""

from __future__ import annotations

import pickle
import shutil
import struct
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from .errors import IndexUnavailable, describe_error
from .locking import WRITE_LOCK_NAME
from .manifest import Manifest
from .mapped_parts import read_parts_in_place
from .schema import ANALYSIS_VERSION, SCHEMA_VERSION, build_schema

read_parts_in_place()

UNREADABLE_INDEX_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    struct.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)
"""What Whoosh raises when its files are truncated or garbled (it has no error type of its own)."""
REBUILD_ASKED = "rebuild requested"
"""The reason for clearing the index when the user asked for it (the notice needs no reason)."""


def version_mismatch(manifest: Manifest) -> str | None:
    """Why an index written with other schema or analysis rules must be rebuilt, or None."""
    if manifest.schema_version != SCHEMA_VERSION:
        return f"schema version {manifest.schema_version} is not {SCHEMA_VERSION}"
    if manifest.analysis_version != ANALYSIS_VERSION:
        return f"analysis version {manifest.analysis_version} is not {ANALYSIS_VERSION}"
    return None


def manifest_is_current(index_dir: Path) -> bool:
    """The manifest is there and was written with this schema and these analysis rules.

    Read from the manifest's first bytes; a manifest in another layout is parsed whole."""
    versions = Manifest.versions(index_dir)
    if versions is not None:
        return versions == (SCHEMA_VERSION, ANALYSIS_VERSION)
    manifest = Manifest.load(index_dir)
    return manifest is not None and version_mismatch(manifest) is None


def _open_reading(index_dir: Path) -> Searcher | None:
    """A searcher on the index, None when there is none; raises what a damaged index raises.

    Opening it loads the table of contents and every segment's directory, which is where a
    truncated or garbled file shows; it costs a few milliseconds.
    """
    try:
        ix = whoosh_index.open_dir(str(index_dir))
    except whoosh_index.EmptyIndexError:
        return None
    searcher = ix.searcher()
    searcher.reader().doc_count_all()
    return searcher


def inspect_index(index_dir: Path) -> tuple[bool, str | None]:
    """Whether a Whoosh index is there, and why it cannot be read if it is damaged."""
    try:
        searcher = _open_reading(index_dir)
    except UNREADABLE_INDEX_ERRORS as error:
        return True, describe_error(error)
    if searcher is None:
        return False, None
    searcher.close()
    return True, None


def open_searcher(index_dir: Path) -> Searcher:
    """A searcher on a readable index, or IndexUnavailable saying what to do."""
    try:
        searcher = _open_reading(index_dir)
    except UNREADABLE_INDEX_ERRORS as error:
        raise IndexUnavailable(
            f"the index in {index_dir} cannot be read ({describe_error(error)}): "
            "run `corpus-tui index` to rebuild it"
        ) from error
    if searcher is None:
        raise IndexUnavailable(f"no index in {index_dir}: run `corpus-tui index` first")
    return searcher


def prepare_directory(
    root: Path, index_dir: Path, rebuild: bool, notice: Callable[[str], None] | None
) -> tuple[FileIndex, Manifest]:
    """Reuse the index, or set aside what is there (ours: cleared; foreign or damaged: moved)."""
    manifest = Manifest.load(index_dir, write_copy=True)
    has_whoosh, damage = inspect_index(index_dir)
    occupied = bool(_contents(index_dir))
    reason = None
    remove = True
    if rebuild:
        reason = REBUILD_ASKED
    elif manifest is None and occupied:
        reason, remove = "the directory holds no corpus-tui manifest", False
    elif manifest is not None and version_mismatch(manifest) is not None:
        reason = version_mismatch(manifest)
    elif damage is not None:
        reason, remove = f"the index is damaged ({damage})", False
    elif manifest is not None and not has_whoosh:
        reason = "the manifest has no index beside it"
    if reason is not None and occupied:
        _set_aside(index_dir, reason, notice, remove)
    corpus = str(root.resolve())
    if reason is None and has_whoosh and manifest is not None:
        return whoosh_index.open_dir(str(index_dir)), manifest
    ix = whoosh_index.create_in(str(index_dir), build_schema())
    fresh = Manifest(SCHEMA_VERSION, corpus, analysis_version=ANALYSIS_VERSION)
    fresh.save(index_dir)
    return ix, fresh


def _contents(index_dir: Path) -> list[Path]:
    """What the directory holds besides the write lock file (which must never be removed)."""
    return [child for child in index_dir.iterdir() if child.name != WRITE_LOCK_NAME]


def _set_aside(
    index_dir: Path, reason: str, notice: Callable[[str], None] | None, remove: bool
) -> None:
    """Clear our own stale index, or move a foreign or damaged one aside, never losing data.

    The directory itself and the lock file in it stay in place: another process may be waiting
    on that lock, and replacing the file would let it in while this one still writes.
    """
    if remove:
        for child in _contents(index_dir):
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        if notice is not None:
            asked = reason == REBUILD_ASKED
            notice(
                "cleared the index; every file is read again"
                if asked
                else f"rebuilding the index: {reason}"
            )
        return
    aside = _aside_name(index_dir)
    aside.mkdir()
    for child in _contents(index_dir):
        child.rename(aside / child.name)
    if notice is not None:
        notice(f"moved the contents of {index_dir} to {aside}: {reason}; building a new index")


def _aside_name(index_dir: Path) -> Path:
    """A sibling directory name not yet taken."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = index_dir.with_name(f"{index_dir.name}.set-aside-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = index_dir.with_name(f"{index_dir.name}.set-aside-{stamp}-{number}")
    return candidate
