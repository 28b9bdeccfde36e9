"""Entities of the bundled seed articles, as `show --json` and `entities --json` report them.

Real pages carry headings, labels, captions and credit lines; none of them is an entity, and
the outlets and bodies they name are organisations, never people.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import bundled_corpus

SEEDS = bundled_corpus()
NOT_ENTITIES = [
    "Key Takeaways",
    "Case Study",
    "The Global Pivot and European Fears",
    "Global Pivot",
    "Plan B",
    "DRAGON-24 NATO",
    "DRAGON-24",
    "Copyright Agence France-Presse",
]
BODIES = ["White House", "La Vigie", "Public Senat TV"]
# "China Daily" stands only in a writer's note, which is metadata (the source), not body text.


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("seed-index")


def _json(capsys: pytest.CaptureFixture[str], index: Path, *args: str) -> dict:
    code = main(["--corpus", str(SEEDS), "--index", str(index), *args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def _show_all(capsys: pytest.CaptureFixture[str], index: Path) -> list[dict]:
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        articles.append(_json(capsys, index, "show", path.name))
    return articles


def test_seed_articles_are_bundled() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5


def test_no_heading_label_caption_or_credit_is_an_entity(
    capsys: pytest.CaptureFixture[str], seed_index: Path
) -> None:
    for article in _show_all(capsys, seed_index):
        for entity in article["entities"]:
            forms = {entity["name"], *entity["aliases"]}
            assert not forms & set(NOT_ENTITIES), (article["id"], entity)


def test_outlets_and_bodies_are_organisations_not_people(
    capsys: pytest.CaptureFixture[str], seed_index: Path
) -> None:
    typed: dict[str, set[str]] = {}
    for article in _show_all(capsys, seed_index):
        for entity in article["entities"]:
            typed.setdefault(entity["name"], set()).add(entity["type"])
    for body in BODIES:
        assert typed.get(body) == {"org"}, (body, typed.get(body))
    assert typed.get("France") == {"place"}  # "the channel France 5" does not make it a body
    assert "China Daily" not in typed


def test_people_ranking_puts_trump_and_macron_near_the_top(
    capsys: pytest.CaptureFixture[str], seed_index: Path
) -> None:
    people = _json(capsys, seed_index, "entities", "--type", "person")["entities"]
    names = [person["name"] for person in people]
    assert {"Donald Trump", "Emmanuel Macron"} <= set(names[:3]), names[:5]
    assert all(person["type"] == "person" for person in people)
