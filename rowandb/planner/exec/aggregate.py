"""Running GROUP BY and aggregate functions.

Rows are grouped by the sort keys of the GROUP BY values (so 1 and 1.0 fall in one group,
as SQLite compares them equal). Each group keeps one accumulator per aggregate, a set of
seen keys per DISTINCT aggregate, and the slots of one of its rows so that a bare column
in the SELECT list reads a row of its group, as SQLite chooses (``_bare_row``). Groups come out in key order, or in the order
of the index that delivered them (``Aggregate.emit_order``, optimizer/group_by_index.py);
over rows that come in the GROUP BY terms' order (``Aggregate.adjacent``) a group ends
where a row differs from the one before, and groups leave in the order they came.
An aggregate query without GROUP BY yields exactly one row, even over no rows. Where
SQLite groups through a sorter, its first error is that of the rows in GROUP BY order,
which ``_sorted_errors`` finds once the steps as the rows came failed.

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

import functools
from operator import itemgetter

from ...errors import DatabaseError
from ..plan import logical as L
from ..plan.expr_compare import same
from ..types import values as V
from ..functions.aggregates import AGGREGATES
from ..functions.user import aggregate_factory, user_aggregate
from .counted_scan import count_all
from .fused_aggregate import FusedGroups, emitted, fusable
from .json_marks import json_unmarked, passes_mark
from .min_max_early_out import early_out_child
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

    def __init__(self, nc, agg, adjacent: bool = False):
        self.adjacent = adjacent        # DISTINCT compares with the argument before only
        self.make = _factory(agg)
        self.args = nc.exprs.arguments(agg.name, agg.args)
        self.condition = nc.condition(agg.filter) if agg.filter is not None else None
        self.distinct_key = V.sort_key_function(agg.collation) if agg.distinct else None
        if passes_mark(agg.name, agg.args):     # min()/max() keep the JSON subtype
            self.make = functools.partial(_Marked, self.make)
            self.args = [nc.exprs.json_argument(agg.args[0])]
            if agg.distinct:
                self.distinct_key = _plain_key(self.distinct_key)
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


class _Marked:
    """A min() or max() accumulator whose argument may come JSON-marked (json_marks.py,
    ``passes_mark``): the inner one compares the plain values, and the best comes out as
    it came, mark and all."""

    __slots__ = ("inner", "plain", "marked")

    def __init__(self, make):
        self.inner, self.plain, self.marked = make(), None, None

    def step(self, *values):
        v = values[0]
        p = json_unmarked(v)
        skipped = self.inner.step(p)
        if p is not v and self.inner.best is p:
            self.plain, self.marked = p, v
        return skipped

    def finalize(self):
        best = self.inner.finalize()
        return self.marked if best is not None and best is self.plain else best


def _plain_key(key):
    return lambda v: key(json_unmarked(v))


def _accumulator(spec: _Spec):
    return _Sorted(spec) if spec.order else spec.make()


def _feeder(spec: _Spec, acc):
    """``feed(env)`` for one accumulator: the FILTER first, then DISTINCT (only a
    first-seen first argument, compared by sort key under the argument's collation, so
    that count(DISTINCT x) of a NOCASE column counts 'a' and 'A' once, as SQLite does;
    with ``spec.adjacent`` only the argument before counts), then the step itself, or the
    row kept for the ORDER BY's sort."""
    args, condition, key_of, keys = spec.args, spec.condition, spec.distinct_key, spec.order
    if not keys and condition is None and key_of is None:
        return _plain_feed(acc.step, args)
    if not keys:
        def take(env, values):
            return acc.step(*values)
    elif spec.unique:
        by_value = acc.rows

        def take(env, values):
            by_value[key_of(values[0])] = (*_keys(keys, env), values)
    else:
        rows = acc.rows

        def take(env, values):
            rows.append((*_keys(keys, env), values))
    seen = set() if key_of is not None and not spec.unique else None
    truth, adjacent = V.truth, spec.adjacent

    def feed(env):
        if condition is not None and not truth(condition(env)):
            return
        values = [a(env) for a in args]
        if seen is not None:
            marker = key_of(values[0])
            if marker in seen:
                return
            if adjacent:                # only the argument before counts
                seen.clear()
            seen.add(marker)
        return take(env, values)
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
    child = nc.node(n.child) if n.in_early_out is None else early_out_child(nc, n)
    group = [nc.expr(g) for g in n.group_by]
    collations = n.group_collations or ("BINARY",) * len(group)
    group_keys = [(g, V.sort_key_function(c or "BINARY")) for g, c in zip(group, collations)]
    specs = [_Spec(nc, a, n.adjacent and not n.group_by) for a in n.aggregates]
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

    def group_key(env):
        return tuple([key_of(g(env)) for g, key_of in group_keys])
    key = _runs(group_key) if n.adjacent else group_key
    roles = _bare_roles(n.aggregates, bool(n.group_by))
    if FUSE and fusable(n) and not n.adjacent:
        last = max((i for i, r in enumerate(roles) if r & EXTREME), default=None)
        run = FusedGroups(nc, n, child, snap, emit_values, last).run
    elif not any(r & EXTREME for r in roles):
        run = None if n.group_by else \
            count_all(child, specs, _plain_count, snap, emit_values, nc.state)  # counted_scan
        run = run or _first_rows(n, child, key, new_group, snap, emit)
    else:
        run = _bare_row(n, child, key, new_group, snap, emit, roles)
    if not n.group_by or n.adjacent or n.emit_order:
        return run
    return _sorted_errors(run, child, group_key, new_group, snap, positions)


