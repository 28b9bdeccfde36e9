"""Search backends: Whoosh in a local folder (the default), or a cluster named by a URL.

`open_backend` picks one from a URL; each backend module is imported only when chosen, so the
default never loads a cluster client.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BackendUnavailable
from .base import SearchBackend


def open_backend(url: str | None, index_path: Path, corpus: Path) -> SearchBackend:
    """The backend a `--backend` URL names; None, "" or "whoosh" is the embedded Whoosh index."""
    scheme = (url or "whoosh").partition("://")[0].lower()
    if scheme == "whoosh":
        from .whoosh_backend import WhooshBackend

        return WhooshBackend(index_path, corpus)
    if scheme == "sphinx":
        from .sphinx.backend import SphinxBackend

        return SphinxBackend(str(url), index_path, corpus)
    raise BackendUnavailable(
        f"unknown backend '{url}': use whoosh (the default) or sphinx://HOST:PORT[/INDEX]"
    )


__all__ = ["SearchBackend", "open_backend"]
