"""The engine stays headless: it never imports textual, and `search --json` skips Rich too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import ENGINE as ENGINE_DIR
from tests.paths import SAMPLE_CORPUS


def test_engine_sources_never_import_textual() -> None:
    offenders = [
        path.name
        for path in ENGINE_DIR.rglob("*.py")
        if any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_search_json_process_imports_neither_textual_nor_rich(sample_index: Path) -> None:
    code = (
        "import sys, json\n"
        "from corpus_tui.search.cli import main\n"
        f"rc = main(['--corpus', {str(SAMPLE_CORPUS)!r}, '--index', {str(sample_index)!r},"
        " 'search', 'NATO', '--json'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
        "sys.stderr.write(json.dumps({'rc': rc, 'loaded': loaded}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"rc": 0, "loaded": []}
    assert json.loads(done.stdout)["total"] >= 4


def test_module_entry_point_exit_codes(sample_index: Path) -> None:
    base = [sys.executable, "-m", "corpus_tui.search", "--corpus", str(SAMPLE_CORPUS)]
    base += ["--index", str(sample_index)]
    bad = subprocess.run(
        [*base, "search", "nosuchfield:x"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "corpus_tui.search",
            "--corpus",
            "/nonexistent/corpus",
            "search",
            "x",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1 and "corpus not found" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
