"""AUTOINCREMENT: a table's counter in sqlite_sequence, read and written once per statement.

SQLite's rules (sqlite.org/autoinc.html; insert.c keeps the counter in a register of the
statement), which this module follows:

- At the start of a statement that inserts into the table, the counter is the ``seq`` of the
  first sqlite_sequence row whose ``name`` is exactly the table's name, made an integer as
  SQLite's AddImm makes it (NULL and text without digits are 0, ``'7.9x'`` is 7); with no
  such row it is 0.
- A new rowid is one more than the larger of the counter and the table's largest rowid; if
  either is already the largest rowid possible, the statement fails with SQLITE_FULL
  (``database or disk is full``) -- AUTOINCREMENT never falls back to random rowids.
- Every rowid the statement places -- new or given, also for a row that OR IGNORE then
  skips, or that an upsert turns into an UPDATE -- raises the counter to at least itself.
- At the end of a statement that did not fail, the counter is written back: into the row it
  was read from, or into a new row when there was none (even when nothing was inserted),
  and only if it grew. A failed statement writes nothing, and its writes are ordinary
  writes of its transaction, so a rollback undoes them.

sqlite_sequence is an ordinary table, so writing it here goes through ``catalog.rows`` in
the statement's transaction: it is logged, checkpointed and recovered like any table.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...catalog.schema import SEQUENCE_TABLE
from ..types import values as V

MAX_ROWID = (1 << 63) - 1


class Sequence:
    """The AUTOINCREMENT counter of one table during one statement."""

    def __init__(self, table, store, dictionary):
        self.table, self.store, self.dictionary = table, store, dictionary
        self.value = 0              # the counter: the largest rowid this table has handed out
        self.row = None             # rowid of the sqlite_sequence row read, if any
        self.original = None        # the counter as read; None when there was no row

    def begin(self) -> None:
        """Read the counter for a new statement."""
        self.value, self.row, self.original = 0, None, None
        sequence = self.dictionary.table(SEQUENCE_TABLE)
        if sequence is None:
            return
        for rowid, record in self.store.table(sequence.file_id).scan():
            if type(record[0]) is str and record[0] == self.table.name:
                self.row, self.value = rowid, _integer(record[1])
                self.original = self.value
                return

    def next_rowid(self, largest: int) -> int | None:
        """A new rowid for a table whose largest rowid is ``largest``; None when there is
        none left (the caller raises SQLITE_FULL)."""
        if largest >= MAX_ROWID or self.value >= MAX_ROWID:
            return None
        self.value = max(largest, self.value) + 1
        return self.value

    def saw(self, rowid: int) -> None:
        """A row is about to get ``rowid``: the counter is at least that."""
        if rowid > self.value:
            self.value = rowid

    def end(self, txn) -> None:
        """Write the counter back at the end of a statement that did not fail."""
        if self.original is not None and self.value <= self.original:
            return
        sequence = self.dictionary.table(SEQUENCE_TABLE)
        file = self.store.table(sequence.file_id)
        record = (self.table.name, self.value)
        old = file.get(self.row) if self.row is not None else None
        if old is not None:
            rowio.update_record(txn, sequence, self.row, old, record, V.sort_key)
        else:
            rowio.insert_record(txn, sequence, file.max_rowid() + 1, record, V.sort_key)


def _integer(value) -> int:
    """``seq`` as SQLite's counter reads it: NULL is 0, anything else as CAST to INTEGER."""
    return 0 if value is None else V.to_integer(value)
