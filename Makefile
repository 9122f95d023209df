# The handful of commands the README names. Everything runs from the project's own .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Set to https://download.pytorch.org/whl/cpu on a machine whose pip would pick a CUDA build.
TORCH_INDEX ?=
TORCH_PIN := torch==2.13.0

.PHONY: install demo test test-all lint format bench reliability eval clean

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

reliability: install
	$(BIN)/python -m benchmarks.reliability

# Digest quality on ../shared/digest-eval (stories, disagreements, who said it).
eval: install
	$(BIN)/python -m benchmarks.digest_quality

clean:
	rm -rf out .pytest_cache .ruff_cache
