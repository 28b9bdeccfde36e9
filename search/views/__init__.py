"""Exploration views over a query's hits: concordance (KWIC), trends, speakers, related entities,
collocates. Each module computes one view from an open searcher and returns a pydantic model whose
JSON is the command line's contract; `engine.Engine` is the facade that calls them."""
