"""Firing triggers: which ones a row's write fires, in SQLite's order, and running them.

A write of one row fires, in this order (SQLite's insert.c, update.c, delete.c): the
table's BEFORE triggers of its event, the row's constraint checks and write (and its
foreign-key checks and actions), then its AFTER triggers. Several triggers of one event
and timing fire newest first (``catalog.trigger.TableTriggers.firing``); an UPDATE fires
a trigger ``UPDATE OF cols`` only when it assigns one of the columns; the WHEN clause is
evaluated for each row. ``Triggers.fire`` does that for one row and timing; the row
operations below (``delete_row``, ``update_row``) wrap a write in its triggers for the
writers that are not statements of their own: foreign-key actions and REPLACE's deletions.

A trigger program (``TriggerProgram``) is the trigger's WHEN and body, bound and compiled
by the sql layer once per schema version (``program_for``, rowandb/sql/bind/bind_trigger.py).
``NEW.x`` and ``OLD.x`` are parameters of its statements: a firing hands them the new
row's values and rowid, then the old row's (``row_values``).

Recursion (sqlite.org/lang_createtrigger.html, limits.html): with ``PRAGMA
recursive_triggers`` off (the default) a trigger does not fire while it is already
running in the statement being run (a statement a user function runs is a program of
its own: ``own_program``); on, it does, and a chain deeper than ``MAX_DEPTH`` programs
fails with SQLite's "triggers nested too deep" (the message of SQLite 3.54; older ones
said "too many levels of trigger recursion"). As SQLite codes a program once per statement and runs
it at every level (trigger.c codeRowTrigger), a program that fires while it runs runs
again inside itself: the inner level saves what the outer one set and restores it when
it ends (``TriggerProgram.enter``, trigger_frames.py). The running program is the one
every level runs, even when a function of the statement changed the schema since:
SQLite goes on with the programs it coded.

Counters, as SQLite keeps them: each statement of a trigger body sets ``changes()`` to
its own count and adds it to ``total_changes()`` when it ends; ``changes()`` and
``last_insert_rowid()`` revert when the program ends (vdbe.c's frame restores them).
"""

from __future__ import annotations

from contextlib import contextmanager

from ...catalog.trigger import TIMINGS, assigned_names
from ...errors import OperationalError
from ...storage.memory import LazyRecord, LazyValue
from .clustered import seek
from . import expiry
from .dml import DeleteExecutable, InsertExecutable, UpdateExecutable, raise_late_error
from .execute import Executable
from .fkprepare import Compilation, newest_first
from .raising import TriggerIgnore
from .trigger_frames import Frame, frame_objects
from .view_write import ViewWriteExecutable
from .writer import may_replace
from ...catalog.ascii_case import ascii_lower

#: SQLite's SQLITE_MAX_TRIGGER_DEPTH: trigger programs running one inside the other.
MAX_DEPTH = 1000


def row_values(table, new, new_rowid, old, old_rowid) -> tuple:
    """The parameters of a firing: NEW's columns and rowid, then OLD's (NULLs for a row
    the event has not)."""
    blank = (None,) * (len(table.columns) + 1)
    if type(old) is LazyRecord:         # OLD.x of an added VIRTUAL column: computed when
        values = tuple(new) + (new_rowid,) if new is not None else blank  # read (fails then)
        return LazyRecord(values + tuple(_OldValue(v, old) if isinstance(v, LazyValue) else v
                                         for v in old.raw()) + (old_rowid,))
    return (tuple(new) + (new_rowid,) if new is not None else blank) + \
        (tuple(old) + (old_rowid,) if old is not None else blank)


class _OldValue(LazyValue):
    """An added VIRTUAL column of OLD, whose record predates it (sql/bind/virtual_read.py):
    computed from OLD's record where the trigger reads it, as SQLite computes only the
    columns of OLD its triggers read."""

    __slots__ = ("lazy", "record")

    def __init__(self, lazy: LazyValue, record: tuple):
        self.lazy, self.record = lazy, record

    def value(self, _params: tuple):
        return self.lazy.value(self.record)


