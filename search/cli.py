"""The `corpus-tui` command: the TUI when no subcommand is given, else a headless twin of each view.

Imports are lazy: the headless commands never import textual, and `--json` never imports Rich,
so `corpus-tui search` starts fast. Exit codes: 0 success, 2 usage or query error, 1 other failure,
each failure with one line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .cli_launch import PROG, launch_app, silence_stdout
from .cli_launch import fail as _fail

if TYPE_CHECKING:
    from .engine import Engine

DEBUG_VARIABLE = "CORPUS_TUI_DEBUG"
"""Set to show the traceback of an unexpected error instead of its one-line summary."""

LOCK_WAIT_SECONDS = 30.0
"""How long a writer waits for another one to finish before exiting 1 with a busy message."""

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


class UsageError(Exception):
    """Bad command-line usage: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """The full command line, with the query language in the help."""
    parser = _Parser(
        prog=PROG,
        description="Explore a corpus of news articles: search, read, quotations and entities. "
        "Without a command, opens the terminal app.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(parser, suppress=False)
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, epilog: str | None = None) -> argparse.ArgumentParser:
        child = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _global_options(child, suppress=True)
        return child

    index = command("index", "build or update the index (only new, changed and removed files)")
    index.add_argument("--rebuild", action="store_true", help="start the index from scratch")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)

    search = command("search", "search the corpus", epilog=QUERY_HELP)
    search.add_argument("query", nargs="*", help="the query (words are joined with spaces)")
    search.add_argument("--saved", metavar="NAME", help="run a saved search (QUERY narrows it)")
    _paging(search, default_limit=20, noun="hits")
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
    _paging(entities, default_limit=DEFAULT_LISTING_LIMIT, noun="entities")
    entities.add_argument("--json", action="store_true", help="print one JSON document")

    quotes = command("quotes", "quotations with their speakers")
    quotes.add_argument("--speaker", default=None, help="any word of the speaker's name")
    quotes.add_argument("--query", default=None, help="only articles matching this query")
    _paging(quotes, default_limit=DEFAULT_LISTING_LIMIT, noun="quotations")
    quotes.add_argument("--json", action="store_true", help="print one JSON document")

    from .cli_workspace import add_commands

    add_commands(command, _global_options)

    from .cli_views import add_view_commands

    add_view_commands(command, [search, entities, quotes])
    return parser


DEFAULT_LISTING_LIMIT = 50
"""Entities and quotations shown unless --limit says otherwise (search shows 20 hits)."""


def _paging(parser: argparse.ArgumentParser, default_limit: int, noun: str) -> None:
    """--limit and --offset, the same on every listing command."""
    parser.add_argument(
        "--limit",
        type=_positive_int,
        default=default_limit,
        metavar="N",
        help=f"{noun} to show ({default_limit})",
    )
    parser.add_argument(
        "--offset",
        type=_non_negative_int,
        default=0,
        metavar="N",
        help=f"skip the first N {noun} (0)",
    )


