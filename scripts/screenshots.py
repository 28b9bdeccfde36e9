"""Write SVG screenshots of the app's main screens into screenshots/ (`make screenshots`).

The app is driven headless with Textual's Pilot on the bundled corpus (the seed articles a new
user starts with) and a fresh index in a temporary folder, with query timings hidden so the
pictures only change when the app does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from corpus_tui.search.engine import Engine, bundled_corpus
from corpus_tui.tui.app import CorpusApp

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "screenshots"

Steps = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    """Wait until every worker finished and the screen repainted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def searched(query: str) -> Steps:
    async def steps(pilot: Pilot) -> None:
        await pilot.press("slash", *query, "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    return steps


async def start(pilot: Pilot) -> None:
    await settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await settle(pilot)


async def narrow(pilot: Pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)


def view(query: str, key: str) -> Steps:
    """Search, then open a view with its key from the results."""

    async def steps(pilot: Pilot) -> None:
        await pilot.press("slash", *query, "enter")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    return steps


async def related(pilot: Pilot) -> None:
    """The related-entities view of the first person in the open article's sidebar."""
    screen = pilot.app.screen
    sidebar = screen.query_one("#entities")
    sidebar.focus()
    await pilot.pause()
    await pilot.press("R")
    await settle(pilot)


async def shoot(
    corpus: Path, index: Path, out: Path, name: str, size: tuple[int, int], steps: Steps
) -> Path:
    app = CorpusApp(corpus, index, show_timings=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await steps(pilot)
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
    return path


async def main_async(corpus: Path, out: Path, query: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus-tui-shots-") as tmp:
        index = Path(tmp) / "index"
        Engine(corpus, index).update_index()
        shots = [
            ("start", (120, 40), start),
            ("search", (120, 40), searched(query)),
            ("help", (120, 40), help_screen),
            ("narrow-80x24", (80, 24), narrow),
            ("kwic", (120, 40), view("NATO", "c")),
            ("trends", (120, 40), view("NATO", "g")),
            ("speakers", (120, 40), view("*", "w")),
            ("related", (120, 40), related),
        ]
        return [await shoot(corpus, index, out, name, size, steps) for name, size, steps in shots]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=bundled_corpus())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--query", default="Macron")
    args = parser.parse_args(argv)
    for path in asyncio.run(main_async(args.corpus, args.out, args.query)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
