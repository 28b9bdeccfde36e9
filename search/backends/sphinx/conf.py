"""searchd configurations for an N-node Sphinx cluster, and the URL that reaches it.

Each node holds real-time (RT) shards; the first node also holds the distributed index that fans a
query out to every shard (its own as local indexes, the others' as remote agents) and merges the
answers. Writes go straight to the shards: a distributed index takes no INSERT.

What the measurements on Sphinx 2.2.11 made necessary is written into every config:
- `charset_table` folds accented Latin letters to their base letter (the default table knows only
  English and Russian, so "Zürich" would be indexed as "z" + "rich"); the `non_cjk` shortcut of
  later versions is not in 2.2 and leaves the index unserved, so the table is spelled out;
- short agent timeouts, so a dead node costs a fraction of a second, not three;
- a periodic RT flush and a binlog flushed once a second, so restart replays little;
- `max_packet_size` large enough for the writer's batches (the writer stays under it).
Paging depth is set per query (`OPTION max_matches`): 2.2 has no config setting for it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whoosh.support.charset import accent_map

DEFAULT_INDEX = "corpus"
MAX_PACKET_MB = 32
"""searchd's limit on one request; the writer keeps each batch well below it."""
RT_MEM_LIMIT = "256M"
AGENT_CONNECT_TIMEOUT_MS = 300
AGENT_QUERY_TIMEOUT_MS = 10_000
RT_FLUSH_SECONDS = 300

TEXT_FIELDS = (
    "title",
    "body",
    "source",
    "person",
    "org",
    "place",
    "speaker",
    "dates",
    "docid",
    "docpath",
    "everything",
)
"""Full-text fields; each holds tokens our own analyzers made (see tokens.py)."""
STRING_ATTRS = (
    "doc_id",
    "path",
    "title_text",
    "derived_title",
    "source_text",
    "date_str",
    "url",
    "author",
    "text",
    "analysis",
)
"""The stored fields, returned exactly as written."""
UINT_ATTRS = ("datekey",)
"""The date as YYYYMMDD, 0 when undated. `index_field_lengths` adds `body_len` and the like:
BM25F normalises by them, and their sum is the corpus size for collocation statistics."""

EXTRA_RANGES = (
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x0900, 0x097F),  # Devanagari
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7A3),  # Hangul
)
"""Scripts kept as word characters as they are (the tokens are already lower-cased)."""


@cache
def charset_table() -> str:
    """ASCII letters, digits, `_` and `.`, accented Latin letters folded with the same table the
    Whoosh analyzers use, and the scripts of EXTRA_RANGES."""
    entries = ["0..9", "A..Z->a..z", "_", "a..z", "U+2E"]
    for code in range(0xC0, 0x250):
        char = chr(code)
        if not unicodedata.category(char).startswith("L"):
            continue
        folded = char.translate(accent_map).lower()
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            entries.append(f"U+{code:04X}->{folded}")
        else:
            lower = char.lower()
            if len(lower) == 1 and lower != char:
                entries.append(f"U+{code:04X}->U+{ord(lower):04X}")
            else:
                entries.append(f"U+{code:04X}")
    entries.extend(f"U+{start:04X}..U+{end:04X}" for start, end in EXTRA_RANGES)
    return ", ".join(entries)


@cache
def word_chars() -> frozenset[str]:
    """Characters the charset table keeps inside a word (after lower-casing and folding)."""
    chars = set("0123456789abcdefghijklmnopqrstuvwxyz_.")
    for code in range(0xC0, 0x250):
        if unicodedata.category(chr(code)).startswith("L"):
            chars.add(chr(code))
    for start, end in EXTRA_RANGES:
        chars.update(chr(c) for c in range(start, end + 1))
    return frozenset(chars)


@dataclass(frozen=True)
class Node:
    """One searchd: its SphinxQL port (mysql41), its agent port, and the shards it holds."""

    number: int
    host: str
    sql_port: int
    api_port: int
    shards: tuple[str, ...]


def plan_nodes(
    nodes: int, port: int, shards_per_node: int = 1, host: str = "127.0.0.1", index: str = ""
) -> list[Node]:
    """Node k listens on port + 2(k-1) (agents) and the port after it (SphinxQL)."""
    name = index or DEFAULT_INDEX
    planned = []
    for k in range(nodes):
        shards = tuple(f"{name}_{k * shards_per_node + j + 1}" for j in range(shards_per_node))
        planned.append(Node(k + 1, host, port + 2 * k + 1, port + 2 * k, shards))
    return planned


