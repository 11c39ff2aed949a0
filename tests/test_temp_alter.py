"""ALTER TABLE RENAME COLUMN, DROP COLUMN, ADD COLUMN and the constraint forms of a TEMP
table, and ANALYZE of the temp schema, against SQLite (apsw): each script runs statement by
statement on both, demanding the same rows, column names, error classes and messages
(sqlite_temp_schema read without its rootpage column, and without the sqlite_stat4 that
SQLite's ANALYZE also makes). Then a matrix of temp objects naming the altered table, each
under each ALTER -- SQLite rewrites a temp table's views and triggers twice, so one that
reads the renamed column fails ("error in view v: no such column: c") -- and what SQLite
cannot show next to us: cached statements see every change, and the planner reads the
temp statistics."""

from __future__ import annotations

import apsw
import pytest

import rowandb
from test_analyze import PLAN_SETUP, assert_plans_as_sqlite
from test_temp_tables import _outcome_rowan
from test_views import _outcome_apsw

TEMP_ROWS = "SELECT type, name, tbl_name, sql FROM sqlite_temp_schema WHERE name <> 'sqlite_stat4'"
MAIN_ROWS = "SELECT type, name, tbl_name, sql FROM sqlite_schema"

RENAME_COLUMN = f"""
CREATE TABLE m(a);
CREATE TEMP TABLE t(a INT, b TEXT CHECK (b <> 'x'), c UNIQUE, FOREIGN KEY (a) REFERENCES t(c));
CREATE INDEX ti ON t(b, a);
CREATE INDEX tw ON t(a) WHERE b > 'a';
CREATE TEMP VIEW v AS SELECT * FROM t;
CREATE TEMP TRIGGER tr AFTER UPDATE OF b ON t BEGIN INSERT INTO m VALUES (1); END;
CREATE TEMP TABLE c(x REFERENCES t(c));
INSERT INTO t VALUES (1, 'p', 1);
ALTER TABLE t RENAME COLUMN b TO bb;
{TEMP_ROWS};
SELECT * FROM v;
UPDATE t SET bb = 'q';
SELECT * FROM m;
UPDATE t SET bb = 'x';
PRAGMA table_info(t);
PRAGMA index_info(tw);
ALTER TABLE t RENAME COLUMN a TO "z z";
ALTER TABLE temp.t RENAME c TO [key];
{TEMP_ROWS};
PRAGMA foreign_key_list(t);
PRAGMA foreign_key_list(c);
INSERT INTO c VALUES (1);
INSERT INTO c VALUES (2);
ALTER TABLE t RENAME COLUMN nosuch TO x;
ALTER TABLE t RENAME COLUMN bb TO "Z Z";
ALTER TABLE main.t RENAME COLUMN a TO x;
ALTER TABLE temp.m RENAME COLUMN a TO x;
ALTER TABLE t RENAME COLUMN bb TO rowid;
BEGIN;
ALTER TABLE t RENAME COLUMN bb TO d;
SELECT * FROM t;
ROLLBACK;
SELECT * FROM t;
{TEMP_ROWS};
SELECT * FROM m;
{MAIN_ROWS}
"""

# A temp view or trigger that reads the column: SQLite's second pass over the temp schema
# reads the rewritten text against the table as it was, and fails.
SECOND_PASS = f"""
CREATE TABLE m(x);
CREATE TEMP TABLE t(a, b);
CREATE TEMP VIEW v AS SELECT b FROM t;
ALTER TABLE t RENAME COLUMN b TO c;
{TEMP_ROWS};
DROP VIEW v;
CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO m VALUES (new.b); END;
ALTER TABLE t RENAME COLUMN b TO c;
DROP TRIGGER tr;
CREATE TEMP TRIGGER tr AFTER INSERT ON m BEGIN UPDATE t SET b = new.x; END;
ALTER TABLE t RENAME COLUMN b TO c;
INSERT INTO m VALUES (5);
INSERT INTO t VALUES (1, 2);
SELECT * FROM t;
{TEMP_ROWS}
"""

