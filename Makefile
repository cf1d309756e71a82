# The two commands of the quick start: `make plan` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build
# Every package `make plan` installs, build backend included, pinned with hashes
# (pip-tools; `make lock` resolves it again after a change of pyproject's dependencies).
LOCK := requirements.lock
PIP_TOOLS := pip-tools==7.7.0
LATEST := .venv-latest
DIST ?= dist

.PHONY: plan check test test-fast test-latest lint lock dist format bench compare-plan mutate clean

# Exactly the locked versions (--require-hashes), then avoplan itself without resolving
# anything again; `pip check` fails if the lock no longer satisfies pyproject's bounds.
# Then avoplan's bytecode, as pip writes it for an installed wheel: where
# PYTHONDONTWRITEBYTECODE is set (some shells and CI images), every command of `make plan`
# would otherwise compile every module again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	$(BIN)/python -m compileall -q src/avoplan
	touch $(STAMP)

plan: $(STAMP)  ## check the embedded portfolio, then render every document into build/
	$(BIN)/avoplan check --portfolio portfolio
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format md
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format html
	$(BIN)/avoplan render all --portfolio portfolio --out $(OUT) --format pdf

check: $(STAMP)
	$(BIN)/avoplan check --portfolio portfolio

# The tests write about 240 000 small files (portfolio copies, git repositories); a memory
# file system (/dev/shm, where there is one) takes them in a fifth of a disk's time. The
# slow tests start first (tests/conftest.py), and an idle core takes work from the other.
TEST_TMP ?= $(wildcard /dev/shm)
ifneq ($(TEST_TMP),)
test test-fast: export TMPDIR := $(TEST_TMP)
endif
# The suite starts avoplan as a process about 250 times; with PYTHONDONTWRITEBYTECODE set
# (some shells and CI images set it) each start compiled every avoplan module again
# (0.12 s of its 0.45). Empty, it lets the first start write the bytecode the rest reuse;
# the bench likewise measures avoplan as an installed wheel runs (pip compiles it).
test test-fast bench: export PYTHONDONTWRITEBYTECODE :=

test: $(STAMP)  ## the whole suite on both cores
	$(BIN)/pytest -q -n 2 --dist worksteal

test-fast: $(STAMP)  ## the suite without the few multi-second tests (marked slow)
	$(BIN)/pytest -q -n 2 --dist worksteal -m "not slow"

# The tests against the newest versions pyproject's bounds allow, in a venv of their own:
# drift in a dependency shows here before it reaches a newcomer (README, "Beroenden").
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	$(LATEST)/bin/pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/pytest -q -n 2 -p no:cacheprovider

lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet '$(PIP_TOOLS)'
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--extra dev --all-build-deps --output-file $(LOCK) pyproject.toml

# The release: wheel and sdist (version from the git tag), checked as PyPI would.
dist: $(STAMP)
	rm -rf $(DIST)
	$(BIN)/python -m build --no-isolation --outdir $(DIST)
	$(BIN)/twine check --strict $(DIST)/*

lint: $(STAMP)  ## ruff (format and rules), mypy --strict over src and tests, the layer contracts
	$(BIN)/ruff format --check src tests benchmarks mutation
	$(BIN)/ruff check src tests benchmarks mutation
	$(BIN)/mypy
	$(BIN)/lint-imports

# Mutation testing of the domain modules, one at a time (mutation/run.py holds the table of
# modules and their tests); `make mutate MODULES="prioritet mandat"` for some. Not a CI gate.
MODULES ?=
mutate: $(STAMP)
	nice -n 15 $(BIN)/python -m mutation.run $(MODULES)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

format: $(STAMP)  ## ruff format and the fixes ruff can make
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

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
	rm -rf $(VENV) $(LATEST) .venv-lock $(OUT) $(DIST)
