"""Partial indexes and indexes on expressions, checked against SQLite.

compat/indexes/*.test holds the scripted scenarios (refusals, UNIQUE among the rows in the
index, upsert targets, PRAGMA index_list/index_xinfo, sqlite_schema, ALTER, REINDEX); here
are the random and the durable checks: random writes and queries over a schema of partial
and expression indexes answer exactly as SQLite does (whether or not the planner reads an
index), the planner reads a partial index only when the WHERE implies the index's, and the
indexes survive close/reopen and a crash at every I/O operation.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowandb
from test_differential import assert_same_outcome, both, fresh_pair, run_both
from test_storage_crash import assert_crash_sweep
from test_storage_support import CHECKPOINT

SCHEMA = [
    "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c)",
    "CREATE INDEX t_a_pos ON t(a) WHERE a > 0",
    "CREATE UNIQUE INDEX t_b_live ON t(lower(b)) WHERE c IS NOT NULL",
    "CREATE INDEX t_sum ON t(a + id, b)",
    "CREATE UNIQUE INDEX t_ac ON t(a, c) WHERE a = 1 OR c IN (1, 2)",
]
VALUES = st.sampled_from([None, 0, 1, 2, 3, -1, 1.0, "x", "X", "y", "1", "ab"])


def _literal(value) -> str:
    if value is None:
        return "NULL"
    return f"'{value}'" if isinstance(value, str) else repr(value)


@st.composite
def writes(draw):
    a, b, c, k = (draw(VALUES) for _ in range(4))
    key = draw(st.integers(1, 8))
    verb = draw(st.sampled_from(["INSERT", "INSERT OR REPLACE", "INSERT OR IGNORE"]))
    return draw(st.sampled_from([
        f"{verb} INTO t VALUES ({key}, {_literal(a)}, {_literal(b)}, {_literal(c)})",
        f"UPDATE t SET a = {_literal(a)} WHERE id = {key}",
        f"UPDATE t SET c = {_literal(c)}, b = {_literal(b)} WHERE a IS {_literal(k)}",
        f"UPDATE OR REPLACE t SET c = {_literal(c)} WHERE id % 2 = {key % 2}",
        f"DELETE FROM t WHERE lower(b) = {_literal(b)} AND c IS NOT NULL",
        f"INSERT INTO t VALUES ({key}, 1, {_literal(b)}, 1) ON CONFLICT (a, c) "
        f"WHERE a = 1 OR c IN (1, 2) DO UPDATE SET b = {_literal(b)}",
        f"INSERT INTO t VALUES (NULL, {_literal(a)}, {_literal(b)}, 0) "
        f"ON CONFLICT (lower(b)) WHERE c IS NOT NULL DO UPDATE SET a = excluded.a",
    ]))


@st.composite
def queries(draw):
    v, w = _literal(draw(VALUES)), _literal(draw(VALUES))
    where = draw(st.sampled_from([
        f"a = {v} AND a > 0", f"a > {v} AND a > 0", f"a = {v}",
        f"lower(b) = {v} AND c IS NOT NULL", f"lower(b) = {v} AND c = {w}",
        f"lower(b) = {v}", f"a + id = {v}", f"a + id > {v} AND b = {w}",
        f"a = 1 AND c = {v}", f"a = {v} AND c = {w} AND (a = 1 OR c IN (1, 2))",
        f"a = {v} AND c IN (1, 2)", f"a > 0 AND a < {v}",
    ]))
    return f"SELECT id, a, b, c FROM t WHERE {where}"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(writes(), queries()), min_size=1, max_size=25))
def test_random_writes_and_queries_match_sqlite(statements):
    sessions = fresh_pair()
    for sql in SCHEMA:
        run_both(sessions, sql)
    for sql in statements:
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs, ordered=False)
    for check in ("SELECT * FROM t ORDER BY id", "PRAGMA integrity_check"):
        mine, theirs = both(check, sessions)
        assert_same_outcome(check, mine, theirs)
    # and every query reads the same rows without any index
    for sql in statements:
        if sql.startswith("SELECT"):
            mine, theirs = both(sql.replace("FROM t", "FROM t NOT INDEXED"), sessions)
            assert_same_outcome(sql, mine, theirs, ordered=False)


def _plan(conn, sql: str) -> str:
    return "\n".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())


@pytest.mark.parametrize("where,used,unused", [
    ("a = 1 AND a > 0", "t_a_pos", None),
    ("a = 2 AND b = 'x'", None, "t_a_pos"),     # a = 2 does not imply a > 0
    ("a = 2 AND a > 1", None, "t_a_pos"),       # nor does a > 1: SQLite compares terms
    ("lower(b) = 'x' AND c IS NOT NULL", "t_b_live", None),
    ("lower(b) = 'x' AND c = 3", "t_b_live", None),     # c = 3: c IS NOT NULL
    ("lower(b) = 'x' AND c + 1 > 3", "t_b_live", None),
    ("lower(b) = 'x'", None, "t_b_live"),
    ("lower(b) = 'x' AND c IS NULL", None, "t_b_live"),
    ("a = 1 AND c = 5", "t_ac", None),          # a = 1 is one side of the index's OR
    ("a = 2 AND c = 5", None, "t_ac"),
    ("a = 2 AND c = 5 AND c IN (1, 2)", "t_ac", None),
    ("a + id = 4", "t_sum", None),
    ("id + a = 4", None, "t_sum"),              # not the same expression
])
def test_a_partial_or_expression_index_is_read_only_when_it_may_be(where, used, unused):
    conn = rowandb.connect(":memory:")
    for sql in SCHEMA:
        conn.execute(sql)
    plan = _plan(conn, f"SELECT * FROM t WHERE {where}")
    if used is not None:
        assert f"USING INDEX {used} " in plan, plan
    if unused is not None:
        assert f"INDEX {unused} " not in plan, plan


def _state(execute) -> tuple:
    tables = [r[0] for r in execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    if "t" not in tables:
        return None
    return (tuple(tuple(r) for r in execute("SELECT * FROM t ORDER BY id")),
            tuple(tuple(r) for r in execute("SELECT id FROM t WHERE a > 0 AND a = 2")),
            tuple(tuple(r) for r in execute("SELECT id FROM t WHERE lower(b) = 'k' "
                                            "AND c IS NOT NULL")),
            tuple(r[0] for r in execute("SELECT name FROM sqlite_schema ORDER BY name")))


WORKLOAD = [
    [SCHEMA[0], SCHEMA[1], SCHEMA[2]],
    ["INSERT INTO t VALUES (1, 2, 'K', 1), (2, 2, 'k', NULL), (3, -2, 'm', NULL)"],
    [CHECKPOINT],
    ["UPDATE t SET c = 5 WHERE id = 3", "UPDATE t SET a = 2 WHERE id = 3"],
    ["DELETE FROM t WHERE id = 1", "UPDATE t SET c = 0 WHERE id = 2"],
    [CHECKPOINT],
    ["DROP INDEX t_a_pos", "CREATE INDEX t_a_pos ON t(a) WHERE a > 1",
     "INSERT INTO t VALUES (4, 2, 'z', 9)"],
]


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_at_every_io_operation_keeps_the_indexes_whole(tmp_path, power_loss):
    assert_crash_sweep(tmp_path, power_loss, WORKLOAD, _state)


def test_the_indexes_work_after_close_and_reopen(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    for sql in SCHEMA:
        conn.execute(sql)
    conn.execute("INSERT INTO t VALUES (1, 1, 'Q', 1), (2, 5, 'q', NULL)")
    conn.close()
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA index_list(t)").fetchall() == [
        (0, "t_ac", 1, "c", 1), (1, "t_sum", 0, "c", 0), (2, "t_b_live", 1, "c", 1),
        (3, "t_a_pos", 0, "c", 1)]
    assert conn.execute("PRAGMA index_info(t_sum)").fetchall() == [(0, -2, None), (1, 2, "b")]
    with pytest.raises(rowandb.IntegrityError, match="UNIQUE constraint failed: index 't_b_live'"):
        conn.execute("INSERT INTO t VALUES (3, 0, 'q', 0)")
    assert "USING INDEX t_b_live" in _plan(conn, "SELECT * FROM t WHERE lower(b) = 'q' AND c = 1")
    assert conn.execute("SELECT id FROM t WHERE lower(b) = 'q' AND c = 1").fetchall() == [(1,)]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
