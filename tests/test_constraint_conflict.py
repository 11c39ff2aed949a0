"""ON CONFLICT clauses on constraints against SQLite (apsw).

``CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE ON CONFLICT IGNORE,
c NOT NULL ON CONFLICT REPLACE DEFAULT 7, UNIQUE(x, y) ON CONFLICT FAIL, CHECK (...) ON
CONFLICT ...)``: each constraint's failure is resolved by the statement's OR clause when it
wrote one, else by the constraint's own clause, else ABORT; a CHECK's clause counts for
nothing; REPLACE constraints are checked after the others (SQLite's index list), an
INTEGER PRIMARY KEY's own REPLACE after every index (docs/SQL.md, "ON CONFLICT clauses on
constraints"). Every test runs the same steps on both engines and compares each step's
rows or error (class and message) with changes() and total_changes(), and the rows left
(dml_differential.py). The matrix crosses each kind of constraint with each clause of its
own and each clause of the statement, for INSERT, multi-row INSERT, INSERT ... SELECT,
UPDATE and UPSERT, inside and outside BEGIN (FAIL keeps the rows before the failing one,
ABORT undoes the statement, ROLLBACK the transaction). Then foreign keys and triggers,
the parser's errors, ALTER TABLE, a database on disk reopened, one whose dictionary was
written before the clauses existed, and the fast paths (bulk INSERT, narrow and fused
UPDATE), each proved taken or declined.
"""

from __future__ import annotations

import re

import pytest

import rowandb
from dml_differential import assert_same, assert_same_after_reopening, run_rowandb, run_sqlite
from rowandb.catalog import dictionary as dictionary_module
import test_dml_fastpaths as fastpaths

# the fixtures that count the fast paths' runs (a test that takes one proves its path)
bulk_chunks, narrow_updates = fastpaths.bulk_chunks, fastpaths.narrow_updates


CLAUSES = ["", " ON CONFLICT ROLLBACK", " ON CONFLICT ABORT", " ON CONFLICT FAIL",
           " ON CONFLICT IGNORE", " ON CONFLICT REPLACE"]
ORS = ["", "OR ROLLBACK ", "OR ABORT ", "OR FAIL ", "OR IGNORE ", "OR REPLACE "]

# kind -> (CREATE TABLE with {c} for the clause, the value of ``a`` that breaks it)
KINDS = {
    "not_null": ("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT NOT NULL{c} DEFAULT 5, b INT)",
                 "NULL"),
    "not_null_no_default": ("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT NOT NULL{c}, b INT)",
                            "NULL"),
    "unique_column": ("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT UNIQUE{c}, b INT)", "1"),
    "unique_table": ("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b INT, UNIQUE (a){c})",
                     "1"),
    "primary_key": ("CREATE TABLE t(id INTEGER, a INT PRIMARY KEY{c}, b INT)", "1"),
    "integer_primary_key": ("CREATE TABLE t(a INTEGER PRIMARY KEY{c}, b INT)", "1"),
    "without_rowid": ("CREATE TABLE t(a INT PRIMARY KEY{c}, b INT) WITHOUT ROWID", "1"),
    "check": ("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b INT, CHECK (a <> 1){c})", "1"),
}
RESET = ["DELETE FROM t", "INSERT INTO t(a, b) VALUES (2, 20), (3, 30)"]
SEEN = ["SELECT a, b FROM t ORDER BY b", "SELECT changes(), total_changes(), last_insert_rowid()"]


def _statements(bad: str, orc: str) -> list[tuple[str, bool]]:
    """(statement, whether it also runs inside BEGIN ... COMMIT)."""
    return [
        (f"INSERT {orc}INTO t(a, b) VALUES ({bad}, 99)", False),
        (f"INSERT {orc}INTO t(a, b) VALUES (7, 70), ({bad}, 98), (8, 80)", True),
        (f"INSERT {orc}INTO t(a, b) SELECT 9, 90 UNION ALL SELECT {bad}, 97 "
         f"UNION ALL SELECT 11, 110", True),
        (f"UPDATE {orc}t SET a = {bad} WHERE b = 30", False),
        (f"UPDATE {orc}t SET a = CASE WHEN b = 30 THEN {bad} ELSE a + 100 END", True),
        (f"INSERT {orc}INTO t(a, b) VALUES ({bad}, 96), (12, 120) ON CONFLICT DO NOTHING", True),
        (f"INSERT {orc}INTO t(a, b) VALUES ({bad}, 95) ON CONFLICT (a) DO UPDATE "
         f"SET b = excluded.b + 1", False),
        (f"REPLACE INTO t(a, b) VALUES ({bad}, 94)", False),
    ]


