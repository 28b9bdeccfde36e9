"""The footer: the keys that work where the focus is, drawn as one line.

Textual's own footer is a container of one widget per key, recomposed whenever the bindings
change, which is every time the focus moves. At 10,000 articles that rebuild (mounting,
styling and data-binding a dozen widgets) was the largest part of opening an article: half of
its time. This footer draws the same keys as a single line of text and redraws it only when
the keys it shows have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it; `start`/`end` are its columns, for clicks."""

    key: str
    key_display: str
    description: str
    enabled: bool
    start: int = 0
    end: int = 0


class KeyFooter(Widget, can_focus=False):
    """The focused widget's keys (then the screen's and the app's), the palette key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: tuple[FooterEntry, ...] = ()
        """The keys the footer shows, left to right (the palette key is kept apart)."""
        self._palette: FooterEntry | None = None
        self._placed: list[FooterEntry] = []
        """The entries drawn at the last render, with their columns."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Recompute the keys; redraw only when they differ from those shown."""
        if not self.is_attached or screen is not self.screen:
            return
        entries, palette = self._collect(screen)
        if entries != self.entries or palette != self._palette:
            self.entries, self._palette = entries, palette
            self.refresh()

    def _collect(
        self, screen: Screen[object]
    ) -> tuple[tuple[FooterEntry, ...], FooterEntry | None]:
        """One entry per action shown (its first key), in the order Textual's footer used."""
        app = self.app
        seen: set[str] = set()
        entries: list[FooterEntry] = []
        palette: FooterEntry | None = None
        active = screen.active_bindings
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = FooterEntry(
                    key, app.get_key_display(binding), binding.description, enabled
                )
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append(
                FooterEntry(binding.key, app.get_key_display(binding), binding.description, enabled)
            )
        return tuple(entries), palette

    @property
    def shown(self) -> dict[str, str]:
        """Description → key as displayed, for every key in the footer."""
        entries = [*self.entries, *([self._palette] if self._palette else [])]
        return {entry.description: entry.key_display for entry in entries}

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        description_style = self.get_component_rich_style("key-footer--description", partial=True)
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        placed: list[FooterEntry] = []
        for entry in self.entries:
            start = line.cell_len
            style = key_style if entry.enabled else key_style + dim
            line.append(f" {entry.key_display} ", style)
            if entry.description:
                line.append(f"{entry.description} ", description_style if entry.enabled else dim)
            placed.append(_placed(entry, start, line.cell_len))
        width = self.size.width
        if self._palette is not None and width:
            label = Text.assemble(
                ("▏", dim),
                (self._palette.key_display, key_style),
                (f" {self._palette.description} ", description_style),
            )
            room = max(width - label.cell_len, 0)
            line.truncate(room, pad=True)
            placed = [entry for entry in placed if entry.end <= room]
            line.append_text(label)
            placed.append(_placed(self._palette, room, width))
        self._placed = placed
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as on Textual's footer."""
        for entry in self._placed:
            if entry.start <= event.x < entry.end:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return


def _placed(entry: FooterEntry, start: int, end: int) -> FooterEntry:
    return FooterEntry(entry.key, entry.key_display, entry.description, entry.enabled, start, end)
