"""Running a Window step (``logical.Window``): the window functions of one window
definition over the rows below it (sqlite.org/windowfunctions.html).

The step reads every row of its child first, keeping the environment positions the row
fills (its FROM items, its group row, the values of the windows below) with its sort
keys -- PARTITION BY terms, then ORDER BY terms, each under its collation, NULLs placed
as ``sort.key_parts`` places them -- and every call's arguments and FILTER, evaluated
while the row is in place. A stable sort puts the rows in partition order (rows equal
in every key keep the order they came in). Each partition is then split into peer
groups (rows equal in every ORDER BY term; without ORDER BY one group), and every call
computes the partition's values at once: the built-in functions in
``functions/window.py``, aggregates over the rows' frames in ``window_frames.py``.
The rows come out partition by partition, in sorted order, with the environment
restored and the window's values in its slot. A LIMIT of the step's own (a FROM
subquery's, which SQLite flattens under the sort: ``plan/lifted_limit.py``) keeps the
first rows sorted, counted before the child is read; LIMIT 0 reads nothing.
"""

from __future__ import annotations

from ..plan import logical as L
from ..types import values as V
from ..functions.window import WINDOW_FUNCTIONS
from .aggregate import _factory, position_getter
from .sort import key_parts, sorter
from .window_frames import Frames, aggregate_values, check_offset


class Partition:
    """One partition, sorted: its size, its peer groups (``groups`` as (start, end);
    per row ``group_start``, ``group_end``, ``group_number``), and per row the value of
    the first ORDER BY term as RANGE offsets use it (``range_values``). ``args`` is set
    to one call's per-row arguments while that call is computed."""

    def __init__(self, order_keys: list, range_values: list | None):
        self.size = len(order_keys)
        self.groups: list = []
        self.group_start, self.group_end, self.group_number = [], [], []
        start = 0
        for i in range(1, self.size + 1):
            if i == self.size or order_keys[i] != order_keys[start]:
                self.groups.append((start, i))
                self.group_start += [start] * (i - start)
                self.group_end += [i] * (i - start)
                self.group_number += [len(self.groups) - 1] * (i - start)
                start = i
        self.range_values = range_values
        self.args: list = []


def _range_value(desc: bool):
    """The ORDER BY value as a RANGE offset compares it: numbers (negated for DESC so
    that they ascend), None for NULL, text and blobs, which offsets do not apply to."""
    def numeric(v):
        if type(v) in (int, float):
            return -v if desc else v
        return None
    return numeric


def compile_window(nc, n: L.Window):
    child = nc.node(n.child)
    window, spec = n.window, n.window.spec
    slot, positions = window.slot, n.positions
    nc._use_slot(slot)
    snap = position_getter(positions)
    terms = [(o, False, True) for o in spec.partition] + \
        [(o, o.desc, o.nulls_first) for o in spec.order]
    keys = [(nc.expr(o.expr), *key_parts(desc, nulls, o.collation)) for o, desc, nulls in terms]
    order = sorter([(desc, nulls, o.collation) for o, desc, nulls in terms]) if terms else None
    n_part, n_keys = len(spec.partition), len(terms)
    range_value = _range_value(spec.order[0].desc) if spec.kind == "range" and spec.order \
        and (spec.start.offset is not None or spec.end.offset is not None) else None
    first_order = nc.expr(spec.order[0].expr) if range_value is not None else None
    calls = [(call, nc.exprs.arguments(call.name, call.args),
              nc.condition(call.filter) if call.filter is not None else None)
             for call in window.calls]
    bounds = [(nc.expr(bd.offset), which) if bd.offset is not None else None
              for bd, which in ((spec.start, "starting"), (spec.end, "ending"))]
    truth = V.truth
    limit = nc.expr(n.limit) if n.limit is not None else None
    from .execute import limit_value        # (execute.py imports this module)

    def collect(env) -> list:
        rows = []
        for _ in child(env):
            row_keys = [null if (v := k(env)) is None else sort_key(v) for k, sort_key, null in keys]
            args = tuple(tuple([a(env) for a in fs]) for _, fs, _ in calls)
            used = tuple(bool(truth(f(env))) if f is not None else True for _, _, f in calls)
            extra = range_value(first_order(env)) if range_value is not None else None
            rows.append((*row_keys, (snap(env), args, used, extra)))
        return order(rows, None) if order is not None else rows

    def values_of(rows: list, offsets: tuple) -> list:
        """The window values of the rows of one partition, per row."""
        part = Partition([r[n_part:n_keys] for r in rows],
                         [r[n_keys][3] for r in rows] if range_value is not None else None)
        frames = None
        columns = []
        for k, (call, _, _) in enumerate(calls):
            part.args = [r[n_keys][1][k] for r in rows]
            if call.aggregate or call.name in ("first_value", "last_value", "nth_value"):
                frames = frames or Frames(spec, part, offsets)
            if call.aggregate:
                use = [r[n_keys][2][k] for r in rows] if call.filter is not None else None
                columns.append(aggregate_values(_factory(call, True), part.args, use, frames))
            else:
                columns.append(WINDOW_FUNCTIONS[call.name](part, frames))
        return list(zip(*columns)) if columns else [()] * len(rows)

    def run(env):
        count = limit_value(limit(env), "LIMIT") if limit is not None else -1
        if count == 0:
            return
        rows = collect(env) if count < 0 else collect(env)[:count]
        if not rows:
            return
        offsets = tuple(check_offset(e(env), spec.kind, which) if e is not None else None
                        for e, which in (b if b is not None else (None, None) for b in bounds))
        start = 0
        for i in range(1, len(rows) + 1):
            if i < len(rows) and rows[i][:n_part] == rows[start][:n_part]:
                continue
            part_rows = rows[start:i]
            for row, values in zip(part_rows, values_of(part_rows, offsets)):
                for p, v in zip(positions, row[n_keys][0]):
                    env[p] = v
                env[slot] = values
                yield None
            start = i
    return run
