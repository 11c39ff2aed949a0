"""INSERT, UPDATE and DELETE: compiled once, run per execution inside a transaction.

Each row is checked and written by a ``writer.RowWriter``, in SQLite's order (NOT NULL,
CHECK, the rowid, each UNIQUE index newest first; see writer.py), and a conflict is
resolved by the statement's conflict clause (ABORT, FAIL, IGNORE, REPLACE, ROLLBACK;
sqlite.org/lang_conflict.html). An UPDATE collects the rowids its WHERE selects before it
changes any, then evaluates its SET expressions row by row, so a subquery in them sees
the rows already changed. The order of the rows is SQLite's (``_rowid_order``): the order
the WHERE finds them when SQLite updates in one pass, else ascending rowids. UPDATE ...
FROM runs its join first, the SET values computed with each row, then updates each
target row found once, in ascending rowids (``sql/bind/bind_update_from.py``). RETURNING
is evaluated for a row once its write and the row's foreign-key actions are done. The
session undoes a failed statement; the error's ``resolution`` tells it how far (FAIL
keeps earlier rows of the statement, ROLLBACK ends the transaction; running out of rowids
undoes what SQLite's SQLITE_FULL undoes), and each executable's ``changed`` how many rows
it had changed when it stopped. An AUTOINCREMENT table's counter is read and written back
once per INSERT (autoincrement.py).

Writes go through ``catalog.rows`` so a record and its index entries change together, and
through the ``ForeignKeys`` hooks of ``fkeys.py`` when the table takes part in a foreign key.
"""

from __future__ import annotations

import dataclasses

from ...catalog import rows as rowio
from ...catalog.trigger import assigned_names
from ...errors import IntegrityError, OperationalError
from ...storage.memory import LazyRecord
from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import ColumnsRead, children, contains_subquery, reads_table
from ..plan.build import plan_expressions, plan_row_finder, plan_select
from ..optimizer.one_pass_reads import one_pass_reads
from .noted_errors import noted, raise_coded_error
from .fkprepare import LATE
from .batch_delete import delete_batch
from .bulk import BulkInsert
from .clustered import KeyWatch, in_row_order
from .execute import Executable, NodeCompiler
from .returning import Returning, plan_returning
from .fused_scan import fused_finder
from .expressions import State
from . import expiry, trips
from .multi_write import fires, foreign_keys_change
from .json_marks import carries_json, slot_marks, split_marks, streamed_marks
from .narrow_update import NOT_BUILT, is_narrow, update_narrow
from .upsert import INSERT, UPDATED, Upserts, plan_upserts
from .writer import Context, RowWriter, check_rowid, in_force, replaced


def _full_resolution(writer: RowWriter, stmt: b.Insert) -> str:
    """What SQLITE_FULL undoes (sqlite3VdbeHalt): the statement alone when SQLite gave it a
    statement journal, else the whole transaction (resolution ROLLBACK). A statement gets
    one when it may write several rows -- a SELECT or several VALUES rows, or a REPLACE
    whose deletions go through an index or a foreign key -- and may abort: it gives the
    rowid of several rows, it writes a child of an immediate foreign key, or the table has
    a constraint its conflict clause turns into ABORT (REPLACE does for NOT NULL and CHECK,
    and for UNIQUE when the deletions touch foreign keys)."""
    source, table, conflict = stmt.source, writer.table, stmt.orconf
    fkeys = writer.ctx.fkeys
    fk_on = fkeys is not None and fkeys.enabled
    gives_rowid = -1 in stmt.columns or table.rowid_alias in stmt.columns
    several = source is not None and not (source.values is not None and len(source.values) == 1)
    rowid_replace = gives_rowid and replaced(table, conflict, "rowid")
    replace_fk = (rowid_replace or any(replaced(table, conflict, ix) for ix in writer.unique)) \
        and fk_on and bool(table.fk_out or table.fk_in)
    replace_deletes = replace_fk or rowid_replace and bool(table.indexes)
    if not (several or replace_deletes):
        return "ROLLBACK"
    aborts = ("ABORT", "REPLACE")       # REPLACE is ABORT for NOT NULL (no default), CHECK
    not_null = any(c.notnull and in_force(conflict, c.notnull_conflict) in aborts
                   for i, c in enumerate(table.columns) if i != table.rowid_alias)
    may_abort = several and gives_rowid \
        or fk_on and any(not fk.deferred for fk in table.foreign_keys) \
        or in_force(conflict, None) in aborts and bool(writer.checks) or not_null \
        or any(in_force(conflict, ix.on_conflict) == "ABORT" for ix in writer.unique) \
        or replace_deletes and replace_fk
    return "ABORT" if may_abort else "ROLLBACK"


