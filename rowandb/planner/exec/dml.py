"""INSERT, UPDATE and DELETE: compiled once, run per execution inside a transaction.

Rows are checked in SQLite's order — column affinity, NOT NULL, a STRICT table's datatypes
(datatypes.py) and CHECK, then uniqueness (the rowid first, then each UNIQUE index) — and a
conflict is resolved by the statement's conflict clause (ABORT, FAIL, IGNORE, REPLACE,
ROLLBACK; sqlite.org/lang_conflict.html). The session undoes a failed statement; the
error's ``resolution`` tells it how far (FAIL keeps earlier rows of the statement, ROLLBACK
ends the transaction; running out of rowids undoes what SQLite's SQLITE_FULL undoes), and
each executable's ``changed`` how many rows it had changed when it stopped. An
AUTOINCREMENT table's counter is read and written back once per INSERT (autoincrement.py).

Writes go through ``catalog.rows`` so a record and its index entries change together, and
through the ``ForeignKeys`` hooks of ``fkeys.py`` when the table takes part in a foreign key.
"""

from __future__ import annotations

import random

from ...catalog import rows as rowio
from ...errors import IntegrityError, OperationalError
from ..plan import bound as b
from ..plan.analysis import contains_subquery
from ..types import values as V
from ..plan.build import plan_expressions, plan_select
from .autoincrement import Sequence
from .bulk import BulkInsert
from .datatypes import check_datatypes, strict_datatypes
from .execute import Executable, NodeCompiler
from .expressions import State
from .upsert import INSERT, UPDATED, Upserts

_MAX_ROWID = (1 << 63) - 1


class ConflictError(IntegrityError):
    """A constraint failure; ``resolution`` is the conflict clause in force."""

    def __init__(self, message: str, resolution: str = "ABORT"):
        super().__init__(message)
        self.resolution = resolution


class Context:
    """What DML needs from below the planner, handed in by the session."""

    def __init__(self, store, dictionary, fkeys=None):
        self.store = store
        self.dictionary = dictionary
        self.fkeys = fkeys                  # foreign-key enforcement, or None


