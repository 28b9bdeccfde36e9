"""Articles crafted to attack a terminal, shared by the CLI and the app tests.

Escape sequences (colours, OSC 52 clipboard writes, OSC 8 links, screen clears), Rich/Textual
markup that would run an action if rendered, and a file name with escapes in it.
"""

from __future__ import annotations

import json
from pathlib import Path

MARKUP = ("[bold red]we are ready[/]", "[@click=app.quit]this link[/]", "[link=file:///etc/passwd]")

HOSTILE_ARTICLE = (
    "Portvale Courier - News for the harbour towns\n\n"
    "Harbour Council Approves \x1b[31mRed\x1b[0m Budget\n\n"
    "PORTVALE, March 3, 2025 (Coastline Wire) - The council voted on Tuesday to approve the "
    "harbour budget. \x1b]52;c;cm0gLXJmIH4K\x07Mayor Alma Torvik said "
    '"[bold red]we are ready[/]" after the vote. Residents can read the plan '
    "\x1b]8;;https://attacker.example/\x1b\\online\x1b]8;;\x1b\\ from Monday.\x1b[2J\x1b[H\x07 "
    "Critics pointed to [@click=app.quit]this link[/] and "
    "[link=file:///etc/passwd]the annex[/link] as evidence.\x9b31m\n\n"
    'Councillor Brin Hallow said the budget was "a disgrace to the \x1b[5mharbour\x1b[0m".\r\n'
    "The \u202eevil\u202c vote passed 7 to 2.\n"
)

HOSTILE_JSON = {
    "title": "Ferry \x1b[5mfares\x1b[0m frozen [bold]again[/]",
    "source": "\x1b]8;;https://attacker.example/\x07Coast Wire",
    "date": "2025-03-04",
    "text": "The harbour council of \x1b[1mPortvale\x1b[0m froze ferry fares. "
    '"[@click=app.quit]Nothing changes[/]," said Dana Quill, who runs the ferry line.',
}

# A file name is never cleaned by ingest: only the output layer can neutralise it.
HOSTILE_NAME = "\x1b[31mred\x1b]52;c;aGk=\x07 name.txt"
HOSTILE_NAME_TEXT = "Quiet Harbour Story\n\nThe harbour council met again on Friday to talk.\n"


def write_hostile_corpus(corpus: Path) -> Path:
    """The hostile articles in `corpus` (created): text, JSON, a hostile file name, an empty file."""
    corpus.mkdir(parents=True)
    (corpus / "010_hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8", newline="")
    (corpus / "011_hostile.json").write_text(json.dumps(HOSTILE_JSON), encoding="utf-8")
    (corpus / HOSTILE_NAME).write_text(HOSTILE_NAME_TEXT, encoding="utf-8")
    (corpus / "\x1b[2Jempty.txt").write_text("", encoding="utf-8")
    return corpus