class InsertExecutable:
    def __init__(self, stmt: b.Insert, ctx: Context, defaults, checks, generated=()):
        self.stmt, self.ctx, self.table = stmt, ctx, stmt.table
        self.state = State()
        subplans: dict = {}
        plan_expressions([d for d in defaults if d is not None] + [c for _, c in checks]
                         + [g for _, g in generated], subplans)
        planned = plan_upserts(stmt, subplans)
        plan_returning(stmt, subplans)
        compiler = NodeCompiler(self.state, ctx.store, subplans)
        compiler.exprs.live_in = True       # see in_index.py
        self.compiler = compiler
        self.defaults = compile_defaults(compiler, defaults)
        self.writer = RowWriter(self.table, ctx, checks, stmt.slot, compiler, generated)
        self.upserts = Upserts(stmt.upserts, self.writer, compiler) \
            if stmt.upserts and planned else None       # else never run: its late error
        self.returning = Returning(stmt, compiler)
        self.int_real = keeps_int_real(self.table, self.writer, None)
        values = stmt.source.values if stmt.source is not None else [()]
        self.single_row = values is not None and len(values) == 1 and not stmt.source.compound \
            if stmt.source is not None else True
        # set by prepare_foreign_keys: SQLite halts on an immediate constraint's violation
        # before it writes the row, so a failing one does not set last_insert_rowid
        self.fk_checked_first = False
        self._resolutions: dict = {}        # foreign keys on -> _full_resolution
        self._omitted_defaults(compiler, defaults)
        self.ignores = None in stmt.columns     # values no column takes (insert_columns.py)
        plan = self._source_plan(stmt)
        # (sqlite3Insert's useTempTable and the co-routine: see below)
        self.reopens = stmt.source is not None and bool(
            stmt.returning or reads_table(stmt.source, self.table) or self._insert_triggers())
        self.row_by_row = stmt.source is not None and _streams(stmt.source) and \
            not self.reopens
        if plan is not None and self.single_row and isinstance(plan.root, L.Values) \
                and any(map(carries_json, values[0])):
            plan = dataclasses.replace(plan, root=dataclasses.replace(plan.root, json=True))
            self.keeps_json = True          # the JSON subtype of its values (json_marks.py)
        elif plan is not None and self.row_by_row and \
                (root := streamed_marks(plan.root, stmt.source)) is not None:
            plan = dataclasses.replace(plan, root=root)     # a co-routine's rows keep it
            self.keeps_json = True
        self.source = Executable(plan, ctx.store) if plan is not None else None
        self.bulk = BulkInsert.for_insert(stmt, self.writer, self.defaults, ctx)
        if self.bulk is not None:
            self.bulk.prepare = self.prepare_foreign_keys
        # The source's rows are made one by one as they are inserted, as SQLite's
        # co-routine makes them (a row's NOT NULL failure comes before an error computing
        # the next row) -- unless SQLite first fills a temporary table with them all: when
        # the source reads the table written or the table has INSERT triggers, RETURNING
        # among them (sqlite3Insert's useTempTable: RETURNING is coded as a trigger); and
        # a compound source other than UNION ALL without ORDER BY (_streams).
        # SQLite reads such rows into a temporary table before it opens the table written
        # (sqlite3Insert's useTempTable; expiry.py): ``reopens`` and ``row_by_row`` above

    def _insert_triggers(self) -> bool:
        triggers = self.ctx.triggers_on(self.table)         # TEMP ones too
        return triggers is not None and any(triggers.wanted(self.table, "INSERT", timing)
                                            for timing in ("BEFORE", "AFTER"))

    def _source_plan(self, stmt):
        """The plan of the rows inserted. A VALUES list of one row is coded in the write's
        own code, where SQLite notes a subquery's 'no query solution' and codes on, so a
        ``RETURNING t.*`` replaces it (noted_errors.py)."""
        if stmt.source is None:
            return None
        if not self.single_row:
            return plan_select(stmt.source)
        plan = noted(stmt, lambda: plan_select(stmt.source))
        if plan is None:
            raise_late_error(stmt)
        return plan

    def _omitted_defaults(self, compiler, defaults) -> None:
        """The DEFAULTs of the columns the INSERT leaves out (an omitted rowid alias is
        new, DEFAULT or not), as ``(position, thunk)``; those that may give a value with
        SQLite's JSON subtype keep it (json_marks.py)."""
        given, alias = set(self.stmt.columns), self.table.rowid_alias
        self.omitted, self.keeps_json = [], False
        for i, (default, thunk) in enumerate(zip(defaults, self.defaults)):
            if i in given or thunk is None or i == alias:
                continue
            if carries_json(default):
                thunk, self.keeps_json = _thunk(compiler.exprs.json_argument(default)), True
            self.omitted.append((i, thunk))

    def prepare_foreign_keys(self) -> None:
        """The foreign-key errors SQLite meets compiling this INSERT (fkprepare.py). It
        counts as a write of several rows (whose violations of constraints referencing the
        table a later row could repair) unless it is one row of VALUES with no INSERT
        trigger or RETURNING (a trigger too, in SQLite) outside any trigger's body:
        sqlite3Insert's sqlite3BeginWriteOperation, fkey.c's isMultiWrite and pToplevel;
        nor is one whose REPLACE may delete a row or whose DO UPDATE sets a key."""
        if self.ctx.fkeys is not None:
            stmt, alias = self.stmt, self.table.rowid_alias
            multi = not self.single_row or stmt.in_trigger or bool(stmt.returning) or \
                self._insert_triggers()
            if not self.table.fk_out and not self.table.fk_in:     # nothing to resolve
                self.fk_checked_first = not multi and self.ctx.fkeys.enabled
                return
            try:
                self.fk_checked_first = not self.ctx.fkeys.prepare(
                    self.table, "insert", multi=multi, conflict=stmt.orconf,
                    rowid_given=-1 in stmt.columns or alias is not None and alias in stmt.columns,
                    upserts=[(u.target, _upsert_assigned(self.writer, stmt, k, u))
                             for k, u in enumerate(stmt.upserts)])
            except OperationalError as error:
                if getattr(error, "in_program", False):     # a DO UPDATE's action program
                    for upsert in stmt.upserts:
                        _unplanned_set(upsert)
                raise

    def run(self, txn, params: tuple, session) -> tuple[int, int | None, list]:
        raise_table_star(self.stmt)
        self.prepare_foreign_keys()
        raise_late_error(self.stmt)
        self.state.params, self.state.session, self.state.cache = params, session, {}
        opened = trips.opened(session)
        rows = [()] if self.source is None else self.source.each_row(params, session) \
            if self.row_by_row else self.source.rows(params, session)
        if self.reopens:
            expiry.check(session)       # the table opened after its rows were read
            opened = trips.opened(session)
        slots = [self.stmt.slot] + (self.upserts.slots if self.upserts is not None else [])
        env = [None] * max(self.compiler.env_size, max(slots) + 2)
        self.changed, self.last_rowid, returned = 0, None, []
        self.writer.begin_statement(self._full_resolution())
        try:
            self._insert_rows(txn, rows, env, returned, opened)
        except BaseException:
            self.writer.abandon_statement()
            raise
        self.writer.end_statement(txn)
        return self.changed, self.last_rowid, returned

    def _full_resolution(self) -> str:
        """``_full_resolution`` of this INSERT, which changes only with the connection's
        foreign-key setting (kept: a trigger's INSERT runs once per row that fires it)."""
        fkeys = self.ctx.fkeys
        on = fkeys is not None and fkeys.enabled
        kept = self._resolutions.get(on)
        if kept is None:
            kept = self._resolutions[on] = _full_resolution(self.writer, self.stmt)
        return kept

    def _insert_rows(self, txn, rows, env, returned: list, opened: int) -> None:
        triggers = self.ctx.triggers_on(self.table)
        session = self.state.session
        for values in rows:
            trips.check(session, opened)    # (a function's ROLLBACK tripped the cursor)
            done = self._insert_one(txn, values, env, triggers)
            if done is not None:
                self.changed += 1
                if done is not UPDATED and not self.table.without_rowid:
                    # a DO UPDATE leaves last_insert_rowid alone, and a WITHOUT ROWID table
                    # has no rowid; SQLite sets it as each row is written, so the next
                    # row's values (a VALUES list, a SELECT read as it goes) and RETURNING
                    # see it, and a later failure keeps it
                    self.last_rowid = self.state.session.last_insert_rowid = done
                self.returning.collect(env, returned, self.int_real if done is not UPDATED else
                                       keeps_int_real(self.table, self.writer,
                                                      self.upserts.applied))
                if triggers is not None and done is not UPDATED:
                    self._after_insert(txn, triggers, env)

    def _insert_one(self, txn, values: tuple, env, triggers):
        """The new row's rowid; UPDATED when an upsert updated a row instead; None when
        the row was skipped. ``triggers``: the firing when the table has triggers."""
        table, writer, conflict = self.table, self.writer, self.stmt.orconf
        if len(values) != len(self.stmt.columns):
            raise OperationalError(f"table {table.name} has {len(table.columns)} columns but "
                                   f"{len(values)} values were supplied")
        record = [None] * len(table.columns)
        alias = table.rowid_alias
        self.state.json_marks = self.marks = None
        defaulted = [(i, default()) for i, default in self.omitted]
        given = list(zip(self.stmt.columns, values))
        if self.ignores:        # a column named twice (sql/bind/insert_columns.py)
            given = [pair for pair in given if pair[0] is not None]
        if self.keeps_json:
            given, self.marks = split_marks(defaulted + given)
        for i, value in defaulted:
            record[i] = value
        unconverted = None          # the record as given, for an upsert's excluded row
        if self.upserts is not None and self.upserts.as_given:
            unconverted = record.copy()
            for pos, value in given:
                if pos != -1:
                    unconverted[pos] = value
        if self.marks is not None:          # for its generated columns on
            slots = [self.stmt.slot, *(self.upserts.excluded_slots if self.upserts else ())]
            self.state.json_marks = slot_marks(slots, self.marks)
        record, rowid = writer.place(record, None, given)
        if self.upserts is not None and writer.generated.marks:     # excluded.x reads them
            self.state.json_marks.update(
                slot_marks(self.upserts.excluded_slots, writer.generated.marks))
        if triggers is not None and not self._before_insert(txn, triggers, record, rowid):
            return None
        rowid = writer.new_rowid(rowid)
        if alias is not None:
            record[alias] = rowid
            if unconverted is not None:
                unconverted[alias] = rowid
            writer.compute_generated(record)    # they may read the new rowid
        plan = writer.plan()
        if not writer.check_not_null(record, conflict, self.defaults, plan):
            return None
        record = tuple(record)
        if not writer.check_checks(env, record, rowid, conflict, plan):
            return None
        if self.upserts is not None:
            done = self.upserts.resolve(txn, env, record, rowid, conflict, unconverted)
            if done is not INSERT:
                return done
        elif not writer.resolve(txn, record, rowid, conflict, plan):
            return None
        writer.insert(txn, rowid, record)
        env[self.stmt.slot], env[self.stmt.slot + 1] = record, rowid
        return rowid

    def _after_insert(self, txn, triggers, env) -> None:
        """The AFTER INSERT triggers of the row just inserted (in ``env``), which see it as
        last_insert_rowid() (SQLite sets it as the row is written) -- unless the table is
        WITHOUT ROWID, whose rows set no last_insert_rowid (fuzz seed 86000380)."""
        record, rowid = env[self.stmt.slot], env[self.stmt.slot + 1]
        if not self.table.without_rowid:
            self.state.session.last_insert_rowid = rowid
        triggers.fire(txn, self.table, "INSERT", "AFTER",
                      new=self.writer.marked(record, self.marks), new_rowid=rowid,
                      orconf=self.stmt.orconf)

    def _before_insert(self, txn, triggers, record: list, rowid) -> bool:
        """The BEFORE INSERT triggers; before the row has its rowid, so NEW.rowid (and an
        INTEGER PRIMARY KEY left NULL) is -1, as in SQLite, and after a STRICT table's
        datatypes are checked (SQLite applies the affinity, and so checks them, for the
        triggers: before NOT NULL, whatever the conflict clause)."""
        if not triggers.wanted(self.table, "INSERT", "BEFORE"):
            return True
        self.writer.check_strict(record)
        new = list(record)
        given = -1 if rowid is None else rowid
        if self.table.rowid_alias is not None:
            new[self.table.rowid_alias] = given
            self.writer.compute_generated(new)      # NEW's generated columns read the -1
        return triggers.fire(txn, self.table, "INSERT", "BEFORE",
                             new=self.writer.marked(new, self.marks), new_rowid=given,
                             orconf=self.stmt.orconf)


