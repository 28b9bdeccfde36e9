"""Engine tests: ingest, formats, analysis, index, query, views, export, workspace, CLI."""
