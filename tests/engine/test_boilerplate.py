"""Page clutter stays out of the indexed text: ads, share bars, copyright lines, link lists."""

from __future__ import annotations

import pytest

from corpus_tui.search.boilerplate import (
    copyright_holder,
    is_ad_marker,
    is_clutter,
    is_copyright,
    is_list_heading,
    trailing_cleanup,
)
from corpus_tui.search.formats.text import extract_article, parse_text
from tests.paths import SAMPLE_CORPUS

BODY = (
    "Ministers met in Warsaw on Tuesday to discuss the new air defence plan.\n\n"
    '"We are ready," the minister told reporters.\n\n'
    "Talks will continue next month, officials said.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored",
        "- Advertisement -",
        "[Ad]",
        "Story continues below advertisement",
        "Sponsored content",
    ],
)
def test_ad_markers(line: str) -> None:
    assert is_ad_marker(line)


@pytest.mark.parametrize(
    "line", ["Advertisements for the job ran for weeks.", "Sponsors pulled out."]
)
def test_sentences_about_ads_are_not_markers(line: str) -> None:
    assert not is_ad_marker(line)


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("© 2025 Baltic Business Review. All rights reserved.", "Baltic Business Review"),
        ("Copyright 2025 The Continental Observer", "The Continental Observer"),
        ("(c) 2024 Example Media", "Example Media"),
        ("All rights reserved.", None),
    ],
)
def test_copyright_lines(line: str, holder: str | None) -> None:
    assert is_copyright(line)
    assert copyright_holder(line) == holder


def test_copyright_in_a_sentence_is_kept() -> None:
    assert not is_copyright("The court ruled on the copyright case last week.")


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share on Facebook",
        "Subscribe to our newsletter",
        "Print this page",
        "Read more: Allies agree on air defence",
        "dw/jm/bp",
        "Follow us on X and Telegram",
        "Tweet",
    ],
)
def test_clutter(line: str) -> None:
    assert is_clutter(line)


@pytest.mark.parametrize(
    "line", ["Share prices fell sharply on Monday.", "Subscribers rose by ten percent, it said."]
)
def test_sentences_are_not_clutter(line: str) -> None:
    assert not is_clutter(line)


@pytest.mark.parametrize(
    "line",
    ["More news", "Related", "Related coverage", "Read more", "READ MORE:", "You may also like"],
)
def test_list_headings(line: str) -> None:
    assert is_list_heading(line)


def test_more_news_list_after_heading_is_removed() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nMore news\nZephyrion probe returns images\n"
        "Lottery jackpot rolls over\n"
    )
    assert "Zephyrion" not in article.text
    assert "More news" not in article.text
    assert article.text.endswith("Talks will continue next month, officials said.")


def test_unheaded_list_of_headlines_is_removed() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n"
        + BODY
        + "\nZephyrion probe returns first images of icy moon\n"
        "Lottery jackpot rolls over again without a winner\n"
        "Researchers report advance in compact fusion magnets\n"
    )
    assert "Zephyrion" not in article.text
    assert "fusion" not in article.text


def test_two_unheaded_lines_are_kept() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nNext meeting in Riga\nAgenda still open\n"
    )
    assert article.text.endswith("Agenda still open")


def test_list_after_credit_line_is_removed() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nNews.Az\n\nFestival season opens early\n"
    )
    assert article.source == "News.Az"
    assert "Festival" not in article.text


def test_ad_and_copyright_lines_removed_anywhere() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\nFirst paragraph of the story.\n\nAdvertisement\n\n"
        "Second paragraph of the story.\n\nShare this article\n\n© 2025 Example Post\n"
    )
    assert article.text == "First paragraph of the story.\n\nSecond paragraph of the story."
    assert article.source == "Example Post"


def test_bullet_points_ending_an_article_are_kept() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\nThe plan has three parts:\n\n- more air defence for cities\n"
        "- joint orders for ammunition\n- faster permits for new plants\n"
    )
    assert "- faster permits for new plants" in article.text


def test_article_text_is_never_cut_to_nothing() -> None:
    lines = ["Allies agree on plan", "Talks go on in Riga", "Vote expected in June"]
    assert trailing_cleanup(lines).end == 3


