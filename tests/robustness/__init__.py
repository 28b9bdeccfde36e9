"""Robustness: hostile input, faults, two processes, corpus oddities, malformed queries, a first hour on the CLI."""
