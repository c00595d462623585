# moneytrail: two set-up commands on a fresh machine.
#   make demo   creates .venv, installs, runs the main job end to end on a generated world
#   make test   installs with the test extras, runs ruff, mypy --strict and pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: demo test install install-test lint typecheck unit bench browser clean i18n vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/moneytrail demo

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-test
	$(BIN)/mypy src/moneytrail

# Debian's Chromium for the browser tests (Playwright drives it; never `playwright install`)
browser:
	@test -x /usr/bin/chromium || { echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; } || \
	  echo "WARNING: could not install chromium: the browser tests will be skipped"; }

unit: install-test browser
	$(BIN)/pytest

test: lint typecheck unit

# the texts of the pages, catalogued for translation (add a language: pybabel init -l fr ...)
i18n: install-test
	$(BIN)/pybabel extract -F babel.cfg -o src/moneytrail/web/locale/messages.pot --project moneytrail \
	  --version 0.1.0 --no-location --sort-output .
	for po in src/moneytrail/web/locale/*/LC_MESSAGES/messages.po; do [ -e "$$po" ] || continue; \
	  $(BIN)/pybabel update -i src/moneytrail/web/locale/messages.pot -o "$$po" && $(BIN)/pybabel compile -i "$$po" \
	  -o "$${po%.po}.mo"; done

# front-end files come from the npm registry at build time and are committed (nothing is fetched at run time)
vendor:
	cd $$(mktemp -d) && npm pack htmx.org@2.0.11 >/dev/null && tar xzf htmx.org-*.tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/src/moneytrail/web/static/vendor/htmx.min.js && \
	  cp package/LICENSE $(CURDIR)/src/moneytrail/web/static/vendor/htmx.LICENSE

bench: install-test
	$(PIP) install -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .demo .mypy_cache .ruff_cache .pytest_cache
