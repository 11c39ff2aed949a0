"""Checking and writing whole rows of one table, in the order SQLite checks them.

Every write of a row goes through a ``RowWriter``: INSERT and REPLACE, UPDATE, an upsert's
DO UPDATE, and the UPDATE or DELETE of child rows a foreign-key action makes. A row is
checked in the order of SQLite's sqlite3GenerateConstraintChecks (insert.c):

1. NOT NULL, column by column. Under REPLACE a NULL takes the column's DEFAULT, and a
   column still NULL after that fails only once every other column has been checked.
2. CHECK constraints, in the order written; a STRICT table's datatypes just before the
   first CHECK that is evaluated.
3. The rowid, when the write gives one (it may collide with another row).
4. A STRICT table's datatypes if no CHECK was evaluated; then each UNIQUE index, newest
   first (a table's constraint indexes are made in the order they are written). REPLACE
   deletes a conflicting row on the spot -- its foreign-key actions run then and there --
   and goes on with the next constraint; once it has deleted anything, every constraint is
   checked again, and a conflict found then (an action wrote one back) fails as ABORT.

An UPDATE checks only what it can break (``Checks``, from ``RowWriter.plan``): NOT NULL of
the columns it assigns, the CHECKs that read one of them (or the rowid, if it assigns
that), the rowid if it assigns it, the UNIQUE indexes over an assigned column. That
decides, for a STRICT table, whether the datatypes come before or after the rowid.

The conflict clause in force for each constraint (``in_force``) is the statement's OR
clause when it wrote one (the writes take it as ``conflict``, None when it wrote none),
else the constraint's own ON CONFLICT clause (``Column.notnull_conflict``,
``Index.on_conflict``, ``Table.key_conflict`` for the rowid), else ABORT; a CHECK's own
clause counts for nothing, as in SQLite. The UNIQUE indexes come in ``Table.index_list``
order, those whose own clause is REPLACE last, and a rowid whose own clause is REPLACE
waits for every index when the statement wrote no clause (``ordered``). A failure raises
``ConflictError`` with the clause in force as its ``resolution`` (ABORT, FAIL, ROLLBACK;
IGNORE skips the row instead, REPLACE resolves UNIQUE as above). After the checks,
``insert``/``update``/``delete`` write the record and its index entries through
``catalog.rows`` and call the ``ForeignKeys`` hooks, which check the row's foreign keys
and run the actions its change sets off.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ...catalog import rows as rowio
from ...catalog.schema import VIRTUAL
from ...storage.memory import held
from ...errors import IntegrityError, OperationalError
from ..functions.json import JsonBlob, JsonText
from ..plan.analysis import children
from ..plan import bound as b
from ..types import values as V
from .autoincrement import Sequence
from .datatypes import check_datatypes, strict_datatypes
from .json_marks import carries_json, json_unmarked, marked_row

_MAX_ROWID = (1 << 63) - 1


class ConflictError(IntegrityError):
    """A constraint failure; ``resolution`` is the conflict clause in force."""

    def __init__(self, message: str, resolution: str = "ABORT"):
        super().__init__(message)
        self.resolution = resolution


class RowidsExhausted(OperationalError):
    """SQLITE_FULL for want of a new rowid; ``resolution`` says how much it undoes."""

    def __init__(self, resolution: str):
        super().__init__("database or disk is full")
        self.resolution = resolution


class Context:
    """What DML needs from below the planner, handed in by the session."""

    def __init__(self, store, dictionary, fkeys=None, triggers=None, sequences=None,
                 temp_dictionary=None):
        self.store = store
        self.dictionary = dictionary
        self.temp_dictionary = temp_dictionary  # the connection's TEMP tables', or None
        self.fkeys = fkeys                  # foreign-key enforcement, or None
        self.triggers = triggers            # trigger firing (triggers.Triggers), or None
        # AUTOINCREMENT counters open in the running statement (autoincrement.Sequence)
        self.sequences = sequences if sequences is not None else {}

    def dictionary_for(self, table):
        """The dictionary that holds ``table``: main's, or the temp schema's."""
        return self.temp_dictionary if getattr(table, "in_temp", False) else self.dictionary

    def triggers_on(self, table):
        """The trigger firing when ``table`` has triggers (TEMP ones too), else None."""
        triggers = self.triggers
        return triggers if triggers is not None and triggers.any_on(table) else None


@dataclass(frozen=True)
class Checks:
    """What one kind of write of a table checks (see the module docstring)."""
    not_null: tuple         # column positions
    checks: tuple           # (message text, compiled CHECK)
    order: tuple            # "rowid" and UNIQUE indexes, in the order they are checked,
                            # with the partial and expression indexes among them
    assigned: frozenset     # column positions an UPDATE sets (for the rowid: its alias, or
                            # -1, fkprepare.ROWID, when the table has none)


class RowWriter:
    """Checks and writes whole rows of one table."""

    def __init__(self, table, ctx: Context, checks, check_slot: int, compiler, generated=()):
        self.table = table
        self.ctx = ctx
        self.encode = V.sort_key
        # (message, compiled CHECK, the columns it reads: positions, -1 for the rowid)
        compiler.exprs.in_check = "a CHECK constraint"  # the date and time functions' 'now' fails
        self.checks = [(text, compiler.condition(expr, if_true=True),
                        columns_read(expr, check_slot))
                       for text, expr in checks]
        compiler.exprs.in_check = "a generated column"
        self.generated = Generated(table, generated, check_slot, compiler)
        compiler.exprs.in_check = None
        self.check_slot = check_slot
        self.state = compiler.state
        self.env_size = max(compiler.env_size, check_slot + 2)
        # SQLite checks the newest UNIQUE index first (new indexes go to the front of its
        # list), which decides the message when a row breaks several.
        self.unique = [ix for ix in table.index_list if ix.unique]
        # In the same pass SQLite computes every index's key, which for a partial index or
        # one on expressions may fail (``abs(x)`` overflows) before a UNIQUE index further
        # on is checked: those indexes take their turn too (``conflict_on``).
        self.keyed = [ix for ix in table.index_list if ix.unique or ix.form is not None]
        self.affinities = [c.affinity for c in table.columns]
        self.datatypes = strict_datatypes(table)
        self.sequence = Sequence(table, ctx.store, ctx.dictionary_for(table), ctx.sequences) \
            if table.autoincrement \
            else None
        self.full_resolution = "ROLLBACK"   # what SQLITE_FULL undoes (dml._full_resolution)
        self._plans: dict = {}

    def begin_statement(self, full_resolution: str) -> None:
        """An INSERT starts: an AUTOINCREMENT table reads its counter; ``full_resolution``
        is what running out of rowids undoes (``dml._full_resolution``)."""
        self.full_resolution = full_resolution
        if self.sequence is not None:
            self.sequence.begin()

    def abandon_statement(self) -> None:
        """The INSERT stopped with an exception (autoincrement.Sequence.abandon)."""
        if self.sequence is not None:
            self.sequence.abandon()

    def end_statement(self, txn) -> None:
        """The statement succeeded (an AUTOINCREMENT table writes its counter back)."""
        if self.sequence is not None:
            self.sequence.end(txn)

    # -- what a write checks -------------------------------------------------------------
    def plan(self, assigned: frozenset | None = None) -> Checks:
        """The checks of an INSERT (``assigned`` None), or of an UPDATE assigning the
        column positions ``assigned`` (-1 standing for the rowid)."""
        found = self._plans.get(assigned)
        if found is None:
            found = self._plans[assigned] = self._make_plan(assigned)
        return found

    def _make_plan(self, assigned) -> Checks:
        table, alias = self.table, self.table.rowid_alias
        every = assigned is None
        rowid = every or -1 in assigned or alias in assigned
        if not every:
            assigned = self.generated.with_dependents(assigned)
        changed = set() if every else set(assigned) | ({-1, alias} if rowid else set())
        not_null = tuple(i for i, c in enumerate(table.columns)
                         if c.notnull and i != alias and (every or i in changed))
        checks = tuple((text, f) for text, f, reads in self.checks if every or reads & changed)
        unique = tuple(ix for ix in self.keyed if rowid or rowio.index_touched(ix, changed))
        sets = frozenset() if every else \
            frozenset(alias if p == -1 and alias is not None else p for p in assigned)
        return Checks(not_null, checks, (("rowid",) if rowid else ()) + unique, sets)

    def constraints(self) -> list:
        """The uniqueness constraints an INSERT checks, in SQLite's order (with the partial
        and expression indexes whose keys it computes on the way)."""
        return list(self.plan().order)

    # -- the checks ----------------------------------------------------------------------
    def place(self, record: list, rowid, assignments,
              compute: bool = True) -> tuple[list, int | None]:
        """Put ``(position, value)`` pairs into ``record`` (position -1: the rowid), apply
        the columns' affinities, and return the record with the rowid it will have (None
        when still to be chosen). The rowid -- the INTEGER PRIMARY KEY's value when there is
        one -- is made an INTEGER from the value as given (values.must_be_int), not through
        the column's affinity, and the record holds that INTEGER. Then the generated
        columns are computed, unless ``compute`` is False (the caller does it later)."""
        alias = self.table.rowid_alias
        for pos, value in assignments:
            if pos == -1 or pos == alias:
                rowid = value
            if pos != -1:
                record[pos] = value
        record = [V.apply_affinity(v, a) for v, a in zip(record, self.affinities)]
        rowid = check_rowid(rowid)
        if alias is not None and rowid is not None:
            record[alias] = rowid
        if compute:
            self.compute_generated(record)
        return record, rowid

    def compute_generated(self, record: list) -> None:
        """Fill in the generated columns of ``record``. In a STRICT table SQLite checks
        datatypes there, before NOT NULL and whatever the conflict clause: the ordinary
        columns' first, then each VIRTUAL column's as it is computed; a STORED column's
        waits for the usual place (``check_checks``, ``resolve``)."""
        generated = self.generated
        if generated.columns:
            if self.datatypes is not None:
                check_datatypes(self.table, generated.ordinary_types, record)
            generated.compute(record)
            if self.datatypes is not None:
                for pos in generated.virtual:
                    check_datatypes(self.table, generated.types_of(pos), record)

    def marked(self, record, marks: dict | None):
        """``record`` as NEW of a trigger sees it: marked where SQLite's JSON subtype rides
        on the row's registers -- ``marks``, the write's given values', and the generated
        columns' of the last computation (json_marks.py)."""
        return marked_row(record, self.generated.row_marks(marks))

    def check_not_null(self, record: list, conflict: str, defaults, plan: Checks) -> bool:
        """False when the row is to be skipped (IGNORE). ``conflict``: the statement's
        conflict clause, None when it wrote none (then each column's own, else ABORT).

        Under REPLACE a NULL takes the column's default, and a column still NULL after that
        fails only once every other column has been checked -- SQLite's two passes over the
        NOT NULL columns (sqlite3GenerateConstraintChecks), which decide the message. The
        generated columns wait for the second pass, computed again first when a default
        was put in (they may read it)."""
        replaced, second = [], []
        columns = self.table.columns
        for i in plan.not_null:
            if columns[i].is_generated:
                second.append(i)
            elif record[i] is None:
                col = columns[i]
                resolution = in_force(conflict, col.notnull_conflict)
                if resolution == "REPLACE" and defaults is not None and defaults[i] is not None:
                    record[i] = V.apply_affinity(defaults[i](), col.affinity)
                    replaced.append(i)
                    continue
                if resolution == "IGNORE":
                    return False
                self._not_null_failed(col, resolution)
        if replaced:
            self.compute_generated(record)
        for i in sorted(replaced + second):
            if record[i] is None:
                resolution = in_force(conflict, columns[i].notnull_conflict)
                if resolution == "IGNORE" and columns[i].is_generated:
                    return False
                self._not_null_failed(columns[i], "ABORT" if resolution == "REPLACE" or
                                      not columns[i].is_generated else resolution)
        return True

    def _not_null_failed(self, col, conflict: str):
        raise ConflictError(f"NOT NULL constraint failed: {self.table.name}.{col.name}",
                            conflict)

    def check_checks(self, env, record: tuple, rowid, conflict: str, plan: Checks) -> bool:
        """The checks that follow NOT NULL, in SQLite's order: a STRICT table's datatypes
        (whatever the conflict clause), then the CHECK constraints. Without a CHECK to
        evaluate the datatypes are checked later, by ``resolve`` (where SQLite does it).
        A CHECK's own ON CONFLICT clause counts for nothing (SQLite drops it):
        ``conflict`` is the statement's, None (ABORT) when it wrote none."""
        if not plan.checks:
            return True
        if self.datatypes is not None:
            check_datatypes(self.table, self.datatypes, record)
        env[self.check_slot] = record
        env[self.check_slot + 1] = rowid
        for text, check in plan.checks:
            v = check(env)
            if v is not None and not V.truth(v):
                if conflict == "IGNORE":
                    return False
                raise ConflictError(f"CHECK constraint failed: {text}", conflict or "ABORT")
        return True

    def check_strict(self, record) -> None:
        """A STRICT table's datatypes, checked on their own (before BEFORE triggers)."""
        if self.datatypes is not None:
            check_datatypes(self.table, self.datatypes, record)

    def check_datatypes_late(self, record: tuple, plan: Checks) -> None:
        """A STRICT table's datatypes, where SQLite checks them when no CHECK ran: after
        the rowid, before the UNIQUE indexes."""
        if self.datatypes is not None and not plan.checks:
            check_datatypes(self.table, self.datatypes, record)

    def conflict_on(self, constraint, record: tuple, rowid: int, own_rowid=None):
        """The rowid of the row that ``constraint`` would make the given one collide with
        (``own_rowid``: the row being updated, which collides with nothing), or None."""
        if constraint == "rowid":
            table_file = self.ctx.store.table(self.table.file_id)
            return rowid if rowid != own_rowid and table_file.get(rowid) is not None else None
        values = rowio.index_values(constraint, record, rowid)
        if values is None or not constraint.unique or any(v is None for v in values):
            return None
        for other in rowio.find_equal(self.ctx.store, constraint, values, self.encode, limit=2):
            if other != own_rowid:
                return other
        return None

    def describe(self, constraint) -> str:
        """How SQLite names a constraint in "UNIQUE constraint failed: ..."."""
        table = self.table
        if constraint == "rowid":
            alias = table.rowid_alias
            return f"{table.name}.{table.columns[alias].name if alias is not None else 'rowid'}"
        return index_label(table, constraint)

    def unique_failed(self, constraint, conflict: str) -> ConflictError:
        return ConflictError(f"UNIQUE constraint failed: {self.describe(constraint)}", conflict)

    def resolve(self, txn, record, rowid, conflict, plan: Checks, own_rowid=None) -> bool:
        """The uniqueness constraints, one after the other (``ordered``), each under the
        conflict clause in force for it (``resolution``); False when the row is to be
        skipped. IGNORE skips a row whose rowid is taken without looking at its datatypes,
        as SQLite does."""
        typed, deleted = False, False
        order = self.ordered(plan.order, conflict)
        for constraint in order:
            if constraint != "rowid" and not typed:
                self.check_datatypes_late(record, plan)
                typed = True
            other = self.conflict_on(constraint, record, rowid, own_rowid)
            if other is None:
                continue
            resolution = self.resolution(constraint, conflict)
            if resolution == "IGNORE":
                return False
            if resolution != "REPLACE":
                raise self.unique_failed(constraint, resolution)
            self.replace(txn, other, pinned=own_rowid is not None and constraint != "rowid")
            deleted = True
        if not typed:
            self.check_datatypes_late(record, plan)
        if deleted:
            self.recheck(record, rowid, order, conflict, own_rowid)
        return True

    def replace(self, txn, other: int, pinned: bool = False) -> None:
        """REPLACE deletes the row ``other`` that the row being written collides with.
        ``pinned``: an UPDATE's collision on an index, where SQLite locks the cursor on the
        updated row while the DELETE triggers run (update.c, OP_CursorLock): a trigger's
        (or a foreign-key action's) write of the table then fails with 'constraint
        failed' (SQLITE_CONSTRAINT_PINNED), found here once the deletion is done."""
        triggers = self.ctx.triggers    # REPLACE's deletions fire DELETE triggers
        if self.replace_fires_triggers():    # only when recursive ones may
            mark = txn.position() if pinned else None
            triggers.delete_row(self, txn, other, orconf="REPLACE")
            if pinned and txn.rows_written_since(mark, self.table.file_id, other):
                raise IntegrityError("constraint failed")
        else:
            self.delete(txn, other)     # through the foreign-key machinery

    def replace_fires_triggers(self) -> bool:
        """Whether a REPLACE deletion fires DELETE triggers of the table (recursive_triggers
        on and the table has some)."""
        triggers = self.ctx.triggers
        return triggers is not None and triggers.recursive and \
            bool(triggers.wanted(self.table, "DELETE", "BEFORE")
                 or triggers.wanted(self.table, "DELETE", "AFTER"))

    def resolution(self, constraint, conflict: str | None) -> str:
        """The conflict clause in force for a uniqueness constraint: the statement's
        ``conflict`` when it wrote one, else the constraint's own, else ABORT."""
        own = self.table.key_conflict if constraint == "rowid" else constraint.on_conflict
        return in_force(conflict, own)

    def ordered(self, order: tuple, conflict: str | None) -> tuple:
        """``order`` as SQLite checks it under ``conflict``: a rowid whose own clause is
        REPLACE, when the statement wrote no clause and the table has an index, waits
        until every index has been checked (insert.c, "defer IPK REPLACE until last");
        the indexes are in ``Table.index_list`` order already (REPLACE ones last)."""
        if conflict is None and self.table.key_conflict == "REPLACE" and \
                self.table.indexes and order and order[0] == "rowid":
            return order[1:] + order[:1]
        return order

    def recheck(self, record, rowid, order, conflict=None, own_rowid=None) -> None:
        """After REPLACE deleted rows of a table with foreign keys or DELETE triggers that
        fire (whose actions and bodies may have written rows back), SQLite checks the row's
        rowid again, unless an UPDATE keeps it, then the constraints resolved by REPLACE; a
        conflict now is an ABORT whatever the conflict clause (insert.c, nReplaceTrig)."""
        fkeys = self.ctx.fkeys
        if (fkeys is None or not fkeys.active(self.table)) and not self.replace_fires_triggers():
            return
        if not self.table.without_rowid and rowid != own_rowid and \
                self.ctx.store.table(self.table.file_id).get(rowid) is not None:
            raise self.unique_failed("rowid", "ABORT")
        for constraint in order:
            if constraint != "rowid" and self.resolution(constraint, conflict) == "REPLACE" \
                    and self.conflict_on(constraint, record, rowid, own_rowid) is not None:
                raise self.unique_failed(constraint, "ABORT")

    # -- writing -------------------------------------------------------------------------
    def update_row(self, txn, env, rowid: int, old: tuple, assignments, conflict: str,
                   plan: Checks, defaults=None, read: tuple | None = None,
                   keys: bool = True) -> tuple | None:
        """UPDATE one row: place the assigned values, check in SQLite's order, write.
        Returns (new record, new rowid), or None when the row was skipped (OR IGNORE) or
        went away (REPLACE's deletion cascaded to it). ``read``: the row as the statement
        read it, when BEFORE triggers changed it since (foreign keys check those values).
        ``keys`` False: the caller knows the statement sets no column of a foreign key
        of the table (``multi_write.foreign_keys_change``), so a row that keeps its rowid and was
        read as stored needs no foreign-key work (see ``update``)."""
        new, new_rowid = self.place(list(held(old)), rowid, assignments, compute=False)
        if new_rowid is None:
            raise IntegrityError("datatype mismatch")     # SQLite: a rowid cannot become NULL
        self.compute_generated(new)
        if not self.check_not_null(new, conflict, defaults, plan):
            return None
        new = tuple(new)
        if not self.check_checks(env, new, new_rowid, conflict, plan):
            return None
        if not self.resolve(txn, new, new_rowid, conflict, plan, own_rowid=rowid):
            return None
        if self.ctx.store.table(self.table.file_id).get(rowid) is None:
            return None
        self.update(txn, rowid, old, new, new_rowid, plan.assigned, read, keys)
        return new, new_rowid

    def stored(self, record: tuple) -> tuple:
        """``record`` as the table keeps it. A VIRTUAL column of a row in flight was
        computed from values that may carry SQLite's JSON subtype (json_marks.py); the
        table keeps what a read of the stored row computes, from the plain values."""
        if self.generated.virtual and self.state.json_marks:
            marks, self.state.json_marks = self.state.json_marks, None
            try:
                record = self.generated.computed(record, self.generated.virtual)
            finally:
                self.state.json_marks = marks
        return record

    def insert(self, txn, rowid: int, record: tuple) -> None:
        record = self.stored(record)
        rowio.insert_record(txn, self.table, rowid, record, self.encode)
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.after_insert(txn, self.table, rowid, record)

    def delete(self, txn, rowid: int, read: tuple | None = None) -> None:
        """Delete a row; ``read`` as for ``update_row``."""
        record = self.ctx.store.table(self.table.file_id).get(rowid)
        if record is None:
            return                  # already removed by a foreign-key action
        rowio.delete_record(txn, self.table, rowid, record, self.encode)
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.after_delete(txn, self.table, rowid, record, read)

    def update(self, txn, rowid: int, old: tuple, new: tuple, new_rowid: int | None,
               assigned: frozenset, read: tuple | None = None, keys: bool = True) -> None:
        """Rewrite a row whose columns at ``assigned`` the statement set; when its rowid
        changes it moves, and foreign keys still see an UPDATE of the key (ON UPDATE),
        never a DELETE and an INSERT. ``keys`` False skips ``ForeignKeys.after_update``
        when the row stays where it is and ``read`` is None: with no key column among
        ``assigned`` (generated dependents included) and the row read as stored, no
        parent key changes value and no child key is written, so the hook would do
        nothing (fkey.c's sqlite3FkRequired decides the same at compile time)."""
        old_rowid, new = rowid, self.stored(new)
        if new_rowid is None or new_rowid == rowid:
            rowio.update_record(txn, self.table, rowid, old, new, self.encode, assigned)
        else:
            rowio.delete_record(txn, self.table, rowid, old, self.encode)
            rowio.insert_record(txn, self.table, new_rowid, new, self.encode)
            rowid = new_rowid
        if self.ctx.fkeys is not None and (keys or read is not None or rowid != old_rowid):
            self.ctx.fkeys.after_update(txn, self.table, rowid, old, new, assigned,
                                        moved_from=old_rowid if rowid != old_rowid else None,
                                        read=read)

    # -- rowids --------------------------------------------------------------------------
    def new_rowid(self, given) -> int:
        """The rowid of a row to insert: ``given`` by the statement, else a new one. An
        AUTOINCREMENT table's counter takes note either way (before any constraint check,
        as in SQLite)."""
        rowid = given if given is not None else self.next_rowid()
        if self.sequence is not None:
            self.sequence.saw(rowid)
        return rowid

    def next_rowid(self) -> int:
        """One more than the largest rowid; once that is the largest possible, random
        unused ones, and after 100 misses SQLITE_FULL (sqlite.org/autoinc.html). An
        AUTOINCREMENT table also stays above its counter and never goes random."""
        file = self.ctx.store.table(self.table.file_id)
        last = file.max_rowid()
        if self.sequence is not None:
            rowid = self.sequence.next_rowid(last)
            if rowid is not None:
                return rowid
        elif last < _MAX_ROWID:
            return last + 1
        else:
            for _ in range(100):
                candidate = random.randint(1, _MAX_ROWID)
                if file.get(candidate) is None:
                    return candidate
        raise RowidsExhausted(self.full_resolution)


