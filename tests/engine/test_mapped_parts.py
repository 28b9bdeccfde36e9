"""A memory-mapped segment is read in place: no part of it is copied whole into memory, and
searches answer exactly as they did when every part was copied."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from corpus_tui.search import index_folder  # noqa: F401  (opening an index installs the reading)
from corpus_tui.search.engine import Engine
from corpus_tui.search.mapped_parts import ViewReader
from tests.paths import SAMPLE_CORPUS

QUERIES = ("the", "government OR minister", '"prime minister"', "goverment~", "title:*", "*")


def compound_parts(index_dir: Path) -> list[tuple[CompoundStorage, str, bytes]]:
    """Every part of every segment file: its storage, name, and bytes as they are on disk."""
    storage = FileStorage(str(index_dir))
    parts = []
    for segment_path in sorted(index_dir.glob("*.seg")):
        compound = CompoundStorage(storage.open_file(segment_path.name))
        raw = segment_path.read_bytes()
        for name in compound.list():
            offset, length = compound.range(name)
            parts.append((compound, name, raw[offset : offset + length]))
    return parts


def test_segment_parts_read_the_map_without_a_copy(sample_index: Path) -> None:
    parts = compound_parts(sample_index)
    assert parts, "the sample index has compound segments"
    for compound, name, on_disk in parts:
        assert compound._source is not None, "the segment is memory-mapped"
        part = compound.open_file(name)
        assert not isinstance(part.file, io.BytesIO), f"{name} was copied into memory"
        assert part.read() == on_disk
        middle = len(on_disk) // 2
        assert part.get(middle, 8) == on_disk[middle : middle + 8]
        part.seek(middle)
        assert part.read(5) == on_disk[middle : middle + 5]
        assert part.tell() == min(middle + 5, len(on_disk))
        part.close()


def test_view_reader_reads_like_a_bytes_file() -> None:
    data = b"first line\nsecond\n\nno newline at the end"
    reader, expected = ViewReader(memoryview(data)), io.BytesIO(data)
    for step in ("readline", "read3", "readline", "seek_end-4", "read", "read", "seek0", "lines"):
        if step == "readline":
            assert reader.readline() == expected.readline()
        elif step == "read3":
            assert reader.read(3) == expected.read(3)
        elif step == "read":
            assert reader.read() == expected.read()
        elif step == "seek_end-4":
            assert reader.seek(-4, io.SEEK_END) == expected.seek(-4, io.SEEK_END)
        elif step == "seek0":
            assert reader.seek(0) == expected.seek(0)
        else:
            assert list(reader) == list(expected)
        assert reader.tell() == expected.tell()
    reader.seek(11)
    target = bytearray(4)
    assert reader.readinto(target) == 4 and bytes(target) == b"seco"
    assert reader.readline(3) == b"nd\n"
    with pytest.raises(ValueError):
        reader.seek(-1)


def test_view_reader_loads_pickles_one_after_another() -> None:
    """`pickle.load` reads ahead through `peek`; it must leave the file just past its pickle."""
    items = [(1, 2.5, 3, b"x"), list(range(400)), "long " * 300, None]
    data = io.BytesIO()
    for item in items:
        pickle.dump(item, data, -1)
    data.write(b"after")
    reader = ViewReader(memoryview(data.getvalue()))
    assert [pickle.load(reader) for _ in items] == items
    assert reader.read() == b"after"
    assert reader.peek(10) == b""


def _answers(index_dir: Path) -> list[list[tuple[str, float]]]:
    engine = Engine(SAMPLE_CORPUS, index_dir)
    try:
        return [
            [(hit.id, hit.score) for hit in engine.search(query, limit=50).hits]
            for query in QUERIES
        ]
    finally:
        engine.close()


def test_searches_answer_as_with_copied_parts(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_place = _answers(sample_index)
    copying = getattr(CompoundStorage.open_file, "__wrapped__", CompoundStorage.open_file)
    monkeypatch.setattr(CompoundStorage, "open_file", copying)
    assert _answers(sample_index) == in_place
    assert any(len(hits) > 1 for hits in in_place)
