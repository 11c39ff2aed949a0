"""A transaction that met a corrupt database: SQLite lets it read, never write or commit.

When a statement inside a transaction fails with SQLITE_CORRUPT (RowanDB's
CorruptDatabaseError -- a damaged file, or a CREATE whose stored text SQLite could not
read back, schema_text_check.py), SQLite's VDBE sets the connection's SQLITE_CorruptRdOnly
flag (vdbe.c, abort_due_to_error) until the transaction ends. Measured with apsw 3.54:

- a later statement that would write (INSERT, UPDATE, DELETE, CREATE, DROP, a TEMP one
  too, ANALYZE) fails with 'database disk image is malformed' once it is prepared -- its
  own preparing errors, such as 'no such table', come first; a query still runs;
- COMMIT or END fails with that error and rolls the whole transaction back;
- RELEASE of the savepoint that opened the transaction fails with it and undoes what the
  transaction wrote, but leaves it open with its savepoints, still marked; ROLLBACK ends
  it as usual.

The session notes the transaction (``note``) and asks before each write and commit.
"""

from __future__ import annotations

from ..errors import CorruptDatabaseError


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


def refuse_analyze(session, kind: str) -> None:
    """ANALYZE in a marked transaction writes its tables: SQLite's error."""
    if kind == "analyze" and marked(session):
        raise CorruptDatabaseError()
