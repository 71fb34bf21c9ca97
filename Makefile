# The two commands of the README: `make demo` and `make test`.
# Both create .venv when it is missing and install the project with pinned versions
# (constraints.txt), so a fresh clone behaves like a developer's checkout.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# Every optional extra: `make test` checks all adapters.
EXTRAS := dev,docs,all,web

.PHONY: demo test check check-unit lint typecheck unit identity-check xmlsec1 browser clean messages test-matrix docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.demo-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e ".[reference,documents,sql,identity]"
	@touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e ".[$(EXTRAS)]"
	@touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/python examples/citizen_journey.py demo-output
	$(BIN)/python examples/company_journey.py demo-output

test: lint typecheck unit docs identity-check

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The documentation site (mkdocs.yml) in site/, strictly: a warning or a broken link fails.
docs: $(VENV)/.test-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy src tests examples benchmarks conftest.py

# Every test, spread over the cores (pytest-xdist): each worker has its own PostgreSQL
# schema, temporary folders and free ports.
unit: $(VENV)/.test-installed xmlsec1 browser
	$(BIN)/pytest -n auto --dist worksteal

# The inner loop, under 2 minutes: lint, types, the rules and the contract suites on
# memory storage, the docs site. `make test` stays the full command CI runs.
check: lint typecheck check-unit docs

check-unit: $(VENV)/.test-installed
	FORMLAVORO_TEST_STORAGES=memory $(BIN)/pytest -q -n auto --dist worksteal -m "not install" \
	  tests/core tests/contract/test_memory_storage.py tests/contract/test_portal_on_every_storage.py \
	  src/formlavoro_core

# pysaml2 signs and verifies with Debian's xmlsec1 program: install it when missing and
# possible (as root with apt-get); otherwise the SAML tests say how to enable them.
xmlsec1:
	@if ! command -v xmlsec1 >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's xmlsec1"; \
	  apt-get install -y -qq xmlsec1 >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq xmlsec1 >/dev/null 2>&1; } || true; \
	fi

# The reference web apps are walked in Debian's headless Chromium, with axe-core (pinned
# in package-lock.json) checking each page: install both when missing and possible (as
# root with apt-get; npm ci where npm is). FORMLAVORO_REQUIRE_BROWSER=1 (which .ci/run
# sets) makes the browser test fail instead of skipping when they are missing.
browser: node_modules/axe-core/axe.min.js
	@if ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium and chromium-driver"; \
	  apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } || true; \
	fi

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm is missing: the browser test's accessibility check needs axe-core (npm ci)"; fi

# The core, docs and examples tiers on Python 3.11, 3.12 and 3.13 (noxfile.py), each in
# its own virtualenv under .nox/, with ResourceWarning as an error. The interpreters are
# pyenv's (its versions' bin folders are put on PATH) or any python3.1x on PATH.
empty :=
space := $(empty) $(empty)
PYENV_BINS := $(wildcard $(HOME)/.pyenv/versions/3.11.*/bin $(HOME)/.pyenv/versions/3.12.*/bin $(HOME)/.pyenv/versions/3.13.*/bin)

test-matrix: $(VENV)/.test-installed
	PATH="$(subst $(space),:,$(strip $(PYENV_BINS) $$PATH))" $(BIN)/nox

clean:
	rm -rf .nox site $(VENV) .mypy_cache .ruff_cache .hypothesis node_modules

# AgID's spid-sp-test against the example SPID/CIE app (own virtualenv, needs xmlsec1),
# started on a free port; fails unless each profile runs its expected number of tests.
.PHONY: spid-check
spid-check: $(VENV)/.test-installed xmlsec1
	PYTHON=$(BIN)/python scripts/spid_check.sh

# `make test` runs spid-check where xmlsec1 is installed; FORMLAVORO_REQUIRE_XMLSEC=1
# (which .ci/run sets) makes a missing xmlsec1 an error instead of a note.
identity-check: $(VENV)/.test-installed xmlsec1
	@if command -v xmlsec1 >/dev/null 2>&1; then \
	  PYTHON=$(BIN)/python scripts/spid_check.sh; \
	elif [ "$${FORMLAVORO_REQUIRE_XMLSEC:-0}" = 1 ]; then \
	  echo "xmlsec1 is missing: apt-get install xmlsec1" >&2; exit 1; \
	else \
	  echo "spid-check skipped: xmlsec1 is not installed (apt-get install xmlsec1 to run it)"; \
	fi

# Extract the library's texts, update the gettext catalogues of every language and compile
# them (Babel, a development tool); the compiled .mo files are committed and ship in the wheel.
messages: $(VENV)/.test-installed
	$(BIN)/python scripts/messages.py
