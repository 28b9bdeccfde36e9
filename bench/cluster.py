"""Sphinx cluster figures for docs/scale-out.md: ingest rate, memory, latency against shard count,
and how close a sharded top 20 comes to one index.

Articles are read and analysed once (that cost is the same for every backend and is measured in
docs/benchmarks.md); then each layout (nodes x shards per node, all on this machine) is started
on free loopback ports, loaded with the same rows, and queried:

    python bench/cluster.py --articles 5000
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus_tui.search.backends.sphinx import reader
from corpus_tui.search.backends.sphinx.cluster import Cluster, parse_url
from corpus_tui.search.backends.sphinx.local import LocalCluster, searchd_missing
from corpus_tui.search.backends.sphinx.writer import (
    replace_statements,
    shard_of,
    sphinx_row,
    write_in_parallel,
)
from corpus_tui.search.documents import prepare_file
from corpus_tui.search.pool import map_in_pool
from corpus_tui.search.query import parse_query
from corpus_tui.search.update_plan import scan_corpus

LAYOUTS = ((1, 1), (1, 2), (1, 4), (2, 1), (2, 2))
"""(nodes, shards per node); the first is the single-index reference."""
QUERIES = (
    "minister",
    "government security",
    '"prime minister"',
    "president said",
    "defen*",
    "minister OR president",
    "official talks",
    "security council",
    "report date:[2024-01-01 TO 2024-12-31]",
    "NOT said",
)
EXACT = (
    '"prime minister"',
    "minister OR president",
    "minister AND NOT president",
    "defen*",
    "title:minister",
    "source:afp OR source:reuters",
    "date:2024",
    "said date:[2024-03-01 TO 2025-12-31]",
    "minister OR date:2024",
    "NOT said",
)
"""Boolean, phrase, field and date queries: both backends must find the same articles."""
RANKED = [q for q in QUERIES if "date:" not in q and not q.startswith("NOT") and "*" not in q]
"""Ranked queries compared by top 20 (Whoosh scores wildcard matches alike, so their order is
arbitrary there and they are left out)."""
REPEATS = 5


def _make_corpus(count: int, root: Path) -> Path:
    here = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location("bench_make_corpus", here / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.make_corpus(count, root, seed=11)
    return root


def _fields(corpus: Path) -> list[dict[str, object]]:
    files = list(scan_corpus(corpus).files.values())
    started = time.perf_counter()
    fields = [f for prepared in map_in_pool(prepare_file, files) for f in prepared.fields]
    print(f"read and analysed {len(fields)} articles in {time.perf_counter() - started:.1f}s")
    return fields


def _whoosh_reference(
    fields: list[dict[str, object]], folder: Path
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """One Whoosh index of the same articles: its top 20 for the ranked queries, and every hit
    of the exact ones (the single-index reference)."""
    from whoosh.index import create_in

    from corpus_tui.search.schema import build_schema

    folder.mkdir()
    ix = create_in(str(folder), build_schema())
    with ix.writer(limitmb=128) as writer:
        for document in fields:
            writer.add_document(**document)
    with ix.searcher() as searcher:
        tops = {
            q: [str(hit["id"]) for hit in searcher.search(parse_query(q), limit=20)] for q in RANKED
        }
        exact = {
            q: {str(hit["id"]) for hit in searcher.search(parse_query(q), limit=None)}
            for q in EXACT
        }
    return tops, exact


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _file_bytes(data: Path) -> dict[str, int]:
    """Bytes on disk by Sphinx file kind: .sps strings (stored text), .spa attributes,
    .spd/.spp/.spe postings and positions, .spi dictionary, .spm kill list, .ram RAM chunk."""
    sizes: dict[str, int] = {}
    for path in data.rglob("*"):
        if path.is_file() and path.suffix.startswith((".sp", ".ram")):
            sizes[path.suffix] = sizes.get(path.suffix, 0) + path.stat().st_size
    return sizes


def _load(cluster: Cluster, rows: list[dict[str, object]]) -> float:
    """Seconds to write every row to its shard (nodes in parallel) and flush."""
    shards = cluster.shards()
    started = time.perf_counter()
    for start in range(0, len(rows), 1000):
        by_shard: dict[int, list[dict[str, object]]] = {}
        for row in rows[start : start + 1000]:
            by_shard.setdefault(shard_of(str(row["doc_id"]), len(shards)), []).append(row)
        per_node: dict[object, list[str]] = {}
        for number, (shard, node) in enumerate(shards):
            per_node.setdefault(node, []).extend(
                replace_statements(shard, by_shard.get(number, []))
            )
        write_in_parallel(per_node)  # type: ignore[arg-type]
    for shard, node in shards:
        node.query(f"FLUSH RTINDEX {shard}")
    return time.perf_counter() - started


def _latencies(cluster: Cluster, index: str, average: float) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        for text in QUERIES:
            started = time.perf_counter()
            reader.search_page(cluster.head, index, parse_query(text), 0, 20, False, average)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def _top20(cluster: Cluster, index: str, average: float) -> dict[str, list[str]]:
    return {
        q: [
            str(s["id"])
            for s, _ in reader.search_page(
                cluster.head, index, parse_query(q), 0, 20, False, average
            ).hits
        ]
        for q in RANKED
    }


def _overlap(tops: dict[str, list[str]], reference: dict[str, list[str]]) -> float:
    return statistics.mean(
        len(set(tops[q]) & set(reference[q])) / len(reference[q]) for q in tops if reference[q]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--corpus", type=Path, default=None, help="use this corpus instead")
    parser.add_argument(
        "--layouts",
        default=",".join(f"{n}x{s}" for n, s in LAYOUTS),
        help="NODESxSHARDS,… (the first is the reference)",
    )
    args = parser.parse_args()
    layouts = [tuple(int(x) for x in item.split("x")) for item in args.layouts.split(",")]
    missing = searchd_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="corpus-tui-cluster-") as tmp:
        root = Path(tmp)
        corpus = args.corpus or _make_corpus(args.articles, root / "corpus")
        fields = _fields(corpus)
        started = time.perf_counter()
        rows = [sphinx_row(f) for f in fields]
        per_row = (time.perf_counter() - started) * 1000 / max(1, len(rows))
        print(f"Sphinx rows made from the analysed articles: {per_row:.2f} ms an article")
        whoosh, exact = _whoosh_reference(fields, root / "whoosh")
        reference: dict[str, list[str]] | None = None
        files: list[tuple[str, dict[str, int]]] = []
        print(
            "| nodes x shards | ingest art/s | art/s per node | disk MB | RT RAM MB | RSS growth MB | "
            "query median ms | p95 ms | top-20 overlap with 1 shard | with Whoosh | same hits |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for nodes, shards in layouts:
            local = LocalCluster.create(root / f"c{nodes}x{shards}", nodes, shards)
            try:
                local.start()
                cluster = Cluster(parse_url(local.url))
                baseline = sum(_rss_kb(pid) for pid in local.pids().values())
                seconds = _load(cluster, rows)
                rss = sum(_rss_kb(pid) for pid in local.pids().values()) - baseline
                ram = 0
                for shard, node in cluster.shards():
                    status = dict(node.query(f"SHOW INDEX {shard} STATUS").rows)
                    ram += int(status.get("ram_bytes", 0))
                head = cluster.head.query("SELECT COUNT(*), SUM(body_len) FROM corpus").rows[0]
                average = int(head[1]) / max(1, int(head[0]))
                median, p95 = _latencies(cluster, "corpus", average)
                tops = _top20(cluster, "corpus", average)
                if reference is None:
                    reference = tops
                overlap, with_whoosh = _overlap(tops, reference), _overlap(tops, whoosh)
                rate = len(rows) / seconds
                same = sum(
                    set(reader.matching_ids(cluster.head, "corpus", parse_query(q), False)[0])
                    == exact[q]
                    for q in EXACT
                )
                sizes = _file_bytes(root / f"c{nodes}x{shards}")
                files.append((f"{nodes} x {shards}", sizes))
                disk = sum(sizes.values())
                print(
                    f"| {nodes} x {shards} | {rate:,.0f} | {rate / nodes:,.0f} | "
                    f"{disk / 1e6:.1f} | {ram / 1e6:.1f} | {rss / 1024:.1f} | {median:.1f} | {p95:.1f} | "
                    f"{overlap:.2f} | {with_whoosh:.2f} | {same}/{len(EXACT)} |"
                )
                cluster.close()
            finally:
                local.stop_all()
        print(f"({len(rows)} articles; disk = the shards' files after FLUSH RTINDEX)")
        for layout, sizes in files[:1]:
            shown = ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items()))
            print(f"files of {layout}: {shown}")
        text_bytes = sum(
            len(str(r["text"]).encode()) + len(str(r["analysis"]).encode()) for r in rows
        )
        print(f"stored text + analysis JSON: {text_bytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
