"""SQLite's estimates behind the loop order, class by class, against apsw.

``tests/join_order_agreement.py`` counts how often RowanDB's loops come in SQLite's
order on generated joins; each disagreement it found falls in a class of SQLite's
arithmetic that RowanDB did not model. Each class has its tests here: the loop order
(EXPLAIN QUERY PLAN's SCAN/SEARCH lines) and the rows or error of a statement whose
order shows -- a term that raises is reached or not, rows come in an index's order or
the table's.

* Constant propagation seen by the planner (select.c propagateConstants; where.c counts
  a fixed column as reading no table): ``t1.c1 = t0.c0 AND t0.c0 = 1`` reads t1 alone,
  so t1 is scanned outside t0 and a term on t0 that raises meets no row when t1 is
  empty; ``x = 5 AND y > x`` searches an index on y by its range, rows in y's order. A
  term left reading no table (``a1.c0 < 3`` of ``a1.c0 = 5``) lowers no table's row
  estimate but still searches the table of its fixed left column.
* No automatic index on a column that leads an index (where.c,
  columnIsGoodIndexCandidate), a partial one too: ``t.a = 5`` with t's index on a
  partial leaves t scanned outside u, so a term on u that raises meets no row when t is
  empty; the second key of an index without ANALYZE's figures may still be one.
* An index search goes on past the declared keys to the rowid, or to a WITHOUT ROWID
  table's PRIMARY KEY columns, that end each entry (``c1 = ? AND rowid > ?``): the
  table so searched goes inside the one the range reads.
* The right table of a LEFT JOIN comes after the tables written before it, which are
  prerequisites of each of its ways to SQLite (whereLoopAddAll), so an ON term reading
  only them still lowers its rows (``a1 LEFT JOIN a2 ON a1.c0 > 3``: a2 inside a3).
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from join_order_agreement import assert_same_order

PROPAGATED = [
    # t1 outside: it is empty, so json(t0.c1) never runs (RowanDB read t0 first: raised)
    (["CREATE TABLE t0(c0 CHAR(3), c1 INT, PRIMARY KEY(c0, c1)) WITHOUT ROWID",
      "CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 NVARCHAR(40), c2 INTEGER)",
      "INSERT INTO t0 VALUES ('1', 'x')"],
     "SELECT * FROM t1 JOIN t0 ON t1.c1 = t0.c0 AND t0.c0 = 1 WHERE json(t0.c1)"),
    (["CREATE TABLE t0(c0 CHAR(3), c1 INT, PRIMARY KEY(c0, c1)) WITHOUT ROWID",
      "CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 NVARCHAR(40), c2 INTEGER)",
      "INSERT INTO t0 VALUES ('1', 'x')", "INSERT INTO t1 VALUES (1, '1', 2)"],
     "SELECT * FROM t1 JOIN t0 ON t1.c1 = t0.c0 AND t0.c0 = 1 WHERE json(t0.c1)"),
    # the constant reaches a column of another table in a later ON
    (["CREATE TABLE p(a INT, b TEXT)", "CREATE TABLE q(x TEXT, y) ",
      "CREATE INDEX q_x ON q(x)", "INSERT INTO p VALUES (1, 'a'), (2, 'b')",
      "INSERT INTO q VALUES ('1', '['), ('2', '{')"],
     "SELECT * FROM q JOIN p ON p.a = 1 JOIN p AS r ON r.a = q.x AND r.a = p.a "
     "WHERE json(q.y)"),
    # a1.c0 < 3 of a1.c0 = 5 reads no table (5 < 3, tested first): it lowers neither
    # table's rows, and the tie keeps a0 first
    (["CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1)",
      "CREATE TABLE t2(c0, c1 CHAR(3), c2 VARCHAR(200), PRIMARY KEY(c0, c1)) WITHOUT ROWID",
      "CREATE UNIQUE INDEX t2_i0 ON t2(c2)"],
     "SELECT * FROM t0 AS a0 JOIN t0 AS a1 ON a1.c0 < 3 JOIN t2 AS a2 ON hex(a1.c0) "
     "WHERE hex(a2.c1) AND a1.c0 = 5 AND a0.c0 = 'abc'"),
    # ... but it still searches the fixed column's table: a0.c1 = 5 (a0.c1 fixed by the
    # later a0.c1 = 5) searches t2_i0 leaving the fixing term to lower a0's rows
    (["CREATE TABLE t2(c0 NUMERIC PRIMARY KEY, c1 VARCHAR(200), c2 REAL, c3 TEXT) "
      "WITHOUT ROWID", "CREATE UNIQUE INDEX t2_i0 ON t2(c1, c2)",
      "CREATE INDEX t2_i1 ON t2(c0)", "INSERT INTO t2 VALUES (1, '5', 2, '{')"],
     "SELECT * FROM t2 AS a0 JOIN t2 AS a1 ON a1.c2 = a0.c0 AND a0.c0 = a1.c1 "
     "WHERE a0.c1 = 5 AND abs(a1.c3) AND a0.c1 = 5"),
    # one table: y > x of x = 5 is a range search, rows in y's order
    (["CREATE TABLE t(x, y INT, z)", "CREATE INDEX ty ON t(y)",
      "INSERT INTO t VALUES (5, 9, 1), (5, 7, 2), (6, 8, 3), (5, 6, 0)"],
     "SELECT * FROM t WHERE x = 5 AND y > x"),
    (["CREATE TABLE t(x, y INT, z)", "CREATE INDEX ty ON t(y)",
      "INSERT INTO t VALUES (5, 9, 1), (5, 7, 2), (6, 8, 3), (5, 6, 0)"],
     "SELECT * FROM t WHERE x = 5 AND y = x"),
]




def test_rows_come_in_the_order_of_the_range_a_constant_gives():
    script, sql = PROPAGATED[5]
    lite = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:")
    for statement in script:
        lite.execute(statement)
        mine.execute(statement)
    assert [row[2] for row in lite.execute(sql)] == [0, 2, 1]
    assert [row[2] for row in mine.execute(sql).fetchall()] == [0, 2, 1]


AUTOMATIC = [
    (["CREATE TABLE t(a, b, c)", "CREATE TABLE u(x, y)",
      "CREATE INDEX ti ON t(a) WHERE a > 0", "INSERT INTO u VALUES (5, '{')"],
     "SELECT * FROM u, t WHERE t.a = 5 AND json(u.y)"),
    (["CREATE TABLE t(a, b, c)", "CREATE TABLE u(x, y)",
      "CREATE INDEX tj ON t(c, b) WHERE c > 0", "INSERT INTO u VALUES (5, '{')"],
     "SELECT * FROM u, t WHERE t.c = 5 AND json(u.y)"),
    (["CREATE TABLE t(a, b, c)", "CREATE TABLE u(x, y)",
      "CREATE INDEX tj ON t(c, b) WHERE c > 0", "INSERT INTO u VALUES (5, '[1]')",
      "INSERT INTO t VALUES (1, 5, 2)"],
     "SELECT * FROM u, t WHERE t.b = 5 AND json(u.y)"),
]



PAST_THE_KEYS = [
    (["CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 REAL)", "CREATE INDEX t1_i0 ON t1(c1)",
      "CREATE TABLE t2(c0 TEXT PRIMARY KEY, c1 NVARCHAR(40)) WITHOUT ROWID",
      "CREATE INDEX t2_i0 ON t2(c0)",
      "CREATE TABLE t3(c0 INTEGER PRIMARY KEY, c1 BLOB, c2 CHAR(3), c3 BLOB, c4 CHAR(3))",
      "CREATE INDEX t3_i0 ON t3(c1, c0)", "CREATE INDEX t3_i1 ON t3(c0)"],
     "SELECT * FROM t2 AS a0, t1 AS a1 JOIN t3 AS a2 ON 2 > 1 AND a1.c1 = NULL "
     "WHERE a1.c0 > a2.c3"),
    (["CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 NUMERIC, c2 TEXT, c3 NVARCHAR(40), c4)",
      "CREATE INDEX t0_i0 ON t0(c3)",
      "CREATE TABLE t1(c0, c1 TEXT, PRIMARY KEY(c0, c1)) WITHOUT ROWID",
      "CREATE INDEX t1_i0 ON t1(c1)", "INSERT INTO t0 VALUES (1, 0, 'x', 'a', 2)",
      "INSERT INTO t1 VALUES (5, 'a'), (7, 'a'), (4, 'b')"],
     "SELECT * FROM t1 AS a0 JOIN t0 AS a1 ON a0.c0 >= 3 AND a1.c0 < 3 AND abs(a0.c0) "
     "WHERE a0.c1 = a1.c3 AND a0.c0 > a1.c1"),
]



LEFT_BEFORE = [
    (["CREATE TABLE t0(c0 BLOB, c1)", "CREATE UNIQUE INDEX t0_i0 ON t0(c0, c1)",
      "CREATE TABLE t2(c0 INT PRIMARY KEY, c1 CHAR(3), c2 INTEGER, c3 NUMERIC, c4 CHAR(3))"
      " WITHOUT ROWID",
      "CREATE TABLE t4(c0 INT PRIMARY KEY, c1 VARCHAR(200), c2 INT, c3 REAL) WITHOUT ROWID",
      "CREATE UNIQUE INDEX t4_i0 ON t4(c1)", "CREATE INDEX t4_i1 ON t4(c2, c1)",
      "INSERT INTO t4 VALUES (1, 'a', 2, 3.5)", "INSERT INTO t0 VALUES (5, 'x'), (1, 'y')",
      "INSERT INTO t2 VALUES (1, 'p', 1, 1, 'q'), (2, 'r', 2, 2, 's')"],
     "SELECT * FROM t4 AS a0 JOIN t0 AS a1 LEFT JOIN t2 AS a2 ON a1.c0 > 3 JOIN t0 AS a3"),
]


@pytest.mark.parametrize("script, sql", PROPAGATED + AUTOMATIC + PAST_THE_KEYS + LEFT_BEFORE)
def test_loops_come_in_sqlites_order_and_show_it(script, sql):
    """Each class above: SQLite's SCAN/SEARCH order, and its rows or error."""
    assert_same_order(script, sql, outcome=True)
