"""A DELETE done in one batch (planner/exec/batch_delete.py), against SQLite (apsw).

Every test runs the same steps on RowanDB and SQLite (``dml_differential.assert_same``:
each step's rows or error, changes() and total_changes(), and at the end every row of
every table) and checks, through the ``batches`` fixture, which DELETE statements RowanDB
did in one batch (True) and which went row by row (False) -- so a test fails if the path
is lost, or taken where something could see the rows go one by one.
"""

from __future__ import annotations

import pytest
from dml_differential import (assert_same, assert_same_after_reopening, run_rowandb,
                               run_sqlite)

from rowandb.planner.exec import batch_delete


@pytest.fixture
def batches(monkeypatch) -> list:
    """Whether each DELETE statement RowanDB ran went in one batch, in order; a batch
    also records the rows it cascaded (``cascaded``)."""
    from rowandb.planner.exec import dml
    taken: list = []
    whole, cascade = batch_delete.delete_batch, batch_delete._cascade

    def recorded(*args):
        taken.append(whole(*args))
        return taken[-1]

    def cascaded(fkeys, txn, cascades, olds):
        taken.append(("cascade", len(cascades), len(olds)))
        return cascade(fkeys, txn, cascades, olds)
    monkeypatch.setattr(dml, "delete_batch", recorded)
    monkeypatch.setattr(batch_delete, "_cascade", cascaded)
    return taken


PARENT = ["CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INT)",
          "CREATE INDEX p_n ON p(n) WHERE n > 3",
          ("INSERT INTO p VALUES (?, ?, ?)", [(i, f"p{i}", i % 7) for i in range(1, 61)])]
CHILD = ["CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p ON DELETE CASCADE, "
         "x REAL, tag TEXT)",
         "CREATE INDEX c_pid ON c(pid)", "CREATE INDEX c_tag ON c(lower(tag), x)",
         ("INSERT INTO c VALUES (?, ?, ?, ?)",
          [(i, i % 60 + 1 if i % 11 else None, float(i % 13), f"T{i % 5}")
           for i in range(1, 1201)])]
LOOK = ["SELECT count(*), total(x), count(DISTINCT pid) FROM c",
        "SELECT lower(tag), count(*) FROM c GROUP BY 1", "SELECT count(*) FROM p WHERE n > 3",
        "SELECT changes(), total_changes()", "PRAGMA integrity_check",
        "PRAGMA foreign_key_check(c)"]


def test_a_plain_delete_with_indexes_goes_in_one_batch(batches):
    steps = PARENT + ["DELETE FROM p WHERE id % 4 = 1", *LOOK,
                      "DELETE FROM p WHERE id IN (2, 2, 3) OR name = 'p3'", *LOOK,
                      "DELETE FROM p WHERE id > 1000", "DELETE FROM p", *LOOK]
    assert_same(steps)
    assert batches == [True, True, True]        # the one with no row never asks


def test_a_short_record_after_add_column(batches):
    steps = PARENT + ["ALTER TABLE p ADD COLUMN extra TEXT DEFAULT 'dflt'",
                      "CREATE INDEX p_extra ON p(extra, n)",
                      "INSERT INTO p VALUES (100, 'p100', 5, 'new')",
                      "DELETE FROM p WHERE n = 5", "SELECT extra, count(*) FROM p GROUP BY 1",
                      "PRAGMA integrity_check"]
    assert_same(steps)
    assert batches == [True]


def test_cascades_into_several_leaf_children(batches):
    steps = PARENT + CHILD + [
        "CREATE TABLE d(k NUMERIC REFERENCES p ON DELETE CASCADE, v)",
        "CREATE INDEX d_k ON d(k)",
        ("INSERT INTO d VALUES (?, ?)", [(str(i % 70), i) for i in range(500)]),
        "CREATE TABLE e(a INTEGER REFERENCES p ON DELETE CASCADE, "
        "b INTEGER REFERENCES p ON DELETE CASCADE)",
        "CREATE INDEX e_a ON e(a)", "CREATE INDEX e_b ON e(b, a)",
        ("INSERT INTO e VALUES (?, ?)", [(i % 50 + 1, (i * 7) % 60 + 1) for i in range(400)]),
        "DELETE FROM p WHERE id % 10 = 0", *LOOK,
        "SELECT count(*), count(DISTINCT k) FROM d", "SELECT count(*), total(a), total(b) FROM e",
        "DELETE FROM p WHERE name IN ('p1', 'p2', 'p3') OR id = 2", *LOOK,
        "SELECT count(*) FROM d", "SELECT count(*) FROM e"]
    assert_same(steps)
    assert batches == [("cascade", 4, 6), True, ("cascade", 4, 3), True]


