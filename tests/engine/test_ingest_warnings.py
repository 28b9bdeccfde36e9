"""Warnings from reading the corpus (a record lost, an encoding guessed) reach the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine

GOOD_RECORD = {"title": "Harbour reopens", "text": "The harbour of Lisbon reopened on Monday."}
LATER_RECORD = {"title": "Harbour closes", "text": "The harbour of Lisbon closed on Friday."}


def make_corpus(root: Path) -> Path:
    """A .jsonl with one broken line between two good ones, and a cp1252 text file."""
    corpus = root / "corpus"
    corpus.mkdir()
    lines = [json.dumps(GOOD_RECORD), '{"title": "Lost", "text": "never', json.dumps(LATER_RECORD)]
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "cafe.txt").write_bytes(
        "Café owners meet\n\nThe café owners of Lisbon met on Tuesday.\n".encode("cp1252")
    )
    return corpus


def test_index_summary_lists_each_warning_with_its_file(tmp_path: Path) -> None:
    summary = Engine(make_corpus(tmp_path), tmp_path / "ix").update_index()
    assert summary.documents == 3
    warnings = {(w.path, w.message) for w in summary.warnings}
    assert ("cafe.txt", "decoded as cp1252") in warnings
    lost = [m for path, m in warnings if path == "wire.jsonl"]
    assert len(lost) == 1 and lost[0].startswith("line 2: invalid JSON") and "skipped" in lost[0]


def test_index_json_has_the_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path)
    code = main(["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "index", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert summary["skipped"] == []
    assert {"path": "cafe.txt", "message": "decoded as cp1252"} in summary["warnings"]
    assert any(
        w["path"] == "wire.jsonl" and w["message"].startswith("line 2: invalid JSON")
        for w in summary["warnings"]
    )
    assert all(set(w) == {"path", "message"} for w in summary["warnings"])


def test_index_human_summary_prints_one_line_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path)
    code = main(["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "index"])
    out, _ = capsys.readouterr()
    assert code == 0
    lines = out.splitlines()
    assert "  warning cafe.txt: decoded as cp1252" in lines
    assert any(line.startswith("  warning wire.jsonl: line 2: invalid JSON") for line in lines)


def test_every_run_reports_the_warnings_until_the_file_is_fixed(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    engine = Engine(corpus, tmp_path / "ix")
    first = engine.update_index()
    second = engine.update_index()
    assert second.read == 0 and second.warnings == first.warnings  # kept, not read again
    (corpus / "wire.jsonl").write_text(json.dumps(GOOD_RECORD) + "\n", encoding="utf-8")
    third = engine.update_index()
    assert [w.path for w in third.warnings] == ["cafe.txt"]
