"""`entity merge|rename|retype|hide|unhide|split|reset|list`: corrections to extracted entities.

They are stored in the workspace and applied at read time, so they show at once in every view
and in entity-field queries, survive `index --rebuild`, and are undone by `unhide`, `split`
(undo a merge) or `reset` (undo everything on a name).
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cli_workspace import emit_json, engine_for, line, usage

if TYPE_CHECKING:
    from .engine import Engine
    from .models import CorpusEntity

ENTITY_TYPES = ("person", "org", "place", "group", "date", "money")


def add_commands(
    command: Callable[..., argparse.ArgumentParser],
    group: Callable[[str, str], argparse._SubParsersAction],
    action: Callable[..., argparse.ArgumentParser],
    commands: dict[str, Callable[[argparse.Namespace], int]],
) -> None:
    """Register `entity` and its actions."""
    subs = group("entity", "correct extracted entities: merge, rename, retype, hide; undo them")

    def typed(name: str, help_text: str, *positionals: str) -> argparse.ArgumentParser:
        child = action(subs, name, help_text)
        for positional in positionals:
            child.add_argument(positional)
        child.add_argument("--type", choices=ENTITY_TYPES, default=None, help="only this type")
        return child

    typed("merge", "merge SOURCE into TARGET ('US' into 'United States')", "source", "target")
    typed("rename", "show NAME as NEW", "name", "new")
    retype = action(subs, "retype", "change an entity's type")
    retype.add_argument("name")
    retype.add_argument("new_type", choices=ENTITY_TYPES, metavar="TYPE")
    retype.add_argument("--type", choices=ENTITY_TYPES, default=None, help="only this type")
    typed("hide", "hide something that is not an entity at all", "name")
    action(subs, "unhide", "undo hide").add_argument("name")
    action(subs, "split", "undo a merge: SOURCE is its own entity again").add_argument("source")
    action(subs, "reset", "undo every correction of NAME").add_argument("name")
    action(subs, "list", "every correction in force")
    commands["entity"] = _cmd_entity


def _cmd_entity(args: argparse.Namespace) -> int:
    engine = engine_for(args, index=args.action not in ("list", "unhide", "split", "reset"))
    workspace = engine.workspace
    if args.action == "list":
        corrections = workspace.corrections()
        if args.json:
            emit_json({"corrections": corrections})
        for item in [] if args.json else corrections:
            line(_describe(item))
        return 0
    if args.action in ("unhide", "split", "reset"):
        kind = {"unhide": "hide", "split": "merge", "reset": None}[args.action]
        name = args.source if args.action == "split" else args.name
        if not workspace.remove_corrections(kind, name):
            what = {"unhide": "hidden", "split": "merged into another", "reset": "corrected"}
            raise usage(f"'{name}' is not {what[args.action]} (see corpus-tui entity list)")
        return _report(args, {"action": args.action, "name": name})

    entities = engine.entities().entities
    if args.action == "merge":
        source = _find(engine, entities, args.source, args.type)
        target = _find(engine, entities, args.target, None)
        if _same(args.source, args.target):
            raise usage("an entity cannot be merged into itself")
        workspace.set_correction(
            "merge", args.source, _type(source, args.type), target.name, target.type
        )
    elif args.action == "rename":
        entity = _find(engine, entities, args.name, args.type)
        _rename(engine, args.name, args.new, _type(entity, args.type))
    elif args.action == "retype":
        entity = _find(engine, entities, args.name, args.type)
        workspace.set_correction("retype", args.name, _type(entity, args.type), args.new_type)
    else:
        entity = _find(engine, entities, args.name, args.type)
        workspace.set_correction("hide", args.name, _type(entity, args.type))
    name = args.source if args.action == "merge" else args.name
    done = next(
        (
            c
            for c in workspace.corrections()
            if c["action"] == args.action and _same(c["name"], name)
        ),
        {"action": args.action, "name": name},
    )
    return _report(args, done)


def _rename(engine: Engine, name: str, new: str, kind: str) -> None:
    """Rename, collapsing chains: renaming back to the original name removes the rename."""
    workspace = engine.workspace
    for item in workspace.corrections():
        if item["action"] == "rename" and _same(item["value"], name):
            workspace.remove_corrections("rename", item["name"])
            if not _same(item["name"], new):
                workspace.set_correction("rename", item["name"], item["type"], new)
            return
    workspace.set_correction("rename", name, kind, new)


def _same(a: str, b: str) -> bool:
    from .corrections import _key

    return _key(a) == _key(b)


def _type(entity: CorpusEntity | None, given: str | None) -> str:
    """The type a correction is limited to: the one given, else the entity's as found."""
    if given:
        return given
    return entity.type if entity is not None else ""


def _find(
    engine: Engine, entities: list[CorpusEntity], name: str, kind: str | None
) -> CorpusEntity | None:
    """The corpus entity named `name` (or carrying it as an alias), or a usage error.

    A name only the corrections know (hidden, or renamed away) is accepted and returns None.
    """
    candidates = [e for e in entities if kind is None or e.type == kind]
    for entity in candidates:
        if _same(entity.name, name):
            return entity
    for entity in candidates:
        if any(_same(alias, name) for alias in entity.aliases):
            return entity
    if any(_same(item["name"], name) for item in engine.workspace.corrections()):
        return None
    close = difflib.get_close_matches(name, [e.name for e in candidates], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; see corpus-tui entities"
    raise usage(f"no entity named '{name}'{' of type ' + kind if kind else ''}{hint}")


def _describe(item: dict[str, Any]) -> str:
    typed = f" ({item['type']})" if item.get("type") else ""
    if item["action"] == "merge":
        return f"merge\t{item['name']}{typed} into {item['value']}"
    if item["action"] == "rename":
        return f"rename\t{item['name']}{typed} to {item['value']}"
    if item["action"] == "retype":
        return f"retype\t{item['name']}{typed} as {item['value']}"
    return f"hide\t{item['name']}{typed}"


def _report(args: argparse.Namespace, done: dict[str, Any]) -> int:
    if args.json:
        emit_json({"correction": done})
    elif "value" in done:
        line(_describe(done))
    else:
        line(f"{done['action']}\t{done['name']}")
    return 0
