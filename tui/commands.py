"""Command palette (Ctrl+P) entries: each screen lists its `PALETTE`, made from the action table."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from corpus_tui.tui.actions import MAIN_SCREEN, palette

COMMANDS: tuple[tuple[str, str, str], ...] = palette(*MAIN_SCREEN)
"""(title, help, action) of the main screen: one entry per action of its panes."""


class ScreenCommands(Provider):
    """Offers the commands of the screen on top (its `PALETTE`), fuzzy-matched on their titles."""

    def _entries(self) -> tuple[tuple[str, str, str], ...]:
        return getattr(self.screen, "PALETTE", ())

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, help_text, action in self._entries():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
