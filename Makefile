# Two commands work on a fresh machine with only Python 3.11+: `make run` and `make test`.
# Both create .venv and install RowanDB with its test extra the first time (or when
# pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= :memory:

.PHONY: run test bench compat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/rowandb $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

compat: $(STAMP)
	$(BIN)/rowandb compat run

clean:
	rm -rf $(VENV) build *.egg-info