class UpdateExecutable:
    def __init__(self, stmt: b.Update, ctx: Context, checks, defaults=(), generated=()):
        self.stmt, self.ctx, self.table = stmt, ctx, stmt.table
        joined = stmt.from_query is not None        # UPDATE ... FROM: SET comes with the rows
        self.finder = noted(stmt, lambda: Executable(plan_select(
            stmt.from_query, exists_to_join=False), ctx.store), joined) if joined else \
            noted(stmt, lambda: _row_finder(stmt.table, stmt.slot, stmt.where, ctx,
                                             stmt.indexed, _one_pass_update(stmt, ctx)))
        if self.finder is None:
            self.finder = _row_finder(stmt.table, stmt.slot, None, ctx)
        raise_coded_error(stmt)
        self.state = self.finder.state
        subplans = self.finder.plan.subplans
        plan_expressions([c for _, c in checks] + [g for _, g in generated], subplans)
        planned = joined or _plan_set_values(stmt, subplans)
        plan_returning(stmt, subplans)
        compiler = self.finder.compiler
        compiler.exprs.live_in = True       # SET sees the rows already changed (in_index.py)
        compiler.state.replay_from = False  # and so do its FROM subqueries (cte_scan.py)
        self.compiler = compiler
        # SET values keep SQLite's JSON subtype for the row in flight (json_marks.py)
        self.keeps_json = not joined and any(carries_json(e) for _, e in stmt.assignments)
        value = compiler.exprs.json_argument if self.keeps_json else compiler.expr
        # the new rowid first: SQLite computes it and makes it an INTEGER ('datatype
        # mismatch' otherwise) before any other SET value (update.c, OP_MustBeInt)
        rowid_at = (-1, self.table.rowid_alias)
        ordered = sorted(stmt.assignments, key=lambda assignment: assignment[0] not in rowid_at)
        coded = planned and not getattr(stmt.late_error, "table_star", False)  # (noted_errors.py)
        self.assignments = None if joined or not coded else \
            [(pos, value(e)) for pos, e in ordered]
        self.sets_rowid = any(pos in rowid_at for pos, _ in stmt.assignments)
        self.marks = None
        # OR REPLACE puts a NOT NULL column's DEFAULT in place of a NULL, as INSERT does
        self.defaults = compile_defaults(compiler, defaults) or None
        self.writer = RowWriter(self.table, ctx, checks, stmt.slot, compiler, generated)
        self.assigned = frozenset(pos for pos, _ in stmt.assignments)
        self.plan = self.writer.plan(self.assigned)
        self.returning = Returning(stmt, compiler)
        self.int_real = keeps_int_real(self.table, self.writer, self.assigned)
        self.two_pass = _two_pass_update(stmt, self.assigned, self.finder.plan.root)
        self.keys = True            # whether a run sets a foreign-key column (run decides)
        self.triggers = ctx.triggers_on(self.table)
        self.assigned_names = assigned_names(self.table, self.assigned)
        self.fused = NOT_BUILT      # its generated loop, if it has one (fused_update.py)

    def prepare_foreign_keys(self) -> None:
        """The foreign-key errors SQLite meets compiling this UPDATE (fkprepare.py). With
        a FROM clause, SQLite has bound its query by then: a lookup's error replaces that
        query's, an error in an action's program does not (it keeps the first)."""
        if self.ctx.fkeys is None:
            return
        try:
            self.ctx.fkeys.prepare(self.table, "update", assigned=self.plan.assigned,
                                   conflict=self.stmt.orconf)
        except OperationalError as error:
            if not getattr(error, "in_program", False):
                raise
            # SQLite codes the SET expressions first and keeps that error: a subquery
            # there that has no plan (fixed-seed case 329 with alter)
            _unplanned_set(self.stmt)
            if self.stmt.from_query is not None:
                raise_late_error(self.stmt)
            raise

    def run(self, txn, params: tuple, session) -> tuple[int, None, list]:
        raise_table_star(self.stmt)
        self.prepare_foreign_keys()
        raise_late_error(self.stmt)
        self.keys = foreign_keys_change(self.ctx.fkeys, self.table, self.plan.assigned)
        env = [None] * max(self.compiler.env_size, self.stmt.slot + 2)
        slot, returned = self.stmt.slot, []
        self.changed = 0
        if is_narrow(self):
            update_narrow(self, txn, params, session, env, returned)
            return self.changed, None, returned
        opened, one_pass = trips.opened(session), self._one_pass()
        if one_pass:            # each row updated as the WHERE finds it (fuzz 155)
            rows = expiry.first_row(self.finder.each_row(params, session), session, self.table)
            joined = None
            rowids = (row[0] for row in rows)
        else:
            rows = self.finder.rows(params, session)
            expiry.check(session)       # its cursors opened after the rows were found
            opened = trips.opened(session)
            joined = {row[0]: row[1:] for row in rows if row[0] is not None} \
                if self.assignments is None else None   # the last join row of each rowid
            rowids = list(joined) if joined is not None else [row[0] for row in rows]
        if joined is not None or self.two_pass or self.keys:
            rowids = in_row_order(self.ctx.store, self.table, rowids)
        watch = KeyWatch(self.ctx.store, self.table, rowids)
        for collected in rowids:
            trips.check(session, opened)
            found = watch.visit(collected)
            if found is None:
                continue
            rowid, old = found
            env[slot], env[slot + 1] = old, rowid
            self.state.json_marks = None
            if self.returning.exprs and type(old) is LazyRecord:
                tuple(old)              # RETURNING reads all of OLD (virtual_read.py)
            if self._update_one(txn, env, rowid, old, joined and joined[collected]):
                self.changed += 1
                self.returning.collect(env, returned, self.int_real)
                if self.triggers is not None:
                    self.triggers.fire(txn, self.table, "UPDATE", "AFTER", old, rowid,
                                       self.writer.marked(env[slot], self.marks), env[slot + 1],
                                       self.assigned_names, self.stmt.orconf)
        if one_pass:
            trips.check(session, opened)    # its scan's last step
        return self.changed, None, returned

    def _one_pass(self) -> bool:
        """Whether SQLite updates each row of a rowid table as its WHERE loop finds it
        (update.c, WHERE_ONEPASS_MULTIROW: no trigger, no foreign key, no REPLACE, no new
        rowid, no subquery in the WHERE, no FROM, no scan of an index the UPDATE changes),
        so an error of the WHERE on a later row comes after an earlier row's."""
        return self.assignments is not None and not (self.two_pass or self.keys) \
            and self.triggers is None and not self.table.without_rowid \
            and (self.ctx.fkeys is None or not self.ctx.fkeys.active(self.table))

    def _update_one(self, txn, env, rowid: int, old: tuple, computed=None) -> bool:
        if computed is not None:
            values = [(pos, v) for (pos, _), v in zip(self.stmt.assignments, computed)]
        elif self.sets_rowid:
            pos, f = self.assignments[0]
            values = [(pos, _new_rowid(f(env)))]
            values += [(pos, f(env)) for pos, f in self.assignments[1:]]
        else:
            values = [(pos, f(env)) for pos, f in self.assignments]
        if self.keeps_json:
            values, self.marks = split_marks(values)
            self.state.json_marks = slot_marks((self.stmt.slot,), self.marks)
        if self.triggers is not None:
            written = self.triggers.update_row(self.writer, txn, env, rowid, old, values,
                                               self.stmt.orconf, self.plan, self.defaults,
                                               after=False, orconf=self.stmt.orconf,
                                               marks=self.marks)
        else:
            written = self.writer.update_row(txn, env, rowid, old, values, self.stmt.orconf,
                                             self.plan, self.defaults, keys=self.keys)
        if written is None:
            return False
        env[self.stmt.slot], env[self.stmt.slot + 1] = written
        return True


