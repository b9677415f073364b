# Two entry points: `make demo` builds and serves the embedded demo; `make test` runs
# every test. Both set up what they need first (a virtualenv and the pinned npm packages).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench-smoke setup chromium clean

demo: setup
	$(BIN)/mapgen serve --open

test: setup chromium
	$(BIN)/ruff check mapgen tests bench
	$(BIN)/ruff format --check mapgen tests bench
	$(BIN)/mypy mapgen
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check mapgen tests bench
	$(BIN)/ruff format --check mapgen tests bench
	$(BIN)/mypy mapgen

bench-smoke: setup chromium
	$(BIN)/python bench/run.py --smoke

setup: node_modules/.installed $(VENV)/.installed

# The wheel packages the pinned JS from node_modules/, so npm goes first.
$(VENV)/.installed: pyproject.toml node_modules/.installed
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's chromium (a test tool's own browser download is not used);
# fonts-noto-cjk so Chinese renders with real glyphs in the browser and in posters;
# poppler-utils (pdftotext) reads posters back in the tests.
DEBIAN_PACKAGES := chromium fonts-noto-cjk poppler-utils
chromium:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for the tests:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) node_modules site .pytest_cache