def _matrix(kind: str, clause: str) -> list:
    ddl, bad = KINDS[kind]
    # the row that "1" collides with, and for a CHECK one that makes it fail
    steps = [ddl.format(c=clause), "INSERT INTO t(a, b) VALUES (1, 10)"] \
        if kind != "check" else [ddl.format(c=clause)]
    for orc in ORS:
        for sql, in_transaction in _statements(bad, orc):
            steps += RESET + ([] if kind == "check" else ["INSERT INTO t(a, b) VALUES (1, 10)"])
            steps += [sql, *SEEN]
            if in_transaction:
                steps += RESET + ["BEGIN", "INSERT INTO t(a, b) VALUES (4, 40)", sql, *SEEN,
                                  "COMMIT", *SEEN]
    return steps


@pytest.mark.parametrize("clause", CLAUSES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_constraint_under_each_clause_and_statement(kind, clause):
    steps = _matrix(kind, clause)
    if kind == "check":
        steps = [s.replace("DELETE FROM t", "DELETE FROM t WHERE 1") for s in steps]
    assert_same(steps)


# -- order: REPLACE last, the INTEGER PRIMARY KEY's REPLACE after every index ----------------

ORDER = [
    ["CREATE TABLE t(a UNIQUE ON CONFLICT REPLACE, b UNIQUE ON CONFLICT FAIL, c UNIQUE)",
     "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)", "PRAGMA index_list(t)",
     "INSERT INTO t VALUES (1, 2, 3)", "INSERT INTO t VALUES (1, 3, 2)",
     "INSERT INTO t VALUES (1, 3, 3)"],
    ["CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE ON CONFLICT IGNORE)",
     "INSERT INTO t VALUES (1, 1), (2, 2)", "INSERT INTO t VALUES (1, 2)",
     "INSERT INTO t VALUES (2, 5)", "UPDATE t SET a = 1, b = 2 WHERE a = 2",
     "UPDATE t SET a = 1 WHERE a = 2", "INSERT OR ABORT INTO t VALUES (1, 9)"],
    ["CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE, "
     "c UNIQUE ON CONFLICT IGNORE)", "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)",
     "INSERT INTO t VALUES (1, 3, 2) ON CONFLICT (b) DO NOTHING",
     "INSERT INTO t VALUES (1, 2, 3) ON CONFLICT (b) DO UPDATE SET c = 9",
     "INSERT INTO t VALUES (1, 5, 5) ON CONFLICT (b) DO NOTHING"],
    ["CREATE TABLE t(a, b, UNIQUE (a, b) ON CONFLICT REPLACE)", "CREATE UNIQUE INDEX i ON t(b)",
     "INSERT INTO t VALUES (1, 1), (2, 2)", "PRAGMA index_list(t)",
     "INSERT INTO t VALUES (1, 2)", "INSERT INTO t VALUES (1, 1)", "CREATE INDEX j ON t(a)",
     "PRAGMA index_list(t)"],
    ["CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE UNIQUE ON CONFLICT IGNORE, b)",
     "INSERT INTO t VALUES (1, 1)", "INSERT INTO t VALUES (1, 2)", "PRAGMA index_list(t)"],
    ["CREATE TABLE t(a NOT NULL ON CONFLICT REPLACE DEFAULT 7, b NOT NULL ON CONFLICT FAIL, "
     "c NOT NULL ON CONFLICT IGNORE)", "INSERT INTO t VALUES (NULL, 1, 1)",
     "INSERT INTO t VALUES (NULL, NULL, 1)", "INSERT INTO t VALUES (NULL, 1, NULL)",
     "INSERT INTO t VALUES (1, NULL, NULL)", "UPDATE t SET a = NULL, c = NULL",
     "UPDATE t SET a = NULL", "UPDATE OR FAIL t SET a = NULL"],
    ["CREATE TABLE t(a NOT NULL ON CONFLICT REPLACE DEFAULT NULL, b)",
     "INSERT INTO t VALUES (NULL, 1)"],
    ["CREATE TABLE t(a INT NOT NULL ON CONFLICT REPLACE DEFAULT 3, "
     "b AS (a * 2) STORED NOT NULL ON CONFLICT IGNORE)", "INSERT INTO t(a) VALUES (NULL)",
     "SELECT * FROM t"],
]


@pytest.mark.parametrize("steps", ORDER, ids=range(len(ORDER)))
def test_replace_constraints_are_checked_last(steps):
    assert_same(steps + ["SELECT changes(), total_changes()"])


# -- the grammar -------------------------------------------------------------------------------

DDL = [
    "CREATE TABLE t(a CHECK (a > 0) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a, CHECK (a > 0) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a REFERENCES p(x) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a REFERENCES p ON DELETE SET NULL NOT NULL ON CONFLICT IGNORE)",
    "CREATE TABLE t(a DEFAULT (1) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a DEFAULT NULL ON CONFLICT IGNORE)",
    "CREATE TABLE t(a AS (1) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a COLLATE nocase ON CONFLICT IGNORE)",
    "CREATE TABLE t(a TEXT ON CONFLICT IGNORE)",
    "CREATE TABLE t(a NULL ON CONFLICT IGNORE)",
    "CREATE TABLE t(a, FOREIGN KEY (a) REFERENCES p(x) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a, UNIQUE (a) ON CONFLICT bogus)",
    "CREATE TABLE t(a, UNIQUE (a) ON CONFLICT)",
    "CREATE TABLE t(a UNIQUE ON)",
    "CREATE TABLE t(a, CHECK (a) ON CONFLICT ROLLBACK)",
    "CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT ON CONFLICT FAIL)",
    "CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT FAIL AUTOINCREMENT)",
    "CREATE TABLE t(a INT PRIMARY KEY DESC ON CONFLICT FAIL)",
    "CREATE TABLE t(a NOT NULL ON CONFLICT IGNORE ON CONFLICT FAIL)",
    "CREATE TABLE t(a NOT NULL ON CONFLICT IGNORE NOT NULL ON CONFLICT FAIL)",
    "CREATE TABLE t(a, UNIQUE (a) ON CONFLICT IGNORE UNIQUE (a) ON CONFLICT IGNORE)",
    "CREATE TABLE t(a UNIQUE ON CONFLICT IGNORE UNIQUE ON CONFLICT FAIL)",
    "CREATE TABLE t(a UNIQUE ON CONFLICT IGNORE, UNIQUE (a))",
    "CREATE TABLE t(a, b, UNIQUE (a) ON CONFLICT IGNORE, UNIQUE (a COLLATE nocase) "
    "ON CONFLICT FAIL)",
    "CREATE TABLE t(a, PRIMARY KEY (a) ON CONFLICT IGNORE, UNIQUE (a) ON CONFLICT FAIL)",
    "CREATE TABLE t(a PRIMARY KEY ON CONFLICT IGNORE, UNIQUE (a))",
    "CREATE TABLE t(a CONSTRAINT n NOT NULL ON CONFLICT FAIL CONSTRAINT m UNIQUE "
    "ON CONFLICT REPLACE)",
    "CREATE TABLE t(a, CONSTRAINT k PRIMARY KEY (a) ON CONFLICT ROLLBACK CHECK (a > 0) "
    "ON CONFLICT IGNORE)",
]


_POSITION = re.compile(r" \(line \d+, column \d+\)$")


def _without_position(outcome: tuple) -> tuple:
    """A step's outcome without the position RowanDB adds to a syntax error's message."""
    if outcome[0] != "error":
        return outcome
    return outcome[:2] + (_POSITION.sub("", outcome[2]),) + outcome[3:]


def assert_same_parse(steps: list) -> None:
    """``assert_same`` for steps that may be syntax errors."""
    mine, theirs = run_rowandb(steps), run_sqlite(steps)
    for step, a, b in zip(steps, mine[0], theirs[0]):
        assert _without_position(a) == b, f"{step}\n  rowandb: {a}\n  sqlite:  {b}"
    assert mine[1] == theirs[1]


@pytest.mark.parametrize("ddl", DDL)
def test_the_clauses_are_parsed_as_sqlite_parses_them(ddl):
    assert_same_parse([ddl, "SELECT type, name, sql FROM sqlite_schema ORDER BY name",
                 "PRAGMA index_list(t)", "INSERT INTO t(a) VALUES (NULL)",
                 "INSERT INTO t(a) VALUES (1)", "INSERT INTO t(a) VALUES (1)"])


# -- foreign keys and triggers -----------------------------------------------------------------

def test_replace_deletions_run_foreign_key_actions():
    assert_same([
        "CREATE TABLE p(id INTEGER PRIMARY KEY ON CONFLICT REPLACE, k UNIQUE ON CONFLICT REPLACE)",
        "CREATE TABLE c(x UNIQUE ON CONFLICT REPLACE, pid REFERENCES p ON DELETE CASCADE, "
        "pk REFERENCES p(k) ON DELETE SET NULL)",
        "INSERT INTO p VALUES (1, 'a'), (2, 'b')", "INSERT INTO c VALUES (1, 1, 'a'), (2, 2, 'b')",
        "INSERT INTO c VALUES (1, 5, NULL)", "INSERT INTO c VALUES (1, 2, 'b')",
        "INSERT INTO p VALUES (1, 'z')", "SELECT * FROM c ORDER BY x",
        "INSERT INTO p VALUES (3, 'b')", "SELECT * FROM c ORDER BY x",
        "UPDATE c SET x = 2 WHERE x = 1", "SELECT * FROM c", "SELECT changes(), total_changes()",
    ])


TRIGGER_SETUP = [
    "CREATE TABLE t(a UNIQUE ON CONFLICT IGNORE, b NOT NULL ON CONFLICT FAIL)",
    "CREATE TABLE log(x)", "CREATE TABLE seen(x)",
    "CREATE TRIGGER ti AFTER INSERT ON log BEGIN INSERT INTO t VALUES (new.x, new.x); "
    "INSERT OR ROLLBACK INTO t VALUES (new.x, NULL); END",
    "CREATE TRIGGER td AFTER DELETE ON t BEGIN INSERT INTO seen VALUES (old.a); END",
    "INSERT INTO t VALUES (1, 1)",
]


@pytest.mark.parametrize("orc", ORS)
def test_a_trigger_step_takes_the_outer_clause_else_its_own_else_the_constraint_s(orc):
    assert_same(TRIGGER_SETUP + [
        "BEGIN", f"INSERT {orc}INTO log VALUES (1)", "SELECT * FROM t ORDER BY a",
        "SELECT * FROM seen", "COMMIT", "SELECT changes(), total_changes()",
        f"INSERT {orc}INTO log VALUES (2)", "SELECT * FROM t ORDER BY a",
    ])


@pytest.mark.parametrize("recursive", ["ON", "OFF"])
def test_replace_deletions_fire_delete_triggers_when_recursive(recursive):
    assert_same([
        f"PRAGMA recursive_triggers = {recursive}",
        "CREATE TABLE t(a UNIQUE ON CONFLICT REPLACE, b)", "CREATE TABLE log(x)",
        "CREATE TRIGGER d AFTER DELETE ON t BEGIN INSERT INTO log VALUES (old.b); END",
        "INSERT INTO t VALUES (1, 1)", "INSERT INTO t VALUES (1, 2)",
        "UPDATE t SET b = 3", "INSERT INTO t VALUES (2, 4)", "UPDATE t SET a = 1 WHERE a = 2",
        "SELECT * FROM log", "SELECT * FROM t", "SELECT changes(), total_changes()",
    ])


# -- ALTER TABLE and the database on disk -------------------------------------------------------

def test_alter_table_keeps_the_clauses():
    assert_same([
        "CREATE TABLE t(a NOT NULL ON CONFLICT IGNORE, b UNIQUE ON CONFLICT REPLACE, c)",
        "INSERT INTO t VALUES (1, 1, 1)",
        "ALTER TABLE t ADD COLUMN d NOT NULL ON CONFLICT REPLACE DEFAULT 3",
        "ALTER TABLE t RENAME COLUMN a TO x", "ALTER TABLE t RENAME TO u",
        "ALTER TABLE u DROP COLUMN c", "SELECT sql FROM sqlite_schema",
        "INSERT INTO u VALUES (NULL, 5, 1)", "INSERT INTO u VALUES (3, 1, NULL)",
        "SELECT * FROM u", "ALTER TABLE u ALTER COLUMN d DROP NOT NULL",
        "ALTER TABLE u ALTER COLUMN x SET NOT NULL ON CONFLICT FAIL",
        "INSERT INTO u VALUES (9, 9, NULL)", "SELECT sql FROM sqlite_schema",
        "BEGIN", "INSERT INTO u SELECT 10, 10, 1 UNION ALL SELECT NULL, 11, 1", "COMMIT",
        "SELECT * FROM u ORDER BY b",
        "ALTER TABLE u ALTER COLUMN x DROP NOT NULL",
        "ALTER TABLE u ALTER COLUMN x SET NOT NULL ON CONFLICT IGNORE",
        "INSERT INTO u VALUES (NULL, 12, 1)",
        "ALTER TABLE u ADD CONSTRAINT k CHECK (b < 100) ON CONFLICT IGNORE",
        "INSERT INTO u VALUES (1, 200, 1)", "SELECT sql FROM sqlite_schema",
    ])


def test_a_reopened_database_keeps_the_clauses(tmp_path):
    steps = ["CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, "
             "b NOT NULL ON CONFLICT REPLACE DEFAULT 4, c UNIQUE ON CONFLICT IGNORE, d, "
             "UNIQUE (d) ON CONFLICT FAIL)",
             "CREATE TABLE w(k PRIMARY KEY ON CONFLICT IGNORE, v) WITHOUT ROWID",
             "INSERT INTO t VALUES (1, 1, 1, 1), (2, 2, 2, 2)", "INSERT INTO w VALUES (1, 1)"]
    assert_same_after_reopening(tmp_path, steps, ["SELECT * FROM t"])
    conn = rowandb.connect(str(tmp_path / "db"), isolation_level=None)
    conn.execute("INSERT INTO t VALUES (1, NULL, 5, 5)")          # replaces row 1, b = 4
    conn.execute("INSERT INTO t VALUES (3, 3, 2, 3)")             # c ignores it
    conn.execute("INSERT INTO w VALUES (1, 2)")
    with pytest.raises(rowandb.IntegrityError, match="UNIQUE constraint failed: t.d"):
        conn.execute("INSERT INTO t VALUES (4, 4, 4, 2)")
    assert conn.execute("SELECT * FROM t").fetchall() == [(1, 4, 5, 5), (2, 2, 2, 2)]
    assert conn.execute("SELECT * FROM w").fetchall() == [(1, 1)]
    assert conn.execute("SELECT name, pk_conflict FROM SYS_COLUMNS WHERE pk_conflict "
                        "IS NOT NULL").fetchall() == [("a", "REPLACE")]
    assert conn.execute("PRAGMA index_list(t)").fetchall() == [
        (0, "sqlite_autoindex_t_2", 1, "u", 0), (1, "sqlite_autoindex_t_1", 1, "u", 0)]
    conn.close()


OLD_WIDTHS = {"SYS_COLUMNS": 10, "SYS_INDEXES": 7}


def test_a_dictionary_written_before_the_clauses_opens_with_every_constraint_abort(
        tmp_path, monkeypatch):
    """Records without the new fields (as RowanDB wrote them before) read as no clause."""
    original = dictionary_module.Dictionary._insert

    def old_insert(self, txn, sys_name, record):
        return original(self, txn, sys_name, record[:OLD_WIDTHS.get(sys_name, len(record))])
    monkeypatch.setattr(dictionary_module.Dictionary, "_insert", old_insert)
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b NOT NULL, c UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1, 1, 1)")
    conn.close()
    monkeypatch.undo()
    conn = rowandb.connect(path, isolation_level=None)
    assert [len(r) for r in conn.execute("SELECT * FROM SYS_COLUMNS").fetchall()] == [12] * 3
    assert conn.execute("SELECT notnull_conflict, pk_conflict FROM SYS_COLUMNS").fetchall() \
        == [(None, None)] * 3
    assert conn.execute("SELECT on_conflict FROM SYS_INDEXES").fetchall() == [(None,)]
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (2, 2, 2)")
    for sql, message in [("INSERT INTO t VALUES (1, 3, 3)", "t.a"),
                         ("INSERT INTO t VALUES (3, NULL, 3)", "NOT NULL constraint failed: t.b"),
                         ("INSERT INTO t VALUES (3, 3, 1)", "t.c")]:
        with pytest.raises(rowandb.IntegrityError, match=message):
            conn.execute(sql)
    conn.execute("COMMIT")                          # ABORT undid the statements alone
    assert conn.execute("SELECT * FROM t").fetchall() == [(1, 1, 1), (2, 2, 2)]
    conn.close()