def _sorted_errors(run, child, group_key, new_group, snap, positions):
    """``run``, an Aggregate whose groups SQLite makes with a sorter: it reads every row
    into the sorter by its GROUP BY values first, then steps the aggregates -- their
    arguments, FILTERs and ORDER BY keys computed then -- in the sorter's order (ties in
    arrival order), so its first error is the first row's in that order, after any error
    of reading the rows (select.c, the GROUP BY sorter). RowanDB steps them as the rows
    come; when that fails, the rows are read again and stepped in SQLite's order, whose
    first error is raised (fuzz 108000038: 'ESCAPE expression must be a single
    character' of a later row of the first group before a 'malformed JSON')."""
    def sorted_first_error(env):
        try:
            yield from run(env)
        except DatabaseError as error:
            rows = []
            for _ in child(env):
                rows.append((group_key(env), len(rows), snap(env)))
            rows.sort(key=itemgetter(0, 1))
            groups: dict = {}
            for key, _, snapshot in rows:
                for p, v in zip(positions, snapshot):
                    env[p] = v
                feeds = groups.get(key) or groups.setdefault(key, new_group()[1])
                for feed in feeds:
                    feed(env)
            raise error
    return sorted_first_error


EXTREME, FILTERED = 1, 2


def _runs(group_key):
    """The group key of an Aggregate whose rows come in its GROUP BY terms' order
    (``Aggregate.adjacent``): SQLite ends a group where a row differs from the one before,
    so equal keys apart are groups apart. The key is (run number, key): groups are kept
    apart and, sorted, leave in the order they came."""
    state = [None, 0]

    def run_key(env):
        key = group_key(env)
        if key != state[0]:
            state[0], state[1] = key, state[1] + 1
        return state[1], key
    return run_key


def _bare_roles(aggregates, grouped: bool) -> list[int]:
    """What each aggregate does to the choice of the bare columns' row (``_bare_row``):
    a built-in min()/max() is EXTREME when stepped row by row (not behind an ORDER BY,
    stepped when its group is done) and FILTERED when it has a FILTER -- without GROUP BY
    only if every min()/max() has one (SQLite keeps no first-row flag otherwise, select.c
    regAcc). A call the same as an earlier one does nothing: SQLite computes it once
    (expr.c analyzeAggregate)."""
    calls = [a.name in ("min", "max") and len(a.args) == 1 and user_aggregate(a.name, 1) is None
             and not any(_same_call(a, earlier) for earlier in aggregates[:i])
             for i, a in enumerate(aggregates)]
    first_row_flag = grouped or all(a.filter is not None for a, c in zip(aggregates, calls) if c)
    return [(0 if a.order_by else EXTREME) |
            (FILTERED if a.filter is not None and first_row_flag else 0) if c else 0
            for a, c in zip(aggregates, calls)]


