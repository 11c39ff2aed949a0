"""Where a running INSERT, UPDATE or DELETE meets the ROLLBACK (or ROLLBACK TO) a user
function ran under it: SQLite's rollback trips the write cursors open at that moment
(sqlite3RollbackAll / OP_Savepoint: sqlite3BtreeTripAllCursors with
SQLITE_ABORT_ROLLBACK), and the statement fails "abort due to ROLLBACK" at the next step
it takes through one; cursors it opens later work, and what it writes through them
stays.

``session.trips`` counts the rollbacks run under running writes (sql/transaction_control.py);
a statement notes it where SQLite opens its write cursors -- as it starts, or, for one
that first reads its rows into a temporary table or a rowid list (an INSERT whose SELECT
reads the table written, with triggers or RETURNING; a DELETE or UPDATE in two passes),
once they are read (the points planner/exec/expiry.py names) -- and checks it:

- before each row it writes (``check``);
- a one-pass DELETE or UPDATE also after its scan, which steps through its write cursor
  (SQLite's OP_Next on it fails even when no row is left to write).

The error carries ``tripped``: the session then undoes what the statement wrote after the
rollback (SQLite never wrote it) and nothing before it (the rollback took the statement's
journal)."""

from __future__ import annotations

from ...errors import OperationalError
from .expiry import ABORTED


def opened(session) -> int:
    """The mark a statement keeps where it opens its write cursors."""
    return getattr(session, "trips", 0)


def check(session, mark: int) -> None:
    """Fail as a step through a write cursor opened at ``mark`` fails once a rollback
    tripped it."""
    if getattr(session, "trips", 0) != mark:
        error = OperationalError(ABORTED)
        error.tripped = True
        raise error


def each_checked(rows, session, mark: int):
    """``rows`` of a one-pass DELETE's scan, which fails as each comes after a rollback
    tripped its cursor (SQLite deletes the row there, or steps on)."""
    for row in rows:
        check(session, mark)
        yield row
