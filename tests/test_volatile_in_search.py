"""An IN search whose values call a function that may answer differently each time:
SQLite computes the search's values once per start of the table's loop (wherecode.c,
codeAllEqualityTerms) -- the equality before the IN, each item of the IN list -- and
seeks with them. RowanDB tests an IN search's terms on each row under a Guard that
computes the values first (optimizer/in_setup.py); it used to compute them again in the
seek and again per row in the Filter (``a = cnt(0) AND b IN (1, 2)`` returned a = 2's
rows, ``a IN (1, cnt(0))`` called cnt once per row). Now the three share one computation
(plan/once.py). Each statement runs on both engines with a counting function registered
as not deterministic; the rows and the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31'), (3, 2, 'a32')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
    "CREATE TABLE e(a, b)",
    "CREATE INDEX ei ON e(a, b)",
]

QUERIES = [
    # the volatile value in the equality before the IN
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (1, 2)",
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (1, 2) AND c > ''",
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (1, 2) AND b > 1",
    "SELECT c FROM t WHERE a = cnt(0) + 1 AND b IN (1, 2)",
    "SELECT c FROM t WHERE cnt(0) = a AND b IN (2, 1)",
    # in the IN list: on the first key, on a later key, on the rowid
    "SELECT c FROM t WHERE a IN (1, cnt(0))",
    "SELECT c FROM t WHERE a IN (cnt(0), 3) AND b = 2",
    "SELECT c FROM t WHERE a IN (cnt(0), cnt(0))",
    "SELECT c FROM t WHERE a IN (nullif(cnt(0), 1), 2)",
    "SELECT c FROM t WHERE a = 1 AND b IN (cnt(0), 2)",
    "SELECT c FROM t WHERE a IN (1, cnt(0)) AND b IN (1, cnt(0))",
    "SELECT c FROM t WHERE rowid IN (1, cnt(0))",
    "SELECT count(*) FROM t WHERE a IN (1, cnt(0))",
    # ORDER BY the index gives
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (1, 2) ORDER BY b",
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (1, 2) ORDER BY a DESC, b DESC",
    "SELECT c FROM t WHERE a IN (1, cnt(0)) ORDER BY a",
    # joins: the IN's table inner, outer, the right of a LEFT JOIN, a correlated subquery
    "SELECT x, c FROM u, t WHERE t.a = cnt(0) AND t.b IN (1, 2)",
    "SELECT x, c FROM u, t WHERE t.a IN (1, cnt(0)) ORDER BY x, c",
    "SELECT x, c FROM t, u WHERE u.x IN (1, cnt(0)) AND t.b = 1",
    "SELECT x, c FROM u LEFT JOIN t ON t.a = cnt(0) AND t.b IN (1, 2)",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE a = cnt(x) AND b IN (1, 2)) FROM u",
    # an empty table: the values are computed before any row is read
    "SELECT a FROM e WHERE a = cnt(0) AND b IN (1, 2) UNION ALL SELECT cnt(0)",
]

WRITES = [
    "DELETE FROM t WHERE a = cnt(0) AND b IN (1, 2)",
    "DELETE FROM t WHERE a IN (1, cnt(0))",
    "UPDATE t SET c = 'x' WHERE a IN (cnt(0), 3) AND b = 2",
    "UPDATE t SET c = 'x' WHERE rowid IN (cnt(0), 5)",
    "UPDATE t SET c = 'x' WHERE a = cnt(0) AND b IN (SELECT 2)",
]


def _both(sql: str, after: str | None = None):
    return counted_runs(SCHEMA, sql, after)


@pytest.mark.parametrize("sql", QUERIES)
def test_an_in_searchs_volatile_value_is_computed_once_per_loop(sql):
    ours, theirs = _both(sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_by_an_in_search_with_a_volatile_value_changes_sqlites_rows(sql):
    ours, theirs = _both(sql, after="SELECT rowid, * FROM t ORDER BY rowid")
    assert ours == theirs
