"""The generated UPDATE loop (planner/exec/fused_update.py) against SQLite (apsw).

Every test compares each step's outcome (rows, error class and message, changes() and
total_changes()) and the final tables with SQLite (dml_differential.py), and proves with a
counter whether the generated loop ran: the values of mixed storage classes the fused
arithmetic and comparisons meet, NULL into NOT NULL under every conflict clause, a plain
index on the column set, statement and savepoint rollback, an interrupt part-way, the
redo log on disk, and the shapes it leaves to ``update_narrow``.
"""

from __future__ import annotations

import os

import apsw
import pytest

import rowandb
from dml_differential import _dump, assert_same, run_sqlite
from rowandb.planner.exec import fused_update


@pytest.fixture
def fused_runs(monkeypatch) -> list:
    """One entry per narrow UPDATE that had a generated loop: whether it ran (True),
    stopped on an error ("raised") or gave way to the row-by-row loop (False, a table
    with ADD COLUMN's fill)."""
    runs: list = []
    original = fused_update.FusedUpdate.run

    def counted(self, *args):
        try:
            ran = original(self, *args)
        except BaseException:
            runs.append("raised")
            raise
        runs.append(ran)
        return ran
    monkeypatch.setattr(fused_update.FusedUpdate, "run", counted)
    return runs


VALUES = [1, -7, 0, 2.5, -3.75, -0.0, 1e308, float("inf"), 9223372036854775807,
          -9223372036854775808, "12", " 4.5 ", "abc", "-3", b"\x01\x02", None, 4611686018427387904]
MIXED = ["CREATE TABLE m(id INTEGER PRIMARY KEY, a, b REAL, c INTEGER, d TEXT, e NUMERIC, "
         "f NOT NULL DEFAULT 'dflt')",
         ("INSERT INTO m VALUES (?, ?, ?, ?, ?, ?, ?)",
          [(i, VALUES[i % len(VALUES)], VALUES[(i * 3) % len(VALUES)],
            VALUES[(i * 5) % len(VALUES)], VALUES[(i * 7) % len(VALUES)],
            VALUES[(i * 11) % len(VALUES)], i) for i in range(1, 120)])]
DUMP = ["SELECT * FROM m ORDER BY id", "SELECT changes(), total_changes()"]


@pytest.mark.parametrize("sql", [
    "UPDATE m SET b = b + 1 WHERE id % 2 = 0",
    "UPDATE m SET a = a + 1, b = b - 2.5, c = c - 3, d = d + 1, e = e + 0.5",
    "UPDATE m SET a = a * 2, b = b / 0, c = c % 7, d = a % -3, e = e / 3 WHERE a % 3 = 1",
    "UPDATE m SET c = c + 9223372036854775800 WHERE c > 0",
    "UPDATE m SET a = b * c WHERE a < 10 AND b >= -4 AND c <> 0",
    "UPDATE m SET e = a - b WHERE d = 'abc'",
    "UPDATE m SET d = e, e = d WHERE -a = +c",
    "UPDATE m SET b = -b WHERE c >= '3' AND d < 5 AND e = 2.5",
    "UPDATE m SET a = 'x', b = 7, c = 2.0, d = 3, e = '0x10' WHERE rowid % 5 = 4",
    "UPDATE m SET a = a % 0, b = rowid + 0.5 WHERE id % 4 > 1",
    "UPDATE m SET b = b + 1e308, c = -c WHERE 1",
])
def test_mixed_values_take_the_generated_loop(fused_runs, sql):
    assert_same(MIXED + [sql] + DUMP)
    assert fused_runs == [True]


def test_parameters_take_the_generated_loop(fused_runs):
    steps = MIXED + [("UPDATE m SET a = a + ?, d = ? WHERE c >= ?",
                      [(1, "p", 0), (2.5, None, -5), ("7", b"b", 10)])] + DUMP
    assert_same(steps)
    assert fused_runs == [True, True, True]


@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR REPLACE ", "OR FAIL ",
                                      "OR ABORT ", "OR ROLLBACK "])
def test_a_null_into_not_null_meets_its_conflict_clause(fused_runs, conflict):
    sql = f"UPDATE {conflict}m SET f = f / (id - 60), b = b + 1 WHERE id % 7 > 0"
    assert_same(MIXED + ["BEGIN", sql, *DUMP, "COMMIT", *DUMP])
    assert fused_runs == ["raised" if conflict in ("", "OR FAIL ", "OR ABORT ", "OR ROLLBACK ")
                          else True]


def test_an_index_on_the_column_set_follows_its_rows(fused_runs):
    steps = MIXED + ["CREATE INDEX m_c ON m(c)", "CREATE INDEX m_ab ON m(a, b)",
                     "UPDATE m SET c = c + 1, b = b * 2 WHERE id % 3 = 0",
                     "SELECT id FROM m WHERE c = 2 ORDER BY id",
                     "SELECT id FROM m WHERE a = 1 AND b > 0 ORDER BY id",
                     "PRAGMA integrity_check", *DUMP]
    assert_same(steps)
    assert fused_runs == [True]


def test_rollback_and_savepoints_restore_the_rows(fused_runs):
    steps = MIXED + ["BEGIN", "UPDATE m SET b = b + 1", "ROLLBACK", *DUMP,
                     "BEGIN", "UPDATE m SET c = c + 1 WHERE id % 5 < 3", "SAVEPOINT s",
                     "UPDATE m SET c = c + 100 WHERE id % 5 > 1", *DUMP, "ROLLBACK TO s",
                     *DUMP, "UPDATE m SET a = a + 1 WHERE id % 2 = 1", "RELEASE s", "COMMIT",
                     *DUMP]
    assert_same(steps)
    assert fused_runs == [True] * 4


