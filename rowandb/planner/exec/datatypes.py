"""STRICT tables: the datatype check every row written to one must pass.

sqlite.org/stricttables.html: after the column's affinity has been applied, a value stored
in an INT or INTEGER column must be an integer, in REAL a real, in TEXT text, in BLOB a
blob; ANY takes anything, and NULL is always allowed (NOT NULL is checked before). The
check comes after NOT NULL and just before the first CHECK constraint evaluated -- or, if
none is, after the rowid and before the UNIQUE indexes -- and no conflict clause applies
to it (``cannot store TEXT value in INTEGER column t.a`` is SQLITE_CONSTRAINT_DATATYPE).
Every write of a row goes through ``RowWriter`` (writer.py: INSERT, UPDATE, REPLACE,
upserts, foreign-key actions), and the bulk INSERT path checks whole columns with
``column_fits``.
"""

from __future__ import annotations

from ...catalog.schema import STANDARD_TYPES
from ...errors import IntegrityError
from ..types import values as V

_NONE = type(None)


def strict_datatypes(table) -> list | None:
    """Per column, the Python type its values must have (None: any), or None when the table
    is not STRICT."""
    if not table.strict:
        return None
    return [STANDARD_TYPES[column.declared_type] for column in table.columns]


def check_datatypes(table, datatypes: list, record) -> None:
    for value, wanted, column in zip(record, datatypes, table.columns):
        if wanted is not None and value is not None and type(value) is not wanted:
            kind = "INT" if type(value) is int else V.typeof(value).upper()
            raise IntegrityError(f"cannot store {kind} value in {column.declared_type} "
                                 f"column {table.name}.{column.name}")


def column_fits(column, wanted) -> bool:
    """Whether every value of ``column`` (affinity applied) may be stored under ``wanted``."""
    return wanted is None or set(map(type, column)) <= {wanted, _NONE}
