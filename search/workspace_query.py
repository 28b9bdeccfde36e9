"""The query language's workspace parts: `tag:NAME` and entity corrections in entity fields.

Tags live in the workspace, not the index, so `tag:lead` becomes, at query time, a filter over
the ids carrying the tag; it combines with everything else because it is an ordinary node of
the parsed query (`tag:lead NATO`, `NOT tag:read`, `tag:lead OR tag:check`). Entity-field
queries (`place:"United States"`) are widened to the names merged into, renamed from or retyped
to the entity they name, so a correction takes effect without re-indexing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import query as wq

from .corrections import Corrections
from .errors import QueryError
from .query import parse_query
from .schema import ENTITY_FIELDS, plain_analyzer

_PLACEHOLDER = "zztagzz{}"
_TAG_FIELD = re.compile(r'"[^"]*"?|(?<![\w:])tag:([^\s()"]*)')

TagLookup = Callable[[str], set[str]]
"""Returns the ids of the articles carrying a tag (`*` for any tag)."""


class TagQuery(wq.Or):
    """The articles carrying one tag: an Or over their ids, shown as `tag:NAME`."""

    label = "tag:?"

    def __str__(self) -> str:
        return self.label

    __unicode__ = __str__


def _tag_query(tag: str, ids: set[str]) -> wq.Query:
    node = TagQuery([wq.Term("id", doc_id) for doc_id in sorted(ids)])
    node.label = f"tag:{tag}"
    return node


def extract_tags(text: str) -> tuple[str, list[str]]:
    """The query with each `tag:NAME` replaced by a placeholder id term, and the names."""
    tags: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        name = match.group(1)
        if not name:
            raise QueryError("'tag:' has no value; write tag:NAME, or tag:* for any tag")
        tags.append(name.lower())
        return f"id:{_PLACEHOLDER.format(len(tags) - 1)}"

    return _TAG_FIELD.sub(replace, text), tags


def parse_workspace_query(
    text: str, tagged: TagLookup | None, corrections: Corrections | None
) -> wq.Query:
    """`parse_query` plus tags and entity corrections."""
    replaced, tags = extract_tags(text)
    if tags and tagged is None:
        raise QueryError("tag: needs a workspace, and none could be opened")
    parsed = parse_query(replaced)
    if not tags and not corrections:
        return parsed
    tag_nodes = {
        _PLACEHOLDER.format(i): _tag_query(name, tagged(name))  # type: ignore[misc]
        for i, name in enumerate(tags)
    }

    def rewrite(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term) and node.fieldname == "id" and node.text in tag_nodes:
            return tag_nodes[node.text]
        if corrections and node.field() in ENTITY_FIELDS:
            return _widen(node, corrections)
        return node

    return parsed.accept(rewrite)


def _widen(node: wq.Query, corrections: Corrections) -> wq.Query:
    """An entity-field term or phrase OR the names corrections fold into it."""
    if isinstance(node, wq.Phrase):
        words = [str(w) for w in node.words]
    elif isinstance(node, wq.Term) and not isinstance(node, wq.ExpandingTerm):
        words = [str(node.text)]
    else:
        return node
    extra = corrections.expansions(node.field(), words)
    if not extra:
        return node
    analyzer = plain_analyzer()
    alternatives: list[wq.Query] = [node]
    for field_name, name in extra:
        tokens = [t.text for t in analyzer(name)]
        if len(tokens) == 1:
            alternatives.append(wq.Term(field_name, tokens[0]))
        elif tokens:
            alternatives.append(wq.Phrase(field_name, tokens))
    return wq.Or(alternatives)
