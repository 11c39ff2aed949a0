"""The statement cache (rowandb.sql.session): SQL text -> parsed, bound and compiled statement.

A repeated statement is neither parsed nor planned again (but a query of three tables or
more without subqueries, prepared once more at its second run: tests/test_join_first_run.py);
any schema change (a new schema version in the dictionary, including one caused by rolling
DDL back) makes the next execution bind and plan afresh against the new schema. A compiled
query or DML statement keeps no sqlglot tree (only binding reads it): after a schema change
its text is parsed again, as SQLite prepares a statement again from its SQL. Parsing and
planning are counted by wrapping the functions the session calls.
"""

from __future__ import annotations

import gc

import apsw
import pytest

import rowandb.sql.session as session_module
import rowandb.sql.statement_text as statement_text
from rowandb.errors import OperationalError
from rowandb.sql.session import STATEMENT_CACHE_SIZE, Session, open_session


class Counted:
    """Wraps a function and counts its calls."""

    def __init__(self, function):
        self.function = function
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


@pytest.fixture
def counters(monkeypatch):
    parse = Counted(statement_text.parse)    # Session._parse's, through parse_one
    plan = Counted(session_module.plan_select)
    monkeypatch.setattr(statement_text, "parse", parse)
    monkeypatch.setattr(session_module, "plan_select", plan)
    # every text takes the full path, whose parse is counted (the quick path prepares
    # one-table SELECTs without it; the cache in front of both is the same)
    monkeypatch.setattr(session_module.Session, "_quick", lambda self, *_: None)
    return parse, plan


@pytest.fixture
def s():
    session = open_session(":memory:")
    session.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    session.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')")
    return session


def test_a_repeated_statement_is_parsed_and_planned_once(s, counters):
    parse, plan = counters
    sql = "SELECT b FROM t WHERE a = ?"
    results = [s.execute(sql, (n,)).rows for n in (1, 2, 3, 1)]
    assert results == [[("x",)], [("y",)], [("z",)], [("x",)]]
    assert parse.calls == 1
    assert plan.calls == 1


def test_repeated_dml_is_parsed_once(s, counters):
    parse, _ = counters
    for n in range(10, 20):
        s.execute("INSERT INTO t VALUES (?, 'n')", (n,))
    assert parse.calls == 1
    assert s.execute("SELECT count(*) FROM t").rows == [(13,)]


def test_the_cache_is_keyed_by_exact_text(s, counters):
    parse, _ = counters
    s.execute("SELECT a FROM t")
    s.execute("SELECT a FROM t ")
    s.execute("select a from t")
    s.execute("SELECT a FROM t")
    assert parse.calls == 3


def test_a_schema_change_makes_the_next_execution_plan_again(s, counters):
    _, plan = counters
    sql = "SELECT a FROM t WHERE b = 'y'"
    s.execute(sql)
    s.execute("CREATE INDEX t_b ON t(b)")
    assert s.execute(sql).rows == [(2,)]
    assert plan.calls == 2
    explained = s.execute("EXPLAIN QUERY PLAN " + sql).rows
    assert any("USING COVERING INDEX t_b" in row[3] for row in explained)
    s.execute("DROP INDEX t_b")
    assert s.execute(sql).rows == [(2,)]
    assert plan.calls == 4          # once more for EXPLAIN, once after DROP INDEX


def test_a_cached_statement_sees_a_recreated_table(s):
    sql = "SELECT * FROM t"
    assert s.execute(sql).columns == ("a", "b")
    s.execute("DROP TABLE t")
    with pytest.raises(OperationalError, match="no such table: t"):
        s.execute(sql)
    s.execute("CREATE TABLE t(x, y, z)")
    s.execute("INSERT INTO t VALUES (1, 2, 3)")
    result = s.execute(sql)
    assert result.columns == ("x", "y", "z") and result.rows == [(1, 2, 3)]


def test_rolled_back_ddl_invalidates_cached_plans(s, counters):
    _, plan = counters
    sql = "SELECT a FROM t WHERE b = 'z'"
    s.execute("BEGIN")
    s.execute("CREATE INDEX t_b ON t(b)")
    assert s.execute(sql).rows == [(3,)]
    s.execute("ROLLBACK")
    assert s.execute(sql).rows == [(3,)]
    assert plan.calls == 2
    assert all("t_b" not in row[3] for row in s.execute("EXPLAIN QUERY PLAN " + sql).rows)


def test_a_failed_statement_is_not_cached_as_broken(s):
    sql = "SELECT v FROM later"
    with pytest.raises(OperationalError, match="no such table: later"):
        s.execute(sql)
    s.execute("CREATE TABLE later(v)")
    s.execute("INSERT INTO later VALUES ('ok')")
    assert s.execute(sql).rows == [("ok",)]


