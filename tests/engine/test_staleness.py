"""The staleness check: the same answer from the stats sidecar, the manifest, and any walk order."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus_tui.search import manifest as manifest_module
from corpus_tui.search.corpus_walk import walk_corpus, walk_order
from corpus_tui.search.index import changed_since, is_stale
from corpus_tui.search.ingest import SourceFile
from corpus_tui.search.manifest import JOURNAL_NAME, MANIFEST_NAME, FileRecord, Manifest
from corpus_tui.search.manifest_stats import STATS_NAME, FileStats
from corpus_tui.search.schema import ANALYSIS_VERSION, SCHEMA_VERSION

NAMES = ["a-b.txt", "a/b.txt", "a/c/d.md", "a.txt", "B.html", "notes.png", "z/\u00e9t\u00e9.txt"]


def make_corpus(root: Path) -> Path:
    for number, name in enumerate(NAMES):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Article {number} says something.\n", encoding="utf-8")
    return root


def record_corpus(corpus: Path, index_dir: Path) -> Manifest:
    """A manifest of the corpus as it is now, saved the way an update saves it."""
    files = {
        item.rel: FileRecord(item.size, item.mtime_ns, "", ids=[item.rel])
        for item in walk_corpus(corpus)
        if isinstance(item, SourceFile)
    }
    manifest = Manifest(SCHEMA_VERSION, str(corpus), files, ANALYSIS_VERSION)
    index_dir.mkdir(exist_ok=True)
    manifest.save(index_dir)
    return manifest


def edit_in_place(corpus: Path) -> None:
    path = corpus / "a/c/d.md"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").upper(), encoding="utf-8")  # same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def add(corpus: Path) -> None:
    (corpus / "a/c/new.txt").write_text("A new article.\n", encoding="utf-8")


def remove(corpus: Path) -> None:
    (corpus / "a-b.txt").unlink()


def rename(corpus: Path) -> None:
    (corpus / "a/b.txt").rename(corpus / "a/bb.txt")


def add_unsupported(corpus: Path) -> None:
    (corpus / "a/picture.jpg").write_bytes(b"\xff\xd8")


CHANGES: dict[str, tuple[Callable[[Path], None], bool]] = {
    "edited in place": (edit_in_place, True),
    "added": (add, True),
    "removed": (remove, True),
    "renamed": (rename, True),
    "unsupported file added": (add_unsupported, False),
}


def garble(index_dir: Path) -> None:
    (index_dir / STATS_NAME).write_bytes(b"\x00garbage")


def delete(index_dir: Path) -> None:
    (index_dir / STATS_NAME).unlink()


def journal_behind(index_dir: Path) -> None:
    """A journal line written by a version that keeps no sidecar: it describes the real file."""
    rel = "a/c/d.md"
    info = (index_dir.parent / "corpus" / rel).stat()
    record = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "content_hash": ""}
    line = {"path": rel, "record": {**record, "ids": [rel], "skipped": None, "warnings": []}}
    with open(index_dir / JOURNAL_NAME, "a", encoding="utf-8") as journal:
        journal.write(json.dumps(line) + "\n")


SIDECARS: dict[str, Callable[[Path], None] | None] = {
    "current": None,
    "missing": delete,
    "garbled": garble,
}


@pytest.mark.parametrize("sidecar", SIDECARS)
@pytest.mark.parametrize("change", CHANGES)
def test_same_answer_whatever_the_sidecar(tmp_path: Path, change: str, sidecar: str) -> None:
    corpus, index_dir = make_corpus(tmp_path / "corpus"), tmp_path / "ix"
    record_corpus(corpus, index_dir)
    spoil = SIDECARS[sidecar]
    if spoil is not None:
        spoil(index_dir)
    assert not is_stale(corpus, index_dir)
    act, stale = CHANGES[change]
    act(corpus)
    assert is_stale(corpus, index_dir) is stale


def test_update_writes_the_sidecar_and_the_check_needs_no_manifest_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index_dir = make_corpus(tmp_path / "corpus"), tmp_path / "ix"
    record_corpus(corpus, index_dir)
    assert (index_dir / STATS_NAME).exists()

    def no_parsing(*args: object, **kwargs: object) -> object:
        raise AssertionError("the manifest was parsed")

    monkeypatch.setattr(manifest_module.json, "loads", no_parsing)
    assert not is_stale(corpus, index_dir)
    edit_in_place(corpus)
    assert is_stale(corpus, index_dir)


def test_sidecar_of_an_older_journal_is_not_used(tmp_path: Path) -> None:
    """A journal appended to without the sidecar following: the journal's record counts."""
    corpus, index_dir = make_corpus(tmp_path / "corpus"), tmp_path / "ix"
    record_corpus(corpus, index_dir)
    edit_in_place(corpus)
    assert is_stale(corpus, index_dir)
    journal_behind(index_dir)  # the manifest now knows the edit; the sidecar does not
    assert not is_stale(corpus, index_dir)
    assert Manifest.file_stats(index_dir) == FileStats.of(
        (item.rel, item.size, item.mtime_ns)
        for item in walk_corpus(corpus)
        if isinstance(item, SourceFile)
    )


