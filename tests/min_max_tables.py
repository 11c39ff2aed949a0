"""The table the generated min()/max() differential tests make: ``t`` with a key ``k``
that is a plain column of a rowid table, its INTEGER PRIMARY KEY, or the PRIMARY KEY of a
WITHOUT ROWID table (test_min_max_rows.py, test_min_max_in_rows.py,
test_min_max_scan_choice.py draw one of these kinds for each case)."""

from __future__ import annotations

import random

_KEYS = {"rowid": "k INT", "ipk": "k INTEGER PRIMARY KEY", "without": "k INT PRIMARY KEY"}


def table_kind(rng: random.Random) -> str:
    """"rowid" (twice as likely), "ipk" or "without"."""
    return rng.choice(["rowid", "rowid", "ipk", "without"])


def create_table(kind: str, columns: str) -> str:
    """``CREATE TABLE t(k ..., columns)`` of that kind."""
    tail = " WITHOUT ROWID" if kind == "without" else ""
    return f"CREATE TABLE t({_KEYS[kind]}, {columns}){tail}"
