"""Two INs on one index: the later IN's list computed per value of the first (issue 8).

SQLite searches an index of (a, b) by ``a IN (...) AND b IN (...)`` with nested loops:
the first IN's list is computed as the table's loop starts, the later IN's -- and a later
key's equality value -- once per distinct value of the first, and a row found is never
tested against them again. With a function answering differently each time (a counting
``cnt``, registered not deterministic) that shows in the calls and the rows: RowanDB
computed every list once before the loop and tested the later IN on each row with it
(``optimizer/in_after_in.py`` now leaves such values to ``exec/in_seek.py``'s loop).
An ``IS`` on the first key searches with an IN after it too (``in_loop.is_as_equal``):
RowanDB searched the ``IS`` alone and tested the IN on each row, calling its items per
row.
Each statement runs on both engines; the rows (in order) and the number of calls must
agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1,1,'a11'),(1,2,'a12'),(2,1,'a21'),(2,2,'a22'),(3,1,'a31'),"
    "(3,2,'a32'),(NULL,1,'n1')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
    "CREATE TABLE w(p, q, r, s)",
    "CREATE INDEX wi ON w(p, q, r)",
    "INSERT INTO w VALUES (1,1,1,'x111'),(1,2,1,'x121'),(1,2,2,'x122'),(2,1,1,'x211'),"
    "(2,2,2,'x222'),(2,3,3,'x233')",
]

QUERIES = [
    "SELECT c FROM t WHERE a IN (2, 3) AND b IN (cnt(0), 2)",
    "SELECT c FROM t WHERE a IN (cnt(0), cnt(0)) AND b IN (cnt(0), 1) ORDER BY t.rowid DESC",
    "SELECT count(*) FROM t WHERE b IN (cnt(0), 1) AND a IN (1, 3)",
    "SELECT c FROM t WHERE a IN (3, 1, 2) AND b IN (nullif(cnt(0), 2), 2) ORDER BY a DESC",
    "SELECT x, c FROM u, t WHERE a IN (3, cnt(0)) AND b IN (3, cnt(0))",
    "SELECT x, c FROM u, t WHERE a IN (1, 3) AND b IN (cnt(0) + 1, cnt(0))",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE a IN (1, 2) AND b IN (cnt(x), 2)) FROM u",
    "SELECT x, c FROM u LEFT JOIN t ON a IN (2, 3) AND b IN (cnt(0), 9)",
    "SELECT s FROM w WHERE p IN (1, 2) AND q = cnt(0) AND r IN (1, 2)",
    "SELECT s FROM w WHERE p IN (1, 2) AND q IN (2, 3) AND r IN (cnt(0), 2)",
    "SELECT s FROM w WHERE p IN (2, 1) AND q IN (cnt(0), 2) AND r = cnt(0)",
    "SELECT c FROM t WHERE a IN (1, 2) AND b IN (1, 2)",
    # an IS on the first key searches with the IN after it (its NULL finding NULL keys)
    "SELECT x, c FROM u, t WHERE a IS 1 AND b IN (cnt(0), 2)",
    "SELECT c FROM t WHERE a < 2 AND b IN (cnt(0), 2) AND a IS cnt(0) ORDER BY a",
    "SELECT c FROM t WHERE a IS nullif(cnt(0), 1) AND b IN (1, cnt(0))",
    "SELECT c FROM t WHERE a IS nullif(cnt(0), 1) AND b IN (2, 1)",
    "SELECT c FROM t WHERE a IS NULL AND b IN (2, 1)",
]

WRITES = [
    "UPDATE t SET c = 'z' WHERE a IN (2, 3) AND b IN (cnt(0), 2)",
    "DELETE FROM t WHERE a IN (cnt(0), 3) AND b IN (cnt(0), cnt(0))",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_later_in_list_is_computed_per_value(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_two_ins(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM t ORDER BY rowid")
    assert ours == theirs
