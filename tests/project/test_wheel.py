"""Packaging: the built wheel ships every module, the seed articles and the data files, and runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The built wheel and everything the build printed."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("corpus_tui-*.whl")
    return built, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(wheel_build: tuple[Path, str]) -> Path:
    return wheel_build[0]


def test_the_build_prints_no_packaging_warnings(wheel_build: tuple[Path, str]) -> None:
    """Every folder of data is a declared package, so setuptools has nothing to warn about."""
    log = wheel_build[1]
    assert "is absent from the `packages` configuration" not in log
    assert "Warning" not in log, log


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = {f"corpus_tui/seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")}
    assert seeds <= names, "every seed article is package data"
    for folder in ("search", "tui"):
        for module in (ROOT / folder).rglob("*.py"):
            rel = module.relative_to(ROOT / folder).as_posix()
            assert f"corpus_tui/{folder}/{rel}" in names
    data = {
        f"corpus_tui/search/{p.relative_to(ROOT / 'search').as_posix()}"
        for p in (ROOT / "search" / "data").glob("*")
        if p.is_file()
    }
    assert data <= names
    assert any(n.startswith("corpus_tui/tui/") and n.endswith(".tcss") for n in names)
    assert "corpus_tui/tui/actions.toml" in names  # the action table the app reads at start


def test_installed_wheel_searches(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel alone into a fresh venv that borrows only the third-party packages."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # Third-party dependencies come from the test venv, without its editable corpus_tui.
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    where = subprocess.run(
        [python, "-c", "import corpus_tui.search, sys; print(corpus_tui.search.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    ).stdout
    assert where.startswith(site), where
    for args in ([], ["--corpus", str(ROOT / "tests" / "data" / "sample_corpus")]):
        done = subprocess.run(
            [python, "-m", "corpus_tui.search", *args, "search", "NATO", "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        if args:
            assert result["total"] >= 4
        else:  # every seed article mentions NATO
            assert result["total"] == len(list((ROOT / "seeds").glob("*.txt")))
