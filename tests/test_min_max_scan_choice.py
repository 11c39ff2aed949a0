"""Which loop a lone min() or max() reads its table by, where SQLite's solver weighs an
ordered full scan against a search of another column, on generated cases against SQLite
(apsw).

SQLite hands the query planner an ORDER BY of the call's argument (select.c,
minMaxQuery), which its path solver weighs as any ORDER BY (where.c, wherePathSolver,
whereSortingCost): a range of another column, a quarter of the rows by default, that
leaves those rows to sort costs more than reading the whole table (or an index) in the
argument's order, stepping its first row that passes the WHERE. So ``SELECT z, min(x)
FROM t WHERE y > 5`` with indexes on x and on y reads x's index, and its bare column
comes from the first of x's least entries that passes ``y > 5`` -- not from the first
met in y's order (``min_max_order.min_max_sorting``, ``order_choice.py``).

Each case makes a table (rowid, INTEGER PRIMARY KEY or WITHOUT ROWID; NULLs and ties)
with two or three indexes (on x, x DESC, y, (y, x), z, (x, z)) and asks min() and max() of
x, y, the key and the rowid with a bare column, under one or two terms of x, y and z
(ranges, BETWEEN, equalities, IS NULL, LIKE). Compared: the SCAN and SEARCH
lines of EXPLAIN QUERY PLAN, sorted, and the rows. On 153e1af: see the commit message.
"""

from __future__ import annotations

import random

import pytest

from min_max_tables import assert_plans_agree, create_table, generated_case, table_kind
from oracle import outcomes, plan_differences, print_differences

SEED = 181300120
CASES = 30
QUERIES = 30

_VALUES = ["NULL", "1", "2", "2", "3", "5", "6", "7", "9", "'a'", "2.5"]
_INDEXES = ["t_x ON t(x)", "t_xd ON t(x DESC)", "t_y ON t(y)", "t_yx ON t(y, x)",
            "t_z ON t(z)", "t_xz ON t(x, z)"]
# not asked (SQL.md): a range of a WITHOUT ROWID table's key after an index's equality
# (``z = 'b3' AND k > 10``: SQLite searches both); the IN lists are test_min_max_in_choice's
_TERMS = ["y > 5", "y >= 2", "y < 3", "y BETWEEN 2 AND 6", "y > 1 AND y < 7", "y = 2",
          "y IS NULL", "z > 'c'", "z = 'b3'", "z LIKE 'b%'", "x > 1",
          "x < 6", "x = 2", "k > 10", "k < 30", "rowid > 5"]


def _setup(rng: random.Random) -> tuple[list, str]:
    kind = table_kind(rng)
    table = create_table(kind, "x, y, z TEXT")
    rows = ", ".join(f"({k}, {rng.choice(_VALUES)}, {rng.choice(_VALUES)}, "
                     f"'{rng.choice('abcd')}{k}')" for k in rng.sample(range(1, 40), 14))
    setup = [table, f"INSERT INTO t VALUES {rows}"]
    for index in rng.sample(_INDEXES, rng.randint(2, 3)):
        setup.append(f"CREATE INDEX {index}")
    return setup, kind


def _query(rng: random.Random, kind: str) -> str:
    name = rng.choice(["min", "max"])
    arg = rng.choice(["x", "x", "x", "y", "k"] + (["rowid"] if kind != "without" else []))
    bare = rng.choice(["z", "k, z", "t.*"])
    terms = rng.sample([t for t in _TERMS if kind != "without" or t[0] not in "kr"],
                       rng.choice([1, 1, 2]))
    return f"SELECT {bare}, {name}({arg}) FROM t WHERE {' AND '.join(terms)}"


_case = generated_case(_setup, _query, QUERIES)


@pytest.mark.parametrize("case", range(CASES))
def test_min_max_loop_choice(case):
    assert_plans_agree(*_case(SEED + case))


