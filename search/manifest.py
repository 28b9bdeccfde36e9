"""The manifest: which corpus files the index holds, as committed, so updates touch only what changed.

It is written atomically after each committed batch and lists only committed files, so a build
killed at any moment leaves a manifest that never claims more than the index holds. A small
update does not rewrite every record: the records it changed are appended to a journal beside
the manifest (one JSON line per file, flushed to disk before the run goes on), which `load`
replays; once the journal grows past a share of the manifest the whole is written again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .manifest_records import RECORDS_NAME, read_records, write_records
from .manifest_stats import STATS_NAME, FileStats, read_stats, write_stats

MANIFEST_NAME = "corpus-tui-manifest.json"
JOURNAL_NAME = "corpus-tui-manifest.journal"
JOURNAL_SHARE = 8
"""The journal is folded into a full rewrite once it holds more than 1/JOURNAL_SHARE of the
records (and more than JOURNAL_MIN lines): replaying it stays a small part of loading."""
JOURNAL_MIN = 1000
_HEADER = re.compile(rb'^\{"schema_version":(\d+),"analysis_version":(\d+),')
"""How `save` starts the file: the versions can be read without parsing every record."""


@dataclass
class FileRecord:
    """What the index knows of one corpus file; `skipped` is why a file that was read is not indexed.

    Refused files are recorded too, so an unchanged binary or empty file is neither re-read on
    every run nor makes the index look stale forever; `warnings` are kept so that every run
    reports them (a record lost from a .jsonl stays lost until the file changes).
    """

    size: int
    mtime_ns: int
    content_hash: str
    ids: list[str] = field(default_factory=list)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)


def _record_json(record: FileRecord) -> dict[str, Any]:
    """A record as JSON (by hand: `dataclasses.asdict` costs ten times as much)."""
    return {
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "content_hash": record.content_hash,
        "ids": record.ids,
        "skipped": record.skipped,
        "warnings": record.warnings,
    }


class TrackedFiles(dict[str, FileRecord]):
    """The records by path, remembering which paths were set or removed since the last save."""

    def __init__(self, records: Mapping[str, FileRecord] | None = None) -> None:
        super().__init__(records or {})
        self.touched: set[str] = set()

    def __setitem__(self, rel: str, record: FileRecord) -> None:
        self.touched.add(rel)
        super().__setitem__(rel, record)

    def __delitem__(self, rel: str) -> None:
        self.touched.add(rel)
        super().__delitem__(rel)

    def pop(self, rel: str, *default: Any) -> Any:  # type: ignore[override]
        self.touched.add(rel)
        return super().pop(rel, *default)

    def update(self, *others: Any, **more: FileRecord) -> None:  # type: ignore[override]
        for other in others:
            for rel in other.keys() if hasattr(other, "keys") else (k for k, _ in other):
                self.touched.add(rel)
        self.touched.update(more)
        super().update(*others, **more)


def _journal_lines(index_dir: Path) -> list[dict[str, Any]]:
    """The journal's entries, in order; a line cut short by a kill is ignored."""
    try:
        raw = (index_dir / JOURNAL_NAME).read_bytes()
    except OSError:
        return []
    entries = []
    for line in raw.splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            break
    return entries


def _replay(
    files: dict[str, Any],
    entries: Iterable[dict[str, Any]],
    record: Callable[[dict[str, Any]], Any] = lambda raw: raw,
) -> None:
    """Apply journal entries ({"path": ..., "record": ... or null}) to records by path, each
    record as `record` makes it from its JSON (as it is, unless told otherwise)."""
    for entry in entries:
        if entry["record"] is None:
            files.pop(entry["path"], None)
        else:
            files[entry["path"]] = record(entry["record"])


