"""What a page says about itself (headline, date, publisher, address, byline): one record that a
format reader's article and the ingested document both extend. Kept in a module of its own, with
no imports, so the ingester can name it without loading every reader."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(kw_only=True)
class PageFields:
    """What a page says about itself, None where it does not say: one record that a reader's
    article and the ingested document both extend, so the two cannot drift apart."""

    title: str | None = None
    date: str | None = None
    """ISO `YYYY-MM-DD`."""
    source: str | None = None
    url: str | None = None
    author: str | None = None

    def page_fields(self) -> dict[str, str | None]:
        """These fields by name, to carry them into another record."""
        return {f.name: getattr(self, f.name) for f in fields(PageFields)}
