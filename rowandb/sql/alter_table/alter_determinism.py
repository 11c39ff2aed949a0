"""What an ALTER TABLE finds non-deterministic when SQLite reads the schema's texts again.

After ``PRAGMA case_sensitive_like`` (either value) like() is the connection's own function,
registered without SQLITE_DETERMINISTIC (func.c sqlite3RegisterLikeFunctions), so a LIKE
in an index expression, a partial index's WHERE or a generated column that was created
before is refused wherever SQLite parses that text again. RENAME COLUMN, RENAME TO and
DROP COLUMN test the whole schema before they change anything (renameTestSchema, main
then temp, in sqlite_schema order): 'error in index i: non-deterministic functions
prohibited in partial index WHERE clauses' -- but RENAME TO reads no index of another
table, and for a table of main reads main's and temp's objects only after its change
('error in index i after rename: ...', after which SQLite's connection is as broken). ADD COLUMN
reloads the table's schema (and temp's, for a table of main) after its change: 'error in index i after add column: ...' (fuzz 69000059, fixed-seed cases
60, 158, 390), and so do SET / DROP NOT NULL, ADD CHECK and DROP CONSTRAINT after
their tests of the rows ('error in index i after drop constraint: ...' for each).
SQLite's connection then keeps a schema it cannot load ('malformed database schema'
for every later statement that reads it), and so does RowanDB's (schema_unloadable.py).

In an index the expressions of the column list are looked at before the WHERE, each
table's generated columns in column order.
"""

from __future__ import annotations

from ...errors import OperationalError
from ...planner.functions.user import like_redefined
from ..bind import generated
from ...catalog.ascii_case import ascii_lower
from ..bind.index_forms import EXPRESSION_PLACE, WHERE_PLACE, deterministic_in


def first_error(session, schemas: tuple, when: str) -> None:
    """Raise SQLite's error for the first object of ``schemas`` whose text no longer
    parses (``when``: " after add column"); the other ALTERs ask ``check_object`` as
    drop_column.check_schema walks the schema."""
    for schema in schemas:
        rows = session.db.dictionary.schema_rows() if schema == "main" \
            else session.temp.schema_rows()
        for kind, name, tbl_name, _, _ in rows:
            try:
                check_object(session, schema, kind, name, tbl_name)
            except OperationalError as error:
                raise OperationalError(f"error in {kind} {name}{when}: {error}") from None


def check_object(session, schema: str, kind: str, name: str, tbl_name: str) -> None:
    """SQLite's error for table or index ``name`` of ``schema``, if like() is the
    connection's own and the object calls it where only deterministic functions may be."""
    if kind not in ("table", "index") or not like_redefined():
        return
    tables = session.db.dictionary if schema == "main" else session.temp.tables
    if kind == "table":
        generated.check_deterministic(session, tables.table(name))
    else:
        _index(tables.table(tbl_name), name)


def _index(table, name: str) -> None:
    index = next((i for i in table.indexes if ascii_lower(i.name) == ascii_lower(name)), None)
    form = getattr(index, "form", None)
    if form is None:
        return
    for expr in form.exprs:
        if expr is not None:
            deterministic_in(expr, EXPRESSION_PLACE)
    if form.where is not None:
        deterministic_in(form.where, WHERE_PLACE)
