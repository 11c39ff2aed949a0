"""PRAGMA integrity_check: every data file on disk reads back intact, and every index --
the dictionary's own included -- holds exactly one entry per row of its table, with the key
that row's values encode to, and nothing else.

Damaged files come first, one row each, in RowanDB's own wording (SQLite has no per-table
files): ``index c_v: file idx-18-4-1.rowan: block 0 checksum mismatch``. A table is checked
row by row only when its file and all its index files are intact, and nothing is checked row
by row when a dictionary file is damaged (every definition is read through those files).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...errors import DatabaseError
from ..types import values as V


def check_integrity(store, dictionary, only=None) -> list[str]:
    """Every problem found, as text (none: intact). ``only``: check that table alone."""
    system = list({id(t): t for t in dictionary.system.values() if not t.virtual}.values())
    names = {t.file_id: f"table {t.name}" for t in system}
    names.update((i.file_id, f"index {i.name}") for t in system for i in t.indexes)
    damaged = store.damaged_files()
    if only is not None:
        return _check_one(store, only, damaged)
    problems = [f"{names.get(entry.file_id, f'{entry.kind} {entry.name}')}: "
                f"file {entry.data_name}: {what}" for entry, what in damaged]
    bad = {entry.file_id for entry, _ in damaged}
    if bad & names.keys():
        return problems
    try:
        tables = system + [dictionary.table(name) for name in dictionary.table_names()]
    except DatabaseError as error:
        return problems + [f"dictionary: {error}"]
    for table in tables:
        if bad.intersection([table.file_id] + [i.file_id for i in table.indexes]):
            continue
        try:
            problems += _check_table(store, table)
        except DatabaseError as error:
            problems.append(f"table {table.name}: {error}")
    return problems


def _check_one(store, table, damaged) -> list[str]:
    """``PRAGMA integrity_check(table)``: that table's files, then its rows and entries."""
    mine = {table.file_id: f"table {table.name}"}
    mine.update((i.file_id, f"index {i.name}") for i in table.indexes)
    problems = [f"{mine[entry.file_id]}: file {entry.data_name}: {what}"
                for entry, what in damaged if entry.file_id in mine]
    if problems or table.virtual is not None:
        return problems
    try:
        return _check_table(store, table)
    except DatabaseError as error:
        return [f"table {table.name}: {error}"]


def _check_table(store, table) -> list[str]:
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
