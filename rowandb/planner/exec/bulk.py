"""Bulk INSERT: a chunk of parameter rows checked and written column by column.

``executemany("INSERT INTO t VALUES (?, ?, ?)", rows)`` inside a transaction is one
statement per row (``Session.execute_many``), and SQLite's rules say exactly what each row
does. When the statement only places its parameters into columns, most chunks of rows need
nothing that would make row-at-a-time execution differ from writing the whole chunk at
once: no value breaks NOT NULL, every rowid is new, no index is UNIQUE, no CHECK or
foreign key reads the row. ``BulkInsert.run`` establishes that for a whole chunk with
passes over its columns that run at C speed (``set(map(type, column))``, ``zip``) and then
writes the chunk with one call per file. A chunk in which any row might fail, or that
needs work this path does not do, is declined untouched, and the session runs it row by
row -- so errors, messages and partial effects are always those of the ordinary path.

What it declines for good (``for_insert`` returns None): a source other than one VALUES
row of bare parameters, RETURNING, CHECK constraints, UNIQUE indexes, a NOT NULL column
the statement leaves without a default. What it declines per chunk: rows of the wrong
length, a NULL for a NOT NULL column, a value of the wrong datatype for a STRICT table,
rowids that are not new distinct integers, the end of the rowid range, a table with
INSERT triggers (each row must meet them), and a chunk whose foreign keys would record or
take back a violation -- a child key without its parent row, a self-reference -- or whose
statement fails to compile against them (fkbulk.py checks the keys of the whole chunk as
sets, one parent lookup per distinct key). An AUTOINCREMENT table's new rowids also stay above its
counter, which the chunk then raises and writes back once, as its statements would.
"""

from __future__ import annotations

from itertools import islice, repeat
from operator import is_, itemgetter, lt
from math import isnan

from ...catalog import rows as rowio
from ...errors import DatabaseError
from ...storage.textorder import byte_ordered_all
from ..plan import bound as b
from ..types import values as V
from .datatypes import column_fits, strict_datatypes
from .fkbulk import chunk_satisfies

_MAX_ROWID = (1 << 63) - 1
_NONE = type(None)
_SEQUENCES = frozenset((tuple, list))
_STORAGE_CLASSES = frozenset((_NONE, int, float, str, bytes))

# The value types an affinity leaves as they are (values.apply_affinity): a column whose
# types all fall in its set needs no conversion pass.
_UNCHANGED = {
    V.TEXT: frozenset((str, bytes, _NONE)),
    V.NUMERIC: frozenset((int, bytes, _NONE)),
    V.INTEGER: frozenset((int, bytes, _NONE)),
    V.REAL: frozenset((float, bytes, _NONE)),       # -0.0 aside: see _with_affinity
}