class DeleteExecutable:
    def __init__(self, stmt: b.Delete, ctx: Context):
        self.stmt, self.ctx = stmt, ctx
        one_pass = _one_pass_delete(stmt, ctx)
        self.one_pass = one_pass is not None
        # SQLite clears the whole table without planning a loop (delete.c, the truncate
        # optimization): an INDEXED BY no plan could use is no error then
        indexed = None if stmt.where is None and one_pass is not None else stmt.indexed
        self.finder = noted(stmt, lambda: _row_finder(
            stmt.table, stmt.slot, stmt.where, ctx, indexed, one_pass)) or \
            _row_finder(stmt.table, stmt.slot, None, ctx)
        raise_coded_error(stmt)
        plan_returning(stmt, self.finder.plan.subplans)
        self.finder.compiler.exprs.live_in = True
        self.finder.state.replay_from = False   # RETURNING reads the rows deleted so far
        self.writer = RowWriter(stmt.table, ctx, [], stmt.slot, self.finder.compiler)
        self.returning = Returning(stmt, self.finder.compiler)
        self.fused = NOT_BUILT          # fused_scan.FusedFinder, or None, after a first run

    def prepare_foreign_keys(self) -> None:
        """The foreign-key errors SQLite meets compiling this DELETE (fkprepare.py)."""
        if self.ctx.fkeys is not None:
            self.ctx.fkeys.prepare(self.stmt.table, "delete")

    def run(self, txn, params: tuple, session) -> tuple[int, None, list]:
        raise_table_star(self.stmt)
        self.prepare_foreign_keys()
        raise_late_error(self.stmt)
        # SQLite deletes in the order the WHERE finds the rows only when nothing can tell
        # (no RETURNING, foreign key or subquery); else in ascending rowids (a WITHOUT ROWID
        # table's: key order), as here always
        rowids, opened = self._found(params, session)
        self.changed = 0
        if rowids and delete_batch(self, txn, rowids):
            return self.changed, None, []
        env = [None] * max(self.finder.compiler.env_size, self.stmt.slot + 2)
        returned = []
        triggers = self.ctx.triggers_on(self.stmt.table)
        watch = KeyWatch(self.ctx.store, self.stmt.table, rowids)
        for rowid in rowids:
            trips.check(session, opened)
            found = watch.visit(rowid)
            if found is None:
                continue                # already deleted by a cascade: not this statement's row
            rowid, record = found
            env[self.stmt.slot], env[self.stmt.slot + 1] = record, rowid
            if self.returning.exprs and type(record) is LazyRecord:
                tuple(record)           # RETURNING reads all of OLD (virtual_read.py)
            if triggers is not None:
                if not triggers.delete_row(self.writer, txn, rowid, False, self.stmt.orconf):
                    continue
            else:
                self.writer.delete(txn, rowid)
            self.changed += 1
            self.returning.collect(env, returned)
            if triggers is not None:
                triggers.fire(txn, self.stmt.table, "DELETE", "AFTER", record, rowid,
                              orconf=self.stmt.orconf)
        return self.changed, None, returned

    def _found(self, params: tuple, session) -> tuple:
        """The rowids of the rows the WHERE selects, in the order they go: through the
        generated loop of a filtered full scan (fused_scan.py) when it can, else the
        row finder; and the ``trips`` mark of its write cursors (the scan of a one-pass
        DELETE steps through them: a rollback under it fails it here)."""
        if self.fused is NOT_BUILT:
            self.fused = fused_finder(self)
        table = self.stmt.table
        opened = trips.opened(session)
        if self.fused is not None:
            found = self.fused.rowids(params, session)
            if found is not None:
                self.finder.start(params, session)      # RETURNING reads its closures' state
                if found and self.one_pass and table.indexes:
                    expiry.check(session)       # no user function ran: none expired it
                return found, opened
        rows = self.finder.each_row(params, session)
        if self.one_pass:                       # its index cursors opened at the first row
            rows = trips.each_checked(expiry.first_row(rows, session, table), session, opened)
        found = in_row_order(self.ctx.store, table, [row[0] for row in rows])
        if not self.one_pass:                   # its cursors opened after the rows were found
            expiry.check(session)
            return found, trips.opened(session)
        trips.check(session, opened)
        return found, opened


