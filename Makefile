# Internationalisation hub: build, serve and test the site.
# `make test` installs everything it needs (venv, Chromium, axe-core), so CI only runs it.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed

# Pinned so that an axe-core release with new rules cannot break CI unannounced.
AXE_VERSION := 4.14.1
NPM_PREFIX := .cache/npm
AXE_PATH := $(CURDIR)/$(NPM_PREFIX)/node_modules/axe-core/axe.min.js
AXE_STAMP := $(NPM_PREFIX)/.axe-core-$(AXE_VERSION)
CHROMIUM_PATH := /usr/bin/chromium

IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: help prereqs venv site serve test bench fuzz lint clean chromium axe

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) \
		| awk -F':.*## ' '{ printf "  make %-9s %s\n", $$1, $$2 }'

prereqs: ## Check python3 >= 3.11 with venv and ensurepip
	@command -v $(PYTHON) >/dev/null || { \
		echo "python3 is missing: sudo apt-get install -y python3 python3-venv" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "python3 >= 3.11 is required, found $$($(PYTHON) --version 2>&1)" >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
		echo "python3-venv is missing: sudo apt-get install -y python3-venv" >&2; exit 1; }

venv: $(VENV_STAMP) ## Create .venv and install the package with its test extras

# Order-only on prereqs: the check runs every time but never forces a reinstall.
$(VENV_STAMP): pyproject.toml | prereqs
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing intlhub and its test dependencies into $(VENV)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

site: $(VENV_STAMP) ## Validate data/ and build the site into site/
	$(BIN)/intlhub validate
	$(BIN)/intlhub build

serve: site ## Build, then serve site/ at http://127.0.0.1:8000
	$(BIN)/intlhub serve --no-build

chromium: | prereqs ## Install Debian's Chromium if it is missing
	@if [ ! -x $(CHROMIUM_PATH) ]; then \
		if [ "$(IS_ROOT)" = yes ]; then \
			echo "Installing Debian's chromium"; \
			$(APT_GET) update -qq && $(APT_GET) install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing ($(CHROMIUM_PATH)): sudo apt-get install -y chromium" >&2; \
			exit 1; \
		fi; \
	fi

axe: $(AXE_STAMP) ## Install the pinned axe-core into .cache/npm

# The stamp names the version, so changing AXE_VERSION reinstalls.
$(AXE_STAMP): | prereqs
	@if ! command -v npm >/dev/null; then \
		if [ "$(IS_ROOT)" = yes ]; then \
			echo "Installing Debian's npm"; \
			$(APT_GET) update -qq && $(APT_GET) install -y -qq npm >/dev/null; \
		else \
			echo "npm is missing: sudo apt-get install -y npm" >&2; \
			exit 1; \
		fi; \
	fi
	npm install --no-save --no-audit --no-fund --loglevel=error \
		--prefix $(NPM_PREFIX) axe-core@$(AXE_VERSION)
	@test -f $(AXE_PATH) || { echo "npm did not install $(AXE_PATH)" >&2; exit 1; }
	@touch $@

test: $(VENV_STAMP) chromium axe ## Install everything, lint, check the import contracts, run every test
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/lint-imports
	AXE_PATH=$(AXE_PATH) CHROMIUM_PATH=$(CHROMIUM_PATH) $(BIN)/python -m pytest -q

bench: $(VENV_STAMP) chromium ## Benchmark 2,000 and 20,000 projects; writes docs/dev/benchmarks.{json,md}
	CHROMIUM_PATH=$(CHROMIUM_PATH) $(BIN)/intlhub bench --sizes 2000 20000 --markets 200

fuzz: $(VENV_STAMP) ## Fuzz every entry point: 10,000 hostile inputs and HTTP answers; failures in .cache/fuzz/
	$(BIN)/python -m intlhub.bench.fuzz --runs 10000 --http-repeats 3

lint: $(VENV_STAMP) ## Format and fix lint in scripts/ and tests/
	$(BIN)/ruff format scripts tests
	$(BIN)/ruff check --fix scripts tests

clean: ## Remove site/, docs/generated/ and .cache/
	rm -rf site docs/generated .cache
