# The set-up contract: `make run` and `make test` work on a fresh machine with only Python.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test dev bench accuracy lint schemas clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/etl run --input seeds --warehouse warehouse

test: setup
	$(BIN)/ruff check etl tests bench
	$(BIN)/python -m pytest -q

accuracy: setup
	$(BIN)/python -m pytest -q -m accuracy

bench: setup
	$(BIN)/python -m pytest -q -m bench -s
	$(BIN)/python bench/bench_pipeline.py --sizes $${BENCH_SIZES:-1,4,16}
	$(BIN)/python bench/bench_dictionaries.py

dev: setup
	$(BIN)/etl dev --warehouse warehouse

schemas: setup
	$(BIN)/etl schemas

lint: setup
	$(BIN)/ruff check etl tests bench
	$(BIN)/ruff format --check etl tests bench
