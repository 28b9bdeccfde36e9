"""Generate a deterministic corpus of news-like articles for benchmarks.

Real corpora cannot be shipped, and benchmark numbers only compare when every run indexes the same
bytes, so this writes synthetic wire stories with the shape the engine has to deal with: a headline,
a dateline with a news agency, quoted speakers introduced by full name and later by surname,
places and organisations, a Zipf-distributed vocabulary of several thousand words, and some web
clutter (site banners, "More news" lists, copyright lines).

Every article is drawn from its own random stream derived from (seed, number), so the output does
not depend on how many worker processes write it.

    python bench/make_corpus.py 10000 /tmp/corpus-10k --seed 7
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 1


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, to keep long lists readable."""
    return tuple(text.split())


ARTICLES_PER_FOLDER = 1000
"""Articles are spread over sub-folders, as real archives are, rather than one huge folder."""

FUNCTION_WORDS = _words(
    "the of and to a in that is for on was with as it by at from has be are have said "
    "an not this its but which were had after been their they will would more also who "
    "over than up about into two or new other last year first one when there could out "
    "all against some what while before since during only most three under between them "
    "because such those many being can may should where both any these then through now "
    "still including without very however week month today around again already "
    "much several across told earlier among another each further even if so how"
)
"""Common English words; in news text they make up roughly half of the running words."""

ONSETS = _words(
    "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl "
    "ch sh th st sp sk sm sn sw qu"
)
VOWELS = _words("a e i o u a e i o ai ea ou io")
CODAS = ["", "", "", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "nt", "st", "rk", "ng", "x"]
SUFFIXES = ["", "", "", "", "s", "s", "ed", "ing", "ion", "ions", "er", "ers", "ly", "ment"]
"""Inflections, so stemming has real work to do and "report"/"reported" share a stem."""

GIVEN_ENDINGS = ["a", "o", "en", "ia", "as", "el", "ik", "ine", "an", "us"]
SURNAME_ENDINGS = ["son", "ski", "ova", "ez", "ard", "berg", "elli", "ou", "ic", "ner", "ley", ""]

CITIES = _words(
    "Brussels Paris Berlin Warsaw Rome Madrid Lisbon Vienna Prague Budapest Bucharest Sofia "
    "Athens Helsinki Stockholm Oslo Copenhagen Dublin London Washington Ottawa Tokyo Seoul "
    "Beijing Delhi Nairobi Cairo Ankara Kyiv Vilnius Riga Tallinn Geneva Brasilia Canberra"
)
COUNTRIES = _words(
    "France Germany Poland Italy Spain Portugal Austria Hungary Romania Bulgaria Greece "
    "Finland Sweden Norway Denmark Ireland Britain Canada Japan China India Kenya Egypt "
    "Turkey Ukraine Lithuania Latvia Estonia Switzerland Brazil Australia Mexico Chile"
)
AGENCIES = ("AFP", "Reuters", "AP", "DPA", "ANSA", "EFE", "Kyodo", "PAP")
SITE_TAGLINES = (
    "News Around The Clock",
    "Your World At War",
    "The Daily Briefing",
    "Independent Reporting Since 1998",
)
ROLES = (
    "Defence Minister",
    "Foreign Minister",
    "Finance Minister",
    "Prime Minister",
    "President",
    "spokeswoman",
    "spokesman",
    "chief executive",
    "senior analyst",
    "Deputy Secretary General",
    "Ambassador",
    "lawmaker",
)
ORG_KINDS = ("Ministry of {}", "{} Group", "{} Institute", "{} Corporation", "{} Council")
SPEECH_VERBS = ("said", "told reporters", "added", "said in a statement", "warned")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class World:
    """Everything shared by all articles of one corpus: vocabulary, people, organisations."""

    words: tuple[str, ...]
    word_cumulative: tuple[float, ...]
    people: tuple[tuple[str, str, str], ...]
    """(given name, surname, role)"""
    people_cumulative: tuple[float, ...]
    organisations: tuple[str, ...]
    sites: tuple[str, ...]


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def _zipf_cumulative(count: int, exponent: float = 1.05, shift: float = 2.7) -> tuple[float, ...]:
    """Zipf-Mandelbrot weights, as cumulative sums for fast sampling."""
    return tuple(itertools.accumulate(1.0 / (rank + shift) ** exponent for rank in range(count)))