def node_config(node: Node, cluster: list[Node], data_dir: Path, index: str) -> str:
    """The searchd config of one node: its RT shards, and on node 1 the distributed index."""
    home = data_dir / f"node{node.number}"
    parts = [f"# corpus-tui Sphinx node {node.number} of {len(cluster)}\n"]
    for shard in node.shards:
        parts.append(_rt_index(shard, home))
    if node.number == 1:
        parts.append(_distributed(index, node, cluster))
    parts.append(_searchd(node, home))
    return "\n".join(parts)


def _rt_index(name: str, home: Path) -> str:
    lines = [
        f"index {name}",
        "{",
        "    type = rt",
        f"    path = {home / name}",
        f"    rt_mem_limit = {RT_MEM_LIMIT}",
        "    dict = keywords",
        "    min_prefix_len = 1",
        "    min_word_len = 1",
        "    expand_keywords = 0",
        "    index_field_lengths = 1",
        f"    charset_table = {charset_table()}",
    ]
    lines += [f"    rt_field = {field}" for field in TEXT_FIELDS]
    lines += [f"    rt_attr_uint = {attr}" for attr in UINT_ATTRS]
    lines += [f"    rt_attr_string = {attr}" for attr in STRING_ATTRS]
    lines.append("}\n")
    return "\n".join(lines)


def _distributed(index: str, first: Node, cluster: list[Node]) -> str:
    lines = [f"index {index}", "{", "    type = distributed"]
    lines += [f"    local = {shard}" for shard in first.shards]
    for node in cluster[1:]:
        lines += [f"    agent = {node.host}:{node.api_port}:{shard}" for shard in node.shards]
    lines += [
        f"    agent_connect_timeout = {AGENT_CONNECT_TIMEOUT_MS}",
        f"    agent_query_timeout = {AGENT_QUERY_TIMEOUT_MS}",
        "}\n",
    ]
    return "\n".join(lines)


def _searchd(node: Node, home: Path) -> str:
    return "\n".join(
        [
            "searchd",
            "{",
            f"    listen = {node.host}:{node.api_port}",
            f"    listen = {node.host}:{node.sql_port}:mysql41",
            f"    log = {home / 'searchd.log'}",
            f"    query_log = {home / 'query.log'}",
            f"    pid_file = {home / 'searchd.pid'}",
            f"    binlog_path = {home}",
            "    binlog_flush = 2",
            f"    rt_flush_period = {RT_FLUSH_SECONDS}",
            "    workers = threads",
            f"    dist_threads = {max(2, len(node.shards))}",
            f"    max_packet_size = {MAX_PACKET_MB}M",
            "    max_filter_values = 10000",
            "    expansion_limit = 0",
            "    read_timeout = 5",
            "    client_timeout = 300",
            "    seamless_rotate = 1",
            "    preopen_indexes = 1",
            "    unlink_old = 1",
            "}\n",
        ]
    )


def cluster_url(cluster: list[Node], index: str) -> str:
    """The `--backend` URL: every node's SphinxQL address, the first one holding `index`."""
    hosts = ",".join(f"{node.host}:{node.sql_port}" for node in cluster)
    return f"sphinx://{hosts}/{index}"


def write_configs(
    nodes: int,
    port: int,
    data_dir: Path,
    shards_per_node: int = 1,
    index: str = DEFAULT_INDEX,
    host: str = "127.0.0.1",
) -> tuple[list[Path], str]:
    """Write node1.conf … nodeN.conf (and each node's data folder) into `data_dir`.

    Returns the config paths and the `--backend` URL.
    """
    data_dir = data_dir.resolve()
    cluster = plan_nodes(nodes, port, shards_per_node, host=host, index=index)
    paths = []
    for node in cluster:
        (data_dir / f"node{node.number}").mkdir(parents=True, exist_ok=True)
        path = data_dir / f"node{node.number}.conf"
        path.write_text(node_config(node, cluster, data_dir, index), encoding="utf-8")
        paths.append(path)
    return paths, cluster_url(cluster, index)