class RowWriter:
    """Checks and writes whole rows of one table; shared by INSERT, UPDATE and REPLACE."""

    def __init__(self, table, ctx: Context, checks, check_slot: int, compiler: NodeCompiler):
        self.table = table
        self.ctx = ctx
        self.encode = V.sort_key
        self.checks = [(text, compiler.condition(expr)) for text, expr in checks]
        self.check_slot = check_slot
        # SQLite checks the newest UNIQUE index first (new indexes go to the front of its
        # list), which decides the message when a row breaks several.
        self.unique = [ix for ix in reversed(table.indexes) if ix.unique]
        self.affinities = [c.affinity for c in table.columns]
        self.datatypes = strict_datatypes(table)
        self.sequence = Sequence(table, ctx.store, ctx.dictionary) if table.autoincrement \
            else None
        self.full_resolution = "ROLLBACK"   # what SQLITE_FULL undoes (begin_statement)

    def begin_statement(self, stmt: b.Insert) -> None:
        """An INSERT starts: an AUTOINCREMENT table reads its counter, and how much running
        out of rowids undoes is settled (``_full_resolution``)."""
        self.full_resolution = _full_resolution(self, stmt)
        if self.sequence is not None:
            self.sequence.begin()

    def end_statement(self, txn) -> None:
        """The statement succeeded (an AUTOINCREMENT table writes its counter back)."""
        if self.sequence is not None:
            self.sequence.end(txn)

    def place(self, record: list, rowid, assignments) -> tuple[list, int | None]:
        """Put ``(position, value)`` pairs into ``record`` (position -1: the rowid), apply
        the columns' affinities, and return the record with the rowid it will have (the
        INTEGER PRIMARY KEY's value when there is one; None when still to be chosen)."""
        for pos, value in assignments:
            if pos == -1:
                rowid = value
            else:
                record[pos] = value
        record = [V.apply_affinity(v, a) for v, a in zip(record, self.affinities)]
        if self.table.rowid_alias is not None:
            rowid = record[self.table.rowid_alias]
        return record, _check_rowid(rowid)

    def check_not_null(self, record: list, conflict: str, defaults) -> bool:
        """False when the row is to be skipped (OR IGNORE).

        Under REPLACE a NULL takes the column's default, and a column still NULL after that
        fails only once every other column has been checked -- SQLite's two passes over the
        NOT NULL columns (sqlite3GenerateConstraintChecks), which decide the message."""
        replaced = []
        for i, col in enumerate(self.table.columns):
            if col.notnull and record[i] is None and i != self.table.rowid_alias:
                if conflict == "REPLACE" and defaults is not None and defaults[i] is not None:
                    record[i] = V.apply_affinity(defaults[i](), col.affinity)
                    replaced.append(i)
                    continue
                if conflict == "IGNORE":
                    return False
                self._not_null_failed(col, conflict)
        for i in replaced:
            if record[i] is None:
                self._not_null_failed(self.table.columns[i], "ABORT")
        return True

    def _not_null_failed(self, col, conflict: str):
        raise ConflictError(f"NOT NULL constraint failed: {self.table.name}.{col.name}",
                            conflict)

    def check_checks(self, env, record: tuple, rowid, conflict: str) -> bool:
        """The checks that follow NOT NULL, in SQLite's order: a STRICT table's datatypes
        (whatever the conflict clause), then the CHECK constraints. Without CHECKs the
        datatypes are checked later, by ``resolve`` (where SQLite does it then)."""
        if not self.checks:
            return True
        if self.datatypes is not None:
            check_datatypes(self.table, self.datatypes, record)
        env[self.check_slot] = record
        env[self.check_slot + 1] = rowid
        for text, check in self.checks:
            v = check(env)
            if v is not None and not V.truth(v):
                if conflict == "IGNORE":
                    return False
                raise ConflictError(f"CHECK constraint failed: {text}", conflict)
        return True

    def constraints(self) -> list:
        """The uniqueness constraints in the order SQLite checks them: the rowid ("rowid"),
        then each UNIQUE index, newest first."""
        return ["rowid"] + self.unique

    def conflict_on(self, constraint, record: tuple, rowid: int, own_rowid=None):
        """The rowid of the row that ``constraint`` would make the given one collide with
        (``own_rowid``: the row being updated, which collides with nothing), or None."""
        if constraint == "rowid":
            table_file = self.ctx.store.table(self.table.file_id)
            return rowid if rowid != own_rowid and table_file.get(rowid) is not None else None
        values = [record[c.column] for c in constraint.columns]
        if any(v is None for v in values):
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
        return ", ".join(f"{table.name}.{table.columns[c.column].name}" for c in constraint.columns)

    def check_datatypes_late(self, record: tuple) -> None:
        """A STRICT table's datatypes, where SQLite checks them when it has no CHECKs: after
        the rowid, before the UNIQUE indexes."""
        if self.datatypes is not None and not self.checks:
            check_datatypes(self.table, self.datatypes, record)

    def _conflicts(self, constraints, record: tuple, rowid: int, own_rowid) -> list[tuple]:
        """(description, conflicting rowid) for each of ``constraints`` the row breaks."""
        found = []
        for constraint in constraints:
            other = self.conflict_on(constraint, record, rowid, own_rowid)
            if other is not None:
                found.append((self.describe(constraint), other))
        return found

    def resolve(self, txn, record, rowid, conflict, own_rowid=None) -> bool:
        """Apply the conflict clause; False when the row is to be skipped. SQLite checks the
        rowid, then (unless CHECKs came first) a STRICT table's datatypes, then each UNIQUE
        index: so OR IGNORE skips a row whose rowid is taken without looking at its types."""
        found = self._conflicts(["rowid"], record, rowid, own_rowid)
        if not (found and conflict != "REPLACE"):
            self.check_datatypes_late(record)
            found += self._conflicts(self.unique, record, rowid, own_rowid)
        if not found:
            return True
        if conflict == "IGNORE":
            return False
        if conflict != "REPLACE":
            raise ConflictError(f"UNIQUE constraint failed: {found[0][0]}", conflict)
        victims = []
        for _, victim in found:
            if victim not in victims:
                victims.append(victim)
        for victim in victims:      # REPLACE deletes through the foreign-key machinery
            self.delete(txn, victim)
        return True

    def insert(self, txn, rowid: int, record: tuple) -> None:
        rowio.insert_record(txn, self.table, rowid, record, self.encode)
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.after_insert(txn, self.table, rowid, record)

    def delete(self, txn, rowid: int) -> None:
        record = self.ctx.store.table(self.table.file_id).get(rowid)
        if record is None:
            return                  # already removed by a foreign-key action
        rowio.delete_record(txn, self.table, rowid, record, self.encode)
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.after_delete(txn, self.table, rowid, record)

    def update(self, txn, rowid: int, old: tuple, new: tuple, new_rowid: int | None = None) -> None:
        """Rewrite a row; when its rowid changes it moves, and foreign keys still see an
        UPDATE of the key (ON UPDATE), never a DELETE and an INSERT."""
        old_rowid = rowid
        if new_rowid is None or new_rowid == rowid:
            rowio.update_record(txn, self.table, rowid, old, new, self.encode)
        else:
            rowio.delete_record(txn, self.table, rowid, old, self.encode)
            rowio.insert_record(txn, self.table, new_rowid, new, self.encode)
            rowid = new_rowid
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.after_update(txn, self.table, rowid, old, new,
                                        moved_from=old_rowid if rowid != old_rowid else None)

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


