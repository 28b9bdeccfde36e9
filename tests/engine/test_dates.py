"""Dates in news text: every common format read as one ISO date, and lines that are only a date."""

from __future__ import annotations

import pytest

from corpus_tui.search.dates import date_line, find_date, parse_date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-04-17", "2025-04-17"),
        ("2025-04-17T09:30:00Z", "2025-04-17"),
        ("2025-04-17T09:30:00+02:00", "2025-04-17"),
        ("April 17, 2025", "2025-04-17"),
        ("Apr. 17, 2025", "2025-04-17"),
        ("17 April 2025", "2025-04-17"),
        ("Thu, 17 Apr 2025 10:00:00 +0000", "2025-04-17"),
        ("17.04.2025", "2025-04-17"),
        ("Sept 3rd, 2024", "2024-09-03"),
        ("2025/04/17", "2025-04-17"),
        ("February 30, 2025", None),
        ("next Tuesday", None),
        ("", None),
    ],
)
def test_parse_date_formats(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_find_date_takes_the_earliest() -> None:
    found = find_date("Filed 3 March 2025, updated 2025-03-05")
    assert found is not None and found.iso == "2025-03-03"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("March 18, 2025", "2025-03-18"),
        ("Published: 2025-04-02 09:14 CET", "2025-04-02"),
        ("Tuesday, 8 April 2025", "2025-04-08"),
        ("Updated 17 April 2025, 14:05", "2025-04-17"),
        ("April 8, 2025 | 14:32", "2025-04-08"),
        ("The plan was agreed on March 18, 2025 in Brussels", None),
        ("(Photo: Workers at the plant, March 1, 2024)", None),
    ],
)
def test_date_line_accepts_only_lines_that_are_a_date(line: str, iso: str | None) -> None:
    assert date_line(line) == iso
