"""STRICT tables, AUTOINCREMENT and column defaults, checked against SQLite (apsw).

Every script runs statement by statement on RowanDB and on SQLite and must give the same
rows with the same storage classes, or the same PEP 249 error with the same message:

- STRICT: the allowed type names, affinity first and then the datatype check (on INSERT,
  UPDATE, REPLACE, INSERT ... SELECT, defaults and foreign-key actions), ANY, the NOT NULL
  primary key, the table options (``STRICT, WITHOUT ROWID``...), ``PRAGMA table_list``;
- AUTOINCREMENT: sqlite_sequence created, read, written and dropped as SQLite does it, after
  DELETE, REPLACE, OR IGNORE, failed statements, rollbacks and edits of sqlite_sequence
  itself, SQLITE_FULL at the largest rowid; a random sequence of DML on a STRICT
  AUTOINCREMENT table compares the table and sqlite_sequence after every statement;
- defaults: PRAGMA table_info shows them as written, a bare name is a string, a default
  must be constant, ``INTEGER PRIMARY KEY DEFAULT x`` still takes a new rowid, UPDATE OR
  REPLACE uses the default of a NOT NULL column, CURRENT_TIME/DATE/TIMESTAMP are one UTC
  moment per statement.

Bad input leaves the database unchanged (``test_errors.dump``), the executemany bulk path
agrees with the row-by-row path, and sqlite_sequence survives close, reopen and crashes
(the storage tests' workload machinery with a workload of its own).
"""

from __future__ import annotations

import datetime
import re

import apsw
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rowandb
from rowandb.errors import IntegrityError, OperationalError
from rowandb.sql.session import open_session
from test_bulk_insert import count_bulk_runs
from test_differential import assert_same_outcome, both, fresh_pair, literal, props
from test_errors import dump
from test_storage_crash import crash_images
from test_storage_support import CHECKPOINT, close, oracle_states, reopen_and_check, run_and_reopen


def run_script(script: str, unordered: tuple = ()) -> None:
    """Each statement of ``script`` on both engines: same rows (or same error). Queries
    whose text starts with one of ``unordered`` are compared as multisets."""
    sessions = fresh_pair()
    for sql in [s.strip() for s in script.split(";\n") if s.strip()]:
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs, ordered=not sql.startswith(unordered))


# ---------------------------------------------------------------------------------------
# STRICT
# ---------------------------------------------------------------------------------------

STRICT_VALUES = """
CREATE TABLE t1(a INT, b INTEGER, c REAL, d TEXT, e BLOB, f ANY) STRICT;
INSERT INTO t1 VALUES(1, 2, 3, 4, x'05', 6);
INSERT INTO t1 VALUES('12', ' 7 ', '1.5e1', 4.5, x'', '12');
INSERT INTO t1 VALUES('12x', 2, 3, 4, x'05', 6);
INSERT INTO t1 VALUES(1, '2.0', 3, 4, x'05', 6);
INSERT INTO t1 VALUES(1, 2.5, 3, 4, x'05', 6);
INSERT INTO t1 VALUES(1, 2, 'x', 4, x'05', 6);
INSERT INTO t1 VALUES(1, 2, 3, x'41', x'05', 6);
INSERT INTO t1 VALUES(1, 2, x'41', 4, x'05', 6);
INSERT INTO t1 VALUES(x'41', 2, 3, 4, x'05', 6);
INSERT INTO t1 VALUES(1, 2, 3, 4, 5, 6);
INSERT INTO t1 VALUES(1, 2, 3, 4, 5.5, 6);
INSERT INTO t1 VALUES(1, 2, 3, 4, 'x', 6);
INSERT INTO t1 VALUES(1e30, 2, 3, 4, x'05', 6);
INSERT INTO t1 VALUES(NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO t1 VALUES(1, 2, 3, 4, x'01', 1.0), (2, 3, 4, 5, x'02', x'ff');
SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e), typeof(f), * FROM t1 ORDER BY rowid;
UPDATE t1 SET a = 'z';
UPDATE t1 SET c = 5 WHERE rowid = 1;
UPDATE t1 SET d = 5, b = '9223372036854775807' WHERE rowid = 1;
UPDATE t1 SET b = '9223372036854775808';
UPDATE t1 SET f = '007' WHERE rowid = 1;
SELECT typeof(b), b, typeof(c), typeof(d), f, typeof(f) FROM t1 ORDER BY rowid;
SELECT rowid FROM t1 WHERE f = 6;
SELECT rowid FROM t1 WHERE f = '6';
SELECT rowid FROM t1 WHERE f = '007';
CREATE TABLE t2(a INT, b TEXT) STRICT;
INSERT INTO t2 SELECT 1, 2 UNION ALL SELECT 'x', 3;
INSERT INTO t2 SELECT 1, 2 UNION ALL SELECT '3', 4;
SELECT a, typeof(a), b, typeof(b) FROM t2 ORDER BY rowid;
CREATE TABLE t3(a TEXT COLLATE NOCASE, b TEXT UNIQUE) STRICT;
INSERT INTO t3 VALUES ('A', 'x'), ('a', 'y');
SELECT count(*) FROM t3 WHERE a = 'a'
"""

