"""Exports round-trip through Python's json and csv readers; no cell can start a formula."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from corpus_tui.search import export
from corpus_tui.search.models import QuoteHit, QuotesResult
from corpus_tui.search.views.kwic import KwicLine, KwicResult
from corpus_tui.search.views.related import EntityRef, RelatedEntity, RelatedResult
from corpus_tui.search.views.trends import TrendPoint, TrendSeries, TrendsResult

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=tab",
    "\r=cr",
    "plain | pipe * star _under_ `tick` [link](x) <b>",
    'two\nlines, "quoted"',
    "\x1b[31mred",
]


def quotes_result() -> QuotesResult:
    return QuotesResult(
        quotes=[
            QuoteHit(id=f"a{i}.txt", title=text, text=text, speaker=text, start=i, end=i + 5)
            for i, text in enumerate(HOSTILE)
        ]
    )


def first_chars_safe(value: str) -> bool:
    return not value.startswith(export.FORMULA_STARTS)


def test_json_is_the_model_document() -> None:
    result = quotes_result()
    assert json.loads(export.render(result, "json")) == result.model_dump()


def test_jsonl_one_record_a_line_exact_values() -> None:
    result = quotes_result()
    lines = export.render(result, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [q.model_dump() for q in result.quotes]
    assert "\x1b" not in export.render(result, "jsonl")


def unguard(value: str) -> str:
    """What a spreadsheet shows for a guarded cell: the text after the apostrophe."""
    return (
        value[1:]
        if value.startswith("'") and value[1:].startswith(export.FORMULA_STARTS)
        else value
    )


def test_csv_round_trips_with_header_and_guards_formulas() -> None:
    result = quotes_result()
    text = export.render(result, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["id", "title", "text", "speaker", "start", "end"]
    assert len(rows) == len(HOSTILE)
    for row, quote in zip(rows, result.quotes, strict=True):
        for column in ("title", "text", "speaker"):
            assert first_chars_safe(row[column]), row[column]
            expected = quote.text.replace("\x1b", "\\x1b").replace("\r", "\\x0d")
            assert unguard(row[column]) == expected
        assert int(row["start"]) == quote.start
    assert rows[0]["text"] == '\'=HYPERLINK("http://x","y")'
    assert rows[7]["text"] == 'two\nlines, "quoted"'


def parse_markdown(text: str) -> list[list[str]]:
    """Split a pipe table on unescaped pipes and undo the backslash escapes."""
    rows = []
    for line in text.splitlines():
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([re.sub(r"\\(.)", r"\1", c.strip()) for c in cells])
    return rows


def test_markdown_is_a_pipe_table_with_escaped_cells() -> None:
    result = quotes_result()
    rows = parse_markdown(export.render(result, "md"))
    assert rows[0] == ["id", "title", "text", "speaker", "start", "end"]
    assert set(rows[1]) == {"---"}
    body = rows[2:]
    assert len(body) == len(HOSTILE) and all(len(row) == 6 for row in body)
    texts = [row[2] for row in body]
    assert all(first_chars_safe(t) for t in texts)
    assert texts[6] == "plain | pipe * star _under_ `tick` [link](x) <b>"
    assert texts[7] == 'two lines, "quoted"'
    assert "\x1b" not in export.render(result, "md")


def test_negative_numbers_stay_numbers_and_every_view_exports() -> None:
    related = RelatedResult(
        entity=EntityRef(name="=A", type="person"),
        related=[RelatedEntity(name="-B", type="org", articles=1, score=-2.5)],
    )
    rows = list(csv.DictReader(io.StringIO(export.render(related, "csv"), newline="")))
    assert rows == [
        {"entity": "'=A", "name": "'-B", "type": "org", "articles": "1", "score": "-2.5"}
    ]
    trends = TrendsResult(
        by="year",
        series=[
            TrendSeries(
                query="x",
                total=3,
                undated=1,
                points=[TrendPoint(period="2025", articles=2, share=0.5)],
            )
        ],
    )
    rows = list(csv.DictReader(io.StringIO(export.render(trends, "csv"), newline="")))
    assert rows == [
        {"query": "x", "period": "2025", "articles": "2", "share": "0.5"},
        {"query": "x", "period": "undated", "articles": "1", "share": ""},
    ]
    empty = KwicResult(query="q", total=0, lines=[])
    assert export.render(empty, "csv").splitlines() == [",".join(KwicLine.model_fields)]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "md"])
def test_cli_exports_parse(fmt: str, sample_index, sample_corpus, capsys) -> None:
    from corpus_tui.search.cli import main

    base = ["--corpus", str(sample_corpus), "--index", str(sample_index)]
    for command in (
        ["search", "NATO"],
        ["entities"],
        ["quotes"],
        ["kwic", "NATO"],
        ["trends", "NATO", "tariffs"],
        ["speakers"],
        ["related", "NATO"],
        ["collocates", "defence"],
    ):
        code = main([*base, *command, "--format", fmt])
        out, err = capsys.readouterr()
        assert code == 0, (command, err)
        if fmt == "json":
            json.loads(out)
        elif fmt == "jsonl":
            assert all(isinstance(json.loads(line), dict) for line in out.splitlines())
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(out, newline="")))
            assert rows and all(len(row) == len(rows[0]) for row in rows), command
        else:
            table = parse_markdown(out)
            assert all(len(row) == len(table[0]) for row in table), command
