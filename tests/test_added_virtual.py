"""A VIRTUAL column that ALTER TABLE ADD COLUMN adds to a table whose rows it fails for
(``abs()`` of the least integer: 'integer overflow'), against SQLite (apsw).

SQLite stores no VIRTUAL column: its ALTER succeeds, and only a statement that reads the
column of such a row fails -- unless the table has a CHECK that reads it, is STRICT, or
the column is NOT NULL, when the ALTER's check of the rows fails with "SQL logic error".
RowanDB writes the column into every row it computes for and leaves the others to compute
it where it is read (rowandb/sql/bind/virtual_read.py). Each scenario runs every step on
both engines and compares the outcomes and, at the end, the tables' rows
(dml_differential.py); on disk, the rows after reopening and after VACUUM."""

from __future__ import annotations

import re

import pytest

from dml_differential import assert_same, assert_same_after_reopening

LEAST = "-9223372036854775808"

#: t: row 1 fails to compute c, rows 2 and 3 compute it; c is added last
BASE = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b, x)",
        f"INSERT INTO t VALUES (1, {LEAST}, 'p'), (2, 5, 'q'), (3, -7, 'r')",
        "ALTER TABLE t ADD c AS (abs(b))"]

SCENARIOS = {
    "select": ["SELECT a, b, x FROM t", "SELECT c FROM t", "SELECT * FROM t",
               "SELECT c FROM t WHERE a > 1", "SELECT * FROM t WHERE a = 3",
               "SELECT count(*) FROM t", "SELECT sum(c) FROM t", "SELECT count(c) FROM t",
               "SELECT c FROM t ORDER BY a DESC LIMIT 2", "SELECT a FROM t ORDER BY c",
               "SELECT typeof(c) FROM t WHERE rowid = 2", "SELECT DISTINCT c FROM t"],
    "where": ["SELECT a FROM t WHERE c > 0", "SELECT a FROM t WHERE a = 2 AND c > 0",
              "SELECT a FROM t WHERE c BETWEEN 1 AND 10 AND a <> 1",
              "SELECT t1.a FROM t t1 JOIN t t2 ON t1.c = t2.c"],
    "index_on_it": ["CREATE INDEX i ON t(c)", "CREATE INDEX j ON t(a) WHERE c > 0",
                    "CREATE INDEX k ON t(c + 1)", "SELECT name FROM sqlite_schema",
                    "UPDATE t SET b = 1 WHERE a = 1", "CREATE INDEX i ON t(c)",
                    "SELECT a, c FROM t WHERE c = 1"],
    "index_on_others": ["CREATE INDEX i ON t(x)", "SELECT c FROM t WHERE x = 'q'",
                        "SELECT c FROM t WHERE x = 'p'", "PRAGMA integrity_check"],
    "update": ["UPDATE t SET x = 'w'", "UPDATE t SET x = 'w' WHERE a = 3",
               "UPDATE t SET a = 10 WHERE a = 1", "UPDATE t SET x = c WHERE a = 1",
               "UPDATE t SET b = 1 WHERE a = 1 RETURNING a",
               "UPDATE t SET b = b + 1 WHERE a = 1",
               "UPDATE t SET b = 0 WHERE a = 1", "SELECT * FROM t"],
    "upsert_and_replace": [
        "INSERT INTO t VALUES (1, 0, 'y') ON CONFLICT(a) DO UPDATE SET x = 'up'",
        "INSERT INTO t VALUES (1, 0, 'y') ON CONFLICT(a) DO UPDATE SET b = 4 RETURNING a",
        "SELECT * FROM t", f"INSERT INTO t VALUES (4, {LEAST}, 's')",
        "REPLACE INTO t(a, b, x) VALUES (1, 2, 'z') RETURNING a", "SELECT * FROM t"],
    "delete": ["DELETE FROM t WHERE a = 1 RETURNING 5", "DELETE FROM t WHERE c > 3",
               "DELETE FROM t WHERE a = 1", "SELECT * FROM t"],
    "triggers": [
        "CREATE TABLE log(v)",
        "CREATE TRIGGER d AFTER DELETE ON t BEGIN INSERT INTO log VALUES (OLD.x); END",
        "CREATE TRIGGER u AFTER UPDATE OF x ON t BEGIN INSERT INTO log VALUES (OLD.c); END",
        "CREATE TRIGGER w BEFORE DELETE ON t WHEN OLD.a = 3 BEGIN "
        "INSERT INTO log VALUES (OLD.c); END",
        "DELETE FROM t WHERE a = 3", "UPDATE t SET x = 'v' WHERE a = 2",
        "UPDATE t SET x = 'v' WHERE a = 1", "DELETE FROM t WHERE a = 1",
        "CREATE TRIGGER e AFTER DELETE ON t BEGIN INSERT INTO log VALUES (OLD.c); END",
        "INSERT INTO t(a, b, x) VALUES (5, 6, 'n')", "DELETE FROM t WHERE a = 5",
        "DELETE FROM t WHERE a = 1", "SELECT * FROM log"],
    "more_columns": ["ALTER TABLE t ADD d AS (a + 1)", "ALTER TABLE t ADD e AS (c + 1)",
                     "ALTER TABLE t ADD f DEFAULT 9", "SELECT d, f FROM t", "SELECT e FROM t",
                     "SELECT e FROM t WHERE a = 2", "CREATE INDEX i ON t(d)",
                     "SELECT a FROM t WHERE d = 2", "CREATE INDEX j ON t(e)",
                     "INSERT INTO t(a, b) VALUES (4, 4)", "SELECT * FROM t WHERE a = 4"],
    "drop_column": ["ALTER TABLE t ADD f DEFAULT 9", "UPDATE t SET f = 10 WHERE a = 2",
                    "ALTER TABLE t DROP COLUMN x", "SELECT a, b, f FROM t",
                    "SELECT c FROM t WHERE a = 2", "SELECT c FROM t",
                    "ALTER TABLE t DROP COLUMN f", "SELECT * FROM t WHERE a > 1",
                    "UPDATE t SET b = 2 WHERE a = 1", "SELECT * FROM t",
                    "ALTER TABLE t DROP COLUMN c", "SELECT * FROM t"],
    "drop_the_column": ["ALTER TABLE t DROP COLUMN c", "SELECT * FROM t",
                        "PRAGMA integrity_check"],
    "integrity_and_rename": ["PRAGMA integrity_check", "PRAGMA quick_check",
                             "ALTER TABLE t RENAME TO u", "SELECT c FROM u WHERE a = 2",
                             "ALTER TABLE u RENAME COLUMN b TO bb", "SELECT c FROM u"],
    "rolled_back": ["SAVEPOINT s", "ALTER TABLE t ADD d AS (b + 1)", "SELECT d FROM t",
                    "ROLLBACK TO s", "RELEASE s", "SELECT * FROM t WHERE a = 2"],
    "copies": ["CREATE TABLE u AS SELECT * FROM t", "CREATE TABLE v AS SELECT a, x FROM t",
               "INSERT INTO v SELECT a, c FROM t WHERE a > 1", "SELECT * FROM v"],
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_added_virtual_column_reads_as_in_sqlite(name):
    assert_same(BASE + SCENARIOS[name])


@pytest.mark.parametrize("table, column", [
    ("t(a, b, CHECK (a > 0))", "c AS (abs(b))"),            # the CHECK does not read c
    ("t(a, b)", "c AS (abs(b)) CHECK (c > 0)"),
    ("t(a, b)", "c AS (abs(b)) NOT NULL"),
    ("t(a INT, b INT) STRICT", "c INT AS (abs(b))"),
    ("t(a INT, b INT) STRICT", "c ANY AS (abs(b))"),
])
def test_the_alter_checks_the_rows_as_sqlite_does(table, column):
    """With a CHECK, STRICT or NOT NULL SQLite's ALTER reads the rows: a computation that
    fails is its "SQL logic error"."""
    assert_same([f"CREATE TABLE {table}", f"INSERT INTO t VALUES (1, {LEAST})",
                 "INSERT INTO t VALUES (2, NULL)", f"ALTER TABLE t ADD {column}",
                 "SELECT a FROM t", "SELECT c FROM t WHERE a = 2"])


def test_a_null_in_an_added_not_null_column_fails_the_alter():
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, NULL)",
                 "ALTER TABLE t ADD c AS (abs(b)) NOT NULL", "SELECT * FROM t"])


