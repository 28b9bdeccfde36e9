"""An update limited to some folders (what the open app saw change): it sees the files directly
in them, leaves every other record as it was, and falls back to the whole corpus when it must."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import FolderRefused
from corpus_tui.search.indexproc import indexer_command
from corpus_tui.search.update_plan import checked_folders
from corpus_tui.search.watch import CorpusChange, CorpusWatch


def article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    files = {
        "top.txt": article("Harbour reopens", "The harbour reopened on Monday."),
        "north/one.txt": article("Ferry sails", "The ferry sailed north."),
        "north/deep/two.txt": article("Lighthouse lit", "The lamp was lit."),
        "south/three.txt": article("Bridge closes", "The bridge closed for repairs."),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def titles(engine: Engine) -> set[str]:
    return {hit.title for hit in engine.search("*", limit=100).hits}


def rewrite_in_place(path: Path, text: str) -> None:
    """A new text under the same name (the folder's own time does not move)."""
    info = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def test_only_the_named_folders_files_are_looked_at(corpus: Path, tmp_path: Path) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    (corpus / "north/new.txt").write_text(article("Tide turns", "The tide turned."), "utf-8")
    (corpus / "north/one.txt").unlink()
    rewrite_in_place(corpus / "south/three.txt", article("Bridge reopens", "It reopened."))
    summary = engine.update_index(folders=["north"])
    assert (summary.new, summary.removed, summary.changed, summary.read) == (1, 1, 0, 1)
    assert summary.documents == 4 and summary.unchanged == 3
    engine.reload()
    # north's own files followed; north/deep and south were not looked at.
    assert titles(engine) == {"Harbour reopens", "Tide turns", "Lighthouse lit", "Bridge closes"}
    assert engine.is_stale()  # the rewrite in south is still to be picked up
    summary = engine.update_index()
    assert summary.changed == 1 and summary.read == 1
    engine.reload()
    assert "Bridge reopens" in titles(engine) and not engine.is_stale()


def test_the_top_folder_is_dot_or_empty(corpus: Path, tmp_path: Path) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    (corpus / "added.txt").write_text(article("Canal drained", "Workers drained it."), "utf-8")
    (corpus / "north/late.txt").write_text(article("Late ferry", "It sailed late."), "utf-8")
    summary = engine.update_index(folders=["."])
    assert summary.new == 1 and summary.read == 1  # north/late.txt waits for its own folder
    assert engine.update_index(folders=[""]).read == 0
    assert engine.update_index(folders=["north"]).new == 1


def test_a_first_build_or_a_rebuild_looks_at_everything(corpus: Path, tmp_path: Path) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    assert engine.update_index(folders=["south"]).documents == 4
    assert engine.update_index(rebuild=True, folders=["south"]).documents == 4


def test_a_folder_that_is_gone_means_the_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    for path in sorted((corpus / "north").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (corpus / "north").rmdir()
    summary = engine.update_index(folders=["north/deep"])
    assert summary.removed == 2 and summary.documents == 2


@pytest.mark.parametrize("folder", ["../outside", "/etc", "north/../south", "top.txt"])
def test_a_path_that_is_not_a_folder_of_the_corpus_is_refused(corpus: Path, folder: str) -> None:
    with pytest.raises(FolderRefused, match="not a folder inside the corpus"):
        checked_folders(corpus, [folder])


def test_an_absolute_path_inside_the_corpus_names_its_folder(corpus: Path) -> None:
    assert checked_folders(corpus, [str(corpus), f"{corpus}/north/"]) == {"", "north"}
    with pytest.raises(FolderRefused):
        checked_folders(corpus / "north", [str(corpus / "south")])


def test_the_command_line_takes_folders_and_refuses_bad_ones(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "index", "--json"]
    assert main(base) == 0
    (corpus / "south/four.txt").write_text(article("Road opens", "The road opened."), "utf-8")
    capsys.readouterr()
    assert main([*base, "--folder", "south"]) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 1
    assert main([*base, "--folder", str(corpus / "south")]) == 0
    assert json.loads(capsys.readouterr().out)["read"] == 0
    assert main([*base, "--folder", "gone"]) == 0  # looks at the whole corpus, and says so
    assert "no folder 'gone' in the corpus: looking at all of it" in capsys.readouterr().err
    assert main([*base, "--folder", "../x"]) == 2  # the caller's mistake, like a bad query
    err = capsys.readouterr().err.strip()
    assert "not a folder inside the corpus" in err and len(err.splitlines()) == 1


def test_the_app_passes_the_folders_to_its_indexer() -> None:
    command = indexer_command(Path("c"), Path("i"), False, None, ("", "-odd", "a/b"))
    assert command[-3:] == ["--folder=.", "--folder=-odd", "--folder=a/b"]


def test_the_watch_names_the_folders_whose_files_came_or_went(corpus: Path) -> None:
    stale = {"now": False}
    clock = {"now": 0.0}
    watch = CorpusWatch(corpus, lambda: stale["now"], clock=lambda: clock["now"])
    assert watch.change() is None  # the first call takes the folders' times
    time.sleep(0.01)
    (corpus / "north/deep/new.txt").write_text(article("New", "New text."), "utf-8")
    (corpus / "top2.txt").write_text(article("Top", "Top text."), "utf-8")
    assert watch.change() == CorpusChange(("", "north/deep"))
    (corpus / "west").mkdir()
    assert watch.change() == CorpusChange(None)  # a folder came: it may hold anything
    stale["now"] = True  # a file rewritten in place: only the whole check sees it
    clock["now"] = 60.0  # once the whole check is due again
    assert watch.change() == CorpusChange(None)