DROP_COLUMN = f"""
CREATE TABLE m(a);
CREATE TEMP TABLE t(id INTEGER PRIMARY KEY, a, b UNIQUE, c CHECK (c > 0), d REFERENCES m(a),
  e AS (a * 2), f);
INSERT INTO t(a, b, c, d, f) VALUES (1, 2, 3, NULL, 'f1'), (4, 5, 6, NULL, 'f2');
CREATE INDEX ta ON t(a);
CREATE INDEX tf ON t(f) WHERE a > 0;
ALTER TABLE t DROP COLUMN id;
ALTER TABLE t DROP COLUMN b;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t DROP COLUMN nosuch;
ALTER TABLE t DROP COLUMN "rowid";
ALTER TABLE t DROP COLUMN c;
ALTER TABLE t DROP COLUMN d;
PRAGMA foreign_key_list(t);
ALTER TABLE t DROP COLUMN e;
SELECT * FROM t;
{TEMP_ROWS};
DROP INDEX tf;
BEGIN;
ALTER TABLE t DROP COLUMN f;
SELECT * FROM t;
ROLLBACK;
SELECT * FROM t;
ALTER TABLE t DROP COLUMN f;
SELECT * FROM t;
INSERT INTO t(a, b) VALUES (7, 8);
SELECT rowid, * FROM t;
PRAGMA integrity_check(t);
{TEMP_ROWS};
CREATE TEMP TABLE one(x);
ALTER TABLE one DROP COLUMN x
"""

ADD_COLUMN = f"""
CREATE TEMP TABLE t(a);
INSERT INTO t VALUES (1);
ALTER TABLE t ADD COLUMN rowid;
ALTER TABLE t ADD COLUMN OID INT;
ALTER TABLE t ADD COLUMN b UNIQUE;
ALTER TABLE t ADD COLUMN b PRIMARY KEY;
ALTER TABLE t ADD COLUMN a;
ALTER TABLE t ADD COLUMN b DEFAULT (1 + 1);
ALTER TABLE t ADD COLUMN b DEFAULT -2 CHECK (b < 0);
SELECT * FROM t;
{TEMP_ROWS}
"""

CONSTRAINT_FORMS = f"""
CREATE TEMP TABLE t(a INT CONSTRAINT nn NOT NULL, b TEXT, c, CONSTRAINT pos CHECK (a > 0));
INSERT INTO t VALUES (1, NULL, 'x');
ALTER TABLE t ALTER COLUMN b SET NOT NULL;
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
{TEMP_ROWS};
INSERT INTO t VALUES (2, 'b', NULL);
ALTER TABLE t ALTER COLUMN a DROP NOT NULL;
INSERT INTO t VALUES (NULL, 'b', 'c');
ALTER TABLE t ADD CONSTRAINT small CHECK (a < 2);
ALTER TABLE t ADD CONSTRAINT small CHECK (a < 10);
ALTER TABLE t ADD CONSTRAINT small CHECK (a < 20);
ALTER TABLE t ADD CHECK (nosuch > 0);
INSERT INTO t VALUES (11, 'b', 'c');
{TEMP_ROWS};
ALTER TABLE t DROP CONSTRAINT pos;
ALTER TABLE t DROP CONSTRAINT nosuch;
INSERT INTO t VALUES (-1, 'b', 'c');
BEGIN;
ALTER TABLE t DROP CONSTRAINT small;
INSERT INTO t VALUES (50, 'b', 'c');
ROLLBACK;
INSERT INTO t VALUES (50, 'b', 'c');
ALTER TABLE t ALTER COLUMN nosuch SET NOT NULL;
SELECT * FROM t;
{TEMP_ROWS}
"""

