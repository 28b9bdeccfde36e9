"""`entity merge|rename|retype|hide|unhide|split|reset|list`: corrections to extracted entities.

They are stored in the workspace and applied at read time, so they show at once in every view
and in entity-field queries, survive `index --rebuild`, and are undone by `unhide`, `split`
(undo a merge) or `reset` (undo everything on a name).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from .cli_launch import emit_json
from .cli_workspace import engine_for, line

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
    from .correcting import correct, describe, undo

    engine = engine_for(args, index=args.action not in ("list", "unhide", "split", "reset"))
    if args.action == "list":
        corrections = engine.workspace.corrections()
        if args.json:
            emit_json({"corrections": corrections})
        for item in [] if args.json else corrections:
            line(describe(item))
        return 0
    if args.action in ("unhide", "split", "reset"):
        name = args.source if args.action == "split" else args.name
        undo(engine, args.action, name)
        done: dict[str, Any] = {"action": args.action, "name": name}
    elif args.action == "merge":
        done = correct(engine, "merge", args.source, args.target, args.type)
    elif args.action == "rename":
        done = correct(engine, "rename", args.name, args.new, args.type)
    elif args.action == "retype":
        done = correct(engine, "retype", args.name, args.new_type, args.type)
    else:
        done = correct(engine, "hide", args.name, "", args.type)
    if args.json:
        emit_json({"correction": done})
    elif done.get("value") or done["action"] == "hide":
        line(describe(done))
    else:
        line(f"{done['action']}\t{done['name']}")
    return 0