class Generated:
    """The generated columns of a table (sql/bind/generated.py): computed into a record as it
    is written, each from the record's other values, in an order where a column comes
    after those it reads, with its column's affinity."""

    def __init__(self, table, bound, slot: int, compiler):
        self.slot = slot
        in_flight = frozenset((slot,))
        # (position, compiled, affinity, whether its value may carry the JSON subtype)
        self.columns = []
        for pos, expr in bound:
            json = carries_json(expr, in_flight)
            f = compiler.exprs.json_argument(expr) if json else compiler.expr(expr)
            self.columns.append((pos, f, table.columns[pos].affinity, json))
        self.state = compiler.state
        self.marks = None           # position -> JSON mark, of the last whole computation
        self.reads = {pos: columns_read(expr, slot) for pos, expr in bound}
        # STRICT datatypes of the ordinary columns only, and of one column
        # (RowWriter.compute_generated)
        self.types = strict_datatypes(table) or []
        self.ordinary_types = [None if c.is_generated else t
                               for c, t in zip(table.columns, self.types)]
        self.virtual = [pos for pos, _ in bound if table.columns[pos].generated == VIRTUAL]
        self.env = None
        self.env_size = max(compiler.env_size, slot + 2)

    def compute(self, record: list, only=None) -> None:
        """Fill in ``record``'s generated columns (in place); ``only``: these of them."""
        if not self.columns:
            return
        env = self.env
        if env is None:
            env = self.env = [None] * self.env_size
        env[self.slot] = record
        if only is None:
            self.marks = None
        for pos, f, affinity, json in self.columns:
            if only is None or pos in only:
                v = f(env)
                record[pos] = self._noted(pos, v, affinity, only is None) if json else \
                    V.apply_affinity(v, affinity)

    def _noted(self, pos: int, v, affinity, whole: bool):
        """The plain value of generated column ``pos`` computed as ``v``, which may carry
        SQLite's JSON subtype. SQLite computes the generated columns into the registers of
        the row in flight, so a generated column, CHECK, RETURNING or trigger reading this
        one sees the subtype (``json_array(b)`` of ``b AS (json_array(a))`` nests ``[1]``
        as JSON): its mark is noted for the row (``State.json_marks``, and ``marks`` for
        NEW; json_marks.py) -- if the column's affinity left it text (or a blob)."""
        kind = type(v)
        marked = kind is JsonText or kind is JsonBlob
        v = V.apply_affinity(json_unmarked(v) if marked else v, affinity)
        state_marks, key = self.state.json_marks, (self.slot, pos)
        if marked and type(v) is kind.__base__:
            if state_marks is None:
                state_marks = self.state.json_marks = {}
            state_marks[key] = kind
            if whole:
                self.marks = {**(self.marks or {}), pos: kind}
        elif state_marks is not None:
            state_marks.pop(key, None)
        return v

    def row_marks(self, marks: dict | None) -> dict | None:
        """``marks`` (a write's given values', position -> mark) with those of the
        generated columns last computed whole."""
        if self.marks is None:
            return marks
        return {**marks, **self.marks} if marks else self.marks

    def computed(self, record: tuple, only) -> tuple:
        """``record`` with the generated columns ``only`` computed again."""
        row = list(record)
        self.compute(row, only)
        return tuple(row)

    def types_of(self, pos: int) -> list:
        """STRICT datatypes that check column ``pos`` alone."""
        return [t if i == pos else None for i, t in enumerate(self.types)]

    def with_dependents(self, assigned) -> frozenset:
        """``assigned`` and every generated column reading one of them, directly or not
        (SQLite counts those as changed by an UPDATE: its update.c marks them so)."""
        changed = set(assigned)
        progress = True
        while progress:
            progress = False
            for pos, reads in self.reads.items():
                if pos not in changed and reads & changed:
                    changed.add(pos)
                    progress = True
        return frozenset(changed)


