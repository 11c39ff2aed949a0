"""TEMP tables (rowandb/sql/temp_tables.py), each script run statement by statement on
RowanDB and on SQLite (apsw), demanding the same rows, column names, error classes and
messages. sqlite_temp_schema is read without its rootpage column (page numbers are
SQLite's, file ids RowanDB's). Then what SQLite cannot show next to us: a temp table is
never on disk, never seen by another connection, and gone at close."""

from __future__ import annotations

import os

import apsw
import pytest

import rowandb
from rowandb import errors
from test_storage_support import close
from test_views import _outcome_apsw, _outcome_rowan as _outcome_as_raised

SCHEMA_ROWS = "SELECT type, name, tbl_name, sql FROM sqlite_temp_schema"

SHADOWING = f"""
CREATE TABLE t(a);
INSERT INTO t VALUES (1);
CREATE TEMP TABLE t(b);
INSERT INTO t VALUES (2);
SELECT * FROM t;
SELECT * FROM main.t;
SELECT * FROM temp.t;
SELECT t.b, m.a FROM temp.t AS t, main.t AS m;
UPDATE t SET b = b + 10;
DELETE FROM main.t WHERE a = 5;
SELECT * FROM t;
{SCHEMA_ROWS};
CREATE TABLE temp.y(a);
CREATE TEMPORARY TABLE temp.z(a);
CREATE TEMP TABLE IF NOT EXISTS t(c);
SELECT name, sql FROM sqlite_temp_master ORDER BY name;
SELECT name FROM sqlite_schema;
DROP TABLE t;
SELECT * FROM t;
DROP TABLE t;
SELECT * FROM t;
DROP TABLE IF EXISTS temp.t;
CREATE TEMP TABLE t AS SELECT 1 AS x, 'a' AS y, 2.5 AS z;
SELECT x, typeof(x), y, z FROM t;
{SCHEMA_ROWS};
CREATE TEMP TABLE u AS SELECT * FROM main.y;
CREATE TEMP TABLE IF NOT EXISTS t AS SELECT nosuch FROM nowhere;
SELECT * FROM t JOIN u ON 1;
CREATE VIEW "T" AS SELECT 1;
DROP VIEW t;
DROP VIEW IF EXISTS temp.T;
DROP VIEW main.t;
{SCHEMA_ROWS}
"""

CONSTRAINTS = f"""
CREATE TEMP TABLE k(id INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT UNIQUE NOT NULL,
  c INT CHECK (c > 0), d DEFAULT 'dflt');
INSERT INTO k(b, c) VALUES ('x', 1), ('y', 2);
INSERT INTO k(b, c) VALUES ('x', 3);
INSERT INTO k(b, c) VALUES (NULL, 3);
INSERT INTO k(b, c) VALUES ('z', 0);
INSERT OR IGNORE INTO k(b, c) VALUES ('x', 9);
INSERT OR REPLACE INTO k(b, c) VALUES ('x', 9);
INSERT INTO k(b, c) VALUES ('y', 5) ON CONFLICT(b) DO UPDATE SET c = excluded.c + 100;
INSERT INTO k(b, c) VALUES ('w', 7) RETURNING id, b, d;
SELECT * FROM k ORDER BY id;
DELETE FROM k;
INSERT INTO k(b, c) VALUES ('v', 1);
SELECT * FROM k;
SELECT * FROM sqlite_sequence;
SELECT * FROM temp.sqlite_sequence;
CREATE TABLE mk(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
INSERT INTO mk(v) VALUES (1);
SELECT * FROM sqlite_sequence;
SELECT * FROM main.sqlite_sequence;
CREATE INDEX kc ON k(c);
CREATE INDEX temp.kd ON k(d DESC);
{SCHEMA_ROWS};
INSERT INTO k(b, c) VALUES ('s', 4), ('r', 4);
SELECT b FROM k WHERE c = 4 ORDER BY b;
SELECT b FROM k INDEXED BY kc WHERE c > 1 ORDER BY c, b;
CREATE TEMP TABLE s(a INTEGER, b TEXT, c ANY) STRICT;
INSERT INTO s VALUES ('1', 2, x'00');
INSERT INTO s VALUES ('x', 2, 3);
SELECT typeof(a), typeof(b), typeof(c) FROM s;
DROP INDEX kc;
DROP INDEX temp.kd;
DROP INDEX sqlite_autoindex_k_1;
{SCHEMA_ROWS};
DROP TABLE k;
{SCHEMA_ROWS}
"""

