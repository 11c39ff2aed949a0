"""Storage layer: MemoryStore, its table and index files, and Transaction's undo log.

What the layers above rely on: rows come back in rowid order; index ranges honour prefix
bounds; every change is undone by rolling back to a savepoint (rows, index entries, created
and dropped files alike); and a dropped file's id stays taken until the dropping transaction
commits, so a rollback can always put the old file back under its old id.
"""

from __future__ import annotations

import pytest

from rowandb.errors import InternalError
from rowandb.storage.memory import IndexFile, MemoryStore, TableFile


@pytest.fixture
def store():
    return MemoryStore(file_id_bits=8, reserved_ids=(1, 2))


def make_table(store, rows=()):
    txn = store.begin()
    file_id = txn.create_file("table", "t")
    for rowid, record in rows:
        txn.insert_row(file_id, rowid, record)
    txn.commit()
    return file_id


def contents(store, file_id):
    return list(store.table(file_id).scan())


# -- files -------------------------------------------------------------------------------

def test_reserved_ids_are_bootstrapped_and_never_allocated(store):
    store.bootstrap_file(1, "table", "SYS_A")
    store.bootstrap_file(2, "index", "SYS_A_IX")
    assert isinstance(store.table(1), TableFile) and isinstance(store.index(2), IndexFile)
    txn = store.begin()
    created = {txn.create_file("table", f"t{i}") for i in range(20)}
    assert not created & {0, 1, 2}
    assert len(created) == 20


def test_table_and_index_lookups_check_the_kind(store):
    txn = store.begin()
    table_id = txn.create_file("table", "t")
    index_id = txn.create_file("index", "t_ix")
    with pytest.raises(InternalError):
        store.index(table_id)
    with pytest.raises(InternalError):
        store.table(index_id)
    with pytest.raises(InternalError):
        store.table(250)


def test_rolled_back_create_file_removes_the_file_and_frees_its_id(store):
    txn = store.begin()
    file_id = txn.create_file("table", "t")
    assert store.allocator.in_use(file_id)
    txn.rollback()
    assert file_id not in store.files
    assert not store.allocator.in_use(file_id)


def test_dropped_file_keeps_its_id_until_commit(store):
    file_id = make_table(store, [(1, ("a",))])
    txn = store.begin()
    txn.drop_file(file_id)
    assert file_id not in store.files
    assert store.allocator.in_use(file_id), "released before the drop committed"
    txn.commit()
    assert not store.allocator.in_use(file_id)


def test_rolled_back_drop_restores_the_file_with_its_rows_and_id(store):
    file_id = make_table(store, [(1, ("a",)), (2, ("b",))])
    txn = store.begin()
    txn.drop_file(file_id)
    txn.rollback()
    assert contents(store, file_id) == [(1, ("a",)), (2, ("b",))]
    assert store.allocator.in_use(file_id)
    later = store.begin()
    assert later.create_file("table", "other") != file_id


def test_drop_undone_by_savepoint_is_not_released_at_commit(store):
    file_id = make_table(store, [(1, ("a",))])
    txn = store.begin()
    mark = txn.savepoint()
    txn.drop_file(file_id)
    txn.rollback_to(mark)
    txn.commit()
    assert store.allocator.in_use(file_id)
    assert contents(store, file_id) == [(1, ("a",))]


def test_file_created_and_dropped_in_one_transaction_frees_its_id_at_commit(store):
    txn = store.begin()
    file_id = txn.create_file("index", "ix")
    txn.insert_entry(file_id, ("k", 1))
    txn.drop_file(file_id)
    assert store.allocator.in_use(file_id)
    txn.commit()
    assert not store.allocator.in_use(file_id)


# -- rows --------------------------------------------------------------------------------

def test_rows_scan_in_rowid_order_whatever_the_insert_order(store):
    file_id = make_table(store, [(5, ("e",)), (-3, ("n",)), (2, ("b",))])
    assert [rowid for rowid, _ in contents(store, file_id)] == [-3, 2, 5]
    assert store.table(file_id).max_rowid() == 5
    assert store.table(file_id).get(2) == ("b",)
    assert store.table(file_id).get(99) is None