STRICT_KEYS_AND_ORDER = """
CREATE TABLE p(a INTEGER PRIMARY KEY, b TEXT) STRICT;
INSERT INTO p VALUES('1', 'a');
INSERT INTO p VALUES('x', 'a');
INSERT INTO p VALUES(2.0, 'a');
INSERT INTO p VALUES(2.5, 'a');
INSERT INTO p VALUES(NULL, 'a');
INSERT INTO p(rowid, b) VALUES('7', 'q');
SELECT a, typeof(a), b FROM p ORDER BY a;
CREATE TABLE q(a INT PRIMARY KEY, b ANY) STRICT;
INSERT INTO q VALUES(NULL, 1);
INSERT OR REPLACE INTO q VALUES(NULL, 1);
INSERT INTO q VALUES('5', 1.5), (6, '1.50'), (7, x'00');
SELECT a, typeof(a), b, typeof(b) FROM q ORDER BY a;
PRAGMA table_info(q);
CREATE TABLE q2(a INT, b TEXT, PRIMARY KEY(a, b)) STRICT;
PRAGMA table_info(q2);
INSERT INTO q2 VALUES(1, NULL);
CREATE TABLE r(a INTEGER NOT NULL, b REAL CHECK (b > 0)) STRICT;
INSERT INTO r VALUES('x', -1);
INSERT INTO r VALUES(NULL, 'x');
INSERT INTO r VALUES(1, 'x');
INSERT INTO r VALUES(1, -1);
INSERT OR IGNORE INTO r VALUES(1, 'x');
INSERT OR IGNORE INTO r VALUES(NULL, 1), (2, -1), (3, 3);
INSERT OR REPLACE INTO r VALUES('x', 1);
INSERT OR FAIL INTO r VALUES(4, 4), ('x', 1);
SELECT * FROM r ORDER BY rowid;
CREATE TABLE d(a INTEGER DEFAULT 'x', b TEXT) STRICT;
INSERT INTO d(b) VALUES('1');
CREATE TABLE d2(a INTEGER DEFAULT '5', b REAL DEFAULT 3, c INTEGER NOT NULL DEFAULT 'q', e INT) STRICT;
INSERT INTO d2 DEFAULT VALUES;
INSERT INTO d2(c, e) VALUES (7, 1);
INSERT OR REPLACE INTO d2(c, e) VALUES (NULL, 2);
UPDATE OR REPLACE d2 SET c = NULL;
UPDATE d2 SET e = '3', b = 4;
SELECT typeof(a), typeof(b), * FROM d2
"""

STRICT_FOREIGN_KEYS = """
CREATE TABLE p(k TEXT PRIMARY KEY);
CREATE TABLE c(x INTEGER REFERENCES p(k) ON UPDATE CASCADE ON DELETE SET DEFAULT DEFAULT 'zz', y ANY) STRICT;
INSERT INTO p VALUES('1'), ('abc'), ('zz'), ('5');
INSERT INTO c VALUES('1', 1), (5, 2);
SELECT x, typeof(x) FROM c ORDER BY rowid;
UPDATE p SET k = 'q' WHERE k = '1';
DELETE FROM p WHERE k = '1';
UPDATE p SET k = '7' WHERE k = '1';
SELECT x, typeof(x) FROM c ORDER BY rowid;
DELETE FROM p WHERE k = '7';
SELECT x, typeof(x) FROM c ORDER BY rowid
"""


@pytest.mark.parametrize("script", [STRICT_VALUES, STRICT_KEYS_AND_ORDER, STRICT_FOREIGN_KEYS],
                         ids=["values", "keys-and-order", "foreign-keys"])
def test_strict_tables_match_sqlite(script):
    run_script(script)


def test_table_list_shows_strict_and_the_schema_tables_as_sqlite_does():
    run_script("""
CREATE TABLE plain(a, b);
CREATE TABLE s(a INT, b TEXT) STRICT;
CREATE TABLE "Mixed Case"(x ANY) STRICT;
CREATE TABLE ai(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
PRAGMA table_list;
PRAGMA table_list(s);
PRAGMA table_list(S);
PRAGMA table_list('Mixed Case');
PRAGMA table_list(sqlite_sequence);
PRAGMA table_list(sqlite_master);
PRAGMA table_list(sqlite_schema);
PRAGMA table_list(sqlite_temp_master);
PRAGMA table_list(nosuch);
DROP TABLE ai;
PRAGMA table_list
""", unordered=("PRAGMA table_list",))


