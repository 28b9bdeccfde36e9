"""Styles applied by offset to untrusted text, as Textual style strings.

Variables such as `$warning-muted` are resolved against the current theme when the text is
drawn, so matches, quotations and entity marks follow the light and dark themes (and NO_COLOR).
"""

from __future__ import annotations

MATCH = "bold $text on $warning-muted"
MATCH_CURRENT = "bold reverse"
QUOTE = "italic $text-success"
QUOTE_CURRENT = "italic $text on $success-muted"
SPEAKER = "italic dim"
ENTITY = {"person": "$text-accent", "org": "$text-primary", "place": "$text-secondary"}
"""Entity types that get a colour; dates, money and groups stay unmarked to keep it quiet."""

TITLE = "bold"
DERIVED_TITLE = "italic dim"
"""A title made from the first sentence of an article that has none: never passes for a headline."""
META = "dim"
HEADING = "bold $text-primary"
COUNT = "dim"
KEY = "bold $text-accent"
