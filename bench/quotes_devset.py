"""Score quotations and speakers on the shared PolNeAR development set, in one process.

    python bench/quotes_devset.py [--devsets DIR] [--errors FILE] [--only KIND]

A fast twin of the development set's own scorer (`score_quotes.py`, which indexes the corpus and
calls the CLI per article): the same matching and speaker rule, imported from that scorer at run
time, applied to `read_source` + `analyse` output. The development set is read where it lies;
nothing of it is copied. The official figures come from the scorer itself.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from corpus_tui.search.analysis import analyse
from corpus_tui.search.ingest import SourceFile, read_source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSETS = ROOT.parent / "shared" / "devsets"


def load_scorer(devsets: Path) -> ModuleType:
    """The development set's scorer module, for its matching and speaker rules."""
    spec = importlib.util.spec_from_file_location("score_quotes", devsets / "score_quotes.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer in {devsets}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(path: Path, raw: str, scorer: ModuleType) -> list[dict]:
    """Quotations of one corpus file, with offsets mapped back into the file's text."""
    info = path.stat()
    source = SourceFile(path=path, rel=path.name, size=info.st_size, mtime_ns=info.st_mtime_ns)
    result = read_source(source)
    preds: list[dict] = []
    for doc in result.documents:
        _, quotes = analyse(doc.text)
        mapping = scorer.offset_map(doc.text, raw)
        for q in quotes:
            preds.append({"start": mapping[q.start], "end": mapping[q.end], "speaker": q.speaker})
    return preds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=DEFAULT_DEVSETS)
    parser.add_argument("--errors", type=Path, default=None)
    args = parser.parse_args()
    if not (args.devsets / "polnear-dev" / "gold.json").is_file():
        print(f"no development set under {args.devsets}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.devsets)
    gold_path = args.devsets / "polnear-dev" / "gold.json"
    articles = json.loads(gold_path.read_text())["articles"]
    corpus = gold_path.parent / "corpus"
    preds = {a["file"]: predict(corpus / a["file"], a["text"], scorer) for a in articles}
    pred_file = Path("/tmp/quotes-devset-pred.json")
    pred_file.write_text(json.dumps(preds))
    argv = ["score_quotes", "--gold", str(gold_path), "--pred", str(pred_file)]
    if args.errors:
        argv += ["--errors", str(args.errors)]
    sys.argv = argv
    return int(scorer.main())


if __name__ == "__main__":
    sys.exit(main())
