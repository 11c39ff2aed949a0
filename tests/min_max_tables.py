"""The table the generated min()/max() differential tests make: ``t`` with a key ``k``
that is a plain column of a rowid table, its INTEGER PRIMARY KEY, or the PRIMARY KEY of a
WITHOUT ROWID table (test_min_max_rows.py, test_min_max_in_rows.py,
test_min_max_scan_choice.py draw one of these kinds for each case), and the generated case
and its check the last two share (``generated_case``, ``assert_plans_agree``)."""

from __future__ import annotations

import random

from oracle import plan_differences

_KEYS = {"rowid": "k INT", "ipk": "k INTEGER PRIMARY KEY", "without": "k INT PRIMARY KEY"}


def table_kind(rng: random.Random) -> str:
    """"rowid" (twice as likely), "ipk" or "without"."""
    return rng.choice(["rowid", "rowid", "ipk", "without"])


def create_table(kind: str, columns: str) -> str:
    """``CREATE TABLE t(k ..., columns)`` of that kind."""
    tail = " WITHOUT ROWID" if kind == "without" else ""
    return f"CREATE TABLE t({_KEYS[kind]}, {columns}){tail}"


def generated_case(setup, query, count: int):
    """The generator of a file's cases: for a seed, the statements ``setup(rng)`` makes
    (with what ``query`` needs to know of them) and ``count`` queries ``query(rng, that)``
    asks, drawn from ``random.Random(seed)``."""
    def case(seed: int) -> tuple[list, list]:
        rng = random.Random(seed)
        statements, known = setup(rng)
        return statements, [query(rng, known) for _ in range(count)]
    return case


def assert_plans_agree(setup: list, queries: list) -> None:
    """Each query's SCAN and SEARCH lines (sorted) and rows are SQLite's."""
    wrong = plan_differences(setup, queries, sort_plan=True)
    assert not wrong, "\n".join(setup + wrong)
