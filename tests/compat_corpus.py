"""Locating the shared sqllogictest corpus for the compat tests: a clear failure when it is
absent (or a skip, when ROWANDB_ALLOW_MISSING_COMPAT=1 allows it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rowandb.compat import corpus


def require_corpus() -> Path:
    """The shared corpus; a clear failure (or, if allowed, a skip) when it is absent."""
    try:
        return corpus.find_corpus()
    except corpus.CorpusNotFound as exc:
        if os.environ.get("ROWANDB_ALLOW_MISSING_COMPAT") == "1":
            pytest.skip(str(exc))
        pytest.fail(f"{exc}. Set ROWANDB_ALLOW_MISSING_COMPAT=1 to skip these tests.")