def test_after_reopening_and_vacuum(tmp_path):
    steps = BASE + ["ALTER TABLE t ADD f DEFAULT 9", "ALTER TABLE t DROP COLUMN x", "VACUUM"]
    assert_same_after_reopening(tmp_path, steps, [
        "SELECT a, b, f FROM t", "SELECT c FROM t WHERE a > 1", "PRAGMA integrity_check"])
    import rowandb
    conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
    try:
        with pytest.raises(rowandb.OperationalError, match="integer overflow"):
            conn.execute("SELECT c FROM t").fetchall()
        conn.execute("UPDATE t SET b = 1 WHERE a = 1")
        conn.close()
        conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
        assert conn.execute("SELECT a, c FROM t").fetchall() == [(1, 1), (2, 5), (3, 7)]
    finally:
        conn.close()


@pytest.mark.parametrize("expression, good", [
    ("json(b)", "'[1]'"),                     # 'malformed JSON' for 'x'
    ("datetime('now')", "'[1]'"),             # fails on every row, as written
])
def test_other_expressions_that_fail_for_a_row(expression, good):
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 'x')",
                 f"ALTER TABLE t ADD c AS ({expression})", "SELECT a FROM t",
                 "SELECT c FROM t" if "now" not in expression else "SELECT count(c) FROM t",
                 f"INSERT INTO t VALUES (2, {good})",
                 "SELECT count(c) FROM t WHERE a = 2", "UPDATE t SET a = 3 WHERE a = 1",
                 "DELETE FROM t WHERE a = 1", "SELECT count(*) FROM t"])


