"""The fast path of cached point reads (rowandb/sql/fast_read.py, planner/exec/point.py).

``SELECT ... FROM t WHERE <rowid or INTEGER PRIMARY KEY> = ?`` executed again through the
DB-API skips the session's statement bookkeeping and the generator chain. These tests drive
that path with edge values and situations and hold it to two references: SQLite (apsw) for
the answers, and RowanDB's own general path (a connection whose fast path is switched off)
for the answers and the errors, class and message. Each also proves the path was taken
(``PointRead.hits``), so that losing it fails the test.
"""

from __future__ import annotations

import math
import threading

import apsw
import pytest

import rowandb
from rowandb.sql import fast_read as fast_read_module

SCHEMA = [
    "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b REAL, c BLOB)",
    "CREATE TABLE r(x, y TEXT)",                               # rowid without an alias
    "CREATE TABLE nc(id INTEGER PRIMARY KEY, s TEXT COLLATE NOCASE)",
]
ROWS = [
    "INSERT INTO t VALUES (-9223372036854775808, 'min', -1.5, x'00')",
    "INSERT INTO t VALUES (0, 'zero', 0.0, NULL)",
    "INSERT INTO t VALUES (1, 'one', 1.0, x'01')",
    "INSERT INTO t VALUES (2, NULL, 2.5, 'two')",
    "INSERT INTO t VALUES (9223372036854775807, 'max', 1e300, x'')",
    "INSERT INTO r(rowid, x, y) VALUES (1, 10, 'a'), (3, 'text', 'b'), (7, NULL, NULL)",
    "INSERT INTO nc VALUES (1, 'Abc'), (2, 'x')",
]
QUERIES = [
    "SELECT * FROM t WHERE id = ?",
    "SELECT a, id FROM t WHERE id = ?",
    "SELECT c FROM t WHERE id = ?",
    "SELECT b, a FROM t WHERE rowid = ?",
    "SELECT * FROM t WHERE ? = id",
    "SELECT * FROM r WHERE rowid = ?",
    "SELECT rowid, y, x FROM r WHERE _rowid_ = ?",
]
VALUES = [
    None, 0, 1, 2, 3, -1, 2 ** 63 - 1, -2 ** 63, 1.0, 1.5, -0.0, 2.0 ** 63, -2.0 ** 63,
    float("inf"), float("nan"), "1", "01", " 1 ", "1.0", "1e0", "0x1", "x", "", "2.5",
    "9223372036854775807", "-9223372036854775808", "-9223372036854775809",
    "9223372036854775808", b"1", b"", True, False, bytearray(b"1"), memoryview(b"2"),
    "\u00e9", "1\x00",
]
ERRORS = [2 ** 63, -2 ** 63 - 1, 10 ** 30, object(), [1], "\ud800"]


def _rowan(path=":memory:", fast=True):
    conn = rowandb.connect(path)
    if not fast:
        conn._fast_read = None          # the general path only: the reference
    return conn


def _load(conns, apsw_conn=None):
    for conn in conns:
        for sql in SCHEMA + ROWS:
            conn.execute(sql)
        conn.commit()
    if apsw_conn is not None:
        for sql in SCHEMA + ROWS:
            apsw_conn.execute(sql)


def _set(conns, **attributes):
    for conn in conns:
        for name, value in attributes.items():
            setattr(conn, name, value)


def _hits(conn, sql=None):
    """Executions that took the fast path; with ``sql``, first check that its cached plan
    is a point read."""
    if sql is not None:
        prepared = conn._session.cache[sql]
        point = prepared.point if prepared.point is not None else \
            fast_read_module._point_of(prepared)    # (decided at the second execution)
        assert point, f"{sql!r} is not a point read"
    return conn._fast_reads


def _outcome(cursor, sql, params):
    try:
        cursor.execute(sql, params)
        return "rows", cursor.fetchall(), cursor.description
    except Exception as error:          # compared: class and message
        return "error", type(error).__name__, str(error)


@pytest.fixture
def engines():
    fast, slow, lite = _rowan(), _rowan(fast=False), apsw.Connection(":memory:")
    _load([fast, slow], lite)
    yield fast, slow, lite
    fast.close()
    slow.close()
    lite.close()


def _apsw_rows(lite, sql, params):
    return [tuple(row) for row in lite.execute(sql, params)]