IN_SEED = 181300500
_INS = ["y IN (2, 7)", "y IN (7, 2, 5)", "x IN (1, 2)", "z IN ('a1', 'b3')",
        "x IN (2, 'a', 9)", "k IN (3, 11)", "rowid IN (5, 9, 20)"]


def _in_query(rng: random.Random, kind: str) -> str:
    """One IN list (on x, y, z, the key or the rowid), maybe beside one of ``_TERMS``."""
    name = rng.choice(["min", "max"])
    arg = rng.choice(["x", "x", "x", "y", "k"] + (["rowid"] if kind != "without" else []))
    bare = rng.choice(["z", "k, z", "t.*"])
    terms = rng.sample([t for t in _TERMS if kind != "without" or t[0] not in "kr"],
                       rng.choice([0, 1]))
    terms.append(rng.choice([t for t in _INS if kind != "without" or t[0] not in "kr"]))
    rng.shuffle(terms)
    return f"SELECT {bare}, {name}({arg}) FROM t WHERE {' AND '.join(terms)}"


_in_case = generated_case(_setup, _in_query, QUERIES)


def _rowid_in(setup: list, query: str) -> bool:
    """Whether ``query`` has an IN of the rowid (``k`` of an INTEGER PRIMARY KEY): SQLite
    searches it, ``rowid=?``, RowanDB reads the table in rowid order, the IN tested
    first (SQL.md), so only the rows are compared."""
    return "rowid IN" in query or "k IN" in query and "INTEGER PRIMARY KEY" in setup[0]


@pytest.mark.parametrize("case", range(20))
def test_min_max_in_choice(case):
    """The loop SQLite's solver takes under an IN: the index whose IN loop delivers the
    call's order ((y, x) for min(x) under ``y IN``), the covering index, the search by an
    equality and the IN that whereLoopAdjustCost prefers to the equality alone, the
    rowid's IN (its rows)."""
    setup, queries = _in_case(IN_SEED + case)
    assert_plans_agree(setup, [q for q in queries if not _rowid_in(setup, q)])
    wrong = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in
             outcomes(setup, [q for q in queries if _rowid_in(setup, q)]) if a != b]
    assert not wrong, "\n".join(setup + wrong)


def test_the_examples_of_the_issue():
    setup = ["CREATE TABLE t(pk INTEGER PRIMARY KEY, x, y, z)", "CREATE INDEX tx ON t(x)",
             "CREATE INDEX ty ON t(y)", "INSERT INTO t VALUES (1, 3, 1, 'a'), (2, 1, 7, 'b'), "
             "(3, 1, 6, 'c'), (4, 2, 9, 'd'), (5, NULL, 2, 'e'), (6, 1, 8, 'f')"]
    assert not plan_differences(setup, [
        "SELECT z, min(rowid) FROM t WHERE x >= 'a'",      # SQLite: SEARCH t, no index
        "SELECT z, min(x) FROM t WHERE y > 5",             # x's index: b, not c
        "SELECT z, max(x) FROM t WHERE pk > 2",
        "SELECT z, min(x) FROM t WHERE y > 5 AND y < 9"], sort_plan=True)   # y's range


EXPR_SEED = 181300600
# not (x + y, z), which SQLite reads as covering a query of z and x + y (SQL.md)
_EXPR_INDEXES = ["t_e ON t(x + y)", "t_ed ON t((x + y) DESC)", "t_ek ON t(x + y, k)",
                 "t_l ON t(length(z))", "t_ye ON t(y, x + y)"]


def _expr_setup(rng: random.Random) -> tuple[list, str]:
    """``_setup``'s table and indexes, and one or two indexes on expressions."""
    setup, kind = _setup(rng)
    return setup + [f"CREATE INDEX {i}" for i in rng.sample(_EXPR_INDEXES, rng.randint(1, 2))], \
        kind


