# Funil: `make run` serves the demo, `make test` runs the suite. Both bootstrap .venv first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The first interpreter that really runs and is 3.12+ ($PYTHON, versioned commands, python3, then pyenv's).
# (PYTHON is passed explicitly: variables given on make's command line do not reach $(shell) before make 4.4.)
PYTHON_FOUND := $(shell PYTHON='$(PYTHON)' bash scripts/find-python.sh 2>/dev/null)

.PHONY: run test lint format typecheck bench clean worker demo

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON_FOUND)" ]; then \
	  echo "Funil needs Python 3.12 or newer. Install it, or point PYTHON at one: make run PYTHON=/path/to/python3.12" >&2; \
	  exit 1; fi
	@test -x $(BIN)/pip || { rm -rf $(VENV) && $(PYTHON_FOUND) -m venv $(VENV); } || { \
	  echo "Could not create $(VENV) with $(PYTHON_FOUND). On Debian or Ubuntu: apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,redis]'
	$(BIN)/python manage.py compiletranslations
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/funil run

worker: $(STAMP)
	$(BIN)/funil worker

demo: $(STAMP)
	$(BIN)/funil demo

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy funil

bench: $(STAMP)
	$(BIN)/python bench/run.py $(ONLY)

clean:
	rm -rf $(VENV) var/test-*
