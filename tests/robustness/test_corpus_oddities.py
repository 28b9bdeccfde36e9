"""Corpora as they come from scraping, mail exports and colleagues' folders.

Symlink loops, huge files, binaries with a text extension, broken encodings, old line endings,
files that vanish or change during a run, awkward names, and one folder with 10,000 files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus_tui.search import documents, pool
from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine

STORY = (
    "Eastmere Gazette - Your town, every day\n\n"
    "{title}\n\n"
    "EASTMERE, April 9, 2025 - The ferry to {place} ran late again on Tuesday, and the harbour "
    'board promised a new timetable. "We owe passengers better than this," said Ines Brannock, '
    "who chairs the board.\n\n"
    "Passengers waited for over an hour at the quay, several of them said.\n\n"
    "More news\n- Eastmere fair returns\n- Caddow road closed\n"
)


def story(title: str, place: str = "Caddow") -> str:
    return STORY.format(title=title, place=place)


def ids(engine: Engine) -> list[str]:
    return sorted(hit.id for hit in engine.search("*", limit=100_000).hits)


def test_symlink_loops_end_and_each_article_is_indexed_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "desk").mkdir(parents=True)
    (corpus / "desk" / "ferry.txt").write_text(story("Ferry late again"), encoding="utf-8")
    (corpus / "desk" / "loop").symlink_to("..")  # corpus/desk/loop -> corpus
    (corpus / "desk" / "self").symlink_to(".")
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "bridge.txt").write_text(story("Bridge reopens", "Lunsford"), encoding="utf-8")
    (outside / "back").symlink_to(corpus)  # shared/back -> corpus: a loop through outside
    (corpus / "shared-a").symlink_to(outside)
    (corpus / "desk" / "shared-b").symlink_to(outside)  # the same real folder twice
    (corpus / "gone.txt").symlink_to(tmp_path / "missing.txt")
    command = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(corpus)]
    command += ["--index", str(tmp_path / "ix"), "index", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["documents"] == 2
    assert summary["skipped"] == [{"path": "gone.txt", "reason": "broken symlink"}]
    indexed = ids(Engine(corpus, tmp_path / "ix"))
    assert indexed == ["desk/ferry.txt", "desk/shared-b/bridge.txt"] or indexed == [
        "desk/ferry.txt",
        "shared-a/bridge.txt",
    ]


RSS_SCRIPT = """
import json, resource, sys
from pathlib import Path
from corpus_tui.search.engine import Engine
summary = Engine(Path(sys.argv[1]), Path(sys.argv[2])).update_index(processes=1)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"summary": summary.model_dump(), "peak_mb": peak_mb}))
"""


def test_30mb_file_is_refused_with_a_reason_and_memory_stays_bounded(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraph = story("Filler").encode("utf-8")
    with open(corpus / "huge.txt", "wb") as handle:
        for _ in range(30 * 1024 * 1024 // len(paragraph) + 1):
            handle.write(paragraph)
    long_story = story("A long read") + "The board met again. " * 50_000  # ~1 MB: indexed.
    (corpus / "long.txt").write_text(long_story, encoding="utf-8")
    (corpus / "short.txt").write_text(story("Ferry late again"), encoding="utf-8")
    assert (corpus / "huge.txt").stat().st_size > 30 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, str(corpus), str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    summary = report["summary"]
    assert summary["documents"] == 2
    [skipped] = summary["skipped"]
    assert skipped["path"] == "huge.txt"
    assert "too large" in skipped["reason"] and "4 MB" in skipped["reason"]
    assert report["peak_mb"] < 300, report["peak_mb"]


def test_binary_files_with_a_text_extension_are_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "photo.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )
    (corpus / "report.md").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x01\x02" * 40
    )
    (corpus / "archive.json").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(4000))
    (corpus / "page.html").write_bytes(os.urandom(4000).replace(b"<", b"x"))
    (corpus / "ok.txt").write_text(story("Ferry late again"), encoding="utf-8")
    summary = Engine(corpus, tmp_path / "ix").update_index()
    assert summary.documents == 1
    reasons = {s.path: s.reason for s in summary.skipped}
    assert set(reasons) >= {"photo.txt", "report.md", "archive.json"}
    assert all(reason for reason in reasons.values())
    assert "binary" in reasons["photo.txt"] and "binary" in reasons["report.md"]
    # Refused files are remembered: the next run reads nothing and the index is not stale.
    again = Engine(corpus, tmp_path / "ix")
    assert not again.is_stale()
    second = again.update_index()
    assert second.read == 0 and {s.path for s in second.skipped} == set(reasons)


def test_invalid_utf8_in_the_middle_of_a_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (
        story("Harbour board sorry for delays")
        .replace("Ines Brannock", "Sébastien Lefèvre")
        .encode("utf-8")
    )
    middle = len(text) // 2
    broken = text[:middle] + b" \xff\xfe\xc3( " + text[middle:]
    (corpus / "broken.txt").write_bytes(broken)
    (corpus / "clean.txt").write_bytes(text)
    engine = Engine(corpus, tmp_path / "ix")
    summary = engine.update_index()
    assert summary.documents == 2 and not summary.skipped
    article = engine.article("broken.txt")
    assert article.title == engine.article("clean.txt").title
    assert engine.search("passengers").total == 2 and engine.search("timetable").total == 2
    # One stray byte does not turn the whole file into cp1252 mojibake ("SÃ©bastien").
    assert "Sébastien Lefèvre" in article.text
    assert engine.search("Sébastien").total == 2


def mixed_line_endings(text: str) -> str:
    """CRLF, CR and LF in turn, as in a file edited on three systems."""
    endings = ("\r\n", "\n", "\r")  # never CR then LF, which is one CRLF
    return (
        "".join(line + endings[n % 3] for n, line in enumerate(text.split("\n")[:-1]))
        + text.split("\n")[-1]
    )


@pytest.mark.parametrize(
    "convert",
    [
        lambda text: text.replace("\n", "\r\n"),
        lambda text: text.replace("\n", "\r"),
        mixed_line_endings,
    ],
    ids=["crlf", "cr", "mixed"],
)
def test_crlf_and_cr_line_endings(tmp_path: Path, convert: Callable[[str], str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = story("Ferry late again")
    (corpus / "old.txt").write_bytes(convert(text).encode("utf-8"))
    (corpus / "unix.txt").write_bytes(text.encode("utf-8"))
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    article = engine.article("old.txt")
    unix = engine.article("unix.txt")
    assert (article.title, article.date, article.text) == (unix.title, unix.date, unix.text)
    assert "\r" not in article.text
    assert "\n\n" in article.text  # Paragraphs survive.
    assert engine.search('"new timetable"').total == 2
    assert engine.search("quay").total == 2
    for quote in article.quotes:
        assert article.text[quote.start : quote.end].strip("\"“”'") == quote.text
    # `show --raw` shows the file as it is: a lone CR stays there, escaped.
    lone_cr = "\r" in convert(text).replace("\r\n", "")
    assert ("\\x0d" in engine.raw("old.txt").raw) == lone_cr


def test_file_vanishing_or_changing_while_indexing(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (corpus / name).write_text(story(f"Story {name}"), encoding="utf-8")
    real_read = documents.read_file_bytes

    def read_and_disturb(source):
        if source.rel == "a.txt":
            (corpus / "b.txt").unlink()  # b.txt vanishes after the scan, before it is read
            with open(corpus / "c.txt", "a", encoding="utf-8") as handle:
                handle.write("Late addition: the quokkaword timetable.\n")
        return real_read(source)

    monkeypatch.setattr(documents, "read_file_bytes", read_and_disturb)
    engine = Engine(corpus, tmp_path / "ix")
    summary = engine.update_index(processes=1)
    assert summary.documents == 3
    assert [(s.path, "vanished" in s.reason) for s in summary.skipped] == [("b.txt", True)]
    assert ids(engine) == ["a.txt", "c.txt", "d.txt"]
    assert engine.search("quokkaword").total == 1  # c.txt was read as it is now
    monkeypatch.setattr(documents, "read_file_bytes", real_read)
    second = engine.update_index(processes=1)
    assert second.skipped == [] and second.documents == 3
    assert not engine.is_stale()
    assert ids(engine) == ["a.txt", "c.txt", "d.txt"]


def test_paths_with_spaces_and_non_ascii(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "Revue de presse"
    folder = corpus / "Dossiers été 2025"
    folder.mkdir(parents=True)
    name = "Zürich – ferry «delays» 東京.txt"
    (folder / name).write_text(story("Ferry late again"), encoding="utf-8")
    doc_id = f"Dossiers été 2025/{name}"
    args = ["--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    assert main([*args, "index", "--json"]) == 0
    capsys.readouterr()
    assert main([*args, "search", "ferry", "--json"]) == 0
    assert [hit["id"] for hit in json.loads(capsys.readouterr().out)["hits"]] == [doc_id]
    assert main([*args, "show", doc_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == doc_id
    assert main([*args, "show", "Dossiers été", "--raw"]) == 0  # An unambiguous prefix.
    assert "Ferry late again" in capsys.readouterr().out


@pytest.mark.slow
def test_ten_thousand_files_in_one_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(10_000):
        (corpus / f"brief-{number:05d}.txt").write_text(
            f"Brief {number}\n\nThe ferry to Eastmere ran late on day {number}, officials said.\n",
            encoding="utf-8",
        )
    engine = Engine(corpus, tmp_path / "ix")
    started = time.perf_counter()
    summary = engine.update_index(processes=2)
    first_run = time.perf_counter() - started
    assert (summary.documents, summary.new, summary.read) == (10_000, 10_000, 10_000)
    # A bound against blow-ups (a quadratic walk took hours), not a speed test: ~20 s on a quiet
    # machine; bench/ measures speed.
    assert first_run < 180, first_run
    assert engine.search("*", limit=1).total == 10_000
    started = time.perf_counter()
    second = engine.update_index()
    assert (second.read, second.unchanged) == (0, 10_000)
    assert time.perf_counter() - started < 20  # a stat walk, no file read (~1 s)
    assert pool.POOL_THRESHOLD < 10_000  # The pool really was used for the first run.


def test_edit_delete_rename_touch_and_add_read_only_what_changed(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(20):
        (corpus / f"story-{number:02d}.txt").write_text(
            story(f"Story number {number}"), encoding="utf-8"
        )
    index = tmp_path / "ix"
    Engine(corpus, index).update_index(processes=1)
    read: list[str] = []
    real_read = documents.read_file_bytes

    def counting_read(source):
        read.append(source.rel)
        return real_read(source)

    monkeypatch.setattr(documents, "read_file_bytes", counting_read)
    edited = corpus / "story-03.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "A quokkaword appears.\n", "utf-8")
    (corpus / "story-05.txt").unlink()
    (corpus / "story-07.txt").rename(corpus / "story-77.txt")
    touched = corpus / "story-09.txt"
    touched.write_bytes(touched.read_bytes())
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    (corpus / "story-20.txt").write_text(story("A new story"), encoding="utf-8")

    args = ["--corpus", str(corpus), "--index", str(index)]
    with monkeypatch.context() as patch:
        patch.setattr(pool, "POOL_THRESHOLD", 10_000)  # In-process, so the counter sees it.
        assert main([*args, "index"]) == 0
    line = capsys.readouterr().out
    assert sorted(read) == ["story-03.txt", "story-09.txt", "story-20.txt", "story-77.txt"]
    assert "2 new, 1 changed, 2 removed, 17 unchanged files; 4 read" in " ".join(line.split())

    engine = Engine(corpus, index)
    expected = sorted(p.name for p in corpus.iterdir())
    assert ids(engine) == expected and len(expected) == 20
    assert [hit.id for hit in engine.search("quokkaword").hits] == ["story-03.txt"]
    assert [hit.id for hit in engine.search('"story number 7"').hits] == ["story-77.txt"]

    read.clear()
    summary = engine.update_index(processes=1)
    assert read == [] and summary.read == 0 and summary.unchanged == 20
