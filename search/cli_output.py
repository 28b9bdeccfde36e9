"""Human output of the CLI, with Rich. Article text goes in as `Text`, never as markup.

On a terminal the output keeps a Rich layout (tables, hits over three lines); piped, it is one
record a line with tab-separated fields and no hard wrap, like `notmuch search` or `recollq`, so
`cut -f1`, `sort` and `head` work on it. `print_records` is the one helper every listing uses.
`NO_COLOR` (any non-empty value) turns off every escape sequence, bold and reverse included.

Ingest strips control characters from article text, but file names keep theirs, and an index
written by another version may not be clean: everything printed passes through `_inert` or
`_label` first, so the only escape sequences on the terminal are Rich's own styling.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from .engine import ProgressCallback
from .eta import Eta
from .models import Article, EntitiesResult, IndexSummary, QuotesResult, SearchResult
from .textclean import escape_control_chars
from .wording import counted

TYPE_STYLES = {"person": "cyan", "org": "magenta", "place": "green", "group": "yellow"}
TYPE_LABELS = {"person": "People", "org": "Organisations", "place": "Places", "group": "Groups"}


_DISPLAY_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FIELD_BREAKS = re.compile("[\t\n\r\v\f\u2028\u2029\x85]+")


def _inert(text: str) -> str:
    """Text with each control character replaced by U+FFFD, one for one, so offsets still hold."""
    return _DISPLAY_CONTROLS.sub("\ufffd", text)


def _label(text: str) -> str:
    """An id, path or query with control characters shown as visible escapes such as \\x1b."""
    return escape_control_chars(text)


def no_color() -> bool:
    """NO_COLOR set to anything but the empty string (https://no-color.org)."""
    return os.environ.get("NO_COLOR", "") != ""


class _Console(Console):
    """A Console that reports a closed pipe to the caller instead of exiting with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "the reader closed the pipe")


def console(stderr: bool = False) -> Console:
    """The Console for human output: no markup or highlighting; no escapes at all under NO_COLOR.

    Rich's own NO_COLOR support drops colours but keeps bold, dim and reverse; a colour system
    of None drops every style. Off a terminal, lines are never hard-wrapped.
    """
    made = _Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if no_color() else "auto",
    )
    made.soft_wrap = not made.is_terminal
    return made


# -- Records: a table on a terminal, tab-separated lines through a pipe ------------------------

Cell = str | int | float | Text | None


@dataclass(frozen=True)
class Column:
    """One field of a record: its table header, alignment and style on a terminal."""

    header: str
    justify: Literal["left", "right"] = "left"
    style: str = ""


def tsv_field(value: Cell) -> str:
    """One field of a tab-separated line: no tab or line break inside, no control character."""
    if value is None:
        return ""
    text = value.plain if isinstance(value, Text) else str(value)
    return _inert(_FIELD_BREAKS.sub(" ", text)).strip()


def tsv_line(values: Iterable[Cell]) -> str:
    """A record as one line of tab-separated fields, newline included."""
    return "\t".join(tsv_field(value) for value in values) + "\n"


def print_records(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    title: Text | str | None = None,
    out: Console | None = None,
) -> None:
    """Records as a Rich table on a terminal, or one tab-separated line each when piped.

    Piped output has no header and no title, only records, so `head -2` gives two of them.
    Cells are shown as given on a terminal (pass `Text` for styled cells); strings are inert.
    """
    out = out or console()
    if not out.is_terminal:
        for row in rows:
            out.file.write(tsv_line(row))
        return
    if title is not None:
        out.print(title if isinstance(title, Text) else Text(title, style="bold"))
    table = Table(box=None, header_style="bold")
    for column in columns:
        table.add_column(column.header, justify=column.justify, style=column.style)
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    out.print(table)


def _cell(value: Cell) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else _inert(str(value)))


def print_lines(values: Iterable[str], out: Console | None = None) -> None:
    """Bare values one a line (ids, paths) for xargs; control characters shown escaped."""
    file = (out or console()).file
    for value in values:
        file.write(_label(value).replace("\n", "\\n") + "\n")


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A progress bar on stderr; yields the callback the indexer calls.

    Under NO_COLOR the bar is one plain line rewritten with carriage returns: Rich's live
    display moves the cursor with escape sequences, which NO_COLOR rules out.
    """
    if no_color():
        with _plain_progress() as update:
            yield update
        return
    columns = (
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[eta]}", markup=False),
        TextColumn("{task.description}", markup=False),
    )
    eta = Eta()
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=None, eta="")

        def update(done: int, total: int, path: str) -> None:
            progress.update(
                task,
                completed=done,
                total=total,
                description=_label(path)[-40:],
                eta=eta.text(done, total),
            )

        yield update


@contextmanager
def _plain_progress() -> Iterator[ProgressCallback]:
    """'indexing 120/1,000 ETA 0:42 path', redrawn at most ten times a second, erased at the end."""
    width = 0
    shown_at = 0.0
    eta = Eta()

    def update(done: int, total: int, path: str) -> None:
        nonlocal width, shown_at
        now = time.monotonic()
        if now - shown_at < 0.1 and done != total:
            return
        shown_at = now
        left = eta.text(done, total)
        line = f"indexing {done:,}/{total:,} {left + ' ' if left else ''}{_label(path)[-40:]}"
        sys.stderr.write("\r" + line.ljust(width))
        sys.stderr.flush()
        width = max(width, len(line))

    try:
        yield update
    finally:
        if width:
            sys.stderr.write("\r" + " " * width + "\r")
            sys.stderr.flush()


def print_index_summary(summary: IndexSummary) -> None:
    """One summary line, then each skipped file with its reason, then each warning."""
    out = console()
    line = Text.assemble(
        ("Index holds ", ""),
        (counted(summary.documents, "article"), "bold"),
        (
            f": {summary.new:,} new, {summary.changed:,} changed, {summary.removed:,} removed, "
            f"{summary.unchanged:,} unchanged files; {summary.read:,} read, "
            f"{len(summary.skipped):,} skipped "
            f"({summary.took_ms / 1000:.2f} s)",
            "",
        ),
    )
    out.print(line)
    notes = [("skipped", s.path, s.reason) for s in summary.skipped]
    notes += [("warning", w.path, w.message) for w in summary.warnings]
    for kind, path, text in notes:
        out.print(
            Text.assemble((f"  {kind} ", "yellow"), _label(path), (f": {_label(text)}", "dim"))
        )


def print_search(result: SearchResult, offset: int = 0) -> None:
    """Ranked hits: on a terminal a header and three lines a hit, matches in bold reverse;
    piped, one line a hit: id, date, source, title, snippet."""
    out = console()
    if not out.is_terminal:
        print_records(
            SEARCH_COLUMNS,
            (
                (_label(h.id), h.date, h.source, h.title or h.derived_title, h.snippet)
                for h in result.hits
            ),
            out=out,
        )
        return
    header = Text.assemble(
        (counted(result.total, "hit"), "bold"),
        f" for {_label(result.query)!r} ({result.took_ms:.1f} ms)",
    )
    if result.suggestion:
        header.append(f"  did you mean: {_label(result.suggestion)}", style="yellow")
    out.print(header)
    # A grid keeps a hanging indent: a long title or snippet wraps under itself, not at column 0.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column()
    for rank, hit in enumerate(result.hits, start=offset + 1):
        meta = _inert(" · ".join(part for part in (hit.date, hit.source) if part))
        snippet = Text(_inert(hit.snippet))
        for start, end in hit.matches:
            snippet.stylize("bold reverse", start, end)
        entry = Text.assemble(
            _heading(hit.title, hit.derived_title, hit.id),
            ("  " + meta if meta else "", "dim"),
            "\n",
            (_label(hit.id), "blue"),
            "\n",
            snippet,
        )
        grid.add_row(f"{rank}.", entry)
    out.print(grid)


SEARCH_COLUMNS = (
    Column("id"),
    Column("date"),
    Column("source"),
    Column("title"),
    Column("snippet"),
)


def _heading(title: str | None, derived: str | None, doc_id: str) -> tuple[str, str]:
    """The title in bold; a title derived from the first sentence in dim italic, so it never
    passes for the article's own headline."""
    if title:
        return _inert(title), "bold"
    return _inert(derived or f"(untitled: {doc_id})"), "italic dim"


def print_article(article: Article) -> None:
    """Title, metadata, text with quotations styled, then entities and quotes.

    An article is a document rather than a list of records, so piped it keeps this layout;
    only the hard wrap at 80 columns goes (each paragraph stays one line).
    """
    out = console()
    out.print(Text.assemble(_heading(article.title, article.derived_title, article.id)))
    byline = f"by {_inert(article.author)}" if article.author else ""
    parts = (_inert(article.source or ""), byline, article.date, _label(article.path))
    out.print(Text(" · ".join(part for part in parts if part), style="dim"))
    if article.url:
        out.print(Text(_inert(article.url), style="dim"))
    if article.tags:
        out.print(Text("tags: " + " ".join(_inert(t) for t in article.tags), style="yellow"))
    for note in article.notes:
        out.print(Text(f"note {note.at}: {_inert(note.text)}", style="yellow"))
    out.print()
    body = Text(_inert(article.text))
    for quote in article.quotes:
        body.stylize("italic", quote.start, quote.end)
    out.print(body)
    groups: dict[str, list[str]] = {}
    for entity in article.entities:
        groups.setdefault(entity.type, []).append(f"{_inert(entity.name)} ({entity.count})")
    if groups:
        out.print()
    for kind, names in groups.items():
        out.print(
            Text.assemble(
                (f"{TYPE_LABELS.get(kind, kind)}: ", TYPE_STYLES.get(kind, "")), ", ".join(names)
            )
        )
    if article.quotes:
        out.print()
        out.print(Text("Quotations", style="bold"))
    for quote in article.quotes:
        out.print(
            Text.assemble(
                ("  “", "dim"),
                _inert(quote.text),
                ("”", "dim"),
                (f" — {_inert(quote.speaker or 'unattributed')}", "cyan"),
            )
        )


def print_entities(result: EntitiesResult) -> None:
    """A table of entities (piped: one a line): name, type, mentions, articles, aliases."""
    columns = (
        Column("name"),
        Column("type"),
        Column("mentions", justify="right"),
        Column("articles", justify="right"),
        Column("aliases", style="dim"),
    )
    print_records(
        columns,
        (
            (
                e.name,
                Text(e.type, style=TYPE_STYLES.get(e.type, "")),
                e.count,
                e.docs,
                ", ".join(e.aliases),
            )
            for e in result.entities
        ),
    )


def print_quotes(result: QuotesResult) -> None:
    """Each quotation with its speaker and article (piped: id, speaker, quotation a line)."""
    out = console()
    if not out.is_terminal:
        rows = ((_label(q.id), q.speaker, q.text) for q in result.quotes)
        print_records(QUOTE_COLUMNS, rows, out=out)
        return
    out.print(Text(counted(len(result.quotes), "quotation"), style="bold"))
    for quote in result.quotes:
        out.print(
            Text.assemble(
                ("“", "dim"),
                _inert(quote.text),
                ("”", "dim"),
                (f" — {_inert(quote.speaker or 'unattributed')}", "cyan"),
                (f"  [{_label(quote.id)}]", "dim"),
            )
        )


QUOTE_COLUMNS = (Column("id"), Column("speaker"), Column("quotation"))
