"""Locating the shared sqllogictest corpus for the compat tests.

A checkout without the corpus beside it (a fresh clone) skips those tests with one line
saying where the corpus was looked for and how to point at it (``ROWANDB_COMPAT_DIR``).
CI sets ``ROWANDB_REQUIRE_COMPAT=1`` (.ci/run): there a missing corpus fails, so the
ratchet cannot be skipped by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rowandb.compat import corpus

REQUIRE = "ROWANDB_REQUIRE_COMPAT"


def require_corpus() -> Path:
    """The shared corpus; a skip naming where it was looked for when it is absent (a
    failure when ROWANDB_REQUIRE_COMPAT=1)."""
    try:
        return corpus.find_corpus()
    except corpus.CorpusNotFound as exc:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{exc} ({REQUIRE}=1 requires it)")
        pytest.skip(str(exc))
