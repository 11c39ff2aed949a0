# Two commands work on a fresh machine with only Python 3.11+: `make run` and `make test`.
# Both create .venv and install RowanDB with its test extra the first time (or when
# pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= :memory:
MINUTES ?= 20

.PHONY: run test fuzz bench compat sqla-suite clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/rowandb $(DB)

# pytest on every core: one worker per core, each test file run whole by one of them
# (tests/workers.py; ROWANDB_TEST_WORKERS=1 is plain pytest); fails if any worker fails.
test: $(STAMP)
	$(BIN)/python -m tests.workers -q

# The differential fuzzer for as long as asked (`make fuzz MINUTES=60`, `SEED=123` to
# repeat a run); reduced reproductions of failures go to fuzz-failures/ (docs/TESTING.md).
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --minutes $(MINUTES) $(if $(SEED),--seed $(SEED)) --out fuzz-failures

# Issue 12's targets table (docs/BENCHMARKS.md); options through ARGS, e.g.
# `make bench ARGS="--scale --memory"`. `python -m bench --all` runs the older workloads.
bench: $(STAMP)
	$(BIN)/python -m bench.targets $(ARGS)

compat: $(STAMP)
	$(BIN)/rowandb compat run

# SQLAlchemy's dialect compliance suite on SQLAlchemy's own SQLite dialect and on RowanDB's,
# and the share of SQLite's passes RowanDB keeps (docs/SQLALCHEMY.md; about 2 minutes).
SQLA_SUITE = $(BIN)/python -m pytest -c sqla_suite/setup.cfg --rootdir sqla_suite sqla_suite
sqla-suite: $(STAMP)
	-$(SQLA_SUITE) --dburi sqlite:// --junitxml=sqla_suite/sqlite.xml > /dev/null
	-$(SQLA_SUITE) --dburi rowandb:// --junitxml=sqla_suite/rowandb.xml > /dev/null
	$(BIN)/python sqla_suite/compare.py sqla_suite/sqlite.xml sqla_suite/rowandb.xml

clean:
	rm -rf $(VENV) build *.egg-info