CREATE_TABLE_ERRORS = [
    "CREATE TABLE x(a VARCHAR) STRICT",
    "CREATE TABLE x(a INT, b) STRICT",
    "CREATE TABLE x(a INTEGER(10)) STRICT",
    'CREATE TABLE x(a "varchar") STRICT',
    "CREATE TABLE x(a INT) STRICTX",
    "CREATE TABLE x(a INT) STRICT STRICT",
    "CREATE TABLE x(a INT) STRICT,",
    "CREATE TABLE x(a INT) ,,STRICT",
    "CREATE TABLE x(a INT) STRICT,,STRICT",
    "CREATE TABLE x(a INT) 'STRICT'",
    'CREATE TABLE x(a INT) "STRICT"',
    "CREATE TABLE x(a INT) [strict]",
    "CREATE TABLE x(a INT) WITHOUT",
    "CREATE TABLE x(a INT) WITHOUT 5",
    "CREATE TABLE x(a INT) WITHOUT ROWIDX",
    "CREATE TABLE x(a INT) cross",
    "CREATE TABLE x(a INT) ENGINE=InnoDB",
    "CREATE TABLE x(a INT) STRICT AS SELECT 1",
    "CREATE TABLE x(a INT PRIMARY KEY AUTOINCREMENT)",
    "CREATE TABLE x(a INTEGER PRIMARY KEY DESC AUTOINCREMENT)",
    "CREATE TABLE x(a INTEGER, b, PRIMARY KEY(a, b AUTOINCREMENT))",
    "CREATE TABLE x(a INTEGER, b, PRIMARY KEY(a AUTOINCREMENT, b))",
    "CREATE TABLE x(a INTEGER, PRIMARY KEY(a) AUTOINCREMENT)",
    "CREATE TABLE x(a INTEGER AUTOINCREMENT)",
    "CREATE TABLE x(a INTEGER AUTOINCREMENT PRIMARY KEY)",
    "CREATE TABLE x(a INTEGER PRIMARY KEY AUTOINCREMENT AUTOINCREMENT)",
    "CREATE TABLE x(a INTEGER PRIMARY KEY AUTOINCREMENT ON CONFLICT IGNORE)",
    "CREATE TABLE x(a, b DEFAULT (abc))",
    "CREATE TABLE x(a, b DEFAULT (a + 1))",
    'CREATE TABLE x(a, b DEFAULT ("abc"))',
    "CREATE TABLE sqlite_sequence(name, seq)",
    "DROP TABLE sqlite_sequence",
    "CREATE INDEX x ON sqlite_sequence(name)",
]


def _sqlite_outcome(setup: list, sql: str):
    db = apsw.Connection(":memory:")
    for statement in setup:
        db.execute(statement)
    try:
        db.execute(sql).fetchall()
    except apsw.Error as error:
        return str(error)
    return None


@pytest.mark.parametrize("sql", CREATE_TABLE_ERRORS)
def test_bad_definitions_fail_as_in_sqlite_and_change_nothing(sql):
    setup = ["CREATE TABLE keep(id INTEGER PRIMARY KEY AUTOINCREMENT, v INT) STRICT",
             "INSERT INTO keep(v) VALUES (1), (2)"]
    session = open_session(":memory:")
    for statement in setup:
        session.execute(statement)
    before = dump(session)
    with pytest.raises(OperationalError) as caught:
        session.execute(sql)
    expected = _sqlite_outcome(setup, sql)
    assert expected is not None
    assert re.sub(r" \(line \d+, column \d+\)$", "", str(caught.value)) == expected
    assert dump(session) == before


@pytest.mark.parametrize("sql", ["CREATE TABLE x(a PRIMARY KEY) WITHOUT ROWID",
                                 "CREATE TABLE x(a INT PRIMARY KEY) STRICT, WITHOUT ROWID",
                                 "CREATE TABLE x(a INT PRIMARY KEY) WITHOUT ROWID, STRICT",
                                 "CREATE TABLE x(a INT PRIMARY KEY) , without rowid"])
def test_without_rowid_option_lists_are_taken_as_sqlite_takes_them(sql):
    """The option list in any order and case (tests/test_without_rowid.py has the rest)."""
    assert _sqlite_outcome([], sql) is None          # SQLite takes these option lists
    oracle = apsw.Connection(":memory:")
    oracle.execute(sql)
    session = open_session(":memory:")
    session.execute(sql)
    assert session.execute("PRAGMA table_list(x)").rows == \
        list(oracle.execute("PRAGMA table_list(x)"))


