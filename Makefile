# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?=
FORMAT ?= auto
HOST ?= 127.0.0.1
PORT ?= 8050
# pytest processes for make test (pytest-xdist): the CI machine has two cores
TEST_WORKERS ?= 2

.PHONY: run test bench clean chromium redis-server nodejs plotly-bundle

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
	$(BIN)/alliance-atlas serve $(DATA) --format $(FORMAT) $(if $(TYPE),--type "$(TYPE)") $(if $(KIND),--kind "$(KIND)") --host $(HOST) --port $(PORT)

# $(call debian,COMMANDS,PACKAGES,MESSAGE): Debian's PACKAGES when one of COMMANDS is missing, installed
# when we can (root); otherwise MESSAGE says what to install, and what needs it waits for it.
define debian
	@if ! { $(foreach command,$(1),command -v $(command) >/dev/null 2>&1 &&) true; }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(3)"; \
	  fi; \
	fi
endef

# Image and video exports need Chromium, browser tests chromedriver too.
chromium:
	$(call debian,chromedriver chromium,chromium chromium-driver,Chromium not found: install chromium and chromium-driver (Debian) for image/video exports and browser tests)

# The two-worker test also runs on a Redis server it starts (skipped without one).
redis-server:
	$(call debian,redis-server,redis-server,redis-server not found: install it (Debian: redis-server) to run the two-worker test on Redis too)

# The browser code's unit tests (tests/js) run on Node.js.
nodejs:
	$(call debian,node,nodejs,Node.js not found: install nodejs (Debian) to run the browser code's unit tests (tests/js))

# tests/unit/test_browser_code.py runs the browser code's unit tests (tests/js) with Node.js
test: $(VENV)/.installed-test chromium redis-server nodejs
	$(BIN)/python -m pytest --headless -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/core.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/export.py

# assets/plotly.min.js, the dashboard's plotly.js (see tools/plotly-bundle); not needed to run or test
plotly-bundle:
	cd tools/plotly-bundle && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) screenshots out .pytest_cache
