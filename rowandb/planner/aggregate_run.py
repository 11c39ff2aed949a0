"""Running GROUP BY and aggregate functions.

Rows are grouped by the sort keys of the GROUP BY values (so 1 and 1.0 fall in one group,
as SQLite compares them equal). Each group keeps one accumulator per aggregate, a set of
seen keys per DISTINCT aggregate, and the slots of its last row so that a bare column in
the SELECT list reads a row of its group, as SQLite allows. Groups come out in key order.
An aggregate query without GROUP BY yields exactly one row, even over no rows.
"""

from __future__ import annotations

from . import logical as L
from . import values as V
from .aggregates import AGGREGATES


def _factory(agg):
    cls = AGGREGATES[agg.name][0]
    if agg.name in ("min", "max"):
        return lambda: cls(collation=agg.collation)
    return cls


def compile_aggregate(nc, n: L.Aggregate):
    from .execute import _width
    child = nc.node(n.child)
    group = [nc.expr(g) for g in n.group_by]
    specs = [(_factory(a), [nc.expr(x) for x in a.args], a.distinct) for a in n.aggregates]
    gslot = n.group_slot
    nc._use_slot(gslot)
    slots = n.source_slots
    nulls = [(s, (None,) * _width(n.child, s)) for s in slots]
    sort_key = V.sort_key

    def new_group():
        return ([make() for make, _, _ in specs], [set() if d else None for _, _, d in specs], None)

    def aggregate(env):
        groups: dict = {}
        for _ in child(env):
            key = tuple([sort_key(g(env)) for g in group]) if group else ()
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = new_group()
            accumulators, seen_sets, _ = entry
            for acc, (_, args, _), seen in zip(accumulators, specs, seen_sets):
                values = [a(env) for a in args]
                if seen is not None:
                    marker = sort_key(values[0])
                    if marker in seen:
                        continue
                    seen.add(marker)
                acc.step(*values)
            groups[key] = (accumulators, seen_sets, [(s, env[s], env[s + 1]) for s in slots])
        if not groups and not group:
            groups[()] = new_group()
        for key in sorted(groups):
            accumulators, _, snapshot = groups[key]
            env[gslot] = tuple([acc.finalize() for acc in accumulators])
            if snapshot is None:
                for s, null_row in nulls:
                    env[s] = null_row
                    env[s + 1] = None
            else:
                for s, record, rowid in snapshot:
                    env[s] = record
                    env[s + 1] = rowid
            yield None
    return aggregate