def test_a_datatype_error_undoes_the_whole_statement_where_sqlite_keeps_rows():
    """Deliberate difference (docs/TESTING.md): inside a transaction, SQLite keeps the rows
    an UPDATE changed before a STRICT datatype check failed (it opens no statement journal
    for that error); RowanDB undoes the statement, as lang_conflict.html's ABORT says."""
    setup = ["CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER) STRICT",
             "INSERT INTO t VALUES (1, 1), (2, 2)", "BEGIN"]
    sql = "UPDATE t SET a = CASE WHEN id = 1 THEN 100 ELSE 'x' END"
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for statement in setup:
        db.execute(statement)
        conn.execute(statement)
    with pytest.raises(apsw.ConstraintError):
        db.execute(sql)
    with pytest.raises(IntegrityError, match="cannot store TEXT value in INTEGER column t.a"):
        conn.execute(sql)
    assert db.execute("SELECT a FROM t ORDER BY id").fetchall() == [(100,), (2,)]
    assert conn.execute("SELECT a FROM t ORDER BY id").fetchall() == [(1,), (2,)]
    assert conn.in_transaction


@pytest.mark.parametrize("conflict", ["", "OR ABORT ", "OR ROLLBACK ", "OR FAIL "])
def test_a_datatype_error_undoes_an_insert_of_several_rows(conflict):
    """The same for an INSERT of several rows, whatever its conflict clause (ON CONFLICT
    does not apply to datatype errors: even OR ROLLBACK leaves the transaction open)."""
    setup = ["CREATE TABLE t(a INTEGER, b INTEGER) STRICT", "BEGIN"]
    sql = f"INSERT {conflict}INTO t VALUES (0, 2), ('ab', 3)"
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    for statement in setup:
        db.execute(statement)
        conn.execute(statement)
    with pytest.raises(apsw.ConstraintError):
        db.execute(sql)
    with pytest.raises(IntegrityError, match="cannot store TEXT value in INTEGER column t.a"):
        conn.execute(sql)
    assert db.execute("SELECT * FROM t").fetchall() == [(0, 2)]
    assert conn.execute("SELECT * FROM t").fetchall() == []
    assert conn.in_transaction and not db.getautocommit()


# ---------------------------------------------------------------------------------------
# AUTOINCREMENT
# ---------------------------------------------------------------------------------------

AUTOINCREMENT_SCRIPT = """
BEGIN;
CREATE TABLE first(a INTEGER PRIMARY KEY AUTOINCREMENT);
INSERT INTO first DEFAULT VALUES;
SELECT name FROM sqlite_schema;
ROLLBACK;
SELECT name FROM sqlite_schema;
CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b UNIQUE);
SELECT type, name, tbl_name, sql FROM sqlite_schema;
PRAGMA table_info(sqlite_sequence);
INSERT INTO t(b) SELECT 1 WHERE 0;
SELECT rowid, * FROM sqlite_sequence;
INSERT INTO t VALUES(-5, 'neg');
INSERT INTO t(b) VALUES('x');
SELECT * FROM t ORDER BY a;
SELECT * FROM sqlite_sequence;
INSERT OR IGNORE INTO t VALUES(1000, 'x');
SELECT * FROM sqlite_sequence;
INSERT OR IGNORE INTO t(b) VALUES('x');
SELECT * FROM sqlite_sequence;
BEGIN;
INSERT OR FAIL INTO t(b) VALUES('y'), ('x'), ('z');
COMMIT;
SELECT * FROM t ORDER BY a;
SELECT * FROM sqlite_sequence;
INSERT INTO t(b) VALUES('p'), ('x');
SELECT * FROM sqlite_sequence;
INSERT OR REPLACE INTO t(a, b) VALUES(2000, 'x');
REPLACE INTO t(b) VALUES('y');
SELECT * FROM t ORDER BY a;
SELECT * FROM sqlite_sequence;
UPDATE t SET a = 5000 WHERE b = 'y';
SELECT * FROM sqlite_sequence;
INSERT INTO t(b) VALUES('q');
DELETE FROM t;
INSERT INTO t(b) VALUES('after delete');
SELECT * FROM t ORDER BY a;
UPDATE sqlite_sequence SET seq = 'abc';
INSERT INTO t(b) VALUES('r');
SELECT *, typeof(seq) FROM sqlite_sequence;
UPDATE sqlite_sequence SET seq = '7000.9xyz';
INSERT INTO t(b) VALUES('s');
UPDATE sqlite_sequence SET seq = 8000.7;
INSERT INTO t(b) VALUES('s2');
UPDATE sqlite_sequence SET seq = NULL;
INSERT INTO t(b) VALUES('s3');
SELECT *, typeof(seq) FROM sqlite_sequence;
UPDATE sqlite_sequence SET name = 'T';
INSERT INTO t(b) VALUES('s4');
INSERT INTO sqlite_sequence VALUES ('t', 9000), ('zz', 5);
INSERT INTO t(b) VALUES('s5');
SELECT rowid, *, typeof(seq) FROM sqlite_sequence ORDER BY rowid;
SELECT * FROM t ORDER BY a;
BEGIN;
INSERT INTO t(b) VALUES('rolled back'), ('also');
SELECT * FROM sqlite_sequence ORDER BY rowid;
ROLLBACK;
SAVEPOINT sp;
INSERT INTO t(b) VALUES('undone by ROLLBACK TO');
ROLLBACK TO sp;
RELEASE sp;
INSERT INTO t(b) VALUES('kept');
SELECT * FROM t ORDER BY a;
SELECT rowid, * FROM sqlite_sequence ORDER BY rowid;
INSERT INTO t(b) VALUES('kept');
SELECT * FROM sqlite_sequence ORDER BY rowid;
UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 't';
INSERT INTO t(b) VALUES('full');
INSERT INTO t(a, b) VALUES(9223372036854775807, 'largest');
DELETE FROM sqlite_sequence WHERE name = 't';
INSERT INTO t(b) VALUES('still full');
UPDATE sqlite_sequence SET seq = 1e300;
SELECT * FROM sqlite_sequence ORDER BY rowid;
CREATE TABLE u(id INTEGER, v, PRIMARY KEY(id AUTOINCREMENT));
INSERT INTO u(v) VALUES (1), (2);
SELECT rowid, * FROM u;
DROP TABLE t;
SELECT rowid, * FROM sqlite_sequence ORDER BY rowid;
CREATE TABLE plain(id INTEGER PRIMARY KEY, v);
INSERT INTO sqlite_sequence VALUES ('plain', 50);
INSERT INTO plain(v) VALUES (1);
DROP TABLE plain;
SELECT * FROM sqlite_sequence ORDER BY rowid;
DELETE FROM sqlite_sequence;
DROP TABLE u;
SELECT type, name FROM sqlite_schema
"""