def _same_call(a, other) -> bool:
    return a.name == other.name and a.distinct == other.distinct and \
        a.collation == other.collation and same(tuple(a.args), tuple(other.args), None, None) \
        and same(a.filter, other.filter, None, None) and not a.order_by and not other.order_by \
        and same(a.ignored_order, other.ignored_order, None, None)


def _plain_count(spec: _Spec) -> bool:
    """Whether ``spec`` is the built-in count(*): no argument, FILTER, DISTINCT or ORDER
    BY, and no count() of the connection's own in its place (``_factory``)."""
    return spec.make is _COUNT and not spec.args and spec.condition is None and \
        spec.distinct_key is None and not spec.order


_COUNT = AGGREGATES["count"][0]


def _first_rows(n, child, group_key, new_group, snap, emit):
    """Without min()/max(), a bare column reads the group's first row (SQLite 3.54)."""
    def aggregate_all(env):
        accumulators, feeds = new_group()
        snapshot = None
        for _ in child(env):
            for feed in feeds:
                feed(env)
            if snapshot is None:
                snapshot = snap(env)
        emit(env, accumulators, snapshot)
        yield None

    def aggregate_groups(env):
        groups: dict = {}
        for _ in child(env):
            key = group_key(env)
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = [*new_group(), snap(env)]
            for feed in entry[1]:
                feed(env)
        yield from _emit_groups(env, groups, n, emit)
    return aggregate_groups if n.group_by else aggregate_all


def _emit_groups(env, groups: dict, n, emit):
    """Each group's result row: ``groups`` maps a key to [accumulators, feeds,
    bare-column snapshot, ...]."""
    for key in emitted(groups, n.emit_order):
        entry = groups[key]
        emit(env, entry[0], entry[2])
        yield None


def _bare_row(n, child, group_key, new_group, snap, emit, roles):
    """With min()/max() aggregates, a bare column reads a row chosen as SQLite's one
    "hit" register chooses it (select.c updateAccumulator; sqlite.org/lang_select.html
    #bare_columns_in_an_aggregate_query): going through the calls in order, a min()/max()
    with a FILTER sets it to "not the group's first row" before its FILTER is tested, and
    a min()/max() that sees the row (past its FILTER and DISTINCT) sets it to whether the
    row failed to be a new extreme (a NULL before any value counts as one; minmaxStep);
    the bare columns are loaded from the row when it ends up false (or was never set).
    The register keeps its value from one row of the group to the next."""
    def fed(feeds, env, hit, first):
        for feed, role in zip(feeds, roles):
            if role & FILTERED:
                hit = not first
            skip = feed(env)
            if role & EXTREME and skip is not None:
                hit = skip
        return hit

    def aggregate_all(env):
        accumulators, feeds = new_group()
        snapshot, hit, first = None, None, True
        for _ in child(env):
            hit, first = fed(feeds, env, hit, first), False
            if not hit:
                snapshot = snap(env)
        emit(env, accumulators, snapshot)
        yield None

    def aggregate_groups(env):
        groups: dict = {}
        for _ in child(env):
            key = group_key(env)
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = [*new_group(), None, None]
                entry[3] = hit = fed(entry[1], env, None, True)
            else:
                entry[3] = hit = fed(entry[1], env, entry[3], False)
            if not hit:
                entry[2] = snap(env)
        yield from _emit_groups(env, groups, n, emit)
    return aggregate_groups if n.group_by else aggregate_all
