"""A transaction that met a corrupt database: SQLite lets it read, never write or commit.

When a statement inside a transaction fails with SQLITE_CORRUPT (RowanDB's
CorruptDatabaseError -- a damaged file, or a CREATE whose stored text SQLite could not
read back, schema_text_check.py), SQLite's VDBE sets the connection's SQLITE_CorruptRdOnly
flag (vdbe.c, abort_due_to_error) until the transaction ends. Measured with apsw 3.54:

- a later statement that would write (INSERT, UPDATE, DELETE, CREATE, DROP, a TEMP one
  too, ANALYZE, a PRAGMA that sets user_version, application_id or schema_version) fails
  with 'database disk image is malformed' once it is prepared -- its own preparing errors,
  such as 'no such table', come first; a query still runs, and so does a REINDEX that
  finds no index to rebuild (its program writes nothing);
- COMMIT or END fails with that error and rolls the whole transaction back;
- RELEASE of the savepoint that opened the transaction fails with it and undoes what the
  transaction wrote, but leaves it open with its savepoints, still marked; ROLLBACK ends
  it as usual.

The session notes the transaction (``note``) and asks before each write and commit.
"""

from __future__ import annotations

from ..errors import CorruptDatabaseError
from ..planner.exec import ddl
from ..planner.plan import bound as b
from ..planner.types import values as V
from ..catalog.ascii_case import ascii_lower


def note(session, raised: BaseException, autocommit: bool) -> None:
    """A statement failed with ``raised``: inside a transaction, a corrupt error marks it."""
    if isinstance(raised, CorruptDatabaseError) and not autocommit and session.txn is not None:
        session.corrupt_txn = session.txn


def marked(session) -> bool:
    """Whether the open transaction met a corrupt error (see the module docstring)."""
    return session.txn is not None and session.corrupt_txn is session.txn


def refuse_commit(session) -> None:
    """COMMIT or END of a marked transaction: roll it all back, then SQLite's error."""
    if marked(session):
        session._rollback_all()
        raise CorruptDatabaseError()


def refuse_release(session) -> None:
    """RELEASE that would commit a marked transaction: back to its first savepoint (every
    savepoint stays), then SQLite's error."""
    if marked(session):
        _, mark, version, fk_mark = session.savepoints[0]
        session._rollback_to(mark, version)
        session.fkeys.rollback_to(fk_mark)
        raise CorruptDatabaseError()


def refuse_write(session) -> None:
    """ANALYZE (once its names are found) or a PRAGMA that writes the database header, in a
    marked transaction: SQLite's error."""
    if marked(session):
        raise CorruptDatabaseError()


def reindex_writes(session, reindex: tuple) -> bool:
    """Whether REINDEX (``Parsed.reindex``) rebuilds an index, of temp or main; its error
    ('unable to identify the object to be reindexed') when its name finds nothing."""
    stmt = b.Reindex(*reindex)
    temp, schema = session.temp.tables, ascii_lower(stmt.schema or "")
    if temp is not None and (stmt.name is None or not schema and V.is_collation(stmt.name)):
        if ddl.reindexed(temp, stmt):
            return True
    elif temp is not None and schema in ("", "temp") and (
            temp.table(stmt.name) is not None or temp.index_owner(stmt.name) is not None):
        return bool(ddl.reindexed(temp, b.Reindex(None, stmt.name)))
    return bool(ddl.reindexed(session.db.dictionary, stmt))