TRANSACTIONS = f"""
CREATE TABLE m(a);
BEGIN;
CREATE TEMP TABLE r(a);
INSERT INTO r VALUES (1);
INSERT INTO m VALUES (1);
ROLLBACK;
SELECT * FROM r;
SELECT * FROM m;
CREATE TEMP TABLE r(a UNIQUE);
BEGIN;
INSERT INTO r VALUES (1);
SAVEPOINT s;
INSERT INTO r VALUES (2);
CREATE TEMP TABLE q(x);
INSERT INTO q SELECT a FROM r;
CREATE INDEX qx ON q(x);
ROLLBACK TO s;
SELECT * FROM q;
SELECT * FROM r;
INSERT INTO r VALUES (3), (1);
SELECT * FROM r;
COMMIT;
SELECT * FROM r;
SAVEPOINT a;
DROP TABLE r;
SELECT * FROM r;
ROLLBACK TO a;
RELEASE a;
SELECT * FROM r;
{SCHEMA_ROWS};
BEGIN;
CREATE TEMP TABLE w(x);
INSERT INTO w VALUES (1);
INSERT INTO m VALUES (2);
COMMIT;
SELECT * FROM w;
SELECT * FROM m
"""

TRIGGERS_AND_VIEWS = f"""
CREATE TABLE m(a);
CREATE TABLE log(x);
CREATE TEMP TABLE t(a);
CREATE TRIGGER tt AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('t:' || new.a); END;
CREATE TRIGGER temp.td BEFORE DELETE ON t BEGIN INSERT INTO log VALUES ('del:' || old.a); END;
CREATE TRIGGER main.tm AFTER INSERT ON t BEGIN SELECT 1; END;
INSERT INTO t VALUES (5);
DELETE FROM t;
SELECT * FROM log;
{SCHEMA_ROWS};
CREATE TABLE t(b);
INSERT INTO main.t VALUES (1);
INSERT INTO t VALUES (6);
SELECT * FROM log;
CREATE TEMP VIEW tv AS SELECT a FROM t JOIN log ON x = 't:' || a;
SELECT * FROM tv;
CREATE VIEW mv AS SELECT * FROM t;
SELECT * FROM mv;
CREATE VIEW mv2 AS SELECT * FROM temp.t;
CREATE VIEW mv3 AS SELECT (SELECT a FROM temp.t) FROM m;
CREATE VIEW mv4 AS WITH c AS (SELECT * FROM temp.t) SELECT * FROM c;
CREATE VIEW mv5 AS SELECT * FROM aux.t;
CREATE VIEW mv6 AS SELECT * FROM main.m;
CREATE TRIGGER mtr AFTER INSERT ON m BEGIN INSERT INTO t VALUES (99); END;
INSERT INTO m VALUES (1);
DROP TABLE t;
{SCHEMA_ROWS};
INSERT INTO t VALUES (7);
SELECT * FROM t;
SELECT * FROM log
"""

FOREIGN_KEYS = """
CREATE TABLE p(a PRIMARY KEY);
INSERT INTO p VALUES (1);
CREATE TEMP TABLE c(x REFERENCES p(a));
INSERT INTO c VALUES (1);
INSERT INTO c VALUES (NULL);
PRAGMA foreign_key_list(c);
CREATE TEMP TABLE p2(a PRIMARY KEY, b);
CREATE TEMP TABLE c2(x REFERENCES p2(a) ON DELETE CASCADE, y REFERENCES p2 ON UPDATE SET NULL);
INSERT INTO c2 VALUES (1, 1);
INSERT INTO p2 VALUES (1, 'one');
INSERT INTO c2 VALUES (1, 1);
UPDATE p2 SET a = 2;
INSERT INTO p2 VALUES (2, 'two');
INSERT INTO c2 VALUES (2, 2);
UPDATE p2 SET a = 3 WHERE a = 2;
SELECT * FROM c2;
DELETE FROM p2 WHERE a = 1;
SELECT * FROM c2;
CREATE TABLE p2(a PRIMARY KEY);
CREATE TABLE mc(x REFERENCES p2(a));
INSERT INTO mc VALUES (5);
INSERT INTO main.p2 VALUES (5);
INSERT INTO mc VALUES (5);
DELETE FROM p2;
DELETE FROM main.p2;
SELECT * FROM mc;
DROP TABLE main.p2;
INSERT INTO p2 VALUES (9, 'nine');
INSERT INTO c2 VALUES (9, NULL);
DROP TABLE p2;
SELECT * FROM c2;
CREATE TEMP TABLE d(x REFERENCES p3(a) DEFERRABLE INITIALLY DEFERRED);
CREATE TEMP TABLE p3(a PRIMARY KEY);
BEGIN;
INSERT INTO d VALUES (7);
COMMIT;
INSERT INTO p3 VALUES (7);
COMMIT;
SELECT * FROM d;
PRAGMA foreign_keys = OFF;
INSERT INTO d VALUES (8);
PRAGMA foreign_key_check;
PRAGMA foreign_key_check(d);
PRAGMA temp.foreign_key_list(d)
"""

