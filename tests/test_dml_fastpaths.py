"""The DML fast paths against SQLite (apsw), each proved taken by a counter.

- Bulk INSERT into a child table (planner/exec/bulk.py, fkbulk.py): ``executemany`` in a
  transaction writes a chunk at once when every child key already has its parent. Chunks
  that would record a violation (immediate: the statement fails; deferred: COMMIT fails),
  a self-reference, a parent whose violations are pending, triggers, a foreign key that
  does not compile (mismatch, missing parent table) go row by row; conflict clauses,
  NULL keys, affinity conversions, AUTOINCREMENT and STRICT tables and changes() /
  total_changes() are compared with SQLite after every step (dml_differential.py).
"""

from __future__ import annotations

import pytest

from dml_differential import assert_same
from rowandb.planner.exec import bulk as bulk_module
from rowandb.sql.session import BULK_CHUNK

N = 2 * BULK_CHUNK + 37              # three chunks, the last a short one
PARENT = "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)"
PARENTS = ("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(1, 101)])


@pytest.fixture
def bulk_chunks(monkeypatch) -> list:
    """How many chunks each BulkInsert.run wrote at once (its ``taken`` after each call)."""
    taken: list = []
    original = bulk_module.BulkInsert.run

    def run(self, txn, rows):
        result = original(self, txn, rows)
        taken.append(result is not None)
        return result
    monkeypatch.setattr(bulk_module.BulkInsert, "run", run)
    return taken


def _children(key=lambda i: i % 100 + 1, n=N):
    return [(i, key(i), i * 0.5) for i in range(1, n + 1)]


def _script(child_ddl, rows, sql="INSERT INTO c VALUES (?, ?, ?)", end=("COMMIT",),
            extra=()):
    return [PARENT, child_ddl, "CREATE INDEX c_pid ON c(pid)", *extra, "BEGIN", PARENTS,
            "COMMIT", "BEGIN", (sql, rows), *end,
            "SELECT count(*), sum(pid), total(x) FROM c"]


CHILD = "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p, x REAL)"
DEFERRED = "CREATE TABLE c(id INTEGER PRIMARY KEY, " \
           "pid INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED, x REAL)"


def test_children_with_their_parents_go_in_chunks(bulk_chunks):
    assert_same(_script(CHILD, _children()))
    assert bulk_chunks == [True] * 4                        # the parents, then 3 chunks


def test_null_and_converted_keys_find_their_parents_in_chunks(bulk_chunks):
    keys = [None, "7", 7.0, 100, "0x1", " 12"]
    rows = _children(lambda i: keys[i % len(keys)] if keys[i % len(keys)] != "0x1" else 3)
    assert_same(_script(CHILD.replace("INTEGER REFERENCES", "REFERENCES"), rows))
    assert bulk_chunks.count(True) == 4


@pytest.mark.parametrize("where", [5, BULK_CHUNK + 5, N - 1])
@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR REPLACE ", "OR FAIL ",
                                      "OR ABORT ", "OR ROLLBACK "])
def test_an_immediate_orphan_fails_its_own_statement(bulk_chunks, where, conflict):
    rows = _children()
    rows[where] = (rows[where][0], 999, 0.0)
    assert_same(_script(CHILD, rows, f"INSERT {conflict}INTO c VALUES (?, ?, ?)"))
    assert bulk_chunks.count(True) == 1 + where // BULK_CHUNK       # the chunks before it


def test_a_deferred_orphan_fails_the_commit_and_its_parent_repairs_it(bulk_chunks):
    rows = _children()
    rows[BULK_CHUNK + 3] = (rows[BULK_CHUNK + 3][0], 555, 1.0)
    steps = _script(DEFERRED, rows, end=("COMMIT", "INSERT INTO p VALUES (555, 'late')",
                                         "COMMIT"))
    assert_same(steps)
    assert bulk_chunks.count(True) == 3


def test_defer_foreign_keys_counts_an_orphan_until_commit(bulk_chunks):
    rows = _children()
    rows[10] = (rows[10][0], 777, 1.0)
    assert_same(_script(CHILD, rows, end=("COMMIT", "ROLLBACK"),
                        extra=("PRAGMA defer_foreign_keys = ON",))
                [:6] + ["BEGIN", "PRAGMA defer_foreign_keys = ON",
                        ("INSERT INTO c VALUES (?, ?, ?)", rows), "COMMIT", "ROLLBACK",
                        "SELECT count(*) FROM c"])
    assert bulk_chunks.count(True) == 1 + 2


