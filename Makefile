# The two commands of the README: `make serve` and `make test`. Both set up .venv themselves.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: serve test test-fast lint install clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . --group dev
	$(BIN)/python -m pip download --quiet --no-build-isolation -d $(VENV)/wheelhouse .  # runtime wheels: plain-install test
	touch $@

install: $(BIN)/.installed

serve: $(BIN)/.installed
	MALLOC_ARENA_MAX=2 $(BIN)/smpgraph serve  # fewer allocator arenas: less RSS growth under writes (docs/deployment.md)

lint: $(BIN)/.installed
	$(BIN)/ruff check smpgraph tests benchmarks scripts
	$(BIN)/mypy smpgraph

test: lint
	$(BIN)/python -m pytest

# the loop while you work: no browser, no external engines, nothing marked slow (CONTRIBUTING.md)
test-fast: $(BIN)/.installed
	$(BIN)/ruff check smpgraph tests benchmarks scripts
	$(BIN)/python -m pytest -q -m "not slow and not browser and not engines"

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