def test_schema_change_in_another_session_invalidates_this_sessions_plans(s, counters):
    _, plan = counters
    other = Session(s.db)
    sql = "SELECT * FROM t WHERE a = 1"
    assert s.execute(sql).rows == [(1, "x")]
    other.execute("DROP TABLE t")
    other.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c)")
    other.execute("INSERT INTO t VALUES (1, 'new', 'c')")
    assert s.execute(sql).rows == [(1, "new", "c")]
    assert plan.calls == 2


def test_the_cache_is_bounded_and_evicts_the_least_recently_used(s, counters):
    parse, _ = counters
    keep = "SELECT a FROM t WHERE a = 1"
    s.execute(keep)
    for n in range(STATEMENT_CACHE_SIZE + 10):
        s.execute(f"SELECT {n} FROM t")     # (with FROM: not the quick path's, sql/quick/)
        if n % 50 == 0:
            s.execute(keep)             # recently used: stays
    assert len(s.cache) <= STATEMENT_CACHE_SIZE
    calls = parse.calls
    s.execute(keep)
    assert parse.calls == calls
    s.execute("SELECT 0 FROM t")        # the oldest: evicted, parsed again
    assert parse.calls == calls + 1


def test_a_compiled_statement_keeps_no_sqlglot_tree(s, counters):
    """Compiled, the cached statement holds its Parsed without trees; a schema change
    parses its text again, once."""
    parse, _ = counters
    sql = ("WITH w(v) AS (SELECT a FROM t) INSERT INTO t SELECT v + 10, 'w' FROM w "
           "WHERE v IN (SELECT a FROM t WHERE b < 'z') ON CONFLICT(a) DO UPDATE SET b = 'c'")
    s.execute(sql)
    prepared = s.cache[sql]
    assert prepared.trees_dropped and prepared.parsed.tree is None
    assert prepared.parsed.upserts == [] and prepared.parsed.with_ is None
    assert prepared.parsed.kind == "insert" and prepared.parsed.text
    s.execute(sql)                      # cached: not parsed again
    assert parse.calls == 1
    s.execute("CREATE TABLE other(x)")
    before = parse.calls
    s.execute(sql)
    assert parse.calls == before + 1
    sqlite = apsw.Connection(":memory:")
    for statement in ("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)",
                      "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')", sql, sql, sql):
        sqlite.execute(statement)
    check = "SELECT * FROM t ORDER BY a"
    assert s.execute(check).rows == sqlite.execute(check).fetchall()


def test_a_cached_query_keeps_its_closures_not_its_plan(s, counters):
    """Cached, a query keeps its closures (Executable.lighten): no plan, and no compiler
    unless a subquery of it is compiled when it first runs; a point read keeps its plan
    for fast_read. Each runs again from what it kept, and EXPLAIN plans anew. A query
    with subqueries keeps nothing compiled after its first run and is planned again at
    its second (prepared.let_go_after_first_run), then kept."""
    _, plan = counters
    plain = "SELECT b FROM t WHERE a > 1 AND b < 'z'"
    nested = "SELECT b FROM t WHERE a IN (SELECT a FROM t WHERE b <> 'y') ORDER BY b"
    point = "SELECT b FROM t WHERE a = ?"
    for _ in range(2):
        assert s.execute(plain).rows == [("y",)]
        assert s.execute(nested).rows == [("x",), ("z",)]
        assert s.execute(point, (3,)).rows == [("z",)]
    light = s.cache[plain].executable
    assert light.plan is None and light.compiler is None and light.env_size >= 2
    kept = s.cache[nested].executable
    assert kept.plan is None and kept.compiler is not None and s.cache[nested].again
    assert s.cache[point].executable.plan is not None
    assert plan.calls == 4              # the nested query's twice
    assert s.execute(nested).rows == [("x",), ("z",)]
    assert s.cache[nested].executable is kept and plan.calls == 4
    explained = s.execute("EXPLAIN QUERY PLAN " + plain).rows
    assert any("SEARCH t USING INTEGER PRIMARY KEY" in row[3] for row in explained)
    assert plan.calls == 5


def garbage_left(batch) -> int:
    """What the collector finds once ``batch("q")`` has evicted every entry ``batch("p")``
    cached, the collector off meanwhile (so nothing is freed but by reference counting)."""
    gc.collect()
    gc.disable()
    try:
        batch("p")
        gc.collect()                    # what the setup's statements left
        batch("q")                      # evicts every entry of the first batch
        return gc.collect()
    finally:
        gc.enable()


def test_a_cached_query_leaves_no_garbage_for_the_collector(s):
    """Run, cached and evicted, queries without subqueries leave nothing that only the
    garbage collector frees: their sqlglot trees are unlinked from their parents and the
    cycle of their compilers is cut (on main before this, each left ~40 objects)."""
    def batch(tag: str) -> None:
        for n in range(STATEMENT_CACHE_SIZE + 50):
            assert s.execute(f"SELECT a, b FROM t WHERE a > {n % 3} AND b < '{tag}{n}' "
                             "OR a = 2").rows
    assert garbage_left(batch) == 0