def _new_rowid(value):
    """An UPDATE's new rowid, an INTEGER, as SQLite checks it before the other SET values
    (a value still marked JSON is checked as its plain text)."""
    if check_rowid(split_marks([(0, value)])[0][0][1]) is None:
        raise IntegrityError("datatype mismatch")   # SQLite: a rowid cannot become NULL
    return value


def _plan_set_values(stmt, subplans: dict) -> bool:
    """Plan an UPDATE's SET values. SQLite codes them in the row loop, after the
    UPDATE's triggers (sqlite3TriggerColmask) and before RETURNING: a plan error there is
    a late error after the triggers' errors (``triggers._ahead_of_late_error``), in place
    of a RETURNING's one. False after such an error."""
    try:
        plan_expressions([e for _, e in stmt.assignments], subplans)
    except OperationalError as error:
        if stmt.late_error is None or getattr(stmt.late_error, "in_returning", False) \
                and not getattr(stmt.late_error, "table_star", False):
            stmt.late_error = error
        return False
    return True


def raise_table_star(stmt) -> None:
    """A ``RETURNING t.*``'s error, before the foreign keys' lookup, whose errors it
    replaces (bind_dml.table_star_error)."""
    if getattr(stmt.late_error, "table_star", False):
        raise_late_error(stmt)