def in_force(conflict: str | None, own: str | None) -> str:
    """The conflict clause that resolves a constraint's failure (insert.c,
    sqlite3GenerateConstraintChecks): the statement's ``conflict`` when it wrote one, else
    the constraint's ``own`` ON CONFLICT clause, else ABORT."""
    return conflict or own or "ABORT"


def replaced(table, conflict: str | None, constraint) -> bool:
    """Whether REPLACE resolves a conflict on ``constraint`` of ``table`` ("rowid" or a
    UNIQUE index) under the statement's ``conflict`` (None: it wrote none)."""
    own = table.key_conflict if constraint == "rowid" else constraint.on_conflict
    return in_force(conflict, own) == "REPLACE"


def takes_conflict(target, constraint) -> bool:
    """Whether an upsert clause of ``target`` (None, "rowid" or a catalog Index) takes a
    conflict on ``constraint``: one without a target takes every conflict, one with a
    target the constraint it names (insert.c, sqlite3GenerateConstraintChecks)."""
    return target is None or target == constraint


def replace_deletes(table, conflict: str | None, constraint, targets) -> bool:
    """Whether SQLite codes REPLACE's deletion for ``constraint``: REPLACE resolves it
    (``replaced``) and no upsert of ``targets`` takes its conflicts."""
    return not any(takes_conflict(target, constraint) for target in targets) and \
        replaced(table, conflict, constraint)


