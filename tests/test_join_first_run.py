"""A join's compiled form is kept from its second run on (rowandb.sql.prepared's
``let_go_after_first_run``): run once, a query of three tables or more leaves its cache
entry with no closures, marked stale, so the collector never walks them; run again, its
text is prepared once more and that entry keeps what it compiles. A smaller statement (a
point read, a one-table query, a two-table join) is kept at its first run, as before;
a query with subqueries, whose entry would keep its compiler and the subqueries' plans,
is let go after its first run too, whatever its size.

The entry must never serve a stale plan: the same join text, run once, twice and three
times around CREATE INDEX, DROP INDEX, ANALYZE, ALTER TABLE and a rolled-back CREATE
INDEX, gives SQLite's rows in SQLite's order (no ORDER BY: the order is the plan's) and
SQLite's columns, or SQLite's error, each time; so do two texts with subqueries.
"""

from __future__ import annotations

import gc

import pytest

import rowandb.sql.session as session_module
from tests.oracle import connections, exact

SETUP = [
    "CREATE TABLE t1(a INTEGER PRIMARY KEY, b INT, c TEXT)",
    "CREATE TABLE t2(a INT, b INT, c TEXT)",
    "CREATE TABLE t3(a INT, b INT, c TEXT)",
    "CREATE TABLE t4(a INT, b INT)",
] + [f"INSERT INTO t{t} VALUES ({i}, {(i * 7 + t) % 9}, 'v{(i * 5 + t) % 4}')"
     for t in (1, 2, 3) for i in range(1, 13)] + [
    f"INSERT INTO t4 VALUES ({i}, {i % 5})" for i in range(1, 9)]

JOIN = "SELECT * FROM t1, t2, t3 WHERE t1.b = t2.a AND t2.c = t3.c AND t3.b > 2"


def _outcome(connection, sql):
    try:
        cursor = connection.execute(sql)
        names = tuple(d[0] for d in cursor.description)
        return names, [tuple(exact(v) for v in row) for row in cursor.fetchall()]
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return "error", str(error).split(":")[0]


def test_a_join_run_once_keeps_nothing_compiled_and_run_again_is_kept():
    mine, theirs = connections(SETUP)
    cache = mine._session.cache
    assert _outcome(mine, JOIN) == _outcome(theirs, JOIN)
    first = cache[JOIN]
    assert first.executable is None and first.version is None
    assert _outcome(mine, JOIN) == _outcome(theirs, JOIN)
    second = cache[JOIN]
    assert second is not first and second.again and second.executable is not None
    kept = second.executable
    for _ in range(3):
        assert _outcome(mine, JOIN) == _outcome(theirs, JOIN)
        assert cache[JOIN] is second and second.executable is kept


@pytest.mark.parametrize("sql", [
    "SELECT c FROM t1 WHERE a = 3",
    "SELECT t1.c, t2.c FROM t1, t2 WHERE t1.b = t2.a",
    "INSERT INTO t4 SELECT t1.a, t2.b FROM t1, t2, t3 WHERE t1.a = t2.a AND t2.a = t3.a "
    "AND t3.a < 3",
])
def test_a_smaller_statement_and_dml_are_kept_at_their_first_run(sql):
    mine, theirs = connections(SETUP)
    mine.execute(sql)
    theirs.execute(sql).fetchall()
    entry = mine._session.cache[sql]
    assert entry.executable is not None and entry.version is not None
    check = "SELECT * FROM t4 ORDER BY a, b"
    assert _outcome(mine, check) == _outcome(theirs, check)


def test_a_join_is_prepared_twice_then_never_again(monkeypatch):
    plan = []
    real = session_module.plan_select
    monkeypatch.setattr(session_module, "plan_select", lambda *a: plan.append(1) or real(*a))
    mine, _ = connections(SETUP)
    for _ in range(5):
        mine.execute(JOIN).fetchall()
    assert len(plan) == 2


