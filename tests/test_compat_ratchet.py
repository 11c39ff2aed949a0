"""The compatibility ratchet: RowanDB must keep passing at least as many records of every
script of the shared sqllogictest corpus as compat/baseline.json records.

When a script passes more than its baseline, the test says so: raise the baseline with
``python -m rowandb.compat baseline --write`` so the gain cannot be lost again.

Each script is a test of its own, and ``make test``'s workers (tests/workers.py) claim them
one by one (``CLAIM_EACH_TEST``): the scripts together outlast the rest of a worker's share.
"""

from __future__ import annotations

import warnings

import pytest

from rowandb.compat import corpus
from rowandb.compat.report import format_failure
from rowandb.compat.runner import run_file
from compat_corpus import require_corpus

BASELINE = corpus.load_baseline()
#: A record running longer than this fails instead of stalling the suite.
RECORD_TIME_LIMIT = 30.0
# tests/workers.py: each test of this module is a claim of its own.
CLAIM_EACH_TEST = True


def test_baseline_lists_exactly_the_guarded_scripts():
    assert sorted(BASELINE) == corpus.ratchet_scripts(require_corpus())


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_rowandb_keeps_its_baseline(name):
    base = require_corpus()
    result = run_file(base / name, corpus.RATCHET_ENGINE, name=name, keep_failures=3,
                      timeout=RECORD_TIME_LIMIT)
    floor = BASELINE[name]
    examples = "\n\n".join(format_failure(f) for f in result.failures)
    assert result.passed >= floor, (
        f"{name}: {result.passed} records pass on rowandb, the baseline is {floor}"
        f"{' (' + result.error + ')' if result.error else ''}\nfirst failures:\n{examples}")
    if result.passed > floor:
        hint = (f"{name}: {result.passed} records pass, baseline {floor}; raise it with "
                "`python -m rowandb.compat baseline --write`")
        print(hint)
        warnings.warn(hint, UserWarning)
