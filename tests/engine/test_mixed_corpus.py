"""A folder of every supported format plus junk, through the whole engine: index, search, show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from tests.paths import MIXED_CORPUS as MIXED

BODY_WORDS = {
    "Pelloran": "harbour-report.txt",
    "Quillfeather": "notes/council-briefing.md",
    "Marrowgate": "page.html",
    "Tessellane": "wire.jsonl#1",
    "Vorbisca": "wire.jsonl#2",
    "Glimmerholt": "latin1-cafe.txt",
}


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mixed-index")


def cli(capsys, index: Path, *args: str) -> tuple[int, dict]:
    code = main(["--corpus", str(MIXED), "--index", str(index), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, json.loads(out)


def test_index_summary_counts_and_reasons(mixed_index: Path, capsys) -> None:
    _, summary = cli(capsys, mixed_index, "index", "--json")
    assert summary["documents"] == 6
    assert summary["new"] == 5  # files; the .jsonl holds two articles
    skipped = {item["path"]: item["reason"] for item in summary["skipped"]}
    assert set(skipped) == {"logo.png", "empty.txt"}
    assert all(reason.strip() for reason in skipped.values())


@pytest.mark.parametrize(("word", "doc_id"), sorted(BODY_WORDS.items()))
def test_each_article_found_by_a_body_word(
    mixed_index: Path, capsys, word: str, doc_id: str
) -> None:
    _, result = cli(capsys, mixed_index, "search", word, "--json")
    assert [hit["id"] for hit in result["hits"]] == [doc_id]


@pytest.mark.parametrize(
    "word", ["Navonlyword", "Footeronlyword", "Asideonlyword", "scriptonlyword", "stylesonlyword"]
)
def test_page_clutter_is_not_indexed(mixed_index: Path, capsys, word: str) -> None:
    _, result = cli(capsys, mixed_index, "search", word, "--json")
    assert result["total"] == 0


def test_single_jsonl_file_as_corpus(tmp_path: Path, capsys) -> None:
    code = main(
        [
            "--corpus",
            str(MIXED / "wire.jsonl"),
            "--index",
            str(tmp_path),
            "show",
            "wire.jsonl#2",
            "--json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    article = json.loads(out)
    assert article["title"] == "Rail strike ends after pay deal"
    assert article["date"] == "2025-03-07"


def test_latin1_article_reads_accents(mixed_index: Path, capsys) -> None:
    _, article = cli(capsys, mixed_index, "show", "latin1", "--json")
    assert "Zürich" in article["text"] and "René Müller" in article["text"]
    _, result = cli(capsys, mixed_index, "search", "Zurich", "--json")
    assert [hit["id"] for hit in result["hits"]] == ["latin1-cafe.txt"]
