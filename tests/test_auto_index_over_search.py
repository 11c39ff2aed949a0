"""A table SQLite reaches through an automatic index gives that index's order, even where
its own terms would let RowanDB search an index or the rowid.

whereLoopAddBtree costs, for ``b, a WHERE a.y = 5 AND a.z > 'a'`` with an index on z,
both a range search of that index and an automatic index on y (built once, searched for
each row of b); wherePathSolver takes the automatic index, whose rows of one key come in
the order of the other columns the query uses, then the rowid (where.c,
constructAutomaticIndex). ``choose_index`` had already turned the table's loop into the
range search, so its rows came in z's order: ``auto_index_order.index_order`` now scans
the table under the same terms and sorts each left row's rows as the index orders them
(``_unsearched``). A search whose value calls a volatile function stays (its term is
computed once by the seek: branch volatile4's ground). Each query is compared with SQLite
(apsw), rows as lists; on 73f3ac0b 7 of these 9 differ.

And an INTEGER PRIMARY KEY column is the rowid to SQLite, which counts no rowid among
the columns a query uses (resolve.c, lookupName): the automatic index holds it only as
its rowid, last, so it orders the rows of one key after every other column used
(generator seed 176300000; on 73f3ac0b 4 of the 6 ``ROWID_QUERIES`` differ).
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = (
    "CREATE TABLE a(x, y, z)",
    "INSERT INTO a VALUES (3, 5, 'b'), (1, 5, 'c'), (2, 4, 'b'), (0, 5, 'd'), (9, 5, 'a'),"
    " (1, 5, 'c')",
    "CREATE INDEX az ON a(z)",
    "CREATE TABLE b(p, q)",
    "INSERT INTO b VALUES (1, 5), (2, 4)",
    "CREATE TABLE w(k REAL, m TEXT, n TEXT, PRIMARY KEY(k, m)) WITHOUT ROWID",
    "CREATE INDEX wn ON w(n)",
    "INSERT INTO w VALUES (0.0, '1', x'01'), (2, '1', 'abc'), (1, '3', 'q'), (x'02', '1', 'a')",
)

QUERIES = (
    # an index's range, a BETWEEN, the rowid's range: SQLite's automatic index on y
    "SELECT * FROM b, a WHERE a.y = 5 AND a.z > 'a'",
    "SELECT * FROM b, a WHERE a.y = 5 AND a.z BETWEEN 'b' AND 'd'",
    "SELECT * FROM b, a WHERE a.y = 5 AND a.rowid > 1",
    "SELECT a.x, b.p FROM b, a WHERE a.y = 5 AND a.z > 'a'",
    "SELECT * FROM b JOIN a ON a.y = 5 WHERE a.z < 'd'",
    # a WITHOUT ROWID table: the index's rows in k's order (generator seed 175300000)
    "SELECT * FROM b, w WHERE w.m = 1 AND w.n > 3",
    "SELECT * FROM b, w WHERE w.m = '1' AND w.n > 'a'",
    # SQLite's own choices that are searches stay searches
    "SELECT * FROM b, a WHERE a.y = b.q AND a.z > 'a'",
    "SELECT * FROM b, a WHERE a.y = 5 AND a.z = 'c'",
)


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_in_the_automatic_index_order(sql):
    assert_same(SETUP, [sql])


ROWID_SETUP = (
    "CREATE TABLE t(id INTEGER PRIMARY KEY, b, c)",
    "INSERT INTO t VALUES (1, 5, 'z'), (2, 5, 'a'), (3, 4, 'm'), (4, 5, 'a'), (9, 5, NULL)",
    "CREATE TABLE u(x)",
    "INSERT INTO u VALUES (5), (4)",
    "CREATE TABLE k(id INTEGER PRIMARY KEY, b, c) WITHOUT ROWID",
    "INSERT INTO k VALUES (1, 5, 'z'), (2, 5, 'a'), (3, 4, 'm')",
)

ROWID_QUERIES = (
    "SELECT * FROM u, t WHERE t.b = u.x",
    "SELECT t.id, t.c FROM u, t WHERE t.b = u.x",
    "SELECT t.rowid, t.c FROM u, t WHERE t.b = u.x",
    "SELECT u.x, t.id FROM u, t WHERE t.b = u.x",
    "SELECT * FROM u, t WHERE t.b = 5",
    # a WITHOUT ROWID table's INTEGER PRIMARY KEY is a column like another
    "SELECT * FROM u, k WHERE k.b = u.x",
)


@pytest.mark.parametrize("sql", ROWID_QUERIES)
def test_an_integer_primary_key_orders_last(sql):
    assert_same(ROWID_SETUP, [sql])
