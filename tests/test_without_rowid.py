"""WITHOUT ROWID tables (issue 11 point 3), checked against SQLite through apsw.

* the definition rules and their errors, each refusal leaving the database unchanged;
* rows in PRIMARY KEY order (collations, DESC), no rowid anywhere, INTEGER PRIMARY KEY an
  ordinary column, ``last_insert_rowid()`` untouched;
* INSERT / OR REPLACE / OR IGNORE / UPSERT, UPDATE of key and other columns, DELETE,
  secondary indexes (equal keys in PRIMARY KEY order), foreign keys both ways, triggers,
  views, RETURNING, STRICT, generated columns, ALTER TABLE, VACUUM;
* the dictionary's answers: sqlite_schema, PRAGMA table_list / index_list / index_info /
  index_xinfo / table_info, EXPLAIN QUERY PLAN's ``USING PRIMARY KEY``;
* random statement sequences on such tables (hypothesis) compared row for row, in order;
* durability: close and reopen, and a crash at every I/O operation of a workload.
"""

from __future__ import annotations

import re

import apsw
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rowandb
from rowandb.errors import OperationalError
from rowandb.sql.session import open_session
from test_differential import assert_same_outcome, both, fresh_pair, props
from test_errors import dump
from test_storage_crash import crash_images
from test_storage_support import (CHECKPOINT, close, oracle_states, reopen_and_check, rowan_dump,
                                  run_and_reopen)


def run_script(script: str) -> None:
    """Each statement on both engines: the same rows in the same order, or the same error."""
    sessions = fresh_pair()
    for sql in [s.strip() for s in script.split(";\n") if s.strip()]:
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)


DEFINITIONS = """
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c) WITHOUT ROWID;
PRAGMA table_info(t);
PRAGMA table_list(t);
PRAGMA index_list(t);
PRAGMA index_info(sqlite_autoindex_t_1);
PRAGMA index_xinfo(sqlite_autoindex_t_1);
SELECT type, name, tbl_name, sql FROM sqlite_schema;
CREATE TABLE d(a TEXT COLLATE NOCASE, b COLLATE RTRIM, c, e, PRIMARY KEY(c DESC, a)) WITHOUT ROWID;
PRAGMA index_xinfo(sqlite_autoindex_d_1);
CREATE INDEX d1 ON d(e, a COLLATE BINARY);
PRAGMA index_xinfo(d1);
PRAGMA index_info(d1);
CREATE INDEX d2 ON d(a);
PRAGMA index_xinfo(d2);
CREATE UNIQUE INDEX d3 ON d(e);
PRAGMA index_xinfo(d3);
CREATE INDEX d4 ON d(e + 1);
PRAGMA index_xinfo(d4);
PRAGMA index_list(d);
CREATE TABLE u(a UNIQUE, b PRIMARY KEY, c) WITHOUT ROWID;
PRAGMA index_list(u);
CREATE TABLE w(a, b, c, PRIMARY KEY(a, b), UNIQUE(b, a)) WITHOUT ROWID;
PRAGMA index_list(w);
PRAGMA index_xinfo(sqlite_autoindex_w_2);
CREATE TABLE e(a, b, PRIMARY KEY(a, a)) WITHOUT ROWID;
PRAGMA index_xinfo(sqlite_autoindex_e_1);
INSERT INTO e VALUES (1, 1), (1, 2);
CREATE TABLE x1(a INT PRIMARY KEY, b INT) WITHOUT ROWID, WITHOUT ROWID;
CREATE TABLE x2(a INT PRIMARY KEY, b TEXT) without rowid, strict;
PRAGMA table_list(x2);
SELECT type, name, tbl_name, sql FROM sqlite_schema
"""


def test_definitions_and_what_the_dictionary_says():
    run_script(DEFINITIONS)