ADD_COLUMN = f"""
CREATE TABLE m(a);
CREATE TEMP TABLE t(a, b CHECK (b > 0));
INSERT INTO t VALUES (1, 2);
SELECT * FROM t;
ALTER TABLE t ADD COLUMN c DEFAULT 5;
SELECT * FROM t;
INSERT INTO t(a) VALUES (3);
ALTER TABLE t ADD COLUMN d NOT NULL;
ALTER TABLE t ADD COLUMN e NOT NULL DEFAULT 'x' CHECK (e <> 'x');
ALTER TABLE t ADD COLUMN f AS (a + 1);
ALTER TABLE temp.t ADD COLUMN g TEXT COLLATE NOCASE;
SELECT * FROM t;
{SCHEMA_ROWS};
PRAGMA table_xinfo(t);
ALTER TABLE main.t ADD COLUMN z;
BEGIN;
ALTER TABLE t ADD COLUMN h;
SELECT * FROM t;
ROLLBACK;
SELECT * FROM t;
CREATE TEMP TABLE s(a INT) STRICT;
INSERT INTO s VALUES (1);
ALTER TABLE s ADD COLUMN b INT DEFAULT 'x';
ALTER TABLE s ADD COLUMN b INT DEFAULT 3;
SELECT * FROM s;
CREATE TEMP TABLE p(k PRIMARY KEY);
ALTER TABLE t ADD COLUMN r REFERENCES p(k);
ALTER TABLE t ADD COLUMN r2 REFERENCES p(k) DEFAULT 1;
INSERT INTO t(a, b, r) VALUES (4, 4, 9);
PRAGMA foreign_key_list(t)
"""

MAINTENANCE = """
PRAGMA database_list;
CREATE TABLE m(a);
CREATE INDEX mi ON m(a);
BEGIN;
CREATE TEMP TABLE x(a);
ROLLBACK;
PRAGMA database_list;
SELECT * FROM pragma_database_list;
CREATE TEMP TABLE t(a COLLATE NOCASE, b);
CREATE INDEX ti ON t(a);
CREATE INDEX tb ON t(b);
INSERT INTO t VALUES ('A', 1), ('a', 2);
REINDEX nocase;
REINDEX;
REINDEX ti;
REINDEX temp.t;
REINDEX main.ti;
REINDEX mi;
REINDEX temp.mi;
SELECT * FROM t WHERE a = 'a';
SELECT a FROM t WHERE b = 2;
VACUUM;
VACUUM temp;
SELECT * FROM t INDEXED BY tb WHERE b > 0
"""

RENAME = f"""
CREATE TABLE m(a);
CREATE TABLE u(z);
CREATE TEMP TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b UNIQUE);
CREATE INDEX ti ON t(b);
CREATE TEMP TABLE c(x REFERENCES t(a));
CREATE TEMP VIEW tv AS SELECT * FROM t;
CREATE TRIGGER tt AFTER INSERT ON t BEGIN INSERT INTO m VALUES (new.b); END;
CREATE VIEW mv AS SELECT * FROM t;
INSERT INTO t(b) VALUES (1);
ALTER TABLE t RENAME TO u;
SELECT * FROM u;
SELECT * FROM main.u;
INSERT INTO u(b) VALUES (2);
SELECT * FROM m;
{SCHEMA_ROWS};
SELECT * FROM sqlite_sequence;
SELECT * FROM tv;
PRAGMA foreign_key_list(c);
INSERT INTO c VALUES (2);
INSERT INTO c VALUES (3);
CREATE TEMP TABLE w(a);
ALTER TABLE u RENAME TO w;
ALTER TABLE u RENAME TO tv;
ALTER TABLE u RENAME TO ti;
ALTER TABLE u RENAME TO sqlite_x;
ALTER TABLE temp.u RENAME TO t;
ALTER TABLE main.t RENAME TO t2;
SELECT name, sql FROM sqlite_schema;
BEGIN;
ALTER TABLE t RENAME TO q;
SELECT * FROM q;
ROLLBACK;
SELECT * FROM t;
{SCHEMA_ROWS}
"""