class TriggerProgram:
    """A trigger's WHEN (a one-row query, or None) and its body's statements (queries are
    ``Executable``; INSERT/UPDATE/DELETE the executables of dml.py)."""

    #: the parameters (NEW/OLD columns) its WHEN and body read (bind_trigger.py)
    reads: frozenset = frozenset()

    def __init__(self, trigger, when, steps: list):
        self.trigger, self.when, self.steps = trigger, when, steps
        self.levels = 0                 # levels running it now, one inside the other
        self.version = None             # the schema version it was compiled under
        self._objects = None            # what a level saves (trigger_frames), once needed
        self._opens = None              # per step: whether it opens a table (expiry.py)

    def enter(self) -> Frame | None:
        """A level starts running the program: the frame of the level it runs inside,
        to restore when it ends (``leave``); None for the outermost level."""
        self.levels += 1
        if self.levels == 1:
            return None
        if self._objects is None:
            self._objects = frame_objects([self.when, self.steps])
        return Frame(self._objects)

    def leave(self, frame: Frame | None) -> None:
        self.levels -= 1
        if frame is not None:
            frame.restore()

    def run(self, txn, params: tuple, session) -> None:
        if self.when is not None:
            if not self.when.rows(params, session):
                return
        opens = self._opens
        if opens is None:
            opens = self._opens = [not isinstance(step, Executable) or
                                   expiry.query_opens(step) for step in self.steps]
        for step, opening in zip(self.steps, opens):
            if opening and session.expired_below:
                expiry.check(session)           # its tables opened each time it runs
            if isinstance(step, Executable):
                for _ in step.each_row(params, session):
                    pass                        # evaluated for its effects, then dropped
                continue
            changes, lastrowid, _ = step.run(txn, params, session)
            session.changes = changes
            session.count_trigger_changes(changes)
            if lastrowid is not None:
                session.last_insert_rowid = lastrowid