# Statements whose compiled form held a cycle before branch gcfast: a subquery's runner
# (the compiler through its expression compiler and the subqueries' closures), a nested
# function calling itself (top-k's test of what a LIMIT may defer), and generated code
# whose globals held it (a covering index read alone, a fused GROUP BY, a fused UPDATE).
CYCLE_SHAPES = [
    "SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE b > '{tag}') ORDER BY a",
    "SELECT a, (SELECT count(*) FROM t AS u WHERE u.a < t.a) FROM t WHERE b <> '{tag}'",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t AS u WHERE u.b = t.b || '{tag}')",
    "SELECT a, b FROM t WHERE b <> '{tag}' ORDER BY b || a DESC LIMIT 2",
    "SELECT c FROM w WHERE c <> '{tag}'",
    "SELECT b, count(*), sum(a) FROM t WHERE b <> '{tag}' GROUP BY b",
    "UPDATE t SET a = a WHERE b = '{tag}'",
    "DELETE FROM t WHERE a IN (SELECT a FROM t WHERE b = '{tag}')",
    # an index searched by an IN list's values: its loop over them once called itself
    # as a closure (exec/in_seek.py), a cycle per statement until branch select4 (round 27)
    "SELECT a FROM t WHERE b IN ('{tag}', 'x', 'y')",
    # result columns written as one generated row (exec/row_code.py)
    "SELECT a + 1, b || '{tag}', a * 2 FROM t WHERE b <> '{tag}'",
]


def test_statements_with_subqueries_or_generated_code_leave_no_garbage(s):
    """Every shape of ``CYCLE_SHAPES``, run, cached and evicted, is freed by reference
    counting: the collector finds nothing (on main before branch gcfast, a statement with
    a subquery left ~75 objects and each shape some)."""
    s.execute("CREATE INDEX t_b ON t(b)")
    s.execute("CREATE TABLE w(a INTEGER PRIMARY KEY, b TEXT, c TEXT, d TEXT)")
    s.execute("CREATE INDEX w_c ON w(c)")
    s.execute("INSERT INTO w VALUES (1, 'x', 'y', 'z'), (2, 'u', 'v', 'w')")

    def batch(tag: str) -> None:
        for n in range(STATEMENT_CACHE_SIZE // len(CYCLE_SHAPES) + 20):
            for shape in CYCLE_SHAPES:
                s.execute(shape.format(tag=f"{tag}{n}"))
    assert garbage_left(batch) == 0


STATEMENTS = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)",
    "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')",
    "SELECT * FROM t WHERE a IN (SELECT a FROM t WHERE b > 'x') ORDER BY a",
    "INSERT INTO t VALUES (2, 'u') ON CONFLICT(a) DO UPDATE SET b = b || excluded.b",
    "WITH w AS (SELECT a * 2 AS d FROM t) SELECT d FROM w ORDER BY d",
    "ALTER TABLE t ADD COLUMN c DEFAULT 7",
    "SELECT * FROM t WHERE a IN (SELECT a FROM t WHERE b > 'x') ORDER BY a",
    "INSERT INTO t VALUES (2, 'u', 1) ON CONFLICT(a) DO UPDATE SET b = b || excluded.b",
    "WITH w AS (SELECT a * 2 AS d FROM t) SELECT d FROM w ORDER BY d",
    "CREATE INDEX t_b ON t(b)",
    "UPDATE t SET c = c + 1 WHERE b IN (SELECT b FROM t WHERE a < 3)",
    "SELECT * FROM t WHERE a IN (SELECT a FROM t WHERE b > 'x') ORDER BY a",
    "DROP TABLE t",
    "SELECT * FROM t WHERE a IN (SELECT a FROM t WHERE b > 'x') ORDER BY a",
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)",
    "INSERT INTO t VALUES (2, 'u') ON CONFLICT(a) DO UPDATE SET b = b || excluded.b",
    "SELECT * FROM t WHERE a IN (SELECT a FROM t WHERE b > 'x') ORDER BY a",
]


def _outcome(run, sql):
    try:
        return "ok", [tuple(row) for row in run(sql)]
    except Exception as error:          # the two engines' errors compared by message
        return "error", str(error)


def test_statements_parsed_again_after_schema_changes_answer_as_sqlite():
    """The same texts run again across ALTER, CREATE INDEX, DROP and CREATE TABLE --
    each re-parsed from its text -- give SQLite's rows and errors."""
    ours = open_session(":memory:")
    theirs = apsw.Connection(":memory:")
    for sql in STATEMENTS:
        expected = _outcome(lambda q: theirs.execute(q).fetchall(), sql)
        assert _outcome(lambda q: ours.execute(q).rows, sql) == expected, sql
