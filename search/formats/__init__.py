"""Readers for each article file format."""