def test_an_interrupt_part_way_leaves_the_table_as_before(fused_runs):
    def interrupt_soon(conn):
        calls = []

        def handler():
            calls.append(1)
            return len(calls) > 3
        conn.set_progress_handler(handler, 1)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    theirs = apsw.Connection(":memory:")
    for conn in (rowan, theirs):
        conn.execute(MIXED[0])
        conn.executemany(*MIXED[1])
        interrupt_soon(conn)
    sql = "UPDATE m SET c = c + 1 WHERE id % 2 = 0"
    with pytest.raises(rowandb.OperationalError, match="interrupted"):
        rowan.execute(sql)
    with pytest.raises(apsw.InterruptError):
        theirs.execute(sql)
    for conn in (rowan, theirs):
        conn.set_progress_handler(None, 0)
    assert fused_runs == ["raised"]
    assert _dump(lambda q: rowan.execute(q).fetchall()) == \
        _dump(lambda q: list(theirs.execute(q)))


def test_the_redo_log_keeps_the_rows_on_disk(fused_runs, tmp_path):
    steps = MIXED + ["UPDATE m SET b = b + 1, c = c * 3 WHERE id % 2 = 0",
                     "BEGIN", "UPDATE m SET a = a - 1", "INSERT INTO m(id, f) VALUES (500, 1)",
                     "UPDATE m SET a = a - 1 WHERE id % 9 = 0", "DELETE FROM m WHERE id = 3",
                     "COMMIT", "BEGIN", "UPDATE m SET e = 0", "ROLLBACK"]
    path = os.path.join(tmp_path, "db")
    conn = rowandb.connect(path, isolation_level=None)
    for step in steps:
        if isinstance(step, str):
            conn.execute(step)
        else:
            conn.executemany(*step)
    conn.close()
    conn = rowandb.connect(path, isolation_level=None)
    assert _dump(lambda q: conn.execute(q).fetchall()) == run_sqlite(steps)[1]
    conn.close()
    assert fused_runs == [True] * 4


@pytest.mark.parametrize("sql", [
    "UPDATE m SET b = abs(b) WHERE id % 2 = 0",                 # a function
    "UPDATE m SET b = b + 1 WHERE d = c",                       # an affinity to apply
    "UPDATE m SET b = CASE WHEN a > 1 THEN 1 ELSE 2 END",       # CASE
    "UPDATE m SET b = b + 1 WHERE id % 2 = 0 OR c > 3",         # OR
    "UPDATE m SET b = b + 1 WHERE id > 100",                    # a rowid range, not a scan
    "UPDATE m SET b = b + 1 WHERE id % 2 = 0 RETURNING id, b",  # RETURNING
    "UPDATE m SET b = (SELECT max(c) FROM m) WHERE id % 2 = 0",  # a subquery
])
def test_other_shapes_keep_the_row_by_row_loop(fused_runs, sql):
    assert_same(MIXED + [sql] + DUMP)
    assert fused_runs == []


def test_a_table_with_an_added_column_keeps_the_row_by_row_loop(fused_runs):
    steps = MIXED + ["ALTER TABLE m ADD COLUMN g REAL DEFAULT 2",
                     "UPDATE m SET g = g + 1 WHERE id % 2 = 0", *DUMP]
    assert_same(steps)
    assert fused_runs == [False]


def test_other_connections_keep_their_snapshots(fused_runs, tmp_path):
    """The batch's one undo entry gives readers of older snapshots the rows as they were
    (snapshots.py: before-images from the writer's undo log and the kept history)."""
    path = os.path.join(tmp_path, "db")
    writer = rowandb.connect(path, isolation_level=None)
    writer.execute(MIXED[0])
    writer.executemany(*MIXED[1])
    reader, other = (rowandb.connect(path, isolation_level=None) for _ in range(2))
    query = "SELECT id, b, c FROM m ORDER BY id"
    before = writer.execute(query).fetchall()
    reader.execute("BEGIN")
    assert reader.execute(query).fetchall() == before             # pins its snapshot
    writer.execute("BEGIN")
    writer.execute("UPDATE m SET b = b + 1 WHERE id % 2 = 0")
    assert other.execute(query).fetchall() == before              # not committed yet
    writer.execute("COMMIT")
    after = writer.execute(query).fetchall()
    assert after != before and other.execute(query).fetchall() == after
    assert reader.execute(query).fetchall() == before             # its snapshot still
    reader.execute("COMMIT")
    assert reader.execute(query).fetchall() == after
    for conn in (writer, reader, other):
        conn.close()
    assert fused_runs == [True]


def test_a_temp_table_and_a_collation_take_the_generated_loop(fused_runs):
    steps = ["CREATE TEMP TABLE t(id INTEGER PRIMARY KEY, a REAL, b TEXT COLLATE NOCASE)",
             ("INSERT INTO t VALUES (?, ?, ?)",
              [(i, i * 1.5, "AbC" if i % 3 else "abd") for i in range(1, 60)]),
             "BEGIN", "UPDATE t SET a = a * 2 WHERE b = 'abc' AND id % 2 = 1",
             "SAVEPOINT s", "UPDATE t SET a = 0 WHERE b < 'ABD'", "ROLLBACK TO s",
             "UPDATE t SET b = b || 'x' WHERE a > 20", "COMMIT",
             "SELECT * FROM temp.t ORDER BY id", "SELECT changes(), total_changes()"]
    assert_same(steps)
    assert fused_runs == [True, True]
