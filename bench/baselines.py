"""Reference points for the benchmarks: a bare Whoosh indexer/searcher and SQLite FTS5.

They read the same .txt files as the project but do nothing else: no boilerplate removal, no
metadata, no entities or quotes. The ratios in docs/benchmarks.md are the project against these.

Run as a script so each can be timed as its own process:

    python bench/baselines.py whoosh-index CORPUS INDEX_DIR
    python bench/baselines.py fts5-index CORPUS DB_FILE
    python bench/baselines.py whoosh-search INDEX_DIR QUERY     (prints JSON, like `search --json`)

Imports are kept inside the functions, so `whoosh-search` loads only Whoosh and json: it is the
"bare Whoosh search process" the project's cold CLI is measured against.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

WHOOSH_LIMIT_MB = 128
"""Whoosh's default writer pool size."""
SNIPPET_TOKENS = 24
"""FTS5 snippet length in tokens, about the engine's snippet length in characters."""
FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2"


def corpus_files(corpus: Path) -> list[Path]:
    """The .txt files of a corpus, in a stable order."""
    return sorted(corpus.rglob("*.txt"))


def read_article(path: Path) -> tuple[str, str]:
    """(title, body): the first non-empty line and the whole text, the least a search tool does."""
    text = path.read_text(encoding="utf-8", errors="replace")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return title, text


def _articles(corpus: Path) -> Iterator[tuple[str, str, str]]:
    for path in corpus_files(corpus):
        title, body = read_article(path)
        yield path.relative_to(corpus).as_posix(), title, body


# Whoosh ----------------------------------------------------------------------------------------


def whoosh_schema() -> Any:
    """Path, title and stemmed body, stored so hits can be shown and highlighted."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        body=TEXT(stored=True, analyzer=StemmingAnalyzer()),
    )


def build_whoosh(corpus: Path, index_dir: Path) -> int:
    """Index every file with one single-process writer and one commit; returns the count."""
    from whoosh import index

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), whoosh_schema())
    writer = ix.writer(limitmb=WHOOSH_LIMIT_MB)
    count = 0
    for rel, title, body in _articles(corpus):
        writer.add_document(path=rel, title=title, body=body)
        count += 1
    writer.commit()
    return count


def whoosh_parser(ix: Any) -> Any:
    """The same query language the engine offers: title and body, AND, fuzzy `~`."""
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    parser = MultifieldParser(["title", "body"], ix.schema, fieldboosts={"title": 2.0})
    parser.add_plugin(FuzzyTermPlugin())
    return parser


class WhooshSearcher:
    """A bare Whoosh searcher kept open between queries, as the engine keeps its own."""

    def __init__(self, index_dir: Path) -> None:
        from whoosh import index
        from whoosh.highlight import ContextFragmenter, UppercaseFormatter

        self.ix = index.open_dir(str(index_dir))
        self.parser = whoosh_parser(self.ix)
        self.searcher = self.ix.searcher()
        self._fragmenter = ContextFragmenter(maxchars=200, surround=60)
        self._formatter = UppercaseFormatter()

    def search(self, query: str, limit: int = 20, highlight: bool = False) -> list[dict[str, Any]]:
        """Hits with their stored title (and Whoosh's own highlighted fragment when asked)."""
        results = self.searcher.search(self.parser.parse(query), limit=limit)
        if highlight:
            results.fragmenter = self._fragmenter
            results.formatter = self._formatter
        hits = []
        total = len(results)
        for hit in results:
            row = {"path": hit["path"], "title": hit["title"], "score": hit.score, "total": total}
            if highlight:
                row["snippet"] = hit.highlights("body", top=1)
            hits.append(row)
        return hits

    def close(self) -> None:
        self.searcher.close()


def whoosh_search_json(index_dir: Path, query: str, limit: int = 20) -> str:
    """One query in a fresh process, printed as JSON: what `corpus-tui search --json` does, bare.

    Top 20 with a highlighted fragment each, as the goal it is measured for says, drawn by the
    same searcher the warm comparison uses (Whoosh's own highlighter, one fragment per hit).
    """
    import json

    searcher = WhooshSearcher(index_dir)
    try:
        hits = searcher.search(query, limit=limit, highlight=True)
    finally:
        searcher.close()
    return json.dumps({"query": query, "hits": hits})


# SQLite FTS5 -----------------------------------------------------------------------------------


def build_fts5(corpus: Path, db_path: Path) -> int:
    """Index every file into an FTS5 table (porter stemmer) in one transaction; returns the count."""
    import sqlite3

    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.unlink(missing_ok=True)
    connection = sqlite3.connect(db_path)
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            f"path UNINDEXED, title, body, tokenize='{FTS5_TOKENIZER}')"
        )
        with connection:
            connection.executemany(
                "INSERT INTO docs (path, title, body) VALUES (?, ?, ?)", _articles(corpus)
            )
        (count,) = connection.execute("SELECT count(*) FROM docs").fetchone()
    finally:
        connection.close()
    return int(count)


class Fts5Searcher:
    """FTS5 ranked by bm25 with snippet() for the returned rows."""

    def __init__(self, db_path: Path) -> None:
        import sqlite3

        self.connection = sqlite3.connect(db_path)

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
        return self.connection.execute(
            "SELECT path, title, snippet(docs, 2, '[', ']', '…', ?) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (SNIPPET_TOKENS, query, limit),
        ).fetchall()

    def close(self) -> None:
        self.connection.close()


def main(argv: Sequence[str]) -> int:
    commands = {"whoosh-index": 2, "fts5-index": 2, "whoosh-search": 2}
    if not argv or argv[0] not in commands or len(argv) != commands[argv[0]] + 1:
        print(f"usage: baselines.py {{{','.join(commands)}}} ARG1 ARG2", file=sys.stderr)
        return 2
    command, first, second = argv
    if command == "whoosh-index":
        print(build_whoosh(Path(first), Path(second)))
    elif command == "fts5-index":
        print(build_fts5(Path(first), Path(second)))
    else:
        print(whoosh_search_json(Path(first), second))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
