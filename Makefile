# Two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test lint translations package clean

venv: $(STAMP)

# Re-install only when the project description changes; the stamp keeps `make venv` idempotent.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: venv
	$(BIN)/python -m playground

test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ruff check playground tests benchmarks assets packaging
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --numprocesses=auto --dist=loadfile

lint: venv
	$(BIN)/python -m ruff check playground tests benchmarks assets packaging

# Collect every marked text into playground/locale/playground.pot and merge it into each
# language's .po file (new texts untranslated, unused ones dropped), then list what is left.
translations: venv
	$(BIN)/python -m playground.core.catalogue_update

# A one-folder app with PyInstaller, then its smoke test (minutes; not part of `make test`).
package: venv
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build *.egg-info