# A rename rewrites every temp trigger and view that names the table, and a temp table's
# triggers run their new text at once (its cached trigger list is dropped).
RENAME_FOLLOWS = f"""
CREATE TEMP TABLE t(a INT, b INT CHECK (b>0), CONSTRAINT x CHECK (a<10));
CREATE TEMP VIEW v AS SELECT a FROM t;
CREATE TABLE t2(x);
CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t2 VALUES (new.a); END;
CREATE INDEX ti ON t(b);
ALTER TABLE t RENAME TO tt;
INSERT INTO tt VALUES (1, 2);
SELECT * FROM v;
SELECT * FROM t2;
{SCHEMA_ROWS};
ALTER TABLE t2 RENAME TO t3;
INSERT INTO tt VALUES (3, 2);
SELECT * FROM t3;
CREATE TEMP TABLE w(a);
CREATE TEMP TRIGGER tw AFTER INSERT ON w BEGIN INSERT INTO tt VALUES (new.a, 5); END;
ALTER TABLE tt RENAME TO t4;
INSERT INTO w VALUES (7);
SELECT * FROM t4;
{SCHEMA_ROWS}
"""

ERRORS = """
CREATE TABLE m(a);
CREATE TEMP TABLE t(a);
CREATE TEMP TABLE main.x(a);
CREATE TEMPORARY TABLE aux.x(a);
CREATE TABLE aux.x(a);
CREATE TEMP TABLE t(b);
CREATE TABLE temp.t(b);
CREATE TEMP TABLE sqlite_x(a);
CREATE INDEX temp.i ON m(a);
CREATE INDEX main.i ON t(a);
CREATE INDEX temp.i ON nosuch(a);
CREATE INDEX i ON t(a);
CREATE TEMP TABLE i(a);
CREATE TEMP VIEW t AS SELECT 1;
CREATE TEMP VIEW v AS SELECT 1;
CREATE TEMP TABLE v(a);
DROP TABLE main.t;
DROP TABLE temp.nosuch;
DROP TABLE temp.m;
DROP INDEX temp.nosuch;
DROP INDEX main.i;
SELECT * FROM temp.m;
SELECT * FROM main.t;
INSERT INTO temp.m VALUES (1)
"""


# What opens SQLite's temp database, which PRAGMA database_list then shows: a pragma
# written temp.name (even an unknown one), an unqualified integrity_check or quick_check,
# the temp schema's table named; and what does not.
TEMP_OPENED = [
    ["SELECT count(*) FROM temp.sqlite_master"], ["SELECT name FROM sqlite_temp_master"],
    ["SELECT * FROM temp.sqlite_schema WHERE 0"], ["PRAGMA temp.table_info(x)"],
    ["PRAGMA temp.nosuch"], ["PRAGMA temp.index_list(x)"], ["PRAGMA quick_check"],
    ["PRAGMA integrity_check(5)"], ["SELECT * FROM pragma_integrity_check"],
    ["SELECT * FROM pragma_table_info('x', 'temp')"], ["PRAGMA main.integrity_check"],
    ["SELECT * FROM temp.nosuch"], ["PRAGMA table_list"], ["PRAGMA temp_store"],
    ["SELECT * FROM main.sqlite_temp_master"], ["CREATE TABLE sqlite_temp_master(a)"],
    ["CREATE TEMP VIEW v AS SELECT 1", "DROP VIEW v"],
]


@pytest.mark.parametrize("script", TEMP_OPENED)
def test_database_list_shows_temp_once_sqlite_opened_it(script):
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in script + ["PRAGMA database_list"]:
        assert _outcome_rowan(conn, sql) == _outcome_apsw(db, sql), sql


def _outcome_rowan(conn, sql):
    """As test_views reads it, a constraint failure by its PEP 249 class (RowanDB raises
    subclasses of IntegrityError, apsw's ConstraintError is one class)."""
    outcome = _outcome_as_raised(conn, sql)
    if outcome[0] in ("ConflictError", "CheckError", "NotNullError", "ForeignKeyError"):
        return ("IntegrityError",) + outcome[1:]
    return outcome


@pytest.mark.parametrize("script", [SHADOWING, CONSTRAINTS, TRANSACTIONS, TRIGGERS_AND_VIEWS,
                                    FOREIGN_KEYS, ADD_COLUMN, RENAME, RENAME_FOLLOWS, MAINTENANCE,
                                    ERRORS],
                         ids=["shadowing", "constraints", "transactions", "triggers_views",
                              "foreign_keys", "add_column", "rename", "rename_follows",
                              "maintenance",
                              "errors"])
def test_temp_tables_behave_as_in_sqlite(script):
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in script.strip().split(";\n"):
        assert _outcome_rowan(conn, sql) == _outcome_apsw(db, sql), sql