# A temp view, the temp schema table and names: what SQLite finds and its errors.
TARGETS = """
CREATE TABLE m(a);
CREATE VIEW mv AS SELECT 1 AS y;
CREATE TEMP VIEW v AS SELECT 1 AS x;
CREATE TEMP TABLE w(a);
ALTER TABLE temporary.w ADD COLUMN q;
ALTER TABLE v ADD COLUMN z;
ALTER TABLE temp.v ADD COLUMN z;
ALTER TABLE v RENAME TO w;
ALTER TABLE v RENAME TO m;
ALTER TABLE v RENAME TO sqlite_x;
ALTER TABLE v RENAME COLUMN x TO y;
ALTER TABLE v DROP COLUMN x;
ALTER TABLE v ALTER COLUMN x SET NOT NULL;
ALTER TABLE v ADD CONSTRAINT c CHECK (1);
ALTER TABLE v DROP CONSTRAINT c;
ALTER TABLE v ALTER COLUMN x DROP NOT NULL;
ALTER TABLE main.v RENAME TO q;
ALTER TABLE mv RENAME TO w;
ALTER TABLE temp.mv RENAME TO q;
ALTER TABLE sqlite_temp_schema RENAME COLUMN a TO b;
ALTER TABLE temp.sqlite_schema ADD COLUMN z;
ALTER TABLE temp.sqlite_master DROP COLUMN name;
ALTER TABLE w RENAME COLUMN rowid TO z;
ALTER TABLE w DROP COLUMN rowid;
SELECT * FROM v
"""

# The rowid names and the indexes DROP COLUMN must not break, for main's tables as for
# temp's (SQLite 3.54's isRowidAlias; its re-read of every index after the edit).
MAIN_TOO = f"""
CREATE TABLE t(a, b);
CREATE INDEX tj ON t(a) WHERE b > 0;
ALTER TABLE t DROP COLUMN b;
DROP INDEX tj;
CREATE INDEX tk ON t(a, lower(b));
ALTER TABLE t DROP COLUMN b;
CREATE TABLE r(x INTEGER PRIMARY KEY, y, z UNIQUE);
ALTER TABLE r RENAME COLUMN x TO rowid;
ALTER TABLE r RENAME COLUMN y TO _rowid_;
ALTER TABLE r RENAME COLUMN y TO oid;
ALTER TABLE r ADD COLUMN rowid;
ALTER TABLE r ADD COLUMN oid INT;
CREATE TABLE q(rowid, b);
ALTER TABLE q RENAME COLUMN rowid TO c;
ALTER TABLE q DROP COLUMN RowId;
CREATE TABLE wr(a PRIMARY KEY, b) WITHOUT ROWID;
ALTER TABLE wr RENAME COLUMN b TO rowid;
ALTER TABLE wr ADD COLUMN oid;
ALTER TABLE wr DROP COLUMN rowid;
CREATE TABLE n(x);
CREATE TRIGGER tr AFTER INSERT ON n BEGIN UPDATE t SET b = 1; END;
CREATE TRIGGER tr2 AFTER INSERT ON n BEGIN UPDATE q SET b = 1 WHERE b = 2; END;
ALTER TABLE t DROP COLUMN b;
ALTER TABLE q DROP COLUMN b;
CREATE TABLE g(a);
ALTER TABLE g ADD COLUMN z AS (a * 2) STORED;
INSERT INTO g(a) VALUES (3);
ALTER TABLE g ADD COLUMN y AS (1) STORED;
ALTER TABLE g ADD COLUMN y AS (1) STORED UNIQUE;
ALTER TABLE g ADD COLUMN rowid AS (1) STORED;
SELECT * FROM g;
CREATE TEMP TABLE e(a);
ALTER TABLE e ADD COLUMN s AS (a || 'x') STORED NOT NULL;
INSERT INTO e(a) VALUES ('q');
UPDATE e SET a = 'r';
SELECT * FROM e;
ALTER TABLE e ADD COLUMN s2 AS (a) STORED;
CREATE TABLE h(a);
ALTER TABLE h ADD COLUMN e AS (x) STORED;
INSERT INTO h VALUES (1);
ALTER TABLE h ADD COLUMN e AS (x) STORED;
UPDATE t SET nosuch = nosuch2;
UPDATE t SET nosuch = 1 WHERE nosuch2;
UPDATE t SET a = nosuch2, nosuch = 1;
{MAIN_ROWS}
"""