def may_replace(stmt, table) -> bool:
    """Whether SQLite codes REPLACE's deletions for an INSERT or UPDATE ``stmt`` of
    ``table``: a rowid is written or a UNIQUE index may conflict -- for an UPDATE, one
    holding a column it assigns (SQLite checks no other) -- whose deletion
    ``replace_deletes`` codes. Its triggers and foreign-key actions are then compiled
    (triggers.py), and EXPLAIN shows its foreign-key lines."""
    targets = [u.target for u in getattr(stmt, "upserts", ())]
    conflict = stmt.orconf
    columns = getattr(stmt, "columns", None)
    update = columns is None
    if update:
        columns = [pos for pos, _ in stmt.assignments]
    rowid = -1 in columns or table.rowid_alias is not None and table.rowid_alias in columns
    return rowid and replace_deletes(table, conflict, "rowid", targets) or \
        any(index.unique and replace_deletes(table, conflict, index, targets) and
            (not update or rowio.index_touched(index, columns)) for index in table.indexes)


def index_label(table, index) -> str:
    """What "UNIQUE constraint failed: ..." names for a UNIQUE index: its columns, or the
    index itself when a key is an expression (sqlite3UniqueConstraint), its name quoted
    as %q quotes it (fixed-seed case 383 with alter: index 'x''y')."""
    if any(c.column < 0 for c in index.columns):
        return "index '" + index.name.replace("'", "''") + "'"
    return ", ".join(f"{table.name}.{table.columns[c.column].name}" for c in index.columns)


def check_rowid(value):
    """A rowid as SQLite takes it (values.must_be_int); anything else is 'datatype
    mismatch'. None stays None (a rowid still to be chosen)."""
    if value is None:
        return None
    rowid = V.must_be_int(value)
    if rowid is None:
        raise IntegrityError("datatype mismatch")
    return rowid


def columns_read(expr, slot: int) -> frozenset:
    """The columns of the row in ``slot`` that a CHECK reads (-1: the rowid)."""
    found, stack = set(), [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, b.ColumnRef) and e.slot == slot:
            found.add(e.column)
        stack.extend(children(e))
    return frozenset(found)
