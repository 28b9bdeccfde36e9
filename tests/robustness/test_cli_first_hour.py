"""What a new user meets in the first hour: empty corpora, no terminal, pipes, colours, paging.

The CLI runs as a subprocess, as a shell would run it, so exit codes, stderr and the bytes on
stdout are exactly what a user sees. Checks of what a listing answers (JSON, exit codes) call the
same `main` in this process instead: a subprocess costs half a second of imports, and the answer
is the same. Each index lives in the test's own temporary directory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.paths import SAMPLE_CORPUS

ESC = "\x1b"
APP_NEEDS_TERMINAL = (
    "corpus-tui: the app needs a terminal; for scripts use a subcommand (corpus-tui search --help)"
)


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"XDG_CACHE_HOME": str(tmp / "cache"), "COLUMNS": "80", **extra})
    return env


def cli(tmp: Path, *args: str, stdin: int | None = subprocess.DEVNULL, **env: str):
    """Run `corpus-tui ARGS` with stdout and stderr captured (so neither is a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "corpus_tui.search", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=stdin,
        env=_env(tmp, **env),
    )


def in_process(*args: str) -> tuple[int, str, str]:
    """Run `corpus-tui ARGS` through `main` here; (exit code, stdout, stderr), neither a terminal."""
    from corpus_tui.search.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def piped(tmp: Path, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a shell pipeline whose `CT` is the CLI; returns the status of the CLI itself."""
    script = f'CT="{sys.executable} -m corpus_tui.search"; {command}; echo "status=${{PIPESTATUS[0]}}" >&2'
    return subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp, **env),
    )


def in_terminal(
    tmp: Path, *args: str, module: str = "corpus_tui.search", seconds: float = 120, **env: str
) -> tuple[int | None, str]:
    """Run the CLI on a pseudo-terminal 100 columns wide (stdin, stdout and stderr alike).

    Returns the exit status (None if it was still running after `seconds` and was killed)
    and everything it wrote.
    """
    primary, secondary = pty.openpty()
    os.set_blocking(primary, False)
    environment = _env(tmp, COLUMNS="100", LINES="40", TERM="xterm-256color", **env)
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=environment,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                data = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    try:
        status: int | None = process.wait(timeout=max(0.5, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        status = None
        process.kill()
        process.wait(timeout=10)
    os.close(primary)
    return status, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture()
def own_index(tmp_path: Path, sample_index: Path) -> Path:
    """This test's own copy of the sample corpus's index (a command may update or lock it)."""
    index = tmp_path / "index"
    shutil.copytree(sample_index, index)
    return index


# -- Crashes and hangs ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["empty folder", "passwd-like file", "log file"])
def test_corpus_without_articles_gives_zero_hits_every_time(tmp_path: Path, kind: str) -> None:
    if kind == "empty folder":
        corpus = tmp_path / "empty"
        corpus.mkdir()
    else:
        corpus = tmp_path / ("passwd" if kind == "passwd-like file" else "server.log")
        corpus.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    index = str(tmp_path / "index")
    for _ in range(2):  # the second run used to crash in Whoosh's refresh()
        for command in (["search", "x"], ["quotes"], ["entities"], ["search", "x", "--json"]):
            code, out, err = in_process("--corpus", str(corpus), "--index", index, *command)
            assert code == 0, (command, err)
            assert "Traceback" not in err and "Error" not in err
    assert json.loads(out)["total"] == 0


@pytest.mark.parametrize("module", ["corpus_tui.search", "corpus_tui.tui"])
def test_the_app_without_a_terminal_exits_2_at_once(tmp_path: Path, module: str) -> None:
    # `corpus-tui --corpus X </dev/null >o 2>e` used to draw escapes into the files and spin.
    done = subprocess.run(
        [sys.executable, "-m", module, "--corpus", str(SAMPLE_CORPUS)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        env=_env(tmp_path),
    )
    assert done.returncode == 2
    assert done.stderr == APP_NEEDS_TERMINAL + "\n"
    assert done.stdout == ""


@pytest.mark.parametrize("module", ["corpus_tui.search", "corpus_tui.tui"])
def test_the_app_on_a_missing_corpus_fails_like_the_cli_before_drawing(
    tmp_path: Path, module: str
) -> None:
    missing = tmp_path / "no such folder"
    expected = cli(tmp_path, "--corpus", str(missing), "search", "x")
    assert expected.returncode == 1
    assert expected.stderr == f"corpus-tui: corpus not found: {missing}\n"
    status, output = in_terminal(tmp_path, "--corpus", str(missing), module=module, seconds=20)
    assert status == 1, output
    assert output.replace("\r\n", "\n") == expected.stderr
    assert ESC not in output, "no screen was drawn"


PIPED_COMMANDS = [
    "search NATO",
    "search NATO --json",
    "search NATO --output ids",
    "show 001",
    "show 001 --raw",
    "quotes",
    "entities --json",
    "index",
]


@pytest.mark.parametrize("reader", ["true", "head -1"])
@pytest.mark.parametrize("command", PIPED_COMMANDS)
def test_a_closed_pipe_ends_quietly_with_0(
    tmp_path: Path, own_index: Path, command: str, reader: str
) -> None:
    where = f"--corpus {SAMPLE_CORPUS} --index {own_index}"
    done = piped(tmp_path, f"$CT {where} {command} | {reader} >/dev/null")
    assert done.stderr == "status=0\n"


# -- Command line -----------------------------------------------------------------------------


def _json(tmp: Path, index: Path, *args: str) -> dict:
    code, out, err = in_process(
        "--corpus", str(SAMPLE_CORPUS), "--index", str(index), *args, "--json"
    )
    assert code == 0, err
    return json.loads(out)


def _lines(tmp: Path, index: Path, *args: str) -> list[str]:
    done = cli(tmp, "--corpus", str(SAMPLE_CORPUS), "--index", str(index), *args)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.endswith("\n")
    return done.stdout[:-1].split("\n")


def test_piped_output_is_one_tab_separated_record_a_line(tmp_path: Path, own_index: Path) -> None:
    hits = _json(tmp_path, own_index, "search", "NATO")["hits"]
    lines = _lines(tmp_path, own_index, "search", "NATO")
    assert [line.split("\t") for line in lines] == [
        [h["id"], h["date"] or "", h["source"] or "", h["title"] or "", h["snippet"]] for h in hits
    ]
    assert max(map(len, lines)) > 100, "no hard wrap at 80 columns"

    quotes = _json(tmp_path, own_index, "quotes")["quotes"]
    lines = _lines(tmp_path, own_index, "quotes")
    assert len(lines) == len(quotes) > 3
    assert [line.split("\t") for line in lines] == [
        [q["id"], q["speaker"] or "", " ".join(q["text"].split())] for q in quotes
    ]

    entities = _json(tmp_path, own_index, "entities", "--type", "person")["entities"]
    lines = _lines(tmp_path, own_index, "entities", "--type", "person")
    assert [line.split("\t")[:4] for line in lines] == [
        [e["name"], e["type"], str(e["count"]), str(e["docs"])] for e in entities
    ]
    assert all(line.count("\t") == 4 for line in lines)


def test_show_piped_keeps_paragraphs_unwrapped(tmp_path: Path, own_index: Path) -> None:
    article = _json(tmp_path, own_index, "show", "001")
    lines = _lines(tmp_path, own_index, "show", "001")
    longest = max(article["text"].split("\n"), key=len)
    assert len(longest) > 80 and longest in lines


def test_a_terminal_keeps_the_rich_layout_and_colour(tmp_path: Path, own_index: Path) -> None:
    where = ("--corpus", str(SAMPLE_CORPUS), "--index", str(own_index))
    status, output = in_terminal(tmp_path, *where, "search", "NATO")
    assert status == 0
    assert "\x1b[1m" in output, "bold on a terminal"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert re.search(r"^\d+ hits for 'NATO'", plain, re.M)
    assert re.search(r"^ *1\. ", plain, re.M) and "\t" not in plain


@pytest.mark.parametrize(
    "command",
    [
        ["search", "NATO"],
        ["show", "001"],
        ["quotes"],
        ["entities"],
        ["index"],
        ["search", "nosuchwordatall"],
    ],
)
def test_no_color_means_no_escape_at_all_on_a_terminal(
    tmp_path: Path, own_index: Path, command: list[str]
) -> None:
    where = ("--corpus", str(SAMPLE_CORPUS), "--index", str(own_index))
    status, output = in_terminal(tmp_path, *where, *command, NO_COLOR="1")
    assert status == 0
    assert output.strip()
    assert ESC not in output, output[:300]


def test_no_color_index_progress_has_no_escapes(tmp_path: Path) -> None:
    status, output = in_terminal(
        tmp_path,
        "--corpus",
        str(SAMPLE_CORPUS),
        "--index",
        str(tmp_path / "i"),
        "index",
        NO_COLOR="1",
    )
    assert status == 0 and "Index holds" in output
    assert ESC not in output


def test_limit_and_offset_page_through_every_listing(tmp_path: Path, own_index: Path) -> None:
    every = [h["id"] for h in _json(tmp_path, own_index, "search", "*", "--limit", "100")["hits"]]
    page = _json(tmp_path, own_index, "search", "*", "--limit", "2", "--offset", "3")
    assert [h["id"] for h in page["hits"]] == every[3:5] and page["total"] == len(every)

    quotes = _json(tmp_path, own_index, "quotes", "--limit", "1000")["quotes"]
    assert len(quotes) > 7
    assert (
        _json(tmp_path, own_index, "quotes", "--limit", "4", "--offset", "3")["quotes"]
        == (quotes[3:7])
    )
    entities = _json(tmp_path, own_index, "entities", "--limit", "1000")["entities"]
    assert len(entities) > 50, "the sample corpus shows the default limit"
    assert len(_json(tmp_path, own_index, "entities")["entities"]) == 50
    assert (
        _json(tmp_path, own_index, "entities", "--limit", "5", "--offset", "2")["entities"]
        == entities[2:7]
    )
    assert len(_lines(tmp_path, own_index, "quotes", "--limit", "2", "--offset", "1")) == 2


def test_search_output_ids_and_paths_for_xargs(tmp_path: Path, own_index: Path) -> None:
    hits = _json(tmp_path, own_index, "search", "NATO")["hits"]
    assert _lines(tmp_path, own_index, "search", "NATO", "--output", "ids") == [
        h["id"] for h in hits
    ]
    paths = _lines(tmp_path, own_index, "search", "NATO", "--output", "paths")
    assert paths == [str((SAMPLE_CORPUS / h["id"]).resolve()) for h in hits]
    assert all(Path(p).is_file() for p in paths)
    clash = cli(
        tmp_path, "--corpus", str(SAMPLE_CORPUS), "search", "x", "--json", "--output", "ids"
    )
    assert clash.returncode == 2 and clash.stdout == "" and clash.stderr.count("\n") == 1


def test_bad_limit_and_offset_are_usage_errors(tmp_path: Path) -> None:
    for args in (["--limit", "0"], ["--offset", "-1"], ["--limit", "lots"]):
        done = cli(tmp_path, "--corpus", str(SAMPLE_CORPUS), "quotes", *args)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
