"""A correlated subquery's last result reused while its outer values stay the same
(rowandb/planner/exec/subquery_memo.py), against SQLite (apsw).

Each query runs on RowanDB and SQLite and must give the same rows, in the same order, or
the same error; ``subquery_memo.REUSED`` shows whether a kept result was read. The outer
values that must not be taken for one another are here: 1, 1.0, '1', x'31', 0.0 and
-0.0, NULL, a NULL row of an outer join, rowids, aggregates; a subquery calling
``random()`` and a writing statement never reuse a result.
"""

from __future__ import annotations

import itertools

import apsw
import pytest

import rowandb
from rowandb.planner.exec import subquery_memo

SCHEMA = [
    "CREATE TABLE t(x, g INTEGER, y REAL)",
    "INSERT INTO t VALUES (1, 1, 2.5), (1.0, 1, 2.5), ('1', 1, 0.5), (x'31', 2, NULL), "
    "(0.0, 2, 1.0), (-0.0, 2, 1.0), (NULL, 3, 3.0), (NULL, 3, -1.0), (7, 3, 7.0)",
    "CREATE TABLE n(v INTEGER PRIMARY KEY, w)",
    "INSERT INTO n VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')",
]

#: (query, whether a kept result is read)
QUERIES = [
    # fuzz seed 32001311's shape: the IN's subquery reads only the outer loop's row
    ("SELECT a.v, b.v FROM n AS a JOIN n AS b ON b.v IN (SELECT c.v % 3 FROM n AS c "
     "WHERE c.v > a.v) ORDER BY 1, 2", True),
    ("SELECT count(*) FROM n AS a JOIN n AS b JOIN n AS d ON d.v NOT IN "
     "(SELECT c.v FROM n AS c WHERE c.w > b.w)", True),
    # values equal to Python but not to SQLite, one after the other: never taken for one
    # another (1, 1.0, '1', x'31'; 0.0 and -0.0); only the two NULLs share a result
    ("SELECT rowid, (SELECT typeof(t.x) || ':' || quote(t.x) || ':' || atan2(t.x, -1.0)) "
     "FROM t", True),
    ("SELECT rowid, (SELECT typeof(t.x) || ':' || quote(t.x) || ':' || atan2(t.x, -1.0)) "
     "FROM t WHERE x NOTNULL", False),
    ("SELECT a.rowid, b.v, (SELECT typeof(a.x) || quote(a.x) || atan2(a.x, -1.0) || "
     "count(*) FROM t AS c WHERE c.x = a.x) FROM t AS a, n AS b ORDER BY 1, 2", True),
    ("SELECT a.rowid, b.v, EXISTS (SELECT 1 FROM t AS c WHERE c.rowid > a.rowid "
     "AND c.x IS a.x) FROM t AS a, n AS b ORDER BY 1, 2", True),
    ("SELECT a.rowid, b.v FROM t AS a, n AS b WHERE (b.v, b.w) IN (SELECT c.g, 'b' "
     "FROM t AS c WHERE c.x = a.x) ORDER BY 1, 2", True),
    # a NULL row of an outer join
    ("SELECT a.v, b.v, d.v, (SELECT count(*) || quote(b.w) FROM n AS c WHERE c.v >= b.v) "
     "FROM n AS a LEFT JOIN n AS b ON b.v = a.v + 2 JOIN n AS d ORDER BY 1, 2, 3", True),
    # aggregates of the outer query, and its GROUP BY value
    ("SELECT g, (SELECT count(*) FROM n WHERE n.v < max(t.y)), (SELECT group_concat(w) "
     "FROM n WHERE n.v >= t.g) FROM t GROUP BY g ORDER BY g", False),
    # an error in the subquery: raised again at its next evaluation, as in SQLite
    ("SELECT a.v, (SELECT abs(-9223372036854775807 - 1 + 0 * a.v)) FROM n AS a, n AS b",
     False),
    ("SELECT a.v, (SELECT json(b.w || a.v)) FROM n AS a, n AS b", False),
    # an outer column named only where the binder folded it away (x NOT IN () is 1): the
    # LEFT JOIN naming it is dropped (noop_join), so no key may read it (fuzz seed 50000639)
    ("SELECT DISTINCT (NULL NOT IN (SELECT NULL FROM (SELECT NULL AS c0 FROM n AS a59) AS a58 "
     "WHERE (((EXISTS (SELECT NULL FROM n AS a60, n AS a61 WHERE (NULL NOT IN (a55.v)))) "
     "LIKE NULL) NOT IN ()))), NULL FROM t AS a54 LEFT JOIN n AS a55 ON NULL", False),
    # a correlated subquery inside the correlated subquery
    ("SELECT a.v, b.v, (SELECT count(*) FROM n AS c WHERE c.v IN (SELECT d.v FROM n AS d "
     "WHERE d.v <= a.v)) FROM n AS a, n AS b ORDER BY 1, 2", True),
]


@pytest.fixture()
def pair():
    """(RowanDB, SQLite), both holding SCHEMA."""
    both = (rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:"))
    for conn, statement in itertools.product(both, SCHEMA):
        conn.execute(statement)
    return both


def _outcome(conn, sql: str):
    try:
        return [tuple(r) for r in conn.cursor().execute(sql).fetchall()]
    except (rowandb.Error, apsw.Error) as e:
        return ("error", str(e))


def _exact(outcome):
    """Rows with each value's class and a REAL's bits: 0.0 is not -0.0, 1 is not 1.0."""
    if not isinstance(outcome, list):
        return outcome
    return [tuple((v.__class__, v.hex() if isinstance(v, float) else v) for v in row)
            for row in outcome]


@pytest.mark.parametrize("query,reused", QUERIES)
def test_correlated_results_match_sqlite(pair, query, reused):
    rowan, sqlite = pair
    before = subquery_memo.REUSED[0]
    assert _exact(_outcome(rowan, query)) == _exact(_outcome(sqlite, query)), query
    assert (subquery_memo.REUSED[0] > before) == reused, query


def test_a_volatile_subquery_runs_for_every_row(pair):
    rowan, sqlite = pair
    before = subquery_memo.REUSED[0]
    query = "SELECT count(DISTINCT (SELECT random() + 0 * a.v)) FROM n AS a, n AS b"
    assert _outcome(rowan, query) == _outcome(sqlite, query) == [(16,)]
    assert subquery_memo.REUSED[0] == before


def test_a_writing_statement_reads_the_rows_it_changed(pair):
    """An UPDATE whose SET reads the table written: consecutive rows with the same outer
    value see different rows, so nothing is reused there."""
    rowan, sqlite = pair
    update = "UPDATE t SET y = (SELECT sum(c.y) FROM t AS c WHERE c.g = t.g)"
    before = subquery_memo.REUSED[0]
    for conn in (rowan, sqlite):
        conn.cursor().execute(update)
    assert subquery_memo.REUSED[0] == before
    check = "SELECT rowid, x, g, y FROM t ORDER BY rowid"
    assert _exact(_outcome(rowan, check)) == _exact(_outcome(sqlite, check))


def test_the_subquery_runs_once_per_outer_row_of_its_own(pair):
    """A bound on work, not time: in fuzz seed 32001311's shape the subquery reads only
    the outer loop's row, so of the 4 x 4 evaluations 4 compute it and 12 reuse it."""
    rowan, _ = pair
    before = subquery_memo.REUSED[0]
    _outcome(rowan, QUERIES[0][0])
    assert subquery_memo.REUSED[0] - before == 12
