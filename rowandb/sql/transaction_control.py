"""BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE and ROLLBACK TO of one connection's session,
with SQLite's rules and messages (sqlite.org/lang_transaction.html, lang_savepoint.html;
vdbe.c OP_AutoCommit and OP_Savepoint).

Such a statement may run from a user function while another statement of the connection
runs (``session.active``); sql/schema_locks.py says which it refuses there. One run
under an autocommit statement takes over that statement's transaction: BEGIN (or a
SAVEPOINT that opens one) makes it the open transaction, which stays open, holding what
the statement wrote, after the statement ends -- SQLite's autoCommit flag is turned off,
so its halt no longer commits. Under queries only, what the statements their functions
ran wrote is committed first: SQLite committed each as it ended, being the only writer.

ROLLBACK and ROLLBACK TO run under a write undo the transaction (to the savepoint) and
trip the write's cursors (planner/exec/trips.py); after a ROLLBACK the storage
transaction stays the write's, in autocommit, and the outermost write ends it
(``rolled_back_under``, ``after_rollback_under``). A rollback of a transaction that
changed a schema expires every running statement and trips every cursor."""

from __future__ import annotations

from ..catalog.ascii_case import ascii_lower
from ..errors import OperationalError
from . import corrupt_transaction, schema_reload, temp_tables
from .pragma.pragmas import READ_ONLY
from .schema_locks import expire_running, refuse_control, writes_running


def run(session, action: str, mode, name) -> None:
    """Run one transaction-control statement on ``session``."""
    if action == "begin":
        _begin(session, mode)
    elif action == "commit":
        if not session.explicit:
            raise OperationalError("cannot commit - no transaction is active")
        refuse_control(session, action)
        corrupt_transaction.refuse_commit(session)
        session.fkeys.check_deferred()      # on failure the transaction stays open
        session._end_transaction(commit=True)
    elif action == "rollback":
        if not session.explicit:
            raise OperationalError("cannot rollback - no transaction is active")
        changed = session.schema_changed
        if writes_running(session):
            _rollback_under_writes(session)
        else:
            session._rollback_all()
        _schema_rolled_back(session, changed)
    elif action == "savepoint":
        refuse_control(session, action)
        if _running_transaction(session) is None:
            session.txn = temp_tables.begin(session)
        if not session.explicit:            # (an autocommit statement's, taken over)
            session.explicit = session.begun_by_savepoint = True
        session.savepoints.append((name, session._mark(), session.db.dictionary.version,
                                   session.fkeys.mark()))
    elif action == "release":
        _release(session, name)
    elif action == "rollback_to":
        _rollback_to(session, name)


def _begin(session, mode) -> None:
    if session.explicit:
        raise OperationalError("cannot start a transaction within a transaction")
    if mode in ("IMMEDIATE", "EXCLUSIVE") and session.settings.query_only:
        raise OperationalError(READ_ONLY)
    running = _running_transaction(session)
    txn = running if running is not None else temp_tables.begin(session)
    if mode in ("IMMEDIATE", "EXCLUSIVE"):
        try:
            txn.begin_write()               # take the write lock now, as SQLite does
        except BaseException:
            if running is None:
                txn.rollback()              # "database is locked": no transaction was begun
            raise
    session.txn, session.explicit, session.begun_by_savepoint = txn, True, False


def _running_transaction(session):
    """The transaction of the autocommit statement running, which a BEGIN or SAVEPOINT run
    by its function takes over; None when there is none to take over. Under queries
    only, what their functions' statements wrote is committed first, as SQLite commits
    each such statement when it ends (no other statement writes)."""
    if session.txn is None or session.explicit:
        return session.txn
    if writes_running(session):
        return session.txn
    session._end_transaction(commit=True)
    return None


def find_savepoint(session, name: str) -> int:
    for position in range(len(session.savepoints) - 1, -1, -1):
        if ascii_lower(session.savepoints[position][0]) == ascii_lower(name):
            return position
    raise OperationalError(f"no such savepoint: {name}")


def _release(session, name: str) -> None:
    position = find_savepoint(session, name)
    refuse_control(session, "release")
    if position == 0 and session.begun_by_savepoint:
        corrupt_transaction.refuse_release(session)
        session.fkeys.check_deferred()      # releasing the outermost savepoint commits
    del session.savepoints[position:]
    if not session.savepoints and session.begun_by_savepoint:
        session._end_transaction(commit=True)


def _rollback_to(session, name: str) -> None:
    position = find_savepoint(session, name)
    changed = session.schema_changed
    _, mark, version, fk_mark = session.savepoints[position]
    del session.savepoints[position + 1:]
    session._rollback_to(mark, version)
    session.fkeys.rollback_to(fk_mark)
    schema_reload.rolled_back(session, whole=False)
    if writes_running(session):
        _tripped(session)
    _schema_rolled_back(session, changed)


def _schema_rolled_back(session, changed: bool) -> None:
    """A ROLLBACK or ROLLBACK TO of a transaction that changed a schema (SQLite's
    DBFLAG_SchemaChange, ``session.schema_changed``) expires every statement and trips
    every cursor, reads too (sqlite3RollbackAll; OP_Savepoint): each running statement,
    queries too, fails "abort due to ROLLBACK" at its next step -- a query once its
    rows are read (sql/session.py ``_execute``), a write at its next row or cursor."""
    if not changed or not session.active:
        return
    expire_running(session, own=False)
    session.schema_trips += 1


def _rollback_under_writes(session) -> None:
    """ROLLBACK run by a function while an INSERT, UPDATE or DELETE of the connection
    runs: the transaction is undone and ends (autocommit again), but its storage
    transaction stays the running write's, which commits it when it ends (the outermost
    write: SQLite's last writer to halt, in autocommit) with what it writes through the
    cursors it opens from now on."""
    txn = session.txn
    txn.rollback_to((0, 0) if isinstance(txn.savepoint(), tuple) else 0)
    session._forget_temp_changes()
    session.fkeys.reset()
    session.db.dictionary.invalidate()
    session.explicit = session.begun_by_savepoint = False
    session.savepoints.clear()
    _tripped(session)


def _tripped(session) -> None:
    """A rollback under running writes trips their write cursors (planner/exec/trips.py);
    ``trip_mark`` is where the transaction stands after it, which a write that then fails
    "abort due to ROLLBACK" goes back to."""
    session.trips += 1
    session.trip_mark = session._mark()


def rolled_back_under(session) -> bool:
    """Whether the statement ending (a function ran ROLLBACK under it while it wrote)
    ends the transaction the rollback left: it does when that is no longer explicit and
    it is the outermost write running (SQLite's last writer to halt in autocommit)."""
    if session.txn is None or session.explicit:
        return False
    writers = [prepared for prepared in session.active if prepared.parsed.kind != "select"]
    return bool(writers) and writers[0] is session.active[-1]


def after_rollback_under(session, raised: BaseException) -> None:
    """A statement under which a function ran ROLLBACK or ROLLBACK TO failed. That
    rollback took its statement journal, so SQLite undoes nothing of what it wrote; if it
    failed at a tripped cursor ("abort due to ROLLBACK"), what RowanDB wrote after the
    rollback -- which SQLite never wrote -- goes. The transaction the rollback left
    ends with the outermost write, keeping what it holds (SQLite's pager has no write
    transaction left to roll back)."""
    if getattr(raised, "tripped", False) and session.trip_mark is not None:
        session._rollback_to(session.trip_mark, session.db.dictionary.version)
    if rolled_back_under(session):
        session._end_transaction(commit=True)
