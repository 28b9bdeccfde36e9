"""Making and undoing entity corrections, shared by `corpus-tui entity` and the app's sidebar.

A correction names an entity as the views show it; the name is checked against the corpus
(with the corrections in force), so a typo is refused with a suggestion instead of stored.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from .corrections import _key
from .errors import QueryError

if TYPE_CHECKING:
    from .engine_workspace import WorkspaceViews
    from .models import CorpusEntity

ENTITY_TYPES = ("person", "org", "place", "group", "date", "money")
UNDO = {"unhide": "hide", "split": "merge", "reset": None}
"""Undo commands and the correction each removes (reset: all of a name's)."""


def same(a: str, b: str) -> bool:
    """Whether two names are the same entity name (case, accents and dots aside)."""
    return _key(a) == _key(b)


def correct(
    engine: WorkspaceViews, action: str, name: str, value: str = "", type: str | None = None
) -> dict[str, Any]:
    """Record a merge (value: target), rename (value: new name), retype (value: type) or hide."""
    if action == "retype" and value not in ENTITY_TYPES:
        raise QueryError(f"unknown type '{value}'; use one of {', '.join(ENTITY_TYPES)}")
    if action in ("merge", "rename") and not value.strip():
        raise QueryError(f"{action} needs a name")
    entities = engine.entities().entities  # type: ignore[attr-defined]
    entity = find(engine, entities, name, type)
    kind = type or (entity.type if entity is not None else "")
    workspace = engine.workspace
    if action == "merge":
        target = find(engine, entities, value, None)
        if same(name, value) or (target is not None and entity is target):
            raise QueryError(f"'{name}' and '{value}' are already one entity")
        target_name = target.name if target is not None else value
        workspace.set_correction("merge", name, kind, target_name, target.type if target else "")
    elif action == "rename":
        _rename(engine, name, value, kind)
    elif action == "retype":
        workspace.set_correction("retype", name, kind, value)
    elif action == "hide":
        workspace.set_correction("hide", name, kind)
    else:
        raise QueryError(f"unknown correction '{action}'")
    made = [c for c in workspace.corrections() if c["action"] == action]
    return next(
        (c for c in reversed(made) if same(c["name"], name) or same(c["value"], value)),
        {"action": action, "name": name, "value": value},
    )


def undo(engine: WorkspaceViews, command: str, name: str) -> None:
    """`unhide`, `split` (undo a merge) or `reset` (undo everything on a name)."""
    if not engine.workspace.remove_corrections(UNDO[command], name):
        what = {"unhide": "hidden", "split": "merged into another", "reset": "corrected"}
        raise QueryError(f"'{name}' is not {what[command]} (see corpus-tui entity list)")


def undo_last(engine: WorkspaceViews) -> dict[str, Any] | None:
    """Undo the most recent correction; returns it, or None when there is none."""
    corrections = engine.workspace.corrections()
    if not corrections:
        return None
    last = corrections[-1]
    engine.workspace.remove_corrections(last["action"], last["name"])
    return last


def _rename(engine: WorkspaceViews, name: str, new: str, kind: str) -> None:
    """Rename, collapsing chains: renaming back to the original name removes the rename."""
    workspace = engine.workspace
    for item in workspace.corrections():
        if item["action"] == "rename" and same(item["value"], name):
            workspace.remove_corrections("rename", item["name"])
            if not same(item["name"], new):
                workspace.set_correction("rename", item["name"], item["type"], new)
            return
    workspace.set_correction("rename", name, kind, new)


def find(
    engine: WorkspaceViews, entities: list[CorpusEntity], name: str, kind: str | None
) -> CorpusEntity | None:
    """The corpus entity named `name` (or carrying it as an alias), else QueryError.

    A name only the corrections know (hidden, or renamed away) is accepted and returns None.
    """
    candidates = [e for e in entities if kind is None or e.type == kind]
    for entity in candidates:
        if same(entity.name, name):
            return entity
    for entity in candidates:
        if any(same(alias, name) for alias in entity.aliases):
            return entity
    if any(same(item["name"], name) for item in engine.workspace.corrections()):
        return None
    close = difflib.get_close_matches(name, [e.name for e in candidates], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; see corpus-tui entities"
    raise QueryError(f"no entity named '{name}'{' of type ' + kind if kind else ''}{hint}")


def describe(item: dict[str, Any]) -> str:
    """One line for a correction: `merge  US (place) into United States`."""
    typed = f" ({item['type']})" if item.get("type") else ""
    if item["action"] == "merge":
        return f"merge\t{item['name']}{typed} into {item['value']}"
    if item["action"] == "rename":
        return f"rename\t{item['name']}{typed} to {item['value']}"
    if item["action"] == "retype":
        return f"retype\t{item['name']}{typed} as {item['value']}"
    return f"hide\t{item['name']}{typed}"
