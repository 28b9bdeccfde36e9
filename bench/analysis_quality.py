"""Score entity and quotation extraction against the hand-annotated gold set.

    python bench/analysis_quality.py            # print the figures
    python bench/analysis_quality.py --errors   # also list every miss and false alarm
    python bench/analysis_quality.py --write    # also update the figures in docs/analysis.md
    python bench/analysis_quality.py --no-devsets   # only the bundled gold sets (a second)

Besides the bundled gold sets it runs the two official development-set scorers
(`../shared/devsets/score_entities.py` and `score_quotes.py`, relative to the project root) on
real Reuters and US political articles, a few minutes together; they are skipped with a message
when the sets are not there. Their text is read where it lies, never copied.

Entities match by (type, canonical name) within an article, accent- and case-insensitive.
Quotations match by their inner words (punctuation and spacing ignored); speaker accuracy is
over matched quotations, with "no speaker" a valid answer.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tui.search.analysis import analyse
from corpus_tui.search.analysis.lexicon import fold

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "gold"
HELDOUT_DIR = GOLD_DIR / "heldout"
DOC_PATH = ROOT / "docs" / "analysis.md"
TYPES = ("person", "org", "place")
START_MARK, END_MARK = "<!-- figures:start -->", "<!-- figures:end -->"
DEVSET_START, DEVSET_END = "<!-- devsets:start -->", "<!-- devsets:end -->"
DEVSETS = ROOT.parent / "shared" / "devsets"
DEVSET_SCORERS = (
    ("entities (conll-dev, Reuters 1996)", "score_entities.py", "conll-dev"),
    ("quotations (polnear-dev, US politics 2016)", "score_quotes.py", "polnear-dev"),
)


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Everything the report shows, plus the individual errors."""

    entities: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    quotes: Counts = field(default_factory=Counts)
    speakers_right: int = 0
    speakers_total: int = 0
    errors: list[str] = field(default_factory=list)
    articles: int = 0


def _norm_name(name: str) -> str:
    return fold(name).replace(".", "").strip()


def _norm_quote(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def score_article(text: str, gold: dict, score: Score, label: str) -> None:
    """Add one article's matches and errors to `score`."""
    entities, quotes = analyse(text)
    for kind in TYPES:
        want = {_norm_name(e["name"]): e["name"] for e in gold["entities"] if e["type"] == kind}
        got = {_norm_name(e.name): e.name for e in entities if e.type == kind}
        counts = score.entities[kind]
        counts.tp += len(want.keys() & got.keys())
        for key in got.keys() - want.keys():
            counts.fp += 1
            score.errors.append(f"{label}: extra {kind} {got[key]!r}")
        for key in want.keys() - got.keys():
            counts.fn += 1
            score.errors.append(f"{label}: missed {kind} {want[key]!r}")
    predicted = {_norm_quote(q.text): q for q in quotes}
    expected = {_norm_quote(q["text"]): q for q in gold["quotes"]}
    for key, want_quote in expected.items():
        got_quote = predicted.get(key)
        if got_quote is None:
            score.quotes.fn += 1
            score.errors.append(f"{label}: missed quote {want_quote['text'][:50]!r}")
            continue
        score.quotes.tp += 1
        score.speakers_total += 1
        want_speaker = want_quote["speaker"]
        same = (want_speaker is None and got_quote.speaker is None) or (
            want_speaker is not None
            and got_quote.speaker is not None
            and _norm_name(want_speaker) == _norm_name(got_quote.speaker)
        )
        if same:
            score.speakers_right += 1
        else:
            score.errors.append(
                f"{label}: speaker of {want_quote['text'][:40]!r} is {got_quote.speaker!r},"
                f" expected {want_speaker!r}"
            )
    for key in predicted.keys() - expected.keys():
        score.quotes.fp += 1
        score.errors.append(f"{label}: extra quote {predicted[key].text[:50]!r}")
    score.articles += 1


def run(gold_dir: Path = GOLD_DIR) -> Score:
    """Score every `*.txt` with a `*.json` annotation beside it."""
    score = Score()
    for path in sorted(gold_dir.glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        score_article(path.read_text(encoding="utf-8"), gold, score, path.stem)
    return score


def table(score: Score, title: str) -> str:
    """The figures as a Markdown table."""
    rows = [
        f"{title}: {score.articles} articles.",
        "",
        "| what | precision | recall | F1 | support |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    total = Counts()
    for kind, counts in score.entities.items():
        total.tp += counts.tp
        total.fp += counts.fp
        total.fn += counts.fn
        rows.append(_row(f"entities: {kind}", counts))
    rows.append(_row("entities: all three", total))
    rows.append(_row("quotations found", score.quotes))
    accuracy = score.speakers_right / score.speakers_total if score.speakers_total else 0.0
    rows.append(
        f"| speaker right (of quotations found) | {accuracy:.2f} | | |"
        f" {score.speakers_right}/{score.speakers_total} |"
    )
    return "\n".join(rows)


def _row(label: str, c: Counts) -> str:
    return f"| {label} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} | {c.tp + c.fn} |"


def write_doc(
    markdown: str, path: Path = DOC_PATH, marks: tuple[str, str] = (START_MARK, END_MARK)
) -> None:
    """Replace the text between a pair of markers in docs/analysis.md."""
    start, end = marks
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{path}: markers {start} … {end} not found")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{markdown}\n{end}{tail}", encoding="utf-8")


def _corpus_tui() -> str:
    """The command of this environment (the scorers run it as a subprocess)."""
    beside = Path(sys.executable).parent / "corpus-tui"
    return str(beside if beside.exists() else ROOT / ".venv" / "bin" / "corpus-tui")


def run_devsets(devsets: Path = DEVSETS) -> str | None:
    """Run the official development-set scorers; their summary lines as Markdown, or None."""
    if not (devsets / "score_entities.py").exists():
        print(f"development sets not found at {devsets}: skipped")
        return None
    sections = []
    for label, script, folder in DEVSET_SCORERS:
        if not (devsets / script).exists() or not (devsets / folder).is_dir():
            print(f"{script} or {folder}/ missing in {devsets}: skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, str(devsets / script), "--ct", _corpus_tui()]
            if script == "score_quotes.py":
                command += ["--index", os.path.join(tmp, "index")]
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
            )
        output = done.stdout.strip() if done.returncode == 0 else f"failed: {done.stderr.strip()}"
        sections.append(f"{label}, `{script}`:\n\n```\n{output}\n```")
    return "\n\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--write", action="store_true", help="update docs/analysis.md")
    parser.add_argument(
        "--no-devsets", action="store_true", help="skip the development-set scorers"
    )
    args = parser.parse_args(argv)
    dev, heldout = run(GOLD_DIR), run(HELDOUT_DIR)
    markdown = "\n\n".join(
        [
            table(dev, "Development set (`tests/data/gold/`, the rules were tuned on it)"),
            table(
                heldout, "Held-out set (`tests/data/gold/heldout/`, scored blind once, see above)"
            ),
        ]
    )
    print(markdown)
    if args.errors:
        print()
        print("\n".join(dev.errors + heldout.errors))
    if args.write:
        write_doc(markdown)
    if not args.no_devsets:
        devsets = run_devsets()
        if devsets:
            print()
            print(devsets)
            if args.write:
                write_doc(devsets, marks=(DEVSET_START, DEVSET_END))
    return 0


if __name__ == "__main__":
    sys.exit(main())
