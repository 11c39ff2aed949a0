"""Around one run of a prepared statement: the AUTOINCREMENT counters a write opens for
the trigger programs it may fire, RETURNING's RAISE(IGNORE), and what a finished run lets
go of, so a cached statement holds no parameter values, subquery results or bulk memos
between runs."""

from __future__ import annotations

from ..planner.exec.raising import TriggerIgnore


def release(executable) -> None:
    """Drop what an execution left in a cached statement's state (its parameter values and
    subquery results, a bulk INSERT's memo of one executemany), so a finished or failed
    statement holds on to nothing."""
    for part in (executable, getattr(executable, "source", None),
                 getattr(executable, "finder", None)):
        state = getattr(part, "state", None)
        if state is not None:
            state.params, state.cache, state.session = (), {}, None
    if getattr(executable, "bulk", None) is not None:
        executable.bulk.finish()


def run_write(executable, txn, params: tuple, session) -> tuple:
    """Run an INSERT, UPDATE or DELETE inside the AUTOINCREMENT counters it opens for the
    trigger programs it may fire (``executable.counters``, when it has some). RAISE(IGNORE)
    in its RETURNING clause -- which SQLite codes as a trigger program inside the
    statement's own, so its OP_Halt ends the statement -- stops it there: the rows it
    changed stay, and none is returned."""
    counters = getattr(executable, "counters", None)
    if counters is not None:
        counters.begin()
    try:
        result = executable.run(txn, params, session)
    except TriggerIgnore:
        result = executable.changed, getattr(executable, "last_rowid", None), []
    except BaseException:
        if counters is not None:
            counters.abandon()
        raise
    if counters is not None:
        counters.end(txn)
    return result