def test_savepoints_and_rollback_undo_a_batch_exactly(batches):
    steps = PARENT + CHILD + [
        "BEGIN", "SAVEPOINT a", "DELETE FROM p WHERE id < 20", *LOOK,
        "SAVEPOINT b", "DELETE FROM p WHERE id % 2 = 0", *LOOK,
        "ROLLBACK TO b", *LOOK, "RELEASE b", "DELETE FROM p WHERE id = 40",
        "ROLLBACK TO a", *LOOK, "DELETE FROM p WHERE id > 50", "COMMIT", *LOOK,
        "BEGIN", "DELETE FROM p", "ROLLBACK", *LOOK]
    assert_same(steps)
    assert [b for b in batches if b is True] == [True] * 5 and len(batches) == 10


def test_deferred_constraints(batches):
    """The action runs at once, deferred or not; a deferred violation elsewhere stays
    recorded and fails the COMMIT until it is repaired."""
    deferred = [s.replace("ON DELETE CASCADE", "ON DELETE CASCADE DEFERRABLE INITIALLY "
                          "DEFERRED") if isinstance(s, str) else s for s in CHILD]
    steps = PARENT + deferred + [
        "CREATE TABLE q(k INTEGER PRIMARY KEY)",
        "CREATE TABLE w(id INTEGER PRIMARY KEY, pid INT REFERENCES p ON DELETE CASCADE, "
        "qk INT REFERENCES q DEFERRABLE INITIALLY DEFERRED)", "CREATE INDEX w_pid ON w(pid)",
        "BEGIN", "INSERT INTO c VALUES (5000, 9999, 1.0, 'orphan')",
        "INSERT INTO w VALUES (1, 7, 77), (2, 8, 88)",
        "DELETE FROM p WHERE id % 10 = 7", *LOOK, "SELECT * FROM w",
        "PRAGMA foreign_key_check(w)", "COMMIT",
        "DELETE FROM c WHERE id = 5000", "COMMIT", *LOOK,
        "BEGIN", "PRAGMA defer_foreign_keys = ON", "INSERT INTO w VALUES (3, 9, 99)",
        "DELETE FROM p WHERE id IN (8, 9)", "COMMIT", *LOOK, "SELECT * FROM w"]
    assert_same(steps)
    assert batches == [("cascade", 2, 6), True, True, ("cascade", 2, 2), True]


def test_a_child_with_a_trigger_or_children_goes_row_by_row(batches):
    extra = ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER DELETE ON c "
             "BEGIN INSERT INTO log VALUES (old.id); END"]
    assert_same(PARENT + CHILD + extra + ["DELETE FROM p WHERE id % 10 = 0", *LOOK,
                                          "SELECT count(*), total(n) FROM log",
                                          "DROP TRIGGER t", "DELETE FROM p WHERE id = 1"])
    assert batches == [False, ("cascade", 1, 1), True]
    batches.clear()
    grandchildren = ["CREATE TABLE g(id INTEGER PRIMARY KEY, cid REFERENCES c)",
                     ("INSERT INTO g VALUES (?, ?)", [(i, i * 3) for i in range(1, 200)])]
    assert_same(PARENT + CHILD + grandchildren + ["DELETE FROM p WHERE id % 10 = 0", *LOOK])
    assert batches == [False]


@pytest.mark.parametrize("trigger", [
    "CREATE TRIGGER t BEFORE DELETE ON p BEGIN INSERT INTO log "
    "SELECT count(*) FROM c; END",
    "CREATE TEMP TRIGGER t AFTER DELETE ON p BEGIN INSERT INTO log "
    "SELECT count(*) FROM c; END"])
def test_a_parent_with_a_trigger_sees_the_cascades_row_by_row(batches, trigger):
    steps = PARENT + CHILD + ["CREATE TABLE log(n)", trigger,
                              "DELETE FROM p WHERE id % 10 = 0", "SELECT * FROM log", *LOOK]
    assert_same(steps)
    assert False in batches and not any(isinstance(b, tuple) for b in batches)


def test_returning_sees_the_cascades_row_by_row(batches):
    steps = PARENT + CHILD + ["DELETE FROM p WHERE id % 10 = 0 "
                              "RETURNING id, (SELECT count(*) FROM c)", *LOOK]
    assert_same(steps)
    assert batches == [False]


