"""The time left shown while indexing: from the rate so far, and nothing during the first second."""

from __future__ import annotations

import time

import pytest

from corpus_tui.search import cli_output
from corpus_tui.search.eta import Eta, format_duration


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_estimate_in_the_first_second_then_the_rate_so_far() -> None:
    clock = _Clock()
    eta = Eta(clock)
    clock.now += 0.5
    assert eta.seconds_left(50, 100) is None and eta.text(50, 100) == ""
    clock.now += 1.5  # 2 s for 10 of 100 articles: 18 s to go
    assert eta.seconds_left(0, 100) is None
    assert eta.seconds_left(10, 100) == pytest.approx(18.0)
    assert eta.text(10, 100) == "ETA 0:18"
    clock.now += 4000 - 2
    assert eta.text(1, 3) == "ETA 2:13:20"
    eta.start()
    assert eta.text(10, 100) == ""


def test_durations() -> None:
    assert format_duration(0.2) == "0:01"
    assert format_duration(65) == "1:05"
    assert format_duration(3600) == "1:00:00"


def test_the_plain_progress_line_shows_the_time_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = _Clock()
    monkeypatch.setattr(cli_output, "Eta", lambda: Eta(clock))
    monkeypatch.setenv("NO_COLOR", "1")
    with cli_output.progress_bar() as update:
        update(1, 100, "a.txt")
        first = capsys.readouterr().err
        clock.now += 3.0
        time.sleep(0.15)  # the line is redrawn at most ten times a second
        update(30, 100, "b.txt")
        later = capsys.readouterr().err
    assert "ETA" not in first
    assert "indexing 30/100 ETA 0:07 b.txt" in later
