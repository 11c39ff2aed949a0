"""What a DROP's name finds before any object is looked up: a schema table, or no schema.

SQLite's sqlite3DropTable locates the table (sqlite3LocateTableItem) before it checks
anything else. A schema that is neither main nor temp (no database is attached under it)
finds nothing: ``DROP TABLE|VIEW|INDEX IF EXISTS aux.x`` does nothing, without IF EXISTS
it is 'no such table: aux.x' (view, index). A name of the schema table -- sqlite_master or
sqlite_schema in main, sqlite_temp_master or sqlite_temp_schema unqualified, any of the
four with ``temp.`` -- always finds it, and tableMayNotBeDropped refuses it under its
legacy name ('table sqlite_master may not be dropped'), before DROP VIEW's check that
the object is a view. RowanDB's dictionary holds the schema table as sqlite_schema and
the temp schema's is no table of the temp schema, so the binder answers these here.
"""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ...planner.plan import bound as b

_MAIN_NAMES = ("sqlite_master", "sqlite_schema")
_TEMP_NAMES = ("sqlite_temp_master", "sqlite_temp_schema")


def schema_table(schema: str, name: str) -> str | None:
    """The legacy name of the schema table ``schema.name`` finds (``schema`` lower case,
    '' when none was written), None when it names none."""
    lname = ascii_lower(name)
    if schema in ("", "main") and lname in _MAIN_NAMES:
        return "sqlite_master"
    if schema == "" and lname in _TEMP_NAMES or schema == "temp" and \
            lname in _MAIN_NAMES + _TEMP_NAMES:
        return "sqlite_temp_master"
    return None


def nothing_found(kind: str, schema: str | None, name: str, if_exists: bool):
    """The bound statement of a DROP whose ``schema`` names no database: a DROP that does
    nothing with IF EXISTS, else SQLite's 'no such ...' error (raised)."""
    if not if_exists:
        raise OperationalError(f"no such {ascii_lower(kind)}: {schema}.{name}")
    return b.DropTrigger(None)          # drops nothing (ddl_run: no trigger to drop)


def refuse_schema_table(kind: str, schema: str, name: str) -> None:
    """DROP TABLE or DROP VIEW of a schema table: SQLite's refusal."""
    if kind in ("TABLE", "VIEW"):
        found = schema_table(schema, name)
        if found is not None:
            raise OperationalError(f"table {found} may not be dropped")
