"""BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE and ROLLBACK TO of one connection's session,
with SQLite's rules and messages (sqlite.org/lang_transaction.html, lang_savepoint.html;
vdbe.c OP_AutoCommit and OP_Savepoint).

Such a statement may run from a user function while another statement of the connection
runs (``session.active``); sql/schema_locks.py says which it refuses there. One run
under an autocommit statement takes over that statement's transaction: BEGIN (or a
SAVEPOINT that opens one) makes it the open transaction, which stays open, holding what
the statement wrote, after the statement ends -- SQLite's autoCommit flag is turned off,
so its halt no longer commits. Under queries only, what the statements their functions
ran wrote is committed first: SQLite committed each as it ended, being the only writer."""

from __future__ import annotations

from ..catalog.ascii_case import ascii_lower
from ..errors import OperationalError
from . import corrupt_transaction, schema_reload, temp_tables
from .pragma.pragmas import READ_ONLY
from .schema_locks import refuse_control, refuse_unmatched, writes_running


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
        refuse_unmatched(session, action)
        session._rollback_all()
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
    refuse_unmatched(session, "rollback_to")
    _, mark, version, fk_mark = session.savepoints[position]
    del session.savepoints[position + 1:]
    session._rollback_to(mark, version)
    session.fkeys.rollback_to(fk_mark)
    schema_reload.rolled_back(session, whole=False)
