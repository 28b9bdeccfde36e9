"""A `marshal` copy of the manifest file's records, so that an update need not parse the JSON.

At 100,000 files the manifest is 12 MB of JSON: parsing it and building a record per file took
0.6-0.9 s of every update, even one that adds a single file. Each time the manifest is written
whole this copy is written beside it, naming the manifest file it copies (inode, size and
mtime); the journal of later small saves is replayed over it just as over the JSON. When the
names do not match (a save cut short, a manifest edited by hand, an index written by an older
version) it is not used and the JSON is parsed as before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from pathlib import Path
from typing import Any

RECORDS_NAME = "corpus-tui-manifest.records"
_FORMAT = 1
"""Raised whenever the layout changes: a copy of another format is ignored."""
FIELDS = 10
"""schema_version, analysis_version, corpus, then the records as parallel lists: paths, sizes,
mtimes, content hashes, article ids, refusals and warnings."""


def _manifest_key(manifest: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(manifest)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def write_records(sidecar: Path, manifest: Path, payload: tuple[Any, ...]) -> None:
    """Write the copy of the manifest file as it is on disk now (best effort: it only saves
    time, so failing to write it must not fail an update whose manifest is already safe)."""
    key = _manifest_key(manifest)
    temporary = sidecar.with_name(sidecar.name + ".tmp")
    try:
        if key is None:
            sidecar.unlink(missing_ok=True)
            return
        temporary.write_bytes(marshal.dumps((_FORMAT, key, *payload)))
        os.replace(temporary, sidecar)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def read_records(sidecar: Path, manifest: Path) -> tuple[Any, ...] | None:
    """The copied fields (see FIELDS) when the copy names this manifest file, else None."""
    try:
        data = marshal.loads(sidecar.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, tuple) or len(data) != FIELDS + 2 or data[0] != _FORMAT:
        return None
    if data[1] != _manifest_key(manifest):
        return None
    lists = data[5:]
    if not all(isinstance(items, list) for items in lists) or len({len(x) for x in lists}) != 1:
        return None
    return data[2:]
