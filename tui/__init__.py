"""The Textual app of corpus-tui."""
