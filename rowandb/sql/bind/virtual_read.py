"""An added VIRTUAL column read from a record that does not hold it: computed where read.

RowanDB keeps a generated column's value in the record (generated.py says why), and every
write computes it. ALTER TABLE ADD COLUMN of a VIRTUAL column computes it into every
existing row it computes for (planner/exec/alter.py, ``compute_generated``); a row it
fails for -- ``abs(-9223372036854775808)``: 'integer overflow' -- keeps its record as it
was, shorter than the table, and the table file's fill (catalog/alter.py,
``column_fill``) gives that position a ``VirtualValue``, which a read of the column
(storage.memory.LazyRecord) asks for the value, computed then from the row's other
columns. That is SQLite's answer for such a row (it stores no VIRTUAL column and computes
one where a statement reads it): the ALTER succeeds, and only a statement that reads the
column of the row fails -- a SELECT or WHERE of it, CREATE INDEX on it, a trigger that
reads OLD of it, RETURNING of an UPDATE or DELETE (which read all of OLD), an UPDATE of
the row that leaves it failing (every write computes the generated columns again); an
UPDATE that gives the row values it computes for stores it, as any write does.

Why not compute every VIRTUAL column where it is read, as SQLite does: a scan of such a
column would then pay the expression on every row (bench/virtual_read.py measured the
lazy read at about four times a stored one), where SQLite's answers differ from stored
values only for the rows the computation fails for. This keeps that cost to those rows.
"""

from __future__ import annotations

from ...storage.memory import LazyValue


class VirtualValue(LazyValue):
    """Column ``position`` of ``table`` (an added VIRTUAL column), computed from a record
    of ``table`` that predates it. The expression reads the record itself, so a generated
    column it reads that the record does not hold either is computed in turn (and one it
    does not read is not: its failure is not this read's)."""

    __slots__ = ("dictionary", "table", "position", "_compute")

    def __init__(self, dictionary, table, position: int):
        self.dictionary, self.table, self.position = dictionary, table, position
        self._compute = None

    def value(self, record: tuple):
        compute = self._compute
        if compute is None:
            compute = self._compute = _compiled(self.dictionary, self.table, self.position)
        return compute(record)


def _compiled(dictionary, table, position: int):
    """record -> column ``position`` of ``table`` computed from the record, with the
    column's affinity."""
    from ...planner.exec.execute import NodeCompiler
    from ...planner.exec.expressions import State
    from ...planner.types.values import apply_affinity
    from ..parse.parser import Parsed
    from . import generated
    from .late_generated import late_errors
    from ...errors import OperationalError
    from .binder import Binder
    binder = Binder(dictionary, Parsed(kind="other", text=""))
    slot = binder.slot()
    late = late_errors(dictionary, table)
    if position in late:        # a column no statement can code (late_generated.py)
        raise OperationalError(late[position])
    expr = dict(generated.bind_computable(binder, table, slot))[position]
    compiler = NodeCompiler(State(), dictionary.store, {})
    compiler.exprs.in_check = "a generated column"     # datetime('now') fails, as written
    f, affinity = compiler.expr(expr), table.columns[position].affinity
    env = [None] * max(compiler.env_size, slot + 2)

    def compute(record: tuple):
        saved, env[slot] = env[slot], record     # (a column it reads may use env too)
        try:
            return apply_affinity(f(env), affinity)
        finally:
            env[slot] = saved
    return compute
