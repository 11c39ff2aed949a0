"""An ALTER TABLE ADD COLUMN that is rolled back (ROLLBACK, ROLLBACK TO) or fails (a CHECK
or STRICT type the existing rows break) leaves no trace in the rows (issue 8).

ADD COLUMN writes no row: the table file's *fill* pads the records written before it
(storage/memory.py, ``TableFile.fill``). The fill used to stay after the ALTER was undone,
so the records read one column too many; a DROP COLUMN then copied that column into every
row, and a later ADD COLUMN read the old default instead of its own. The fill is now a
change of the transaction (``Transaction.set_fill``, undo entry ``UNDO_FILL``).

Every reader of rows is run after such an ALTER, on RowanDB and SQLite (apsw): SELECT *,
a trigger's OLD and NEW, RETURNING, UPDATE, INSERT ... SELECT, VACUUM, integrity_check,
DROP COLUMN, a TEMP table; then on disk: a reopened database, a crash at every I/O
operation of a workload holding a rolled-back ADD COLUMN, and a second connection's
snapshot while the ALTER is open.
"""

from __future__ import annotations

import pytest

import rowandb
from test_alter import assert_answers_as_sqlite
from test_storage_crash import check_crash_images
from test_storage_support import CHECKPOINT, close, oracle_states, rowan_dump, run_workload

# ways to undo an ADD COLUMN of t(a, b) holding rows: each leaves t as it was
_UNDONE = {
    "rollback": ["BEGIN", "ALTER TABLE t ADD COLUMN f DEFAULT 7", "SELECT * FROM t",
                 "ROLLBACK"],
    "rollback to": ["SAVEPOINT s", "ALTER TABLE t ADD COLUMN f DEFAULT 7", "SELECT * FROM t",
                    "ROLLBACK TO s", "RELEASE s"],
    "check fails": ["ALTER TABLE t ADD COLUMN f DEFAULT 7 CHECK (f > 7)"],
    "two, one undone": ["ALTER TABLE t ADD COLUMN e DEFAULT 'e'", "SAVEPOINT s",
                        "ALTER TABLE t ADD COLUMN f DEFAULT 7", "ROLLBACK TO s", "RELEASE s"],
}

# what reads the rows afterwards: each ends by adding a column with another default,
# which a record padded with the undone one would read wrong
_READERS = {
    "select": ["SELECT * FROM t", "SELECT t.*, rowid FROM t ORDER BY b"],
    "drop column": ["ALTER TABLE t DROP COLUMN a", "SELECT * FROM t"],
    "trigger": ["CREATE TABLE log(x)", "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN "
                "INSERT INTO log SELECT quote(old.a) || quote(old.b) || quote(new.b); END",
                "CREATE TRIGGER td BEFORE DELETE ON t BEGIN "
                "INSERT INTO log VALUES (quote(old.a) || quote(old.b)); END",
                "UPDATE t SET b = b || '!'", "DELETE FROM t WHERE a = 1",
                "SELECT * FROM log"],
    "returning": ["UPDATE t SET a = a + 10 RETURNING *", "DELETE FROM t WHERE a = 11 RETURNING *",
                  "INSERT INTO t VALUES (5, 'v') RETURNING *"],
    "update": ["UPDATE t SET a = -a", "ALTER TABLE t DROP COLUMN a"],
    "insert select": ["INSERT INTO t SELECT * FROM t", "CREATE TABLE u AS SELECT * FROM t",
                      "SELECT * FROM u"],
    "vacuum": ["VACUUM", "PRAGMA integrity_check", "ALTER TABLE t DROP COLUMN b"],
}


def _script(undone: str, reader: str) -> list:
    return ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
            *_UNDONE[undone], *_READERS[reader], "ALTER TABLE t ADD COLUMN g DEFAULT 9",
            "SELECT * FROM t", "PRAGMA integrity_check"]


@pytest.mark.parametrize("reader", _READERS)
@pytest.mark.parametrize("undone", _UNDONE)
def test_rows_read_after_an_undone_add_column_as_sqlite(undone, reader):
    assert_answers_as_sqlite(_script(undone, reader))


@pytest.mark.parametrize("script", [
    # a STRICT table's rows break the new column's type: the ALTER fails
    ["CREATE TABLE t(a INT, b INT) STRICT", "INSERT INTO t VALUES (1, 2)",
     "ALTER TABLE t ADD COLUMN f INT DEFAULT 'x'", "ALTER TABLE t DROP COLUMN a",
     "ALTER TABLE t ADD COLUMN g INT DEFAULT 9", "SELECT * FROM t"],
    # a TEMP table (its own store, reached through the routing transaction)
    ["CREATE TEMP TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)", "BEGIN",
     "ALTER TABLE t ADD COLUMN f DEFAULT 7", "ROLLBACK", "ALTER TABLE t DROP COLUMN a",
     "ALTER TABLE t ADD COLUMN g DEFAULT 9", "SELECT * FROM t"],
    # the table created in the same transaction
    ["BEGIN", "CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)", "SAVEPOINT s",
     "ALTER TABLE t ADD COLUMN f DEFAULT 7", "ROLLBACK TO s", "ALTER TABLE t DROP COLUMN a",
     "ALTER TABLE t ADD COLUMN g DEFAULT 9", "COMMIT", "SELECT * FROM t"],
    # the ALTER kept, then one after it undone: the first one's default still reads
    ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)", "BEGIN",
     "ALTER TABLE t ADD COLUMN e DEFAULT 5", "SAVEPOINT s", "ALTER TABLE t ADD COLUMN f DEFAULT 7",
     "ROLLBACK TO s", "COMMIT", "SELECT * FROM t", "ALTER TABLE t DROP COLUMN a",
     "SELECT * FROM t", "ALTER TABLE t ADD COLUMN g DEFAULT 9", "SELECT * FROM t"],
], ids=["strict type", "temp table", "created in the transaction", "an earlier add kept"])
def test_undone_add_column_cases_as_sqlite(script):
    assert_answers_as_sqlite(script)


