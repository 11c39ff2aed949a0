"""A table SQLite reaches through an automatic index gives its rows in that index's order.

Without an ORDER BY the rows of a join come in the order of its loops, and where SQLite's
plan builds an automatic index on an inner table (``SEARCH t USING AUTOMATIC COVERING
INDEX (b=?)``), the rows of one key come in the index's order: the key, then the other
columns the query uses in the table's column order (BINARY), then the rowid (where.c,
constructAutomaticIndex). RowanDB hashes that table (or, for a constant key, replays its
rows) and must give the rows of a key in the same order (``optimizer/auto_index_order.py``).
Each query is compared with SQLite (apsw), rows as lists; on 153c5891 (rows of a key in
scan order) 12 of the first 14 queries differ; the four over a flattened subquery's
expressions raised a TypeError on 667f4f6 (fuzz 85400115).
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = (
    "CREATE TABLE u(x, y)",
    "INSERT INTO u VALUES (3, 'a'), (1, 'b'), (3, 'c')",
    "CREATE TABLE t(a, b, c TEXT COLLATE NOCASE, d REAL)",
    "INSERT INTO t VALUES ('z', 3, 'B', 2.0), (x'01', 3, 'a', 1.0), (2.5, 1, 'C', 3.0),"
    " (-1, 3, 'b', 0.5), (NULL, 1, 'A', NULL), (7, 3.0, 'a', 9)",
    "CREATE TABLE w(a, b, c PRIMARY KEY) WITHOUT ROWID",
    "INSERT INTO w VALUES ('q', 3, 1), (2, 3, 0), (1, 1, 5), (x'02', 3, -1), (0, 1, 2)",
    "CREATE TABLE s(k INTEGER PRIMARY KEY, v)",
    "INSERT INTO s VALUES (1, 'one'), (2, 'two'), (3, 'three')",
)

QUERIES = (
    # a hash join's buckets: the other columns a, c, d order the rows of b's key
    "SELECT * FROM u, t WHERE t.b = u.x",
    "SELECT t.*, u.y FROM u JOIN t ON t.b = u.x",
    # only the columns the query uses order them (d, then the rowid)
    "SELECT u.x, t.d FROM u, t WHERE t.b = u.x",
    # a NOCASE key: 'a' and 'A' are one key; a, b, d order its rows
    "SELECT * FROM u, t WHERE t.c = u.y",
    # two keys
    "SELECT * FROM u, t WHERE t.b = u.x AND t.c = u.y",
    # a LEFT JOIN through an automatic index
    "SELECT * FROM u LEFT JOIN t ON t.b = u.x",
    # a constant key (a partial automatic index): its rows in the index's order
    "SELECT * FROM u, u AS v, t WHERE t.b = 3",
    # a WITHOUT ROWID table (SQLite 3.54 builds automatic indexes on them too)
    "SELECT * FROM u, w WHERE w.b = u.x",
    "SELECT * FROM u, u AS v, w WHERE w.b = 3",
    # a FROM subquery SQLite flattens into the table's loop, its columns in another order
    "SELECT * FROM u, (SELECT d, c, b, a FROM t) AS f WHERE f.b = u.x",
    "SELECT * FROM u, (SELECT c, b, a FROM w) AS f WHERE f.b = u.x",
    # ... holding expressions, which read no column of the index (a TypeError escaped)
    "SELECT * FROM u, (SELECT b, d + 1 AS e, a FROM t) AS f WHERE f.b = u.x",
    "SELECT f.e, f.a FROM u, (SELECT -a AS e, b, a FROM t) AS f WHERE f.b = u.x",
    "SELECT * FROM u, (SELECT c || 'x' AS e, b FROM w) AS f WHERE f.b = u.x",
    "SELECT * FROM u LEFT JOIN (SELECT 7 AS e, b, c FROM t) AS f ON f.b = u.x",
    # a three-table join: the automatic index on the last table
    "SELECT * FROM s, u, t WHERE t.b = u.x AND s.k < 3",
    # one outer row: SQLite scans the table (no automatic index for under 1.25 runs)
    "SELECT * FROM s, t WHERE s.k = 3 AND t.b = s.k",
    # an index on the column: searched by it, the index's order
    "SELECT * FROM u, s WHERE s.v = u.y",
)


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_of_a_key_in_the_automatic_index_order(sql):
    assert_same(SETUP, [sql])
