"""Running an INSERT, UPDATE or DELETE on a view: its INSTEAD OF triggers, once per row.

The statement (``bound.ViewWrite``, bound by sql/bind/bind_view_write.py) writes nothing itself.
``ViewWriteExecutable.run`` first computes every row it fires for -- the INSERT's source
rows, or the view's rows the WHERE selects with their SET values -- as SQLite materializes
them before the first trigger runs; then, row by row, it makes NEW and OLD and hands them to
``Triggers.fire`` with timing ``INSTEAD OF``, and evaluates RETURNING for each row no
``RAISE(IGNORE)`` abandoned. It changes no row of its own: ``changes()`` is 0 after it
(sqlite.org/c3ref/changes.html: changes a view's INSTEAD OF triggers make are not
counted), while each trigger statement's rows count in ``total_changes()`` as usual.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan.build import plan_expressions, plan_select
from ..types import values as V
from .dml import Context, raise_late_error
from .returning import Returning
from .execute import Executable, NodeCompiler
from .expressions import State


class ViewWriteExecutable:
    def __init__(self, stmt: b.ViewWrite, ctx: Context):
        self.stmt, self.ctx, self.table = stmt, ctx, stmt.table
        self.source = Executable(plan_select(stmt.rows), ctx.store) \
            if stmt.rows is not None else None
        self.state = State()
        subplans: dict = {}
        plan_expressions(stmt.returning or [], subplans)
        self.compiler = NodeCompiler(self.state, ctx.store, subplans)
        self.returning = Returning(stmt, self.compiler)
        self.affinities = [c.affinity for c in stmt.table.columns]
        self.changed = 0

    def run(self, txn, params: tuple, session) -> tuple[int, None, list]:
        raise_late_error(self.stmt)         # a RETURNING that does not bind: no trigger runs
        rows = [()] if self.source is None else self.source.rows(params, session)
        self.state.params, self.state.session, self.state.cache = params, session, {}
        stmt, table, fire = self.stmt, self.table, self.ctx.triggers.fire
        env = [None] * max(self.compiler.env_size, stmt.slot + 2)
        returned: list = []
        for row in rows:
            old, new = self._old_new(row)
            if not fire(txn, table, stmt.event, "INSTEAD OF", old, None, self._read(new), None,
                        stmt.names, stmt.orconf):
                continue                        # RAISE(IGNORE)
            env[stmt.slot] = new if new is not None else old
            self.returning.collect(env, returned)
            if returned and stmt.event == "INSERT":
                returned[-1] = self._read_returned(returned[-1])
        return 0, None, returned

    def _read(self, new):
        """An INSERT's NEW as the triggers read it: SQLite applies no affinity to the
        values given, but reads a REAL column's integer as a real (OP_RealAffinity, as it
        reads a table's), so ``new.v`` is 6.0 for 6 and '3' stays text."""
        if self.stmt.event != "INSERT" or "REAL" not in self.affinities:
            return new
        return _reals(new, [a == "REAL" for a in self.affinities])

    def _read_returned(self, row: tuple) -> tuple:
        """An INSERT's RETURNING row: its items read the values as given (``v + 1`` is
        7 for 6, ``typeof(v)`` 'integer'), and an item of REAL affinity (a bare REAL
        column) hands an integer out as a real, as SQLite's RETURNING does."""
        return _reals(row, self.returning.real)

    def _old_new(self, row: tuple) -> tuple:
        """(OLD, NEW) of one row (None where the event has no such row)."""
        stmt, width = self.stmt, len(self.affinities)
        if stmt.event == "INSERT":
            new = [None] * width
            for pos, value in zip(stmt.columns, row):
                if pos is not None:         # a column named twice (insert_columns.py)
                    new[pos] = value
            return None, tuple(new)
        old = tuple(row[:width])
        if stmt.event == "DELETE":
            return old, None
        new = list(old)
        for pos, k in stmt.assigned:
            new[pos] = row[width + k]
        return old, tuple(V.apply_affinity(v, a) for v, a in zip(new, self.affinities))


def _reals(values, real) -> tuple:
    """``values`` with each integer whose flag in ``real`` is set read as a real."""
    return tuple(float(v) if is_real and type(v) is int else v for v, is_real in zip(values, real))
