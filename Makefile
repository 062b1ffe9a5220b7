# congvu — every target sets up what it needs (a virtual environment with pinned dependencies) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help demo test check bench jobs browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP) ## generate the Hải Phòng demo data, build the warehouse and serve the dashboard
	$(BIN)/congvu demo

test: $(STAMP) browser ## set up and run the whole test suite (unit, golden, CLI, dashboard, browser)
	$(BIN)/pytest

check: $(STAMP) ## lint and type-check
	$(BIN)/ruff check pipelines dashboard tests benchmarks
	$(BIN)/ruff format --check pipelines dashboard tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) ## measure build and dashboard speed at province scale (prints figures, asserts nothing)
	$(BIN)/python -m benchmarks.run

jobs: $(STAMP) browser ## the five jobs of issue 12 in Chromium on data/demo (make demo first): clicks, seconds each
	$(BIN)/python -m benchmarks.jobs

browser: ## install Debian's chromium for the browser tests when it is missing (needs root and apt-get)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "no /usr/bin/chromium and no root: browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

clean: ## remove the virtual environment, demo data and caches
	rm -rf $(VENV) data/demo .pytest_cache .ruff_cache .mypy_cache test-artifacts
