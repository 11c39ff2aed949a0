"""``x IN (list)`` against SQLite: affinity, collation, NULLs, parameters and errors.

SQLite reads ``x IN (y1, y2)`` as ``x = +y1 OR x = +y2``: the items have no affinity of
their own (a column or CAST in the list does not convert x), x's affinity converts them,
and constant items are evaluated once, up front — an item that raises makes the statement
fail even when another item matched. RowanDB hashes the constant items once per execution;
these random queries check that it still answers exactly as SQLite does.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb

SETUP = [
    "CREATE TABLE t(i INTEGER, r REAL, x TEXT, n, b BLOB, c TEXT COLLATE NOCASE)",
    "INSERT INTO t VALUES (1, 1.0, '1', 1, x'31', 'A'), (2, 2.5, 'abc', '2', NULL, 'b'), "
    "(NULL, NULL, NULL, NULL, NULL, NULL), (3, 3.0, '3.0', 3.0, x'33', 'C'), "
    "(10, 1e3, ' 10', 'x', x'', 'a')",
]
OPERANDS = ["i", "r", "x", "n", "b", "c", "i+0", "x||''", "c COLLATE BINARY", "CAST(n AS TEXT)"]
ITEMS = ["1", "1.0", "'1'", "'abc'", "NULL", "3", "'3'", "'A'", "x'31'", "2.5", "'10'", "i",
         "x", "n", "c", "CAST(i AS TEXT)", "abs(-9223372036854775808)", "?", "1 + 1"]
PARAMS = [1, "1", None, 2.5, "abc", b"1"]


@pytest.fixture(scope="module")
def pair():
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    for sql in SETUP:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


def _outcome(run):
    try:
        return sorted(map(tuple, run()))
    except Exception as exc:            # noqa: BLE001 - compared by class family below
        return exc


@pytest.mark.parametrize("seed", range(4))
def test_in_lists_match_sqlite(pair, seed):
    rowan, sqlite = pair
    rnd = random.Random(seed)
    for _ in range(200):
        items = rnd.sample(ITEMS, rnd.randint(0, 5))
        sql = (f"SELECT rowid, {rnd.choice(OPERANDS)} {rnd.choice(['', 'NOT '])}IN "
               f"({', '.join(items)}) FROM t")
        params = (rnd.choice(PARAMS),) if "?" in items else ()
        mine = _outcome(lambda: rowan.execute(sql, params).fetchall())
        theirs = _outcome(lambda: list(sqlite.execute(sql, params)))
        if isinstance(theirs, Exception):
            assert isinstance(mine, rowandb.Error), (sql, params, mine)
        else:
            assert mine == theirs, (sql, params)


def test_constant_items_are_evaluated_once_per_execution(pair, monkeypatch):
    from rowandb.planner.exec import in_lists
    rowan, _ = pair
    built = []
    original = in_lists._sets

    def counting(*args):
        built.append(1)
        return original(*args)
    monkeypatch.setattr(in_lists, "_sets", counting)
    sql = "SELECT rowid FROM t WHERE r IN (1, 2.5, ?, 1e3) ORDER BY 1"
    assert rowan.execute(sql, (3,)).fetchall() == [(1,), (2,), (4,), (5,)]
    assert rowan.execute(sql, (None,)).fetchall() == [(1,), (2,), (5,)]
    assert len(built) == 2              # once per execution, not once per row


def test_one_constant_item_is_an_equality_as_sqlites_parser_makes_it():
    """``x IN (y)`` of a constant y is ``x == +y`` to SQLite (parse.y): it searches an index
    as an equality does, is a RIGHT or FULL JOIN's search key computed per left row
    (an item that fails raises even with no right row), and answers as the list did."""
    from oracle import assert_same
    setup = ["CREATE TABLE t(a TEXT COLLATE NOCASE, b INT, c)",
             "INSERT INTO t VALUES ('A', 1, '1'), ('a', 2, 1), ('b', '3', 1.0), (NULL, NULL, NULL)",
             "CREATE INDEX tb ON t(b)", "CREATE TABLE p(k PRIMARY KEY)",
             "CREATE TABLE q(v)", "INSERT INTO q VALUES (0)"]
    assert_same(setup, [
        "SELECT a IN ('a'), a NOT IN ('a'), b IN ('1'), c IN (1), c IN ('1'), c NOT IN (1), "
        "a IN ('a' COLLATE BINARY), a IN (('a') COLLATE BINARY), a IN (CAST(1 AS TEXT)), "
        "b IN (CAST('1' AS TEXT)), 'A' IN (a), c IN (b) FROM t",
        "SELECT rowid FROM t WHERE b IN ('1')",
        "SELECT rowid FROM t WHERE a NOT IN (NULL)",
        "SELECT rowid FROM t WHERE b IN ((SELECT 1))",
        "SELECT rowid FROM t WHERE b NOT IN (abs(-9223372036854775807 - 1))",
        "SELECT NULL FROM q FULL JOIN p ON p.k IN (json_array_insert('*', 1, NULL))"])
    con = rowandb.connect(":memory:")
    for sql in setup:
        con.execute(sql)
    plan = [r[3] for r in con.execute("EXPLAIN QUERY PLAN SELECT a FROM t WHERE b IN (?)",
                                      (2,)).fetchall()]
    assert any("(b=?)" in step for step in plan), plan
