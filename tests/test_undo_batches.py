"""A batch of deleted rows and a run of removed index entries take one undo entry each
(issue 12): ``Transaction.delete_rows`` logs ``UNDO_DELETE_MANY`` and
``Transaction.delete_entry_runs`` ``UNDO_REMOVE_ENTRIES`` (a packed index's run as a
``CodeBatch``), where a tuple per row and per entry made the young garbage collections of a
cascading DELETE. Each stands for the single entries it replaces: rollback, savepoints,
``rows_written_since``, ``changes.derive`` (and its fast path for a transaction that only
deleted), snapshots and recovery read it as they read those.
"""

from __future__ import annotations

import pytest

import rowandb
from rowandb.storage import changes as ch
from rowandb.storage.memory import (UNDO_DELETE, UNDO_DELETE_MANY, UNDO_REMOVE_ENTRIES,
                                    MemoryStore, expand_undo)
from rowandb.storage.packedentries import CodeBatch
from test_storage_memory import contents, make_index, make_table
from test_storage_support import close


@pytest.fixture
def store():
    return MemoryStore()


def test_deleted_rows_take_one_undo_entry_and_roll_back(store):
    table_id = make_table(store, [(r, (r, "x")) for r in range(1, 11)])
    txn = store.begin()
    mark = txn.position()
    txn.delete_row(table_id, 10)
    assert txn.delete_rows(table_id, [7, 2, 5]) == [(7, "x"), (2, "x"), (5, "x")]
    assert [u[0] for u in txn.undo] == [UNDO_DELETE, UNDO_DELETE_MANY]
    assert [(u[0], u[2]) for u in expand_undo(txn.undo)] == \
        [(UNDO_DELETE, 10), (UNDO_DELETE, 7), (UNDO_DELETE, 2), (UNDO_DELETE, 5)]
    assert txn.rows_written_since(mark, table_id) == 4
    assert txn.rows_written_since(mark, table_id, deleted=2) == 3
    assert txn.rows_written_since(mark, table_id + 1) == 0
    txn.rollback_to(mark)
    assert contents(store, table_id) == [(r, (r, "x")) for r in range(1, 11)]


@pytest.mark.parametrize("entries, packed", [
    ([((1, k), r) for k, r in [(1, 10), (1, 11), (2, 12), (3, 13), (3, 14), (4, 15)]], True),
    ([((3, "a"), 10), ((3, "b"), 11), ((3, "b"), 12), ((3, "c"), 13)], False)])
def test_removed_runs_take_one_undo_entry_and_roll_back(store, entries, packed):
    index_id = make_index(store, entries)
    prefixes = [(entries[0][0],), (entries[3][0],)] if packed else [(entries[1][0],)]
    txn = store.begin()
    run = txn.delete_entry_runs(index_id, prefixes)
    assert (type(run) is CodeBatch) == packed
    removed = [e for e in entries if (e[0],) in prefixes]
    assert list(run) == removed and len(txn.undo) == 1
    assert txn.undo[0][0] == UNDO_REMOVE_ENTRIES
    assert list(store.index(index_id).entries) == [e for e in entries if e not in removed]
    txn.rollback()
    assert list(store.index(index_id).entries) == entries


def test_the_deletes_fast_path_agrees_with_the_general_path(store, monkeypatch):
    table_id = make_table(store, [(r, (r,)) for r in range(1, 9)])
    index_id = make_index(store, [((1, r), r) for r in range(1, 9)])
    txn = store.begin()
    txn.delete_row(table_id, 8)
    txn.delete_rows(table_id, [3, 1])
    txn.delete_entry(index_id, ((1, 8), 8))
    txn.delete_entry_runs(index_id, [((1, 1),), ((1, 3),)])
    fast = ch.derive(txn.undo, store.files)
    monkeypatch.setattr(ch, "_DELETES_ONLY", frozenset())     # the general path
    general = ch.derive(txn.undo, store.files)

    def as_sets(changes):
        return (sorted((f, g, c, tuple(ops)) for f, g, c, ops in changes.tables),
                sorted((f, g, tuple(ops)) for f, g, ops in changes.indexes))
    assert as_sets(fast) == as_sets(general)
    assert sorted(op[1] for op in fast.tables[0][3]) == [1, 3, 8]


_SCHEMA = ["CREATE TABLE p(id INTEGER PRIMARY KEY)",
           "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE CASCADE)",
           "CREATE INDEX ci ON c(pid)"]


def _filled(conn) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    for sql in _SCHEMA:
        conn.execute(sql)
    conn.execute("INSERT INTO p VALUES " + ", ".join(f"({i})" for i in range(1, 101)))
    conn.execute("INSERT INTO c(pid) VALUES " +
                 ", ".join(f"({1 + i % 100})" for i in range(1, 2001)))


def test_a_cascading_delete_logs_a_few_undo_entries_not_one_per_row():
    conn = rowandb.connect(":memory:", isolation_level=None)
    _filled(conn)
    conn.execute("BEGIN")
    conn.execute("DELETE FROM p WHERE id % 10 = 0")
    assert conn.execute("SELECT count(*) FROM c").fetchall() == [(1800,)]
    assert len(conn._session.txn.undo) < 20        # 200 children, 10 parents, 200 entries
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*), sum(pid) FROM c").fetchall() == [(2000, 101000)]


def test_other_connections_snapshots_and_recovery_see_a_cascade_as_before(tmp_path):
    """A reader while the cascade is open, one whose transaction began before it
    committed, and a reopened directory see what SQLite would."""
    path = str(tmp_path / "db")
    writer = rowandb.connect(path, isolation_level=None)
    reader = rowandb.connect(path, isolation_level=None)
    _filled(writer)
    count = "SELECT count(*), sum(pid) FROM c"
    writer.execute("BEGIN")
    writer.execute("DELETE FROM p WHERE id % 10 = 0")
    assert reader.execute(count).fetchall() == [(2000, 101000)]
    assert reader.execute("SELECT count(*) FROM c WHERE pid = 10").fetchall() == [(20,)]
    writer.execute("ROLLBACK")
    reader.execute("BEGIN")
    assert reader.execute(count).fetchall() == [(2000, 101000)]
    writer.execute("DELETE FROM p WHERE id % 10 = 0")
    assert writer.execute(count).fetchall() == [(1800, 90000)]
    assert reader.execute(count).fetchall() == [(2000, 101000)]
    assert reader.execute("SELECT count(*) FROM c WHERE pid = 10").fetchall() == [(20,)]
    reader.execute("COMMIT")
    assert reader.execute(count).fetchall() == [(1800, 90000)]
    close(reader)
    close(writer)
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute(count).fetchall() == [(1800, 90000)]
    assert conn.execute("SELECT count(*) FROM c WHERE pid = 10").fetchall() == [(0,)]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)
