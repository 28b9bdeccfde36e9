"""The manifest: which corpus files the index holds, as committed, so updates touch only what changed.

It is written atomically after each committed batch and lists only committed files, so a build
killed at any moment leaves a manifest that never claims more than the index holds.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "corpus-tui-manifest.json"
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


@dataclass
class Manifest:
    """Schema and analysis versions, corpus root and the committed files, keyed by path relative
    to the root. A manifest written before analysis versions existed loads with version 0."""

    schema_version: int
    corpus: str
    files: dict[str, FileRecord] = field(default_factory=dict)
    analysis_version: int = 0

    @classmethod
    def load(cls, index_dir: Path) -> Manifest | None:
        """The manifest in `index_dir`, or None when it is missing or unreadable."""
        path = index_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = {rel: FileRecord(**rec) for rel, rec in data["files"].items()}
            return cls(
                int(data["schema_version"]),
                str(data["corpus"]),
                files,
                int(data.get("analysis_version", 0)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

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
    def file_stats(index_dir: Path) -> dict[str, tuple[int, int]] | None:
        """Each recorded file's (size, mtime_ns), for the staleness check, without building a
        record per file; None when the manifest is missing or unreadable."""
        try:
            data = json.loads((index_dir / MANIFEST_NAME).read_bytes())
            return {rel: (rec["size"], rec["mtime_ns"]) for rel, rec in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, index_dir: Path) -> None:
        """Write atomically: a reader or a kill never sees half a manifest."""
        path = index_dir / MANIFEST_NAME
        tmp = path.with_suffix(".tmp")
        payload = {
            "schema_version": self.schema_version,
            "analysis_version": self.analysis_version,
            "corpus": self.corpus,
            "files": {rel: asdict(rec) for rel, rec in sorted(self.files.items())},
        }
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def document_count(self) -> int:
        """Articles the index holds according to the manifest."""
        return sum(len(rec.ids) for rec in self.files.values())