class Triggers:
    """One connection's trigger firing. ``program_for(trigger, table)`` compiles a
    ``TriggerProgram`` (the sql layer's part); programs are kept per schema version."""

    def __init__(self, session, dictionary, program_for):
        self.session = session
        self.dictionary = dictionary
        self.program_for = program_for
        self._running: dict = {}        # trigger id -> programs of it running now
        self._active: dict = {}         # (trigger id, orconf) -> its program running now
        self._depth = 0
        self._free: dict = {}           # trigger id -> compiled programs not running
        self._version = -1
        self._coded: list = []          # AUTOINCREMENT tables met by the running prepare()
        self._compiling = 0             # trigger programs being compiled by prepare()

    @property
    def recursive(self) -> bool:
        return self.session.settings.recursive_triggers

    def any_on(self, table) -> bool:
        """Whether ``table`` has triggers: its own, or TEMP ones of this connection."""
        if len(table.triggers):
            return True
        temp = self.session.temp
        return bool(temp.triggers) and not getattr(table, "in_temp", False) \
            and temp.on_main(table.name)

    def wanted(self, table, event: str, timing: str, assigned=None) -> list:
        """The triggers a write of ``table`` fires at ``timing``: this connection's TEMP
        triggers on it in SQLite's order (``firing_on_main``: its temp trigger hash table's;
        oldest first for up to four), then its own newest first (the connection's temp
        schema, ``session.temp``, keeps the TEMP ones); for an UPDATE, ``assigned`` holds
        the lower-case names of the columns it assigns."""
        found = table.triggers.firing(event, timing)
        temp = self.session.temp
        if temp.triggers and not getattr(table, "in_temp", False):
            found = temp.firing_on_main(table.name, event, timing) + list(found)
        if event == "UPDATE" and found:
            found = [t for t in found if t.fires_on(assigned or ())]
        return found

    def fire(self, txn, table, event: str, timing: str, old=None, old_rowid=None,
             new=None, new_rowid=None, assigned=None, orconf=None) -> bool:
        """Run the triggers of one row; False when RAISE(IGNORE) abandoned the row.
        ``orconf``: the conflict clause of the statement that fires them, when it wrote
        one; it replaces the clauses of their statements (trigger.c codeTriggerProgram)."""
        wanted = self.wanted(table, event, timing, assigned)
        if not wanted:
            return True
        params = row_values(table, new, new_rowid, old, old_rowid)
        session = self.session
        for trigger in wanted:
            if self._running.get(trigger.id) and not self.recursive:
                continue
            if self._depth >= MAX_DEPTH:
                raise OperationalError("triggers nested too deep")
            key = (trigger.id, orconf)
            program = self._active.get(key) or self._take(key, table, trigger)
            if type(params) is LazyRecord:  # SQLite computes the OLD columns a trigger
                for i in program.reads:     # reads before it runs, WHEN or no WHEN
                    params[i]               # (sqlite3TriggerColmask)
            saved = session.changes, session.last_insert_rowid
            frame = program.enter()
            self._active[key] = program
            self._depth += 1
            self._running[trigger.id] = self._running.get(trigger.id, 0) + 1
            try:
                program.run(txn, params, session)
            except TriggerIgnore:
                return False
            finally:
                self._depth -= 1
                self._running[trigger.id] -= 1
                program.leave(frame)
                if not program.levels:
                    del self._active[key]
                    self._put_back(key, program)
                session.changes, session.last_insert_rowid = saved
        return True

    def prepare(self, executable) -> list:
        """Bind and compile now every program the rows of ``executable`` (a statement
        being prepared) can fire, and those their statements can fire: as in SQLite, an
        error in a trigger's body fails the statement that fires it when it is prepared,
        whether or not a row fires it. Returns the AUTOINCREMENT tables those programs
        INSERT into, in the order SQLite codes them (autoincrement.StatementCounters)."""
        seen: set = set()
        saved, self._coded = self._coded, []
        targets = self._targets(executable)
        try:
            for table, event, names, orconf, *how in targets[:_ahead_of_late_error(executable,
                                                                                  len(targets))]:
                self._prepare(table, event, names, orconf, seen, *how)
        except _ActionFails:
            pass                # the statement's foreign-key compilation reports it on run
        except OperationalError as error:
            raise _own_key_error(executable) or error
        finally:
            coded, self._coded = self._coded, saved
        return coded

    def _coded_step(self, step, seen: set) -> None:
        """A program's statement is coded: its AUTOINCREMENT table noted, then what it
        fires prepared (before the program's next statement)."""
        if isinstance(step, InsertExecutable) and step.table.autoincrement \
                and all(t.id != step.table.id for t in self._coded):
            self._coded.append(step.table)
        for table, event, names, orconf, *how in self._targets(step):
            self._prepare(table, event, names, orconf, seen, *how)

    def _prepare(self, table, event: str, names, orconf, seen: set, timings=TIMINGS,
                 actions: bool = True) -> None:
        """The table's own triggers first, each with what its statements fire, then the
        children's written by foreign-key actions: the first error is the one reported.
        SQLite codes an INSERT's BEFORE triggers, then its AFTER ones; for UPDATE and
        DELETE sqlite3TriggerColmask codes them all first, in the order of the table's
        list whatever the timing (``_list_order``)."""
        wanted = [t for timing in timings for t in self.wanted(table, event, timing, names)]
        if event != "INSERT":
            rank = self.session.temp.list_rank()
            wanted.sort(key=lambda trigger: _list_order(trigger, rank))
        for trigger in wanted:
            key = (trigger.id, orconf)
            if key in seen:
                continue
            seen.add(key)
            pool = self._free_programs(key)
            if pool:                        # compiled under this schema version already
                for step in pool[0].steps:
                    self._coded_step(step, seen)
                continue

            def prepare_step(step, seen=seen):      # what a statement fires, before the next
                if hasattr(step, "prepare_foreign_keys"):   # a write: its compile-time checks
                    step.prepare_foreign_keys()
                self._coded_step(step, seen)
                if getattr(step, "stmt", None) is not None:     # and its late error: the
                    raise_late_error(step.stmt)     # program is compiled, run or not
            self._compiling += 1
            try:
                program = self.program_for(trigger, table, orconf, prepare_step)
                program.version = self.dictionary.version
                pool.append(program)
            finally:
                self._compiling -= 1
        for target in self._action_targets(table, event, names) if actions else ():
            key = (target[0].id, target[1], target[2])
            if key not in seen:             # a self-referencing table reaches itself again
                seen.add(key)
                self._prepare(*target, seen)

    @contextmanager
    def own_program(self):
        """Run a statement as a program of its own: a statement a user function runs on
        the connection while a trigger's program runs (recursive_triggers off) fires
        that trigger again, as SQLite finds a trigger running only among the frames of
        the statement it runs (vdbe.c OP_Program walks ``p->pFrame``, its own VM's), and
        a new statement has none. The depth counts on (MAX_DEPTH): RowanDB keeps one
        count for the connection, so a chain of statements cannot exhaust Python's stack."""
        if not self._depth:
            yield
            return
        saved, self._running = self._running, {}
        try:
            yield
        finally:
            self._running = saved

    def forget(self) -> None:
        """Drop every compiled program not running: the connection's own functions
        changed (functions/user.py), so they are compiled again when next fired."""
        self._version = -1

    def _take(self, key, table, trigger) -> TriggerProgram:
        """A program of ``key`` (trigger id, orconf) compiled under this schema version."""
        free = self._free_programs(key)
        if free:
            return free.pop()
        program = self.program_for(trigger, table, key[1])
        program.version = self.dictionary.version
        return program

    def _put_back(self, key, program: TriggerProgram) -> None:
        """Keep ``program``, no longer running, for the next firing -- unless the schema
        changed since it was compiled (a function of the statement ran DDL)."""
        if program.version == self.dictionary.version:
            self._free_programs(key).append(program)

    def _free_programs(self, key) -> list:
        """The compiled programs of (trigger id, orconf) not running now; all are
        forgotten when the schema version changes."""
        version = self.dictionary.version
        if version != self._version:
            self._free, self._version = {}, version
        return self._free.setdefault(key, [])

    def delete_row(self, writer, txn, rowid: int, after: bool = True, orconf=None) -> bool:
        """Delete one row with its DELETE triggers (the AFTER ones only if ``after``: a
        DELETE statement counts the row first); False when it was not deleted here (a
        BEFORE trigger's RAISE(IGNORE) kept it, or a trigger deleted it first)."""
        table, file = writer.table, writer.ctx.store.table(writer.table.file_id)
        old = file.get(rowid)
        if old is None:
            return False
        if not self.fire(txn, table, "DELETE", "BEFORE", old, rowid, orconf=orconf):
            return False
        found = seek(writer.ctx.store, table, rowid, old)   # a trigger may have moved it
        if found is None:
            return False
        writer.delete(txn, found[0], read=old)
        if after:
            self.fire(txn, table, "DELETE", "AFTER", old, rowid, orconf=orconf)
        return True

    def update_row(self, writer, txn, env, rowid: int, old: tuple, values: list, conflict: str,
                   plan, defaults=None, after: bool = True, orconf=None, marks=None):
        """UPDATE one row with its UPDATE triggers: ``values`` are the (position, value) pairs
        already computed; the BEFORE triggers see them, and if the row survives them its other
        columns are read again (a BEFORE trigger may have changed them, update.c). Returns
        what ``RowWriter.update_row`` returns, None when the row was skipped. The AFTER
        triggers fire here only if ``after`` (an UPDATE statement counts the row first).
        ``marks``: the values SQLite's JSON subtype marks, for NEW (json_marks.py)."""
        table = writer.table
        names = assigned_names(table, [pos for pos, _ in values])
        current = old
        if self.wanted(table, "UPDATE", "BEFORE", names):
            new, new_rowid = writer.place(list(old), rowid, values, compute=False)
            if new_rowid is None:           # a NULL rowid fails before the triggers fire
                return writer.update_row(txn, env, rowid, old, values, conflict, plan,
                                         defaults)
            writer.compute_generated(new)
            writer.check_strict(new)        # as the affinity SQLite applies for them
            if not self.fire(txn, table, "UPDATE", "BEFORE", old, rowid, writer.marked(new, marks),
                             rowid if new_rowid is None else new_rowid, names, orconf):
                return None
            found = seek(writer.ctx.store, table, rowid, old)
            if found is None:
                return None
            rowid, current = found
        written = writer.update_row(txn, env, rowid, current, values, conflict, plan, defaults,
                                    read=old)
        if written is not None and after:
            self.fire(txn, table, "UPDATE", "AFTER", old, rowid, writer.marked(written[0], marks),
                      written[1], names, orconf)
        return written


    def _action_targets(self, table, event: str, names) -> list:
        """The child writes the foreign-key actions of a write to parent ``table`` make,
        as _targets gives them, newest constraint first: SQLite codes an action with the
        statement when it is prepared (fkey.c fkActionTrigger), the child's triggers with
        it. An action's program that fails before it codes those triggers
        (``Compilation.action_head``) ends the walk: its error is the first a trigger
        program reports, so no later one shows."""
        fkeys = self.session.fkeys
        if event == "INSERT" or not table.fk_in or not fkeys.enabled:
            return []
        found = []
        for fk in newest_first(table.fk_in):
            action = fk.on_delete if event == "DELETE" else fk.on_update
            if action not in ("CASCADE", "SET NULL", "SET DEFAULT"):
                continue
            keys = fk.parent_columns or [table.columns[p].name for p in table.primary_key] \
                or ["rowid"]
            if event == "UPDATE" and not any(ascii_lower(k) in names for k in keys):
                continue
            child = fkeys.dictionary_of(fk).table(fk.child)
            if child is None:
                continue
            head = Compilation(fkeys).action_head(fk, ascii_lower(event))
            if head is not None:
                if self._compiling:         # inside a trigger's program: its error
                    raise head
                raise _ActionFails(head)
            if event == "DELETE" and action == "CASCADE":
                found.append((child, "DELETE", None, "ABORT"))
            else:
                found.append((child, "UPDATE",
                              frozenset(ascii_lower(c) for c in fk.child_columns), "ABORT"))
        return found

    def _targets(self, executable) -> list:
        """What the rows of a DML executable fire, as ``_prepare``'s arguments (table,
        event, assigned column names, orconf, seen, timings, actions) in the order SQLite
        codes them: its own event's triggers, an upsert's DO UPDATE and, when recursive
        triggers are on, REPLACE's deletions (both in the constraint checks, after an
        INSERT's BEFORE triggers and before its AFTER ones), the foreign-key actions;
        a write to a view its INSTEAD OF triggers; nothing for a query."""
        stmt = getattr(executable, "stmt", None)
        if isinstance(executable, ViewWriteExecutable):
            return [(stmt.table, stmt.event, stmt.names, stmt.orconf, ("INSTEAD OF",), False)]
        if not isinstance(executable, (InsertExecutable, UpdateExecutable, DeleteExecutable)):
            return []
        table, orconf = stmt.table, stmt.orconf
        if isinstance(executable, DeleteExecutable):
            return [(table, "DELETE", None, orconf)]
        # REPLACE's deletions: their DELETE triggers with recursive triggers on, their
        # foreign-key actions (and what those fire) whatever the setting
        replace = [(table, "DELETE", None, "REPLACE", TIMINGS if self.recursive else (), True)] \
            if may_replace(stmt, table) else []
        if isinstance(executable, UpdateExecutable):
            names = assigned_names(table, executable.assigned)
            return [(table, "UPDATE", names, orconf, TIMINGS, False)] + replace \
                + [(table, "UPDATE", names, orconf, (), True)]
        upsert = [(table, "UPDATE", assigned_names(table, {pos for u in stmt.upserts
                                                            for pos, _ in u.assignments or ()}),
                   "ABORT")] if any(u.assignments for u in stmt.upserts) else []
        return [(table, "INSERT", None, orconf, ("BEFORE",))] + upsert + replace \
            + [(table, "INSERT", None, orconf, ("AFTER",))]


