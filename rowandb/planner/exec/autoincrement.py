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


class _Counter:
    """One table's counter while statements use it (the outermost reads and writes it)."""

    def __init__(self):
        self.value = 0              # the counter: the largest rowid this table has handed out
        self.row = None             # rowid of the sqlite_sequence row read, if any
        self.original = None        # the counter as read; None when there was no row
        self.depth = 0              # statements using it now (a trigger's inside another)


class Sequence:
    """The AUTOINCREMENT counter of one table during one statement.

    ``open_counters`` (table file id -> counter), shared by a connection's statements, lets a
    trigger's INSERT into the table use the counter of the statement it runs inside, as
    SQLite's one counter per table and top-level statement: read when the first of them
    begins, written back when the last one ends -- never as two sqlite_sequence rows. The
    session empties it when a statement starts, so a failed one leaves nothing behind."""

    def __init__(self, table, store, dictionary, open_counters: dict | None = None):
        self.table, self.store, self.dictionary = table, store, dictionary
        self.open = open_counters if open_counters is not None else {}
        self.counter = _Counter()

    @property
    def value(self) -> int:
        return self.counter.value

    def begin(self) -> None:
        """Read the counter for a new statement (or join the one using it)."""
        counter = self.open.get(self.table.file_id)
        if counter is None:
            counter = self.open[self.table.file_id] = self._read()
        counter.depth += 1
        self.counter = counter

    def _read(self) -> _Counter:
        counter = _Counter()
        sequence = self.dictionary.table(SEQUENCE_TABLE)
        if sequence is None:
            return counter
        for rowid, record in self.store.table(sequence.file_id).scan():
            if type(record[0]) is str and record[0] == self.table.name:
                counter.row, counter.value = rowid, _integer(record[1])
                counter.original = counter.value
                break
        return counter

    def next_rowid(self, largest: int) -> int | None:
        """A new rowid for a table whose largest rowid is ``largest``; None when there is
        none left (the caller raises SQLITE_FULL)."""
        counter = self.counter
        if largest >= MAX_ROWID or counter.value >= MAX_ROWID:
            return None
        counter.value = max(largest, counter.value) + 1
        return counter.value

    def saw(self, rowid: int) -> None:
        """A row is about to get ``rowid``: the counter is at least that."""
        if rowid > self.counter.value:
            self.counter.value = rowid

    def abandon(self) -> None:
        """The statement failed (or a RAISE(IGNORE) left it): leave the counter unwritten
        by it; an enclosing statement still writes what was counted."""
        counter = self.counter
        counter.depth -= 1
        if counter.depth <= 0:
            self.open.pop(self.table.file_id, None)

    def end(self, txn) -> None:
        """Write the counter back at the end of the outermost statement using it, if that
        did not fail."""
        counter = self.counter
        counter.depth -= 1
        if counter.depth > 0:
            return
        self.open.pop(self.table.file_id, None)
        if counter.original is not None and counter.value <= counter.original:
            return
        sequence = self.dictionary.table(SEQUENCE_TABLE)
        file = self.store.table(sequence.file_id)
        record = (self.table.name, counter.value)
        old = file.get(counter.row) if counter.row is not None else None
        if old is not None:
            rowio.update_record(txn, sequence, counter.row, old, record, V.sort_key)
        else:
            rowio.insert_record(txn, sequence, file.max_rowid() + 1, record, V.sort_key)


class StatementCounters:
    """The AUTOINCREMENT counters SQLite opens for a whole statement (insert.c,
    sqlite3AutoincrementBegin/End on the top-level parse): one for each table the
    statement or any trigger program it may fire INSERTs into, read when it begins and
    written back when it ends without error -- so a DELETE whose trigger would insert into
    an AUTOINCREMENT table writes that table's (name, 0) row into an empty sqlite_sequence
    even when no trigger fired. ``tables`` come in the order SQLite codes the INSERTs (the
    statement's own table first); SQLite writes them back in the reverse order (its list
    puts each new table first), which decides the rowids of new sqlite_sequence rows. The
    INSERTs inside join these counters (``Sequence.begin``) and leave the writing to them."""

    def __init__(self, tables, store, dictionary_for, open_counters: dict):
        self.sequences = [Sequence(t, store, dictionary_for(t), open_counters) for t in tables]

    def begin(self) -> None:
        for sequence in self.sequences:
            sequence.begin()

    def end(self, txn) -> None:
        for sequence in reversed(self.sequences):
            sequence.end(txn)

    def abandon(self) -> None:
        for sequence in self.sequences:
            sequence.abandon()


def _integer(value) -> int:
    """``seq`` as SQLite's counter reads it: NULL is 0, anything else as CAST to INTEGER."""
    return 0 if value is None else V.to_integer(value)
