"""The manifest's `marshal` copy: loading from it gives what parsing the JSON gives, and any
copy that does not name the manifest file on disk is passed over for the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search import manifest as manifest_module
from corpus_tui.search.manifest import JOURNAL_NAME, MANIFEST_NAME, FileRecord, Manifest
from corpus_tui.search.manifest_records import RECORDS_NAME


def saved_manifest(index_dir: Path) -> Manifest:
    files = {
        "a/b.txt": FileRecord(10, 1, "h1", ids=["a/b.txt"]),
        "a-b.txt": FileRecord(20, 2, "h2", ids=["x", "y"], warnings=["odd date"]),
        "empty.txt": FileRecord(0, 3, "h3", skipped="empty file"),
    }
    manifest = Manifest(3, "/corpus", files, 7)
    index_dir.mkdir()
    manifest.save(index_dir)
    return manifest


def parsed_from_json(index_dir: Path) -> Manifest:
    (index_dir / RECORDS_NAME).unlink(missing_ok=True)
    manifest = Manifest.load(index_dir)
    assert manifest is not None
    return manifest


def test_the_copy_loads_what_the_json_holds_without_parsing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "ix"
    saved = saved_manifest(index_dir)
    assert (index_dir / RECORDS_NAME).exists()
    with monkeypatch.context() as patched:
        patched.setattr(manifest_module.json, "loads", lambda *a, **k: pytest.fail("parsed"))
        copied = Manifest.load(index_dir)
    assert copied is not None
    assert (copied.schema_version, copied.analysis_version, copied.corpus) == (3, 7, "/corpus")
    assert copied.files == saved.files == parsed_from_json(index_dir).files


def test_the_journal_is_replayed_over_the_copy(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    saved_manifest(index_dir)
    manifest = Manifest.load(index_dir)
    assert manifest is not None
    manifest.files["new.txt"] = FileRecord(5, 6, "h4", ids=["new.txt"])
    del manifest.files["a-b.txt"]
    manifest.save(index_dir)  # a small change: appended to the journal
    assert (index_dir / JOURNAL_NAME).exists()
    copied = Manifest.load(index_dir)
    assert copied is not None and copied.files == manifest.files
    assert not copied.files.touched  # nothing to save again
    assert copied.files == parsed_from_json(index_dir).files


@pytest.mark.parametrize("damage", ["garbage", "edited manifest", "other format"])
def test_a_copy_that_does_not_name_the_manifest_is_passed_over(tmp_path: Path, damage: str) -> None:
    index_dir = tmp_path / "ix"
    saved_manifest(index_dir)
    copy = index_dir / RECORDS_NAME
    if damage == "garbage":
        copy.write_bytes(b"\x00not marshal")
    elif damage == "edited manifest":  # by hand, or by a version that writes no copy
        data = json.loads((index_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        data["files"]["a/b.txt"]["size"] = 99
        (index_dir / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    else:
        copy.write_bytes(b"\xe9")  # marshal's code for a bare int: not the copy's tuple
    manifest = Manifest.load(index_dir)
    assert manifest is not None
    assert manifest.files["a/b.txt"].size == (99 if damage == "edited manifest" else 10)


def test_an_update_writes_the_copy_an_older_index_lacks(tmp_path: Path) -> None:
    """An index written before the copy existed gets one from its next update's load."""
    index_dir = tmp_path / "ix"
    saved = saved_manifest(index_dir)
    (index_dir / RECORDS_NAME).unlink()
    assert Manifest.load(index_dir) is not None
    assert not (index_dir / RECORDS_NAME).exists()  # a reader leaves the folder as it is
    loaded = Manifest.load(index_dir, write_copy=True)
    assert loaded is not None and loaded.files == saved.files
    assert (index_dir / RECORDS_NAME).exists()
    assert Manifest.load(index_dir).files == saved.files