class RowidsExhausted(OperationalError):
    """SQLITE_FULL for want of a new rowid; ``resolution`` says how much it undoes."""

    def __init__(self, resolution: str):
        super().__init__("database or disk is full")
        self.resolution = resolution


def _full_resolution(writer: RowWriter, stmt: b.Insert) -> str:
    """What SQLITE_FULL undoes (sqlite3VdbeHalt): the statement alone when SQLite gave it a
    statement journal, else the whole transaction (resolution ROLLBACK). A statement gets
    one when it may write several rows -- a SELECT or several VALUES rows, or a REPLACE
    whose deletions go through an index or a foreign key -- and may abort: it gives the
    rowid of several rows, it writes a child of an immediate foreign key, or the table has
    a constraint its conflict clause turns into ABORT (REPLACE does for NOT NULL and CHECK,
    and for UNIQUE when the deletions touch foreign keys)."""
    source, table, conflict = stmt.source, writer.table, stmt.conflict
    fkeys = writer.ctx.fkeys
    fk_on = fkeys is not None and fkeys.enabled
    gives_rowid = -1 in stmt.columns or table.rowid_alias in stmt.columns
    several = source is not None and not (source.values is not None and len(source.values) == 1)
    replace_fk = conflict == "REPLACE" and fk_on and bool(table.fk_out or table.fk_in)
    replace_deletes = replace_fk and bool(writer.unique or gives_rowid) \
        or conflict == "REPLACE" and gives_rowid and bool(table.indexes)
    if not (several or replace_deletes):
        return "ROLLBACK"
    not_null = any(c.notnull for i, c in enumerate(table.columns) if i != table.rowid_alias)
    may_abort = several and gives_rowid \
        or fk_on and any(not fk.deferred for fk in table.foreign_keys) \
        or conflict in ("ABORT", "REPLACE") and bool(writer.checks or not_null) \
        or conflict == "ABORT" and bool(writer.unique) or replace_deletes and replace_fk
    return "ABORT" if may_abort else "ROLLBACK"


