"""The workspace commands: saved searches, history, tags, notes, export/import, config.

Registered by `cli.build_parser`; entity corrections are in `cli_entity.py`. Each command
prints one JSON document with `--json`, else one record a line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_args import Parser, positive_int
from .cli_launch import emit_json

if TYPE_CHECKING:
    from .engine import Engine
    from .models import SearchResult

CommandFactory = Callable[..., argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}
"""Top-level command name -> handler, filled by `add_commands`."""


def add_commands(command: CommandFactory, globals_: Callable[..., None]) -> None:
    """Add the workspace commands with `command(name, help)`; `globals_` adds --corpus etc."""
    from . import cli_entity

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        parser = command(name, help_text)
        return parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(subs: argparse._SubParsersAction, name: str, help_text: str, json_: bool = True):
        child = subs.add_parser(name, help=help_text, description=help_text)
        assert isinstance(child, Parser)
        globals_(child, suppress=True)
        if json_:
            child.add_argument("--json", action="store_true", help="print one JSON document")
        return child

    saved = group("saved", "saved searches: add, list (with current hit counts), rm")
    add = action(saved, "add", "save a search under a name")
    add.add_argument("name")
    add.add_argument("query", nargs="+")
    add.add_argument("--filter", action="append", default=[], help="extra query ANDed in")
    add.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    add.add_argument("--replace", action="store_true", help="overwrite a search of that name")
    action(saved, "list", "saved searches with their current hit counts")
    action(saved, "rm", "forget a saved search").add_argument("name")
    COMMANDS["saved"] = _cmd_saved

    history = command("history", "queries run, newest first, with hit counts and times")
    history.add_argument("--limit", type=positive_int, default=20, help="entries (20)")
    history.add_argument("--clear", action="store_true", help="forget the history")
    history.add_argument("--json", action="store_true", help="print one JSON document")
    COMMANDS["history"] = _cmd_history

    tag = command("tag", "tag an article (a star is the tag 'star'); search with tag:NAME")
    tag.add_argument("id")
    tag.add_argument("tags", nargs="+", metavar="TAG")
    tag.add_argument("--json", action="store_true", help="print one JSON document")
    COMMANDS["tag"] = _cmd_tag
    untag = command("untag", "remove tags from an article")
    untag.add_argument("id")
    untag.add_argument("tags", nargs="+", metavar="TAG")
    untag.add_argument("--json", action="store_true", help="print one JSON document")
    COMMANDS["untag"] = _cmd_tag
    tags = command("tags", "every tag with its article count; tags on deleted articles reported")
    tags.add_argument("--json", action="store_true", help="print one JSON document")
    COMMANDS["tags"] = _cmd_tags

    note = command("note", "add a note to an article, or list its notes without TEXT")
    note.add_argument("id")
    note.add_argument("text", nargs="*")
    note.add_argument("--json", action="store_true", help="print one JSON document")
    COMMANDS["note"] = _cmd_note

    workspace = group("workspace", "export or import the workspace (JSON), or show where it is")
    action(workspace, "export", "write the workspace to FILE ('-' for stdout)", False).add_argument(
        "file"
    )
    action(
        workspace, "import", "merge FILE into this workspace (nothing is overwritten)"
    ).add_argument("file")
    action(workspace, "path", "print where the workspace database is", False)
    COMMANDS["workspace"] = _cmd_workspace

    config = group("config", "the config file: path, show, edit (opens $EDITOR)")
    action(config, "path", "print where config.toml is", False)
    action(config, "show", "print the settings in force (defaults included)")
    action(config, "edit", "open config.toml in $EDITOR (created from a template)", False)
    COMMANDS["config"] = _cmd_config

    cli_entity.add_commands(command, group, action, COMMANDS)


# Shared helpers ------------------------------------------------------------------------------


def line(*parts: object) -> None:
    """One plain line: every part with its control characters shown escaped."""
    from .textclean import escape_control_chars

    sys.stdout.write(escape_control_chars(" ".join(str(p) for p in parts)) + "\n")


def usage(message: str) -> Exception:
    """A one-line error with exit code 2 (a wrong name, id or tag, not a wrong option)."""
    from .errors import QueryError

    return QueryError(message)


def engine_for(args: argparse.Namespace, index: bool = True) -> Engine:
    """The engine of the command's corpus, its index built or updated first when `index`."""
    from .cli_index import ensure_index
    from .engine import Engine

    engine = Engine(args.corpus, args.index, getattr(args, "workspace", None), backend_url(args))
    if index:
        ensure_index(engine, quiet=getattr(args, "json", False))
    return engine


