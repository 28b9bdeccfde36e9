"""What a new user meets in the first hour: empty corpora, no terminal, pipes, colours, paging.

The CLI runs as a subprocess, as a shell would run it, so exit codes, stderr and the bytes on
stdout are exactly what a user sees. Each index lives in the test's own temporary directory.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE_CORPUS

ROOT = Path(__file__).parent.parent
ESC = "\x1b"
APP_NEEDS_TERMINAL = (
    "corpus-tui: the app needs a terminal; for scripts use a subcommand (corpus-tui search --help)"
)


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(XDG_CACHE_HOME=str(tmp / "cache"), COLUMNS="80", **extra)
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


def in_terminal(tmp: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal 100 columns wide; (status, output)."""
    primary, secondary = pty.openpty()
    os.set_blocking(primary, False)
    environment = _env(tmp, COLUMNS="100", LINES="40", TERM="xterm-256color", **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus_tui.search", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        env=environment,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
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
    os.close(primary)
    status = process.wait(timeout=10)
    return status, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture()
def seeds_index(tmp_path: Path) -> Path:
    """An index of the sample corpus in this test's directory, built once per test."""
    index = tmp_path / "index"
    done = cli(tmp_path, "--corpus", str(SAMPLE_CORPUS), "--index", str(index), "index", "--json")
    assert done.returncode == 0, done.stderr
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
    for _ in range(3):  # the second run used to crash in Whoosh's refresh()
        for command in (["search", "x"], ["quotes"], ["entities"], ["search", "x", "--json"]):
            done = cli(tmp_path, "--corpus", str(corpus), *command)
            assert done.returncode == 0, (command, done.stderr)
            assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert json.loads(done.stdout)["total"] == 0