def test_empty_table_has_max_rowid_zero(store):
    assert store.table(make_table(store)).max_rowid() == 0


def test_duplicate_rowid_is_an_internal_error(store):
    file_id = make_table(store, [(1, ("a",))])
    with pytest.raises(InternalError):
        store.begin().insert_row(file_id, 1, ("again",))


def test_scan_sees_each_original_row_once_while_the_table_changes(store):
    file_id = make_table(store, [(1, ("a",)), (2, ("b",)), (3, ("c",))])
    txn = store.begin()
    seen = []
    for rowid, record in store.table(file_id).scan():
        seen.append(rowid)
        txn.delete_row(file_id, rowid)
        txn.insert_row(file_id, rowid + 10, record)
    assert seen == [1, 2, 3]
    assert [r for r, _ in contents(store, file_id)] == [11, 12, 13]


def test_scan_reads_a_row_changed_or_deleted_meanwhile_as_it_is_now(store):
    """``TableFile.scan`` reads the record runs of a snapshot and, once the table has been
    written (``RowidMap.version``), every later row again: a later row updated meanwhile
    is seen updated, one deleted meanwhile not at all."""
    file_id = make_table(store, [(r, (str(r),)) for r in range(1, 2001)])
    txn = store.begin()
    seen = []
    for rowid, record in store.table(file_id).scan():
        seen.append((rowid, record))
        if rowid == 5:
            txn.update_row(file_id, 1500, ("new",))
            txn.update_rows(file_id, [1600, 1601], [("x",), ("y",)])
            txn.delete_row(file_id, 1700)
            txn.delete_rows(file_id, [1800, 1900])
    assert len(seen) == 1997 and seen[1499] == (1500, ("new",))
    assert seen[1599:1601] == [(1600, ("x",)), (1601, ("y",))]
    assert {1700, 1800, 1900}.isdisjoint(rowid for rowid, _ in seen)


def test_rollback_restores_inserted_deleted_and_updated_rows(store):
    file_id = make_table(store, [(1, ("a",)), (2, ("b",))])
    before = contents(store, file_id)
    txn = store.begin()
    txn.insert_row(file_id, 3, ("c",))
    assert txn.delete_row(file_id, 1) == ("a",)
    txn.update_row(file_id, 2, ("B",))
    txn.clear_table(file_id)
    assert contents(store, file_id) == []
    txn.rollback()
    assert contents(store, file_id) == before


def test_savepoints_nest(store):
    file_id = make_table(store)
    txn = store.begin()
    txn.insert_row(file_id, 1, ("a",))
    outer = txn.savepoint()
    txn.insert_row(file_id, 2, ("b",))
    inner = txn.savepoint()
    txn.update_row(file_id, 1, ("A",))
    txn.delete_row(file_id, 2)
    txn.rollback_to(inner)
    assert contents(store, file_id) == [(1, ("a",)), (2, ("b",))]
    txn.insert_row(file_id, 3, ("c",))
    txn.rollback_to(outer)
    assert contents(store, file_id) == [(1, ("a",))]
    txn.commit()
    assert contents(store, file_id) == [(1, ("a",))]


def test_rollback_to_a_savepoint_drops_the_undo_entries_after_it(store):
    """A failed statement's undo records (and the rows they reference) are released."""
    file_id = make_table(store)
    txn = store.begin()
    mark = txn.savepoint()
    txn.insert_row(file_id, 1, ("x" * 1000,))
    txn.insert_row(file_id, 2, ("y" * 1000,))
    txn.rollback_to(mark)
    assert len(txn.undo) == mark
    assert contents(store, file_id) == []


def test_commit_makes_changes_permanent(store):
    file_id = make_table(store)
    txn = store.begin()
    txn.insert_row(file_id, 1, ("a",))
    txn.commit()
    assert txn.undo == []
    txn.rollback()
    assert contents(store, file_id) == [(1, ("a",))]