def test_joins_run_once_leave_no_closures_alive():
    """Twenty distinct six-table joins, each run once: what stays tracked by the collector
    afterwards is their light cache entries (about 70 objects each: the quick path's tokens),
not their compiled closures."""
    mine, _ = connections(SETUP)
    tables = "t1 AS x, t2 AS y, t3 AS z, t1 AS u, t2 AS v, t3 AS w"
    mine.execute(f"SELECT 1 FROM {tables} WHERE x.a = -1").fetchall()   # imports, caches
    gc.collect()
    before = len(gc.get_objects())
    for n in range(20):
        mine.execute(f"SELECT x.a + {n} FROM {tables} WHERE x.a = y.a AND y.a = z.a "
                     f"AND z.a = u.a AND u.a = v.a AND v.a = w.a AND x.b > {n}").fetchall()
    gc.collect()
    assert len(gc.get_objects()) - before < 20 * 100     # (base 153e1af: about 300 each)


CHANGES = [
    ["CREATE INDEX t2a ON t2(a)"],
    ["CREATE INDEX t3c ON t3(c, b)", "DROP INDEX t3c"],
    ["CREATE INDEX t2a ON t2(a)", "CREATE INDEX t3b ON t3(b)", "ANALYZE"],
    ["ALTER TABLE t2 ADD COLUMN d DEFAULT 7"],
    ["ALTER TABLE t3 RENAME COLUMN c TO cc"],
    ["ALTER TABLE t3 RENAME COLUMN c TO cc", "ALTER TABLE t3 RENAME COLUMN cc TO c"],
    ["BEGIN", "CREATE INDEX t2a ON t2(a)", "CREATE INDEX t3c ON t3(c)", "ROLLBACK"],
    ["BEGIN", "DROP TABLE t3", "ROLLBACK"],
]


@pytest.mark.parametrize("runs_before", [1, 2, 3])
@pytest.mark.parametrize("change", CHANGES, ids=lambda c: " ; ".join(c))
def test_the_same_join_text_answers_as_sqlite_after_a_schema_change(change, runs_before):
    mine, theirs = connections(SETUP)
    for _ in range(runs_before):
        assert _outcome(mine, JOIN) == _outcome(theirs, JOIN)
    for sql in change:
        mine.execute(sql)
        theirs.execute(sql)
    for _ in range(3):
        assert _outcome(mine, JOIN) == _outcome(theirs, JOIN)


# A query with subqueries keeps its compiler and every subquery's plan once compiled
# (Executable.lighten), so it too is let go after its first run, whatever its size.
SUBQUERIES = [
    "SELECT a, (SELECT count(*) FROM t2 WHERE t2.b < t1.b) FROM t1 "
    "WHERE EXISTS (SELECT 1 FROM t3 WHERE t3.a = t1.b) ORDER BY 1",
    "SELECT c, b FROM t2 WHERE a IN (SELECT b FROM t3 WHERE c <> 'v1')",
    "SELECT CASE WHEN b > (SELECT avg(b) FROM t3) THEN a ELSE -a END FROM t2",
]


@pytest.mark.parametrize("sql", SUBQUERIES)
def test_a_query_with_subqueries_run_once_keeps_nothing_compiled(sql):
    mine, theirs = connections(SETUP)
    cache = mine._session.cache
    assert _outcome(mine, sql) == _outcome(theirs, sql)
    first = cache[sql]
    assert first.executable is None and first.version is None
    assert _outcome(mine, sql) == _outcome(theirs, sql)
    second = cache[sql]
    assert second is not first and second.again and second.executable is not None
    for _ in range(2):
        assert _outcome(mine, sql) == _outcome(theirs, sql)
        assert cache[sql] is second


@pytest.mark.parametrize("runs_before", [1, 2])
@pytest.mark.parametrize("change", CHANGES, ids=lambda c: " ; ".join(c))
@pytest.mark.parametrize("sql", SUBQUERIES[:2])
def test_a_query_with_subqueries_answers_as_sqlite_after_a_schema_change(sql, change,
                                                                        runs_before):
    mine, theirs = connections(SETUP)
    for _ in range(runs_before):
        assert _outcome(mine, sql) == _outcome(theirs, sql)
    for statement in change:
        mine.execute(statement)
        theirs.execute(statement)
    for _ in range(3):
        assert _outcome(mine, sql) == _outcome(theirs, sql)