def _upsert_assigned(writer, stmt, k: int, upsert):
    """What ``fkprepare.Compilation.insert`` takes of upsert clause ``k``: the columns
    its DO UPDATE sets, None for DO NOTHING, LATE for the DO UPDATE whose binding failed
    first (``stmt.late_error``: whether an action program's error precedes it depends on
    the order SQLite codes the clauses in, fuzz 115000149 and 128000044); a clause whose
    subquery could not be planned (upsert.plan_upserts) likewise."""
    if getattr(stmt.late_error, "upsert_clause", None) == k:
        return LATE
    if upsert.assignments is not None:
        return writer.plan(frozenset(pos for pos, _ in upsert.assignments)).assigned
    return None


def _unplanned_set(stmt) -> None:
    """Raise the 'no query solution' of the first subquery of the SET expressions of an
    UPDATE or a DO UPDATE (``stmt``) that has no plan, if one has none."""
    stack = [expr for _, expr in stmt.assignments or ()]
    while stack:
        expr = stack.pop(0)
        if isinstance(expr, (b.ScalarSubquery, b.Exists, b.InSubquery)):
            plan_select(expr.query)
        stack.extend(children(expr))


def raise_late_error(stmt) -> None:
    """The error of binding RETURNING or DO UPDATE (bind_dml._late), which SQLite meets as
    it compiles the write, after looking up the foreign keys it uses (fkeys.prepare):
    an error of sqlite3_prepare, which leaves changes() and last_insert_rowid() alone
    (``compiling``, see the session)."""
    if stmt.late_error is not None:
        error = type(stmt.late_error)(*stmt.late_error.args)
        error.compiling = True
        raise error


