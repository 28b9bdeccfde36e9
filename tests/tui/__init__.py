"""App tests: Pilot-driven screens, rendering helpers and snapshots (the only tests that import textual)."""
