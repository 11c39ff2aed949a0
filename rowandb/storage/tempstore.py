"""The files of one connection's TEMP tables, and how its statements reach them.

SQLite keeps a connection's temp schema in a private database (sqlite.org/tempfiles.html:
the "TEMP database" of each connection, never shared, deleted at close). RowanDB keeps it
in a ``MemoryStore`` of the connection's own (``temp_store``), so nothing of a temp table
ever reaches the database's files or its redo log, and it goes with the connection.

The temp store hands out file ids from ``TEMP_FILE_BASE`` up -- above any id a database's
allocator can give (they are at most 62 bits) -- so one number says which store a file is
in. The executors are handed a ``RoutingStore`` and write through a ``RoutingTxn``: both
look like one store and one transaction, and send each file id to its store. The temp
store's own dictionary files keep the usual reserved ids; only that dictionary reads them,
directly from the temp store.

A ``RoutingTxn``'s savepoints are pairs (main mark, temp mark) and roll both back. A plain
integer mark was taken before the connection's first temp table appeared, when the temp
transaction was empty: it rolls the temp transaction back to its start.
"""

from __future__ import annotations

from .memory import MemoryStore

#: The first file id of the temp store's tables and indexes.
TEMP_FILE_BASE = 1 << 62


def temp_store(reserved_ids: tuple[int, ...]) -> MemoryStore:
    """A store for one connection's temp schema: its dictionary's files at
    ``reserved_ids``, every other file at ``TEMP_FILE_BASE`` or above."""
    store = MemoryStore(63, reserved_ids)
    store.allocator.take_range(max(reserved_ids) + 1, TEMP_FILE_BASE - 1)
    return store


def is_temp_file(file_id: int) -> bool:
    return file_id >= TEMP_FILE_BASE


class RoutingStore:
    """The main store and the temp store as one: files by id; everything else is main's."""

    def __init__(self, main, temp: MemoryStore):
        self.main = main
        self.temp = temp

    def __getattr__(self, name):
        return getattr(self.main, name)

    def table(self, file_id: int):
        return (self.temp if file_id >= TEMP_FILE_BASE else self.main).table(file_id)

    def index(self, file_id: int):
        return (self.temp if file_id >= TEMP_FILE_BASE else self.main).index(file_id)


class RoutingTxn:
    """A main transaction and a temp one, written and ended together."""

    def __init__(self, main, temp):
        self.main = main
        self.temp = temp

    def __getattr__(self, name):
        return getattr(self.main, name)

    def _for(self, file_id: int):
        return self.temp if file_id >= TEMP_FILE_BASE else self.main

    def position(self) -> tuple:
        return self.main.position(), self.temp.position()

    def rows_written_since(self, position: tuple, file_id: int, deleted=None) -> int:
        txn = self._for(file_id)
        return txn.rows_written_since(position[txn is self.temp], file_id, deleted)

    def files_written_since(self, position) -> set:
        """``position``: this transaction's, or main's alone when it was taken before the
        temp store opened (a statement that created the first TEMP object)."""
        main, temp = position if isinstance(position, tuple) else (position, 0)
        return self.main.files_written_since(main) | self.temp.files_written_since(temp)

    def insert_row(self, file_id, rowid, record):
        self._for(file_id).insert_row(file_id, rowid, record)

    def insert_rows(self, file_id, rowids, records):
        self._for(file_id).insert_rows(file_id, rowids, records)

    def delete_row(self, file_id, rowid):
        return self._for(file_id).delete_row(file_id, rowid)

    def delete_rows(self, file_id, rowids):
        return self._for(file_id).delete_rows(file_id, rowids)

    def delete_entry_run(self, file_id, prefix):
        return self._for(file_id).delete_entry_run(file_id, prefix)

    def delete_entry_runs(self, file_id, prefixes):
        return self._for(file_id).delete_entry_runs(file_id, prefixes)

    def update_row(self, file_id, rowid, record):
        self._for(file_id).update_row(file_id, rowid, record)

    def update_rows(self, file_id, rowids, records):
        self._for(file_id).update_rows(file_id, rowids, records)

    def index_entries(self, file_id):
        return self._for(file_id).index_entries(file_id)

    def insert_entry(self, file_id, entry):
        self._for(file_id).insert_entry(file_id, entry)

    def insert_entries(self, file_id, entries):
        self._for(file_id).insert_entries(file_id, entries)

    def insert_entry_column(self, file_id, part, values, rowids):
        return self._for(file_id).insert_entry_column(file_id, part, values, rowids)

    def delete_entry(self, file_id, entry):
        self._for(file_id).delete_entry(file_id, entry)

    def drop_file(self, file_id):
        self._for(file_id).drop_file(file_id)

    def clear_table(self, file_id):
        self._for(file_id).clear_table(file_id)

    def set_fill(self, file_id, fill):
        self._for(file_id).set_fill(file_id, fill)

    def savepoint(self):
        return self.main.savepoint(), self.temp.savepoint()

    def rollback_to(self, mark) -> None:
        main_mark, temp_mark = mark if isinstance(mark, tuple) else (mark, 0)
        self.temp.rollback_to(temp_mark)
        self.main.rollback_to(main_mark)

    def commit(self) -> None:
        self.main.commit()          # first: a failed COMMIT (a full disk) rolls both back
        self.temp.commit()

    def rollback(self) -> None:
        self.temp.rollback()
        self.main.rollback()
