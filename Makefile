# The two commands of the quick start: `make plan` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build

.PHONY: plan check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

plan: $(STAMP)  ## check the embedded portfolio, then render every document into build/
	$(BIN)/avoplan check --portfolio portfolio
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format md
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format html
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format pdf

check: $(STAMP)
	$(BIN)/avoplan check --portfolio portfolio

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) $(OUT)
