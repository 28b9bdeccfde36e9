"""Headless engine of corpus-tui: ingest, analysis, index, queries and the CLI. Never imports textual."""
