"""What ingest parsed is kept in the index and shown: url and author beside title and date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main

RECORD = {
    "title": "Harbour reopens",
    "text": "The harbour of Lisbon reopened on Monday, port officials said.",
    "url": "https://news.example/harbour-reopens",
    "author": "Ana Costa",
}


@pytest.fixture()
def show(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (corpus / "plain.txt").write_text(
        "Harbour closes\n\nThe harbour of Lisbon closed on Friday.\n", encoding="utf-8"
    )
    args = ["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "show"]

    def call(*rest: str) -> str:
        code = main([*args, *rest])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    return call


def test_show_json_has_url_and_author(show) -> None:
    article = json.loads(show("feed.jsonl#1", "--json"))
    assert article["url"] == "https://news.example/harbour-reopens"
    assert article["author"] == "Ana Costa"


def test_url_and_author_are_null_when_the_file_has_none(show) -> None:
    article = json.loads(show("plain.txt", "--json"))
    assert article["url"] is None and article["author"] is None


def test_human_show_prints_the_byline_and_the_url(show) -> None:
    lines = show("feed.jsonl#1").splitlines()
    assert "by Ana Costa" in lines[1]
    assert lines[2] == "https://news.example/harbour-reopens"
    plain = show("plain.txt").splitlines()
    assert "by " not in plain[1] and not plain[2].startswith("http")
