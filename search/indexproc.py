"""Indexing in a child process, for callers that must stay responsive (the TUI).

Whoosh indexing in a thread holds the GIL for long stretches and stalls an event loop; a child
process does not. The child is `python -m corpus_tui.search index --progress-json`, which reports
progress as JSON lines on its stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import EngineError, IndexBusy
from .models import IndexSummary

ProgressCallback = Callable[[int, int, str], None]
NoticeCallback = Callable[[str], None]


def indexer_command(
    corpus: Path | None,
    index_dir: Path | None,
    rebuild: bool,
    backend: str | None = None,
    folders: Sequence[str] | None = None,
) -> list[str]:
    """The child's command line; `corpus` None means the bundled corpus, `backend` None the
    one config.toml names (the embedded index by default), `folders` the only ones to look at
    (None: all)."""
    command = [sys.executable, "-m", "corpus_tui.search"]
    if backend is not None:
        command += ["--backend", backend]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    if index_dir is not None:
        command += ["--index", str(index_dir)]
    command += ["index", "--progress-json"]
    if rebuild:
        command.append("--rebuild")
    for folder in folders or ():
        command.append(f"--folder={folder or '.'}")  # "=": a folder may start with "-"
    return command


def run_indexer_process(
    corpus: Path | None,
    index_dir: Path | None,
    rebuild: bool = False,
    on_progress: ProgressCallback | None = None,
    on_notice: NoticeCallback | None = None,
    backend: str | None = None,
    folders: Sequence[str] | None = None,
) -> IndexSummary:
    """Run the indexer in a child process, blocking until it ends; raises EngineError on failure."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        child = subprocess.Popen(
            indexer_command(corpus, index_dir, rebuild, backend, folders),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
    except OSError as error:
        raise EngineError(f"cannot start the indexer: {error}") from error
    summary: IndexSummary | None = None
    error_message: str | None = None
    assert child.stdout is not None
    try:
        for line in child.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            kind = event.get("event")
            if kind == "progress" and on_progress is not None:
                on_progress(int(event["done"]), int(event["total"]), str(event["path"]))
            elif kind == "notice" and on_notice is not None:
                on_notice(str(event["message"]))
            elif kind == "summary":
                summary = IndexSummary.model_validate(event["summary"])
            elif kind == "error":
                error_message = str(event["message"])
    finally:
        stderr = child.stderr.read() if child.stderr else ""
        code = child.wait()
    if summary is not None and code == 0:
        return summary
    if error_message is None:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        error_message = lines[-1] if lines else f"the indexer exited with status {code}"
    if "busy" in error_message:
        raise IndexBusy(error_message)
    raise EngineError(error_message)