def keeps_int_real(table, writer: RowWriter, assigned: frozenset | None) -> bool:
    """True when SQLite makes the record of an INSERT (``assigned`` None) or UPDATE with
    the REAL affinity applied by OP_MakeRecord, which keeps an integral value an integer
    marked as real, rather than by an earlier OP_Affinity, which makes it a REAL. The
    earlier one comes before the first CHECK constraint or index the write has to look at
    (insert.c, sqlite3GenerateConstraintChecks): an UPDATE skips the CHECKs that read no
    assigned column and the indexes that hold none, unless the rowid changes. A STRICT
    table's OP_TypeCheck keeps such a value an integer marked as real either way."""
    if table.strict:
        return True
    if writer.plan(assigned).checks:
        return False
    if assigned is None or -1 in assigned or table.rowid_alias in assigned:
        return not table.indexes
    return not any(rowio.index_touched(ix, assigned) for ix in table.indexes)


def _streams(source: b.Select) -> bool:
    """Whether SQLite gives a source's rows one at a time: a plain SELECT or VALUES, or
    arms joined by UNION ALL with no ORDER BY over them (each arm writes to the
    co-routine as it runs); UNION, INTERSECT and EXCEPT gather every row first to compare
    them, and an ORDER BY sorts them all (select.c, multiSelect)."""
    return not source.compound or not source.compound_order and \
        all(op == "union all" for op, _ in source.compound)


