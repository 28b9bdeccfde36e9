"""The engine's workspace side: the per-corpus workspace, queries that know tags and entity
corrections, and articles that carry their tags and notes.

A mixin of `Engine`, kept apart so the index-facing facade stays readable.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq

from .corrections import Corrections
from .models import Article, Note
from .workspace import Workspace, WorkspaceError, default_workspace_dir
from .workspace_query import parse_workspace_query

if TYPE_CHECKING:
    from .backends import SearchBackend


class WorkspaceViews:
    """Workspace access for `Engine`; expects `corpus_path`, `_lock` and `backend`."""

    corpus_path: Path
    _lock: threading.RLock
    _workspace_dir: Path | None = None
    _workspace: Workspace | None = None

    @property
    def backend(self) -> SearchBackend:  # pragma: no cover - provided by Engine
        raise NotImplementedError

    @property
    def workspace_path(self) -> Path:
        """Where this corpus's workspace lives (the user data dir unless `--workspace`)."""
        if self._workspace_dir is not None:
            return self._workspace_dir
        return default_workspace_dir(self.corpus_path)

    @property
    def workspace(self) -> Workspace:
        """The corpus's workspace, opened on first use."""
        if self._workspace is None:
            self._workspace = Workspace(self.workspace_path, self.corpus_path)
        return self._workspace

    def corrections(self) -> Corrections:
        """The entity corrections in force; none when the workspace cannot be read."""
        try:
            return Corrections.from_rows(self.workspace.corrections())
        except WorkspaceError:
            return Corrections()

    def corrections_stamp(self) -> str:
        try:
            return self.workspace.corrections_stamp()
        except WorkspaceError:
            return ""

    def parse(self, text: str) -> wq.Query:
        """A user query with `tag:` and entity corrections resolved."""
        return parse_workspace_query(text, self.workspace.tagged_ids, self.corrections())

    def annotate(self, article: Article) -> Article:
        """The article with entity corrections applied and its tags and notes attached."""
        corrections = self.corrections()
        update: dict[str, object] = {}
        if corrections:
            update["entities"] = corrections.apply(article.entities)
            update["quotes"] = [
                q.model_copy(update={"speaker": corrections.speaker(q.speaker)})
                for q in article.quotes
            ]
        try:
            update["tags"] = self.workspace.tags_of(article.id)
            update["notes"] = [Note(**n) for n in self.workspace.notes_of(article.id)]
        except WorkspaceError:
            pass
        return article.model_copy(update=update)

    def resolve_id(self, doc_id: str) -> str:
        """The full id of an article given its id or an unambiguous prefix."""
        with self._lock:
            return str(self._stored_fields(doc_id)["id"])  # type: ignore[attr-defined]

    def existing_ids(self, ids: set[str]) -> set[str]:
        """Those of `ids` that are articles in the index now."""
        with self._lock:
            return self.backend.existing_ids(ids)
