"""PRAGMA integrity_check: every data file on disk reads back intact, every index of the
dictionary's own tables holds exactly one entry per row of its table, with the key that
row's values encode to, and nothing else, and every user table passes SQLite's checks.

Damaged files come first, one row each, in RowanDB's own wording (SQLite has no per-table
files): ``index c_v: file idx-18-4-1.rowan: block 0 checksum mismatch``. A table is checked
row by row only when its file and all its index files are intact, and nothing is checked row
by row when a dictionary file is damaged (every definition is read through those files).

A user table is checked as SQLite's pragma.c checks one, tables in the order of SQLite's
schema hash (schema_hash.py): first, for every table, each index that is not partial must
hold as many entries as the table has rows ('wrong # of entries in index i'); then, table by
table, row by row (N counting the rows from 1 in rowid or PRIMARY KEY order), a NULL in a
NOT NULL column ('NULL value in t.c'), and for each index, in the table's ``index_list``
order, the row's entry as computed now -- a partial index's WHERE and an index's
expressions with the functions of the moment, so LIKE after PRAGMA case_sensitive_like --
must be there ('row N missing from index i'), and, in a UNIQUE index, with no NULL in its
key, be the only one with its key ('non-unique entry in index i'). An entry no row computes
is therefore reported only through the count, never for a partial index. An index ordered
by a user collation redefined since its entries were written is searched as SQLite's
b-tree is (integrity_seek.py). quick_check leaves the entries and the key order out.

Before its NOT NULL test, SQLite computes each VIRTUAL column it checks (pragma.c: a NOT
NULL one, and one whose datatype it checks -- a type other than ANY in a STRICT table, an
affinity other than BLOB in another). RowanDB's records hold such a column's value, but
not for a row an ADD COLUMN failed to compute it for (sql/bind/virtual_read.py): reading
it there computes it now, and an error of that computation -- ``abs(s)`` of the smallest
integer: 'integer overflow' -- is the statement's, as in SQLite, unless the problems
reported before it already reached the limit, where SQLite's check stops
(``ComputeFailed``).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import partial

from ...catalog import rows as rowio
from ...errors import DatabaseError
from ..types import values as V
from ...catalog.schema import STANDARD_TYPES, VIRTUAL
from .integrity_seek import IndexSeek, compare, needs_seek
from .schema_hash import table_order


class ComputeFailed(Exception):
    """Computing a VIRTUAL column of a row raised ``error`` after ``found`` problems had
    been found (the pragma fails with ``error`` unless those reach its limit)."""

    def __init__(self, error: DatabaseError, found: list):
        super().__init__(str(error))
        self.error, self.found = error, found


def check_integrity(store, dictionary, only=None, quick=False) -> list[str]:
    """Every problem found, as text (none: intact). ``only``: check that table alone;
    ``quick``: quick_check, which leaves out each row's index entries and a WITHOUT
    ROWID table's key order (pragma.c checks those only when not isQuick)."""
    check_rows = partial(_check_rows, quick=quick)
    system = list({id(t): t for t in dictionary.system.values() if not t.virtual}.values())
    names = {t.file_id: f"table {t.name}" for t in system}
    names.update((i.file_id, f"index {i.name}") for t in system for i in t.indexes)
    damaged = store.damaged_files()
    if only is not None:
        return _check_one(store, only, damaged, check_rows)
    problems = [f"{names.get(entry.file_id, f'{entry.kind} {entry.name}')}: "
                f"file {entry.data_name}: {what}" for entry, what in damaged]
    bad = {entry.file_id for entry, _ in damaged}
    if bad & names.keys():
        return problems
    try:
        tables = [t for t in map(dictionary.table, _hash_order(dictionary)) if not t.virtual]
    except DatabaseError as error:
        return problems + [f"dictionary: {error}"]
    for table in system:
        problems += _checked(store, table, _check_dictionary_table, bad)
    for table in tables:
        problems += _checked(store, table, _check_counts, bad)
    for table in tables:
        problems += _found_before(problems, lambda: _checked(store, table, check_rows, bad))
    return problems


def _found_before(problems: list, check) -> list:
    """``check()``, where a ComputeFailed counts ``problems`` as found before it."""
    try:
        return check()
    except ComputeFailed as failed:
        raise ComputeFailed(failed.error, problems + failed.found) from None


def _hash_order(dictionary) -> list[str]:
    """The user tables' names in the order SQLite walks them (schema_hash.py)."""
    names = [row[1] for row in dictionary.schema_rows() if row[0] in ("table", "view")]
    return [name for name in table_order(names) if name in set(dictionary.table_names())]


def _checked(store, table, check, bad) -> list[str]:
    """``check(store, table)``, unless a file of the table is damaged; a read error is a
    problem of the table."""
    if bad.intersection([table.file_id] + [i.file_id for i in table.indexes]):
        return []
    try:
        return check(store, table)
    except DatabaseError as error:
        return [f"table {table.name}: {error}"]


def _check_one(store, table, damaged, check_rows) -> list[str]:
    """``PRAGMA integrity_check(table)``: that table's files, then its rows and entries."""
    mine = {table.file_id: f"table {table.name}"}
    mine.update((i.file_id, f"index {i.name}") for i in table.indexes)
    problems = [f"{mine[entry.file_id]}: file {entry.data_name}: {what}"
                for entry, what in damaged if entry.file_id in mine]
    if problems or table.virtual is not None:
        return problems
    problems = _checked(store, table, _check_counts, set())
    return problems + _found_before(problems, lambda: _checked(store, table, check_rows,
                                                               set()))


