"""Running GROUP BY and aggregate functions.

Rows are grouped by the sort keys of the GROUP BY values (so 1 and 1.0 fall in one group,
as SQLite compares them equal). Each group keeps one accumulator per aggregate, a set of
seen keys per DISTINCT aggregate, and the slots of one of its rows so that a bare column
in the SELECT list reads a row of its group: the first, or beside a single min()/max() the
row holding its result, as SQLite chooses. Groups come out in key order.
An aggregate query without GROUP BY yields exactly one row, even over no rows.

The per-row work is kept to a minimum: each aggregate is bound once to a small "feed"
function (its ``step`` with its argument closures), a row's slots are copied with one
``itemgetter`` call, and a query without GROUP BY skips the group dictionary.
"""

from __future__ import annotations

from operator import itemgetter

from ..plan import logical as L
from ..types import values as V
from ..functions.aggregates import AGGREGATES


def _factory(agg):
    cls = AGGREGATES[agg.name][0]
    if agg.name in ("min", "max"):
        return lambda: cls(collation=agg.collation)
    return cls


def _feeder(step, args, distinct: bool, collation: str = "BINARY"):
    """``feed(env)``: evaluate the arguments and step one accumulator (DISTINCT: only
    for a first-seen first argument, compared by sort key under the argument's collation,
    so that count(DISTINCT x) of a NOCASE column counts 'a' and 'A' once, as SQLite does)."""
    if distinct:
        seen: set = set()
        sort_key = V.sort_key_function(collation)

        def feed_distinct(env):
            values = [a(env) for a in args]
            marker = sort_key(values[0])
            if marker not in seen:
                seen.add(marker)
                step(*values)
        return feed_distinct
    if not args:
        return lambda env: step()
    if len(args) == 1:
        a0 = args[0]
        return lambda env: step(a0(env))
    return lambda env: step(*[a(env) for a in args])


def _snapshotter(slots):
    """``snap(env)`` -> the record and rowid positions of ``slots``, as one tuple."""
    return position_getter([p for s in slots for p in (s, s + 1)])


def position_getter(positions):
    """``get(env)`` -> the values at ``positions`` of the environment, as one tuple."""
    if not positions:
        return lambda env: ()
    if len(positions) == 1:
        p = positions[0]
        return lambda env: (env[p],)
    return itemgetter(*positions)


def compile_aggregate(nc, n: L.Aggregate):
    child = nc.node(n.child)
    group = [nc.expr(g) for g in n.group_by]
    collations = n.group_collations or ("BINARY",) * len(group)
    group_keys = [(g, V.sort_key_function(c or "BINARY")) for g, c in zip(group, collations)]
    specs = [(_factory(a), nc.exprs.arguments(a.name, a.args), a.distinct, a.collation)
             for a in n.aggregates]
    gslot = n.group_slot
    nc._use_slot(gslot)
    slots = n.source_slots
    positions = [p for s in slots for p in (s, s + 1)]
    snap = _snapshotter(slots)
    nulls = [(s, (None,) * L.slot_width(n.child, s)) for s in slots]

    def new_group():
        accumulators = [make() for make, _, _, _ in specs]
        feeds = [_feeder(acc.step, args, distinct, collation)
                 for acc, (_, args, distinct, collation) in zip(accumulators, specs)]
        return accumulators, feeds

    def emit(env, accumulators, snapshot):
        env[gslot] = tuple([acc.finalize() for acc in accumulators])
        if snapshot is None:
            for s, null_row in nulls:
                env[s] = null_row
                env[s + 1] = None
        else:
            for p, v in zip(positions, snapshot):
                env[p] = v

    # With exactly one min()/max(), bare columns come from the row holding its result
    # (sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query); otherwise from the
    # group's first row, as SQLite 3.54 takes them.
    extremes = [i for i, a in enumerate(n.aggregates) if a.name in ("min", "max") and len(a.args) == 1]
    extreme = extremes[0] if len(extremes) == 1 and len(
        [a for a in n.aggregates if a.name in ("min", "max")]) == 1 else None

    def keep(accumulators, before, snapshot, env):
        if snapshot is None or extreme is not None and accumulators[extreme].best is not before:
            return snap(env)
        return snapshot

    def aggregate_all(env):
        accumulators, feeds = new_group()
        snapshot = None
        for _ in child(env):
            before = accumulators[extreme].best if extreme is not None else None
            for feed in feeds:
                feed(env)
            snapshot = keep(accumulators, before, snapshot, env)
        emit(env, accumulators, snapshot)
        yield None

    def aggregate_groups(env):
        groups: dict = {}
        for _ in child(env):
            key = tuple([key_of(g(env)) for g, key_of in group_keys])
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = [*new_group(), None]
            accumulators = entry[0]
            before = accumulators[extreme].best if extreme is not None else None
            for feed in entry[1]:
                feed(env)
            entry[2] = keep(accumulators, before, entry[2], env)
        for key in sorted(groups):
            accumulators, _, snapshot = groups[key]
            emit(env, accumulators, snapshot)
            yield None
    return aggregate_groups if group else aggregate_all
