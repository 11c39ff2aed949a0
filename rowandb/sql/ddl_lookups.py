"""The object a DROP, REINDEX or ANALYZE names, looked up before its values are bound.

SQLite locates the object of DROP TABLE, DROP VIEW, DROP INDEX (build.c sqlite3DropTable,
sqlite3DropIndex), REINDEX (sqlite3Reindex) and ANALYZE (analyze.c sqlite3Analyze) as it
prepares the statement, and Python's sqlite3 and apsw prepare before they bind: so 'no
such table: x', 'use DROP VIEW to delete view v', 'index associated with UNIQUE or PRIMARY
KEY constraint cannot be dropped', 'unable to identify the object to be reindexed' or
'unknown database aux' is reported before the count of values that do not bind. RowanDB
looks the object up as it runs the statement (ddl_run.py, analyze.py); ``raise_error``
makes the same look-ups, in the same order, and changes nothing (ddl_params.prepare_all
calls it on the error path only).
"""

from __future__ import annotations

from ..catalog.ascii_case import ascii_lower
from ..planner.exec import ddl
from ..planner.plan import bound as b
from ..planner.types import values as V
from . import temp_tables, temp_views


def raise_error(session, stmt) -> None:
    """Raise the error SQLite's prepare finds looking up what bound ``stmt`` names."""
    dictionary = session.db.dictionary
    if isinstance(stmt, b.DropTable):
        temp_views.refuse_drop_table(session, stmt)
        ddl.table_to_drop(temp_tables.drop_schema(
            session, stmt, lambda tables: tables.table(stmt.name)) or dictionary, stmt)
    elif isinstance(stmt, b.DropIndex):
        ddl.index_to_drop(temp_tables.drop_schema(
            session, stmt, lambda tables: tables.index_owner(stmt.name)) or dictionary, stmt)
    elif isinstance(stmt, b.DropView):
        if not temp_views.view_in_temp(session, stmt)[0]:
            ddl.view_to_drop(dictionary, stmt)
    elif isinstance(stmt, b.Reindex) and not _temp_reindexes(session, stmt):
        ddl.reindexed(dictionary, stmt)


def _temp_reindexes(session, stmt: b.Reindex) -> bool:
    """Whether REINDEX finds its name among the temp schema's tables and indexes (every
    index and a collation's are main's too: looked up there)."""
    tables = session.temp.tables
    if tables is None or stmt.name is None or \
            stmt.schema is None and V.is_collation(stmt.name):
        return False
    return ascii_lower(stmt.schema or "") in ("", "temp") and (
        tables.table(stmt.name) is not None or tables.index_owner(stmt.name) is not None)