@pytest.mark.parametrize("sql", [
    "CREATE TABLE x(a, b) WITHOUT ROWID",
    "CREATE TABLE x(a INTEGER PRIMARY KEY AUTOINCREMENT, b) WITHOUT ROWID",
    "CREATE TABLE x(a INTEGER, b, PRIMARY KEY(a AUTOINCREMENT)) WITHOUT ROWID",
    "CREATE TABLE x(a TEXT PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID",
    "CREATE TABLE x(a PRIMARY KEY, b) STRICT, WITHOUT ROWID",
    "CREATE TABLE x(a INT PRIMARY KEY, b) WITHOUT ROWID, STRICT",
    "CREATE TABLE x(a AS (b * 2) PRIMARY KEY, b) WITHOUT ROWID",
    "CREATE TABLE x(a, b AS (a * 2) STORED, PRIMARY KEY(b)) WITHOUT ROWID",
    "CREATE TABLE x(a PRIMARY KEY, b) WITHOUT ROWIDS",
    "CREATE TABLE x(a PRIMARY KEY, b) WITHOUT",
    "CREATE TABLE x(a PRIMARY KEY, b) WITHOUT ROWID,",
    "CREATE TABLE x WITHOUT ROWID AS SELECT 1",
    "CREATE TABLE keep(a PRIMARY KEY) WITHOUT ROWID",
])
def test_refusals_give_sqlites_error_and_change_nothing(sql):
    setup = "CREATE TABLE keep(a)"
    oracle = apsw.Connection(":memory:")
    oracle.execute(setup)
    with pytest.raises(apsw.Error) as theirs:
        oracle.execute(sql)
    session = open_session(":memory:")
    session.execute(setup)
    before = dump(session)
    with pytest.raises(OperationalError) as mine:
        session.execute(sql)
    assert re.sub(r" \(line \d+, column \d+\)$", "", str(mine.value)) == str(theirs.value)
    assert dump(session) == before


ROWS_AND_KEYS = """
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c) WITHOUT ROWID;
INSERT INTO t VALUES ('7', 'x', 1), (3, 'y', 2), (5, 'x', 3);
SELECT last_insert_rowid();
SELECT a, typeof(a) FROM t ORDER BY a;
SELECT * FROM t WHERE a = 5;
SELECT * FROM t WHERE a > 3;
SELECT rowid FROM t;
SELECT _rowid_, oid FROM t;
SELECT t.rowid FROM t;
INSERT INTO t(rowid, a) VALUES (1, 2);
UPDATE t SET rowid = 1;
INSERT INTO t VALUES (8, 1, 1) RETURNING rowid;
INSERT INTO t VALUES (NULL, 1, 1);
INSERT INTO t VALUES (3, 1, 1);
UPDATE t SET a = NULL WHERE a = 3;
SELECT * FROM t ORDER BY a;
CREATE TABLE n(k INTEGER PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO n VALUES ('abc', 1), (2.0, 2), ('3', 3), (x'00', 4), (-1.5, 5);
SELECT k, typeof(k) FROM n;
SELECT * FROM n WHERE k = 2;
SELECT * FROM n WHERE k >= 'a';
CREATE TABLE d(a TEXT COLLATE NOCASE, b, c, PRIMARY KEY(b DESC, a)) WITHOUT ROWID;
INSERT INTO d VALUES ('x', 1, 0), ('Y', 1, 0), ('a', 2, 0), ('y', 3, 0), ('B', 1, 1);
INSERT INTO d VALUES ('X', 1, 0);
SELECT * FROM d;
SELECT * FROM d WHERE b > 1;
SELECT * FROM d WHERE b = 1;
SELECT * FROM d WHERE b = 1 AND a = 'X';
SELECT count(*), sum(b), group_concat(a) FROM d;
CREATE TABLE s(k INTEGER PRIMARY KEY, v TEXT) STRICT, WITHOUT ROWID;
INSERT INTO s VALUES ('1', 'x');
INSERT INTO s VALUES ('x', 'x');
SELECT k, typeof(k) FROM s;
CREATE TABLE g(a INTEGER PRIMARY KEY, b AS (a * 2), c AS (a + 1) STORED) WITHOUT ROWID;
INSERT INTO g(a) VALUES (3), (1), (2);
CREATE INDEX gb ON g(b);
SELECT * FROM g;
SELECT * FROM g WHERE b = 4;
PRAGMA table_xinfo(g)
"""