def run(args: argparse.Namespace) -> int:
    """Run a workspace command; export errors are usage errors (exit 2)."""
    from .workspace_io import ExportError

    try:
        return COMMANDS[args.command](args)
    except ExportError as error:
        raise usage(str(error)) from None
    except ValueError as error:
        raise usage(str(error)) from None


# Search integration --------------------------------------------------------------------------


def search_request(engine: Engine, args: argparse.Namespace) -> tuple[str, list[str], str]:
    """The query, filters and sort of `search`: typed, or from `--saved NAME`."""
    from .config import load_config

    settings = load_config()[0].search
    engine.snippet_chars = settings.snippet_length
    name = getattr(args, "saved", None)
    typed = " ".join(args.query)
    if name is None:
        if not typed.strip():
            raise usage("search needs a QUERY or --saved NAME")
        return typed, [], args.sort
    saved = engine.workspace.saved_search(name)
    if saved is None:
        raise usage(f"no saved search named '{name}' (see corpus-tui saved list)")
    filters = list(saved["filters"])
    if typed.strip():
        filters.append(typed)
    sort = saved["sort"] if args.sort == "relevance" else args.sort
    return saved["query"], filters, sort


def record_search(
    engine: Engine, query: str, filters: list[str], result: SearchResult, origin: str = "cli"
) -> None:
    """Add a query that ran to the history, unless the config turns history off."""
    from .config import load_config
    from .workspace_db import WorkspaceError

    config, _ = load_config()
    if not config.search.history:
        return
    try:
        engine.workspace.record(query, result.total, result.took_ms, filters, origin)
    except WorkspaceError as error:
        sys.stderr.write(f"corpus-tui: history not saved: {error}\n")


def app_corpus(corpus: Path | None) -> Path | None:
    """What the app opens: --corpus, else config.toml's [corpus] default, else the bundled one."""
    if corpus is not None:
        return corpus
    from .config import load_config

    config, _ = load_config()
    return config.corpus.default


def backend_url(args: argparse.Namespace) -> str | None:
    """The backend: --backend, else config.toml's [backend] url, else None (embedded Whoosh)."""
    given = getattr(args, "backend", None)
    if given:
        return str(given)
    from .config import load_config

    config, _ = load_config()
    return config.backend.url


# Commands ------------------------------------------------------------------------------------


def _cmd_saved(args: argparse.Namespace) -> int:
    if args.action == "add":
        engine = engine_for(args, index=False)
        query = " ".join(args.query)
        for text in (query, *args.filter):
            _check_syntax(text)
        if not engine.workspace.save_search(args.name, query, args.filter, args.sort, args.replace):
            raise usage(f"a saved search named '{args.name}' exists; add --replace to change it")
        saved = engine.workspace.saved_search(args.name)
        emit_json({"saved": saved}) if args.json else line("saved", args.name, "=", query)
        return 0
    if args.action == "rm":
        engine = engine_for(args, index=False)
        if not engine.workspace.remove_saved(args.name):
            raise usage(f"no saved search named '{args.name}'")
        emit_json({"removed": args.name}) if args.json else line("removed", args.name)
        return 0
    engine = engine_for(args)
    from .errors import QueryError

    listed = []
    for saved in engine.workspace.saved_searches():
        try:
            result = engine.search(saved["query"], limit=1, filters=saved["filters"])
            saved.update(total=result.total, error=None)
        except QueryError as error:
            saved.update(total=None, error=str(error))
        listed.append(saved)
    if args.json:
        emit_json({"saved": listed})
    for saved in [] if args.json else listed:
        count = saved["error"] or f"{saved['total']} hits"
        filters = "".join(f" +[{f}]" for f in saved["filters"])
        line(f"{saved['name']}\t{count}\t{saved['query']}{filters}")
    return 0


def _check_syntax(text: str) -> None:
    from .query import parse_query
    from .workspace_query import extract_tags

    parse_query(extract_tags(text)[0])