def _check_dictionary_table(store, table) -> list[str]:
    """A dictionary table's indexes hold exactly its rows' entries; its NOT NULL columns
    hold no NULL (RowanDB's own tables, in RowanDB's words where SQLite has none)."""
    problems = []
    rows = list(store.table(table.file_id).scan())
    for index in table.indexes:
        entries = (rowio.index_entry(index, record, rowid, V.sort_key) for rowid, record in rows)
        expected = sorted(e for e in entries if e is not None)
        actual = list(store.index(index.file_id).entries)
        if expected != actual:
            problems.append(f"wrong # of entries in index {index.name}"
                            if len(expected) != len(actual)
                            else f"index {index.name} does not match table {table.name}")
    for i, col in enumerate(table.columns):
        if col.notnull and any(record[i] is None for _, record in rows):
            problems.append(f"NULL value in {table.name}.{col.name}")
    return problems


def _indexes(table) -> list:
    """The indexes SQLite checks row by row, in its order: all but a WITHOUT ROWID table's
    PRIMARY KEY, which is the table itself there."""
    return [ix for ix in table.index_list
            if not (table.without_rowid and ix.origin == "pk")]


def _check_counts(store, table) -> list[str]:
    """'wrong # of entries' for each index that is not partial whose entries are not as
    many as the table's rows (pragma.c compares the b-trees' counts first)."""
    rows = len(store.table(table.file_id))
    return [f"wrong # of entries in index {ix.name}" for ix in _indexes(table)
            if not ix.partial and len(store.index(ix.file_id).entries) != rows]


def _check_rows(store, table, quick=False) -> list[str]:
    """SQLite's checks of each row of ``table`` and of its entries, in its order (only
    its NOT NULL columns when ``quick``)."""
    problems = []
    indexes = [] if quick else [(ix, list(store.index(ix.file_id).entries))
                                for ix in _indexes(table)]
    indexes = [(ix, IndexSeek(entries) if needs_seek(ix) else entries)
               for ix, entries in indexes]
    notnull = [(i, f"NULL value in {table.name}.{col.name}")
               for i, col in enumerate(table.columns) if col.notnull]
    computed = _computed(table)
    in_order = None if quick else _pk_order(table)
    for n, (rowid, record) in enumerate(_rows(store, table), 1):
        if in_order is not None and not in_order(record, rowid):
            problems.append(f"row not in PRIMARY KEY order for {table.name}")
        try:
            for i in computed:
                record[i]                       # noqa: B018 - computed as it is read
        except DatabaseError as error:
            raise ComputeFailed(error, problems) from None
        problems += [message for i, message in notnull if record[i] is None]
        for index, entries in indexes:
            problem = _entry_problem(index, entries, record, rowid)
            if problem is not None:
                problems.append(problem.replace("#", str(n)))
    return problems


def _computed(table) -> list[int]:
    """The VIRTUAL columns SQLite computes in checking a row, in column order: NOT NULL
    ones and those whose datatype it checks."""
    def checked(col) -> bool:
        if table.strict:
            return col.declared_type in STANDARD_TYPES and col.declared_type != "ANY"
        return col.affinity != "BLOB"
    return [i for i, col in enumerate(table.columns)
            if col.generated == VIRTUAL and (col.notnull or checked(col))]


def _pk_order(table):
    """For a WITHOUT ROWID table whose PRIMARY KEY orders by a user collation: a test
    of each row, in stored order, that its key sorts after the row before's by the
    collation of the moment (pragma.c's OP_IdxGT against the key it kept); else None."""
    pk = next((ix for ix in table.indexes if ix.origin == "pk"), None)
    if not table.without_rowid or pk is None or not needs_seek(pk):
        return None
    width, before = len(pk.columns), []

    def in_order(record, rowid) -> bool:
        key = rowio.index_entry(pk, record, rowid, V.sort_key)[:width]
        ordered = not before or compare(key, before[-1]) > 0
        before[:] = [key]
        return ordered
    return in_order


def _rows(store, table):
    """(rowid, record) of every row, in rowid order or, WITHOUT ROWID, in PRIMARY KEY
    order (the order of the key's entries)."""
    scan = store.table(table.file_id).scan()
    pk = next((ix for ix in table.indexes if ix.origin == "pk"), None)
    if not table.without_rowid or pk is None:
        return scan
    records = dict(scan)
    return [(e[-1], records[e[-1]]) for e in store.index(pk.file_id).entries
            if e[-1] in records]


def _entry_problem(index, entries, record, rowid) -> str | None:
    """What is wrong with the row's entry in ``index`` ('#' for the row's number), or
    None: not in the index by its WHERE, or there and, if UNIQUE, alone with its key.
    ``entries``: the index's entries, or an ``IndexSeek`` over them (integrity_seek.py)."""
    values = rowio.index_values(index, record, rowid)
    if values is None:
        return None
    entry = rowio.index_entry(index, record, rowid, V.sort_key)
    if isinstance(entries, IndexSeek):
        return _seek_problem(index, entries, values, entry)
    at = bisect_left(entries, entry)
    if at == len(entries) or entries[at] != entry:
        return f"row # missing from index {index.name}"
    width = len(index.columns)
    if index.unique and None not in values and at + 1 < len(entries) and \
            entries[at + 1][:width] == entry[:width]:
        return f"non-unique entry in index {index.name}"
    return None


def _seek_problem(index, seek: IndexSeek, values: tuple, entry: tuple) -> str | None:
    """``_entry_problem`` by SQLite's search of an index's page (integrity_seek.py)."""
    if not seek.find(entry):
        return f"row # missing from index {index.name}"
    if index.unique and None not in values and \
            not seek.next_is_greater(entry, len(index.columns)):
        return f"non-unique entry in index {index.name}"
    return None
