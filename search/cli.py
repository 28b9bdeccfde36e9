"""The `corpus-tui` command: the TUI when no subcommand is given, else a headless twin of each view.

Imports are lazy: the headless commands never import textual, and `--json` never imports Rich,
so `corpus-tui search` starts fast. Exit codes: 0 success, 2 usage or query error, 1 other failure,
each failure with one line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .cli_args import Parser, UsageError, VersionAction, global_options, paging
from .cli_launch import PROG, AppTarget, launch_app, silence_stdout
from .cli_launch import fail as _fail

DEBUG_VARIABLE = "CORPUS_TUI_DEBUG"
"""Set to show the traceback of an unexpected error instead of its one-line summary."""

DEFAULT_LISTING_LIMIT = 50
"""Entities and quotations shown unless --limit says otherwise (search shows 20 hits)."""

QUERY_HELP = """\
query language (Whoosh syntax):
  nato defence            both words (AND is the default)
  nato OR alliance        either word;  nato NOT trump   excludes a word
  "strategic autonomy"    a phrase;     (a OR b) c       grouping
  defen*  Macrn~          wildcard; fuzzy match (~2 allows two edits)
  title:conundrum  source:afp  person:Primas  person:"Sophie Primas"
  org:nato  place:kyiv  speaker:macron
  tag:lead  tag:*         articles you tagged (tag:star: starred), any tag
  date:2025  date:202504  date:[2025-01-01 TO 2025-06-30]
  *                       every article
Words are stemmed and accent-folded ("Sebastien" finds "Sébastien").
An unknown field name is an error that lists the known fields."""


def build_parser() -> argparse.ArgumentParser:
    """The full command line, with the query language in the help."""
    parser = Parser(
        prog=PROG,
        description="Explore a corpus of news articles: search, read, quotations and entities.\n"
        "Without a command, opens the terminal app.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    global_options(parser, suppress=False)
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, epilog: str | None = None) -> argparse.ArgumentParser:
        child = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        global_options(child, suppress=True)
        return child

    index = command("index", "build or update the index (only new, changed and removed files)")
    index.add_argument("--rebuild", action="store_true", help="start the index from scratch")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)
    index.add_argument(
        "--folder",
        action="append",
        metavar="FOLDER",
        help="look only at the files directly in FOLDER (relative to the corpus or absolute, . "
        "for its top; repeatable) and leave the rest of the index as it is, unreported; a FOLDER that is "
        "not there makes it look at the whole corpus",
    )
    index.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse and analyse on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://HOST:PORT) instead of local processes; needs corpus-tui[cluster]",
    )

    search = command("search", "search the corpus", epilog=QUERY_HELP)
    search.add_argument("query", nargs="*", help="the query (words are joined with spaces)")
    search.add_argument("--saved", metavar="NAME", help="run a saved search (QUERY narrows it)")
    paging(search, default_limit=20, noun="hits")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    shapes = search.add_mutually_exclusive_group()
    shapes.add_argument("--json", action="store_true", help="print one JSON document")
    shapes.add_argument(
        "--output",
        choices=("ids", "paths"),
        default=None,
        help="only the hits' ids, or the paths of their files (each once), one a line: for xargs",
    )

    show = command("show", "print one article (by id or unambiguous id prefix)")
    show.add_argument("id")
    show.add_argument("--raw", action="store_true", help="the file as read, controls escaped")
    show.add_argument("--json", action="store_true", help="print one JSON document")

    entities = command("entities", "people, organisations and places, corpus-wide or over a query")
    entities.add_argument("--type", choices=("person", "org", "place", "group"), default=None)
    entities.add_argument("--query", default=None, help="only articles matching this query")
    paging(entities, default_limit=DEFAULT_LISTING_LIMIT, noun="entities")
    entities.add_argument("--json", action="store_true", help="print one JSON document")

    quotes = command("quotes", "quotations with their speakers")
    quotes.add_argument("--speaker", default=None, help="any word of the speaker's name")
    quotes.add_argument("--query", default=None, help="only articles matching this query")
    paging(quotes, default_limit=DEFAULT_LISTING_LIMIT, noun="quotations")
    quotes.add_argument("--json", action="store_true", help="print one JSON document")

    from .cli_workspace import add_commands

    add_commands(command, global_options)

    from .cli_views import add_view_commands

    add_view_commands(command, [search, entities, quotes])

    from .cli_backend import add_backend_commands

    add_backend_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code.

    A reader that closes the pipe early (`corpus-tui search nato | head -2`) ends the run
    quietly with 0, as `git log | head` does, including when the close is only noticed when
    the last buffered output is flushed.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, so a closed pipe is seen now and not at interpreter exit
        return code
    except BrokenPipeError:
        silence_stdout()
        return 0


def _main(argv: Sequence[str] | None) -> int:
    from .errors import DocumentNotFound, EngineError, FolderRefused, QueryError

    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from .cli_workspace import app_corpus, backend_url

            corpus = app_corpus(args.corpus)
            return launch_app(AppTarget(corpus, args.index, args.workspace, backend_url(args)))
        return _run_command(args)
    except UsageError as error:
        _fail(f"{error} (see {PROG} --help)")
        return 2
    except (QueryError, DocumentNotFound, FolderRefused) as error:
        _fail(str(error))
        return 2
    except EngineError as error:
        _fail(str(error))
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        raise
    except OSError as error:
        _fail(f"{error.strerror or error}: {getattr(error, 'filename', '') or ''}".rstrip(": "))
        return 1
    except Exception as error:  # a bug: still one line and exit 1, the traceback on request
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _fail(
            f"internal error: {type(error).__name__}: {error} (set {DEBUG_VARIABLE}=1 to see where)"
        )
        return 1


def _run_command(args: argparse.Namespace) -> int:
    from .cli_workspace import COMMANDS, backend_url, run

    if args.command in COMMANDS:
        return run(args)
    if args.command == "backend":
        from .cli_backend import run_backend

        return run_backend(args)
    from .engine import Engine

    engine = Engine(args.corpus, args.index, args.workspace, backend_url(args))
    if args.command == "index":
        from .cli_index import run_index

        return run_index(engine, args)
    from .cli_index import ensure_index
    from .cli_views import output_format, run_view

    ensure_index(engine, quiet=output_format(args) is not None)
    answered = run_view(engine, args)
    if answered is not None:
        return answered
    from .cli_search import RUNNERS

    return RUNNERS[args.command](engine, args)


if __name__ == "__main__":
    sys.exit(main())