ANALYZE = f"""
ANALYZE temp;
{TEMP_ROWS};
CREATE TABLE m(a, b);
CREATE INDEX mi ON m(a);
INSERT INTO m VALUES (1, 2), (1, 3);
CREATE TEMP TABLE t(a, b);
CREATE INDEX ti ON t(a);
CREATE INDEX tab ON t(a, b);
INSERT INTO t VALUES (1, 2), (1, 3), (2, 3);
ANALYZE;
SELECT * FROM main.sqlite_stat1 ORDER BY tbl, idx;
SELECT * FROM temp.sqlite_stat1;
SELECT * FROM sqlite_stat1;
ANALYZE temp;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
{TEMP_ROWS};
SELECT type, name, tbl_name, sql FROM temp.sqlite_master WHERE name <> 'sqlite_stat4';
PRAGMA temp.table_info(sqlite_stat1);
DELETE FROM temp.sqlite_stat1;
ANALYZE temp.t;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
DELETE FROM sqlite_stat1;
ANALYZE t;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
DELETE FROM sqlite_stat1;
ANALYZE ti;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
ANALYZE "TEMP".tab;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
ANALYZE main.ti;
ANALYZE temp.mi;
ANALYZE temp.nosuch;
ANALYZE nosuch;
ANALYZE main.t;
ANALYZE aux.t;
ANALYZE temp.temp;
ANALYZE temp.sqlite_temp_master;
ANALYZE sqlite_temp_schema;
ANALYZE temp.sqlite_stat1;
CREATE TEMP VIEW tv AS SELECT 1;
INSERT INTO temp.sqlite_stat1 VALUES ('tv', NULL, '5');
ANALYZE tv;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
CREATE TEMP TABLE e(x);
ANALYZE e;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
INSERT INTO e VALUES (1);
ANALYZE temp.e;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
BEGIN;
ANALYZE temp;
DELETE FROM main.sqlite_stat1;
INSERT INTO temp.sqlite_stat1 VALUES ('zz', NULL, '1');
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
ROLLBACK;
SELECT * FROM temp.sqlite_stat1 ORDER BY tbl, idx;
SELECT * FROM main.sqlite_stat1 ORDER BY tbl, idx;
DROP TABLE e;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
DROP INDEX ti;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
DROP INDEX mi;
SELECT * FROM main.sqlite_stat1 ORDER BY tbl, idx;
ALTER TABLE t RENAME TO t2;
ALTER TABLE t2 DROP COLUMN b;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
DROP TABLE temp.sqlite_stat1;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx;
ANALYZE temp;
SELECT * FROM sqlite_stat1 ORDER BY tbl, idx
"""

# Main's objects are not checked when a temp table is altered (renameTestSchema reads the
# temp schema alone then); a broken main trigger's missing table is "main.x".
BROKEN_MAIN = f"""
CREATE TABLE m(x);
CREATE TABLE n(y);
CREATE TRIGGER mt AFTER INSERT ON m BEGIN INSERT INTO n VALUES (new.x); END;
ALTER TABLE n RENAME TO n2;
DROP TABLE n2;
CREATE TEMP TABLE t(a, b);
ALTER TABLE t RENAME TO t2;
ALTER TABLE t2 RENAME COLUMN a TO aa;
ALTER TABLE t2 DROP COLUMN b;
ALTER TABLE t2 ADD CONSTRAINT c CHECK (aa > 0);
CREATE VIEW mv AS SELECT x FROM m;
ALTER TABLE m RENAME x TO z;
ALTER TABLE m DROP COLUMN x;
CREATE TEMP TABLE k(a);
CREATE TEMP TRIGGER kt AFTER INSERT ON t2 BEGIN INSERT INTO k VALUES (new.aa); END;
DROP TABLE k;
ALTER TABLE t2 RENAME TO t3;
ALTER TABLE t2 RENAME COLUMN aa TO a;
CREATE TEMP TABLE k(a);
ALTER TABLE t2 RENAME TO t3;
ALTER TABLE k RENAME TO k2;
{TEMP_ROWS}
"""