# -- index entries -----------------------------------------------------------------------

def make_index(store, entries):
    txn = store.begin()
    file_id = txn.create_file("index", "ix")
    for entry in entries:
        txn.insert_entry(file_id, entry)
    txn.commit()
    return file_id


ENTRIES = [(1, "a", 10), (1, "b", 11), (2, "a", 12), (2, "a", 13), (3, "c", 14)]


def test_index_entries_stay_sorted(store):
    file_id = make_index(store, reversed(ENTRIES))
    assert list(store.index(file_id).entries) == ENTRIES


@pytest.mark.parametrize("low,high,low_inc,high_inc,expected", [
    ((2,), (2,), True, True, [12, 13]),
    ((1,), (2,), True, True, [10, 11, 12, 13]),
    ((1,), (2,), False, True, [12, 13]),
    ((1,), (3,), False, False, [12, 13]),
    ((2, "a"), (2, "a"), True, True, [12, 13]),
    (None, (1,), True, True, [10, 11]),
    ((3,), None, True, True, [14]),
    (None, None, True, True, [10, 11, 12, 13, 14]),
    ((4,), None, True, True, []),
    ((3,), (1,), True, True, []),
])
def test_index_range_uses_prefix_bounds(store, low, high, low_inc, high_inc, expected):
    file_id = make_index(store, ENTRIES)
    found = store.index(file_id).range(low, high, low_inc, high_inc)
    assert [entry[-1] for entry in found] == expected


def test_index_range_in_reverse(store):
    file_id = make_index(store, ENTRIES)
    found = store.index(file_id).range((1,), (2,), reverse=True)
    assert [entry[-1] for entry in found] == [13, 12, 11, 10]


def test_rollback_restores_index_entries(store):
    file_id = make_index(store, ENTRIES)
    txn = store.begin()
    mark = txn.savepoint()
    txn.delete_entry(file_id, (1, "a", 10))
    txn.insert_entry(file_id, (0, "z", 9))
    assert [e[-1] for e in store.index(file_id).entries] == [9, 11, 12, 13, 14]
    txn.rollback_to(mark)
    assert list(store.index(file_id).entries) == ENTRIES


def test_rows_and_entries_of_one_transaction_roll_back_together(store):
    table_id = make_table(store, [(1, ("a",))])
    index_id = make_index(store, [("a", 1)])
    txn = store.begin()
    txn.insert_row(table_id, 2, ("b",))
    txn.insert_entry(index_id, ("b", 2))
    new_table = txn.create_file("table", "t2")
    txn.insert_row(new_table, 1, ("z",))
    txn.rollback()
    assert contents(store, table_id) == [(1, ("a",))]
    assert list(store.index(index_id).entries) == [("a", 1)]
    assert new_table not in store.files


@pytest.mark.parametrize("rowids, kept", [([5, 6, 7, 8], range), ([5, 7, 8], list),
                                          ([8, 7, 6, 5], list), ([6, 5, 7, 8], list),
                                          ([9], range)])
def test_a_bulk_insert_keeps_its_rowids_for_undo_and_rolls_back(store, rowids, kept):
    """``insert_rows`` keeps consecutive ascending rowids as a ``range`` (nothing per row
    until COMMIT), any others as a list, and either rolls back to the rows before; a
    duplicate or present rowid is refused whatever the order."""
    table_id = make_table(store, [(1, ("a",))])
    txn = store.begin()
    txn.insert_rows(table_id, rowids, [(r,) for r in rowids])
    assert type(txn.undo[-1][2]) is kept and list(txn.undo[-1][2]) == rowids
    assert contents(store, table_id) == [(1, ("a",))] + [(r, (r,)) for r in sorted(rowids)]
    for bad in ([1, 2], rowids[:1] + rowids, [3, 2, 3]):
        with pytest.raises(InternalError):
            txn.insert_rows(table_id, bad, [("x",)] * len(bad))
    txn.rollback()
    assert contents(store, table_id) == [(1, ("a",))]
