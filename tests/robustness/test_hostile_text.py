"""Articles crafted to attack the reader's terminal: escape sequences and Rich/Textual markup.

The CLI runs as a subprocess, as a user would run it, so what reaches stdout is exactly what a
terminal would receive. With NO_COLOR=1 there must be no ESC byte at all; with FORCE_COLOR=1 the
only escape sequences allowed are Rich's own SGR colour codes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import HOSTILE_NAME, MARKUP, write_hostile_corpus

ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")
C1_AND_BELL = re.compile("[\x07\x80-\x9f]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of hostile articles and its index, built once."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = write_hostile_corpus(root / "corpus")
    index = root / "index"
    done = _run(corpus, index, "index", env={"NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    return corpus, index


def _run(corpus: Path, index: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The CLI in a child process, output captured as text (bytes decoded strictly)."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(corpus)]
    command += ["--index", str(index), *args]
    done = subprocess.run(command, capture_output=True, timeout=60, env={**base, **env})
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


COMMANDS = [
    ("show", "010"),
    ("show", "011"),
    ("show", "010", "--json"),
    ("show", "011", "--json"),
    ("show", "010", "--raw"),
    ("show", "010", "--raw", "--json"),
    ("search", "council"),
    ("search", "council", "--json"),
    ("search", "harbor"),  # A likely typo: the suggestion line is printed too.
    ("entities",),
    ("entities", "--json"),
    ("quotes",),
    ("quotes", "--json"),
    ("index",),
    ("index", "--json"),
    ("show", HOSTILE_NAME),
    ("show", "\x1b]52;c;aGk=\x07nothing"),  # Not found: the id comes back in the error line.
]


@pytest.mark.parametrize(
    "args", COMMANDS, ids=lambda a: " ".join(a).encode("unicode_escape").decode()
)
def test_no_escape_reaches_the_terminal_without_colour(hostile, args: tuple[str, ...]) -> None:
    corpus, index = hostile
    done = _run(corpus, index, *args, env={"NO_COLOR": "1"})
    assert done.returncode in (0, 2), done.stderr
    for stream in (done.stdout, done.stderr):
        assert ESC not in stream
        assert not C1_AND_BELL.search(stream)
        assert "\u202e" not in stream
    assert "Traceback" not in done.stderr


# Commands whose human output Rich styles: with colour forced, Rich's codes must be the only ones.
STYLED_COMMANDS = [c for c in COMMANDS if "--json" not in c and "--raw" not in c]


@pytest.mark.parametrize(
    "args", STYLED_COMMANDS, ids=lambda a: " ".join(a).encode("unicode_escape").decode()
)
def test_only_rich_colour_codes_with_forced_colour(hostile, args: tuple[str, ...]) -> None:
    corpus, index = hostile
    done = _run(corpus, index, *args, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert done.returncode in (0, 2), done.stderr
    for stream in (done.stdout, done.stderr):
        assert ESC not in SGR.sub("", stream)
        assert not C1_AND_BELL.search(stream)


def test_colour_is_really_forced(hostile) -> None:
    """Guards the test above: it proves something only if Rich does emit its own codes."""
    corpus, index = hostile
    done = _run(corpus, index, "show", "010", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert SGR.search(done.stdout)


def test_show_prints_markup_literally(hostile) -> None:
    corpus, index = hostile
    human = _run(corpus, index, "show", "010", env={"NO_COLOR": "1"}).stdout
    flat = " ".join(human.split())
    for markup in MARKUP:
        assert markup in flat
    assert "Harbour Council Approves Red Budget" in human
    assert "read the plan online from Monday" in flat
    article = json.loads(_run(corpus, index, "show", "010", "--json", env={}).stdout)
    for markup in MARKUP:
        assert markup in article["text"]
    assert ESC not in article["text"] and ESC not in article["title"]
    other = json.loads(_run(corpus, index, "show", "011", "--json", env={}).stdout)
    assert other["title"] == "Ferry fares frozen [bold]again[/]"
    assert other["source"] is None or ESC not in other["source"]


def test_raw_shows_escapes_visibly(hostile) -> None:
    corpus, index = hostile
    raw = _run(corpus, index, "show", "010", "--raw", env={"NO_COLOR": "1"}).stdout
    assert "\\x1b[31mRed\\x1b[0m" in raw
    assert "\\x1b]52;c;cm0gLXJmIH4K\\x07" in raw
    assert "\\x9b31m" in raw and "\\u202e" in raw
    as_json = json.loads(_run(corpus, index, "show", "010", "--raw", "--json", env={}).stdout)
    assert "\\x1b]8;;https://attacker.example/" in as_json["raw"]
    assert ESC not in as_json["raw"]


def test_search_quotes_and_entities_show_markup_literally(hostile) -> None:
    corpus, index = hostile
    hits = json.loads(_run(corpus, index, "search", "council", "--json", env={}).stdout)["hits"]
    snippets = " ".join(hit["snippet"] for hit in hits)
    assert "[bold red]we are ready[/]" in snippets or "[@click=app.quit]" in snippets
    quotes = _run(corpus, index, "quotes", env={"NO_COLOR": "1"}).stdout
    assert "[bold red]we are ready[/]" in quotes
    assert "[@click=app.quit]Nothing changes[/]," in quotes
    listing = _run(corpus, index, "search", "council", env={"NO_COLOR": "1"}).stdout
    assert "\\x1b[31mred\\x1b]52;c;aGk=\\x07 name.txt" in listing  # Visible, never raw.


def test_hostile_file_name_is_escaped_in_the_index_summary(hostile) -> None:
    corpus, index = hostile
    done = _run(corpus, index, "index", "--rebuild", env={"NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert "skipped \\x1b[2Jempty.txt: empty file" in done.stdout
    as_json = json.loads(_run(corpus, index, "index", "--json", env={}).stdout)
    assert {"path": "\x1b[2Jempty.txt", "reason": "empty file"} in as_json["skipped"]
