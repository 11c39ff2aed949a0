"""In-memory table and index files, and the transactions that change them.

This is the storage interface every layer above uses; the durable storage (redo log,
checkpoints, recovery) implements the same interface over files on disk.

- A *table file* maps rowid -> record (a tuple of column values), kept in rowid order in a
  ``RowidMap`` (records in runs beside arrays of their rowids, no dict: ``rowruns.py``) so
  that scans come out in rowid order as SQLite's do.
- An *index file* is an ``IndexEntries`` (packedentries.py) of entries ``(key_1, ...,
  key_n, rowid)``: an index of one INTEGER column packs each entry into a 64-bit int, any
  other is a ``RunList`` (a ``SortedList`` whose sublists are tuples the garbage collector
  skips, see ``runlist.py``). The keys are
  already-encoded sort keys (see ``planner/types/values.sort_key``): storage compares them as plain
  Python tuples and knows nothing about SQL types or collations.
- Every file has a 32-bit file id from ``FileIdAllocator``; 0 means "none".

All changes go through a ``Transaction`` which keeps an undo log. A statement takes a
savepoint (a position in the undo log) before it starts and rolls back to it when it fails,
so a failed statement leaves no trace and holds on to nothing: the undo entries that
referenced the rows it built are dropped with the savepoint. Dropped files give their ids
back only when the dropping transaction commits, so an id can never be reused while a
rollback might still need the old file.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice
from operator import lt
from typing import Iterator

from sortedcontainers import SortedList

from ..errors import InternalError
from .fileids import FileIdAllocator
from .packedentries import TOP, IndexEntries
from .sharedkeys import shared, shared_batch
from .rowruns import RowidMap


class TableFile:
    """Records of one table, keyed by rowid.

    A record may be shorter than its table (ALTER TABLE ADD COLUMN writes no row): ``fill``,
    when set (``MemoryStore.set_fill``), holds a value for every column, and ``get`` and
    ``scan`` complete a short record from it, as SQLite's OP_Column reads a missing column
    as its default."""

    kind = "table"
    fill: tuple | None = None

    def __init__(self, file_id: int, name: str, generation: int = 0):
        self.file_id = file_id
        self.name = name
        self.generation = generation
        self.rows: RowidMap = RowidMap()

    def get(self, rowid: int):
        record = self.rows.get(rowid)
        fill = self.fill
        if fill is not None and record is not None and len(record) < len(fill):
            return padded(record, fill)
        return record

    def scan(self) -> Iterator[tuple[int, tuple]]:
        # Iterate over a snapshot of the rows: the statement may change the table while
        # it reads it (UPDATE t SET ... WHERE ...), and must see each original row once,
        # as it is now -- read again once the table has been written (``version``).
        rows, fill = self.rows, self.fill
        version = rows.version
        for rowid, record in rows.pairs():
            if rows.version != version:
                record = rows.get(rowid)
                if record is None:
                    continue
            yield rowid, padded(record, fill)

    def max_rowid(self) -> int:
        return self.rows.last() if self.rows else 0

    def min_rowid(self) -> int:
        return self.rows.first() if self.rows else 0

    def __len__(self) -> int:
        return len(self.rows)


def padded(record: tuple, fill: tuple | None) -> tuple:
    """``record`` completed to the width of ``fill`` (see ``TableFile``)."""
    if fill is not None and len(record) < len(fill):
        if type(fill) is LazyFill:
            return LazyRecord(record + fill[len(record):])
        return record + fill[len(record):]
    return record


class LazyValue:
    """A fill value computed from the rest of the record when it is read: a VIRTUAL column
    that ALTER TABLE ADD COLUMN added, which records older than it do not hold (the SQL
    layer's ``sql/bind/virtual_read.py`` gives the computation; storage only calls it)."""

    __slots__ = ()

    def value(self, record: tuple):
        raise NotImplementedError


class LazyFill(tuple):
    """A fill (``TableFile.fill``) holding at least one ``LazyValue``."""

    __slots__ = ()


class LazyRecord(tuple):
    """A short record completed from a ``LazyFill``: reading one of its ``LazyValue``
    positions -- by index, slice or iteration -- computes it then, so a row whose
    computation fails fails only the statements that read that column (as SQLite, which
    stores no VIRTUAL column, computes it only where it is read). ``raw`` iterates the
    values as held, the LazyValue objects included."""

    __slots__ = ()

    def __getitem__(self, i):
        v = tuple.__getitem__(self, i)
        if type(i) is slice:
            return tuple(x.value(self) if isinstance(x, LazyValue) else x for x in v)
        return v.value(self) if isinstance(v, LazyValue) else v

    def __iter__(self):
        for v in tuple.__iter__(self):
            yield v.value(self) if isinstance(v, LazyValue) else v

    def __add__(self, other):
        return tuple(self) + tuple(other)

    def __radd__(self, other):
        return tuple(other) + tuple(self)

    def raw(self):
        return tuple.__iter__(self)


def held(record: tuple) -> tuple:
    """``record``'s values with an uncomputed ``LazyValue`` as NULL: for a writer that
    computes the generated columns again anyway (an UPDATE), or a reader SQLite does not
    make compute them."""
    if type(record) is LazyRecord:
        return tuple(None if isinstance(v, LazyValue) else v for v in record.raw())
    return record


class IndexFile:
    """Sorted index entries ``(key..., rowid)``."""

    kind = "index"

    def __init__(self, file_id: int, name: str, generation: int = 0):
        self.file_id = file_id
        self.name = name
        self.generation = generation
        self.entries: IndexEntries = IndexEntries()

    def range(self, low: tuple | None, high: tuple | None,
              low_inclusive: bool = True, high_inclusive: bool = True,
              reverse: bool = False) -> list[tuple]:
        """Entries whose key prefix lies between ``low`` and ``high`` (prefix tuples)."""
        entries = self.entries
        general = entries.general
        if general is None:                     # packed: code thresholds, no positions
            found = entries.between(
                None if low is None else low if low_inclusive else low + (_TOP,),
                None if high is None else high + (_TOP,) if high_inclusive else high)
            if reverse:
                found.reverse()
            return found
        if low is not None and low is high and low_inclusive and high_inclusive:
            found = _prefix_run(general, low)
            if found is not None:
                if reverse:
                    found.reverse()
                return found
        start, stop = self._bounds(low, high, low_inclusive, high_inclusive)
        if start >= stop:
            return []
        found = entries[start:stop]
        if reverse:
            found.reverse()
        return found

    def _bounds(self, low, high, low_inclusive, high_inclusive) -> tuple[int, int]:
        entries = self.entries
        if low is None:
            start = 0
        elif low_inclusive:
            start = entries.bisect_left(low)
        else:
            start = entries.bisect_left(low + (_TOP,))
        if high is None:
            stop = len(entries)
        elif high_inclusive:
            stop = entries.bisect_left(high + (_TOP,))
        else:
            stop = entries.bisect_left(high)
        return start, stop

    def walk(self, low: tuple | None, high: tuple | None, low_inclusive: bool = True,
             high_inclusive: bool = True, reverse: bool = False):
        """The entries of ``range(...)`` one by one, copied in chunks that grow fourfold,
        each sought again after (before, in reverse) the last entry handed out: a reader
        that stops early (ORDER BY ... LIMIT) copies little, and an entry written or
        removed meanwhile is seen or not, but none is seen twice."""
        size = 16
        while True:
            start, stop = self._bounds(low, high, low_inclusive, high_inclusive)
            if start >= stop:
                return
            if reverse:
                chunk = self.entries[max(start, stop - size):stop]
                chunk.reverse()
                high, high_inclusive = chunk[-1], False
            else:
                chunk = self.entries[start:min(stop, start + size)]
                low, low_inclusive = chunk[-1], False
            yield from chunk
            size *= 4

    def first(self) -> tuple | None:
        """The smallest entry; None when the index is empty."""
        entries = self.entries
        return entries[0] if entries else None

    def __len__(self) -> int:
        return len(self.entries)


_SHORT_RUN = 8


def _prefix_run(entries: SortedList, prefix: tuple) -> list[tuple] | None:
    """The entries starting with ``prefix`` when there are at most ``_SHORT_RUN`` of them
    (the usual equality lookup), found by one bisection and a short forward walk inside
    the sublist that holds the first; None when the run is longer or reaches the end of
    that sublist (the caller then bisects for its end)."""
    maxes, k = entries._maxes, len(prefix)
    pos = bisect_left(maxes, prefix)
    if pos == len(maxes):
        return []
    sub = entries._lists[pos]
    i = bisect_left(sub, prefix)
    end = min(i + _SHORT_RUN + 1, len(sub))
    found = []
    while i < end:
        entry = sub[i]
        if entry[:k] != prefix:
            return found
        found.append(entry)
        i += 1
    return found if i == len(sub) and pos + 1 == len(maxes) else None


_TOP = TOP       # sorts after every key component (packedentries.py)


@dataclass
class Transaction:
    """An undo log over the store. Savepoints are positions in it."""

    store: "MemoryStore"
    undo: list = field(default_factory=list)
    pending_release: list = field(default_factory=list)

    # -- rows -----------------------------------------------------------------------
    def insert_row(self, file_id: int, rowid: int, record: tuple) -> None:
        rows = self.store.table(file_id).rows
        if rowid in rows:
            raise InternalError(f"rowid {rowid} already present in file {file_id}")
        rows[rowid] = record
        self.undo.append((_UNDO_INSERT, file_id, rowid))

    def insert_rows(self, file_id: int, rowids, records) -> None:
        """Insert many rows at once (bulk INSERT); every rowid must be free."""
        rows = self.store.table(file_id).rows
        n = len(rowids)
        ascending = all(map(lt, rowids, islice(rowids, 1, None)))  # so distinct, no set
        if rows.any_present(rowids, ascending) or \
                not ascending and len(set(rowids)) != n:
            raise InternalError(f"a rowid of the batch is already present in file {file_id}")
        rows.add_new(rowids, records, ascending)
        # One undo entry for the batch (its own copy of the rowids): one tuple per row
        # would cost 64 bytes a row until COMMIT, and the process keeps that memory; and
        # consecutive rowids in order (the usual bulk INSERT) are kept as a ``range``.
        if ascending and n and rowids[-1] - rowids[0] == n - 1:
            kept = range(rowids[0], rowids[0] + n)
        else:
            kept = list(rowids)
        self.undo.append((_UNDO_INSERT_MANY, file_id, kept))

    def delete_row(self, file_id: int, rowid: int) -> tuple:
        old = self.store.table(file_id).rows.pop(rowid)
        self.undo.append((_UNDO_DELETE, file_id, rowid, old))
        return old

    def delete_rows(self, file_id: int, rowids: list) -> list:
        """Delete many rows at once (a cascading DELETE, exec/fkcascade.py, or a DELETE in
        one batch, exec/batch_delete.py); every rowid is present, none twice. One undo
        entry ``(UNDO_DELETE_MANY, file_id, rowids, old records)`` stands for one
        ``UNDO_DELETE`` per row, in the same order (a tuple per row would be 10,000 new
        objects for the young garbage collections to walk, for each 10,000 rows deleted);
        the old records (as stored) are returned in the order of ``rowids``."""
        olds = self.store.table(file_id).rows.pop_many(rowids)
        self.undo.append((_UNDO_DELETE_MANY, file_id, rowids, olds))
        return olds

    def update_row(self, file_id: int, rowid: int, record: tuple) -> None:
        rows = self.store.table(file_id).rows
        old = rows[rowid]
        rows[rowid] = record
        self.undo.append((_UNDO_UPDATE, file_id, rowid, old))

    def update_rows(self, file_id: int, rowids: list, records: list) -> None:
        """Replace many existing rows at once (a fused UPDATE, exec/fused_update.py), each
        rowid at most once: one undo entry ``(UNDO_UPDATE_MANY, file_id, rowids, old
        records)`` stands for one ``UNDO_UPDATE`` per row, in the same order."""
        olds = self.store.table(file_id).rows.replace_many(rowids, records)
        self.undo.append((_UNDO_UPDATE_MANY, file_id, rowids, olds))

    def position(self) -> int:
        """A point in the undo log, for ``rows_written_since``."""
        return len(self.undo)

    def rows_written_since(self, position: int, file_id: int, deleted=None) -> int:
        """How many row writes of file ``file_id`` were made since ``position``, one
        deletion of row ``deleted`` not counted."""
        count, skip = 0, deleted is not None
        for entry in self.undo[position:]:   # islice would step over every older entry
            if entry[0] in _ROW_WRITES and entry[1] == file_id:
                count += len(entry[2]) if entry[0] in _ROW_BATCHES else 1
                if skip and (entry[0] == _UNDO_DELETE and entry[2] == deleted or
                             entry[0] == _UNDO_DELETE_MANY and deleted in entry[2]):
                    skip = False
                    count -= 1
        return count

    def files_written_since(self, position: int) -> set:
        """The files (tables and indexes) whose rows or entries changed since
        ``position``."""
        return {entry[1] for entry in self.undo[position:] if entry[0] in _FILE_WRITES}

    # -- index entries --------------------------------------------------------------
    def index_entries(self, file_id: int):
        """The entries of an index as this transaction has them (read only)."""
        return self.store.index(file_id).entries

    def insert_entry(self, file_id: int, entry: tuple) -> None:
        entries = self.store.index(file_id).entries
        if entries.general is not None:         # packed entries hold no key object
            entry = shared(entries.general, entry)  # its key shared with a neighbour's
        entries.add(entry)
        self.undo.append((_UNDO_ADD_ENTRY, file_id, entry))

    def insert_entries(self, file_id: int, entries: list) -> None:
        """Add many new entries at once (bulk INSERT), in ascending order."""
        # packed, or sorted with key objects shared (sharedkeys.py) and added as one batch
        entries = self.store.index(file_id).entries.add_batch(entries, shared_batch)
        self.undo.append((_UNDO_ADD_ENTRIES, file_id, entries))   # one for the batch

    def insert_entry_column(self, file_id: int, part, values: list, rowids) -> bool:
        """``insert_entries`` of the entries ``((part, v), rowid)`` of ``zip(values,
        rowids)`` (bulk INSERT into an index of one column), when the index packs them
        (``IndexEntries.add_column``): True; False, having changed nothing, when not --
        then the caller builds and sorts the entries for ``insert_entries``."""
        batch = self.store.index(file_id).entries.add_column(part, values, rowids)
        if batch is None:
            return False
        self.undo.append((_UNDO_ADD_ENTRIES, file_id, batch))     # as insert_entries's
        return True

    def delete_entry(self, file_id: int, entry: tuple) -> None:
        self.store.index(file_id).entries.remove(entry)
        self.undo.append((_UNDO_REMOVE_ENTRY, file_id, entry))

    def delete_entry_run(self, file_id: int, prefix: tuple) -> list:
        """Delete every entry of an index that starts with the encoded key ``prefix`` and
        return them in index order, under one ``UNDO_REMOVE_ENTRIES`` (standing for one
        ``UNDO_REMOVE_ENTRY`` each, as ``delete_entry`` logs it)."""
        return self.delete_entry_runs(file_id, [prefix])

    def delete_entry_runs(self, file_id: int, prefixes: list) -> list:
        """``delete_entry_run`` for every encoded key of ``prefixes`` (ascending, distinct,
        of one length) in one walk over the index; the entries in index order (a packed
        index's as a ``CodeBatch``, read as them: ``packedentries.rowids_of``)."""
        run = self.store.index(file_id).entries.remove_runs(prefixes, batch=True)
        if run:         # one undo entry for the run, standing for one UNDO_REMOVE_ENTRY each
            self.undo.append((_UNDO_REMOVE_ENTRIES, file_id, run))
        return run

    # -- files ----------------------------------------------------------------------
    def create_file(self, kind: str, name: str) -> int:
        store = self.store
        file_id = store.allocator.allocate()
        store.fills.pop(file_id, None)
        store.files[file_id] = (TableFile if kind == "table" else IndexFile)(
            file_id, name, store.new_generation())
        self.undo.append((_UNDO_CREATE_FILE, file_id))
        return file_id

    def drop_file(self, file_id: int) -> None:
        old = self.store.files.pop(file_id)
        self.undo.append((_UNDO_DROP_FILE, file_id, old))
        self.pending_release.append(file_id)

    def clear_table(self, file_id: int) -> None:
        """Remove every row of a table file in one undoable step."""
        table = self.store.table(file_id)
        old = table.rows
        table.rows = RowidMap()
        self.undo.append((_UNDO_CLEAR, file_id, old))

    def set_fill(self, file_id: int, fill: tuple | None) -> None:
        """Give table file ``file_id`` the fill ``fill`` (``TableFile.fill``) as a change
        of this transaction (ALTER TABLE ADD COLUMN): ROLLBACK and ROLLBACK TO put the
        fill it had back (``UNDO_FILL``), so the default of an added column that is
        rolled back, or whose ALTER failed, pads no record afterwards. The redo log holds
        no fill: a table's fill follows from its committed SYS rows (the dictionary sets
        it again when it loads the table)."""
        store = self.store
        old = store.fills.get(file_id)
        if old != fill:
            store.put_fill(file_id, fill)
            self.undo.append((_UNDO_FILL, file_id, old))

    def begin_write(self) -> None:
        """Declare that this transaction is about to write (the durable store takes its
        write lock here, before the statement reads); nothing to do in memory."""

    # -- savepoints -----------------------------------------------------------------
    def savepoint(self) -> int:
        return len(self.undo)

    def rollback_to(self, mark: int) -> None:
        store = self.store
        undo = self.undo
        while len(undo) > mark:
            _UNDO_ACTIONS[undo[-1][0]](store, self, undo.pop())

    def commit(self) -> None:
        for file_id in self.pending_release:
            if file_id not in self.store.files:
                self.store.allocator.release(file_id)
        self.pending_release.clear()
        self.undo.clear()

    def rollback(self) -> None:
        self.rollback_to(0)
        self.pending_release.clear()


(_UNDO_INSERT, _UNDO_DELETE, _UNDO_UPDATE, _UNDO_ADD_ENTRY, _UNDO_REMOVE_ENTRY,
 _UNDO_CREATE_FILE, _UNDO_DROP_FILE, _UNDO_CLEAR, _UNDO_UPDATE_MANY, _UNDO_INSERT_MANY,
 _UNDO_ADD_ENTRIES, _UNDO_FILL, _UNDO_DELETE_MANY, _UNDO_REMOVE_ENTRIES) = range(14)
# The undo entry kinds, for the durable store (storage/changes.py derives redo records).
# UNDO_INSERT_MANY, UNDO_ADD_ENTRIES and UNDO_REMOVE_ENTRIES are a batch's: ``(kind,
# file_id, [rowid or entry, ...])`` (insert_rows, insert_entries, delete_entry_runs);
# UNDO_UPDATE_MANY and UNDO_DELETE_MANY ``(kind, file_id, rowids, old records)``
# (update_rows, delete_rows); ``expand_undo`` spells the batches but UNDO_UPDATE_MANY out
# as single entries. UNDO_FILL ``(kind, file_id, fill before)`` changes no row
# (``set_fill``).
(UNDO_INSERT, UNDO_DELETE, UNDO_UPDATE, UNDO_ADD_ENTRY, UNDO_REMOVE_ENTRY,
 UNDO_CREATE_FILE, UNDO_DROP_FILE, UNDO_CLEAR, UNDO_UPDATE_MANY, UNDO_INSERT_MANY,
 UNDO_ADD_ENTRIES, UNDO_FILL, UNDO_DELETE_MANY, UNDO_REMOVE_ENTRIES) = range(14)
_SINGLE_OF = {UNDO_INSERT_MANY: UNDO_INSERT, UNDO_ADD_ENTRIES: UNDO_ADD_ENTRY,
              UNDO_REMOVE_ENTRIES: UNDO_REMOVE_ENTRY}


def expand_undo(undo: list):
    """The undo log with every batch entry spelled out as one entry per row or index
    entry, in order: for readers that walk it entry by entry."""
    for u in undo:
        single = _SINGLE_OF.get(u[0])
        if single is None:
            if u[0] == UNDO_DELETE_MANY:
                file_id = u[1]
                for rowid, old in zip(u[2], u[3]):
                    yield (UNDO_DELETE, file_id, rowid, old)
            else:
                yield u
        else:
            file_id = u[1]
            for item in u[2]:
                yield (single, file_id, item)


def _undo_insert(store, txn, entry):
    del store.table(entry[1]).rows[entry[2]]


def _undo_delete_or_update(store, txn, entry):
    store.table(entry[1]).rows[entry[2]] = entry[3]


def _undo_add_entry(store, txn, entry):
    store.index(entry[1]).entries.remove(entry[2])


def _undo_remove_entry(store, txn, entry):
    store.index(entry[1]).entries.add(entry[2])


def _undo_create_file(store, txn, entry):
    del store.files[entry[1]]
    store.allocator.release(entry[1])


def _undo_drop_file(store, txn, entry):
    store.files[entry[1]] = entry[2]
    txn.pending_release.remove(entry[1])


def _undo_clear(store, txn, entry):
    store.table(entry[1]).rows = entry[2]


def _undo_update_many(store, txn, entry):
    store.table(entry[1]).rows.replace_many(entry[2], entry[3])    # rowids all present


def _undo_insert_many(store, txn, entry):
    store.table(entry[1]).rows.pop_many(entry[2])


def _undo_add_entries(store, txn, entry):
    store.index(entry[1]).entries.remove_batch(entry[2])


def _undo_fill(store, txn, entry):
    store.put_fill(entry[1], entry[2])


def _undo_delete_many(store, txn, entry):
    store.table(entry[1]).rows.add_new(entry[2], entry[3], False)    # rowids all free


def _undo_remove_entries(store, txn, entry):
    add = store.index(entry[1]).entries.add
    for item in reversed(entry[2]):
        add(item)


_ROW_WRITES = frozenset((_UNDO_INSERT, _UNDO_DELETE, _UNDO_UPDATE, _UNDO_CLEAR,
                         _UNDO_UPDATE_MANY, _UNDO_INSERT_MANY, _UNDO_DELETE_MANY))
_ROW_BATCHES = frozenset((_UNDO_UPDATE_MANY, _UNDO_INSERT_MANY, _UNDO_DELETE_MANY))
_FILE_WRITES = _ROW_WRITES | frozenset((_UNDO_ADD_ENTRY, _UNDO_REMOVE_ENTRY, _UNDO_ADD_ENTRIES,
                                        _UNDO_REMOVE_ENTRIES))
_UNDO_ACTIONS = (_undo_insert, _undo_delete_or_update, _undo_delete_or_update,
                 _undo_add_entry, _undo_remove_entry, _undo_create_file, _undo_drop_file,
                 _undo_clear, _undo_update_many, _undo_insert_many, _undo_add_entries,
                 _undo_fill, _undo_delete_many, _undo_remove_entries)


class MemoryStore:
    """All files of one in-memory database."""

    def __init__(self, file_id_bits: int = 32, reserved_ids: tuple[int, ...] = ()):
        self.allocator = FileIdAllocator(file_id_bits, reserved=reserved_ids)
        self.files: dict[int, TableFile | IndexFile] = {}
        self.fills: dict[int, tuple] = {}   # file id -> TableFile.fill (set_fill)
        for file_id in reserved_ids:
            self.files[file_id] = None  # placed by bootstrap_file
        self.next_generation = 1

    def new_generation(self) -> int:
        """A number never given to another file of this database: tells reused ids apart."""
        generation = self.next_generation
        self.next_generation = generation + 1
        return generation

    def damaged_files(self) -> list:
        """Files whose copy on disk is damaged: none, there is no disk (see durable.py)."""
        return []

    def bootstrap_file(self, file_id: int, kind: str, name: str) -> None:
        """Create a file at a reserved id (the dictionary's own tables and indexes)."""
        self.files[file_id] = (TableFile if kind == "table" else IndexFile)(file_id, name)

    def set_fill(self, file_id: int, fill: tuple | None) -> None:
        """Values the records of table file ``file_id`` that are shorter than its table
        read for their missing columns (``TableFile.fill``); set by the dictionary when it
        loads the table. A shorter fill never replaces a longer one: a connection reading
        an older definition of the table (a snapshot from before another connection's
        ADD COLUMN) leaves the newer definition's fill in place, which pads its records
        only past the end of the table's columns as it knows them (readers take columns by
        position). An ADD COLUMN sets its fill through its transaction
        (``Transaction.set_fill``), which a rollback undoes."""
        old = self.fills.get(file_id)
        if fill is None or old is not None and len(old) > len(fill):
            return
        self.put_fill(file_id, fill)

    def put_fill(self, file_id: int, fill: tuple | None) -> None:
        """Make ``fill`` (None: none) the fill of table file ``file_id``, loaded or not."""
        if fill is None:
            self.fills.pop(file_id, None)
        else:
            self.fills[file_id] = fill
        file = self.files.get(file_id)
        if isinstance(file, TableFile):
            file.fill = fill

    def table(self, file_id: int) -> TableFile:
        file = self.files.get(file_id)
        if file is None or file.kind != "table":
            raise InternalError(f"file id {file_id} is not an open table file")
        return file

    def index(self, file_id: int) -> IndexFile:
        file = self.files.get(file_id)
        if file is None or file.kind != "index":
            raise InternalError(f"file id {file_id} is not an open index file")
        return file

    def begin(self) -> Transaction:
        return Transaction(self)

    def read_statement(self) -> None:
        """An autocommit statement that only reads is starting without a transaction
        (sql/fast_read.py): what ``begin`` would check. Nothing, in memory."""
