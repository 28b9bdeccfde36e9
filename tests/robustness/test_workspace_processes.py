"""The workspace across processes: a saved search survives a restart; the app and a script
writing at once lose nothing and never show "database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from corpus_tui.search.workspace import Workspace
from corpus_tui.search.workspace_db import BUSY_TIMEOUT_MS
from tests.paths import SAMPLE_CORPUS

pytestmark = pytest.mark.slow


@pytest.fixture()
def env(tmp_path: Path, sample_index: Path) -> dict[str, str]:
    """Environment for child processes: a private user data dir."""
    return {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "NO_COLOR": "1"}


def corpus_tui(env: dict[str, str], index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(SAMPLE_CORPUS)]
    return subprocess.run(
        [*command, "--index", str(index), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_saved_search_survives_a_restart(env: dict[str, str], sample_index: Path) -> None:
    added = corpus_tui(env, sample_index, "saved", "add", "ammo", "ammunition", "NOT tariffs")
    assert added.returncode == 0, added.stderr
    # A new process finds it, with its count, and runs it.
    listed = corpus_tui(env, sample_index, "saved", "list", "--json")
    (saved,) = json.loads(listed.stdout)["saved"]
    ran = corpus_tui(env, sample_index, "search", "--saved", "ammo", "--json")
    typed = corpus_tui(env, sample_index, "search", "ammunition NOT tariffs", "--json")
    assert ran.returncode == 0, ran.stderr
    hits = [h["id"] for h in json.loads(ran.stdout)["hits"]]
    assert hits and hits == [h["id"] for h in json.loads(typed.stdout)["hits"]]
    assert saved["total"] == len(hits)


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from corpus_tui.search.workspace import Workspace
    directory, article, prefix, count, start = sys.argv[1:6]
    while not Path(start).exists():
        time.sleep(0.005)
    workspace = Workspace(Path(directory))
    for i in range(int(count)):
        workspace.tag(article, [f"{prefix}{i}"])
        workspace.record(f"{prefix} query {i}", i)
        workspace.add_note(article, f"{prefix} note {i}")
    """
)


def test_two_writers_at_once_lose_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    """Two processes (the app, a script) each write 150 tags, queries and notes at once."""
    directory = tmp_path / "ws"
    start = tmp_path / "start"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(directory), "a.txt", prefix, "150", str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("app", "cli")
    ]
    time.sleep(0.5)
    start.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and err == "", err
    workspace = Workspace(directory)
    tags = workspace.tags_of("a.txt")
    assert len(tags) == 300
    assert {t for t in tags if t.startswith("app")} == {f"app{i}" for i in range(150)}
    assert len(workspace.history()) == 300
    assert len(workspace.notes_of("a.txt")) == 300


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO tags VALUES ('held.txt', 'held', 'x')")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    """
)


def test_a_writer_held_past_the_busy_timeout_delays_but_never_fails(
    env: dict[str, str], sample_index: Path
) -> None:
    """A long transaction in the app makes the CLI wait; it still succeeds, with no lock error."""
    tagged = corpus_tui(env, sample_index, "tag", "001", "first")
    assert tagged.returncode == 0, tagged.stderr
    database = Path(env["XDG_DATA_HOME"]) / "corpus-tui"
    (path,) = database.glob("*/workspace.sqlite3")
    hold = BUSY_TIMEOUT_MS / 1000 + 1.5
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(hold)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    began = time.monotonic()
    tagged = corpus_tui(env, sample_index, "tag", "002", "second", "--json")
    waited = time.monotonic() - began
    holder.wait(timeout=30)
    assert tagged.returncode == 0 and "locked" not in tagged.stderr, tagged.stderr
    assert json.loads(tagged.stdout)["tags"] == ["second"]
    assert waited > BUSY_TIMEOUT_MS / 1000
    tags = corpus_tui(env, sample_index, "tags", "--json")
    names = {t["name"]: t["count"] for t in json.loads(tags.stdout)["tags"]}
    assert names == {"first": 1, "second": 1, "held": 1}
