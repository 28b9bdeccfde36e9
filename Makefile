# Set-up and everyday commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: searchd run test test-fast lint format screenshots bench bench-100k clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

# The cluster tests start real Sphinx servers: install searchd where we may (root, as in CI);
# elsewhere those tests skip, saying why.
searchd:
	@command -v searchd >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && { apt-get install -y sphinxsearch >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y sphinxsearch >/dev/null; }; }; } || echo "searchd not installed (needs root): the cluster tests will be skipped"

run: $(STAMP)
	$(BIN)/corpus-tui

test: $(STAMP) searchd
	$(BIN)/python -m compileall -q search tui tests >/dev/null
	$(BIN)/python -m pytest -q -n 3 --dist worksteal

test-fast: $(STAMP)
	$(BIN)/python -m compileall -q search tui tests >/dev/null
	$(BIN)/python -m pytest -q -n 3 --dist worksteal -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Adds 100,000 articles: the build alone takes most of an hour on 2 cores. Indexes left by an
# earlier run in the work folder are reused (delete $$TMPDIR/corpus-tui-bench/run-* to rebuild).
bench-100k: $(STAMP)
	$(BIN)/python bench/run.py --sizes 1000,3000,10000,100000 --reuse-index

clean:
	rm -rf $(VENV) build dist *.egg-info
