"""UPSERT: an INSERT's ON CONFLICT clauses (sqlite.org/lang_upsert.html).

A row about to be inserted is checked against the table's uniqueness constraints in
SQLite's order, with one change: the constraints the clauses name come first, in the
order of the clauses (so ``ON CONFLICT (b)`` handles a row that breaks both ``a`` and
``b`` by updating the row it shares ``b`` with). For each constraint the row breaks:

- a clause that names it, or else a last clause without a target, decides: DO NOTHING
  skips the row; DO UPDATE updates the row already there (unless its WHERE is not true,
  which skips the row too), and the insert is abandoned;
- with no such clause the statement's own conflict clause applies to that constraint
  alone, else the constraint's own ON CONFLICT clause, else ABORT (IGNORE skips the row,
  REPLACE deletes the other row and goes on, the others fail); once REPLACE has deleted
  a row, the constraints REPLACE resolves are checked again, as ``RowWriter.recheck``
  does for any write. The constraints no clause names are checked in the writer's
  order (``RowWriter.ordered``: a rowid whose own clause is REPLACE last).

NOT NULL and CHECK are checked before, and foreign keys after, by the INSERT as usual:
an upsert never handles them. The DO UPDATE is an UPDATE of the existing row
(``RowWriter.update_row``, checking what an UPDATE of its columns checks): its own NOT
NULL, CHECK and uniqueness failures abort the statement whatever its conflict clause, and
foreign keys see an UPDATE (child checks, ON UPDATE actions).
"""

from __future__ import annotations

from ...errors import OperationalError
from ..plan.build import plan_expressions
from ..types import values as V
from .json_marks import carries_json, slot_marks, split_marks
from .fkprepare import upsert_coding_order
from .writer import takes_conflict

INSERT = "insert"           # no clause took the row: insert it
UPDATED = "updated"         # a DO UPDATE changed the existing row instead


def plan_upserts(stmt, subplans: dict) -> bool:
    """Plan the subqueries of the DO UPDATE clauses, in the order SQLite codes them
    (``upsert_coding_order``), each one's WHERE before its SET. SQLite plans them as it codes each DO UPDATE (sqlite3UpsertDoUpdate): a plan
    error there is a late error (``stmt.late_error``, raised as the statement runs), met
    after the INSERT's BEFORE triggers; after the UPDATE triggers too when it is in a SET
    (sqlite3Update codes the new values after sqlite3TriggerColmask has coded those
    triggers) or an earlier DO UPDATE was coded -- and before any error of a later
    clause or of RETURNING, which SQLite meets after it. False after such an error."""
    order = upsert_coding_order(stmt.table, stmt.columns, [u.target for u in stmt.upserts])
    for n, k in enumerate(order):
        upsert = stmt.upserts[k]
        if upsert.assignments is None:
            continue
        for in_set, exprs in ((False, [upsert.where]), (True, [v for _, v in upsert.assignments])):
            try:
                plan_expressions(exprs, subplans)
            except OperationalError as error:
                if getattr(stmt.late_error, "table_star", False):
                    return False            # a RETURNING t.* replaces it (bind_dml.py)
                error.after_update_triggers = in_set or \
                    any(stmt.upserts[j].assignments for j in order[:n])
                error.upsert_clause = k       # (dml._upsert_assigned)
                stmt.late_error = error
                return False
    return True


