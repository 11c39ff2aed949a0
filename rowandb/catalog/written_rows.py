"""The check that a table built from the dictionary rows a CREATE just wrote is the table
its SYS rows give when read back.

Why: CREATE TABLE and CREATE INDEX build the new definition from the rows they wrote
(``Dictionary._changed`` with ``rows``), not by reading every row of the table back from
SYS_TABLES, SYS_COLUMNS, SYS_INDEXES and SYS_FIELDS (the reload was a quarter of a
CREATE INDEX in the corpus's index/* scripts: docs/PERFORMANCE.md, branch ``ddl``). The
rows in storage stay the truth -- a rollback, a recovery, an evicted table and every
other DDL read them -- so the two must agree. With ``CHECK_WRITTEN_ROWS`` on (the
environment's ``ROWANDB_CHECK_WRITTEN_ROWS=1``, or a test setting it) every such build
reads the rows back and compares, raising ``AssertionError`` on a difference;
``tests/test_dictionary_written_rows.py`` runs DDL of every shape with it on.
"""

from __future__ import annotations

import os

CHECK_WRITTEN_ROWS = os.environ.get("ROWANDB_CHECK_WRITTEN_ROWS") == "1"


def check_written_rows(dictionary, lname: str, table) -> None:
    """Raise AssertionError when ``table`` (built from the rows just written) differs from
    what the SYS rows of ``lname`` give when read back."""
    found = dictionary._rows_by("SYS_TABLES", lname)
    assert found, f"no SYS_TABLES row for {lname!r}"
    stored = dictionary._definition_rows(found[0])
    assert stored == table.definition, (
        f"the rows written for {lname!r} differ from those read back:\n"
        f"  written {table.definition!r}\n  stored  {stored!r}")
    rebuilt = dictionary._build_table(*stored)
    assert _built(rebuilt) == _built(table), \
        f"{lname!r} built from its rows differs from its stored rows' table"


def _built(table) -> tuple:
    """What ``Dictionary._build_table`` gives a table (the rest is read alike either way)."""
    return (table.id, table.name, table.file_id, table.columns, table.sql, table.rowid_alias,
            table.indexes, [ix.suffix for ix in table.indexes], table.strict,
            table.autoincrement, table.without_rowid, table.key_conflict)
