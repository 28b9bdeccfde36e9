"""Writing articles to the cluster: each to one shard by a stable hash of its id, in batches.

A distributed index takes no INSERT, so rows go to the shards' RT indexes directly. The Sphinx
document id is a 63-bit hash of the article id and the shard another slice of the same hash:
REPLACE of an article that is already there overwrites it, so a batch written twice (a run killed
after writing but before saving its manifest) leaves no duplicate. The batch in flight is
journalled first, so the next run can delete articles of a file that vanished meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...manifest import FileRecord, Manifest
from .client import NodeConnection, quote
from .conf import MAX_PACKET_MB, STRING_ATTRS, TEXT_FIELDS, UINT_ATTRS
from .tokens import (
    EVERYTHING,
    body_words,
    date_words,
    exact_word,
    name_words,
    plain_words,
    title_words,
)

BATCH_BYTES = 4 * 1024 * 1024
"""One REPLACE statement's size at most: well under searchd's max_packet_size."""
BATCH_DOCUMENTS = 1000
"""Articles per committed batch (manifest saved after each), as with Whoosh."""
DELETE_CHUNK = 1000
JOURNAL_NAME = "corpus-tui-sphinx-journal.json"
GENERATION_NAME = "corpus-tui-sphinx-generation"
COLUMNS = ("id", *TEXT_FIELDS, *UINT_ATTRS, *STRING_ATTRS)

assert BATCH_BYTES < MAX_PACKET_MB * 1024 * 1024


def doc_number(doc_id: str) -> int:
    """The Sphinx document id of an article: 63 bits of SHA-1 of its id, never 0."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF or 1


def shard_of(doc_id: str, shards: int) -> int:
    """Which shard holds an article: the same for every run, every process, every machine."""
    digest = hashlib.sha1(doc_id.encode("utf-8")).digest()
    return int.from_bytes(digest[8:16], "big") % shards


def sphinx_row(fields: Mapping[str, object]) -> dict[str, object]:
    """An article's Whoosh field dict (`store.article_fields`) as one Sphinx row."""

    def text(name: str) -> str:
        value = fields.get(name)
        return str(value) if value else ""

    datekey = int(fields.get("datekey") or 0)  # type: ignore[call-overload]
    return {
        "id": doc_number(text("id")),
        "title": title_words(text("title")),
        "body": body_words(text("body")),
        "source": plain_words(text("source")),
        "person": name_words(text("person")),
        "org": name_words(text("org")),
        "place": name_words(text("place")),
        "speaker": name_words(text("speaker")),
        "dates": date_words(datekey),
        "docid": exact_word(text("id")),
        "docpath": exact_word(text("path")),
        "everything": EVERYTHING,
        "datekey": datekey,
        "doc_id": text("id"),
        "path": text("path"),
        "title_text": text("title"),
        "derived_title": text("derived_title"),
        "source_text": text("source"),
        "date_str": text("date_str"),
        "url": text("url"),
        "author": text("author"),
        "text": text("text"),
        "analysis": text("analysis"),
    }


def _values(row: Mapping[str, object]) -> str:
    parts = [str(row[c]) if isinstance(row[c], int) else quote(str(row[c])) for c in COLUMNS]
    return "(" + ",".join(parts) + ")"


def replace_statements(shard: str, rows: Iterable[Mapping[str, object]]) -> list[str]:
    """REPLACE statements for one shard, each under BATCH_BYTES."""
    head = f"REPLACE INTO {shard} ({','.join(COLUMNS)}) VALUES "
    statements: list[str] = []
    values: list[str] = []
    size = len(head)
    for row in rows:
        value = _values(row)
        if values and size + len(value.encode("utf-8")) + 1 > BATCH_BYTES:
            statements.append(head + ",".join(values))
            values, size = [], len(head)
        values.append(value)
        size += len(value.encode("utf-8")) + 1
    if values:
        statements.append(head + ",".join(values))
    return statements


class ShardWriter:
    """Routes rows and deletions to the shards; commits a batch with the manifest after it."""

    def __init__(
        self,
        shards: Sequence[tuple[str, NodeConnection]],
        manifest: Manifest,
        state_dir: Path,
    ) -> None:
        self._shards = shards
        self._manifest = manifest
        self._state_dir = state_dir
        self._rows: list[dict[str, object]] = []
        self._deletes: list[str] = []
        self._pending: dict[str, FileRecord] = {}

    def delete_ids(self, ids: Iterable[str]) -> None:
        """Queue the removal of articles (they go with the next commit)."""
        self._deletes.extend(ids)

    def record(self, rel: str, record: FileRecord, documents: list[dict[str, object]]) -> None:
        """Queue a file's articles and its manifest record; commit when the batch is full."""
        self._rows.extend(sphinx_row(fields) for fields in documents)
        self._pending[rel] = record
        if len(self._rows) >= BATCH_DOCUMENTS:
            self.commit()

    def commit(self) -> None:
        """Write the queued deletions and rows, then save the manifest and bump the generation."""
        if not self._rows and not self._deletes and not self._pending:
            return
        journal = {r: rec.ids for r, rec in self._pending.items()}
        write_journal(self._state_dir, journal)
        count = len(self._shards)
        deletes: dict[int, list[int]] = {}
        for doc_id in self._deletes:
            deletes.setdefault(shard_of(doc_id, count), []).append(doc_number(doc_id))
        rows: dict[int, list[dict[str, object]]] = {}
        for row in self._rows:
            rows.setdefault(shard_of(str(row["doc_id"]), count), []).append(row)
        per_node: dict[NodeConnection, list[str]] = {}
        for number, (shard, node) in enumerate(self._shards):
            numbers = deletes.get(number, [])
            statements = per_node.setdefault(node, [])
            statements += [
                f"DELETE FROM {shard} WHERE id IN ({','.join(map(str, numbers[i : i + DELETE_CHUNK]))})"
                for i in range(0, len(numbers), DELETE_CHUNK)
            ]
            statements += replace_statements(shard, rows.get(number, []))
        write_in_parallel(per_node)
        self._manifest.files.update(self._pending)
        self._manifest.save(self._state_dir)
        bump_generation(self._state_dir)
        write_journal(self._state_dir, {})
        self._rows, self._deletes, self._pending = [], [], {}

    def flush(self) -> None:
        """Write RT memory chunks to disk, so a restart replays no binlog."""
        for shard, node in self._shards:
            node.query(f"FLUSH RTINDEX {shard}")


def write_in_parallel(per_node: dict[NodeConnection, list[str]]) -> None:
    """Each node's statements in order, the nodes at the same time (one thread per node)."""
    work = [(node, statements) for node, statements in per_node.items() if statements]
    if len(work) <= 1:
        for node, statements in work:
            node.execute_many(statements)
        return
    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        for future in [pool.submit(node.execute_many, statements) for node, statements in work]:
            future.result()


def write_journal(state_dir: Path, files: dict[str, list[str]]) -> None:
    """The files (and their article ids) of the batch being written."""
    path = state_dir / JOURNAL_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(files), encoding="utf-8")
    os.replace(tmp, path)


def read_journal(state_dir: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((state_dir / JOURNAL_NAME).read_text(encoding="utf-8"))
        return {str(k): [str(i) for i in v] for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def generation(state_dir: Path) -> int:
    """How many batches were committed from this state folder."""
    try:
        return int((state_dir / GENERATION_NAME).read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return 0


def bump_generation(state_dir: Path) -> None:
    path = state_dir / GENERATION_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(generation(state_dir) + 1), encoding="utf-8")
    os.replace(tmp, path)