class BulkInsert:
    """The chunk-at-a-time form of one compiled INSERT ... VALUES (?, ...)."""

    def __init__(self, table, columns: list[int], param_of: list[int], param_count: int,
                 defaults: list, ctx, sequence=None):
        self.table = table
        self.ctx = ctx
        self.param_count = param_count
        self.param_of = param_of                      # parameter slot per given column
        alias = table.rowid_alias
        self.rowid_at = next((i for i, c in enumerate(columns) if c == -1 or c == alias),
                             None)
        # (position in the record, position among the given values) of every column
        self.given = [(c if c != -1 else alias, i) for i, c in enumerate(columns)
                      if c != -1 or alias is not None]
        # a bare rowid takes no affinity (an INTEGER PRIMARY KEY's column does)
        self.affinities = [None if c == -1 else table.columns[c].affinity for c in columns]
        self.notnull = [i for i, c in enumerate(columns)
                        if c != -1 and c != alias and table.columns[c].notnull]
        given = set(columns)
        self.filled = [(c, defaults[c]) for c in range(len(table.columns))
                       if c not in given and c != alias and defaults[c] is not None]
        self.in_order = columns == list(range(len(table.columns))) and alias is None
        every = list(range(len(table.columns)))       # (the rowid alias as its column)
        self.whole_rows = [alias if c == -1 else c for c in columns] == every \
            and param_of == every
        datatypes = strict_datatypes(table)
        self.datatypes = [None if c == -1 or datatypes is None else datatypes[c] for c in columns]
        self.filled_types = [None if datatypes is None else datatypes[c] for c, _ in self.filled]
        self.sequence = sequence                      # AUTOINCREMENT counter, or None
        self.prepare = None         # the statement's foreign-key compilation (dml.py)
        self.taken = 0              # chunks written at once (tests prove the path with it)
        self.memo = None            # what the chunks of one run of writes keep (_memo)
        self._mark = None           # (transaction, its undo position) after the last write

    @classmethod
    def for_insert(cls, stmt: b.Insert, writer, defaults: list, ctx) -> "BulkInsert | None":
        """The bulk form of ``stmt``, or None when it has none (see the module docstring)."""
        source, table = stmt.source, stmt.table
        if source is None or source.values is None or len(source.values) != 1 \
                or stmt.returning is not None or writer.checks or writer.unique or stmt.upserts \
                or writer.generated.columns or None in stmt.columns:
            # generated columns, a column named twice (insert_columns.py): row by row
            return None
        row = source.values[0]
        if not all(type(e) is b.Param for e in row):
            return None
        given = set(stmt.columns)
        for c, col in enumerate(table.columns):
            if col.notnull and c not in given and c != table.rowid_alias \
                    and defaults[c] is None:
                return None                           # every row fails: let them
        param_count = max((e.index for e in row), default=-1) + 1
        return cls(table, stmt.columns, [e.index for e in row], param_count, defaults, ctx,
                   writer.sequence)

    def run(self, txn, rows: list[tuple]) -> int | None:
        """Insert every row of ``rows`` (parameter tuples or lists as the caller gave them,
        not yet bound) and return the last rowid, or None -- having written nothing -- when
        the chunk must go row by row."""
        table, n = self.table, len(rows)
        if self._fires_triggers() or not self._foreign_keys_compile():
            return None
        if not set(map(type, rows)) <= _SEQUENCES or set(map(len, rows)) != {self.param_count}:
            return None
        # a column per parameter, one C-level pass each (``zip(*rows)`` would hold an
        # iterator object per row, which the garbage collector then carries)
        values = [list(map(itemgetter(p), rows)) for p in self.param_of]
        given = values[:]
        for i, affinity in enumerate(self.affinities):
            column = _with_affinity(values[i], affinity)
            if column is None or not column_fits(column, self.datatypes[i]):
                return None
            values[i] = column
        for i in self.notnull:
            if None in values[i]:
                return None
        rowids = self._rowids(values, n)
        if rowids is None:
            return None
        columns = values if self.in_order else self._record_columns(values, rowids, n)
        if columns is None:
            return None
        memo = self._memo(txn)
        if not chunk_satisfies(self.ctx.fkeys, table, columns, memo.parents):
            return None
        records = self._records(rows, given, columns)
        # the columns are not read again: let them go before the writes, whose collections
        # (a sublist of the table or an index is a tracked array) would walk every value --
        # the loop's last column too, and the given rowids when a range stands for them
        values = given = columns = column = None
        rowids = _as_range(rowids)
        self.taken += 1
        rowio.insert_records(txn, table, rowids, records, V.sort_key, column_keys, memo.keys)
        if self.sequence is not None:               # as if each row were its statement
            self.sequence.saw(max(rowids))
            self.sequence.end(txn)
        self._mark = (txn, txn.savepoint())
        return rowids[-1]

    def _records(self, rows: list, given: list, columns: list) -> list:
        """The chunk's records: ``rows`` themselves when each is a tuple holding exactly
        the record -- the statement gives every column in order (``whole_rows``), every
        column is the one taken from the rows (no affinity or rowid changed a value: the
        same list) -- else one tuple per row zipped from ``columns``. A parameter tuple
        whose values are all storage-class atoms (``_with_affinity`` checked their exact
        types) cannot be told from a record built from it, and taking it makes no new
        object for the garbage collector to walk (a million-row load's collections
        visited every new record and the chunk's columns, missing the caches)."""
        if self.whole_rows and all(map(is_, columns, given)) \
                and set(map(type, rows)) == {tuple}:
            return rows
        return list(zip(*columns))

    def _memo(self, txn) -> "Memo":
        """What the chunks written one after the other keep for the next one: the parent
        keys found (fkbulk.py) and the index keys built (catalog/rows.py ``_keys``). It is
        begun again unless the transaction is the one the last chunk wrote in and has
        written or undone nothing since (its undo log is where that chunk left it): then no
        row of any table has changed in between, so the parents found are still there."""
        mark = self._mark                   # (a dataclass's == would compare undo logs)
        if mark is None or mark[0] is not txn or mark[1] != txn.savepoint():
            self.memo = Memo()
        return self.memo

    def finish(self) -> None:
        """Forget the memo (the end of an ``executemany``): its sets and dictionaries would
        otherwise live as long as the cached statement."""
        self.memo = self._mark = None

    def _fires_triggers(self) -> bool:
        """Whether an INSERT of the table fires a trigger (TEMP ones too), which the rows
        must meet one by one."""
        triggers = self.ctx.triggers_on(self.table)
        return triggers is not None and any(triggers.wanted(self.table, "INSERT", timing)
                                            for timing in ("BEFORE", "AFTER"))

    def _foreign_keys_compile(self) -> bool:
        """Whether the statement compiles against the foreign keys (what SQLite checks
        before any row: ``InsertExecutable.prepare_foreign_keys``); when it does not, the
        row-by-row path raises the error at the right statement."""
        if self.prepare is None:
            return True
        try:
            self.prepare()
        except DatabaseError:
            return False
        return True

    def _rowids(self, values: list, n: int):
        """The chunk's rowids: the given ones if they are distinct new integers, else the
        next ones after the table's largest (and an AUTOINCREMENT table's counter); None
        when neither works."""
        file = self.ctx.store.table(self.table.file_id)
        given = values[self.rowid_at] if self.rowid_at is not None else None
        if self.sequence is not None:
            self.sequence.begin()
        if given is None or set(map(type, given)) == {_NONE}:
            start = file.max_rowid() + 1
            if self.sequence is not None:
                start = max(start, self.sequence.value + 1)
            if start + n - 1 > _MAX_ROWID:
                return None
            return range(start, start + n)
        if set(map(type, given)) != {int} or len(set(given)) != n \
                or min(given) <= file.max_rowid() and any(map(file.get, given)):
            return None                     # (a record is a non-empty tuple: true)
        return given

    def _record_columns(self, values: list, rowids, n: int) -> list | None:
        """The record's columns: given values, defaults, the rowid alias; None when a
        default is NULL for a NOT NULL column."""
        columns: list = [(None,) * n] * len(self.table.columns)
        for c, i in self.given:
            columns[c] = values[i]
        for (c, default), wanted in zip(self.filled, self.filled_types):
            column = self.table.columns[c]
            columns[c] = [V.apply_affinity(default(), column.affinity) for _ in range(n)]
            if column.notnull and None in columns[c] or not column_fits(columns[c], wanted):
                return None
        if self.table.rowid_alias is not None:
            columns[self.table.rowid_alias] = rowids
        return columns