def test_autoincrement_and_sqlite_sequence_match_sqlite():
    run_script(AUTOINCREMENT_SCRIPT)


FULL_TABLES = {
    "plain": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v)"],
    "not null": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v NOT NULL DEFAULT 1)"],
    "check": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v CHECK (v > 0))"],
    "unique": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v UNIQUE)"],
    "index": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v)", "CREATE INDEX si ON s(v)"],
    "child": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v REFERENCES p(k))"],
    "deferred child": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "v REFERENCES p(k) DEFERRABLE INITIALLY DEFERRED)"],
    "strict": ["CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v INT) STRICT"],
}
FULL_INSERTS = ["INSERT {}INTO s(v) VALUES (5)", "INSERT {}INTO s(v) VALUES (5), (6)",
                "INSERT {}INTO s(v) SELECT 5", "INSERT {}INTO s(id, v) VALUES (NULL, 5)",
                "INSERT {}INTO s(id, v) VALUES (NULL, 5), (NULL, 6)", "INSERT {}INTO s DEFAULT VALUES"]


@pytest.mark.parametrize("table", list(FULL_TABLES))
@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR FAIL ", "OR REPLACE "])
def test_running_out_of_rowids_undoes_what_sqlite_undoes(table, conflict):
    """SQLITE_FULL at the largest rowid; inside a transaction it undoes the statement or
    the whole transaction as SQLite does (``dml._full_resolution``)."""
    for template in FULL_INSERTS:
        outcomes = []
        for db in (apsw.Connection(":memory:"), rowandb.connect(":memory:", isolation_level=None)):
            for sql in ["PRAGMA foreign_keys = ON", "CREATE TABLE p(k PRIMARY KEY)",
                        "INSERT INTO p VALUES (5), (6)", "CREATE TABLE o(x)", *FULL_TABLES[table],
                        "INSERT INTO s VALUES (9223372036854775807, 5)", "BEGIN",
                        "INSERT INTO o VALUES (1)"]:
                db.execute(sql)
            try:
                db.execute(template.format(conflict))
                error = None
            except (apsw.Error, rowandb.Error) as caught:
                error = str(caught)
            outcomes.append((error, list(db.execute("SELECT count(*) FROM o"))))
        assert outcomes[0] == outcomes[1], template.format(conflict)
        assert outcomes[0][0] == "database or disk is full"


STRICT_AUTO = ("CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, i INT UNIQUE, r REAL, "
               "t TEXT NOT NULL DEFAULT 'd', b BLOB, a ANY) STRICT")
ANY_VALUE = st.one_of(st.none(), st.integers(-2, 5), st.sampled_from(
    [1.5, 2.0, "3", "x", "4.0", b"\x01", "", 1e300]))