def build_world(seed: int, vocabulary: int = 6000, people: int = 3000) -> World:
    """The corpus-wide vocabulary and cast, drawn from `seed` alone."""
    rng = random.Random(f"world-{seed}")
    stems: dict[str, None] = {}
    while len(stems) < vocabulary:
        stem = "".join(_syllable(rng) for _ in range(rng.choice((1, 1, 2, 2, 2, 3))))
        if len(stem) >= 3 and stem not in FUNCTION_WORDS:
            stems[stem] = None
    content = [stem + rng.choice(SUFFIXES) for stem in stems]
    # Frequent words are short (Zipf's law of abbreviation).
    content.sort(key=lambda word: len(word) + rng.random() * 4)
    # Function words take the top ranks (interleaved with a few frequent content words).
    ranked = list(FUNCTION_WORDS[:20]) + content[:10] + list(FUNCTION_WORDS[20:]) + content[10:]
    cast = []
    seen: set[tuple[str, str]] = set()
    while len(cast) < people:
        given = (_syllable(rng) + rng.choice(GIVEN_ENDINGS)).capitalize()
        surname = (_syllable(rng) + _syllable(rng) + rng.choice(SURNAME_ENDINGS)).capitalize()
        if (given, surname) not in seen:
            seen.add((given, surname))
            cast.append((given, surname, rng.choice(ROLES)))
    organisations = tuple(
        rng.choice(ORG_KINDS).format((_syllable(rng) + _syllable(rng)).capitalize())
        for _ in range(400)
    )
    sites = tuple(
        f"{(_syllable(rng) + _syllable(rng)).capitalize()}.com - {rng.choice(SITE_TAGLINES)}"
        for _ in range(30)
    )
    return World(
        words=tuple(ranked),
        word_cumulative=_zipf_cumulative(len(ranked)),
        people=tuple(cast),
        people_cumulative=_zipf_cumulative(len(cast), exponent=0.9),
        organisations=organisations,
        sites=sites,
    )


def _sample(rng: random.Random, items: Sequence[str], cumulative: Sequence[float], k: int) -> list:
    """`k` Zipf-weighted draws (random.choices with precomputed cumulative weights)."""
    total = cumulative[-1]
    hi = len(cumulative) - 1
    return [items[bisect.bisect(cumulative, rng.random() * total, 0, hi)] for _ in range(k)]


def _sentence(rng: random.Random, world: World, mentions: Sequence[str]) -> str:
    """One sentence of 8–28 words, sometimes naming a place, organisation or person."""
    words = _sample(rng, world.words, world.word_cumulative, rng.randint(8, 28))
    if mentions and rng.random() < 0.5:
        words.insert(rng.randrange(1, len(words)), rng.choice(mentions))
    if len(words) > 12 and rng.random() < 0.4:
        cut = rng.randrange(4, len(words) - 4)
        words[cut] += ","
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def _quote_paragraph(
    rng: random.Random, world: World, speaker: tuple[str, str, str], first: bool
) -> str:
    """A quotation attributed to a speaker: full name and role at first mention, surname after."""
    given, surname, role = speaker
    quoted = _sentence(rng, world, ())[:-1]
    verb = rng.choice(SPEECH_VERBS)
    if first:
        lead = f"“{quoted},” said {role} {given} {surname}"
        if rng.random() < 0.5:
            lead = f'"{quoted}," {given} {surname}, the {role.lower()}, {verb}'
    elif rng.random() < 0.5:
        lead = f'"{quoted}," {surname} {verb}'
    else:
        lead = f"“{quoted},” said {surname}"
    follow = " ".join(_sentence(rng, world, ()) for _ in range(rng.randint(0, 2)))
    return f"{lead}. {follow}".rstrip()


