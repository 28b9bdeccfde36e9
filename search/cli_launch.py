"""What the `corpus-tui` process checks and handles around its commands: a terminal for the
app, a corpus that exists, a reader that closed the pipe, one-line failures on stderr and
JSON documents on stdout.

Only the standard library is imported here, so the checks cost nothing before a command runs
and the app's textual import happens only once they pass.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROG = "corpus-tui"
APP_NEEDS_TERMINAL = (
    f"the app needs a terminal; for scripts use a subcommand ({PROG} search --help)"
)


def fail(message: str) -> None:
    """One line on stderr; paths and queries in it may hold control characters, shown escaped."""
    from .textclean import escape_control_chars

    sys.stderr.write(f"{PROG}: {escape_control_chars(message)}\n")


def print_json(model: object) -> None:
    """A pydantic model as one JSON document on stdout, terminal controls escaped."""
    from .textclean import escape_json_controls

    text = model.model_dump_json()  # type: ignore[attr-defined]
    sys.stdout.write(escape_json_controls(text) + "\n")


def emit_json(data: object) -> None:
    """Plain data as one JSON document on stdout, escaped as `print_json` does."""
    import json

    from .textclean import escape_json_controls

    sys.stdout.write(escape_json_controls(json.dumps(data, ensure_ascii=False)) + "\n")


def silence_stdout() -> None:
    """Point stdout at /dev/null after its reader went away, so nothing more fails on it.

    Whatever is still buffered is written there at exit instead of raising BrokenPipeError
    a second time (which Python would report as "Exception ignored" and exit 120).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # stdout is not a real file (a test's capture): nothing will flush to a pipe


@dataclass(frozen=True)
class AppTarget:
    """What the app opens: a corpus (None: the bundled seeds), its index folder (None: the user
    cache), the workspace folder and the backend URL."""

    corpus: Path | None
    index_dir: Path | None
    workspace_dir: Path | None = None
    backend: str | None = None


def launch_app(target: AppTarget) -> int:
    """Start the app, after the checks that must come before any screen is drawn.

    A corpus path that does not exist gets the same line and exit code (1) as the subcommands.
    Without a terminal on stdin and stderr (where Textual reads keys and draws), the app
    would write escapes into a file and spin waiting for keys that never come: exit 2.
    """
    from .errors import corpus_not_found

    corpus = target.corpus
    if corpus is not None and not corpus.exists():
        fail(str(corpus_not_found(corpus.resolve())))
        return 1
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stderr)):
        fail(APP_NEEDS_TERMINAL)
        return 2
    from corpus_tui.tui.app import run_app

    return run_app(target)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, AttributeError):  # closed, or replaced by an object without isatty
        return False