class _ActionFails(Exception):
    """A foreign-key action's program fails before it codes its child's triggers."""


def _own_key_error(executable) -> OperationalError | None:
    """The write's own foreign-key compilation error, which SQLite reports instead of a
    trigger program's: it codes those checks after the BEFORE triggers (and, for UPDATE
    and DELETE, after sqlite3TriggerColmask has coded every program), and its message
    replaces the program's (sqlite3ErrorMsg keeps the last error; transferParseError
    gives a program's only to a statement without one). An error of a foreign-key
    action's program is a program's error too: it does not count."""
    prepare = getattr(executable, "prepare_foreign_keys", None)
    if prepare is not None:
        try:
            prepare()
        except OperationalError as own:
            return None if getattr(own, "in_program", False) else own
    return None


def _ahead_of_late_error(executable, count: int) -> int:
    """How many of the ``count`` targets SQLite codes before it meets the statement's late
    error (RETURNING, DO UPDATE, an UPDATE's FROM query: bind_dml._late): an INSERT's
    BEFORE triggers before a DO UPDATE's error -- and the UPDATE triggers too when an
    earlier DO UPDATE was coded, which coded them (sqlite3Update's sqlite3TriggerColmask;
    a program is compiled once) --, every target but its AFTER triggers before a
    RETURNING's (SQLite codes RETURNING as the first AFTER trigger, trigger.c
    sqlite3TriggerList; an upsert's DO UPDATE and REPLACE's deletions come before it);
    none before an UPDATE's FROM query; all of an UPDATE's or DELETE's otherwise
    (sqlite3TriggerColmask codes them first). A trigger's error after that point never
    shows (trigger.c transferParseError keeps the first): the late error is raised when the
    statement runs, so the programs after it are not compiled. A ``RETURNING t.*``'s error
    replaces any program's, coded before it or not (sqlite3ExpandReturning reports it with
    sqlite3ErrorMsg, which keeps the last): none is compiled ahead of it."""
    error = getattr(getattr(executable, "stmt", None), "late_error", None)
    if error is None:
        return count
    if getattr(error, "table_star", False):
        return 0
    if isinstance(executable, InsertExecutable):
        if getattr(error, "in_returning", False):
            return count - 1
        return 2 if getattr(error, "after_update_triggers", False) else 1
    return 0 if getattr(error, "in_from", False) else count


def _list_order(trigger, rank: dict) -> tuple:
    """A trigger's place in SQLite's list of a table's triggers (sqlite3TriggerList): the
    connection's TEMP triggers on a main object first, in the order ``rank`` gives
    (``TempSchema.list_rank``), then the object's own, newest first."""
    if getattr(trigger, "on_temp", True) is False:
        return 0, rank[ascii_lower(trigger.name)]
    return 1, -trigger.id
