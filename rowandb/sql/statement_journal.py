"""What a failing write's statement journal covers inside a transaction, as SQLite's does:
which of main's and temp's changes since the statement began its failure undoes.

SQLite opens a statement journal (sqlite3BtreeBeginStmt, vdbe.c OP_Transaction) only on
the databases the statement itself writes -- main, temp or both -- and only when the
statement may write several rows (``usesStmtJournal``; planner/exec/multi_write.py says
which writes are several: one row of VALUES with no trigger or RETURNING is not, nor an
UPDATE or DELETE finding its one row by the rowid or a UNIQUE key). What the statements
its user functions ran changed elsewhere is outside it and survives its failure: inside
BEGIN, `INSERT INTO t SELECT f(a) ...` whose f ran `CREATE TEMP TRIGGER` (or wrote a temp table) and then failed leaves the
trigger; `INSERT INTO t VALUES (f(1))` whose f wrote any table and then raised leaves
that write. ``scope`` says (main, temp) for the statement that failed; a statement
that is no INSERT, UPDATE or DELETE (DDL) covers both, as before."""

from __future__ import annotations

from typing import NamedTuple

from ..catalog.ascii_case import ascii_lower
from ..planner.exec import dml
from ..planner.exec.multi_write import is_multi_write
from ..planner.plan import bound as b

_WRITES = (dml.InsertExecutable, dml.UpdateExecutable, dml.DeleteExecutable)
_INNER = "inner files"  # a frame's key: the files the statements run under it wrote
_ENDED = "inner ended"  # a frame's key: (txn, its savepoint) as the last of them ended


class Scope(NamedTuple):
    """What a failed write's undo covers: main's changes since it began, temp's, and
    ``own_row`` -- for a write with no journal that wrote its own row after its functions'
    statements had run, the position to undo back to alone (``_wrote_itself``)."""
    main: bool
    temp: bool
    own_row: object = None


BOTH, _NEITHER = Scope(True, True), Scope(False, False)


def scope(session, prepared, mark: tuple, frame: dict) -> Scope:
    """Whether the failure of ``prepared``, begun at ``mark``, undoes main's and temp's
    changes made since it began (``frame``: its statement's, ``inner_ended``), or only
    its own row."""
    executable = getattr(prepared, "executable", None) if prepared is not None else None
    if not isinstance(executable, _WRITES):
        return BOTH
    if not is_multi_write(executable):
        if not getattr(executable, "changed", 0) and \
                not _wrote_itself(session, executable, mark, frame):
            return _NEITHER
        ended = frame.get(_ENDED)
        if ended is not None and ended[0] is session.txn:
            return Scope(False, False, own_row=ended[1])
    return Scope(*_schemas(session, executable))


def _wrote_itself(session, executable, mark: tuple, frame: dict) -> bool:
    """Whether the statement itself changed the table it writes or one of its indexes
    since ``mark`` (not the statements its functions ran): SQLite's one-row write fails
    before it writes anything, where RowanDB may have written (its row, before a foreign
    key it checks after the write). That row alone is undone then: everything written
    after the last statement its functions ran ended (``inner_ended``), which all ran
    before the row was written -- the rest stays, as in SQLite (``undo``)."""
    table = executable.stmt.table
    files = {table.file_id, *(index.file_id for index in table.indexes)}
    written = _written_since(session.txn, mark[0]) - frame.get(_INNER, set())
    return not files.isdisjoint(written)


def _schemas(session, executable) -> tuple[bool, bool]:
    table = executable.stmt.table
    in_temp = bool(getattr(table, "in_temp", False))
    name = ascii_lower(table.name)
    temp_triggers = not in_temp and any(
        not trigger.on_temp and ascii_lower(trigger.table) == name
        for trigger in session.temp.triggers.values())
    # a trigger may write a table of the other schema: covered both then
    return not in_temp or executable.ctx.triggers_on(table) is not None, \
        in_temp or temp_triggers


def _written_since(txn, position) -> set:
    """The files ``txn`` changed since ``position``, a mark taken with or without the
    temp store (``rollback_part`` reads marks alike)."""
    if isinstance(position, tuple) and not isinstance(txn.savepoint(), tuple):
        position = position[0]
    return txn.files_written_since(position)


def inner_ended(session, prepared, mark: tuple) -> None:
    """A statement run under another (by a user function) succeeded. If SQLite gave it a
    statement journal on main or temp, that opened the pager's savepoints below it too --
    the running statements' -- there, as it began (``mark``): from then on the failure of
    a running statement undoes that schema's changes back to ``mark`` (``undo``), even
    where its own journal does not reach. The files it wrote are noted in every running
    statement's frame (``_wrote_itself`` tells them from a running write's own)."""
    frames = session.journal_frames
    if len(frames) < 2:
        return
    written, ended = _written_since(session.txn, mark[0]), (session.txn, session.txn.savepoint())
    for frame in frames[:-1]:
        frame.setdefault(_INNER, set()).update(written)
        frame[_ENDED] = ended
    executable = getattr(prepared, "executable", None) if prepared is not None else None
    if isinstance(executable, _WRITES):
        journaled = (False, False) if not is_multi_write(executable) else \
            _schemas(session, executable)
    elif executable is None or isinstance(executable, (b.CreateTrigger, b.DropTrigger)):
        journaled = (False, False)      # (no statement journal: sqlite3FinishTrigger)
    else:
        now = session._mark()
        journaled = (_part(mark[0], 0) != _part(now[0], 0),
                     _part(mark[0], 1) != _part(now[0], 1) or mark[1] != now[1])
    for frame in frames[:-1]:
        for name, on in zip(("main", "temp"), journaled):
            if on:
                frame.setdefault(name, mark)


def _part(position, which: int):
    return position[which] if isinstance(position, tuple) else (position, 0)[which]


def undo(session, mark: tuple, version, scope: Scope, frame: dict) -> None:
    """Undo a write that failed inside a transaction: each schema its journal covers
    (``scope``) back to ``mark``, each other one back to where a journaled statement run
    under it began (``frame``, ``inner_ended``), if one did."""
    if scope == BOTH:
        session._rollback_to(mark, version)
        return
    if scope.own_row is not None:   # no journal, but RowanDB wrote the row SQLite had not
        session.txn.rollback_to(scope.own_row)
        return
    if scope == _NEITHER:
        return                  # no statement journal: nothing to roll back to
    for which, name in ((0, "main"), (1, "temp")):
        target = mark if scope[which] else frame.get(name)
        if target is not None:
            session._rollback_to(target, version, (which == 0, which == 1))


def rollback_part(txn, mark, scope: tuple) -> None:
    """Undo one store's part of ``txn`` back to ``mark`` (``txn.savepoint()`` as the
    statement began): main's (``scope`` (True, False)), temp's ((False, True)), or none."""
    main_mark, temp_mark = mark if isinstance(mark, tuple) else (mark, 0)
    routed = isinstance(txn.savepoint(), tuple)
    if scope[0]:
        (txn.main if routed else txn).rollback_to(main_mark)
    if scope[1] and routed:
        txn.temp.rollback_to(temp_mark)
