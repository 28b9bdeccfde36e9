"""Human output of the CLI, with Rich. Article text goes in as `Text`, never as markup.

Rich turns colour off by itself under NO_COLOR and when stdout is not a terminal. Ingest strips
control characters from article text, but file names keep theirs, and an index written by another
version may not be clean: everything printed passes through `_inert` or `_label` first, so the
only escape sequences on the terminal are Rich's own styling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .engine import ProgressCallback
from .models import Article, EntitiesResult, IndexSummary, QuotesResult, SearchResult
from .textclean import escape_control_chars

TYPE_STYLES = {"person": "cyan", "org": "magenta", "place": "green", "group": "yellow"}
TYPE_LABELS = {"person": "People", "org": "Organisations", "place": "Places", "group": "Groups"}


_DISPLAY_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _inert(text: str) -> str:
    """Text with each control character replaced by U+FFFD, one for one, so offsets still hold."""
    return _DISPLAY_CONTROLS.sub("\ufffd", text)


def _label(text: str) -> str:
    """An id, path or query with control characters shown as visible escapes such as \\x1b."""
    return escape_control_chars(text)


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A progress bar on stderr; yields the callback the indexer calls."""
    columns = (
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=_console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=None)

        def update(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, description=_label(path)[-40:])

        yield update


def print_index_summary(summary: IndexSummary) -> None:
    """One summary line, then each skipped file with its reason."""
    console = _console()
    line = Text.assemble(
        ("Index holds ", ""),
        (f"{summary.documents} articles", "bold"),
        (
            f": {summary.new} new, {summary.changed} changed, {summary.removed} removed, "
            f"{summary.unchanged} unchanged files; {summary.read} read, {len(summary.skipped)} skipped "
            f"({summary.took_ms / 1000:.2f} s)",
            "",
        ),
    )
    console.print(line)
    for skipped in summary.skipped:
        console.print(
            Text.assemble(
                ("  skipped ", "yellow"),
                _label(skipped.path),
                (f": {_label(skipped.reason)}", "dim"),
            )
        )


def print_search(result: SearchResult) -> None:
    """Ranked hits with their snippets, matches in bold."""
    console = _console()
    header = Text.assemble(
        (f"{result.total} hit{'s' if result.total != 1 else ''}", "bold"),
        f" for {result.query!r} ({result.took_ms:.1f} ms)",
    )
    if result.suggestion:
        header.append(f"  did you mean: {_label(result.suggestion)}", style="yellow")
    console.print(header)
    for rank, hit in enumerate(result.hits, start=1):
        meta = _inert(" · ".join(part for part in (hit.date, hit.source) if part))
        console.print(
            Text.assemble(
                (f"{rank:>3}. ", "dim"),
                _heading(hit.title, hit.derived_title, hit.id),
                ("  " + meta if meta else "", "dim"),
            )
        )
        console.print(Text.assemble(("     ", ""), (_label(hit.id), "blue")))
        snippet = Text("     " + _inert(hit.snippet))
        for start, end in hit.matches:
            snippet.stylize("bold reverse", start + 5, end + 5)
        console.print(snippet)


def _heading(title: str | None, derived: str | None, doc_id: str) -> tuple[str, str]:
    """The title in bold; a title derived from the first sentence in dim italic, so it never
    passes for the article's own headline."""
    if title:
        return _inert(title), "bold"
    return _inert(derived or f"(untitled: {doc_id})"), "italic dim"


def print_article(article: Article) -> None:
    """Title, metadata, text with quotations styled, then entities and quotes."""
    console = _console()
    console.print(Text.assemble(_heading(article.title, article.derived_title, article.id)))
    meta = " · ".join(
        part for part in (_inert(article.source or ""), article.date, _label(article.path)) if part
    )
    console.print(Text(meta, style="dim"))
    if article.tags:
        console.print(Text("tags: " + " ".join(_inert(t) for t in article.tags), style="yellow"))
    for note in article.notes:
        console.print(Text(f"note {note.at}: {_inert(note.text)}", style="yellow"))
    console.print()
    body = Text(_inert(article.text))
    for quote in article.quotes:
        body.stylize("italic", quote.start, quote.end)
    console.print(body)
    groups: dict[str, list[str]] = {}
    for entity in article.entities:
        groups.setdefault(entity.type, []).append(f"{_inert(entity.name)} ({entity.count})")
    if groups:
        console.print()
    for kind, names in groups.items():
        console.print(
            Text.assemble(
                (f"{TYPE_LABELS.get(kind, kind)}: ", TYPE_STYLES.get(kind, "")), ", ".join(names)
            )
        )
    if article.quotes:
        console.print()
        console.print(Text("Quotations", style="bold"))
    for quote in article.quotes:
        console.print(
            Text.assemble(
                ("  “", "dim"),
                _inert(quote.text),
                ("”", "dim"),
                (f" — {_inert(quote.speaker or 'unattributed')}", "cyan"),
            )
        )


def print_entities(result: EntitiesResult) -> None:
    """A table of entities: name, type, mentions, articles, aliases."""
    table = Table(box=None, header_style="bold")
    for column in ("name", "type", "mentions", "articles", "aliases"):
        table.add_column(column, justify="right" if column in ("mentions", "articles") else "left")
    for entity in result.entities:
        table.add_row(
            Text(_inert(entity.name)),
            Text(entity.type, style=TYPE_STYLES.get(entity.type, "")),
            str(entity.count),
            str(entity.docs),
            Text(_inert(", ".join(entity.aliases)), style="dim"),
        )
    _console().print(table)


def print_quotes(result: QuotesResult) -> None:
    """Each quotation with its speaker and article."""
    console = _console()
    console.print(Text(f"{len(result.quotes)} quotations", style="bold"))
    for quote in result.quotes:
        console.print(
            Text.assemble(
                ("“", "dim"),
                _inert(quote.text),
                ("”", "dim"),
                (f" — {_inert(quote.speaker or 'unattributed')}", "cyan"),
                (f"  [{_label(quote.id)}]", "dim"),
            )
        )
