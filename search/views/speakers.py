"""Who is quoted, most first: quotations, articles, and the first and last date they are quoted.

A speaker named "Hegseth" in one article and "Pete Hegseth" in another is one speaker, under the
corpus-wide name the `quotes` command uses too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, Field

from .common import DocSummary


class Speaker(BaseModel):
    """One quoted person; `first`/`last` are dates (YYYY-MM-DD) or null when all are undated."""

    name: str
    quotes: int
    articles: int
    first: str | None = None
    last: str | None = None


class SpeakersResult(BaseModel):
    """`speakers --json`."""

    speakers: list[Speaker] = Field(default_factory=list)


def speakers(
    docs: Iterable[DocSummary],
    canonical: dict[str, str],
    limit: int | None = None,
    correct: Callable[[str], str | None] | None = None,
) -> SpeakersResult:
    """Speakers over the given articles, by quotations then articles, then name.

    `correct` maps a speaker's name through the entity corrections (None: hidden)."""
    quotes: dict[str, int] = {}
    articles: dict[str, int] = {}
    dates: dict[str, list[str]] = {}
    for doc in docs:
        seen: set[str] = set()
        for speaker, count in doc.speakers.items():
            corrected = correct(speaker) if correct is not None else speaker
            if corrected is None:
                continue
            name = canonical.get(corrected, corrected)
            quotes[name] = quotes.get(name, 0) + count
            if name not in seen:
                seen.add(name)
                articles[name] = articles.get(name, 0) + 1
                if doc.date:
                    dates.setdefault(name, []).append(doc.date)
    ranked = sorted(quotes, key=lambda n: (-quotes[n], -articles[n], n))
    listed = [
        Speaker(
            name=name,
            quotes=quotes[name],
            articles=articles[name],
            first=min(dates[name]) if name in dates else None,
            last=max(dates[name]) if name in dates else None,
        )
        for name in (ranked[:limit] if limit is not None else ranked)
    ]
    return SpeakersResult(speakers=listed)