class Upserts:
    """The compiled ON CONFLICT clauses of one INSERT."""

    def __init__(self, clauses: list, writer, compiler):
        self.writer, self.state = writer, compiler.state
        self.slots = [s for c in clauses for s in (c.row_slot, c.excluded_slot)]
        self.excluded_slots = frozenset(c.excluded_slot for c in clauses)
        # a SET value may keep SQLite's JSON subtype, also one read from excluded
        self.keeps_json = any(carries_json(e, self.excluded_slots)
                              for c in clauses for _, e in c.assignments or ())
        value = compiler.exprs.json_argument if self.keeps_json else compiler.expr
        self.clauses = [(c.target, None if c.assignments is None else
                         [(pos, value(e)) for pos, e in c.assignments],
                         compiler.condition(c.where) if c.where is not None else None,
                         c.row_slot, c.excluded_slot,
                         writer.plan(frozenset(pos for pos, _ in c.assignments or ())))
                        for c in clauses]
        targets = []
        for c in clauses:
            if c.target is not None and c.target not in targets:
                targets.append(c.target)
        rest = [c for c in writer.constraints() if c not in targets]
        # SQLite checks the first clause's target first, then the rowid, then the other
        # targets in the clauses' order, then the rest in the index list's order; the
        # rowid's REPLACE is never deferred under an UPSERT (insert.c, upsertIpkDelay)
        if targets and "rowid" in rest:
            rest.remove("rowid")
            targets = targets[:1] + ["rowid"] + targets[1:]
        self.order = tuple(targets + rest)
        # SQLite applies the columns' affinities just before the first index is checked,
        # or before CHECKs and generated columns when the table has them (insert.c,
        # bAffinityDone): a DO UPDATE for a conflict on the rowid, checked first, reads
        # excluded.x as the INSERT gave it, '2' in an INT column still text
        self.as_given = not writer.checks and not writer.generated.columns
        self.applied = None             # the columns the last DO UPDATE assigned
        # excluded.x of a REAL column is made a real wherever it is an integer, as
        # SQLite's DO UPDATE does to its registers (upsert.c, OP_RealAffinity)
        self.real_columns = [i for i, c in enumerate(writer.table.columns)
                             if c.affinity == V.REAL]

    def resolve(self, txn, env, record: tuple, rowid: int, conflict: str, given=None):
        """What becomes of ``record``: INSERT, UPDATED (the updated row is then in the
        writer's slot of ``env``) or None (skipped). ``conflict``: the INSERT's conflict
        clause, None when it wrote none. ``given``: the record before the
        columns' affinities, when ``as_given``."""
        writer = self.writer
        plan = writer.plan()
        checked_types, deleted = False, False
        order = self.order
        for constraint in order:
            if constraint != "rowid" and not checked_types:
                writer.check_datatypes_late(record, plan)
                checked_types = True
            other = writer.conflict_on(constraint, record, rowid)
            if other is None:
                continue
            clause = self._clause_for(constraint)
            if clause is not None:
                excluded = record if given is None or checked_types else tuple(given)
                return self._apply(txn, env, clause, other, excluded, rowid)
            resolution = writer.resolution(constraint, conflict)
            if resolution == "IGNORE":
                return None
            if resolution != "REPLACE":
                raise writer.unique_failed(constraint, resolution)
            writer.replace(txn, other)  # its DELETE triggers fire as for any REPLACE
            deleted = True
        if not checked_types:           # no uniqueness constraint but the rowid
            writer.check_datatypes_late(record, plan)
        if deleted:
            writer.recheck(record, rowid, order, conflict)
        return INSERT

    def _clause_for(self, constraint):
        return next((c for c in self.clauses if takes_conflict(c[0], constraint)), None)

    def _apply(self, txn, env, clause, rowid: int, proposed: tuple, proposed_rowid: int):
        _, sets, where, row_slot, excluded_slot, plan = clause
        if sets is None:
            return None                                     # DO NOTHING
        writer = self.writer
        old = writer.ctx.store.table(writer.table.file_id).get(rowid)
        env[row_slot], env[row_slot + 1] = old, rowid
        if self.real_columns:
            proposed = list(proposed)
            for i in self.real_columns:
                if type(proposed[i]) is int:
                    proposed[i] = float(proposed[i])
        env[excluded_slot], env[excluded_slot + 1] = proposed, proposed_rowid
        if where is not None and not V.truth(where(env)):
            return None
        values, marks = [(pos, f(env)) for pos, f in sets], None
        if self.keeps_json:
            values, marks = split_marks(values)
        # the row in flight is now the updated one
        self.state.json_marks = slot_marks((writer.check_slot,), marks)
        triggers = writer.ctx.triggers_on(writer.table)
        if triggers is not None:                # a DO UPDATE fires the UPDATE triggers
            written = triggers.update_row(writer, txn, env, rowid, old, values, "ABORT", plan,
                                          orconf="ABORT", marks=marks)
        else:
            written = writer.update_row(txn, env, rowid, old, values, "ABORT", plan)
        if written is None:     # a BEFORE UPDATE trigger deleted the row or said IGNORE
            return None
        env[writer.check_slot], env[writer.check_slot + 1] = written
        self.applied = frozenset(pos for pos, _ in sets)
        return UPDATED
