"""When SQLite reads a connection's schemas again, and the one thing that changes here when
it does: the order of the TEMP triggers on a table of main (catalog/trigger_hash.py).

SQLite throws its in-memory schemas away and reads them again from sqlite_schema and
sqlite_temp_schema (build.c sqlite3ResetAllSchemasOfConnection) after:

- a ROLLBACK, or ROLLBACK TO, of a transaction in which a statement changed a schema (a
  CREATE or DROP that did something, ALTER TABLE, an ANALYZE that made its tables): the
  transaction's schema-change flag, set by the statement and cleared by COMMIT, stays set
  after a ROLLBACK TO; a failed statement does not set it;
- ALTER TABLE (alter.c renameReloadSchema reads the temp schema again too) and VACUUM.

A reading that fails leaves a schema SQLite cannot load (schema_unloadable.py).

Reading a schema again, SQLite forgets the columns it had worked out for its views
(catalog/views.py; they show in which error a statement meets first, bind_view.look_up):
after ALTER TABLE, main's and temp's views (temp's alone for a TEMP table's), then the
test of RENAME TO, RENAME COLUMN and DROP COLUMN works out again the columns of the views
that the schema's views and triggers read (ddl_run._reloaded, bind_view._known_width);
after VACUUM, such a ROLLBACK or a failing ALTER, every view's (``thrown_away``). A DROP
TABLE or DROP VIEW forgets its own schema's views' (planner/exec/ddl.py). Measured with
apsw 3.54 (tests/test_view_widths.py).

Reading the temp schema again builds a new trigger hash table, inserting the triggers in
sqlite_temp_schema's order (creation order), which after some DROP TRIGGERs is another
order than the table had grown into. Measured with apsw 3.54.1 (test_trigger_order.py).
"""

from __future__ import annotations

from ..planner.plan import bound as b
from . import schema_unloadable, table_hash

#: Statements after which SQLite reads the temp schema again, when they succeed
RELOADING = (b.AddColumn, b.RenameTable, b.RenameColumn, b.DropColumn, b.EditConstraints)


def stamp(session) -> tuple:
    """What a schema change moves: main's and the temp tables' schema cookies, and the temp
    views' and triggers' change log."""
    tables = session.temp.tables
    return (session.db.dictionary.header("schema_version"),
            0 if tables is None else tables.header("schema_version"), len(session.temp.log))


def reread(session, main: bool = True) -> None:
    """SQLite read the temp schema again, and main's when ``main``: it knows none of their
    views' columns (catalog/views.py) until a statement reads each again, and their hash
    tables of tables and views are built anew (table_hash.py)."""
    session.temp.widths.clear()
    if main:
        session.db.dictionary.forget_view_columns()
    table_hash.reread(session, main)


def thrown_away(session) -> None:
    """SQLite threw every schema away, to read them again (a ROLLBACK of a schema change,
    VACUUM, an ALTER TABLE failing after its change): the TEMP triggers' hash table is
    built anew too, as after an ALTER TABLE that succeeds."""
    session.temp.reload_triggers()
    reread(session)
    schema_unloadable.reset(session)


def ran(session, reloads: bool, before: tuple, resets: bool = False) -> None:
    """A DDL or maintenance statement succeeded; ``reloads``: it is one after which SQLite
    reads the schemas again; ``before``: the stamp before it; ``resets``: SQLite threw
    every schema away (VACUUM), to read main's again too (schema_unloadable.py)."""
    if stamp(session) != before and session.txn is not None:
        session.schema_changed = True   # (an ANALYZE or VACUUM in autocommit has committed)
    if resets:
        thrown_away(session)
    elif reloads:
        session.temp.reload_triggers()


def rolled_back(session, whole: bool) -> None:
    """A ROLLBACK (``whole``) or ROLLBACK TO: read the temp schema again if the transaction
    changed a schema."""
    if session.schema_changed:
        thrown_away(session)
        session.schema_changed = not whole
