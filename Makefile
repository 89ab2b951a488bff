# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates the virtualenv it needs, so no other step is required.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format bench clean

$(BIN)/auditor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/auditor
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

# The demo keeps its history in a throw-away file under reports/, not in yours.
demo: $(BIN)/auditor
	rm -f reports/demo-history.sqlite
	$(BIN)/auditor audit fixtures/household --known fixtures/household/auditor.toml --as-of 2026-11-05 --db reports/demo-history.sqlite -o reports/demo.xlsx --json reports/demo.json
	@echo "the auditor command is $(BIN)/auditor (or run '. $(VENV)/bin/activate' once in a shell, then auditor …)"

test: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Speed and robustness figures (not part of `make test`): see bench/README.md.
bench: $(VENV)/.test-deps
	$(BIN)/python bench/audit_bench.py
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/fuzz.py --cases 2000 --seed 1

clean:
	rm -rf $(VENV) reports/*.xlsx reports/*.json reports/*.sqlite