def test_rows_in_key_order_and_no_rowid():
    run_script(ROWS_AND_KEYS)


WRITES = """
CREATE TABLE g(a INT PRIMARY KEY, b UNIQUE, c) WITHOUT ROWID;
INSERT INTO g VALUES (1, 2, 3);
INSERT INTO g VALUES (1, 2, 4);
INSERT INTO g VALUES (1, 3, 4);
INSERT INTO g VALUES (2, 2, 4);
INSERT OR REPLACE INTO g VALUES (1, 5, 6);
INSERT OR IGNORE INTO g VALUES (1, 7, 7);
INSERT INTO g VALUES (1, 9, 9) ON CONFLICT(a) DO UPDATE SET c = excluded.c + 100;
INSERT INTO g VALUES (4, 5, 9) ON CONFLICT(a) DO NOTHING;
INSERT INTO g VALUES (4, 5, 9) ON CONFLICT(rowid) DO NOTHING;
SELECT * FROM g;
INSERT INTO g VALUES (2, 1, 3), (0, 4, 4) RETURNING *;
SELECT last_insert_rowid();
UPDATE g SET a = a + 10 WHERE a = 1 RETURNING a, b;
SELECT * FROM g;
UPDATE g SET a = 2 WHERE a = 0;
UPDATE OR REPLACE g SET a = 2 WHERE a = 0;
SELECT * FROM g;
DELETE FROM g WHERE a = 11 RETURNING *;
SELECT * FROM g;
CREATE TABLE t(a, b, c, d, PRIMARY KEY(c, a)) WITHOUT ROWID;
CREATE INDEX tb ON t(b);
CREATE INDEX td ON t(d, c);
INSERT INTO t VALUES (5, 'x', 1, 0), (3, 'x', 2, 1), (4, 'x', 1, 2), (1, 'y', 0, 3), (2, 'x', 1, 4);
SELECT * FROM t WHERE b = 'x';
SELECT * FROM t WHERE b > 'a';
SELECT * FROM t;
UPDATE t SET c = 4 - c WHERE b = 'x';
SELECT * FROM t WHERE b = 'x';
PRAGMA integrity_check;
ALTER TABLE t DROP COLUMN d;
DROP INDEX td;
ALTER TABLE t DROP COLUMN d;
ALTER TABLE t DROP COLUMN c;
ALTER TABLE t ADD COLUMN e DEFAULT 'q';
ALTER TABLE t ADD COLUMN f PRIMARY KEY;
ALTER TABLE t RENAME COLUMN a TO aa;
ALTER TABLE t RENAME TO t2;
CREATE INDEX te ON t2(e);
SELECT * FROM t2 WHERE e = 'q';
SELECT * FROM t2;
SELECT type, name, tbl_name, sql FROM sqlite_schema;
PRAGMA integrity_check;
REINDEX;
PRAGMA integrity_check;
DELETE FROM t2 WHERE aa = 3;
SELECT * FROM t2 WHERE e = 'q'
"""


def test_writes_indexes_and_alter_table():
    run_script(WRITES)


RELATIONS = """
CREATE TABLE p(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE c(id INTEGER PRIMARY KEY, pk TEXT REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE c2(a, b, PRIMARY KEY(a, b), FOREIGN KEY(b) REFERENCES p(k)) WITHOUT ROWID;
INSERT INTO p VALUES ('x', 1), ('y', 2);
INSERT INTO c VALUES (1, 'x'), (2, 'y');
INSERT INTO c VALUES (3, 'z');
INSERT INTO c2 VALUES (1, 'x'), (2, 'x'), (0, 'y');
INSERT INTO c2 VALUES (1, 'q');
UPDATE p SET k = 'xx' WHERE k = 'x';
SELECT * FROM c;
DELETE FROM p WHERE k = 'y';
DELETE FROM c2 WHERE b = 'y';
DELETE FROM p WHERE k = 'y';
SELECT * FROM c;
SELECT * FROM c2;
PRAGMA foreign_key_list(c2);
PRAGMA foreign_key_check;
CREATE TABLE log(x);
CREATE TRIGGER tr AFTER UPDATE ON p BEGIN INSERT INTO log VALUES (old.k || '->' || new.k); END;
CREATE TRIGGER tr2 BEFORE DELETE ON c2 BEGIN INSERT INTO log VALUES (old.a); END;
CREATE TRIGGER tr3 AFTER INSERT ON p BEGIN SELECT new.rowid; END;
DELETE FROM c2 WHERE b = 'x';
UPDATE p SET v = v + 1;
SELECT * FROM log;
CREATE VIEW v AS SELECT k, v FROM p WHERE v > 1;
SELECT * FROM v;
CREATE VIEW vr AS SELECT rowid FROM p;
SELECT * FROM vr
"""


def test_foreign_keys_triggers_and_views():
    run_script(RELATIONS)


KEY_ORDER_CASES = """
CREATE TABLE t0(c0 INTEGER PRIMARY KEY DEFAULT -1e999, c1, c3 NUMERIC UNIQUE) WITHOUT ROWID;
INSERT INTO t0 VALUES (-3, NULL, 1.0), (0, NULL, NULL);
INSERT OR FAIL INTO t0(c1, c3) SELECT NULL, 0 FROM t0;
INSERT INTO t0(c0, c3) VALUES (0, 0);
SELECT * FROM t0;
PRAGMA index_list(t0);
CREATE TABLE t5(c0 INTEGER PRIMARY KEY, c3 UNIQUE, UNIQUE(c0)) WITHOUT ROWID;
PRAGMA index_list(t5);
CREATE TABLE t6(c0 INTEGER PRIMARY KEY DESC, c3 UNIQUE, c4 UNIQUE) WITHOUT ROWID;
PRAGMA index_list(t6);
CREATE TABLE t7(c0 INTEGER, c3 UNIQUE, PRIMARY KEY(c0 DESC)) WITHOUT ROWID;
PRAGMA index_list(t7);
CREATE TABLE m(c0 INTEGER PRIMARY KEY, c1, c2) WITHOUT ROWID;
CREATE TRIGGER mt BEFORE UPDATE OF c1 ON m BEGIN UPDATE m SET c0 = c0 + 10; END;
INSERT INTO m VALUES (0, 1, 2), (1, 1, 2);
UPDATE m SET c1 = NULL;
SELECT changes();
SELECT * FROM m;
CREATE TABLE md(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER mdt BEFORE DELETE ON md BEGIN UPDATE md SET k = k || 'x' WHERE k = old.k; END;
INSERT INTO md VALUES ('a', 1), ('b', 2);
DELETE FROM md;
SELECT * FROM md;
CREATE TABLE d(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE log(x);
CREATE TRIGGER td AFTER DELETE ON d BEGIN INSERT INTO log VALUES (old.k); END;
CREATE TRIGGER tu AFTER UPDATE ON d BEGIN INSERT INTO log VALUES (new.k); END;
INSERT INTO d VALUES (3, 1), (1, 1), (2, 1);
UPDATE d SET v = 2 RETURNING k;
DELETE FROM d WHERE v = 2 RETURNING k;
SELECT * FROM log;
CREATE TABLE b(c0 BLOB PRIMARY KEY) WITHOUT ROWID;
REPLACE INTO b(c0) VALUES (-1e999), (0);
UPDATE OR REPLACE b SET c0 = 0;
SELECT changes();
SELECT * FROM b;
CREATE TABLE t9(c0 CLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER tr9 BEFORE UPDATE ON t9 BEGIN INSERT OR IGNORE INTO t9(c0) VALUES (new.c0); END;
INSERT INTO t9(c0) VALUES (1);
UPDATE OR REPLACE t9 SET c0 = 1;
SELECT changes();
CREATE TABLE t8(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER tr8 BEFORE DELETE ON t8 BEGIN REPLACE INTO t8 VALUES (old.k, 'new'); END;
INSERT INTO t8 VALUES (1, 'old');
DELETE FROM t8;
SELECT changes();
SELECT * FROM t8
"""


def test_constraint_order_and_rows_visited_in_key_order():
    """SQLite makes the index of an INTEGER PRIMARY KEY last (so checks it first), visits
    rows in key order and finds each again by its key: a row whose key a trigger changed
    is skipped, a row a REPLACE moved onto a collected key is visited again."""
    run_script(KEY_ORDER_CASES)


INDEX_ORDER_CASES = """
CREATE TABLE s(k PRIMARY KEY, v, w) WITHOUT ROWID;
CREATE INDEX sv ON s(v DESC);
CREATE TABLE log(m);
CREATE TRIGGER su AFTER UPDATE ON s BEGIN INSERT INTO log VALUES ('u' || old.k); END;
CREATE TRIGGER sd AFTER DELETE ON s BEGIN INSERT INTO log VALUES ('d' || old.k); END;
INSERT INTO s VALUES (1, 20, 'x'), (2, 30, 'y'), (3, 10, 'z'), (4, 25, 'w');
UPDATE s SET w = 'q';
UPDATE s SET w = w || 'r';
UPDATE s SET w = v + 1 WHERE +v > 0;
UPDATE s SET w = 0 WHERE +w > 0;
DELETE FROM s WHERE +v < 25;
DELETE FROM s;
SELECT rowid, m FROM log;
CREATE TABLE t1(c0 FLOATING POINT, c1 NCHAR(5) PRIMARY KEY, c2 CHARINT AS (c1 + 1), UNIQUE (c2, c0)) WITHOUT ROWID;
CREATE INDEX i1_0 ON t1(c1 + 1 DESC);
INSERT OR IGNORE INTO t1(c1) VALUES (1.0);
REPLACE INTO t1(c0, c1) VALUES (2, '1'), (4, 2);
UPDATE OR FAIL t1 SET c0 = 0;
SELECT * FROM t1;
CREATE TABLE f(k PRIMARY KEY, u UNIQUE, v, w) WITHOUT ROWID;
CREATE INDEX fv ON f(v DESC);
INSERT INTO f VALUES (1, 1, 20, 0), (2, 2, 30, 0), (3, 3, 10, 0);
UPDATE OR FAIL f SET u = 9;
SELECT * FROM f;
UPDATE OR FAIL f SET u = 8, v = 5;
SELECT * FROM f;
UPDATE OR FAIL f SET u = 7 WHERE (SELECT 1);
SELECT * FROM f
"""


def test_writes_visit_rows_in_the_order_of_the_index_sqlite_scans():
    """In a WITHOUT ROWID table every index competes for an UPDATE's or DELETE's full
    scan (where.c whereLoopAddBtree, ``!HasRowid``): one narrower than the row that holds
    the columns the statement reads (none, or those of its WHERE) is scanned, so
    triggers and OR FAIL see the rows in its order (fuzz seed 20000330)."""
    run_script(INDEX_ORDER_CASES)


SET_VALUES_CASES = """
CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1 STRING, c2 INT8, c3 BIGINT AS (c2 + 1) VIRTUAL, c4 DOUBLE PRECISION, UNIQUE (c3)) WITHOUT ROWID;
CREATE UNIQUE INDEX i0_0 ON t0(c1);
CREATE VIEW v0(c0, c1) AS SELECT NULL AS c0, NULL AS c1 FROM t0 AS a1;
CREATE VIEW v1(c0) AS SELECT NULL AS c0 FROM t0 AS a2;
INSERT OR IGNORE INTO t0(c0, c1, c2, c4) VALUES ('b', '-9223372036854775809', '1', X'0001'), ('1', 2, NULL, (-2147483648));
SAVEPOINT a;
UPDATE OR IGNORE t0 SET c2 = (EXISTS (SELECT * FROM v1 AS a74 WHERE (c3 IN (SELECT NULL FROM v0 AS a75 CROSS JOIN t0 AS a76))));
SELECT * FROM t0;
ROLLBACK TO a;
UPDATE OR IGNORE t0 SET c2 = CASE WHEN c4 IS NULL THEN 0 ELSE 0 END;
SELECT * FROM t0;
ROLLBACK TO a;
UPDATE OR IGNORE t0 SET c2 = (SELECT 0 WHERE c3 IS NOT 7);
SELECT * FROM t0;
ROLLBACK TO a;
UPDATE OR IGNORE t0 SET c2 = 0 WHERE c4 IS NOT 5;
SELECT * FROM t0;
ROLLBACK TO a;
UPDATE OR IGNORE t0 SET c2 = 0 WHERE c1 IS NOT 5;
SELECT * FROM t0
"""


