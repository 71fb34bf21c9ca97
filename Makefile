# The two commands of the README: `make demo` and `make test`.
# Both create .venv when it is missing and install the project with pinned versions
# (constraints.txt), so a fresh clone behaves like a developer's checkout.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# Every optional extra: `make test` checks all adapters.
EXTRAS := dev,reference,documents,sql,postgres,identity,spid

.PHONY: demo test lint typecheck unit clean

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

test: lint typecheck unit

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy src tests examples benchmarks

unit: $(VENV)/.test-installed
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis
