"""An automatic index keyed by ``IS`` (issue 8).

SQLite's automatic index is keyed by ``=`` and ``IS`` terms alike (where.c,
termCanDriveIndex: WO_EQ|WO_IS), an ``IS`` key's NULL finding the NULL rows. Where its
costed order reaches a table by such an index -- an inner join, or the right table of a
LEFT JOIN by its ON's terms -- the key's value is computed once per row of the loops
outside and the rows of that value found. With a function answering differently each
time (a counting ``cnt``, registered not deterministic) that shows in the calls and the
rows: RowanDB tested ``t.b IS cnt(0)`` on every row of t for every row of u (21 calls
where SQLite makes 3); it now hashes the join by the ``IS`` key, NULL finding NULL
(``optimizer/is_keys.py``). Each statement runs on both engines; the rows (in order) and
the number of calls must agree."""

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
    "CREATE TABLE w(k, m)",
    "INSERT INTO w VALUES (1, 'a'), (NULL, 'b'), (3, 'c'), (NULL, 'd'), (2, 'e')",
]

QUERIES = [
    "SELECT x, c FROM u, t WHERE b IS cnt(0)",
    "SELECT x, c FROM u LEFT JOIN t ON b IS cnt(0) + 1",
    "SELECT x, c FROM u LEFT JOIN t ON b IS nullif(cnt(0), 2) AND t.rowid < 3",
    "SELECT x, c FROM u LEFT JOIN t ON b < cnt(0) AND b IS 3 AND b IS cnt(0)",
    "SELECT x, m FROM u, w WHERE w.k IS nullif(cnt(0), 2)",
    "SELECT x, m FROM u LEFT JOIN w ON w.k IS nullif(cnt(0), 2)",
    "SELECT x, m FROM u, w WHERE w.k IS nullif(cnt(0), 2) AND w.m > 'a'",
    "SELECT x, m FROM u, w WHERE w.k IS nullif(cnt(0), 2) AND w.m IS 'd'",
    "SELECT x, m FROM u, w WHERE w.k IS cnt(0) AND w.k = changes()",
    "SELECT x, m FROM u, w WHERE w.k = changes() AND w.k IS cnt(0)",
    "SELECT x, m FROM u JOIN w ON w.k IS cnt(0) - 1 ORDER BY x, m",
    # no volatile call: the IS key's NULL finds the NULL rows, in the index's order
    "SELECT x, m FROM u, w WHERE w.k IS nullif(u.x, 2)",
    "SELECT x, m FROM u LEFT JOIN w ON w.k IS nullif(u.x, 2)",
    "SELECT x, m FROM u, w WHERE w.k IS nullif(u.y, 20) AND w.m IS NOT 'b'",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_an_is_term_keys_the_automatic_index(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs
