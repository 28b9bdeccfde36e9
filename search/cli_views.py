"""The exploration subcommands (`kwic`, `trends`, `speakers`, `related`, `collocates`) and
`--format` on every listing command.

`cli.py` registers these with `add_view_commands` and hands a parsed command to `run_view`, which
answers the new commands and any `--format` other than `json`; `--json` stays as `--format json`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_args import positive_int

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .engine import Engine

VIEW_COMMANDS = ("kwic", "trends", "speakers", "related", "collocates")
LISTING_COMMANDS = ("search", "entities", "quotes", *VIEW_COMMANDS)
FORMATS = ("json", "jsonl", "csv", "md")
SORT_KEYS = ("date", "left", "right", "1L", "2L", "3L", "1R", "2R", "3R")
PERIODS = ("day", "week", "month", "year")
ENTITY_TYPES = ("person", "org", "place", "group")

FORMAT_HELP = (
    "json: one document; jsonl: one record a line; csv: header row, standard quoting; "
    "md: a pipe table. In csv and md a text cell starting with = + - @ (or tab, CR) gets a "
    "leading ' so spreadsheets never run it as a formula"
)

Command = Callable[[str, str], argparse.ArgumentParser]


def add_format_options(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    """`--format` (and `--json` on new commands; the old ones already have it)."""
    parser.add_argument("--format", choices=FORMATS, default=None, help=FORMAT_HELP)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="same as --format json")


def add_view_commands(command: Command, listings: list[argparse.ArgumentParser]) -> None:
    """Add the view subcommands; `listings` are the existing listing commands to give --format."""
    for parser in listings:
        add_format_options(parser, json_flag=False)

    kwic = command(
        "kwic",
        "every occurrence of what the query matches, in context (concordance), one line each",
    )
    kwic.add_argument("query", nargs="+", help="words, phrases, wildcards or person:/org:/place:")
    kwic.add_argument("--width", type=positive_int, default=40, help="characters each side (40)")
    kwic.add_argument(
        "--sort",
        choices=SORT_KEYS,
        default="date",
        help="date: articles newest first, in text order (default); left/right: by the words "
        "before/after; 1L..3L, 1R..3R: by the Nth word left/right",
    )
    kwic.add_argument("--limit", type=positive_int, default=100, help="lines to show (100)")
    add_format_options(kwic)

    trends = command(
        "trends", "articles matching each query per period, and their share of its articles"
    )
    trends.add_argument("queries", nargs="+", metavar="QUERY", help="one series per query")
    trends.add_argument("--by", choices=PERIODS, default="month", help="period (month)")
    add_format_options(trends)

    speakers = command("speakers", "who is quoted, most quotations first")
    speakers.add_argument("--query", default=None, help="only articles matching this query")
    speakers.add_argument("--limit", type=positive_int, default=None)
    add_format_options(speakers)

    related = command(
        "related",
        "entities named in the same articles as NAME, ranked by log-likelihood (Dunning's G2, "
        "signed: negative when they meet less often than chance)",
    )
    related.add_argument("name", nargs="+", help="an entity's name or any of its aliases")
    related.add_argument("--type", choices=ENTITY_TYPES, default=None, help="only this type")
    related.add_argument("--query", default=None, help="only articles matching this query")
    related.add_argument("--limit", type=positive_int, default=20, help="entities to show (20)")
    add_format_options(related)

    collocates = command(
        "collocates",
        "words near WORD more often than chance: log-likelihood (default) or mutual information",
    )
    collocates.add_argument("word", nargs="+", help="a word, wildcard or phrase")
    collocates.add_argument("--window", type=positive_int, default=5, help="words each side (5)")
    collocates.add_argument("--measure", choices=("ll", "mi"), default="ll", help="score (ll)")
    collocates.add_argument(
        "--min-count", type=positive_int, default=2, help="least times near WORD (2)"
    )
    collocates.add_argument("--query", default=None, help="only articles matching this query")
    collocates.add_argument("--limit", type=positive_int, default=20, help="words to show (20)")
    add_format_options(collocates)


def output_format(args: argparse.Namespace) -> str | None:
    """The chosen export format (`--json` is `json`), or None for human output."""
    fmt = getattr(args, "format", None)
    if getattr(args, "json", False):
        if fmt not in (None, "json"):
            from .cli_args import UsageError

            raise UsageError(f"--json and --format {fmt} ask for different outputs; give one")
        return "json"
    return fmt


def run_view(engine: Engine, args: argparse.Namespace) -> int | None:
    """Answer a view command, or a listing command with an export format; None: not ours."""
    fmt = output_format(args)
    if args.command in VIEW_COMMANDS:
        result = _compute(engine, args)
    elif args.command in LISTING_COMMANDS and fmt not in (None, "json"):
        result = _listing(engine, args)
    else:
        if fmt == "json":
            args.json = True
        return None
    if fmt is not None:
        from .export import render

        sys.stdout.write(render(result, fmt))
        return 0
    from .views_output import print_view

    print_view(args.command, result)
    return 0


def _compute(engine: Engine, args: argparse.Namespace) -> BaseModel:
    if args.command == "kwic":
        return engine.kwic(" ".join(args.query), args.width, args.sort, args.limit)
    if args.command == "trends":
        return engine.trends(list(args.queries), by=args.by)
    if args.command == "speakers":
        return engine.speakers(query=args.query, limit=args.limit)
    if args.command == "related":
        return engine.related(" ".join(args.name), args.type, args.limit, query=args.query)
    return engine.collocates(
        " ".join(args.word),
        window=args.window,
        limit=args.limit,
        measure=args.measure,
        query=args.query,
        min_count=args.min_count,
    )


def _listing(engine: Engine, args: argparse.Namespace) -> BaseModel:
    if args.command == "search":
        return engine.search(
            " ".join(args.query),
            limit=args.limit,
            sort=args.sort,
            offset=getattr(args, "offset", 0) or 0,
        )
    if args.command == "entities":
        return engine.entities(type=args.type, query=args.query, limit=args.limit)
    return engine.quotes(speaker=args.speaker, query=args.query)