# -- the fast paths ---------------------------------------------------------------------------

def test_bulk_insert_sends_a_chunk_breaking_a_clause_row_by_row(bulk_chunks):
    rows = [(i, None if i % 97 == 0 else i) for i in range(1, 400)]
    assert_same(["CREATE TABLE t(id INTEGER PRIMARY KEY, a NOT NULL ON CONFLICT IGNORE)",
                 "BEGIN", ("INSERT INTO t VALUES (?, ?)", rows[:50]),
                 ("INSERT INTO t VALUES (?, ?)", rows[50:]), "COMMIT",
                 "SELECT count(*), total(a) FROM t", "SELECT changes(), total_changes()"])
    assert True in bulk_chunks and False in bulk_chunks


def test_bulk_insert_of_a_table_with_a_unique_clause_goes_row_by_row(bulk_chunks):
    rows = [(i, i % 50) for i in range(1, 200)]
    assert_same(["CREATE TABLE t(id INTEGER PRIMARY KEY ON CONFLICT IGNORE, "
                 "a UNIQUE ON CONFLICT REPLACE)", "BEGIN",
                 ("INSERT INTO t VALUES (?, ?)", rows), ("INSERT INTO t VALUES (?, ?)", rows),
                 "COMMIT", "SELECT count(*), total(a), total(id) FROM t"])
    assert True not in bulk_chunks