def _as_range(rowids):
    """``rowids`` (distinct integers) as a ``range`` when they are consecutive and
    ascending -- a load giving its ids 1, 2, 3, ... -- else unchanged. The writes take a
    range as they take the rowids they make (``_rowids``): runs of the table and the undo
    log keep it as a range, and no list of a chunk's ints stays young for the cyclic
    collector to walk while the writes make the table's runs (a million-row load's young
    collections each walked every chunk-long list alive, missing the caches)."""
    if type(rowids) is range or not rowids:
        return rowids
    first, count = rowids[0], len(rowids)
    if rowids[-1] - first != count - 1 or not all(map(lt, rowids, islice(rowids, 1, None))):
        return rowids
    return range(first, first + count)


class Memo:
    """A run of bulk-written chunks' memory. ``parents``: per parent table file, the
    integer rowids found there; ``keys``: per ``(kind, value type)``, every index key
    ``(kind, value)`` built, so that each later chunk takes the same key object (which the
    index's entries then already share: storage/sharedkeys.py finds nothing to replace)."""

    __slots__ = ("parents", "keys")

    def __init__(self):
        self.parents: dict = {}
        self.keys: dict = {}


def _with_affinity(column, affinity):
    """``column`` with ``affinity`` applied to every value -- unchanged when no value needs
    it, decided from the set of types present -- or None when a value is not a storage
    class value (None, an int64, float, str, bytes): the row-by-row path adapts or
    refuses it with the right error."""
    kinds = set(map(type, column))
    if not kinds <= _STORAGE_CLASSES:
        return None
    if int in kinds:
        ints = column if len(kinds) == 1 else [v for v in column if type(v) is int]
        if min(ints) < V.INT64_MIN or max(ints) > V.INT64_MAX:
            return None
    if float in kinds and any(map(isnan, column if len(kinds) == 1 else
                                  [v for v in column if type(v) is float])):
        return None                 # a NaN parameter binds as NULL
    if str in kinds:
        texts = column if len(kinds) == 1 else [v for v in column if type(v) is str]
        if not all(map(str.isascii, texts)) and any(map(V.has_surrogate, texts)):
            return None             # a lone surrogate, which binding refuses
    unchanged = _UNCHANGED.get(affinity)
    if unchanged is None or kinds <= unchanged and not (affinity == V.REAL and 0.0 in column):
        return column                                 # BLOB: values are stored as given
    return [V.apply_affinity(v, affinity) for v in column]


_ONE_CLASS = {frozenset((int,)): 1, frozenset((float,)): 1, frozenset((int, float)): 1,
              frozenset((bytes,)): 3}


def sort_keys(column: list, collation: str = "BINARY") -> list:
    """``values.sort_key`` of every value of ``column``, built with no call per value when
    the values are all numbers, all blobs, all NULL, or all text compared as written."""
    keys = column_keys(column, collation)
    return keys if type(keys) is list else list(zip(repeat(keys[0]), keys[1]))


def column_keys(column: list, collation: str = "BINARY"):
    """A bulk INSERT's index keys of ``column`` as ``catalog/rows.insert_records`` takes
    them: the pair ``(kind, column)`` when every value's key is ``(kind, value)`` (all
    numbers, all blobs, or all text compared as written: no key tuple is built), else the
    list of ``values.sort_key`` of every value (all NULL: no call per value)."""
    kinds = frozenset(map(type, column))
    kind = _ONE_CLASS.get(kinds)
    if kind is None and kinds == {str} and collation == "BINARY":
        kind, column = 2, byte_ordered_all(column)     # text that is not UTF-8: by bytes
    if kind is not None:
        return (kind, column)
    if kinds == {type(None)}:
        return [(0,)] * len(column)
    return list(map(V.sort_key, column, repeat(collation)))