# AUTOINCREMENT, WITHOUT ROWID, STRICT, foreign keys among temp tables, named CHECKs, and
# a savepoint rolled back over a rename.
KINDS = """
CREATE TEMP TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, v, w);
INSERT INTO a(v, w) VALUES (1, 2);
ALTER TABLE a RENAME COLUMN v TO vv;
ALTER TABLE a DROP COLUMN w;
INSERT INTO a(vv) VALUES (3);
SELECT * FROM a;
SELECT * FROM sqlite_sequence;
CREATE TEMP TABLE wr(k PRIMARY KEY, x, y) WITHOUT ROWID;
INSERT INTO wr VALUES (1, 2, 3), (0, 5, 6);
ALTER TABLE wr DROP COLUMN x;
ALTER TABLE wr RENAME COLUMN y TO rowid;
SELECT * FROM wr;
ALTER TABLE wr ADD COLUMN oid;
CREATE TEMP TABLE s(a INT, b TEXT, c ANY) STRICT;
INSERT INTO s VALUES (1, 'x', 2.5);
ALTER TABLE s DROP COLUMN b;
ALTER TABLE s RENAME COLUMN c TO cc;
INSERT INTO s VALUES ('z', 1);
SELECT * FROM s;
CREATE TEMP TABLE p(k PRIMARY KEY, q);
CREATE TEMP TABLE ch(x REFERENCES p(k), y);
INSERT INTO p VALUES (1, 1);
INSERT INTO ch VALUES (1, 1);
ALTER TABLE ch DROP COLUMN x;
PRAGMA foreign_key_list(ch);
ALTER TABLE p DROP COLUMN q;
ALTER TABLE p RENAME COLUMN k TO kk;
PRAGMA foreign_key_list(ch);
SELECT type, name, tbl_name, sql FROM sqlite_temp_schema;
CREATE TEMP TABLE ck(a, b, CONSTRAINT one CHECK (a > b), CHECK (b > 0));
ALTER TABLE ck DROP COLUMN b;
ALTER TABLE ck DROP CONSTRAINT one;
ALTER TABLE ck DROP COLUMN b;
SELECT type, name, tbl_name, sql FROM sqlite_temp_schema WHERE name = 'ck';
SAVEPOINT x;
ALTER TABLE ck RENAME COLUMN a TO aa;
ROLLBACK TO x;
RELEASE x;
SELECT type, name, tbl_name, sql FROM sqlite_temp_schema WHERE name = 'ck'
"""

# a TEMP table's ALTER undone inside a transaction: by its own failure (its CHECK over
# the rows) or by ROLLBACK TO -- the temp tables' definitions are read again (fuzz 81000242)
UNDONE = """
CREATE TEMP TABLE t0(c0 INTEGER PRIMARY KEY, c1);
INSERT INTO t0 VALUES (1, 'x');
SAVEPOINT s1;
ALTER TABLE t0 ADD COLUMN d1 NOT NULL DEFAULT 1 CHECK (d1 > 5);
SELECT * FROM t0;
ALTER TABLE t0 ADD COLUMN d2 DEFAULT 7;
SELECT * FROM t0;
ROLLBACK TO s1;
SELECT * FROM t0;
PRAGMA table_info(t0);
ALTER TABLE t0 RENAME TO t9;
ROLLBACK TO s1;
SELECT * FROM t0;
ALTER TABLE t0 DROP COLUMN c1;
ROLLBACK TO s1;
SELECT * FROM t0;
ALTER TABLE t0 RENAME c1 TO c8;
ROLLBACK TO s1;
SELECT * FROM t0;
RELEASE s1;
BEGIN;
ALTER TABLE t0 ADD COLUMN d3 CHECK (d3 IS NOT NULL);
SELECT * FROM t0;
COMMIT;
SELECT * FROM t0
"""

# a TEMP table renamed to the name of a main view that a TEMP INSTEAD OF trigger is on:
# SQLite's check after the rename reads the trigger's unqualified ON name temp first and
# finds a table (fixed-seed case 164 with schema_steps); ON main.u stays on the view
INSTEAD_OF_SHADOWED = """
CREATE TEMP TABLE n(a);
CREATE TABLE c(a);
CREATE VIEW "U"(a) AS SELECT a FROM c;
CREATE TEMP TRIGGER tv0 INSTEAD OF UPDATE ON [u] BEGIN SELECT 1; END;
ALTER TABLE n RENAME TO "uU";
ALTER TABLE "uU" RENAME TO u;
SELECT type, name, tbl_name FROM sqlite_temp_schema;
DROP TRIGGER tv0;
CREATE TEMP TRIGGER tv1 INSTEAD OF UPDATE ON main.u BEGIN SELECT 1; END;
ALTER TABLE "uU" RENAME TO u;
SELECT type, name, tbl_name FROM sqlite_temp_schema
"""

