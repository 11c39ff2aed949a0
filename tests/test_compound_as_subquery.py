"""A compound SQLite runs as a FROM subquery, against SQLite.

A compound SELECT with a UNION, INTERSECT or EXCEPT whose ORDER BY has a COLLATE term is
rewritten by SQLite into ``SELECT * FROM (compound) ORDER BY ... LIMIT ...`` before names
are resolved (select.c, convertCompoundSelectToSubquery): its result columns are then the
columns of that FROM subquery, typed as a FROM subquery's are (the first SELECT's
affinity, none where the arms disagree), not the last SELECT's expressions a compound is
otherwise known by. An IN or a comparison with such a query reads those columns
(``'0' IN (SELECT 'q' UNION SELECT r FROM t ORDER BY 1 COLLATE BINARY)``, r REAL,
converts no text and is 0; without the COLLATE it is 1). Generated compounds of two or
three arms (every operator; columns of every affinity, literals, expressions), with and
without an ORDER BY COLLATE, read as IN lists, scalar subqueries, FROM subqueries and
plain queries, from left operands of every affinity.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE t(r REAL, i INTEGER, x TEXT, n NUMERIC, b)",
    "INSERT INTO t VALUES (0, 0, '0', 0, 0), (1.5, 2, '1.5', '2', '2'), (NULL, NULL, NULL, NULL, x'30')",
    "CREATE TABLE u(r REAL, i INTEGER, x TEXT, n NUMERIC, b)",
    "INSERT INTO u VALUES (2, 1, '2', 1.5, 1.5), ('a', 'a', 'A', 'a', 'a')",
]
COLUMNS = ["r", "i", "x", "n", "b", "'0'", "'q'", "0", "1.5", "lower(i)", "+r", "CAST(b AS REAL)", "r || ''"]
OPERATORS = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]
ORDERS = ["", " ORDER BY 1", " ORDER BY 1 COLLATE BINARY", " ORDER BY 1 COLLATE NOCASE DESC",
          " ORDER BY 1 COLLATE RTRIM LIMIT 2", " ORDER BY 1 DESC, 1 COLLATE BINARY"]
LEFTS = ["'0'", "0", "'1.5'", "1.5", "2", "'2'", "t0.r", "t0.i", "t0.x", "t0.n", "t0.b"]


def _compound(rng: random.Random) -> str:
    arms = [f"SELECT {rng.choice(COLUMNS)} FROM {rng.choice(['t', 'u'])}"]
    for _ in range(rng.randint(1, 2)):
        arms.append(f"{rng.choice(OPERATORS)} SELECT {rng.choice(COLUMNS)} FROM {rng.choice(['t', 'u'])}")
    return " ".join(arms) + rng.choice(ORDERS)


def _queries(rng: random.Random) -> list[str]:
    compound, left = _compound(rng), rng.choice(LEFTS)
    return [
        f"SELECT {left}, {left} IN ({compound}) FROM t AS t0",
        f"SELECT {left}, {left} NOT IN ({compound}) FROM t AS t0",
        f"SELECT {left}, {left} = ({compound}), ({compound}) < {left} FROM t AS t0",
        f"SELECT * FROM ({compound})",
        compound,
    ]


@pytest.mark.parametrize("seed", range(8))
def test_generated_compounds_read_as_sqlite_reads_them(seed):
    rng = random.Random(seed)
    assert_same(SETUP, [q for _ in range(25) for q in _queries(rng)])


def test_the_rewrite_needs_a_collate_and_an_operator_other_than_union_all():
    assert_same(SETUP, [
        "SELECT '0' IN (SELECT 'q' UNION SELECT r FROM t ORDER BY 1 COLLATE BINARY)",
        "SELECT '0' IN (SELECT 'q' UNION SELECT r FROM t ORDER BY 1)",
        "SELECT '0' IN (SELECT 'q' UNION ALL SELECT r FROM t ORDER BY 1 COLLATE BINARY)",
        "SELECT '0' IN (SELECT 'q' UNION ALL SELECT r FROM t EXCEPT SELECT 'z' ORDER BY 1 COLLATE NOCASE)",
        "SELECT '0' = (SELECT 'q' UNION SELECT r FROM t ORDER BY 1 COLLATE BINARY LIMIT 1 OFFSET 1)",
        "SELECT '0' = (SELECT 'q' UNION SELECT r FROM t ORDER BY 1 LIMIT 1 OFFSET 1)",
        "SELECT ('0', 1) IN (SELECT 'q', 1 UNION SELECT r, 1 FROM t ORDER BY 2, 1 COLLATE NOCASE)",
        # and its collation: the FROM subquery's column has its first SELECT's
        "SELECT 'a' IN (SELECT 'A' UNION SELECT x COLLATE NOCASE FROM t ORDER BY 1 COLLATE BINARY)",
        "SELECT 'a' IN (SELECT x COLLATE NOCASE FROM t UNION SELECT 'A' ORDER BY 1 COLLATE BINARY)",
        "SELECT 'a' IN (SELECT x COLLATE NOCASE FROM t UNION SELECT 'A')",
    ])


def test_an_order_by_term_names_a_qualified_column_of_any_select():
    """resolveCompoundOrderBy resolves a term in each SELECT's FROM clause, left to right,
    and compares it with that SELECT's result expressions."""
    assert_same(SETUP + ["CREATE TABLE o(oid, k)", "INSERT INTO o VALUES (5, 6)"], [
        "SELECT r FROM t UNION SELECT i FROM u ORDER BY t.r",
        "SELECT r AS q FROM t UNION ALL SELECT i FROM u ORDER BY T.R DESC",
        "SELECT x, r FROM t UNION SELECT x, i FROM u ORDER BY u.i DESC, t.x",
        "SELECT r FROM t AS k UNION SELECT i FROM u ORDER BY k.r COLLATE NOCASE",
        "SELECT r COLLATE NOCASE FROM t UNION SELECT 9 ORDER BY t.r DESC",
        "SELECT rowid FROM t UNION SELECT 7 ORDER BY t.oid DESC",
        "SELECT _rowid_ FROM t UNION SELECT 7 ORDER BY t.RowId DESC",
        "SELECT rowid FROM o UNION SELECT 7 ORDER BY o.oid DESC",
        "SELECT c FROM (SELECT 1 AS c) AS s UNION SELECT 2 ORDER BY s.c DESC",
        "SELECT r FROM t, u UNION SELECT 7 ORDER BY u.i",
        "SELECT r FROM t UNION SELECT i FROM u ORDER BY t.nosuch",
        "SELECT r FROM t UNION SELECT i FROM u ORDER BY u.r",
        "SELECT r FROM t UNION SELECT i FROM u ORDER BY nosuch.r",
        "SELECT t.r FROM t JOIN u AS t2 ON 1 UNION SELECT 2 ORDER BY t2.i",
    ])