@pytest.mark.parametrize("clause", CLAUSES)
@pytest.mark.parametrize("orc", ["", "OR FAIL ", "OR IGNORE ", "OR REPLACE "])
def test_narrow_and_fused_updates_meet_the_column_s_clause(narrow_updates, clause, orc):
    steps = [f"CREATE TABLE t(id INTEGER PRIMARY KEY, a REAL NOT NULL{clause} DEFAULT 7, b)",
             ("INSERT INTO t VALUES (?, ?, ?)", [(i, i * 1.5, i % 7) for i in range(1, 301)]),
             "BEGIN",
             f"UPDATE {orc}t SET a = CASE WHEN id = 150 THEN NULL ELSE a * 2 END WHERE b > 0",
             "SELECT count(*), total(a) FROM t", "SELECT changes(), total_changes()",
             f"UPDATE {orc}t SET a = CASE WHEN id = 10 THEN NULL ELSE a + 1 END",
             "SELECT count(*), total(a) FROM t", "COMMIT", "SELECT count(*), total(a) FROM t"]
    assert_same(steps)
    resolution = orc[3:-1] if orc else clause.rsplit(" ", 1)[-1] if clause else "ABORT"
    assert len(narrow_updates) == (2 if resolution in ("IGNORE", "REPLACE") else 0)


def test_an_update_of_a_replace_unique_column_goes_in_two_passes():
    assert_same(["CREATE TABLE t(a UNIQUE ON CONFLICT REPLACE, b)",
                 "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3), (4, 4)",
                 "UPDATE t SET a = a + 1", "SELECT rowid, * FROM t",
                 "UPDATE t SET a = 5 - a WHERE a > 2", "SELECT rowid, * FROM t",
                 "SELECT changes(), total_changes()"])
