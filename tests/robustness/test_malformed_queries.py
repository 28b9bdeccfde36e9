"""Malformed and hostile queries: a one-line error with exit 2, or a sensible search; never a traceback.

Each query runs through `Engine.search`, through the CLI in-process, and a few through the CLI as
a subprocess, with a time bound: a query must answer (error or result) within a few seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import QueryError
from corpus_tui.search.query import MAX_EXPANDING_TERMS, MAX_PHRASE_WORDS
from tests.paths import SAMPLE_CORPUS

TIME_BOUND_SECONDS = 3.0

# query -> "error" (exit 2, one line) or "search" (exit 0, a JSON result).
MALFORMED: dict[str, str] = {
    '"unbalanced': "search",
    "(((": "error",
    ")))": "error",
    "title:": "error",
    "title: nato": "error",
    "NOT": "search",
    "NOT NOT NOT": "error",
    "AND OR": "search",
    "*:*": "search",
    "x" * 10_000: "error",
    "date:[2025 to": "error",
    "date:": "error",
    "date:2025-02-30": "error",
    "~~~": "search",
    "\\": "error",
    "nosuchfield:word": "error",
    "a:b:c": "error",
    "nato^abc": "search",
    "council~99": "search",
    "[": "error",
    "\x00": "error",
    "\x1b[31mred": "search",
    "(" * 1999: "error",
    '"' * 1999: "error",
}


def _ids(query: str) -> str:
    """A short printable test id for a query."""
    shown = query if len(query) < 20 else f"{query[:8]}...x{len(query)}"
    return shown.encode("unicode_escape").decode("ascii")


@pytest.mark.parametrize(("query", "outcome"), MALFORMED.items(), ids=map(_ids, MALFORMED))
def test_engine_search_errors_cleanly_or_searches(
    sample_engine: Engine, query: str, outcome: str
) -> None:
    started = time.perf_counter()
    if outcome == "error":
        with pytest.raises(QueryError) as error:
            sample_engine.search(query)
        message = str(error.value)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        result = sample_engine.search(query)
        assert result.total >= 0 and result.parsed
    assert time.perf_counter() - started < TIME_BOUND_SECONDS


@pytest.mark.parametrize(("query", "outcome"), MALFORMED.items(), ids=map(_ids, MALFORMED))
def test_cli_exit_code_and_one_line(
    sample_index: Path, capsys: pytest.CaptureFixture[str], query: str, outcome: str
) -> None:
    args = ["--corpus", str(SAMPLE_CORPUS), "--index", str(sample_index), "search", "--json"]
    code = main([*args, "--", query])
    out, err = capsys.readouterr()
    if outcome == "error":
        assert code == 2
        assert out == ""
        assert err.startswith("corpus-tui: ") and err.count("\n") == 1
        assert "\x1b" not in err and "\x00" not in err
    else:
        assert code == 0, err
        assert json.loads(out)["query"] == query


def test_specific_messages(sample_engine: Engine) -> None:
    """The messages say what to write instead, not what went wrong inside the parser."""
    cases = {
        "nosuchfield:word": "known fields: title:",
        "title:": "title:word",
        "date:[2025 to": "date:[2025-01-01 TO 2025-06-30]",
        "date:": "date:2025",
        "NOT NOT NOT": "operator",
        "x" * 10_000: "query too long",
    }
    for query, expected in cases.items():
        with pytest.raises(QueryError) as error:
            sample_engine.search(query)
        assert expected in str(error.value), query
        assert "literal for int" not in str(error.value)
        assert "list index" not in str(error.value)


def test_lenient_forms_still_search(sample_engine: Engine) -> None:
    """An unclosed quote runs to the end, `*:*` is every article, `NOT` alone is the word."""
    assert sample_engine.search('"ammunition').total == sample_engine.search("ammunition").total > 0
    phrase = sample_engine.search('"ammunition fund')
    assert phrase.parsed == sample_engine.search('"ammunition fund"').parsed
    assert sample_engine.search("*:*", limit=100).total == 6
    assert sample_engine.search("NOT").parsed == "(title:not^2.0 OR body:not)"


def test_a_query_typed_halfway_reads_as_meant(sample_engine: Engine) -> None:
    """An operator with nothing after it, or a bracket opened last, is dropped: `nato OR` is
    `nato`, not `nato AND or`; `title:(` asks for the field's value."""
    nato = sample_engine.search("nato")
    for halfway in ("nato OR", "nato AND", "OR nato", "nato NOT", "nato (", "nato AND NOT"):
        assert sample_engine.search(halfway).parsed == nato.parsed, halfway
    assert sample_engine.search("NOT nato").total < nato.total
    with pytest.raises(QueryError, match="'title:' has no value"):
        sample_engine.search("title:(")


def test_fuzzy_distance_is_capped(sample_engine: Engine) -> None:
    result = sample_engine.search("ammunition~9")
    assert "~2" in result.parsed and "~9" not in result.parsed
    assert result.total == sample_engine.search("ammunition~2").total


def test_too_many_wildcards_and_long_phrases_are_refused(sample_engine: Engine) -> None:
    wildcards = " ".join(f"{letter}*" for letter in "abcdefghijklmnop"[: MAX_EXPANDING_TERMS + 1])
    with pytest.raises(QueryError, match="too many wildcard or fuzzy terms"):
        sample_engine.search(wildcards)
    phrase = '"' + " ".join(["defence"] * (MAX_PHRASE_WORDS + 1)) + '"'
    with pytest.raises(QueryError, match="phrases too long"):
        sample_engine.search(phrase)
    assert sample_engine.search('"' + " ".join(["defence"] * MAX_PHRASE_WORDS) + '"').total == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [("x" * 10_000, 2), ('"unbalanced', 0), ("date:[2025 to", 2), ("(" * 1999, 2)],
    ids=["10k-chars", "unbalanced-quote", "open-date-range", "1999-parens"],
)
def test_cli_subprocess_answers_in_time(sample_index: Path, query: str, code: int) -> None:
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(SAMPLE_CORPUS)]
    command += ["--index", str(sample_index), "search", "--json", "--", query]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    elapsed = time.perf_counter() - started
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    if code == 2:
        assert done.stdout == "" and done.stderr.count("\n") == 1
    else:
        assert json.loads(done.stdout)["total"] >= 0
    assert elapsed < TIME_BOUND_SECONDS + 2.0  # Interpreter start-up included.
