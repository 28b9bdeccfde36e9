"""The workspace export format: read and checked with pydantic, so a hand-edited or foreign file
is refused in one line instead of half-imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import EngineError


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
