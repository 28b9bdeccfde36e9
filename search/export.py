"""Exporting any listing (search, entities, quotes and the views) as JSON, JSONL, CSV or Markdown.

- `json`: the result model's JSON document, exactly what `--json` prints.
- `jsonl`: one JSON object a line, one per record (a hit, an entity, a KWIC line, a trend point...).
- `csv`: a header row, then one row per record, RFC 4180 quoting (Python's csv module, `\\r\\n`
  line ends); text keeps its line breaks inside quoted cells.
- `md`: a GitHub pipe table; `|` and Markdown's inline marks are backslash-escaped, line breaks
  become spaces, so article text stays plain text.

Spreadsheet formula injection: in CSV and Markdown, a text cell that starts with `=`, `+`, `-`, `@`,
tab or carriage return is written with a leading apostrophe (`'=1+1`), which spreadsheets show
as text and never evaluate. Numbers are written as numbers (a negative score stays `-2.5`).
JSON and JSONL keep values exactly. Control characters other than tab and newline are written as
visible escapes (`\\x1b`) in every format, so no export can act on a terminal it is printed to.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .textclean import escape_control_chars, escape_json_controls

FORMATS = ("json", "jsonl", "csv", "md")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\|`*_\[\]<>#~])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n]")


def records(result: BaseModel) -> tuple[list[str], list[dict[str, object]]]:
    """The columns and rows of a listing: the items of its one list field, flattened for trends."""
    data = result.model_dump()
    if "series" in data and "by" in data:
        return _trend_rows(data)
    if "entity" in data and "related" in data:
        entity = data["entity"]
        rows = [{"entity": entity["name"], **row} for row in data["related"]]
        return ["entity", "name", "type", "articles", "score"], rows
    lists = [key for key, value in data.items() if isinstance(value, list)]
    if len(lists) != 1:
        raise ValueError(f"{type(result).__name__} has no single list of records")
    rows = data[lists[0]]
    item = type(result).model_fields[lists[0]].annotation
    columns = _columns(item, rows)
    return columns, rows


def _columns(annotation: object, rows: list[dict[str, object]]) -> list[str]:
    """Column names from the record model (so an empty listing still has a header)."""
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return list(arg.model_fields)
    return list(rows[0]) if rows else []


def _trend_rows(data: dict[str, Any]) -> tuple[list[str], list[dict[str, object]]]:
    """One row per (query, period), then one per query for its undated articles."""
    rows: list[dict[str, object]] = []
    for series in data["series"]:
        for point in series["points"]:
            rows.append({"query": series["query"], **point})
        rows.append(
            {
                "query": series["query"],
                "period": "undated",
                "articles": series["undated"],
                "share": None,
            }
        )
    return ["query", "period", "articles", "share"], rows


def render(result: BaseModel, fmt: str) -> str:
    """The whole export as text, ending with a newline."""
    if fmt == "json":
        return escape_json_controls(result.model_dump_json()) + "\n"
    columns, rows = records(result)
    if fmt == "jsonl":
        return "".join(
            escape_json_controls(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows
        )
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "md":
        return "".join(_markdown(columns, rows))
    raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def cell(value: object) -> str:
    """A value as a spreadsheet-safe cell: lists joined, text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        if all(isinstance(v, str) for v in value):
            text = "; ".join(str(v) for v in value)
        else:
            text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = escape_control_chars(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(columns: list[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()


def _markdown(columns: list[str], rows: list[dict[str, object]]) -> Iterator[str]:
    yield "| " + " | ".join(columns) + " |\n"
    yield "|" + "|".join(" --- " for _ in columns) + "|\n"
    for row in rows:
        yield "| " + " | ".join(markdown_cell(row.get(c)) for c in columns) + " |\n"


def markdown_cell(value: object) -> str:
    """A cell for a pipe table: one line, Markdown marks escaped, formulas guarded."""
    text = _LINE_BREAKS.sub(" ", cell(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