def _two_pass_update(stmt: b.Update, assigned: frozenset, root) -> bool:
    """Whether SQLite runs this UPDATE in two passes, whatever the foreign keys: it then
    collects the rowids first and updates in ascending rowid order (OP_RowSetRead);
    otherwise (one pass) it updates each row as the WHERE finds it. update.c gives up the
    single pass for RETURNING (a trigger), a new rowid, OR REPLACE, a subquery in the
    WHERE, or a scan through an index the UPDATE changes (``_replaces``)."""
    table = stmt.table
    if stmt.returning or _replaces(stmt, assigned) or -1 in assigned \
            or table.rowid_alias in assigned \
            or stmt.where is not None and contains_subquery(stmt.where):
        return True
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, L.IndexScan) and rowio.index_touched(node.index, assigned):
            return True
        stack.extend(node.children())
    return False


def _replaces(stmt: b.Update, assigned: frozenset) -> bool:
    """update.c's bReplace: the UPDATE is OR REPLACE, or it wrote no conflict clause and
    assigns a column of a UNIQUE index whose own ON CONFLICT clause is REPLACE."""
    if stmt.orconf is not None or stmt.conflict == "REPLACE":
        return stmt.conflict == "REPLACE"
    return any(ix.on_conflict == "REPLACE" and rowio.index_touched(ix, assigned)
               for ix in stmt.table.indexes)


def _row_finder(table, slot: int, where, ctx: Context, indexed=None,
                one_pass=None) -> Executable:
    """A compiled query returning the rowids of the rows a WHERE clause selects, in the
    order SQLite visits them. ``one_pass``: where SQLite writes a WITHOUT ROWID table's
    rows as its scan finds them, (the columns an UPDATE assigns), and
    they come in the order of the index it scans (build.plan_row_finder); None where it
    first collects their keys in an ephemeral index, so visits them in key order."""
    select = b.Select(items=[b.JoinItem(b.TableSource(slot, table, table.name, indexed))],
                      columns=[b.ColumnRef(slot, -1, "rowid", "INTEGER")], names=["rowid"],
                      where=where)
    if table.without_rowid and one_pass is not None:
        plan = plan_row_finder(select, one_pass)
    else:
        plan = plan_select(select, exists_to_join=False)
    read = {c for c in ColumnsRead(select)(slot) if c >= 0} if table.without_rowid else ()
    plan = dataclasses.replace(plan, root=one_pass_reads(plan.root, one_pass is not None,
                                                         indexed, read))
    return Executable(plan, ctx.store)


def _one_pass_delete(stmt: b.Delete, ctx: Context):
    """SQLite's DELETE is one pass (WHERE_ONEPASS_MULTIROW) unless it has triggers (or
    RETURNING), takes part in a foreign key, or its WHERE holds a subquery (delete.c,
    bComplex)."""
    table = stmt.table
    returning = stmt.returning or getattr(stmt.late_error, "in_returning", False)
    if returning or fires(ctx, table, "DELETE") or stmt.where is not None and \
            contains_subquery(stmt.where) or ctx.fkeys is not None and \
            ctx.fkeys.active(table) and (table.fk_out or table.fk_in):
        return None
    return frozenset()


def _one_pass_update(stmt: b.Update, ctx: Context):
    """SQLite's UPDATE is one pass unless it has triggers (or RETURNING), a foreign key
    needs it (sqlite3FkRequired), it assigns a PRIMARY KEY column, it is OR REPLACE, or
    its WHERE holds a subquery (update.c); it then turns two-pass when the index scanned
    is one it changes (``plan_row_finder``)."""
    table = stmt.table
    assigned = frozenset(pos for pos, _ in stmt.assignments)
    key = {c.column for i in table.indexes if i.origin == "pk" for c in i.columns} \
        if table.without_rowid else {-1, table.rowid_alias}     # update.c's chngKey
    if stmt.returning or _replaces(stmt, assigned) or assigned & key or \
            fires(ctx, table, "UPDATE", assigned) or \
            foreign_keys_change(ctx.fkeys, table, assigned) or \
            stmt.where is not None and contains_subquery(stmt.where):
        return None
    return assigned


def compile_defaults(compiler: NodeCompiler, defaults) -> list:
    """Zero-argument callables giving each column's DEFAULT value (None where absent)."""
    return [_thunk(compiler.expr(d)) if d is not None else None for d in defaults]


def _thunk(f):
    return lambda: f([])
