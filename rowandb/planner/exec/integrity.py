"""PRAGMA integrity_check: every index holds exactly one entry per row of its table, with
the key that row's values encode to, and nothing else."""

from __future__ import annotations

from ...catalog import rows as rowio
from ..types import values as V


def check_integrity(store, dictionary) -> list[str]:
    problems = []
    for name in dictionary.table_names():
        table = dictionary.table(name)
        rows = list(store.table(table.file_id).scan())
        for index in table.indexes:
            expected = sorted(rowio.index_entry(index, record, rowid, V.sort_key)
                              for rowid, record in rows)
            actual = list(store.index(index.file_id).entries)
            if expected != actual:
                problems.append(f"wrong # of entries in index {index.name}"
                                if len(expected) != len(actual)
                                else f"index {index.name} does not match table {table.name}")
        for i, col in enumerate(table.columns):
            if col.notnull and any(record[i] is None for _, record in rows):
                problems.append(f"NULL value in {table.name}.{col.name}")
    return problems
