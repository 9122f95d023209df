# The handful of commands the README names. Everything runs from the project's own .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Set to https://download.pytorch.org/whl/cpu on a machine whose pip would pick a CUDA build.
TORCH_INDEX ?=
TORCH_PIN := torch==2.13.0

.PHONY: install demo test test-postgres test-races test-all lint format bench bench-extraction reliability screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned, so nothing else can pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) $(TORCH_PIN)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(BIN)/wiredesk run seeds/ --out out/demo --fallback tiny
	@echo "Digest: out/demo/digest.html (also digest.md, digest.json)"

test: install
	$(BIN)/python -m pytest

# Every store-using test (store, API, worker, integration, reliability) again on PostgreSQL
# (127.0.0.1:5432, a throw-away database); says so loudly and passes without one there.
test-postgres: install
	bash .ci/test-postgres

# The race tests, 20 rounds in a row, on PostgreSQL.
test-races: install
	TEST_RACE_ROUNDS=20 bash .ci/test-postgres tests/integration/test_races.py

test-all: install
	$(BIN)/python -m pytest -m "slow or not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m benchmarks.translate

bench-extraction: install
	$(BIN)/python -m benchmarks.extraction

# The web UI's pages at 375 and 1440 px into docs/ (needs Chromium: apt-get install chromium).
screenshots: install
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/browser/test_layout.py -q
	# Smaller files, if pngquant is installed (apt-get install pngquant).
	if command -v pngquant >/dev/null; then pngquant --force --ext .png --skip-if-larger docs/screenshots/*.png; fi

reliability: install
	$(BIN)/python -m benchmarks.reliability

clean:
	rm -rf out .pytest_cache .ruff_cache
