"""Where a corpus's index lives, and the first page of its article list kept beside it.

The app opens on every article, newest first. Showing that page meant importing Whoosh and
pydantic, opening the index and sorting it: most of the app's start-up. The engine writes the
page beside the index whenever it lists it for a commit it has not written it for, and the app
reads it back here (plain JSON, no Whoosh, no pydantic) to paint its first screen while the
engine opens behind it; the engine's own answer then replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

FIRST_PAGE_FILE = "corpus-tui-first-page.json"
FORMAT = 1
"""Bumped when the fields below change, so an older file is ignored, not misread."""


def bundled_corpus() -> Path:
    """The seed articles shipped inside the package."""
    return Path(str(files("corpus_tui.seeds")))


def default_index_dir(corpus: Path) -> Path:
    """One index per corpus path under the user cache dir."""
    import platformdirs

    digest = hashlib.sha1(str(corpus).encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_cache_path("corpus-tui") / digest


def index_location(corpus: Path | None, index_dir: Path | None) -> Path:
    """The index folder the engine would use for this corpus and `--index` (None: default)."""
    corpus_path = (bundled_corpus() if corpus is None else Path(corpus)).resolve()
    return Path(index_dir).resolve() if index_dir else default_index_dir(corpus_path)


def latest_generation(index_dir: Path) -> int | None:
    """The newest committed generation of the index (from its TOC file names), None if none.

    Reading a directory listing is cheap enough to poll: the app uses it to notice commits
    made by another process.
    """
    try:
        names = os.listdir(index_dir)
    except OSError:
        return None
    generations = [
        int(name[len("_MAIN_") : -len(".toc")])
        for name in names
        if name.startswith("_MAIN_") and name.endswith(".toc") and name[6:-4].isdigit()
    ]
    return max(generations, default=None)


@dataclass(frozen=True)
class PageHit:
    """A hit as the results list draws it: the fields of `models.Hit` it reads."""

    id: str
    title: str | None = None
    derived_title: str | None = None
    source: str | None = None
    date: str | None = None
    snippet: str = ""
    matches: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class FirstPage:
    """The newest articles of one index commit, and how many articles it holds."""

    generation: int
    total: int
    hits: list[PageHit]


def save_first_page(
    index_dir: Path, generation: int, total: int, hits: list[dict[str, Any]]
) -> None:
    """Write the page beside the index (atomically; a failure only costs the next start)."""
    keep = ("id", "title", "derived_title", "source", "date", "snippet", "matches")
    payload = {
        "format": FORMAT,
        "generation": generation,
        "total": total,
        "hits": [{name: hit.get(name) for name in keep} for hit in hits],
    }
    target = index_dir / FIRST_PAGE_FILE
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def load_first_page(index_dir: Path) -> FirstPage | None:
    """The page written for the index's newest commit; None if absent, stale or unreadable."""
    try:
        data = json.loads((index_dir / FIRST_PAGE_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("generation") != latest_generation(index_dir):
            return None
        hits = [
            PageHit(
                id=str(hit["id"]),
                title=_text(hit.get("title")),
                derived_title=_text(hit.get("derived_title")),
                source=_text(hit.get("source")),
                date=_text(hit.get("date")),
                snippet=str(hit.get("snippet") or ""),
                matches=[(int(start), int(end)) for start, end in hit.get("matches") or []],
            )
            for hit in data["hits"]
        ]
        return FirstPage(int(data["generation"]), int(data["total"]), hits)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)