@pytest.mark.parametrize("sql", QUERIES)
def test_every_edge_value_answers_as_sqlite_and_the_general_path(engines, sql):
    fast, slow, lite = engines
    fc, sc = fast.cursor(), slow.cursor()
    fc.execute(sql, (1,))                                   # compiles and caches it
    before = _hits(fast, sql)
    plain = 0
    for value in VALUES:
        got, want = _outcome(fc, sql, (value,)), _outcome(sc, sql, (value,))
        assert got == want, (sql, value)
        assert got[0] == "rows", (sql, value)
        if not isinstance(value, (bool, bytearray, memoryview)):
            assert got[1] == _apsw_rows(lite, sql, (value,)), (sql, value)
        if type(value) in (int, float, str, bytes, type(None)) and \
                not (type(value) is float and math.isnan(value)) and value != "\ud800":
            plain += 1
    assert _hits(fast, sql) - before == plain               # each plain one took the path


@pytest.mark.parametrize("value", ERRORS, ids=repr)
def test_bad_parameters_fail_as_on_the_general_path(engines, value):
    fast, slow, _ = engines
    sql = QUERIES[0]
    fast.execute(sql, (1,))
    assert _outcome(fast.cursor(), sql, (value,)) == _outcome(slow.cursor(), sql, (value,))
    assert _outcome(fast.cursor(), sql, (value,))[0] == "error"


@pytest.mark.parametrize("params", [(), (1, 2), (None, None, None)])
def test_a_wrong_number_of_parameters_fails_as_on_the_general_path(engines, params):
    fast, slow, _ = engines
    sql = QUERIES[0]
    fast.execute(sql, (1,))
    got = _outcome(fast.cursor(), sql, params)
    assert got == _outcome(slow.cursor(), sql, params)
    assert got[:2] == ("error", "ProgrammingError")
    assert _outcome(fast.cursor(), sql, [1]) == _outcome(fast.cursor(), sql, (1,))


def test_a_projection_and_extra_terms_take_the_path_and_answer_as_sqlite(engines):
    fast, slow, lite = engines
    cases = [
        ("SELECT id = ?, a, ? FROM t WHERE id = ?", [(1, 'x', 1), (2, 3, 1), ("1", None, "1")]),
        ("SELECT * FROM t WHERE id = ? AND a = ?", [(1, "one"), (1, "ONE"), (2, None), ("1", "one")]),
        ("SELECT a FROM t WHERE id = ?2 AND b > ?1", [(0.5, 1), (1.0, 1), ("a", 2), (None, 2)]),
        ("SELECT a FROM t WHERE id = :k", [{"k": 1}, {"k": "2"}]),
    ]
    for sql, param_sets in cases:
        for params in param_sets:
            got = _outcome(fast.cursor(), sql, params)
            assert got == _outcome(slow.cursor(), sql, params), (sql, params)
            assert got[1] == _apsw_rows(lite, sql, params), (sql, params)
    for sql, param_sets in cases[:3]:
        before = _hits(fast, sql)
        for params in param_sets:
            fast.execute(sql, params)
        assert _hits(fast) - before == len(param_sets), sql
    before = _hits(fast)
    fast.execute(cases[3][0], {"k": 1})
    assert _hits(fast) == before                            # named: mappings bind them


def test_a_collation_other_than_binary_leaves_the_general_path_in_charge(engines):
    fast, slow, lite = engines
    sql = "SELECT id FROM nc WHERE id = ? AND s = ?"
    for params in [(1, "abc"), (1, "ABC"), (2, "X"), (1, "abd")]:
        got = _outcome(fast.cursor(), sql, params)
        assert got == _outcome(slow.cursor(), sql, params)
        assert got[1] == _apsw_rows(lite, sql, params)
    assert fast._session.cache[sql].point is False


def test_explain_shows_the_search_the_path_replaces(engines):
    fast, _, _ = engines
    plan = [row[3] for row in fast.execute("EXPLAIN QUERY PLAN " + QUERIES[0], (1,))]
    assert plan[-1] == "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"


def test_a_schema_change_between_executions_is_seen(engines):
    fast, slow, lite = engines
    sql = QUERIES[0]
    hits = _hits(fast)
    for step in ["ALTER TABLE t ADD COLUMN d DEFAULT 7", "UPDATE t SET d = 8 WHERE id = 2",
                 "ALTER TABLE t RENAME COLUMN a TO aa", "ALTER TABLE t DROP COLUMN c",
                 "CREATE INDEX ta ON t(aa)"]:
        for conn in (fast, slow):
            conn.execute(step)
            conn.commit()
        lite.execute(step)
        for value in (1, 2, "2", 5):
            got = _outcome(fast.cursor(), sql, (value,))
            assert got == _outcome(slow.cursor(), sql, (value,)), (step, value)
            assert got[1] == _apsw_rows(lite, sql, (value,)), (step, value)
        # the first read after DDL prepares again; the new plan takes the path too
        assert _hits(fast, sql) - hits == (4 if step.startswith("UPDATE") else 3), step
        hits = _hits(fast)
    for conn in (fast, slow):
        conn.execute("DROP TABLE t")
    got = _outcome(fast.cursor(), sql, (1,))
    assert got == _outcome(slow.cursor(), sql, (1,)) == ("error", "OperationalError",
                                                          "no such table: t")