TYPED = {"i": st.one_of(st.none(), st.integers(0, 5)), "r": st.one_of(st.none(), st.floats(0, 9)),
         "t": st.sampled_from(["a", "b", "c"]), "b": st.one_of(st.none(), st.just(b"\x02")),
         "a": ANY_VALUE}
CONFLICTS = st.sampled_from(["", "OR IGNORE ", "OR REPLACE ", "OR FAIL ", "OR ROLLBACK "])


@st.composite
def strict_autoincrement_dml(draw):
    """Statements on STRICT_AUTO. A statement that may write several rows gets values of
    the declared types only: a datatype error after some rows differs on purpose (see
    test_a_datatype_error_undoes_the_whole_statement_where_sqlite_keeps_rows)."""
    kind = draw(st.sampled_from(["insert"] * 4 + ["update", "delete", "sequence", "control"]))
    ids = st.one_of(st.none(), st.integers(-1, 12), st.just(9223372036854775807))
    if kind == "insert":
        columns = draw(st.lists(st.sampled_from(["id", *TYPED]), min_size=1, max_size=4,
                                unique=True))
        n = draw(st.integers(1, 3))
        values = {c: ids if c == "id" else TYPED[c] if n > 1 else ANY_VALUE for c in columns}
        rows = [", ".join(literal(draw(values[c])) for c in columns) for _ in range(n)]
        return (f"INSERT {draw(CONFLICTS)}INTO s({', '.join(columns)}) VALUES "
                + ", ".join(f"({row})" for row in rows))
    if kind == "update":
        column = draw(st.sampled_from(["id", *TYPED]))
        one_row = draw(st.booleans())
        value = draw(ids if column == "id" else ANY_VALUE if one_row else TYPED[column])
        where = f" WHERE id = {draw(st.integers(1, 12))}" if one_row else ""
        return f"UPDATE {draw(CONFLICTS)}s SET {column} = {literal(value)}{where}"
    if kind == "delete":
        return draw(st.sampled_from(["DELETE FROM s", "DELETE FROM s WHERE id % 2 = 0",
                                     "DELETE FROM s WHERE id = (SELECT max(id) FROM s)"]))
    if kind == "sequence":
        return draw(st.sampled_from([
            "DELETE FROM sqlite_sequence", "UPDATE sqlite_sequence SET seq = seq + 5",
            "UPDATE sqlite_sequence SET seq = 'x'", "UPDATE sqlite_sequence SET seq = 2",
            "INSERT INTO sqlite_sequence VALUES ('s', 20)"]))
    return draw(st.sampled_from(["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT a", "RELEASE a",
                                 "ROLLBACK TO a"]))


@props(80)
@given(statements=st.lists(strict_autoincrement_dml(), min_size=1, max_size=10))
def test_random_dml_on_a_strict_autoincrement_table(statements):
    sessions = fresh_pair()
    mine, theirs = both(STRICT_AUTO, sessions)
    assert mine[0] == theirs[0] == "ok"
    for sql in statements:
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)
        for check in ("SELECT * FROM s ORDER BY id",
                      "SELECT rowid, * FROM sqlite_sequence ORDER BY rowid"):
            mine, theirs = both(check, sessions)
            assert_same_outcome(f"{check} -- after {sql}", mine, theirs)


# ---------------------------------------------------------------------------------------
# defaults
# ---------------------------------------------------------------------------------------

DEFAULTS_SCRIPT = """
CREATE TABLE t(a, b DEFAULT abc, c DEFAULT ( 1 + 2 ), d DEFAULT -5, e DEFAULT + 5, f DEFAULT 'x''y', g DEFAULT X'41', h DEFAULT null, i DEFAULT true, j DEFAULT "quoted", k DEFAULT [br], l DEFAULT (random() IS NOT NULL), m DEFAULT - 5.5e0, n DEFAULT indexed, o DEFAULT FALSE);
PRAGMA table_info(t);
INSERT INTO t(a) VALUES (1);
SELECT * FROM t;
SELECT typeof(b), typeof(i), typeof(m) FROM t;
CREATE TABLE u(a INTEGER PRIMARY KEY DEFAULT 5, b);
INSERT INTO u(b) VALUES (1);
INSERT INTO u(b) VALUES (1);
INSERT INTO u DEFAULT VALUES;
INSERT INTO u VALUES (NULL, 2);
SELECT * FROM u;
PRAGMA table_info(u);
CREATE TABLE u2(a INTEGER PRIMARY KEY DEFAULT 'x' NOT NULL, b);
INSERT INTO u2(b) VALUES (1);
INSERT OR REPLACE INTO u2 VALUES (NULL, 2);
SELECT * FROM u2;
CREATE TABLE w(a NOT NULL DEFAULT 'dflt', b UNIQUE, c INTEGER NOT NULL DEFAULT '7', d NOT NULL DEFAULT NULL, e NOT NULL);
INSERT INTO w VALUES ('x', 1, 1, 1, 1), ('y', 2, 2, 2, 2);
UPDATE OR REPLACE w SET a = NULL, c = NULL WHERE b = 1;
SELECT a, b, c, typeof(c) FROM w ORDER BY b;
UPDATE OR IGNORE w SET a = NULL WHERE b = 2;
UPDATE w SET a = NULL WHERE b = 2;
UPDATE OR REPLACE w SET d = NULL;
UPDATE OR REPLACE w SET e = NULL;
UPDATE OR REPLACE w SET a = NULL, b = 2 WHERE b = 1;
SELECT * FROM w ORDER BY b;
CREATE TABLE v(a, b DEFAULT CURRENT_TIMESTAMP, c DEFAULT current_time, d DEFAULT (CURRENT_DATE));
PRAGMA table_info(v);
INSERT INTO v(a) VALUES (1), (2);
INSERT INTO v VALUES (3, 4, 5, 6);
SELECT a, typeof(b), length(b), length(c), length(d) FROM v ORDER BY a;
SELECT count(DISTINCT b), count(DISTINCT c), count(DISTINCT d) FROM v WHERE a < 3
"""


