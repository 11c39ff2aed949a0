"""Rows of a join under an ORDER BY in SQLite's order: a flattened subquery's column, and
an inner loop read through an index for the ORDER BY (issue 8, branch orderedflat).

An ORDER BY shows the order of the loops among the rows it leaves tied. Each query here
is compared with SQLite (apsw), rows as lists.

SQLite flattens ``(SELECT c2, c1, c0 FROM t) AS a`` into the join (select.c,
flattenSubquery), so ``ORDER BY a.c1`` is an ORDER BY on t.c1 that an index of t can
deliver: its path solver weighs the sort that index saves (where.c, wherePathSolver,
wherePathSatisfiesOrderBy), puts t's loop outermost and reads it through the index,
backwards for DESC, its ties then in rowid order descending. RowanDB weighed no ORDER
BY on a subquery's column (``build._deliverable`` looked at tables only), and read the
subquery's table in rowid order under a sort (``order_by_index`` found no table scan
outermost): ``flat_order.py``. On daac88a 16 of these 24 differ.

A loop inside the outermost that SQLite's solver reads whole through an index the ORDER
BY might use (its iSortIdx) is read through that index, in the direction the ORDER BY
needs: ``ORDER BY a3.c0 DESC, a2.c0 DESC`` with a3's rowid outermost reads a2 through its
index on c0 backwards, where RowanDB scanned a2 and sorted each run of a3's rows
(``whole_index.wholes_read``; ``join_rows_order --ordered``, seed 178300000). A WITHOUT
ROWID table read in PRIMARY KEY order tells its rows apart for the loops inside only
when the first of its other columns is NOT NULL: SQLite's PRIMARY KEY b-tree holds every
column, and wherePathSatisfiesOrderBy walks them after the key, the loop ceasing to be
order-distinct at the first that may be NULL (``order_by_index._walked``; seed
178200000, once the inner loop was read through its index). On daac88a 6 of these 12
differ.

A FROM subquery SQLite flattens though it holds a WHERE or reads its table INDEXED BY or
NOT INDEXED is a loop over that table to SQLite's solver, with that hint and those terms;
RowanDB's costs read only a bare subquery as its table, so such a join went greedily
(``flat_where.py``; ``join_rows_order --inside``: 17 of 1,000 cases of seed 178200000
differed). On daac88a 4 of these 13 differ.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = (
    "CREATE TABLE t(c0 INTEGER PRIMARY KEY, c1, c2 REAL)",
    "CREATE INDEX t_c1 ON t(c1)",
    "CREATE INDEX t_c2 ON t(c2 DESC)",
    "INSERT INTO t VALUES (1, 'b', 2), (2, 'a', 1), (3, 'b', 1), (4, 'a', 2), (5, NULL, 3),"
    " (6, 'b', NULL), (7, 'B', 2)",
    "CREATE TABLE u(x, y)",
    "INSERT INTO u VALUES (2, 'p'), (1, 'q')",
    "CREATE TABLE w(k TEXT PRIMARY KEY, m) WITHOUT ROWID",
    "CREATE INDEX w_m ON w(m)",
    "INSERT INTO w VALUES ('k1', 2), ('k2', 1), ('k3', 2), ('k0', 1)",
    "CREATE VIEW tv AS SELECT c2, c0, c1 FROM t",
)

FLATTENED = (
    "SELECT * FROM (SELECT c2, c1, c0 FROM t) AS a, u ORDER BY a.c1",
    "SELECT * FROM (SELECT c2, c1, c0 FROM t) AS a, u ORDER BY a.c1 DESC",
    "SELECT * FROM u, (SELECT c2, c1, c0 FROM t) AS a ORDER BY a.c1 DESC",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a ORDER BY a.c1",
    "SELECT a.c0, u.y FROM u, (SELECT c1, c0 FROM t) AS a ORDER BY a.c1 DESC",
    "SELECT * FROM u, (SELECT c2, c1, c0 FROM t) AS a ORDER BY a.c2",
    "SELECT * FROM u, (SELECT c2, c1, c0 FROM t) AS a ORDER BY a.c2 DESC",
    "SELECT * FROM u, (SELECT c2, c1, c0 FROM t) AS a ORDER BY a.c0 DESC",
    "SELECT * FROM u, (SELECT c1 AS z, c0 FROM t) AS a ORDER BY a.z DESC",
    "SELECT * FROM u, (SELECT * FROM (SELECT c1, c0 FROM t)) AS a ORDER BY a.c1 DESC",
    "SELECT * FROM u, tv AS a ORDER BY a.c1 DESC",
    "SELECT * FROM u, tv AS a ORDER BY a.c1, a.c0 DESC",
    "SELECT * FROM u, tv AS a ORDER BY a.c1 COLLATE NOCASE",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a ORDER BY a.c1 DESC, u.x",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a ORDER BY a.c1 DESC LIMIT 5",
    "SELECT * FROM u, (SELECT m, k FROM w) AS a ORDER BY a.m DESC",
    "SELECT * FROM u, (SELECT m, k FROM w) AS a ORDER BY a.m",
    "SELECT * FROM u, (SELECT k, m FROM w) AS a ORDER BY a.k DESC",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a, w ORDER BY a.c1 DESC",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a, (SELECT m, k FROM w) AS b "
    "ORDER BY b.m DESC",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a WHERE u.x = 1 ORDER BY a.c1 DESC",
    # ORDER BY terms no index of the table leads: sorted, as before
    "SELECT * FROM u, (SELECT c1 || 'x' AS z, c0 FROM t) AS a ORDER BY a.z DESC",
    "SELECT * FROM u, (SELECT DISTINCT c1, c0 FROM t) AS a ORDER BY a.c1 DESC",
    "SELECT * FROM u, (SELECT c1, c0 FROM t) AS a ORDER BY a.c1 + 0 DESC",
)


@pytest.mark.parametrize("sql", FLATTENED)
def test_order_by_a_flattened_subquerys_column(sql):
    assert_same(SETUP, [sql])


INNER_SETUP = (
    "CREATE TABLE t0(c0 CHAR(3), c1 INT)",
    "CREATE INDEX t0_i0 ON t0(c0)",
    "CREATE INDEX t0_i1 ON t0(c1)",
    "INSERT INTO t0 VALUES ('b', 1), ('a', 2), ('b', 3), (NULL, 4), ('a', 5), ('c', 1)",
    "CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c1 CHAR(3))",
    "INSERT INTO t1 VALUES (1, 'x'), (3, 'y'), (2, 'z')",
    "CREATE TABLE t2(c0 INTEGER PRIMARY KEY, c1 VARCHAR(200))",
    "CREATE INDEX t2_i0 ON t2(c1)",
    "INSERT INTO t2 VALUES (1, 'p'), (2, 'q')",
    "CREATE TABLE w(k TEXT PRIMARY KEY, m) WITHOUT ROWID",
    "INSERT INTO w VALUES ('k1', 2), ('k2', NULL)",
    "CREATE TABLE n(k TEXT PRIMARY KEY, m NOT NULL, o) WITHOUT ROWID",
    "INSERT INTO n VALUES ('k1', 2, 1), ('k2', 1, NULL)",
    "CREATE TABLE x(c0 INT PRIMARY KEY, c1 INT) WITHOUT ROWID",
    "CREATE UNIQUE INDEX x_i0 ON x(c1, c0)",
    "INSERT INTO x VALUES (1, 5), (2, 5), (3, 4), (4, NULL), (5, 4)",
)

INNER = (
    "SELECT * FROM t2 AS a0 INDEXED BY t2_i0, t1 AS a1 NOT INDEXED JOIN t0 AS a2, t1 AS a3 "
    "ORDER BY a3.c0 DESC, a2.c0 DESC",
    "SELECT * FROM t1 AS a3, t0 AS a2 ORDER BY a3.c0 DESC, a2.c0 DESC",
    "SELECT * FROM t1 AS a3, t0 AS a2 ORDER BY a3.c0, a2.c0",
    "SELECT * FROM t0 AS a2, t1 AS a3 ORDER BY a3.c0 DESC, a2.c0",
    "SELECT * FROM t1 AS a3, t0 AS a2 ORDER BY a3.c0 DESC, a2.c1 DESC",
    "SELECT * FROM t1 AS a3, t0 AS a2, t2 ORDER BY a3.c0, a2.c1 DESC",
    "SELECT * FROM t1 AS a3, t0 AS a2 ORDER BY a3.c1, a2.c0 DESC",
    # a WITHOUT ROWID table's PRIMARY KEY order tells its rows apart for the loops
    # inside only when its first other column is NOT NULL
    "SELECT * FROM x AS a0, w AS a1 NOT INDEXED, t1 ORDER BY a1.k DESC, a0.c1 DESC",
    "SELECT * FROM x AS a0, w AS a1, t1 ORDER BY a1.k, a0.c1",
    "SELECT * FROM x AS a0, n AS a1, t1 ORDER BY a1.k DESC, a0.c1 DESC",
    "SELECT * FROM x AS a0, n AS a1, t1 ORDER BY a1.k, a0.c1",
    "SELECT * FROM x AS a0, t1 AS a1, t2 ORDER BY a1.c0 DESC, a0.c1 DESC",
)


@pytest.mark.parametrize("sql", INNER)
def test_inner_loop_read_through_an_index_for_the_order_by(sql):
    assert_same(INNER_SETUP, [sql])


INSIDE = (
    "SELECT * FROM u, (SELECT c1, c0 FROM t WHERE c0 > 1) AS a",
    "SELECT * FROM (SELECT c1, c0 FROM t WHERE c1 = 'b') AS a, u",
    "SELECT * FROM u, (SELECT c1, c0 FROM t WHERE c2 >= 1) AS a, w",
    "SELECT * FROM u, (SELECT c1, c0 FROM t INDEXED BY t_c1) AS a",
    "SELECT * FROM (SELECT c1, c0 FROM t INDEXED BY t_c2) AS a, u, w",
    "SELECT * FROM u, (SELECT c1, c0 FROM t NOT INDEXED WHERE c0 > 1) AS a, w",
    "SELECT * FROM u, (SELECT m, k FROM w WHERE m > 1) AS a, t",
    "SELECT * FROM u, (SELECT m, k FROM w INDEXED BY w_m) AS a",
    "SELECT * FROM u, (SELECT c1, c0 FROM t WHERE c1 IS NOT NULL) AS a WHERE a.c0 = u.x",
    "SELECT * FROM u JOIN (SELECT * FROM (SELECT c1, c0 FROM t WHERE c0 < 6)) AS a "
    "ON a.c1 > u.y",
    "SELECT * FROM w, (SELECT c2, c0 FROM t WHERE c1 > 'a' AND c0 < 7) AS a, u",
    "SELECT * FROM (SELECT c1, c0 FROM t WHERE c1 = 'b') AS a, "
    "(SELECT m, k FROM w WHERE m = 2) AS b, u",
    # a LEFT JOIN's right subquery: its WHERE is an ON clause to SQLite (not costed here)
    "SELECT * FROM u LEFT JOIN (SELECT c1, c0 FROM t WHERE c0 > 1) AS a ON 1",
)


@pytest.mark.parametrize("sql", INSIDE)
def test_a_flattened_subquerys_where_and_hint_in_the_join_order(sql):
    assert_same(SETUP, [sql])

