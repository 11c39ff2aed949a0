"""Running GROUP BY and aggregate functions.

Rows are grouped by the sort keys of the GROUP BY values (so 1 and 1.0 fall in one group,
as SQLite compares them equal). Each group keeps one accumulator per aggregate, a set of
seen keys per DISTINCT aggregate, and the slots of one of its rows so that a bare column
in the SELECT list reads a row of its group: the first, or beside a single min()/max() the
row holding its result, as SQLite chooses. Groups come out in key order, or in the order
of the index that delivered them (``Aggregate.emit_order``, optimizer/group_by_index.py).
An aggregate query without GROUP BY yields exactly one row, even over no rows.

A call's FILTER (WHERE ...) decides per row whether the row reaches it at all, before
DISTINCT. A call with ORDER BY in its argument list keeps the rows that pass (their
ORDER BY keys and argument values) and steps its accumulator with them, sorted, when the
group is done: ties stay in arrival order, as SQLite's sorter keeps them with a sequence
number (select.c, updateAccumulator). DISTINCT is decided on arrival, before the sort,
except where SQLite makes the sorter itself unique (``Aggregate.order_unique``): there
the last of equal values takes the place of the earlier ones (expr.c, analyzeAggregate).

The per-row work is kept to a minimum: each aggregate is bound once to a small "feed"
function (its ``step`` with its argument closures), a row's slots are copied with one
``itemgetter`` call, and a query without GROUP BY skips the group dictionary.
"""

from __future__ import annotations

from operator import itemgetter

from ..plan import logical as L
from ..types import values as V
from ..functions.aggregates import AGGREGATES
from ..functions.user import aggregate_factory, user_aggregate
from .fused_aggregate import FusedGroups, emitted, fusable
from .sort import key_parts, sorter

#: False runs every GROUP BY through the general accumulators (tests compare the two).
FUSE = True


def _factory(agg, window: bool = False):
    own = user_aggregate(agg.name, len(agg.args))      # the connection's own (user.py)
    if own is not None:
        return aggregate_factory(own, window)
    cls = AGGREGATES[agg.name][0]
    if agg.name in ("min", "max"):
        return lambda: cls(collation=agg.collation)
    return cls


class _Spec:
    """One aggregate call compiled: how to make its accumulator, its argument closures,
    its FILTER condition, DISTINCT's key and its ORDER BY keys and sorter."""

    def __init__(self, nc, agg):
        self.make = _factory(agg)
        self.args = nc.exprs.arguments(agg.name, agg.args)
        self.condition = nc.condition(agg.filter) if agg.filter is not None else None
        self.distinct_key = V.sort_key_function(agg.collation) if agg.distinct else None
        self.order = [(nc.expr(o.expr), *key_parts(o.desc, o.nulls_first, o.collation))
                      for o in agg.order_by]
        self.sorter = sorter([(o.desc, o.nulls_first, o.collation) for o in agg.order_by]) \
            if agg.order_by else None
        self.unique = agg.order_unique


class _Sorted:
    """An accumulator behind an ORDER BY: collects ``(key..., values)`` rows (in a dict
    by value where the sorter is unique) and steps the real one in sorted order when the
    group is finalized."""

    __slots__ = ("inner", "rows", "sorter")

    def __init__(self, spec: _Spec):
        self.inner, self.sorter = spec.make(), spec.sorter
        self.rows = {} if spec.unique else []

    def finalize(self):
        rows = self.rows
        rows = list(rows.values()) if type(rows) is dict else rows
        step = self.inner.step
        for flat in self.sorter(rows, None):
            step(*flat[-1])
        return self.inner.finalize()


def _accumulator(spec: _Spec):
    return _Sorted(spec) if spec.order else spec.make()


def _feeder(spec: _Spec, acc):
    """``feed(env)`` for one accumulator: the FILTER first, then DISTINCT (only a
    first-seen first argument, compared by sort key under the argument's collation, so
    that count(DISTINCT x) of a NOCASE column counts 'a' and 'A' once, as SQLite does),
    then the step itself, or the row kept for the ORDER BY's sort."""
    args, condition, key_of, keys = spec.args, spec.condition, spec.distinct_key, spec.order
    if not keys and condition is None and key_of is None:
        return _plain_feed(acc.step, args)
    if not keys:
        def take(env, values):
            acc.step(*values)
    elif spec.unique:
        by_value = acc.rows

        def take(env, values):
            by_value[key_of(values[0])] = (*_keys(keys, env), values)
    else:
        rows = acc.rows

        def take(env, values):
            rows.append((*_keys(keys, env), values))
    seen = set() if key_of is not None and not spec.unique else None
    truth = V.truth

    def feed(env):
        if condition is not None and not truth(condition(env)):
            return
        values = [a(env) for a in args]
        if seen is not None:
            marker = key_of(values[0])
            if marker in seen:
                return
            seen.add(marker)
        take(env, values)
    return feed


def _keys(keys, env) -> list:
    return [null if (v := k(env)) is None else sort_key(v) for k, sort_key, null in keys]


def _plain_feed(step, args):
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
    specs = [_Spec(nc, a) for a in n.aggregates]
    gslot = n.group_slot
    nc._use_slot(gslot)
    slots = n.source_slots
    positions = [p for s in slots for p in (s, s + 1)]
    snap = _snapshotter(slots)
    nulls = [(s, (None,) * L.slot_width(n.child, s)) for s in slots]

    def new_group():
        accumulators = [_accumulator(spec) for spec in specs]
        feeds = [_feeder(spec, acc) for spec, acc in zip(specs, accumulators)]
        return accumulators, feeds

    def emit(env, accumulators, snapshot):
        emit_values(env, [acc.finalize() for acc in accumulators], snapshot)

    def emit_values(env, results, snapshot):
        env[gslot] = tuple(results)
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
    if FUSE and fusable(n):
        return FusedGroups(nc, n, child, snap, emit_values, extreme).run

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
        for key in emitted(groups, n.emit_order):
            accumulators, _, snapshot = groups[key]
            emit(env, accumulators, snapshot)
            yield None
    return aggregate_groups if group else aggregate_all