def _positive_int(value: str) -> int:
    number = _integer(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _non_negative_int(value: str) -> int:
    number = _integer(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


class _VersionAction(argparse.Action):
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
    from .errors import DocumentNotFound, EngineError, QueryError

    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from .cli_workspace import app_corpus, backend_url

            return launch_app(
                app_corpus(args.corpus), args.index, args.workspace, backend_url(args)
            )
        return _run_command(args)
    except UsageError as error:
        _fail(f"{error} (see {PROG} --help)")
        return 2
    except (QueryError, DocumentNotFound) as error:
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
    from .engine import Engine

    engine = Engine(args.corpus, args.index, args.workspace, backend_url(args))
    if args.command == "index":
        return _cmd_index(engine, args)
    from .cli_views import output_format, run_view

    _ensure_index(engine, quiet=output_format(args) is not None)
    answered = run_view(engine, args)
    if answered is not None:
        return answered
    handler = {
        "search": _cmd_search,
        "show": _cmd_show,
        "entities": _cmd_entities,
        "quotes": _cmd_quotes,
    }[args.command]
    return handler(engine, args)


_UNESCAPED_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def _print_json(model: object) -> None:
    """One JSON document; DEL and C1 controls (legal raw in JSON) are written as \\u escapes too.

    JSON escapes C0 controls such as ESC already; escaping the rest means no byte of the
    output can act on a terminal it is printed to, whatever a file name or article holds.
    """
    text = model.model_dump_json()  # type: ignore[attr-defined]
    sys.stdout.write(_UNESCAPED_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def _ensure_index(engine: Engine, quiet: bool) -> None:
    """Build or update a missing or stale index, with progress on a terminal unless quiet.

    When an index exists, a reader never waits for another writer and never fails because the
    index cannot be written: it answers from what is committed, saying so on stderr.
    """
    from .errors import IndexBusy, IndexUnavailable

    if not engine.has_index():
        _update_for_reading(engine, quiet, lock_wait=LOCK_WAIT_SECONDS)
        return
    if not engine.is_stale():
        return
    try:
        _update_for_reading(engine, quiet, lock_wait=0)
    except IndexBusy:
        if not quiet:
            _fail("another corpus-tui is updating the index; answering from what it has committed")
    except IndexUnavailable as error:
        if not quiet:
            _fail(f"{error}; answering from the existing index")


def _update_for_reading(engine: Engine, quiet: bool, lock_wait: float) -> None:
    """Update the index before a query, with a progress bar on a terminal unless quiet."""
    if quiet or not sys.stderr.isatty():
        engine.update_index(notice=None if quiet else _fail, lock_wait=lock_wait)
        return
    from .cli_output import progress_bar

    with progress_bar() as progress:
        engine.update_index(progress=progress, notice=_fail, lock_wait=lock_wait)


def _cmd_index(engine: Engine, args: argparse.Namespace) -> int:
    if args.progress_json:
        return _index_with_json_events(engine, args.rebuild)
    if args.json or not sys.stderr.isatty():
        summary = engine.update_index(rebuild=args.rebuild, notice=None if args.json else _fail)
    else:
        from .cli_output import progress_bar

        with progress_bar() as progress:
            summary = engine.update_index(rebuild=args.rebuild, progress=progress, notice=_fail)
    if args.json:
        _print_json(summary)
    else:
        from .cli_output import print_index_summary

        print_index_summary(summary)
    return 0


def _index_with_json_events(engine: Engine, rebuild: bool) -> int:
    """Machine-readable progress for a parent process (the TUI): one JSON object per line."""
    from .errors import EngineError

    def emit(event: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    def progress(done: int, total: int, path: str) -> None:
        emit({"event": "progress", "done": done, "total": total, "path": path})

    def notice(message: str) -> None:
        emit({"event": "notice", "message": message})

    try:
        summary = engine.update_index(rebuild=rebuild, progress=progress, notice=notice)
    except EngineError as error:
        emit({"event": "error", "message": str(error)})
        return 1
    emit({"event": "summary", "summary": summary.model_dump()})
    return 0


def _cmd_search(engine: Engine, args: argparse.Namespace) -> int:
    from .cli_workspace import record_search, search_request

    query, filters, sort = search_request(engine, args)
    result = engine.search(query, limit=args.limit, sort=sort, filters=filters, offset=args.offset)
    record_search(engine, query, filters, result)
    if args.json:
        _print_json(result)
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


def _cmd_show(engine: Engine, args: argparse.Namespace) -> int:
    if args.raw:
        raw = engine.raw(args.id)
        if args.json:
            _print_json(raw)
        else:
            sys.stdout.write(raw.raw if raw.raw.endswith("\n") else raw.raw + "\n")
        return 0
    article = engine.article(args.id)
    if args.json:
        _print_json(article)
    else:
        from .cli_output import print_article

        print_article(article)
    return 0


def _cmd_entities(engine: Engine, args: argparse.Namespace) -> int:
    result = engine.entities(type=args.type, query=args.query, limit=args.limit, offset=args.offset)
    if args.json:
        _print_json(result)
    else:
        from .cli_output import print_entities

        print_entities(result)
    return 0


def _cmd_quotes(engine: Engine, args: argparse.Namespace) -> int:
    result = engine.quotes(
        speaker=args.speaker, query=args.query, limit=args.limit, offset=args.offset
    )
    if args.json:
        _print_json(result)
    else:
        from .cli_output import print_quotes

        print_quotes(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