def test_an_updates_set_values_do_not_choose_the_index_it_scans():
    """update.c clears colUsed once the SET values are resolved, so only the WHERE's
    columns decide whether an index covers an UPDATE's scan: ``SET c2 = f(c4)`` still scans
    an index on c1 (without c4), and OR IGNORE keeps the row that index meets first
    (fuzz seed 37000831)."""
    run_script(SET_VALUES_CASES)


def test_last_insert_rowid_is_left_alone():
    sessions = fresh_pair()
    for sql in ["CREATE TABLE r(a)", "CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID",
                "INSERT INTO r VALUES (1), (2)", "INSERT INTO w VALUES (10, 1), (11, 2)",
                "INSERT OR REPLACE INTO w VALUES (10, 3)", "SELECT last_insert_rowid()",
                "INSERT INTO r VALUES (3)", "INSERT INTO w VALUES (12, 1)",
                "SELECT last_insert_rowid(), changes(), total_changes()"]:
        assert_same_outcome(sql, *both(sql, sessions))
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID")
    cur = conn.execute("INSERT INTO w VALUES (5, 5)")
    assert cur.lastrowid in (None, 0)


def _plan_lines(rows) -> list:
    return [r[-1] for r in rows if re.match(r"(SEARCH|SCAN) ", r[-1])]


@pytest.mark.parametrize("query", [
    "SELECT * FROM t WHERE a = 3", "SELECT * FROM t WHERE a > 3",
    "SELECT * FROM t WHERE a > 3 AND a < 9", "SELECT * FROM t WHERE b = 'x'",
    "SELECT * FROM t", "SELECT * FROM m WHERE x = 1 AND y = 2", "SELECT * FROM m WHERE x = 1",
])
def test_explain_query_plan_names_the_primary_key(query):
    setup = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b, c) WITHOUT ROWID",
             "CREATE INDEX tb ON t(b)", "CREATE TABLE m(x, y, z, PRIMARY KEY(x, y)) WITHOUT ROWID"]
    oracle = apsw.Connection(":memory:")
    session = open_session(":memory:")
    for sql in setup:
        oracle.execute(sql)
        session.execute(sql)
    sql = "EXPLAIN QUERY PLAN " + query
    assert _plan_lines(session.execute(sql).rows) == _plan_lines(list(oracle.execute(sql)))


# -- random statement sequences ---------------------------------------------------------

_KEYS = st.sampled_from(["'a'", "'A'", "'b'", "'B '", "'b'", "NULL", "1", "2", "2.0", "'1'"])
_INTS = st.integers(-3, 3).map(str)


@st.composite
def _statements(draw):
    k, n, v = draw(_KEYS), draw(_INTS), draw(_INTS)
    return draw(st.sampled_from([
        f"INSERT INTO w(k, n, v) VALUES ({k}, {n}, {v})",
        f"INSERT OR REPLACE INTO w(k, n, v) VALUES ({k}, {n}, {v})",
        f"INSERT OR IGNORE INTO w(k, n, v) VALUES ({k}, {n}, {v})",
        f"INSERT INTO w(k, n, v) VALUES ({k}, {n}, {v}) ON CONFLICT(k, n) DO UPDATE SET v = v + 1",
        f"UPDATE w SET n = n + {v} WHERE k = {k}",
        f"UPDATE OR REPLACE w SET k = {k} WHERE n = {n}",
        f"UPDATE w SET v = {v} WHERE n >= {n}",
        f"DELETE FROM w WHERE k = {k} OR v = {v}",
        f"SELECT * FROM w WHERE k = {k}",
        f"SELECT * FROM w WHERE v = {v}",
        f"SELECT * FROM w WHERE k > {k}",
        f"SELECT * FROM w WHERE n < {n}",
    ]))


