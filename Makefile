# Every target builds or refreshes .venv first, so each works on a bare clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS ?= dev,spark,postgres,web

.PHONY: venv test lint format demo bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@touch $(STAMP)

venv: $(STAMP)

test: venv
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

demo: venv
	$(BIN)/clueloop demo --home demo-home

bench: venv
	$(BIN)/python -m benchmarks.ingest_bench --baseline-max 1000000 --out benchmarks/results/ingest.json
	$(BIN)/python -m benchmarks.engine_bench --out benchmarks/results/engine.json
	$(BIN)/python -m benchmarks.models_bench --out benchmarks/results/models.json
	$(BIN)/python -m benchmarks.web_bench --out benchmarks/results/web.json

clean:
	rm -rf $(VENV) demo-home .pytest_cache .mypy_cache .ruff_cache