SCRIPTS = {"undone": UNDONE, "instead_of_shadowed": INSTEAD_OF_SHADOWED,
           "rename_column": RENAME_COLUMN, "second_pass": SECOND_PASS,
           "drop_column": DROP_COLUMN, "add_column": ADD_COLUMN,
           "constraint_forms": CONSTRAINT_FORMS, "targets": TARGETS, "main_too": MAIN_TOO,
           "analyze": ANALYZE, "broken_main": BROKEN_MAIN, "kinds": KINDS}


def _same(setup: list[str], db=None, conn=None):
    """Run each statement on a fresh pair of connections (or the ones given) and demand
    SQLite's outcome of each."""
    db = db or apsw.Connection(":memory:")
    conn = conn or rowandb.connect(":memory:", isolation_level=None)
    for sql in setup:
        assert _outcome_rowan(conn, sql) == _outcome_apsw(db, sql), sql
    return db, conn


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_temp_alter_and_analyze_behave_as_in_sqlite(name):
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    _same(SCRIPTS[name].strip().split(";\n"), db, conn)


# Objects that name temp table t(a, b), each under each ALTER below.
NAMING = {
    "view_col": ["CREATE TEMP VIEW v AS SELECT b FROM t"],
    "view_star": ["CREATE TEMP VIEW v AS SELECT * FROM t"],
    "view_qualified": ["CREATE TEMP VIEW v AS SELECT t.b FROM t"],
    "view_other": ["CREATE TABLE u(c)", "CREATE TEMP VIEW v AS SELECT b FROM t, u"],
    "view_of_view": ["CREATE TEMP VIEW v0 AS SELECT a FROM t",
                     "CREATE TEMP VIEW v AS SELECT * FROM v0"],
    "trigger_new": ["CREATE TABLE m(x)", "CREATE TEMP TRIGGER tr AFTER INSERT ON t "
                    "BEGIN INSERT INTO m VALUES (new.b); END"],
    "trigger_of": ["CREATE TEMP TRIGGER tr AFTER UPDATE OF b ON t BEGIN SELECT 1; END"],
    "trigger_when": ["CREATE TEMP TRIGGER tr AFTER UPDATE ON t WHEN old.b > 0 "
                     "BEGIN SELECT 1; END"],
    "trigger_on_main": ["CREATE TABLE m(x)", "CREATE TEMP TRIGGER tr AFTER INSERT ON m "
                        "BEGIN SELECT b FROM t; END"],
    "trigger_set": ["CREATE TABLE m(x)", "CREATE TEMP TRIGGER tr AFTER INSERT ON m "
                    "BEGIN UPDATE t SET b = 1; END"],
    "trigger_insert": ["CREATE TABLE m(x)", "CREATE TEMP TRIGGER tr AFTER INSERT ON m "
                       "BEGIN INSERT INTO t(b) VALUES (1); END"],
    "indexes": ["CREATE INDEX ti ON t(b)", "CREATE INDEX tj ON t(a) WHERE b > 0",
                "CREATE INDEX tk ON t(a + b)"],
    "partial_index": ["CREATE INDEX tj ON t(a) WHERE b > 0"],
    "expression_index": ["CREATE INDEX tk ON t(a, lower(b))"],
    "other_table": ["CREATE TEMP TABLE w(x CHECK (x > 0), y REFERENCES t(b))",
                    "PRAGMA foreign_key_list(w)"],
    "generated": ["CREATE TEMP TABLE g(x, y AS (x * 2), z AS (y + 1) STORED)",
                  "ALTER TABLE g RENAME COLUMN x TO xx", "ALTER TABLE g DROP COLUMN z",
                  "INSERT INTO g(xx) VALUES (3)", "SELECT * FROM g", "ALTER TABLE g DROP COLUMN y"],
    "main_view_broken": ["CREATE TABLE m(x)", "CREATE VIEW mv AS SELECT x FROM m",
                         "DROP TABLE m"],
    "main_trigger_broken": ["CREATE TABLE m(x)", "CREATE TABLE n(y)",
                            "CREATE TRIGGER mt AFTER INSERT ON m BEGIN INSERT INTO n "
                            "VALUES (new.x); END", "ALTER TABLE n RENAME TO n2", "DROP TABLE n2"],
    "temp_view_broken": ["CREATE TABLE m(x)", "CREATE TEMP VIEW tv AS SELECT x FROM m",
                         "DROP TABLE m"],
    "main_shadowed": ["CREATE TABLE t(a, b)", "CREATE VIEW mv AS SELECT b FROM t",
                      "CREATE TRIGGER mtr AFTER INSERT ON t BEGIN SELECT new.b; END"],
    "self_reference": ["CREATE TEMP TABLE s(p PRIMARY KEY, q REFERENCES s(p))",
                       "ALTER TABLE s RENAME COLUMN p TO pp", "PRAGMA foreign_key_list(s)",
                       "ALTER TABLE s DROP COLUMN q", "PRAGMA foreign_key_list(s)",
                       "INSERT INTO s VALUES (1)"],
}
ALTERS = ["ALTER TABLE t RENAME COLUMN b TO c", "ALTER TABLE t DROP COLUMN b",
          'ALTER TABLE t RENAME COLUMN a TO "A x"']


