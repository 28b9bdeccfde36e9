"""Quotations and speakers on the bundled seed articles (real news, read as shipped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.analysis import analyse
from corpus_tui.search.cli import main
from corpus_tui.search.ingest import SourceFile, read_source
from corpus_tui.search.models import Quote
from tests.paths import SEEDS


def seed(prefix: str) -> tuple[str, list[Quote]]:
    """The cleaned text of the seed whose name starts with `prefix`, and its quotations."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    info = path.stat()
    result = read_source(SourceFile(path, path.name, info.st_size, info.st_mtime_ns))
    (document,) = result.documents
    _, quotes = analyse(document.text)
    return document.text, quotes


def speaker_of(quotes: list[Quote], words: str) -> str | None:
    (quote,) = [q for q in quotes if words in q.text]
    return quote.speaker


def test_pentagon_statements_go_to_the_spokesman() -> None:
    _, quotes = seed("002")
    pentagon = [
        q for q in quotes if q.text.startswith(("The secretary urged", "Secretary Hegseth"))
    ]
    assert len(pentagon) == 2
    assert {q.speaker for q in pentagon} == {"Sean Parnell"}


def test_partial_quote_in_reported_speech_goes_to_the_vice_president() -> None:
    _, quotes = seed("002")
    assert speaker_of(quotes, "permanent security vassal") == "JD Vance"


def test_council_of_ministers_quote_goes_to_the_spokeswoman() -> None:
    text, quotes = seed("004")
    assert "Council of Ministers" in text
    assert speaker_of(quotes, "remain our allies") == "Sophie Primas"
    assert speaker_of(quotes, "cannot delegate its security") == "Sophie Primas"


def test_single_quoted_heading_has_no_speaker() -> None:
    text, quotes = seed("001")
    (heading,) = [q for q in quotes if text[q.start] == "'"]
    assert heading.text == "Coalition of the willing"
    assert heading.speaker is None


def test_further_asserted_goes_to_the_minister_not_unattributed() -> None:
    _, quotes = seed("000")
    assert speaker_of(quotes, "replace American capabilities") is not None


def test_experts_after_roles_and_appositions() -> None:
    _, quotes = seed("001")
    assert speaker_of(quotes, "Defending Europe without American support") == "Olivier Kempf"
    assert speaker_of(quotes, "for 70 years") == "Olivier Kempf"
    assert speaker_of(quotes, "There are no negotiations") == "Nicole Bacharan"
    assert speaker_of(quotes, "There is a deep awareness") == "Jean-Paul Palomeros"


def test_quotes_speaker_macron_lists_the_paris_meeting_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--corpus", str(SEEDS), "--index", str(tmp_path / "index")]
    assert main([*args, "quotes", "--speaker", "Macron", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["quotes"]
    assert [q["id"][:4] for q in found] == ["001_"]
    assert found[0]["speaker"] == "Emmanuel Macron"
    assert "full weight behind Ukraine" in found[0]["text"]
