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
  empty; ``x = 5 AND y > x`` searches an index on y by its range, rows in y's order.
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
    # one table: y > x of x = 5 is a range search, rows in y's order
    (["CREATE TABLE t(x, y INT, z)", "CREATE INDEX ty ON t(y)",
      "INSERT INTO t VALUES (5, 9, 1), (5, 7, 2), (6, 8, 3), (5, 6, 0)"],
     "SELECT * FROM t WHERE x = 5 AND y > x"),
    (["CREATE TABLE t(x, y INT, z)", "CREATE INDEX ty ON t(y)",
      "INSERT INTO t VALUES (5, 9, 1), (5, 7, 2), (6, 8, 3), (5, 6, 0)"],
     "SELECT * FROM t WHERE x = 5 AND y = x"),
]


@pytest.mark.parametrize("script, sql", PROPAGATED)
def test_a_propagated_constant_is_a_constant_to_the_planner(script, sql):
    assert_same_order(script, sql, outcome=True)


def test_rows_come_in_the_order_of_the_range_a_constant_gives():
    script, sql = PROPAGATED[3]
    lite = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:")
    for statement in script:
        lite.execute(statement)
        mine.execute(statement)
    assert [row[2] for row in lite.execute(sql)] == [0, 2, 1]
    assert [row[2] for row in mine.execute(sql).fetchall()] == [0, 2, 1]
