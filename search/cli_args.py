"""The pieces every `corpus-tui` command's arguments are made of, in one place.

One parser class (errors as one line, exit 2), the global options accepted before or after
the command, paging, whole-number checks and `--version`: the core commands, the workspace
commands and the views all build on these, so a bad `--limit` reads the same everywhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .cli_launch import PROG


class UsageError(Exception):
    """Bad command-line usage: exit 2 with one line."""


class Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """--corpus, --index, --backend and --workspace, accepted before or after the subcommand.

    The copies on subparsers default to SUPPRESS so a value given before the subcommand
    is not reset by the subparser's default.
    """
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--corpus",
        type=Path,
        default=default,
        metavar="PATH",
        help="folder of articles, or one .json/.jsonl file (default: the bundled corpus)",
    )
    parser.add_argument(
        "--index",
        type=Path,
        default=default,
        metavar="DIR",
        help="index directory (default: the user cache dir, one per corpus)",
    )
    parser.add_argument(
        "--backend",
        default=default,
        metavar="URL",
        help="where the index lives: whoosh (the default, a local folder) or a search cluster "
        "such as sphinx://HOST:PORT (default: config.toml's [backend] url)",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        default=default,
        metavar="DIR",
        help="workspace directory: saved searches, history, tags, notes, entity corrections "
        "(default: the user data dir, one per corpus)",
    )


def paging(parser: argparse.ArgumentParser, default_limit: int, noun: str) -> None:
    """--limit and --offset, the same on every listing command."""
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=default_limit,
        metavar="N",
        help=f"{noun} to show ({default_limit})",
    )
    parser.add_argument(
        "--offset",
        type=non_negative_int,
        default=0,
        metavar="N",
        help=f"skip the first N {noun} (0)",
    )


def positive_int(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    number = _integer(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def non_negative_int(value: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    number = _integer(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


class VersionAction(argparse.Action):
    """--version, looking the version up only when asked (importlib.metadata costs ~25 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        sys.stdout.write(f"{PROG} {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("corpus-tui")
    except PackageNotFoundError:
        return "unknown"
