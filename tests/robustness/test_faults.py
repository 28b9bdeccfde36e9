"""Faults: kill -9 mid-build, the write lock, read-only and full disks, damaged index directories.

After any of them the index must open, hold every article exactly once after the next run, and
no process may be left holding the lock.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.filedb import filestore
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from corpus_tui.search import index as indexing
from corpus_tui.search import pool
from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import IndexBusy, IndexUnavailable
from corpus_tui.search.locking import WRITE_LOCK_NAME
from corpus_tui.search.manifest import MANIFEST_NAME
from tests.paths import SAMPLE_CORPUS

pytestmark = pytest.mark.slow

GIVEN = ("Alma", "Brin", "Corra", "Dane", "Elsie", "Fenwick", "Greta", "Hollis", "Ines", "Jonah")
FAMILY = ("Torvik", "Hallow", "Marsh", "Quill", "Brannock", "Delacey", "Fairholt", "Ostrander")
TOWNS = ("Portvale", "Eastmere", "Caddow", "Lunsford", "Brackwater", "Tolland", "Ferncliff")
TOPICS = ("budget", "ferry timetable", "school meals", "flood barrier", "bus fares", "housing plan")
FILLER = ("council", "plan", "costs", "vote", "public", "report", "meeting", "funds", "harbour")


def news_story(number: int, rng: random.Random) -> str:
    """A short fictional local news story with a site banner, dateline, quotes and a link list."""
    town, topic = rng.choice(TOWNS), rng.choice(TOPICS)
    speaker = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    filler = " ".join(rng.choice(FILLER) for _ in range(60))
    return (
        f"{town}Daily.example - Local news you can use\n\n"
        f"{town} council backs the {topic} (report {number})\n\n"
        f"{town.upper()}, {rng.randint(1, 12)}/{rng.randint(1, 28)}/2025 - The council voted on "
        f"Tuesday to approve the {topic}, ending months of argument in {town}.\n\n"
        f'"This is the right decision for families," said {speaker}, who chairs the committee. '
        f"Residents were less certain.\n\n{filler}.\n\n"
        f"Advertisement\n\nMore news\n- {rng.choice(TOWNS)} fair returns\n"
    )


def write_news_corpus(folder: Path, count: int, start: int = 0, seed: int = 11) -> list[str]:
    """`count` story files named NNNNN_report.txt; returns their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + start)
    names = []
    for number in range(start, start + count):
        name = f"{number:05d}_report.txt"
        (folder / name).write_text(news_story(number, rng), encoding="utf-8")
        names.append(name)
    return names


def cli_command(corpus: Path, index: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "corpus_tui.search",
        "--corpus",
        str(corpus),
        "--index",
        str(index),
        *args,
    ]