@props(60)
@given(st.lists(_statements(), max_size=25), st.booleans())
def test_random_statements_match_sqlite_in_order(statements, desc):
    sessions = fresh_pair()
    key = "PRIMARY KEY(k, n DESC)" if desc else "PRIMARY KEY(k, n)"
    # x keeps index wv from covering the table: SQLite would scan a covering index instead
    # of the table for SELECT * (docs/SQL.md, WITHOUT ROWID tables, "Differs")
    for sql in [f"CREATE TABLE w(k TEXT COLLATE NOCASE, n INT, v, x DEFAULT 0, {key}) WITHOUT ROWID",
                "CREATE INDEX wv ON w(v)"]:
        assert_same_outcome(sql, *both(sql, sessions))
    for sql in statements + ["SELECT * FROM w", "PRAGMA integrity_check"]:
        assert_same_outcome(sql, *both(sql, sessions))


# -- durability --------------------------------------------------------------------------

WORKLOAD = [   # x keeps wv from covering w (see test_random_statements_match_sqlite_in_order)
    ["CREATE TABLE w(k TEXT COLLATE NOCASE, n INT, v, x DEFAULT 0, PRIMARY KEY(k, n DESC))"
     " WITHOUT ROWID",
     "CREATE INDEX wv ON w(v)"],
    ["INSERT INTO w(k, n, v) VALUES ('b', 1, 'x'), ('a', 2, 'y'), ('A', 3, 'z'), ('c', 0, 'x')"],
    ["UPDATE w SET n = n + 10 WHERE k = 'a'", "DELETE FROM w WHERE k = 'c'"],
    [CHECKPOINT],
    ["CREATE TABLE r(id INTEGER PRIMARY KEY, k TEXT REFERENCES p(k))",
     "CREATE TABLE p(k TEXT PRIMARY KEY, note) WITHOUT ROWID",
     "INSERT INTO p VALUES ('one', 1), ('two', 2)", "INSERT INTO r(k) VALUES ('one')"],
    ["INSERT OR REPLACE INTO w(k, n, v) VALUES ('B', 1, 'replaced')",
     "ALTER TABLE w ADD COLUMN e DEFAULT 7"],
    [CHECKPOINT],
    ["DELETE FROM p WHERE k = 'two'", "INSERT INTO w VALUES ('d', 5, 'late', 1, 8)"],
    ["DROP TABLE r", "UPDATE p SET note = note * 100"],
]


def test_close_and_reopen_keeps_the_table(tmp_path):
    path = str(tmp_path / "db")
    states = run_and_reopen(path, WORKLOAD)
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA table_list(w)").fetchall() == [("main", "w", "table", 5, 1, 0)]
    with pytest.raises(rowandb.IntegrityError, match="UNIQUE constraint failed: w.k, w.n"):
        conn.execute("INSERT INTO w VALUES ('D', 5, 0, 0, 0)")
    conn.execute("VACUUM")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_dump(conn) == states[-1]           # SQLite's rows, in SQLite's order
    with pytest.raises(OperationalError, match="no such column: rowid"):
        conn.execute("SELECT rowid FROM w")
    close(conn)


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_anywhere_recovers_a_committed_prefix(tmp_path, power_loss):
    """Stopped before every I/O operation of the workload (as test_storage_crash does), the
    reopened database holds a committed prefix with every COMMIT that returned."""
    states = oracle_states(WORKLOAD)
    images = crash_images(tmp_path, power_loss, WORKLOAD)
    reached = {reopen_and_check(image, states, returned) for image, returned in images}
    assert reached == set(range(len(states)))