# A generated column whose expression SQLite's schema read resolves but its code generator
# refuses (late_generated.py): ALTER TABLE ADD COLUMN adds it (CREATE TABLE would refuse
# it), and each later statement that codes it fails with SQLite's error.
LATE = ["((1,2))", "(c + 1)", "(nosuch(a))", "(raise(ignore))", "(a IN ((1,2)))",
        "(CAST((1,2) AS INT))", "(nosuch(a) + other(b))", "(abs(nosuch(a)) + x(1))",
        "(CASE WHEN 0 THEN nosuch(a) END)"]
LATER = [
    "SELECT a FROM t", "SELECT * FROM t", "SELECT c FROM t", "SELECT t.* FROM t",
    "SELECT a FROM t WHERE c", "SELECT a FROM t ORDER BY c", "SELECT count(c) FROM t",
    "SELECT a FROM (SELECT a, c FROM t)", "SELECT a FROM (SELECT * FROM t)",
    "SELECT count(*) FROM t", "INSERT INTO t(a) VALUES (3)", "INSERT INTO t(a) SELECT 1 WHERE 0",
    "UPDATE t SET a = 5", "UPDATE t SET a = 5 WHERE 0", "DELETE FROM t WHERE a = 9",
    "DELETE FROM t WHERE c = 1", "DELETE FROM t WHERE 0 RETURNING a",
    "REPLACE INTO t(rowid, a) VALUES (1, 1)", "CREATE INDEX i1 ON t(a)",
    "CREATE INDEX i2 ON t(c)", "CREATE INDEX i3 ON t(a) WHERE c", "CREATE INDEX i4 ON t(a + 1)",
    "CREATE VIEW v AS SELECT * FROM t", "SELECT * FROM v", "SELECT a FROM v",
    "CREATE TABLE u AS SELECT * FROM t", "PRAGMA table_xinfo(t)", "PRAGMA integrity_check",
    "REINDEX", "VACUUM",
    "CREATE TRIGGER tr AFTER DELETE ON t BEGIN SELECT OLD.c; END", "DELETE FROM t WHERE a = 9",
    "DROP TRIGGER tr", "ALTER TABLE t ADD d", "ALTER TABLE t ADD e AS (a + 1)",
    "SELECT e FROM t", "ALTER TABLE t RENAME COLUMN a TO aa", "ALTER TABLE t RENAME TO t9",
    "ALTER TABLE t9 RENAME TO t", "ALTER TABLE t DROP COLUMN d",
    "SELECT sql FROM sqlite_schema WHERE name = 't'", "ALTER TABLE t DROP COLUMN c",
    "SELECT * FROM t", "INSERT INTO t(aa) VALUES (7)", "SELECT * FROM t", "VACUUM",
    "PRAGMA integrity_check"]