def _headline(rng: random.Random, world: World, places: Sequence[str]) -> str:
    words = _sample(rng, world.words, world.word_cumulative, rng.randint(5, 10))
    words.insert(rng.randrange(len(words)), rng.choice(places))
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _date(rng: random.Random) -> tuple[int, int, int]:
    year = rng.choice((2023, 2024, 2024, 2025, 2025, 2025))
    month = rng.randrange(12)
    return year, month, rng.randint(1, MONTH_DAYS[month])


def make_article(number: int, seed: int, world: World) -> str:
    """One article as the text of a .txt file (about 600 words of body)."""
    rng = random.Random(f"article-{seed}-{number}")
    city = rng.choice(CITIES)
    places = [city, *rng.sample(COUNTRIES, 3)]
    orgs = rng.sample(world.organisations, 2)
    wanted = rng.randint(2, 4)
    chosen: dict[int, None] = {}
    while len(chosen) < wanted:
        draw = rng.random() * world.people_cumulative[-1]
        chosen[bisect.bisect(world.people_cumulative, draw)] = None
    speakers = [world.people[i] for i in chosen]
    year, month, day = _date(rng)
    agency = rng.choice(AGENCIES)
    lines: list[str] = []
    if rng.random() < 0.3:
        lines += [rng.choice(world.sites), ""]
    lines += [_headline(rng, world, places), ""]
    if rng.random() < 0.5:
        dateline = f"{city}, {MONTHS[month]} {day}, {year} ({agency}) -"
        lead = [dateline + " " + _sentence(rng, world, places + orgs)]
    else:
        short = MONTHS[month][:3]
        dateline = f"{city}, {MONTHS[month]} {day} ({agency}) {short} {day}, {year}"
        lead = [dateline, _sentence(rng, world, places + orgs)]
    lines += lead
    introduced: set[int] = set()
    words = 0
    mentions = places + orgs + [f"{g} {s}" for g, s, _ in speakers]
    while words < 560:
        if rng.random() < 0.4:
            index = rng.randrange(len(speakers))
            paragraph = _quote_paragraph(rng, world, speakers[index], index not in introduced)
            introduced.add(index)
        elif rng.random() < 0.06:
            paragraph = f"- {_headline(rng, world, places)} -"
        else:
            paragraph = " ".join(_sentence(rng, world, mentions) for _ in range(rng.randint(2, 4)))
        lines += ["", paragraph]
        words += paragraph.count(" ") + 1
    for index in range(len(speakers)):
        if index not in introduced:
            lines += ["", _quote_paragraph(rng, world, speakers[index], True)]
    if rng.random() < 0.4:
        lines += ["", f"© {year} {agency}"]
    if rng.random() < 0.3:
        lines += ["", "More news", *(_headline(rng, world, COUNTRIES) for _ in range(5))]
    return "\n".join(lines) + "\n"


def article_path(out_dir: Path, number: int) -> Path:
    return out_dir / f"{number // ARTICLES_PER_FOLDER:03d}" / f"article-{number:06d}.txt"


def _write_range(args: tuple[int, int, int, str]) -> int:
    """Write articles [start, stop) — the unit of work of one worker process."""
    start, stop, seed, out = args
    world = build_world(seed)
    out_dir = Path(out)
    for number in range(start, stop):
        path = article_path(out_dir, number)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_article(number, seed, world).encode("utf-8"))
    return stop - start


def make_corpus(count: int, out_dir: Path, seed: int = DEFAULT_SEED, workers: int = 0) -> None:
    """Write `count` articles under `out_dir`; the bytes depend only on `count` and `seed`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    step = 2000
    jobs = [(s, min(s + step, count), seed, str(out_dir)) for s in range(0, count, step)]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            _write_range(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(_write_range, jobs):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default 1)")
    parser.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must be zero or more")
    if args.out_dir.exists() and not args.out_dir.is_dir():
        parser.error(f"{args.out_dir} exists and is not a folder")
    started = time.perf_counter()
    make_corpus(args.count, args.out_dir, args.seed, args.workers)
    took = time.perf_counter() - started
    print(f"wrote {args.count} articles to {args.out_dir} in {took:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
