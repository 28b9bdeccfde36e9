"""Titles: a section label cut off a headline, and a title derived from an untitled article."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.search.titles import derive_title, strip_title_label
from tests.engine.test_metadata import BODY


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        (
            "Why Paris now sees Washington as a risk | Explained",
            "Why Paris now sees Washington as a risk",
        ),
        (
            "Allies agree on a new air defence plan | Example News",
            "Allies agree on a new air defence plan",
        ),
        ("Paris | Berlin", "Paris | Berlin"),
        (
            "Allies agree on a plan | and then some more words here",
            "Allies agree on a plan | and then some more words here",
        ),
    ],
)
def test_title_labels_after_a_bar(title: str, clean: str) -> None:
    assert strip_title_label(title) == clean


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ministers met in Riga. They agreed on a plan.", "Ministers met in Riga"),
        (
            "Mr. Kalnins met U.S. envoys in Riga on Monday. Talks went well.",
            "Mr. Kalnins met U.S. envoys in Riga on Monday",
        ),
        ("RIGA (Reuters) - Ministers met in Riga. More.", "Ministers met in Riga"),
        ("Is this the end of the alliance? Officials say no.", "Is this the end of the alliance?"),
        (
            "Ministers from eleven countries met in the Latvian capital on Monday to agree on a joint plan for air defence.",
            "Ministers from eleven countries met in the Latvian capital on Monday to agree on…",
        ),
        (
            "(Photo: soldiers at a drill in 2024)\n\nMinisters met in Riga. More.",
            "Ministers met in Riga",
        ),
        ("", None),
    ],
)
def test_derived_title_is_the_first_sentence_cut_at_a_word(text: str, title: str | None) -> None:
    derived = derive_title(text)
    assert derived == title
    if derived is not None:
        assert len(derived) <= 81


def test_untitled_article_gets_a_derived_title_and_a_titled_one_none(tmp_path: Path) -> None:
    from corpus_tui.search.corpus_walk import walk_corpus
    from corpus_tui.search.ingest import SourceFile, read_source

    (tmp_path / "untitled.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "titled.txt").write_text("Ministers meet in Warsaw\n\n" + BODY, encoding="utf-8")
    docs = {
        doc.id: doc
        for item in walk_corpus(tmp_path)
        if isinstance(item, SourceFile)
        for doc in read_source(item).documents
    }
    assert docs["untitled.txt"].title is None
    assert docs["untitled.txt"].derived_title == (
        "The minister said on Monday that the plan would be ready by the summer, and that…"
    )
    assert docs["titled.txt"].title == "Ministers meet in Warsaw"
    assert docs["titled.txt"].derived_title is None