@dataclass
class Manifest:
    """Schema and analysis versions, corpus root and the committed files, keyed by path relative
    to the root. A manifest written before analysis versions existed loads with version 0."""

    schema_version: int
    corpus: str
    files: dict[str, FileRecord] = field(default_factory=dict)
    analysis_version: int = 0
    _journal: int | None = field(default=None, repr=False, compare=False)
    """Lines in the journal on disk; None until this manifest was written whole or loaded."""

    def __post_init__(self) -> None:
        self.files = TrackedFiles(self.files)

    @classmethod
    def load(cls, index_dir: Path, write_copy: bool = False) -> Manifest | None:
        """The manifest in `index_dir`, or None when it is missing or unreadable. Read from its
        `marshal` copy when that names it; else parsed, and with `write_copy` (an update,
        which holds the write lock) the copy is written for the next run."""
        path = index_dir / MANIFEST_NAME
        try:
            copied = read_records(index_dir / RECORDS_NAME, path)
            if copied is not None:
                manifest = cls._from_copy(copied)
            else:
                data = json.loads(path.read_text(encoding="utf-8"))
                files = {rel: FileRecord(**rec) for rel, rec in data["files"].items()}
                manifest = cls(
                    int(data["schema_version"]),
                    str(data["corpus"]),
                    files,
                    int(data.get("analysis_version", 0)),
                )
                if write_copy:
                    copied = manifest._copy_fields(list(manifest.files.items()))
                    write_records(index_dir / RECORDS_NAME, path, copied)
            journal = _journal_lines(index_dir)
            _replay(manifest.files, journal, lambda raw: FileRecord(**raw))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        manifest.files.touched.clear()
        manifest._journal = len(journal)
        return manifest

    @classmethod
    def _from_copy(cls, copied: tuple[Any, ...]) -> Manifest:
        """The manifest file's contents from its `marshal` copy (see manifest_records.py)."""
        schema, analysis, corpus, rels, sizes, mtimes, hashes, ids, skipped, warnings = copied
        records = map(FileRecord, sizes, mtimes, hashes, ids, skipped, warnings)
        return cls(int(schema), str(corpus), dict(zip(rels, records, strict=True)), int(analysis))

    @staticmethod
    def versions(index_dir: Path) -> tuple[int, int] | None:
        """(schema_version, analysis_version) from the first bytes of the manifest, or None when
        it is missing or not written by `save`. A whole manifest at 100,000 files takes a
        quarter of a second to parse; opening the index only needs to know its versions."""
        try:
            with open(index_dir / MANIFEST_NAME, "rb") as handle:
                head = handle.read(128)
        except OSError:
            return None
        match = _HEADER.match(head)
        return (int(match.group(1)), int(match.group(2))) if match else None

    @staticmethod
    def file_stats(index_dir: Path) -> FileStats | None:
        """Each recorded file's size and mtime_ns, for the staleness check, without building a
        record per file: from the sidecar when it matches the manifest, else from the manifest
        itself; None when the manifest is missing or unreadable."""
        stats = Manifest._read_stats(index_dir)
        if stats is not None:
            return stats
        try:
            data = json.loads((index_dir / MANIFEST_NAME).read_bytes())
            _replay(data["files"], _journal_lines(index_dir))
            return FileStats.of(
                (rel, rec["size"], rec["mtime_ns"]) for rel, rec in data["files"].items()
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, index_dir: Path) -> None:
        """Record the changes since the last save: appended to the journal when they are few,
        else the whole manifest written atomically. A kill never leaves half a record. The
        stats sidecar follows whenever the manifest or journal changed (or it is missing)."""
        files = self.files
        touched = files.touched if isinstance(files, TrackedFiles) else set(files)
        journal = self._journal
        # Loaded or saved before, `touched` is what differs from the files on disk, so the
        # sidecar written for them only needs those paths changed.
        previous = self._read_stats(index_dir) if journal is not None else None
        if journal is not None and journal + len(touched) <= max(
            JOURNAL_MIN, len(files) // JOURNAL_SHARE
        ):
            self._append(index_dir, touched)
            changed = bool(touched)
        else:
            self._write_whole(index_dir)
            changed = True
        if changed or previous is None:
            self._write_stats(index_dir, previous, touched)
        touched.clear()

    @staticmethod
    def _read_stats(index_dir: Path) -> FileStats | None:
        return read_stats(
            index_dir / STATS_NAME, index_dir / MANIFEST_NAME, index_dir / JOURNAL_NAME
        )

    def _write_stats(
        self, index_dir: Path, previous: FileStats | None = None, touched: Iterable[str] = ()
    ) -> None:
        """The sidecar that lets the staleness check skip parsing the manifest: `previous`
        (the sidecar of the files before this save) with the `touched` paths changed, or
        built from every record."""
        if previous is not None:
            files = self.files
            stats = previous.patched(
                touched, lambda rel: (rec.size, rec.mtime_ns) if (rec := files.get(rel)) else None
            )
        else:
            stats = FileStats.of((rel, rec.size, rec.mtime_ns) for rel, rec in self.files.items())
        write_stats(
            index_dir / STATS_NAME, index_dir / MANIFEST_NAME, index_dir / JOURNAL_NAME, stats
        )

    def _append(self, index_dir: Path, touched: set[str]) -> None:
        if not touched:
            return
        lines = [
            json.dumps(
                {
                    "path": rel,
                    "record": _record_json(rec) if (rec := self.files.get(rel)) else None,
                },
                separators=(",", ":"),
            )
            for rel in sorted(touched)
        ]
        with open(index_dir / JOURNAL_NAME, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._journal = (self._journal or 0) + len(lines)

    def _write_whole(self, index_dir: Path) -> None:
        path = index_dir / MANIFEST_NAME
        tmp = path.with_suffix(".tmp")
        records = sorted(self.files.items())
        payload = {
            "schema_version": self.schema_version,
            "analysis_version": self.analysis_version,
            "corpus": self.corpus,
            "files": {rel: _record_json(rec) for rel, rec in records},
        }
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(payload, separators=(",", ":")))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        # A kill before this unlink replays older entries over the new manifest: a file they
        # describe looks changed or missing and is read again, as after any interrupted run.
        (index_dir / JOURNAL_NAME).unlink(missing_ok=True)
        self._journal = 0
        write_records(index_dir / RECORDS_NAME, path, self._copy_fields(records))

    def _copy_fields(self, records: list[tuple[str, FileRecord]]) -> tuple[Any, ...]:
        """What the `marshal` copy holds (see manifest_records.FIELDS), for these records in
        the order the manifest file lists them."""
        return (
            self.schema_version,
            self.analysis_version,
            self.corpus,
            [rel for rel, _ in records],
            [rec.size for _, rec in records],
            [rec.mtime_ns for _, rec in records],
            [rec.content_hash for _, rec in records],
            [rec.ids for _, rec in records],
            [rec.skipped for _, rec in records],
            [rec.warnings for _, rec in records],
        )

    def document_count(self) -> int:
        """Articles the index holds according to the manifest."""
        return sum(len(rec.ids) for rec in self.files.values())