def test_journal_save_keeps_the_sidecar_in_step(tmp_path: Path) -> None:
    corpus, index_dir = make_corpus(tmp_path / "corpus"), tmp_path / "ix"
    manifest = record_corpus(corpus, index_dir)
    manifest = Manifest.load(index_dir)
    assert manifest is not None
    add(corpus)
    assert is_stale(corpus, index_dir)
    new = corpus / "a/c/new.txt"
    info = new.stat()
    manifest.files["a/c/new.txt"] = FileRecord(info.st_size, info.st_mtime_ns, "")
    manifest.save(index_dir)  # a small change: appended to the journal
    assert (index_dir / JOURNAL_NAME).exists()
    before = (index_dir / MANIFEST_NAME).read_bytes()
    assert not is_stale(corpus, index_dir)
    assert (index_dir / MANIFEST_NAME).read_bytes() == before


def test_walk_order_is_the_order_of_the_walk(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    rels = [item.rel for item in walk_corpus(corpus) if isinstance(item, SourceFile)]
    assert rels != sorted(rels)  # "a/b.txt" is walked before "a-b.txt"
    assert rels == sorted(rels, key=walk_order)


def test_stats_in_another_order_give_the_same_answer(tmp_path: Path) -> None:
    """Stats not in walk order are compared by path: out of step is not the same as stale."""
    corpus = make_corpus(tmp_path / "corpus")
    found = [
        (item.rel, item.size, item.mtime_ns)
        for item in walk_corpus(corpus)
        if isinstance(item, SourceFile)
    ]
    reordered = list(reversed(found))
    known = FileStats(*(list(column) for column in zip(*reordered, strict=True)))
    assert not changed_since(known, corpus, None)
    assert changed_since(FileStats.of(found[1:]), corpus, None)
    assert changed_since(FileStats.of([*found, ("zz.txt", 1, 1)]), corpus, None)
    assert not changed_since(FileStats.of(found[1:]), corpus, lambda rel: rel == found[0][0])


def test_a_small_save_patches_the_sidecar_to_what_a_full_one_writes(tmp_path: Path) -> None:
    """Added, changed and removed paths, including ones that sort differently by walk order
    ("a/b.txt" before "a-b.txt"), land where sorting every record would put them."""
    corpus, index_dir = make_corpus(tmp_path / "corpus"), tmp_path / "ix"
    record_corpus(corpus, index_dir)
    manifest = Manifest.load(index_dir)
    assert manifest is not None
    manifest.files["a/ba.txt"] = FileRecord(1, 2, "")
    manifest.files["a-a.txt"] = FileRecord(3, 4, "")
    manifest.files["0.txt"] = FileRecord(5, 6, "")
    manifest.files["zz/last.txt"] = FileRecord(7, 8, "")
    manifest.files["a.txt"] = FileRecord(9, 10, "")
    del manifest.files["a/c/d.md"]
    manifest.save(index_dir)
    assert (index_dir / JOURNAL_NAME).exists()
    patched = Manifest.file_stats(index_dir)
    expected = FileStats.of((rel, rec.size, rec.mtime_ns) for rel, rec in manifest.files.items())
    assert patched == expected
    assert patched.rels.index("a/ba.txt") < patched.rels.index("a-a.txt")