@pytest.mark.parametrize("alter", ALTERS)
@pytest.mark.parametrize("case", list(NAMING))
def test_every_temp_object_follows_or_refuses_as_in_sqlite(case, alter):
    _same(["CREATE TEMP TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)"] + NAMING[case]
          + [alter, TEMP_ROWS, MAIN_ROWS, "SELECT * FROM t"])


def test_cached_statements_see_each_temp_alter():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TEMP TABLE t(a, b, c)")
    conn.execute("INSERT INTO t VALUES (1, 2, 3)")
    read, write = "SELECT * FROM t", "INSERT INTO t(b) VALUES (9)"
    assert conn.execute(read).fetchall() == [(1, 2, 3)]
    conn.execute(write)
    conn.execute("ALTER TABLE t RENAME COLUMN b TO bb")
    cursor = conn.execute(read)
    assert [d[0] for d in cursor.description] == ["a", "bb", "c"]
    with pytest.raises(rowandb.OperationalError, match="table t has no column named b"):
        conn.execute(write)
    conn.execute("ALTER TABLE t DROP COLUMN a")
    assert conn.execute(read).fetchall() == [(2, 3), (9, None)]
    with pytest.raises(rowandb.IntegrityError, match="constraint failed"):
        conn.execute("ALTER TABLE t ALTER COLUMN c SET NOT NULL")
    conn.execute("ALTER TABLE t ADD CONSTRAINT big CHECK (bb > 1)")
    with pytest.raises(rowandb.IntegrityError, match="CHECK constraint failed: big"):
        conn.execute("INSERT INTO t(bb, c) VALUES (0, 0)")
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE t DROP CONSTRAINT big")
    conn.execute("INSERT INTO t(bb, c) VALUES (0, 0)")
    conn.execute("ROLLBACK")
    with pytest.raises(rowandb.IntegrityError, match="CHECK constraint failed: big"):
        conn.execute("INSERT INTO t(bb, c) VALUES (0, 0)")
    assert conn.execute(read).fetchall() == [(2, 3), (9, None)]


def test_the_planner_reads_the_temp_statistics_as_sqlite_does():
    """After ANALYZE temp the selective index of a TEMP table is chosen as SQLite chooses
    it (the test of main's statistics, test_analyze.py, on a temp table)."""
    setup = [sql.replace("CREATE TABLE t", "CREATE TEMP TABLE t") for sql in PLAN_SETUP]
    db, conn = _same(setup + ["ANALYZE", "ANALYZE temp"])
    assert_plans_as_sqlite(conn, db)
