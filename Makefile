# The two commands of the quick start: `make plan` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build

.PHONY: plan check test test-fast lint format bench compare-plan clean

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

test: $(STAMP)  ## the whole suite on both cores
	$(BIN)/pytest -q -n 2

test-fast: $(STAMP)  ## the suite without the few multi-second tests (marked slow)
	$(BIN)/pytest -q -n 2 -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# The documents of the embedded portfolio rendered by the code of BASE and by this checkout
# must be byte-identical (md and html), apart from the commit they name: for a refactoring
# that promises to change no behaviour. `make compare-plan BASE=main`.
BASE ?= main
compare-plan: $(STAMP)
	rm -rf $(OUT)/compare && git worktree add -q --detach $(OUT)/compare/code $(BASE)
	for f in md html; do \
	  PYTHONPATH=$(OUT)/compare/code/src $(BIN)/python -m avoplan render all -p portfolio --out $(OUT)/compare/base --format $$f >/dev/null && \
	  $(BIN)/avoplan render all -p portfolio --out $(OUT)/compare/here --format $$f >/dev/null; done
	git worktree remove --force $(OUT)/compare/code
	diff -r $(OUT)/compare/base $(OUT)/compare/here && echo "Samma dokument som $(BASE)."

clean:
	rm -rf $(VENV) $(OUT)