@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
@pytest.mark.parametrize("expression", LATE)
def test_a_column_sqlite_cannot_code_fails_the_statements_that_code_it(expression, rows):
    assert_same(["CREATE TABLE t(a, b)"] + (["INSERT INTO t VALUES (1, 2)"] if rows else [])
                + [f"ALTER TABLE t ADD COLUMN c AS {expression}"] + LATER)


@pytest.mark.parametrize("table, column", [
    ("t(a, b)", "c AS ((1,2)) NOT NULL"),               # the check of the rows codes it
    ("t(a, b)", "c AS (c + 1) NOT NULL"),
    ("t(a, b)", "c AS (nosuch(a)) CHECK (c > 0)"),
    ("t(a, b)", "c AS (nosuch(a)) CHECK (a > 0)"),      # ... only what the CHECK reads
    ("t(a, b, CHECK (a > 0))", "c AS (nosuch(a))"),
    ("t(a INT, b INT) STRICT", "c INT AS ((1,2))"),     # a STRICT table's every column
    ("t(a INT, b INT) STRICT", "c INT AS (nosuch(a)) CHECK (a > 0)"),
    ("t(a, b)", "c AS (c) STORED"),                     # read from the record
    ("t(a, b)", "c AS ((1,2)) STORED"),
])
@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
def test_the_alter_s_check_of_the_rows_codes_what_sqlite_s_does(table, column, rows):
    assert_same([f"CREATE TABLE {table}"] + (["INSERT INTO t VALUES (1, 2)"] if rows else [])
                + [f"ALTER TABLE t ADD {column}", "SELECT * FROM t", "SELECT a FROM t",
                   "INSERT INTO t(a) VALUES (3)", "CREATE INDEX i ON t(c)",
                   "CREATE INDEX j ON t(a) WHERE c", "SELECT sql FROM sqlite_schema",
                   "ALTER TABLE t DROP COLUMN c", "INSERT INTO t(a) VALUES (3)",
                   "SELECT * FROM t"])


@pytest.mark.parametrize("column", [
    "c AS (x.a)", "c AS (t.a)", "c AS (nosuch(a) OVER ())", "c AS (abs(nosuch(a) OVER ()))",
    "c AS (nosuch(a) FILTER (WHERE 1))", "c AS (nosuch(a) + count(*))",
    "c AS (nosuch(a) + abs(other(a), 1, 2))", "c AS (nosuch(a) + x.a)", "c AS (a IN t)",
    "c AS ((1,2) IN ((1,2)))", "c AS ((a,b) IN ((1,2),(3,4)))", "c AS (a = (1,2))"])
def test_what_sqlite_s_schema_read_refuses_fails_the_alter(column):
    """The errors resolving finds, also past an unknown function (no error to a schema
    read), and a row IN a list, which is a subquery (a Python AttributeError before)."""
    assert_same(["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)",
                 f"ALTER TABLE t ADD {column}", f"CREATE TABLE u(a, b, {column})",
                 "SELECT * FROM t"])


def test_a_column_sqlite_cannot_code_on_disk(tmp_path):
    steps = ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2), (3, 4)",
             "ALTER TABLE t ADD c AS (nosuch(a) + (1,2))", "ALTER TABLE t ADD d AS (a * 2)"]
    assert_same_after_reopening(tmp_path, steps, [
        "SELECT a, d FROM t", "PRAGMA integrity_check", "SELECT sql FROM sqlite_schema"])
    import rowandb
    conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
    try:
        for sql, message in [("SELECT * FROM t", "unknown function: nosuch()"),
                             ("VACUUM", "no such function: nosuch"),
                             ("UPDATE t SET a = 1", "unknown function: nosuch()")]:
            with pytest.raises(rowandb.OperationalError, match=re.escape(message)):
                conn.execute(sql)
        conn.execute("ALTER TABLE t DROP COLUMN c")
        conn.execute("INSERT INTO t(a) VALUES (5)")
        conn.execute("VACUUM")
    finally:
        conn.close()
    conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
    try:
        assert conn.execute("SELECT * FROM t").fetchall() == [(1, 2, 2), (3, 4, 6), (5, None, 10)]
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
