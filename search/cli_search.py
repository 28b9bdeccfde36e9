"""The reading commands: `search`, `show`, `entities` and `quotes`.

Each asks the engine once and prints its model: one JSON document with `--json`, else human
output through `cli_output.py` (laid out on a terminal, one record a line when piped).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli_launch import print_json

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .engine import Engine


def run_search(engine: Engine, args: argparse.Namespace) -> int:
    """`search`: a page of hits, recorded in the history; or only their ids or files."""
    from .cli_workspace import record_search, search_request

    query, filters, sort = search_request(engine, args)
    result = engine.search(query, limit=args.limit, sort=sort, filters=filters, offset=args.offset)
    record_search(engine, query, filters, result)
    if result.partial and not args.json:
        from .cli_launch import fail

        fail(f"partial answer, some articles may be missing: {result.warning}")
    if result.total == 0 and not filters and engine.count("*") == 0:
        from .cli_launch import fail

        fail("the corpus has no articles yet: `corpus-tui index` says why each file was skipped")
    if args.json:
        print_json(result)
    elif args.output == "ids":
        from .cli_output import print_lines

        print_lines(hit.id for hit in result.hits)
    elif args.output == "paths":
        from .cli_output import print_lines

        paths = (str(engine.file_path(hit.id)) for hit in result.hits)
        print_lines(dict.fromkeys(paths))  # each file once, in rank order
    else:
        from .cli_output import print_search

        print_search(result, offset=args.offset)
    return 0


def run_show(engine: Engine, args: argparse.Namespace) -> int:
    """`show`: one article as indexed, or with `--raw` the file as read."""
    if args.raw:
        raw = engine.raw(args.id)
        if args.json:
            print_json(raw)
        else:
            sys.stdout.write(raw.raw if raw.raw.endswith("\n") else raw.raw + "\n")
        return 0
    return _answer(args, engine.article(args.id), "print_article")


def run_entities(engine: Engine, args: argparse.Namespace) -> int:
    """`entities`: corpus-wide or over a query's hits."""
    result = engine.entities(type=args.type, query=args.query, limit=args.limit, offset=args.offset)
    return _answer(args, result, "print_entities")


def run_quotes(engine: Engine, args: argparse.Namespace) -> int:
    """`quotes`: quotations with their speakers, newest articles first."""
    result = engine.quotes(
        speaker=args.speaker, query=args.query, limit=args.limit, offset=args.offset
    )
    return _answer(args, result, "print_quotes")


def _answer(args: argparse.Namespace, result: BaseModel, printer: str) -> int:
    """The result as one JSON document with `--json`, else through `cli_output.<printer>`.

    cli_output (and with it Rich) is imported only for human output, so `--json` stays fast.
    """
    if args.json:
        print_json(result)
    else:
        from . import cli_output

        getattr(cli_output, printer)(result)
    return 0


RUNNERS = {
    "search": run_search,
    "show": run_show,
    "entities": run_entities,
    "quotes": run_quotes,
}
"""Command name -> runner, for `cli._run_command`."""