def _expr_query(rng: random.Random, kind: str) -> str:
    """min() or max() of an expression an index may hold, under one or two terms."""
    name = rng.choice(["min", "max"])
    arg = rng.choice(["x + y", "x + y", "length(z)", "x * 2", "(x + y) COLLATE NOCASE"])
    bare = rng.choice(["z", "k, z", "t.*"])
    terms = rng.sample([t for t in _TERMS + _INS if kind != "without" or t[0] not in "kr"],
                       rng.choice([0, 1, 1, 2]))
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    return f"SELECT {bare}, {name}({arg}) FROM t{where}"


_expr_case = generated_case(_expr_setup, _expr_query, QUERIES)


@pytest.mark.parametrize("case", range(15))
def test_min_max_of_an_indexed_expression(case):
    """An argument that is an expression an index holds: the solver weighs that index's
    full scan in its order against the searches (``SELECT *, max(x + y) FROM t WHERE z >
    'c'``: the index on x + y, z's range left to test)."""
    setup, queries = _expr_case(EXPR_SEED + case)
    assert_plans_agree(setup, [q for q in queries if not _rowid_in(setup, q)])


def test_the_examples_of_the_in_and_the_rowid_range():
    """SQL.md's examples of the solver's choice under an IN and of the rowid's range
    beside a covering index's range (the one case of seeds 181302000-181302039 that
    differed: z, max(k) read t_z)."""
    rows = "INSERT INTO t VALUES (1, 5, 2, 'a1'), (2, 5, 7, 'b2'), (3, 3, 2, 'c3'), " \
        "(11, 2, 7, 'd11'), (12, 1, 2, 'e12'), (13, 5, 2, 'f13'), (14, 2, 2, 'c14')"
    table = "CREATE TABLE t(k INTEGER PRIMARY KEY, x, y, z TEXT)"
    by_y = [table, "CREATE INDEX t_yx ON t(y, x)", "CREATE INDEX t_y ON t(y)",
            "CREATE INDEX t_x ON t(x)", rows]
    by_x = [table, "CREATE INDEX t_xz ON t(x, z)", "CREATE INDEX t_x ON t(x)",
            "CREATE INDEX t_z ON t(z)", rows]
    two = ["CREATE TABLE t(k INTEGER PRIMARY KEY, x, y)", "CREATE INDEX t_x ON t(x)",
           "CREATE INDEX t_y ON t(y)", "INSERT INTO t VALUES (1, 2, 2), (2, 2, 2), (3, 1, 3)"]
    wrong = plan_differences(by_y, [
        "SELECT *, min(x) FROM t WHERE y IN (2, 7)",       # (y, x), not y
        "SELECT *, max(x) FROM t WHERE y IN (7, 2)",
        "SELECT k, z, min(x) FROM t WHERE x IN (1, 2) AND y = 2"], sort_plan=True)  # both
    wrong += plan_differences(by_x, [
        "SELECT z, max(x) FROM t WHERE x IN (1, 2)",       # (x, z), covering: row 14
        "SELECT z, max(k) FROM t WHERE k > 10 AND z > 'c'",           # rowid>?
        "SELECT z, max(k) FROM t WHERE z > 'c' AND k > 10 AND k < 14"], sort_plan=True)
    wrong += plan_differences(two, ["SELECT *, min(x) FROM t WHERE y = 2 AND x IN (1, 2)"])
    wrong += [sql for sql, a, b in outcomes(two, [
        "SELECT *, max(x) FROM t WHERE k IN (1, 2)",       # rowid order: row 1
        "SELECT *, min(x) FROM t WHERE rowid IN (2, 1, 3)"]) if a != b]
    assert not wrong, "\n".join(wrong)


if __name__ == "__main__":
    print_differences(_case, SEED, CASES, sort_plan=True)
    print_differences(_in_case, IN_SEED, 20, sort_plan=True)
    print_differences(_expr_case, EXPR_SEED, 15, sort_plan=True)