def test_a_self_reference_goes_row_by_row(bulk_chunks):
    ddl = "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES c, x REAL)"
    forward = [(i, i + 1 if i < N else None, 0.0) for i in range(1, N + 1)]
    backward = [(i, i - 1 or None, 0.0) for i in range(1, N + 1)]
    assert_same(_script(ddl, backward))
    assert_same(_script(ddl, forward))
    assert bulk_chunks.count(True) == 2                     # only the parents


def test_a_trigger_on_the_table_sees_every_row(bulk_chunks):
    log = ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER INSERT ON c "
           "BEGIN INSERT INTO log VALUES (new.id); END"]
    assert_same(_script(CHILD, _children(), extra=log))
    before = ["CREATE TABLE log(n)", "CREATE TEMP TRIGGER t BEFORE INSERT ON c "
              "BEGIN SELECT RAISE(IGNORE) WHERE new.id % 3 = 0; END"]
    assert_same(_script(CHILD, _children(), extra=before))
    assert bulk_chunks.count(True) == 2                     # only the parents


def test_an_update_trigger_does_not_stop_the_chunks(bulk_chunks):
    log = ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER UPDATE ON c "
           "BEGIN INSERT INTO log VALUES (new.id); END"]
    assert_same(_script(CHILD, _children(), extra=log))
    assert bulk_chunks.count(True) == 4


def test_pending_violations_of_a_parent_are_taken_back_row_by_row(bulk_chunks):
    steps = [PARENT, DEFERRED, "BEGIN", "INSERT INTO c VALUES (1, 50, 0)",
             "INSERT INTO c VALUES (2, 5000, 0)", PARENTS, "COMMIT",
             "INSERT INTO p VALUES (5000, 'x')", "COMMIT", "SELECT count(*) FROM p"]
    assert_same(steps)
    assert bulk_chunks == [False]


@pytest.mark.parametrize("parent", [
    "CREATE TABLE p(id INTEGER, name TEXT)",                # no unique key: mismatch
    "CREATE TABLE q(id INTEGER PRIMARY KEY, name TEXT)",    # no parent table
])
def test_a_foreign_key_that_does_not_compile_fails_as_in_sqlite(bulk_chunks, parent):
    steps = [parent, CHILD, "BEGIN", ("INSERT INTO c VALUES (?, ?, ?)", _children()),
             ("INSERT INTO c VALUES (?, ?, ?)", [(1, None, 0.0), (2, None, 1.0)]),
             "COMMIT"]
    assert_same(steps)
    assert True not in bulk_chunks


@pytest.mark.parametrize("parent_type", ["TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB"])
def test_a_unique_parent_key_converts_as_a_row_would(bulk_chunks, parent_type):
    keys = [1, "1", 1.0, "1.0", 0.0, -0.0, "0.0", "-0.0", b"1", "a", 2, "2"]
    steps = [f"CREATE TABLE p(k {parent_type} UNIQUE)",
             "CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(k), x)",
             ("INSERT OR IGNORE INTO p VALUES (?)", [(k,) for k in keys])]
    for child in ([(None, k, 0) for k in keys] * 60, [(None, "a", 0)] * N):
        steps += ["BEGIN", ("INSERT INTO c VALUES (?, ?, ?)", child), "COMMIT",
                  "SELECT count(*) FROM c"]
    assert_same(steps)
    assert True in bulk_chunks


def test_autoincrement_and_strict_children_go_in_chunks(bulk_chunks):
    ddl = ("CREATE TABLE c(id INTEGER PRIMARY KEY AUTOINCREMENT, "
           "pid INTEGER REFERENCES p, x REAL) STRICT")
    rows = [(None, i % 100 + 1, float(i)) for i in range(N)]
    assert_same(_script(ddl, rows))
    assert bulk_chunks.count(True) == 4


def test_a_trigger_on_a_table_without_foreign_keys_sees_every_row(bulk_chunks):
    steps = ["CREATE TABLE t(a, b)", "CREATE TABLE log(n)",
             "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END",
             "BEGIN", ("INSERT INTO t VALUES (?, ?)", [(i, i) for i in range(N)]), "COMMIT",
             "SELECT count(*) FROM log"]
    assert_same(steps)
    assert bulk_chunks == [False] * 3