def test_writes_of_the_same_connection_and_transactions_are_seen(engines):
    fast, slow, lite = engines
    sql = "SELECT a FROM t WHERE id = ?"
    script = [("UPDATE t SET a = 'uno' WHERE id = 1", ()), ("BEGIN", ()),
              ("INSERT INTO t(id, a) VALUES (5, 'five')", ()), ("UPDATE t SET a = 'eins' WHERE id = 1", ()),
              ("SAVEPOINT s", ()), ("DELETE FROM t WHERE id = 2", ()), ("ROLLBACK TO s", ()),
              ("DELETE FROM t WHERE id = 0", ()), ("ROLLBACK", ()),
              ("BEGIN", ()), ("DELETE FROM t WHERE id = 1", ()), ("COMMIT", ())]
    reader = fast.cursor()
    reader.execute(sql, (1,))
    before = _hits(fast, sql)
    _set((fast, slow), isolation_level=None)    # BEGIN/COMMIT as written, as apsw runs them
    for step, params in script:
        for conn in (fast, slow):
            conn.execute(step, params)
        lite.execute(step, params)
        for value in (0, 1, 2, 5):
            got = _outcome(reader, sql, (value,))
            assert got == _outcome(slow.cursor(), sql, (value,)), (step, value)
            assert got[1] == _apsw_rows(lite, sql, (value,)), (step, value)
    # ROLLBACK reloads the dictionary, which expires cached plans: one read prepares again
    assert _hits(fast, sql) - before == 4 * len(script) - 1


def test_a_cursor_keeps_its_row_while_another_cursor_writes(engines):
    fast, _, _ = engines
    fast.isolation_level = None
    reader, writer = fast.cursor(), fast.cursor()
    reader.execute("SELECT a FROM t WHERE id = ?", (1,))
    writer.execute("UPDATE t SET a = 'changed' WHERE id = 1")
    assert reader.fetchone() == ("one",)
    assert reader.execute("SELECT a FROM t WHERE id = ?", (1,)).fetchone() == ("changed",)
    assert reader.fetchone() is None


def test_defer_foreign_keys_ends_with_an_autocommit_read_as_in_sqlite(engines):
    fast, slow, lite = engines
    sql = QUERIES[0]
    fast.execute(sql, (1,))
    _set((fast, slow), isolation_level=None)
    answers = []
    for run in (fast.execute, slow.execute, lite.execute):
        run("PRAGMA defer_foreign_keys = ON")
        run(sql, (1,))
        answers.append([tuple(r) for r in run("PRAGMA defer_foreign_keys")])
    assert answers[0] == answers[1] == answers[2] == [(0,)]


def test_factories_converters_and_callbacks_shape_the_rows_as_before(engines):
    fast, slow, _ = engines
    sql = QUERIES[1]
    fast.execute(sql, (1,))
    _set((fast, slow), text_factory=bytes)
    assert fast.execute(sql, (1,)).fetchone() == slow.execute(sql, (1,)).fetchone() == \
        (b"one", 1)
    _set((fast, slow), text_factory=str, row_factory=rowandb.Row)
    got, want = fast.execute(sql, (1,)).fetchone(), slow.execute(sql, (1,)).fetchone()
    assert dict(got) == dict(want) == {"a": "one", "id": 1}
    fast.row_factory = None
    calls = []
    fast.set_progress_handler(lambda: calls.append(1), 1)
    hits = _hits(fast, sql)
    assert fast.execute(sql, (1,)).fetchall() == [("one", 1)]
    assert calls and _hits(fast, sql) == hits               # the handler saw the read
    fast.set_progress_handler(None, 1)
    traced = []
    fast.set_trace_callback(traced.append)
    fast.execute(sql, (2,))
    assert len(traced) == 1 and _hits(fast, sql) == hits
    fast.set_trace_callback(None)
    fast.execute(sql, (2,))
    assert _hits(fast, sql) == hits + 1