class InsertExecutable:
    def __init__(self, stmt: b.Insert, ctx: Context, defaults, checks):
        self.stmt, self.ctx, self.table = stmt, ctx, stmt.table
        self.state = State()
        subplans: dict = {}
        upsert_exprs = [e for u in stmt.upserts for e in
                        [v for _, v in u.assignments or []] + [u.where]]
        plan_expressions([d for d in defaults if d is not None] + [c for _, c in checks]
                         + (stmt.returning or []) + upsert_exprs, subplans)
        compiler = NodeCompiler(self.state, ctx.store, subplans)
        self.compiler = compiler
        self.defaults = compile_defaults(compiler, defaults)
        self.writer = RowWriter(self.table, ctx, checks, stmt.slot, compiler)
        self.upserts = Upserts(stmt.upserts, self.writer, compiler, ConflictError) \
            if stmt.upserts else None
        self.returning = Returning(stmt, compiler)
        self.source = Executable(plan_select(stmt.source), ctx.store) if stmt.source else None
        self.bulk = BulkInsert.for_insert(stmt, self.writer, self.defaults, ctx)
        # One row of VALUES (or DEFAULT VALUES): SQLite checks its foreign keys before it
        # inserts it, so a failing one never sets last_insert_rowid.
        values = stmt.source.values if stmt.source is not None else [()]
        self.single_row = values is not None and len(values) == 1 and not stmt.source.compound \
            if stmt.source is not None else True
        # Rows of VALUES that read no table are made one by one as they are inserted, as
        # SQLite's co-routine makes them: a row's NOT NULL failure comes before an error
        # computing the next row.
        self.row_by_row = values is not None and stmt.source is not None and \
            not stmt.source.compound and not any(map(contains_subquery, sum(values, [])))

    def run(self, txn, params: tuple, session) -> tuple[int, int | None, list]:
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.prepare(self.table, "insert")
            if self.upserts is not None and self.upserts.updated_columns():
                self.ctx.fkeys.prepare(self.table, "update", self.upserts.updated_columns())
        self.state.params, self.state.session, self.state.cache = params, session, {}
        rows = [()] if self.source is None else self.source.each_row(params, session) \
            if self.row_by_row else self.source.rows(params, session)
        slots = [self.stmt.slot] + (self.upserts.slots if self.upserts is not None else [])
        env = [None] * max(self.compiler.env_size, max(slots) + 2)
        self.changed, self.last_rowid, returned = 0, None, []
        self.writer.begin_statement(self.stmt)
        for values in rows:
            done = self._insert_one(txn, values, env)
            if done is not None:
                self.changed += 1
                if done is not UPDATED:         # a DO UPDATE leaves last_insert_rowid alone
                    self.last_rowid = done
                self.returning.collect(env, returned)
        self.writer.end_statement(txn)
        return self.changed, self.last_rowid, returned

    def _insert_one(self, txn, values: tuple, env):
        """The new row's rowid; UPDATED when an upsert updated a row instead; None when
        the row was skipped."""
        table, writer, conflict = self.table, self.writer, self.stmt.conflict
        if len(values) != len(self.stmt.columns):
            raise OperationalError(f"table {table.name} has {len(table.columns)} columns but "
                                   f"{len(values)} values were supplied")
        record = [None] * len(table.columns)
        given = set(self.stmt.columns)
        alias = table.rowid_alias
        for i, default in enumerate(self.defaults):
            if i not in given and default is not None and i != alias:
                record[i] = default()       # an omitted rowid alias is new, DEFAULT or not
        record, rowid = writer.place(record, None, zip(self.stmt.columns, values))
        rowid = writer.new_rowid(rowid)
        if alias is not None:
            record[alias] = rowid
        if not writer.check_not_null(record, conflict, self.defaults):
            return None
        record = tuple(record)
        if not writer.check_checks(env, record, rowid, conflict):
            return None
        if self.upserts is not None:
            done = self.upserts.resolve(txn, env, record, rowid, conflict)
            if done is not INSERT:
                return done
        elif not writer.resolve(txn, record, rowid, conflict):
            return None
        writer.insert(txn, rowid, record)
        env[self.stmt.slot], env[self.stmt.slot + 1] = record, rowid
        return rowid


