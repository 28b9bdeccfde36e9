"""The bundled corpus: the seed articles as a new user meets them, through the command line.

The seeds are real pages with their clutter (site banners, ad markers, teaser headlines, agency
copyright notices, photo captions, credit lines), so these checks are what the general rules of
ingest and metadata have to get right on text nobody wrote for the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import bundled_corpus
from tests.paths import SEEDS


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh index of the bundled corpus (the CLI's default corpus), built by the first call."""
    return tmp_path_factory.mktemp("seeds-index")


@pytest.fixture()
def cli(seeds_index: Path, capsys: pytest.CaptureFixture[str]):
    """Run the CLI on its default corpus with a private index; returns the parsed JSON."""

    def call(*args: str) -> dict:
        code = main(["--index", str(seeds_index), *args, "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        return json.loads(out)

    return call


def ids(cli, query: str) -> list[str]:
    result = cli("search", query, "--limit", "100")
    assert result["total"] == len(result["hits"])
    return sorted(hit["id"][:3] for hit in result["hits"])


def test_the_default_corpus_is_the_five_seeds() -> None:
    bundled = sorted(p.name for p in bundled_corpus().glob("*.txt"))
    assert bundled == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(bundled) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NATO", ["000", "001", "002", "003", "004"]),
        ('"strategic autonomy"', ["003"]),
        ("Macron NOT Trump", ["003"]),
        ("title:conundrum", ["003"]),
        ("Lecornu AND Hegseth", ["002"]),
        ('person:"Sophie Primas"', ["004"]),
        ("source:afp", ["002"]),
        ('source:"china daily"', ["001"]),
    ],
)
def test_seed_searches(cli, query: str, expected: list[str]) -> None:
    assert ids(cli, query) == expected


@pytest.mark.parametrize(
    "word",
    [
        "SPHEREx",  # teaser headlines after the article's ad marker
        "Jackpots",
        "Neanderthal",
        "SpaceDaily",  # the heading of a teaser block
        "ADVERTISEMENT",
        "intellectual",  # the agency's copyright notice
        "journalist",  # the writer's note is the source, not body text
    ],
)
def test_page_clutter_is_not_searchable(cli, word: str) -> None:
    assert cli("search", word)["total"] == 0


def test_show_002_metadata_and_clean_text(cli) -> None:
    article = cli("show", "002")
    assert article["id"] == "002_8dde795dc9bbe132.txt"
    assert article["title"] == "US urges France to take lead on European defense"
    assert article["derived_title"] is None
    assert article["date"] == "2025-04-17"
    assert article["source"] == "AFP"
    text = article["text"]
    assert "SpaceWar.com" not in text
    assert text.startswith("US Defense Secretary Pete Hegseth on Thursday called on France")
    assert text.endswith("to discuss rekindling stalled talks on a ceasefire.")
    for clutter in ("ADVERTISEMENT", "Space News", "Copyright", "All rights reserved"):
        assert clutter not in text


def test_raw_keeps_the_page_as_it_was(cli) -> None:
    raw = cli("show", "002", "--raw")["raw"]
    assert raw == (SEEDS / "002_8dde795dc9bbe132.txt").read_text(encoding="utf-8")
    assert "SPHEREx" in raw and "Copyright Agence France-Presse" in raw


# What a reader expects of each seed: the page's own headline (without a section label),
# else a derived title marked as such; the publication date only where the page gives one
# (not a photo caption's date, not an event's "Feb 12"); the outlet or agency that the page
# credits.
EXPECTED = {
    "000": {
        "title": None,
        "derived_title": "France has urged Washington to establish a coordinated framework for"
        " reducing…",
        "date": None,
        "source": None,
    },
    "001": {
        "title": None,
        "derived_title": "France's President Emmanuel Macron hosted a meeting in Paris on Tuesday"
        " with…",
        "date": None,
        "source": "China Daily",
    },
    "002": {
        "title": "US urges France to take lead on European defense",
        "derived_title": None,
        "date": "2025-04-17",
        "source": "AFP",
    },
    "003": {
        "title": "France-US Conundrum: Why Paris now sees Washington as a risk to European"
        " sovereignty in NATO",
        "derived_title": None,
        "date": None,
        "source": None,
    },
    "004": {
        "title": "France says Europe must stop relying on the US for security",
        "derived_title": None,
        "date": None,
        "source": "News.Az",
    },
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_metadata(cli, prefix: str) -> None:
    article = cli("show", prefix)
    shown = {key: article[key] for key in EXPECTED[prefix]}
    assert shown == EXPECTED[prefix]
    if article["title"] is not None:
        assert not article["text"].startswith(article["title"])
    else:
        derived = article["derived_title"]
        assert len(derived) <= 81 and derived.endswith("…")
        assert article["text"].startswith(derived.rstrip("…"))


def test_credit_lines_leave_the_body(cli) -> None:
    assert cli("show", "001")["text"].endswith("without relying entirely on the US.")
    assert cli("show", "004")["text"].endswith("and security in Europe.")


def test_derived_title_does_not_follow_the_query(cli) -> None:
    """A hit's title is the same whatever matched: search results never invent one."""
    titles = set()
    for query in ("NATO", "Ruffaut", "Ankara", "intelligence transport"):
        hits = {hit["id"][:3]: hit for hit in cli("search", query)["hits"]}
        assert hits["000"]["title"] is None
        titles.add(hits["000"]["derived_title"])
    assert titles == {EXPECTED["000"]["derived_title"]}