def indexed_ids(corpus: Path, index: Path) -> list[str]:
    """Ids the index holds, through the CLI as a user would see them."""
    done = subprocess.run(
        cli_command(corpus, index, "search", "*", "--json", "--limit", "100000"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [hit["id"] for hit in json.loads(done.stdout)["hits"]]


def children_of(pid: int) -> list[int]:
    """Pids whose parent is `pid` (a /proc scan)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def is_alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def lock_is_free(index: Path) -> bool:
    lock = FileStorage(str(index)).lock(WRITE_LOCK_NAME)
    if lock.acquire():
        lock.release()
        return True
    return False


SMALL_BATCH = 100
"""Articles per commit in the killed builds: a tenth of the real batch, so a corpus a tenth the
size has the same shape (one full batch committed, the rest not) at a tenth of the cost."""


def small_batch_command(corpus: Path, index: Path, *args: str) -> list[str]:
    """`cli_command`, in a process that commits every SMALL_BATCH articles."""
    run = (
        "import sys; from corpus_tui.search import index_writer; "
        f"index_writer.BATCH_DOCUMENTS = {SMALL_BATCH}; "
        "from corpus_tui.search.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-c", run, *cli_command(corpus, index, *args)[3:]]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """150 articles: one and a half committed batches, enough for the process pool."""
    corpus = tmp_path_factory.mktemp("faults") / "corpus"
    names = write_news_corpus(corpus, 150)
    assert SMALL_BATCH < len(names) < 2 * SMALL_BATCH and len(names) > pool.POOL_THRESHOLD
    return corpus, names


@pytest.mark.parametrize("progress_lines", [1, 40, 100, 140], ids=lambda n: f"after-{n}")
def test_kill_9_then_index_again_holds_every_article_once(
    big_corpus: tuple[Path, list[str]], tmp_path: Path, progress_lines: int
) -> None:
    corpus, names = big_corpus
    index = tmp_path / "ix"
    child = subprocess.Popen(
        small_batch_command(corpus, index, "index", "--progress-json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if json.loads(line).get("event") == "progress":
            seen += 1
            if seen >= progress_lines:
                break
    assert seen == progress_lines, "the build ended before the kill point"
    workers = children_of(child.pid)
    assert workers, "the process pool should be running"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    deadline = time.monotonic() + 10
    while any(is_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if is_alive(pid)], "pool workers outlived the indexer"
    assert lock_is_free(index), "the killed indexer left the index locked"
    assert (index / WRITE_LOCK_NAME).exists()  # Nobody deleted it to get in.

    done = subprocess.run(
        cli_command(corpus, index, "index", "--json"), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["documents"] == len(names)
    ids = indexed_ids(corpus, index)
    assert len(ids) == len(set(ids)) == len(names)
    assert sorted(ids) == sorted(names)


def _hold_lock_in_child(index: Path) -> subprocess.Popen:
    """Another process holding Whoosh's write lock on `index` until killed."""
    script = (
        "import sys, time\n"
        "from whoosh.filedb.filestore import FileStorage\n"
        "lock = FileStorage(sys.argv[1]).lock(sys.argv[2])\n"
        "assert lock.acquire()\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(index), WRITE_LOCK_NAME],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_busy_index_names_the_holder_and_rebuild_never_deletes_the_lock(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engine = Engine(SAMPLE_CORPUS, index)
    engine.update_index()
    lock_file = index / WRITE_LOCK_NAME
    inode = lock_file.stat().st_ino
    holder = _hold_lock_in_child(index)
    try:
        notices: list[str] = []
        with pytest.raises(IndexBusy) as busy:
            engine.update_index(rebuild=True, lock_wait=0.5, notice=notices.append)
        assert f"process {holder.pid}" in str(busy.value)
        assert notices and f"process {holder.pid}" in notices[0]
        assert lock_file.stat().st_ino == inode  # Same lock file: not deleted and recreated.
        assert engine.search("*").total == 6  # The rebuild did not start: nothing was cleared.
    finally:
        holder.kill()
        holder.wait()
    assert engine.update_index(rebuild=True).documents == 6


def test_cli_second_writer_exits_1_with_one_line(tmp_path: Path, capsys) -> None:
    index = tmp_path / "ix"
    Engine(SAMPLE_CORPUS, index).update_index()
    holder = _hold_lock_in_child(index)
    try:
        args = ["--corpus", str(SAMPLE_CORPUS), "--index", str(index)]
        original = indexing.update_index

        def impatient(*a, **k):
            return original(*a, **{**k, "lock_wait": 0.3})

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(indexing, "update_index", impatient)
            code = main([*args, "index", "--json"])
        out, err = capsys.readouterr()
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and "busy" in err and str(holder.pid) in err
    finally:
        holder.kill()
        holder.wait()


def test_unwritable_index_location_gives_one_line_exit_1(capsys) -> None:
    code = main(["--corpus", str(SAMPLE_CORPUS), "--index", "/dev/null/index", "index"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("corpus-tui: cannot create the index directory /dev/null/index")
    assert err.count("\n") == 1


def _refuse_writes_under(folder: Path, code: int):
    """An os.open that fails with `code` for writes under `folder` (a read-only or full disk)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and str(path).startswith(str(folder)):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    return fake_open


def test_read_only_cache_dir(tmp_path: Path, monkeypatch, capsys) -> None:
    """Simulated (root ignores chmod): every write under the cache dir fails with EROFS."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 3)
    assert main(["--corpus", str(corpus), "index", "--json"]) == 0
    capsys.readouterr()
    write_news_corpus(corpus, 2, start=3)  # The index is now stale.
    monkeypatch.setattr(os, "open", _refuse_writes_under(cache, errno.EROFS))

    assert main(["--corpus", str(corpus), "index"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "Read-only file system" in err and "--index DIR" in err

    # A reader still answers from the index it has, saying why it is not updated.
    assert main(["--corpus", str(corpus), "search", "council", "--limit", "100", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["total"] == 3 and err == ""
    assert main(["--corpus", str(corpus), "search", "council"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 3, "piped: one line a hit"
    assert "Read-only file system" in err and err.count("\n") == 1

    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert main(["--corpus", str(corpus), "index", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5


class _FullDisk(io.FileIO):
    """A file on a disk with `remaining` bytes free, shared by every file opened on it."""

    remaining = 0

    def write(self, data) -> int:  # type: ignore[override]
        if _FullDisk.remaining < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.name)
        _FullDisk.remaining -= len(data)
        return super().write(data)


@pytest.mark.parametrize("where", ["segment", "toc"])
def test_full_disk_during_commit_keeps_the_previous_index(
    tmp_path: Path, monkeypatch, capsys, where: str
) -> None:
    corpus = tmp_path / "corpus"
    before = write_news_corpus(corpus, 5)
    index = tmp_path / "ix"
    Engine(corpus, index).update_index()
    write_news_corpus(corpus, 60, start=5)
    manifest_before = (index / MANIFEST_NAME).read_bytes()

    # "segment": the disk fills 4 KB into the new segment; "toc": segments fit, the TOC does not.
    _FullDisk.remaining = 4096

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        if where == "toc":
            _FullDisk.remaining = 0 if ".toc" in name else 1 << 30
        return StructFile(_FullDisk(self._fpath(name), mode.replace("b", "")), name=name, **kwargs)

    monkeypatch.setattr(filestore.FileStorage, "create_file", create_file)
    code = main(["--corpus", str(corpus), "--index", str(index), "index"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "No space left on device" in err and "previous index is kept" in err
    monkeypatch.undo()

    assert (index / MANIFEST_NAME).read_bytes() == manifest_before
    assert lock_is_free(index)
    engine = Engine(corpus, index)
    assert sorted(h.id for h in engine.search("*", limit=1000).hits) == before
    summary = engine.update_index()
    assert (summary.documents, summary.new) == (65, 60)
    assert len({h.id for h in engine.search("*", limit=1000).hits}) == 65


def test_full_disk_while_saving_the_manifest_repairs_next_run(tmp_path: Path, monkeypatch) -> None:
    """The commit made it, the manifest did not: the next run re-adds those files, no duplicates."""
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 5)
    index = tmp_path / "ix"
    engine = Engine(corpus, index)
    engine.update_index()
    write_news_corpus(corpus, 5, start=5)
    real_open = os.open
    monkeypatch.setattr(
        os, "open", _refuse_writes_under(index / "corpus-tui-manifest", errno.ENOSPC)
    )
    import builtins

    real_builtin_open = builtins.open

    def builtin_open(file, mode="r", *args, **kwargs):
        manifest_write = ("w" in mode and str(file).endswith(".tmp")) or (
            "a" in mode and str(file).endswith(".journal")  # a small update appends to it
        )
        if manifest_write and str(index) in str(file):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_builtin_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", builtin_open)
    with pytest.raises(IndexUnavailable, match="No space left on device"):
        engine.update_index()
    monkeypatch.setattr(builtins, "open", real_builtin_open)
    monkeypatch.setattr(os, "open", real_open)
    assert engine.search("*", limit=100).total == 10  # Whoosh committed before the manifest.
    summary = engine.update_index()
    assert summary.documents == 10
    ids = [h.id for h in engine.search("*", limit=100).hits]
    assert len(ids) == len(set(ids)) == 10


def _garble_toc_truncate(index: Path) -> None:
    for toc in index.glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes()[: toc.stat().st_size // 2])


def _garble_toc_random(index: Path) -> None:
    for toc in index.glob("_MAIN_*.toc"):
        toc.write_bytes(random.Random(1).randbytes(toc.stat().st_size))


def _garble_segment_truncate(index: Path) -> None:
    for segment in index.glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:100])


def _garble_segment_missing(index: Path) -> None:
    for segment in index.glob("*.seg"):
        segment.unlink()


def _garble_manifest(index: Path) -> None:
    (index / MANIFEST_NAME).write_text('{"schema_version": 1, "files": {', encoding="utf-8")


GARBLERS = {
    "toc-truncated": _garble_toc_truncate,
    "toc-random": _garble_toc_random,
    "segment-truncated": _garble_segment_truncate,
    "segment-missing": _garble_segment_missing,
    "manifest-garbled": _garble_manifest,
}


@pytest.mark.parametrize("garble", GARBLERS.values(), ids=GARBLERS.keys())
def test_damaged_index_is_set_aside_and_rebuilt(tmp_path: Path, capsys, garble) -> None:
    index = tmp_path / "ix"
    Engine(SAMPLE_CORPUS, index).update_index()
    garble(index)
    engine = Engine(SAMPLE_CORPUS, index)
    assert not engine.has_index()
    with pytest.raises(IndexUnavailable):
        engine.search("nato")  # No raw Whoosh error: a clear one.
    args = ["--corpus", str(SAMPLE_CORPUS), "--index", str(index)]
    assert main([*args, "search", "NATO"]) == 0
    out, err = capsys.readouterr()
    assert out and all("NATO" in line for line in out.splitlines())
    assert "moved the contents of" in err and err.count("\n") == 1
    [aside] = tmp_path.glob("ix.set-aside-*")
    assert any(aside.iterdir())  # The damaged files are kept for inspection.
    assert main([*args, "search", "*", "--json", "--limit", "100"]) == 0
    ids = [hit["id"] for hit in json.loads(capsys.readouterr().out)["hits"]]
    assert sorted(ids) == sorted(p.name for p in SAMPLE_CORPUS.glob("*.txt"))


def test_foreign_directory_is_set_aside_not_deleted(tmp_path: Path, capsys) -> None:
    index = tmp_path / "notes"
    index.mkdir()
    (index / "thesis.md").write_text("my own notes", encoding="utf-8")
    args = ["--corpus", str(SAMPLE_CORPUS), "--index", str(index)]
    assert main([*args, "index", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 6
    [aside] = tmp_path.glob("notes.set-aside-*")
    assert (aside / "thesis.md").read_text(encoding="utf-8") == "my own notes"
