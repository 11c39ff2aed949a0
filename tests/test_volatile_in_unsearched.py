"""An IN that SQLite's chosen search does not use is tested on each row (issue 8).

Where a table could be searched by an IN and SQLite's costs pick another search -- an
``IS`` on the same key, counted as an equality and preferred to the IN (where.c,
whereLoopAddBtreeIndex adds the IN's nIn to its cost), or an index's equality and range
over a rowid IN -- the IN is an ordinary term: tested on each row the search finds, its
list's items computed at each test until one matches (expr.c, sqlite3ExprCodeIN). With a
function answering differently each time (a counting ``cnt``, registered not
deterministic) that shows in the calls and the rows: RowanDB computed the IN's values
once as the loop started, as for an IN search, before the search's own value
(``optimizer/in_unsearched.py`` now plans such a loop without that setup). Each statement
runs on both engines; the rows (in order) and the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31'), (3, 2, 'a32'), (NULL, 1, 'n1')",
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)",
    "CREATE INDEX vp ON v(p)",
    "INSERT INTO v VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (5, NULL, 5)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
    "INSERT INTO u VALUES (1, 10), (2, 20), (3, 30)",
]

QUERIES = [
    # an IS on the IN's key: searched by the IS, the IN tested per row
    "SELECT c FROM t WHERE a IN (cnt(0), 2) AND a IS cnt(0)",
    "SELECT c FROM t WHERE a IS cnt(0) AND a IN (cnt(0), 1)",
    "SELECT c FROM t WHERE a IN (cnt(0), cnt(0)) AND a IS 1",
    "SELECT c FROM t WHERE a IN (3, cnt(0)) AND a IS 3 ORDER BY b DESC",
    "SELECT id FROM v WHERE p IN (cnt(0), 2) AND p IS cnt(0) - 1",
    "SELECT count(*) FROM t WHERE a IN (1, cnt(0)) AND a IS cnt(0)",
    # an IS on a later key than the first: a loop of fewer keys lends the IN's its cost
    # (whereLoopAdjustCost), so the first of the two in the WHERE searches
    "SELECT c FROM t WHERE a = 1 AND b IS 3 AND b IN (cnt(0), 2)",
    "SELECT c FROM t WHERE a = 1 AND b IS 1 AND b IN (cnt(0), cnt(0))",
    # guards, passing on 73f3ac0b: SQLite searches by the IN (the IN first; the IN of a
    # UNIQUE index against another index's IS; a rowid IN against an index's range)
    "SELECT c FROM t WHERE a = cnt(0) AND b IN (cnt(0), 2) AND b IS 3",
    "SELECT c FROM t WHERE a = 1 AND b IN (cnt(0), 2) AND b IS 2",
    "SELECT id FROM v WHERE p IN (2, 2) AND q IN (1, cnt(0)) AND p IS 3",
    "SELECT id FROM v WHERE p > 1 AND id IN (cnt(0), 1) ORDER BY q",
    # a rowid IN beside an index's equality and range: the index searched
    "SELECT c FROM t WHERE t.rowid IN (cnt(0), cnt(0)) AND a = nullif(cnt(0), 2) AND b > 1",
    "SELECT c FROM t WHERE t.rowid IN (cnt(0), 4) AND a = 2 AND b > 0",
    # joins, LEFT JOINs and correlated subqueries: per outer row
    "SELECT x, c FROM u, t WHERE a IN (cnt(0), 2) AND a IS cnt(0)",
    "SELECT x, c FROM u, t WHERE t.rowid IN (cnt(0), cnt(0)) AND a = nullif(cnt(0), 2) "
    "AND b > 1",
    "SELECT x, c FROM u LEFT JOIN t ON a IN (cnt(0), 2) AND a IS cnt(0)",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE a IN (cnt(0), 2) AND a IS cnt(0)) "
    "FROM u",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE t.rowid IN (cnt(0), 2) AND a = 1 "
    "AND b > 0) FROM u",
]

WRITES = [
    "DELETE FROM t WHERE a IN (cnt(0), 2) AND a IS cnt(0)",
    "UPDATE t SET c = 'z' WHERE t.rowid IN (cnt(0), cnt(0)) AND a = nullif(cnt(0), 2) "
    "AND b > 1",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_an_in_the_search_does_not_use_is_tested_per_row(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_testing_an_unsearched_in_per_row(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM t ORDER BY rowid")
    assert ours == theirs