@pytest.mark.parametrize(
    ("name", "absent"),
    [
        (
            "001_nato-ammunition-fund.txt",
            ["Zephyrion", "More news", "DefenceWire", "jackpot", "dw/jm/bp"],
        ),
        (
            "002_veltrix-gdansk-expansion.txt",
            ["Advertisement", "©", "All rights reserved", "journalist for"],
        ),
        ("003_buy-european-rule-dispute.txt", ["Meridian.Az"]),
        (
            "004_lithuania-air-defence-order.txt",
            ["ADVERTISEMENT", "Share this article", "Subscribe", "Published:"],
        ),
        (
            "005_steel-tariffs-defence-industry.txt",
            ["Related coverage", "Share on", "Print this page", "Source:"],
        ),
        (
            "006_kyiv-coproduction-deal.txt",
            ["Sponsored", "Zephyrion", "recipes", "Copyright", "Continental Observer"],
        ),
    ],
)
def test_sample_corpus_boilerplate_removed(name: str, absent: list[str]) -> None:
    (article,) = parse_text((SAMPLE_CORPUS / name).read_text(encoding="utf-8")).articles
    for word in absent:
        assert word not in article.text, word
    assert article.title is not None and article.title not in article.text
    assert len(article.text.split()) > 400


def test_long_copyright_notice_paragraph_is_removed() -> None:
    notice = (
        "All rights reserved. Copyright Example Wire Service. The dispatches, photographs and "
        "logos on this page are protected by intellectual property rights owned by Example Wire "
        "Service, and none of them may be copied, reproduced, modified, transmitted or published "
        "without the prior written consent of Example Wire Service."
    )
    assert len(notice) > 250 and is_copyright(notice)
    assert copyright_holder(notice) == "Example Wire Service"
    article = extract_article("Ministers meet in Warsaw\n\n" + BODY + "\n" + notice + "\n")
    assert "rights" not in article.text
    assert article.text.endswith("Talks will continue next month, officials said.")
    assert article.source == "Example Wire Service"


def test_paragraph_about_copyright_is_kept() -> None:
    paragraph = (
        "Copyright lawsuits against the company were filed in three states. All rights to the "
        "songs, the plaintiffs argue, remain with the writers who recorded them decades ago."
    )
    assert not is_copyright(paragraph)
    article = extract_article("Ministers meet in Warsaw\n\n" + BODY + "\n" + paragraph + "\n")
    assert article.text.endswith("decades ago.")


def test_headlines_after_a_trailing_ad_marker_are_removed() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n"
        + BODY
        + "\n\nADVERTISEMENT\n\n\nOrbital telescope maps the infrared sky\n"
        "Casino Games Promise Record Prizes\n"
    )
    assert "telescope" not in article.text
    assert "Casino" not in article.text
    assert "ADVERTISEMENT" not in article.text
    assert article.text.endswith("Talks will continue next month, officials said.")


def test_teaser_lists_grouped_under_section_headings_are_removed() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n"
        + BODY
        + "\nScience News\nTelescope maps the sky\n\nSports\nStriker signs with club\n"
    )
    assert "Telescope" not in article.text
    assert "Striker" not in article.text
    assert "Science News" not in article.text
    assert article.text.endswith("Talks will continue next month, officials said.")


def test_one_section_heading_closing_an_article_is_kept() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nWorld Reaction\nAllies Welcome the Plan\n"
    )
    assert article.text.endswith("Allies Welcome the Plan")


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        (
            "(c) Copyright Example Wire 2025. Click for restrictions on reuse of this content.",
            "Example Wire",
        ),
        (
            "Copyright 2025 Example Media, Inc., a subsidiary of Example Holdings",
            None,
        ),
        ("COPYRIGHT 2025 EXAMPLE MEDIA", "EXAMPLE MEDIA"),
    ],
)
def test_other_copyright_forms(line: str, holder: str | None) -> None:
    assert is_copyright(line)
    assert copyright_holder(line) == holder


def test_long_paragraph_opening_with_copyright_prose_is_kept() -> None:
    paragraph = "Copyright 2025 lawsuits were filed by authors in many courts. " * 5
    assert len(paragraph) > 250 and not is_copyright(paragraph)