PRAGMAS = [
    "PRAGMA table_info(t)", "PRAGMA temp.table_info(t)", "PRAGMA main.table_info(t)",
    "PRAGMA table_xinfo(t)", "PRAGMA index_list(t)", "PRAGMA temp.index_list(t)",
    "PRAGMA main.index_list(t)", "PRAGMA index_info(ti)", "PRAGMA temp.index_xinfo(ti)",
    "PRAGMA main.index_info(ti)", "PRAGMA index_info(sqlite_autoindex_t_1)",
    "PRAGMA table_list", "PRAGMA temp.table_list", "PRAGMA main.table_list",
    "PRAGMA table_list(t)", "PRAGMA integrity_check(t)", "PRAGMA quick_check(t)",
    "SELECT * FROM pragma_table_info('t')",
]


@pytest.mark.parametrize("pragma", PRAGMAS)
def test_pragmas_find_temp_tables_first(pragma):
    setup = ["CREATE TABLE t(a, b)", "CREATE INDEX ti ON t(b)",
             "CREATE TEMP TABLE t(x INTEGER NOT NULL DEFAULT 3, y TEXT UNIQUE) STRICT",
             "CREATE INDEX ti ON t(y DESC)", "INSERT INTO t VALUES (1, 'a')"]
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in setup:
        db.execute(sql)
        conn.execute(sql)
    mine, theirs = _outcome_rowan(conn, pragma), _outcome_apsw(db, pragma)
    if "table_list" in pragma:      # SQLite lists in its hash order
        mine, theirs = _sorted(mine), _sorted(theirs)
    assert mine == theirs


def _sorted(outcome):
    return outcome[:2] + (sorted(outcome[2]),)


def test_a_temp_table_is_the_connections_alone_and_never_on_disk(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE m(a)")
    conn.execute("CREATE TEMP TABLE t(a TEXT UNIQUE)")
    conn.execute("INSERT INTO t VALUES ('temp-only-value')")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES ('second-temp-value')")
    conn.execute("INSERT INTO m SELECT a || '!' FROM t WHERE a LIKE 'temp%'")
    conn.execute("COMMIT")
    other = rowandb.connect(path, isolation_level=None)
    with pytest.raises(errors.OperationalError, match="no such table: t"):
        other.execute("SELECT * FROM t")
    assert other.execute("SELECT * FROM m").fetchall() == [("temp-only-value!",)]
    assert other.execute("SELECT * FROM sqlite_temp_schema").fetchall() == []
    close(other)
    assert conn.execute("SELECT a FROM t ORDER BY a").fetchall() == [
        ("second-temp-value",), ("temp-only-value",)]
    for name in os.listdir(path):       # the main table's copy is there, nothing else
        data = open(os.path.join(path, name), "rb").read()
        assert b"second-temp-value" not in data, name
        assert data.count(b"temp-only-value") == data.count(b"temp-only-value!"), name
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    with pytest.raises(errors.OperationalError, match="no such table: t"):
        conn.execute("SELECT * FROM t")
    close(conn)


def test_cached_statements_see_a_temp_table_come_and_go():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t VALUES ('main')")
    read = "SELECT * FROM t"
    assert conn.execute(read).fetchall() == [("main",)]
    conn.execute("CREATE TEMP TABLE t(a)")
    conn.execute("INSERT INTO t VALUES ('temp')")
    assert conn.execute(read).fetchall() == [("temp",)]
    conn.execute("BEGIN")
    conn.execute("DROP TABLE t")
    assert conn.execute(read).fetchall() == [("main",)]
    conn.execute("ROLLBACK")
    assert conn.execute(read).fetchall() == [("temp",)]
    conn.execute("DROP TABLE temp.t")
    assert conn.execute(read).fetchall() == [("main",)]


def test_executemany_and_a_failed_statement_on_a_temp_table():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TEMP TABLE t(a INTEGER PRIMARY KEY, b UNIQUE)")
    conn.executemany("INSERT INTO t(b) VALUES (?)", [(i,) for i in range(1000)])
    conn.commit()
    with pytest.raises(errors.IntegrityError, match="UNIQUE constraint failed: t.b"):
        conn.execute("INSERT INTO t(b) SELECT b + 990 FROM t")
    assert conn.execute("SELECT count(*), max(b) FROM t").fetchall() == [(1000, 999)]
    with pytest.raises(errors.IntegrityError):
        conn.executemany("INSERT INTO t(b) VALUES (?)", [(2000,), (5,)])
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM t WHERE b = 2000").fetchall() == [(0,)]
    assert conn.execute("PRAGMA integrity_check(t)").fetchall() == [("ok",)]