def _cmd_history(args: argparse.Namespace) -> int:
    engine = engine_for(args, index=False)
    if args.clear:
        removed = engine.workspace.clear_history()
        emit_json({"cleared": removed}) if args.json else line(f"forgot {removed} queries")
        return 0
    entries = engine.workspace.history(args.limit)
    if args.json:
        emit_json({"history": entries})
        return 0
    for entry in entries:
        total = "?" if entry["total"] is None else entry["total"]
        filters = "".join(f" +[{f}]" for f in entry["filters"])
        line(f"{entry['at']}\t{total} hits\t{entry['query']}{filters}")
    return 0


def _cmd_tag(args: argparse.Namespace) -> int:
    from .errors import DocumentNotFound
    from .workspace import normalise_tag

    engine = engine_for(args)
    if args.command == "tag":
        names = [normalise_tag(t) for t in args.tags]
        doc_id = engine.resolve_id(args.id)
        tags = engine.workspace.tag(doc_id, names)
    else:
        try:
            doc_id = engine.resolve_id(args.id)
        except DocumentNotFound:
            doc_id = args.id  # a tag on a deleted article can still be removed
        before = engine.workspace.tags_of(doc_id)
        unknown = [t for t in args.tags if t.strip().lower() not in before]
        if unknown:
            has = f"its tags: {', '.join(before)}" if before else "it has no tags"
            raise usage(f"{doc_id} has no tag '{unknown[0]}' ({has})")
        tags = engine.workspace.untag(doc_id, args.tags)
    emit_json({"id": doc_id, "tags": tags}) if args.json else line(doc_id, " ".join(tags))
    return 0


def _cmd_tags(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    by_tag = engine.workspace.tag_counts()
    tagged = {doc_id for ids in by_tag.values() for doc_id in ids}
    gone = tagged - engine.existing_ids(tagged)
    listed = [
        {"name": name, "count": len(ids), "missing": sum(1 for i in ids if i in gone)}
        for name, ids in sorted(by_tag.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    missing = [
        {"id": doc_id, "tags": sorted(t for t, ids in by_tag.items() if doc_id in ids)}
        for doc_id in sorted(gone)
    ]
    if args.json:
        emit_json({"tags": listed, "missing": missing})
        return 0
    for entry in listed:
        extra = f"\t({entry['missing']} on deleted articles)" if entry["missing"] else ""
        line(f"{entry['name']}\t{entry['count']}{extra}")
    for entry in missing:
        sys.stderr.write(
            f"corpus-tui: {entry['id']} is no longer in the corpus; its tags are kept: "
            f"{', '.join(entry['tags'])}\n"
        )
    return 0


def _cmd_note(args: argparse.Namespace) -> int:
    engine = engine_for(args)
    doc_id = engine.resolve_id(args.id)
    text = " ".join(args.text).strip()
    notes = engine.workspace.add_note(doc_id, text) if text else engine.workspace.notes_of(doc_id)
    if args.json:
        emit_json({"id": doc_id, "notes": notes})
        return 0
    for note in notes:
        line(f"{note['at']}\t{note['text']}")
    return 0


def _cmd_workspace(args: argparse.Namespace) -> int:
    engine = engine_for(args, index=False)
    if args.action == "path":
        line(engine.workspace.path)
        return 0
    if args.action == "export":
        data = engine.workspace.export()
        if args.file == "-":
            emit_json(data)
        else:
            from .workspace_io import write_export

            write_export(Path(args.file), data)
        return 0
    from .workspace_io import read_export

    added = engine.workspace.import_(read_export(Path(args.file)))
    if args.json:
        emit_json({"file": args.file, "added": added})
    else:
        line("imported " + ", ".join(f"{count} {kind}" for kind, count in added.items()))
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    from .config import TEMPLATE, config_path, load_config, to_toml

    path = config_path()
    if args.action == "path":
        line(path)
        return 0
    if args.action == "edit":
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(TEMPLATE, encoding="utf-8")
        _edit(path)
    config, warnings = load_config(path)
    for warning in warnings:
        sys.stderr.write(f"corpus-tui: {warning}\n")
    if args.action == "show":
        if args.json:
            emit_json(
                {"path": str(path), "config": config.model_dump(mode="json"), "warnings": warnings}
            )
        else:
            sys.stdout.write(to_toml(config))
    return 0


def _edit(path: Path) -> None:
    """Open `path` in $VISUAL or $EDITOR (vi when neither is set)."""
    import os
    import shlex
    import subprocess

    from .errors import EngineError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, ValueError) as error:
        raise EngineError(f"cannot start the editor '{editor}': {error}") from error
