"""Views: SQLite's error classes and messages, result column names, the dictionary rows,
durability across close/reopen and crash recovery.

The results of queries over views are checked by the sqllogictest scripts in compat/view/
(tests/test_compat_ratchet.py runs them); this file checks what those scripts cannot say:
each message next to SQLite's (apsw), ``cursor.description``, SYS_VIEWS, the statement
cache, and the files on disk.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb
from rowandb import errors
from test_storage_crash import crash_images
from test_storage_support import CHECKPOINT, WORKLOAD, close, oracle_states, reopen_and_check

SCHEMA = """
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL);
INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, 'Three', 3.0);
CREATE INDEX t_b ON t(b);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE VIEW vl(p, q) AS SELECT a, c FROM t;
CREATE VIEW vwide(p) AS SELECT a, b FROM t;
CREATE VIEW c1 AS SELECT * FROM c2;
CREATE VIEW c2 AS SELECT * FROM c1;
CREATE TABLE d(x);
CREATE VIEW vd AS SELECT x FROM d;
DROP TABLE d;
CREATE TABLE child(x REFERENCES v(a));
CREATE TABLE child2(x REFERENCES vl);
"""


def _apsw():
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(SCHEMA)
    return db


def _rowan():
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in SCHEMA.strip().split(";\n"):
        conn.execute(sql.strip().rstrip(";"))
    return conn


def _result(sql, names, rows) -> tuple:
    """What is compared of a result: its rows (in any order unless the query orders them)
    and, when there are rows, the column names (apsw has none for an empty result)."""
    rows = [tuple(r) for r in rows]
    if "ORDER BY" not in sql:
        rows.sort(key=repr)
    return "ok", names if rows else None, rows


def _outcome_apsw(db, sql):
    try:
        cursor = db.execute(sql)
        try:
            names = tuple(d[0] for d in cursor.getdescription())
        except apsw.ExecutionCompleteError:
            names = None
        return _result(sql, names, cursor.fetchall())
    except apsw.ConstraintError as error:
        return "IntegrityError", str(error)
    except apsw.Error as error:
        return "OperationalError", str(error)


def _outcome_rowan(conn, sql):
    try:
        cursor = conn.execute(sql)
        names = tuple(d[0] for d in cursor.description) if cursor.description else None
        return _result(sql, names, cursor.fetchall() if names else [])
    except errors.NotSupportedError:
        raise
    except errors.DatabaseError as error:        # RowanDB adds where a syntax error is
        return type(error).__name__, re.sub(r" \(line \d+, column \d+\)$", "", str(error))


ERRORS = [
    "INSERT INTO v VALUES (9, 'x')",
    "INSERT INTO main.v SELECT 9, 'x'",
    "REPLACE INTO v VALUES (1, 'x')",
    "UPDATE v SET b = 'x'",
    "UPDATE OR REPLACE v SET b = 'x' WHERE nosuch = 1",
    "DELETE FROM v WHERE nosuch",
    "WITH w AS (SELECT 1) DELETE FROM v",
    "INSERT INTO v DEFAULT VALUES RETURNING *",
    "SELECT * FROM c1",
    "SELECT * FROM c2 WHERE 0",
    "SELECT * FROM vd",
    "SELECT * FROM t, vd",
    "SELECT (SELECT x FROM vd)",
    "SELECT * FROM vwide",
    "SELECT p FROM vwide",
    "DROP TABLE v",
    "DROP TABLE IF EXISTS v",
    "DROP VIEW t",
    "DROP VIEW IF EXISTS t",
    "DROP VIEW nosuch",
    "DROP VIEW main.nosuch",
    "DROP VIEW temp.v",
    "DROP INDEX v",
    "CREATE VIEW v AS SELECT 1",
    "CREATE VIEW V AS SELECT 1",
    "CREATE VIEW t AS SELECT 1",
    "CREATE VIEW t_b AS SELECT 1",
    "CREATE TABLE v(x)",
    "CREATE INDEX v ON t(b)",
    "CREATE INDEX IF NOT EXISTS v ON t(b)",
    "CREATE INDEX i ON v(a)",
    "CREATE VIEW sqlite_x AS SELECT 1",
    "CREATE VIEW main.sqlite_x AS SELECT 1",
    "CREATE VIEW aux.w AS SELECT 1",
    "CREATE VIEW w AS SELECT ?",
    "CREATE VIEW w AS SELECT * FROM t WHERE a = :k",
    "CREATE VIEW w AS SELECT @x, $y",
    "CREATE VIEW w AS VALUES (1), (2, 3)",
    "CREATE VIEW w AS",
    "CREATE VIEW w(a COLLATE nocase) AS SELECT 1",
    "CREATE VIEW w(a DESC) AS SELECT 1",
    "CREATE VIEW w AS DELETE FROM t",
    "CREATE VIEW AS SELECT 1",
    "SELECT rowid FROM v",
    "SELECT v.a FROM v AS z",
    "SELECT * FROM v INDEXED BY t_b",
    "SELECT c FROM v",
    "SELECT a FROM vl",
    "INSERT INTO child VALUES (1)",
    "INSERT INTO child2 VALUES (NULL)",
    "PRAGMA foreign_key_check(child)",
]


@pytest.fixture(scope="module")
def engines():
    return _apsw, _rowan


@pytest.mark.parametrize("sql", ERRORS)
def test_each_failure_has_sqlites_class_and_message_and_changes_nothing(sql):
    expected = _outcome_apsw(_apsw(), sql)
    conn = _rowan()
    before = conn.execute("SELECT * FROM sqlite_schema").fetchall()
    assert expected[0] != "ok", expected
    assert _outcome_rowan(conn, sql) == expected
    assert conn.execute("SELECT * FROM sqlite_schema").fetchall() == before


QUERIES = [
    "SELECT * FROM v",
    "SELECT * FROM vl",
    "SELECT v.*, vl.* FROM v, vl WHERE a = p",
    "SELECT a AS x, b, a FROM v",
    "SELECT * FROM v AS z JOIN v USING (a)",
    "SELECT * FROM v NATURAL JOIN vl",
    "SELECT max(a), count(*) FROM v",
    "SELECT * FROM (SELECT * FROM v)",
    "SELECT * FROM (SELECT b COLLATE nocase, (a) COLLATE binary, (b COLLATE nocase) FROM v)",
    "WITH w AS (SELECT t.b COLLATE nocase FROM t) SELECT * FROM w",
    "WITH w AS (SELECT * FROM vl) SELECT * FROM w",
    "SELECT b FROM v WHERE b = 'THREE'",
    "SELECT b FROM v ORDER BY b",
    "SELECT typeof(q), q FROM vl ORDER BY p",
    "SELECT * FROM sqlite_schema WHERE type = 'view'",
    "PRAGMA table_info(vl)",
    "PRAGMA table_xinfo(v)",
    "PRAGMA table_list(v)",
    "PRAGMA table_list(vd)",
    "PRAGMA table_info(vwide)",
    "PRAGMA index_list(v)",
    "PRAGMA foreign_key_list(v)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_and_column_names_are_sqlites(sql):
    assert _outcome_rowan(_rowan(), sql) == _outcome_apsw(_apsw(), sql)


@pytest.mark.parametrize("sql", [
    "CREATE VIEW w AS SELECT a, a, b || '!', c AS \"q q\", t.b, 1 + 1 FROM t",
    "CREATE VIEW w(x, x) AS SELECT 1, 2",
    "CREATE VIEW w(true, \"false\") AS SELECT 1, 2",
    "CREATE VIEW w AS SELECT true, false, 3 AS \"true\"",
    "CREATE VIEW w AS SELECT count(*), sum(c) FROM t GROUP BY b",
    "CREATE VIEW w AS SELECT a FROM t UNION SELECT c FROM t",
    "CREATE VIEW w AS VALUES (1, 'x'), (2, 'y')",
    "CREATE VIEW w AS WITH c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 4)"
    " SELECT n, n * n FROM c",
    "CREATE VIEW IF NOT EXISTS main.w  (k)  AS  SELECT 5",
    "CREATE VIEW w AS SELECT b COLLATE nocase, +b, (b), a COLLATE binary AS q, c COLLATE rtrim,"
    " (SELECT c FROM t) FROM t",
])
def test_a_created_view_reads_and_describes_as_in_sqlite(sql):
    db, conn = _apsw(), _rowan()
    assert _outcome_rowan(conn, sql) == _outcome_apsw(db, sql)
    for query in ("SELECT * FROM w", "PRAGMA table_info(w)",
                  "SELECT sql FROM sqlite_schema WHERE name = 'w'"):
        assert _outcome_rowan(conn, query) == _outcome_apsw(db, query), query


TEMP_SCRIPT = """
CREATE TABLE m(x);
INSERT INTO m VALUES (1);
CREATE TEMP VIEW v AS SELECT x FROM m;
CREATE TEMPORARY VIEW IF NOT EXISTS w(p) AS SELECT 'w';
CREATE VIEW temp.m AS SELECT 'temp m' AS x;
SELECT * FROM m;
SELECT * FROM main.m;
SELECT * FROM temp.m;
SELECT * FROM v;
SELECT * FROM sqlite_temp_schema;
SELECT * FROM temp.sqlite_master;
SELECT name FROM sqlite_schema;
INSERT INTO m VALUES (2);
INSERT INTO main.m VALUES (2);
DELETE FROM temp.m;
SELECT * FROM v;
CREATE VIEW v AS SELECT 'main v';
SELECT * FROM v;
SELECT * FROM main.v;
DROP TABLE m;
PRAGMA table_info(m);
PRAGMA temp.table_info(w);
DROP VIEW m;
SELECT * FROM m;
DROP VIEW v;
SELECT * FROM v;
DROP VIEW temp.nosuch;
DROP VIEW IF EXISTS temp.nosuch;
DROP VIEW main.w;
CREATE TEMP VIEW w AS SELECT 2;
CREATE TEMP VIEW bad AS SELECT * FROM nosuch;
SELECT * FROM bad;
CREATE VIEW mv AS SELECT * FROM w;
SELECT * FROM mv;
CREATE TEMP VIEW sqlite_x AS SELECT 1;
CREATE TABLE bad(a);
INSERT INTO main.bad VALUES (7);
SELECT * FROM main.bad;
SELECT name FROM sqlite_schema;
CREATE TEMP VIEW z AS SELECT ?;
BEGIN;
CREATE TEMP VIEW rb AS SELECT 1;
DROP VIEW w;
ROLLBACK;
SELECT * FROM rb;
SELECT * FROM w;
BEGIN;
SAVEPOINT s;
CREATE TEMP VIEW sp AS SELECT 'sp';
ROLLBACK TO s;
SELECT * FROM sp;
CREATE TEMP VIEW sp AS SELECT 'sp2';
COMMIT;
SELECT * FROM sp;
SELECT name, sql FROM sqlite_temp_schema
"""


def test_temp_views_live_in_the_connections_temp_schema_as_in_sqlite():
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in TEMP_SCRIPT.strip().split(";\n"):
        assert _outcome_rowan(conn, sql) == _outcome_apsw(db, sql), sql


def test_temp_views_go_with_their_connection(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    conn.execute("CREATE TEMP VIEW v AS SELECT a FROM t")
    other = rowandb.connect(path, isolation_level=None)
    with pytest.raises(errors.OperationalError, match="no such table: v"):
        other.execute("SELECT * FROM v")
    close(other)
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    with pytest.raises(errors.OperationalError, match="no such table: v"):
        conn.execute("SELECT * FROM v")
    assert conn.execute("SELECT * FROM SYS_VIEWS").fetchall() == []
    close(conn)


# -- the dictionary ------------------------------------------------------------------------------
def test_a_view_is_one_sys_views_row_written_in_the_ddls_transaction():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    version = conn.execute("PRAGMA schema_version").fetchall()[0][0]
    conn.execute("BEGIN")
    conn.execute("CREATE VIEW IF NOT EXISTS main.v(x) AS SELECT a FROM t")
    assert conn.execute("SELECT * FROM SYS_VIEWS").fetchall() == \
        [(2, "v", "CREATE VIEW v(x) AS SELECT a FROM t")]
    assert conn.execute("PRAGMA schema_version").fetchall() == [(version + 1,)]
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT * FROM SYS_VIEWS").fetchall() == []
    assert conn.execute("PRAGMA schema_version").fetchall() == [(version,)]
    conn.execute("CREATE VIEW v AS SELECT 1")
    conn.execute("DROP VIEW v")
    assert conn.execute("SELECT * FROM SYS_VIEWS").fetchall() == []
    assert conn.execute("PRAGMA schema_version").fetchall() == [(version + 2,)]


def test_sqlite_schema_keeps_the_order_of_creation():
    script = ["CREATE TABLE t(a UNIQUE)", "CREATE VIEW v1 AS SELECT 1", "CREATE INDEX i ON t(a)",
              "CREATE TABLE u(x INTEGER PRIMARY KEY AUTOINCREMENT)", "CREATE VIEW v2 AS SELECT 2",
              "DROP VIEW v1", "CREATE VIEW v3 AS SELECT 3", "DROP TABLE t", "CREATE TABLE t(b)"]
    db, conn = apsw.Connection(":memory:"), rowandb.connect(":memory:", isolation_level=None)
    for sql in script:
        db.execute(sql)
        conn.execute(sql)
    query = "SELECT type, name, tbl_name, sql FROM sqlite_schema"
    assert conn.execute(query).fetchall() == list(db.execute(query))


def test_a_cached_statement_sees_a_view_created_dropped_and_created_again():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t VALUES (1), (2)")
    conn.execute("CREATE VIEW v AS SELECT a FROM t")
    query = "SELECT * FROM v ORDER BY 1"
    assert conn.execute(query).fetchall() == [(1,), (2,)]
    conn.execute("DROP VIEW v")
    with pytest.raises(errors.OperationalError, match="no such table: v"):
        conn.execute(query)
    conn.execute("CREATE VIEW v AS SELECT a * 10 FROM t")
    assert conn.execute(query).fetchall() == [(10,), (20,)]


def test_deeply_nested_views_are_a_clean_error():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIEW v0 AS SELECT 1 AS x")
    for n in range(1, 1100):
        conn.execute(f"CREATE VIEW v{n} AS SELECT x FROM v{n - 1}")
    assert conn.execute("SELECT * FROM v100").fetchall() == [(1,)]
    with pytest.raises(errors.OperationalError,
                       match="VIEWs and/or subqueries nested too deep"):
        conn.execute("SELECT * FROM v1099")


# -- durability ----------------------------------------------------------------------------------
def test_views_survive_close_and_reopen(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b)")
    conn.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y')")
    conn.execute("CREATE VIEW v(n, s) AS SELECT a, b FROM t WHERE a > 1")
    conn.execute("CREATE VIEW gone AS SELECT 1")
    conn.execute("DROP VIEW gone")
    conn.execute(CHECKPOINT)
    conn.execute("CREATE VIEW w AS SELECT count(*) AS n FROM v")    # only in the log
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("SELECT * FROM v").fetchall() == [(2, "y")]
    assert conn.execute("SELECT * FROM w").fetchall() == [(1,)]
    assert conn.execute("SELECT name FROM sqlite_schema WHERE type = 'view'").fetchall() == \
        [("v",), ("w",)]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)


VIEW_WORKLOAD = WORKLOAD[:3] + [
    ["CREATE VIEW pv AS SELECT id, upper(name) AS n FROM p WHERE id > 2"],
    ["CREATE VIEW cv(pid, k) AS SELECT pid, count(*) FROM c GROUP BY pid",
     "INSERT INTO p(id, name) VALUES (30, 'thirty')"],
    [CHECKPOINT],
    ["DROP VIEW pv", "CREATE VIEW pv AS SELECT name FROM p"],
    ["CREATE TABLE tmp(x)", "CREATE VIEW tv AS SELECT x FROM tmp", "DROP VIEW tv",
     "DROP TABLE tmp"],
]


def _view_dump(execute) -> tuple:
    """Schema rows (views with their SQL) and the rows of every view."""
    schema = [tuple(r) for r in execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")]
    views = tuple((v, tuple(sorted(tuple(r) for r in execute(f"SELECT * FROM {v}"))))
                  for kind, v, _, _ in schema if kind == "view")
    return tuple(schema), views


def test_a_crash_at_every_io_operation_recovers_the_views_of_a_committed_prefix(tmp_path):
    states = oracle_states(VIEW_WORKLOAD)
    view_states = oracle_states(VIEW_WORKLOAD, dump=_view_dump)
    images = crash_images(tmp_path, power_loss=False, workload=VIEW_WORKLOAD)
    reached = set()
    for image, returned in images[::3] + images[-1:]:
        prefix = reopen_and_check(image, states, returned, clean_close=True)
        conn = rowandb.connect(image, isolation_level=None)
        try:
            assert _view_dump(lambda sql: conn.execute(sql).fetchall()) == view_states[prefix]
        finally:
            close(conn)
        reached.add(prefix)
    assert len(reached) > len(VIEW_WORKLOAD) // 2
