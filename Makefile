# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?=
FORMAT ?= auto
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed chromium
	$(BIN)/alliance-atlas serve $(DATA) --format $(FORMAT) $(if $(TYPE),--type "$(TYPE)") --host $(HOST) --port $(PORT)

# Image and video exports need Chromium, browser tests chromedriver too: Debian's packages, installed
# when we can (root); otherwise one line says what to install, and those exports and tests wait for it.
chromium:
	@if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "Chromium not found: install chromium and chromium-driver (Debian) for image/video exports and browser tests"; \
	  fi; \
	fi

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest --headless -p no:cacheprovider $(PYTEST_ARGS)

bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/core.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/export.py

clean:
	rm -rf $(VENV) screenshots out .pytest_cache
