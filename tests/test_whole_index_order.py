"""A join's table SQLite reads through the whole of a secondary index gives its rows in
that index's order.

In a join SQLite weighs a full scan of every index of a WITHOUT ROWID table, one whose
entries do not hold the row too, its cost raised by the lookups of the rows less 20 for
each leading equality of the WHERE the entry alone can test -- an equality of two other
tables' columns among them (where.c, whereLoopAddBtree, "Full scan via index"). So
``FROM u, v, w WHERE u.x = v.k`` reads ``w`` as ``SCAN w USING INDEX wb``: its rows in
b's order, then the PRIMARY KEY's. RowanDB reads the index its costed join order takes
(``optimizer/whole_index.py``). Each query is compared with SQLite (apsw), rows as lists;
on 3954b54b (the table scanned in PRIMARY KEY order) 8 of the first 12 queries differ.
The last five read a FROM subquery whose own plan, optimized first, reads its table
through a narrower index holding every column (``covering_scan``), where the join's
order reads another index: on 73f3ac0b 4 of them differ.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = (
    "CREATE TABLE w(a INT PRIMARY KEY, b, c, d) WITHOUT ROWID",
    "CREATE INDEX wb ON w(b)",
    "CREATE INDEX wcd ON w(c DESC, d)",
    "INSERT INTO w VALUES (1, 'z', 3, 'p'), (2, 5, 1, 'q'), (3, NULL, 2, 'r'),"
    " (4, 'a', 3, 'o'), (5, 5, NULL, 's'), (6, x'01', 1, 'n')",
    "CREATE TABLE u(x, y)",
    "INSERT INTO u VALUES (1, 1), (2, 2), (1, 3)",
    "CREATE TABLE v(k, m)",
    "INSERT INTO v VALUES (1, 'a'), (2, 'b')",
    "CREATE TABLE p(a INTEGER PRIMARY KEY, b, c, d)",
    "CREATE INDEX pb ON p(b) WHERE b IS NOT NULL",
    "INSERT INTO p VALUES (1, 'z', 3, 'p'), (2, 5, 1, 'q'), (3, NULL, 2, 'r'), (4, 'a', 3, 'o')",
    "CREATE TABLE w2(a, b, c, PRIMARY KEY(a, b)) WITHOUT ROWID",
    "CREATE INDEX w2c ON w2(c)",
    "INSERT INTO w2 VALUES (2, 1, 'b'), (1, 2, 'a'), (1, 1, 'c'), (0, 5, 'a')",
    "CREATE TABLE k(a CHAR(3), b INT, c VARCHAR(200), PRIMARY KEY(a, b)) WITHOUT ROWID",
    "CREATE INDEX kc ON k(c)",
    "CREATE INDEX kab ON k(a, b)",
    "INSERT INTO k VALUES ('b', 1, 'z'), ('a', 2, 'y'), ('c', 1, 'x'), ('a', 1, 'w')",
    "CREATE TABLE n(a INTEGER PRIMARY KEY, b INT)",
    "INSERT INTO n VALUES (1, 10), (2, 20)",
)

QUERIES = (
    # w read through wb (not holding c, d): its rows in b's order, then a's
    "SELECT * FROM u, v, w WHERE u.x = v.k",
    "SELECT * FROM u, v, w WHERE u.x = v.k AND u.y = v.k",
    "SELECT w.a, w.d, u.y FROM u, w, v WHERE v.k = u.x",
    "SELECT * FROM w, u, v WHERE u.y = v.k",
    # a FROM subquery SQLite flattens into w's loop, its columns in another order
    "SELECT * FROM u JOIN v ON u.x = v.k JOIN (SELECT d, c, b, a FROM w) AS f",
    # a term of w's own that the entry of wcd can test: w read through wcd (c DESC)
    "SELECT * FROM u, v, w WHERE u.x = v.k AND w.d <> 'q'",
    # an ORDER BY no loop can deliver: the rows a sort leaves tied in the loops' order
    "SELECT * FROM u, v, w WHERE u.x = v.k ORDER BY u.y",
    # a LEFT JOIN before it
    "SELECT * FROM u LEFT JOIN v ON u.x = v.k, w",
    # searched, or read through an index holding the columns read: as before
    "SELECT * FROM u, v, p WHERE u.x = v.k AND p.b IS NOT NULL",
    "SELECT * FROM u, v, w2 WHERE u.x = v.k",
    "SELECT * FROM u, v, w WHERE u.x = v.k AND w.b > 0",
    "SELECT count(*), w.a FROM u, v, w WHERE u.x = v.k GROUP BY u.y",
    # k's subquery alone reads kc, which holds every column; the join reads kab, whose
    # entry tests f.b = n.a (generator seed 176300000)
    "SELECT * FROM (SELECT c, a, b FROM k) AS f JOIN n ON f.b = n.a",
    "SELECT * FROM (SELECT c, a, b FROM k) AS f JOIN n NOT INDEXED ON f.b = n.a, u",
    "SELECT * FROM u, (SELECT c, a, b FROM k) AS f JOIN n ON f.b = n.a",
    "SELECT f.c, n.b FROM (SELECT * FROM k) AS f, n WHERE f.b = n.a",
    "SELECT * FROM k, n WHERE k.b = n.a",
)


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_in_the_order_of_the_index_read_whole(sql):
    assert_same(SETUP, [sql])
