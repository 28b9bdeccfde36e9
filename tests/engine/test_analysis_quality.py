"""The gold sets stay above a floor: a rule change that breaks extraction broadly fails here."""

from __future__ import annotations

import importlib.util
import sys

from tests.paths import BENCH as BENCH_DIR

BENCH = BENCH_DIR / "analysis_quality.py"


def _bench():
    spec = importlib.util.spec_from_file_location("analysis_quality", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_gold_sets_stay_above_the_floor() -> None:
    bench = _bench()
    for directory in (bench.GOLD_DIR, bench.HELDOUT_DIR):
        score = bench.run(directory)
        assert score.articles >= 4
        for kind, counts in score.entities.items():
            assert counts.f1 >= 0.85, (directory.name, kind, counts)
        assert score.quotes.f1 >= 0.95, (directory.name, score.quotes)
        assert score.speakers_right / score.speakers_total >= 0.9, directory.name