def test_a_closed_cursor_or_connection_and_another_thread_are_refused(engines):
    fast, slow, _ = engines
    sql = QUERIES[0]
    for conn in (fast, slow):
        conn.execute(sql, (1,))
    outcomes = []
    for conn in (fast, slow):
        cursor = conn.cursor()
        cursor.close()
        outcomes.append(_outcome(cursor, sql, (1,)))
        errors, cursor = [], conn.cursor()
        thread = threading.Thread(target=lambda: errors.append(_outcome(cursor, sql, (1,))))
        thread.start()
        thread.join()
        outcomes.append(errors[0][:2])
    assert outcomes[:2] == outcomes[2:]
    assert outcomes[0][:2] == ("error", "ProgrammingError")


def test_sql_longer_than_the_length_limit_is_refused_after_caching(engines):
    fast, slow, _ = engines
    sql = QUERIES[0] + " " * 40
    for conn in (fast, slow):
        conn.execute(sql, (1,))
        conn.setlimit(rowandb.SQLITE_LIMIT_SQL_LENGTH, 20)
    got = _outcome(fast.cursor(), sql, (1,))
    assert got == _outcome(slow.cursor(), sql, (1,))
    assert got[:2] == ("error", "DataError")


def test_uncommitted_writes_of_another_connection_stay_unseen_on_disk(tmp_path):
    path = str(tmp_path / "db")
    reader, writer = _rowan(path), _rowan(path)
    lite_path = str(tmp_path / "lite.db")
    lite_reader, lite_writer = apsw.Connection(lite_path), apsw.Connection(lite_path)
    _load([reader], lite_reader)
    sql = "SELECT a FROM t WHERE id = ?"
    reader.execute(sql, (1,))
    before = _hits(reader, sql)
    steps = ["BEGIN", "UPDATE t SET a = 'new' WHERE id = 1", "INSERT INTO t(id, a) VALUES (9, 'n')",
             "COMMIT"]
    writer.isolation_level = None
    seen = []
    for step in steps:
        writer.execute(step)
        lite_writer.execute(step)
        for value in (1, 9):
            got = reader.execute(sql, (value,)).fetchall()
            assert got == _apsw_rows(lite_reader, sql, (value,)), (step, value)
            seen.append(got)
    assert seen[-2:] == [[("new",)], [("n",)]] and seen[2:4] == [[("one",)], []]
    assert _hits(reader, sql) - before == 2 * len(steps)
    reader.close()
    writer.close()
    reopened = _rowan(path)
    assert reopened.execute(sql, (9,)).fetchall() == [("n",)]
    assert reopened.execute(sql, (9,)).fetchall() == [("n",)]
    assert _hits(reopened, sql) == 1
    reopened.close()


def test_plain_parameter_check_matches_binding():
    """``_plain`` accepts exactly the values binding leaves as they are."""
    from rowandb.sql.dbapi.connection import bind_parameters

    class Info:
        param_count, param_names = 1, (None,)

    for value in VALUES + ERRORS:
        try:
            bound = bind_parameters(Info, (value,))
        except Exception:
            bound = None
        if fast_read_module._plain((value,)):
            assert bound is not None and bound[0] is value, value


def test_temp_tables_views_and_without_rowid_answer_as_sqlite(engines):
    fast, slow, lite = engines
    setup = ["CREATE TABLE w(id INTEGER PRIMARY KEY, a TEXT) WITHOUT ROWID",
             "INSERT INTO w VALUES (1, 'w1')", "CREATE VIEW v AS SELECT id, a FROM t",
             "CREATE TABLE s(id INTEGER PRIMARY KEY, a TEXT)", "INSERT INTO s VALUES (1, 'main')"]
    queries = ["SELECT a FROM w WHERE id = ?", "SELECT a FROM v WHERE id = ?",
               "SELECT a FROM s WHERE id = ?"]
    for step in setup:
        for conn in (fast, slow):
            conn.execute(step)
        lite.execute(step)
    for conn in (fast, slow):
        conn.commit()

    def compare():
        for sql in queries:
            for value in (1, "1", 2):
                got = _outcome(fast.cursor(), sql, (value,))
                assert got == _outcome(slow.cursor(), sql, (value,)), (sql, value)
                assert got[1] == _apsw_rows(lite, sql, (value,)), (sql, value)

    compare()
    compare()
    assert fast._session.cache[queries[0]].point is False     # WITHOUT ROWID: no rowid
    hits = _hits(fast, queries[2])
    for run in (fast.execute, slow.execute, lite.execute):  # a TEMP table shadows main.s
        run("CREATE TEMP TABLE s(id INTEGER PRIMARY KEY, a TEXT)")
        run("INSERT INTO s VALUES (1, 'temp')")
    compare()
    assert _hits(fast) == hits                              # the routing store: general path
    assert fast.execute(queries[2], (1,)).fetchall() == [("temp",)]