def test_rollback_gives_the_table_file_its_old_fill_back():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t VALUES (1)")
    db = conn._session.db
    file = db.store.table(db.dictionary.table("t").file_id)
    conn.execute("ALTER TABLE t ADD COLUMN e DEFAULT 5")
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE t ADD COLUMN f DEFAULT 7")
    assert file.fill == (None, 5, 7)
    conn.execute("ROLLBACK")
    assert file.fill == (None, 5)
    conn.execute("SAVEPOINT s")
    conn.execute("ALTER TABLE t ADD COLUMN f DEFAULT 8")
    conn.execute("ROLLBACK TO s")
    assert file.fill == (None, 5)
    with pytest.raises(rowandb.OperationalError, match="CHECK constraint failed"):
        conn.execute("ALTER TABLE t ADD COLUMN f DEFAULT 8 CHECK (f < 0)")
    assert file.fill == (None, 5)


# on disk: the transaction with the undone ALTER commits other rows
_WORKLOAD = [
    ["CREATE TABLE t(a, b, c)", "INSERT INTO t VALUES (1, 2, 3), (4, 5, 6)"],
    [CHECKPOINT],
    ["SAVEPOINT s", "ALTER TABLE t ADD COLUMN f DEFAULT 7", "ROLLBACK TO s", "RELEASE s",
     "INSERT INTO t VALUES (7, 8, 9)"],
    ["ALTER TABLE t DROP COLUMN a"],
    ["ALTER TABLE t ADD COLUMN g DEFAULT 10"],
    [CHECKPOINT],
    ["UPDATE t SET b = b + 1 WHERE b > 4"],
]


def test_an_undone_add_column_is_not_on_disk_after_reopening(tmp_path):
    path = str(tmp_path / "db")
    returned, failure = run_workload(path, workload=_WORKLOAD)
    assert failure is None
    conn = rowandb.connect(path, isolation_level=None)
    assert rowan_dump(conn) == oracle_states(_WORKLOAD)[-1]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)


def test_a_rolled_back_add_column_reopens_without_its_default(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a, b)")
    conn.execute("INSERT INTO t VALUES (1, 2)")
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE t ADD COLUMN f DEFAULT 7")
    conn.execute("ROLLBACK")
    conn.execute("ALTER TABLE t DROP COLUMN a")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE t ADD COLUMN g DEFAULT 9")
    assert conn.execute("SELECT * FROM t").fetchall() == [(2, 9)]
    close(conn)


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_after_an_undone_add_column_recovers_committed_rows(tmp_path, power_loss):
    """Stopped before every disk operation, each image reopens to SQLite's state after a
    prefix of the transactions, every returned COMMIT included."""
    assert check_crash_images(tmp_path, power_loss, _WORKLOAD) > 20


def test_another_connections_snapshot_keeps_the_fill_it_saw(tmp_path):
    """A reader while an ADD COLUMN is open, and a reader whose transaction began before
    it committed, read the table file with the fill of their snapshot."""
    path = str(tmp_path / "db")
    writer = rowandb.connect(path, isolation_level=None)
    reader = rowandb.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t(a)")
    writer.execute("INSERT INTO t VALUES (1)")
    writer.execute("BEGIN")
    writer.execute("ALTER TABLE t ADD COLUMN f DEFAULT 7")
    assert reader.execute("SELECT * FROM t").fetchall() == [(1,)]
    assert _reader_fill(reader) is None
    writer.execute("ROLLBACK")
    reader.execute("BEGIN")
    assert reader.execute("SELECT * FROM t").fetchall() == [(1,)]
    writer.execute("ALTER TABLE t ADD COLUMN f DEFAULT 7")
    assert writer.execute("SELECT * FROM t").fetchall() == [(1, 7)]
    assert reader.execute("SELECT * FROM t").fetchall() == [(1,)]
    assert _reader_fill(reader) is None
    reader.execute("COMMIT")
    assert reader.execute("SELECT * FROM t").fetchall() == [(1, 7)]
    close(reader)
    close(writer)


def _reader_fill(conn):
    """The fill of t's table file as ``conn``'s snapshot reads it (its view)."""
    db = conn._session.db
    with db.lock:                       # a statement starts: the snapshot's views
        return db.store.table(db.dictionary.table("t").file_id).fill