def test_a_self_referencing_constraint_goes_row_by_row(batches):
    steps = ["CREATE TABLE t(id INTEGER PRIMARY KEY, up REFERENCES t ON DELETE CASCADE)",
             "CREATE INDEX t_up ON t(up)",
             ("INSERT INTO t VALUES (?, ?)", [(i, i // 2 or None) for i in range(1, 300)]),
             "DELETE FROM t WHERE id IN (2, 7)", "SELECT count(*), total(id) FROM t"]
    assert_same(steps)
    assert batches == [False]


@pytest.mark.parametrize("action", ["RESTRICT", "SET NULL", "NO ACTION", "SET DEFAULT"])
def test_another_action_beside_the_cascade_goes_row_by_row(batches, action):
    """The statement fails half way for RESTRICT and NO ACTION: every row is undone, and
    total_changes() keeps the cascades of the parents before the failure."""
    steps = PARENT + CHILD + [
        f"CREATE TABLE r(id INTEGER PRIMARY KEY, pid INT DEFAULT 1 REFERENCES p "
        f"ON DELETE {action})",
        "CREATE INDEX r_pid ON r(pid)", "INSERT INTO r VALUES (1, 30), (2, 45)",
        "DELETE FROM p WHERE id % 10 = 0", *LOOK, "SELECT * FROM r",
        "DELETE FROM p WHERE id % 10 = 1", *LOOK, "SELECT * FROM r"]
    assert_same(steps)
    assert batches == [False, False]


def test_a_broken_constraint_of_a_child_fails_as_sqlite_does(batches):
    steps = PARENT + CHILD + [
        "CREATE TABLE q(k INTEGER)", "PRAGMA foreign_keys = OFF",
        "ALTER TABLE c ADD COLUMN qk REFERENCES q(k)", "DELETE FROM p WHERE id = 2",
        "PRAGMA foreign_keys = ON", "DELETE FROM p WHERE id = 3", *LOOK,
        "DELETE FROM p WHERE id = 1000", "PRAGMA foreign_keys = OFF", "DROP TABLE q",
        "PRAGMA foreign_keys = ON", "DELETE FROM p WHERE id = 4", *LOOK]
    assert_same(steps)
    # foreign keys off: no cascade, one batch; on, SQLite and RowanDB (fkprepare.py)
    # refuse the others as they compile them, before a row is read
    assert batches == [True]


def test_foreign_keys_off_deletes_no_child(batches):
    steps = PARENT + CHILD + ["PRAGMA foreign_keys = OFF", "DELETE FROM p WHERE id < 30",
                              "PRAGMA foreign_keys = ON", *LOOK]
    assert_same(steps)
    assert batches == [True]


def test_a_child_key_converted_by_its_affinity(batches):
    """``old.parent = child`` converts by the child's affinity alone: a NUMERIC child of a
    TEXT parent key finds '5' as 5 through its index, whose other values stay as they are."""
    steps = ["CREATE TABLE p(k TEXT PRIMARY KEY COLLATE NOCASE)",
             "CREATE TABLE c(k NUMERIC REFERENCES p ON DELETE CASCADE, v)",
             "CREATE INDEX c_k ON c(k COLLATE NOCASE)",
             ("INSERT INTO p VALUES (?)", [("5",), ("07",), ("x",), ("Ab",)]),
             ("INSERT INTO c VALUES (?, ?)", [("5", 1), (5, 2), ("07", 3), (7, 4), ("x", 5),
                                              ("X", 6), ("ab", 7), ("Ab", 8), (None, 9)]),
             "PRAGMA foreign_keys = OFF", "INSERT INTO c VALUES (5.0, 10)",
             "PRAGMA foreign_keys = ON",
             "DELETE FROM p WHERE k IN ('5', '07', 'AB', 'x')",
             "SELECT k, typeof(k), v FROM c ORDER BY v", "PRAGMA foreign_key_check"]
    assert_same(steps)
    assert ("cascade", 1, 4) in batches


def test_inside_a_trigger_and_inside_an_action(batches):
    """A DELETE in a trigger's program goes in one batch; one in a trigger fired by a
    foreign-key action (the actions running) goes row by row."""
    steps = PARENT + CHILD + [
        "CREATE TABLE x(v)", "CREATE TRIGGER tx AFTER INSERT ON x BEGIN "
        "DELETE FROM p WHERE id % 10 = new.v; END",
        "INSERT INTO x VALUES (3)", *LOOK,
        "CREATE TABLE o(id INTEGER PRIMARY KEY)",
        "CREATE TABLE oc(oid REFERENCES o ON DELETE CASCADE, v)",
        "CREATE TRIGGER toc AFTER DELETE ON oc BEGIN DELETE FROM p WHERE id = old.v; END",
        "INSERT INTO o VALUES (1)", "INSERT INTO oc VALUES (1, 5), (1, 6)",
        "DELETE FROM o", *LOOK]
    assert_same(steps)
    assert batches[:2] == [("cascade", 1, 6), True]
    assert batches[2:] == [False, False, False]       # DELETE FROM o; the trigger's two


def test_drop_table_deletes_row_by_row(batches):
    """DROP TABLE's implicit DELETE. (Only the rows are compared: changes() after DROP
    TABLE is not yet SQLite's, which counts that DELETE's rows.)"""
    steps = PARENT + CHILD + ["DROP TABLE p", "SELECT count(*), total(pid) FROM c"]
    mine, theirs = run_rowandb(steps), run_sqlite(steps)
    assert mine[0][-1][:2] == theirs[0][-1][:2] and mine[1] == theirs[1]
    assert batches == [False]


def test_a_batch_on_disk_survives_reopening(tmp_path, batches):
    """The batch writes the same undo entries, so the redo log carries the deletions."""
    queries = ["SELECT count(*), total(x), count(DISTINCT pid) FROM c",
               "SELECT count(*), total(n) FROM p", "PRAGMA integrity_check"]
    assert_same_after_reopening(tmp_path, PARENT + CHILD + [
        "DELETE FROM p WHERE id % 3 = 1", "BEGIN", "DELETE FROM p WHERE id % 3 = 2",
        "ROLLBACK", "DELETE FROM p WHERE n = 5"], queries)
    assert [b for b in batches if isinstance(b, tuple)] == [("cascade", 1, 20),
                                                            ("cascade", 1, 20),
                                                            ("cascade", 1, 6)]


# -- the generated loop of a DELETE's filtered full scan (fused_scan.py) ------------------

MIXED = ["CREATE TABLE m(a INTEGER, b REAL, c TEXT, d, e NUMERIC)",
         ("INSERT INTO m VALUES (?, ?, ?, ?, ?)",
          [(i if i % 9 else None, i / 4 if i % 7 else None, str(i % 13) if i % 5 else f"x{i}",
            [i, str(i), float(i), None, b"\x01"][i % 5], str(i % 17) if i % 3 else i % 17)
           for i in range(-20, 200)])]


@pytest.mark.parametrize("where, params", [
    ("a % 10 = 0", ()), ("a % 3 = 1 AND b > 10", ()), ("c = 7", ()), ("c > '5'", ()),
    ("d = '12'", ()), ("d = 12", ()), ("e < 5 AND a - 100 >= -50", ()), ("-a > -20", ()),
    ("b * 2 = a / 2", ()), ("c = 'x5' COLLATE NOCASE", ()), ("a = ?", (30,)), ("c = ?", (7,)),
    ("e = ?", ("8",)), ("b <> ? AND a % ? = 0", (12.5, 4)), ("a", ()), ("b - 3", ()),
    ("a % -3 = 1", ()), ("rowid % 4 = 0 AND a <= 150", ()), ("a BETWEEN 3 AND 9", ()),
    ("", ())])
def test_a_delete_finds_its_rows_through_the_generated_loop(where, params):
    from rowandb.planner.exec import fused_scan
    before = fused_scan.stats["scans"]
    clause = f" WHERE {where}" if where else ""
    steps = MIXED + [(f"DELETE FROM m{clause}", [params]),
                     "SELECT count(*), total(a), total(b) FROM m",
                     "BEGIN", (f"DELETE FROM m{clause}", [params]), "ROLLBACK"]
    assert_same(steps)
    assert fused_scan.stats["scans"] == before + 2


@pytest.mark.parametrize("where", ["a IN (1, 2, 3)", "abs(a) = 5", "c LIKE '1%'",
                                   "a = 5 OR b = 2", "a + 0.5 > b", "rowid = 7",
                                   "a > (SELECT 50)"])
def test_other_where_clauses_take_the_row_finder(where):
    from rowandb.planner.exec import fused_scan
    before = fused_scan.stats["scans"]
    assert_same(MIXED + [f"DELETE FROM m WHERE {where}", "SELECT count(*) FROM m"])
    assert fused_scan.stats["scans"] == before


def test_short_records_after_add_column_take_the_row_finder():
    from rowandb.planner.exec import fused_scan
    before = fused_scan.stats["scans"]
    assert_same(MIXED + ["ALTER TABLE m ADD COLUMN f DEFAULT 3",
                         "DELETE FROM m WHERE f = 3 AND a % 2 = 0", "SELECT count(*) FROM m",
                         "UPDATE m SET f = 4 WHERE a % 3 = 0",
                         "DELETE FROM m WHERE f = 3", "SELECT count(*), total(f) FROM m"])
    assert fused_scan.stats["scans"] == before


def test_temp_tables_go_in_one_batch(batches):
    steps = [s.replace("CREATE TABLE", "CREATE TEMP TABLE") if isinstance(s, str) else s
             for s in PARENT + CHILD] + [
        "BEGIN", "DELETE FROM p WHERE id % 10 = 0", *LOOK, "ROLLBACK", *LOOK,
        "DELETE FROM p WHERE id % 10 = 0", *LOOK]
    assert_same(steps)
    assert batches == [("cascade", 1, 6), True] * 2