def test_defaults_match_sqlite():
    run_script(DEFAULTS_SCRIPT)


def test_current_time_defaults_are_utc_in_sqlites_formats():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE v(a, ts DEFAULT CURRENT_TIMESTAMP, t DEFAULT CURRENT_TIME, "
                 "d DEFAULT CURRENT_DATE)")
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    conn.execute("INSERT INTO v(a) VALUES (1)")
    after = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    ts, t, d = conn.execute("SELECT ts, t, d FROM v").fetchone()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", ts)
    assert before <= datetime.datetime.strptime(ts, "%Y-%m-%d %H:%M:%S") <= after
    assert (d, t) == tuple(ts.split(" "))
    sqlite = apsw.Connection(":memory:").execute("SELECT CURRENT_TIMESTAMP").fetchone()[0]
    assert abs(datetime.datetime.strptime(sqlite, "%Y-%m-%d %H:%M:%S")
               - datetime.datetime.strptime(ts, "%Y-%m-%d %H:%M:%S")).total_seconds() < 5


class TickingClock:
    """A clock source that moves on a day at every reading."""

    def __init__(self):
        self.readings = 0

    def __call__(self):
        self.readings += 1
        return datetime.datetime(2024, 1, 1, 12, 0, 0) + datetime.timedelta(days=self.readings)


def test_the_current_time_is_one_moment_per_statement():
    conn = rowandb.connect(":memory:", isolation_level=None)
    clock = conn._session.clock.source = TickingClock()
    conn.execute("CREATE TABLE v(a, ts DEFAULT CURRENT_TIMESTAMP, d DEFAULT CURRENT_DATE)")
    conn.execute("INSERT INTO v(a) SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3")
    conn.execute("INSERT INTO v(a, ts) VALUES (4, CURRENT_TIMESTAMP), (5, CURRENT_TIMESTAMP)")
    conn.execute("INSERT INTO v(a, ts) SELECT 6, CURRENT_TIMESTAMP")
    rows = conn.execute("SELECT a, ts, d, CURRENT_DATE FROM v ORDER BY a").fetchall()
    assert [row[1] for row in rows] == ["2024-01-02 12:00:00"] * 3 + \
        ["2024-01-03 12:00:00"] * 2 + ["2024-01-04 12:00:00"]
    assert all(row[2] == row[1][:10] for row in rows)
    assert {row[3] for row in rows} == {"2024-01-05"}       # the SELECT is a statement too
    assert clock.readings == 4
    conn.execute("UPDATE v SET ts = CURRENT_TIME")
    assert {r[0] for r in conn.execute("SELECT ts FROM v")} == {"12:00:00"}


def test_a_cached_plan_reads_the_clock_again():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn._session.clock.source = TickingClock()
    seen = [conn.execute("SELECT CURRENT_DATE WHERE CURRENT_DATE > '2000'").fetchone()[0]
            for _ in range(3)]
    assert seen == ["2024-01-02", "2024-01-03", "2024-01-04"]


# ---------------------------------------------------------------------------------------
# executemany: the bulk path agrees with the row-by-row path
# ---------------------------------------------------------------------------------------

BULK_TABLES = {
    "strict": "CREATE TABLE b(id INTEGER PRIMARY KEY, n INT, r REAL, t TEXT DEFAULT 'd') STRICT",
    "autoincrement": "CREATE TABLE b(id INTEGER PRIMARY KEY AUTOINCREMENT, n INT, r REAL, t)",
    "alias default": "CREATE TABLE b(id INTEGER PRIMARY KEY DEFAULT 7, n INT, r REAL, t)",
}
BULK_ROWS = {
    "good": [(i, i / 2) for i in range(600)],
    "bad type": [(i, i / 2) for i in range(300)] + [("x", 1.0)] + [(i, 0.5) for i in range(300)],
    "converted": [(str(i), i) for i in range(600)],
}