class UpdateExecutable:
    def __init__(self, stmt: b.Update, ctx: Context, checks, defaults=()):
        self.stmt, self.ctx, self.table = stmt, ctx, stmt.table
        self.finder = _row_finder(stmt.table, stmt.slot, stmt.where, ctx, stmt.indexed)
        self.state = self.finder.state
        subplans = self.finder.plan.subplans
        plan_expressions([e for _, e in stmt.assignments] + [c for _, c in checks]
                         + (stmt.returning or []), subplans)
        compiler = self.finder.compiler
        self.compiler = compiler
        self.assignments = [(pos, compiler.expr(e)) for pos, e in stmt.assignments]
        # OR REPLACE puts a NOT NULL column's DEFAULT in place of a NULL, as INSERT does
        self.defaults = compile_defaults(compiler, defaults) or None
        self.writer = RowWriter(self.table, ctx, checks, stmt.slot, compiler)
        self.returning = Returning(stmt, compiler)

    def run(self, txn, params: tuple, session) -> tuple[int, None, list]:
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.prepare(self.table, "update", {pos for pos, _ in self.stmt.assignments})
        rowids = [row[0] for row in self.finder.rows(params, session)]
        file = self.ctx.store.table(self.table.file_id)
        env = [None] * max(self.compiler.env_size, self.stmt.slot + 2)
        slot, returned = self.stmt.slot, []
        self.changed = 0
        for rowid in rowids:
            old = file.get(rowid)
            if old is None:
                continue
            env[slot], env[slot + 1] = old, rowid
            if self._update_one(txn, env, rowid, old):
                self.changed += 1
                self.returning.collect(env, returned)
        return self.changed, None, returned

    def _update_one(self, txn, env, rowid: int, old: tuple) -> bool:
        table, writer, conflict = self.table, self.writer, self.stmt.conflict
        new, new_rowid = writer.place(list(old), rowid,
                                      ((pos, f(env)) for pos, f in self.assignments))
        if new_rowid is None:
            raise IntegrityError("datatype mismatch")     # SQLite: a rowid cannot become NULL
        if not writer.check_not_null(new, conflict, self.defaults):
            return False
        new = tuple(new)
        if not writer.check_checks(env, new, new_rowid, conflict):
            return False
        if not writer.resolve(txn, new, new_rowid, conflict, own_rowid=rowid):
            return False
        if self.ctx.store.table(table.file_id).get(rowid) is None:
            return False                # REPLACE's deletion cascaded to this very row
        writer.update(txn, rowid, old, new, new_rowid)
        env[self.stmt.slot], env[self.stmt.slot + 1] = new, new_rowid
        return True


class DeleteExecutable:
    def __init__(self, stmt: b.Delete, ctx: Context):
        self.stmt, self.ctx = stmt, ctx
        self.finder = _row_finder(stmt.table, stmt.slot, stmt.where, ctx, stmt.indexed)
        plan_expressions(stmt.returning or [], self.finder.plan.subplans)
        self.writer = RowWriter(stmt.table, ctx, [], stmt.slot, self.finder.compiler)
        self.returning = Returning(stmt, self.finder.compiler)

    def run(self, txn, params: tuple, session) -> tuple[int, None, list]:
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.prepare(self.stmt.table, "delete")
        rowids = [row[0] for row in self.finder.rows(params, session)]
        file = self.ctx.store.table(self.stmt.table.file_id)
        env = [None] * max(self.finder.compiler.env_size, self.stmt.slot + 2)
        returned, self.changed = [], 0
        for rowid in rowids:
            record = file.get(rowid)
            if record is None:
                continue                # already deleted by a cascade: not this statement's row
            if self.returning.exprs:
                env[self.stmt.slot], env[self.stmt.slot + 1] = record, rowid
                self.returning.collect(env, returned)
            self.writer.delete(txn, rowid)
            self.changed += 1
        return self.changed, None, returned


class Returning:
    """The RETURNING clause of a DML statement: evaluated once per row written."""

    def __init__(self, stmt, compiler: NodeCompiler):
        self.exprs = [compiler.expr(e) for e in stmt.returning or []]

    def collect(self, env, out: list) -> None:
        if self.exprs:
            out.append(tuple([f(env) for f in self.exprs]))


def _row_finder(table, slot: int, where, ctx: Context, indexed=None) -> Executable:
    """A compiled query returning the rowids of the rows a WHERE clause selects."""
    select = b.Select(items=[b.JoinItem(b.TableSource(slot, table, table.name, indexed))],
                      columns=[b.ColumnRef(slot, -1, "rowid", "INTEGER")], names=["rowid"],
                      where=where)
    return Executable(plan_select(select, exists_to_join=False), ctx.store)


def compile_defaults(compiler: NodeCompiler, defaults) -> list:
    """Zero-argument callables giving each column's DEFAULT value (None where absent)."""
    return [_thunk(compiler.expr(d)) if d is not None else None for d in defaults]


def _thunk(f):
    return lambda: f([])


def _check_rowid(value):
    if value is None:
        return None
    if type(value) is int:
        return value
    if isinstance(value, float) and value.is_integer() and -2**63 <= value < 2**63:
        return int(value)
    raise IntegrityError("datatype mismatch")
