# The two commands of the README: `make serve` and `make test`. Both set up .venv themselves.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: serve test lint install clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@

install: $(BIN)/.installed

serve: $(BIN)/.installed
	$(BIN)/smpgraph serve

lint: $(BIN)/.installed
	$(BIN)/ruff check smpgraph tests benchmarks scripts
	$(BIN)/mypy smpgraph

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
