# carrierwatch: `make demo` runs the main job on the built-in lab, `make test` runs the tests.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test bench lint typecheck check system-deps clean

$(VENV)/.stamp-run: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(VENV)/.stamp-run $@

demo: $(VENV)/.stamp-run
	$(BIN)/carrierwatch demo --out carrierwatch-demo

system-deps:
	bash scripts/install-system-deps.sh

test: $(VENV)/.stamp-dev system-deps
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -q $(PYTEST_ARGS)

$(VENV)/.stamp-bench: pyproject.toml $(VENV)/.stamp-dev
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.stamp-bench system-deps
	mkdir -p bench-out
	$(BIN)/python -m benchmarks.run --json bench-out/results.json $(BENCH_ARGS)

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check src tests scripts

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy

clean:
	rm -rf carrierwatch-demo .carrierwatch .pytest_cache .mypy_cache .ruff_cache