def _executemany(db, executemany, table: str, sql: str, rows: list) -> tuple:
    """(error, rows, sqlite_sequence) after ``executemany`` inside a transaction, on a
    table whose AUTOINCREMENT counter is ahead of its largest rowid."""
    for statement in [BULK_TABLES[table], "INSERT INTO b(n) VALUES (-1)", "DELETE FROM b",
                      "BEGIN"]:
        db.execute(statement)
    try:
        executemany(sql, rows)
        error = None
    except (apsw.Error, rowandb.Error) as caught:
        error = str(caught)
    db.execute("COMMIT")
    sequence = list(db.execute("SELECT * FROM sqlite_sequence")) \
        if table == "autoincrement" else []
    return error, [tuple(r) for r in db.execute("SELECT * FROM b ORDER BY id")], sequence


@pytest.mark.parametrize("table", list(BULK_TABLES))
@pytest.mark.parametrize("rows", list(BULK_ROWS))
@pytest.mark.parametrize("with_id", [False, True])
def test_executemany_matches_sqlite_and_takes_the_bulk_path(table, rows, with_id, monkeypatch):
    data = BULK_ROWS[rows]
    columns, slots = ("id, n, r", "?, ?, ?") if with_id else ("n, r", "?, ?")
    if with_id:
        data = [(1000 + k * 3, *row) for k, row in enumerate(data)]
    sql = f"INSERT INTO b({columns}) VALUES ({slots})"
    bulk_results = count_bulk_runs(monkeypatch)
    db = apsw.Connection(":memory:")
    conn = rowandb.connect(":memory:", isolation_level=None)
    assert _executemany(conn, conn.executemany, table, sql, data) == \
        _executemany(db, db.executemany, table, sql, data)
    if rows != "bad type":
        assert bulk_results and None not in bulk_results


# ---------------------------------------------------------------------------------------
# durability of sqlite_sequence and of the STRICT and AUTOINCREMENT flags
# ---------------------------------------------------------------------------------------

AUTOINCREMENT_WORKLOAD = [
    ["CREATE TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT) STRICT"],
    ["INSERT INTO a(v) VALUES ('x'), ('y'), ('z')"],
    ["DELETE FROM a WHERE id = 3"],
    [CHECKPOINT],
    ["INSERT INTO a(v) VALUES ('w')"],
    ["CREATE TABLE b(id INTEGER PRIMARY KEY AUTOINCREMENT, n INT)", "INSERT INTO b(n) VALUES (1)",
     "INSERT INTO b VALUES (100, 2)"],
    ["UPDATE sqlite_sequence SET seq = 50 WHERE name = 'a'", "INSERT INTO a(v) VALUES ('u')"],
    [CHECKPOINT],
    ["DELETE FROM a", "INSERT INTO a(v) VALUES ('again')"],
    ["DROP TABLE b"],
    ["INSERT OR REPLACE INTO a(id, v) VALUES (70, 'r')", "INSERT INTO a(v) VALUES ('s')"],
]


def test_sqlite_sequence_survives_close_and_reopen(tmp_path):
    path = str(tmp_path / "db")
    run_and_reopen(path, AUTOINCREMENT_WORKLOAD)
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO a(v) VALUES ('rolled back')")
    conn.execute("ROLLBACK")
    conn.execute("DELETE FROM a")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("INSERT INTO a(v) VALUES ('next')")
    assert conn.execute("SELECT id FROM a").fetchall() == [(72,)]
    assert conn.execute("SELECT * FROM sqlite_sequence").fetchall() == [("a", 72)]
    with pytest.raises(IntegrityError, match="cannot store BLOB value in TEXT column a.v"):
        conn.execute("INSERT INTO a(v) VALUES (x'01')")
    assert conn.execute("PRAGMA table_list(a)").fetchall() == [("main", "a", "table", 2, 0, 1)]
    close(conn)


@pytest.mark.parametrize("power_loss", [False, True])
def test_sqlite_sequence_recovers_a_committed_prefix_after_a_crash_anywhere(tmp_path,
                                                                           power_loss):
    """Stopped before every I/O operation of the workload (as test_storage_crash does), the
    reopened database holds a committed prefix with every COMMIT that returned."""
    states = oracle_states(AUTOINCREMENT_WORKLOAD)
    images = crash_images(tmp_path, power_loss, AUTOINCREMENT_WORKLOAD)
    reached = {reopen_and_check(image, states, returned) for image, returned in images}
    assert reached == set(range(len(states)))
