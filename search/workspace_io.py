"""The workspace export format: read and checked with pydantic, so a hand-edited or foreign file
is refused in one line instead of half-imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import EngineError

if TYPE_CHECKING:
    from .workspace import Workspace


class ExportError(EngineError):
    """The file is not a workspace export (CLI exit 2)."""


class _Saved(BaseModel):
    name: str = Field(min_length=1)
    query: str
    filters: list[str] = Field(default_factory=list)
    sort: Literal["relevance", "date"] = "relevance"
    at: str


class _History(BaseModel):
    query: str
    filters: list[str] = Field(default_factory=list)
    total: int | None = None
    took_ms: float | None = None
    at: str
    origin: str = "cli"


class _Tag(BaseModel):
    article: str = Field(min_length=1)
    tag: str = Field(min_length=1)
    at: str


class _Note(BaseModel):
    article: str = Field(min_length=1)
    text: str
    at: str


class _Correction(BaseModel):
    action: Literal["merge", "rename", "retype", "hide"]
    name: str = Field(min_length=1)
    type: str = ""
    value: str = ""
    value_type: str = ""
    at: str


class WorkspaceExport(BaseModel):
    """`workspace export FILE` writes this; `workspace import FILE` reads it."""

    format: Literal["corpus-tui-workspace"]
    version: int = 1
    corpus: str | None = None
    exported: str | None = None
    saved: list[_Saved] = Field(default_factory=list)
    history: list[_History] = Field(default_factory=list)
    tags: list[_Tag] = Field(default_factory=list)
    notes: list[_Note] = Field(default_factory=list)
    corrections: list[_Correction] = Field(default_factory=list)


def validate_export(data: object) -> dict[str, Any]:
    """The export as plain data, or ExportError naming the first problem."""
    from .workspace import normalise_tag

    try:
        checked = WorkspaceExport.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        raise ExportError(f"not a corpus-tui workspace export: {where}: {first['msg']}") from None
    for tag in checked.tags:
        try:
            tag.tag = normalise_tag(tag.tag)
        except ValueError as error:
            raise ExportError(f"not a corpus-tui workspace export: {error}") from None
    return checked.model_dump()


def read_export(path: Path) -> dict[str, Any]:
    """Read and check an export file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError:
        raise ExportError(f"{path} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}: line {error.lineno}: not JSON ({error.msg})") from None
    return validate_export(data)


def write_export(path: Path, data: dict[str, Any]) -> None:
    """Write an export atomically (a half-written file never replaces a good one)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise EngineError(f"cannot write {path}: {error.strerror or error}") from error


def export_workspace(workspace: Workspace) -> dict[str, Any]:
    """Everything in the workspace as one JSON-ready document."""
    from .workspace_db import SCHEMA, now

    tags = workspace.rows("SELECT article, tag, at FROM tags ORDER BY article, tag")
    notes = workspace.rows("SELECT article, text, at FROM notes ORDER BY article, at, rowid")
    return {
        "format": "corpus-tui-workspace",
        "version": SCHEMA,
        "corpus": str(workspace.corpus) if workspace.corpus else None,
        "exported": now(),
        "saved": workspace.saved_searches(),
        "history": list(reversed(workspace.history())),
        "tags": [dict(row) for row in tags],
        "notes": [dict(row) for row in notes],
        "corrections": workspace.corrections(),
    }


def import_workspace(workspace: Workspace, data: dict[str, Any]) -> dict[str, int]:
    """Merge an export in; what is already here is never overwritten.

    A saved search whose name exists keeps this workspace's version; tags, notes and history
    are added; a correction of a name already corrected the same way here is skipped.
    Returns how many of each were added.
    """
    data = validate_export(data)
    added = {"saved": 0, "history": 0, "tags": 0, "notes": 0, "corrections": 0}
    with workspace.transaction() as conn:
        for s in data["saved"]:
            added["saved"] += conn.execute(
                "INSERT OR IGNORE INTO saved VALUES (?, ?, ?, ?, ?)",
                (s["name"], s["query"], json.dumps(s["filters"]), s["sort"], s["at"]),
            ).rowcount
        known = {(r[0], r[1]) for r in conn.execute("SELECT query, at FROM history").fetchall()}
        for h in data["history"]:
            if (h["query"], h["at"]) in known:
                continue
            conn.execute(
                "INSERT INTO history (query, filters, total, took_ms, at, origin) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (h["query"], json.dumps(h["filters"]), h["total"], h["took_ms"], h["at"],
                 h["origin"]),
            )  # fmt: skip
            added["history"] += 1
        for t in data["tags"]:
            added["tags"] += conn.execute(
                "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)", (t["article"], t["tag"], t["at"])
            ).rowcount
        for n in data["notes"]:
            added["notes"] += conn.execute(
                "INSERT OR IGNORE INTO notes (article, text, at) VALUES (?, ?, ?)",
                (n["article"], n["text"], n["at"]),
            ).rowcount
        for c in data["corrections"]:
            added["corrections"] += conn.execute(
                "INSERT OR IGNORE INTO corrections VALUES (?, ?, ?, ?, ?, ?)",
                (c["action"], c["name"], c["type"], c["value"], c["value_type"], c["at"]),
            ).rowcount
    return added
