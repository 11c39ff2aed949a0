"""Logical plan -> nested Python generators, compiled once per statement and run many times.

A row source compiles to ``run(env)``, a generator that fills environment slots and yields
``None`` once per row; a result node compiles to a generator of result tuples. Nested
loops are literally nested ``for`` loops over these generators, so the inner side of a
join runs with the outer row already in ``env`` — which is what makes pushed-down join
predicates and correlated subqueries work without any further machinery.

Order of rows follows SQLite where SQLite's order is observable without ORDER BY: scans go
in rowid order, index searches in index order, GROUP BY emits groups in key order (or an
index's, where one delivers them), and
UNION / INTERSECT / EXCEPT emit distinct rows sorted.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import weakref

from ...errors import CorruptDatabaseError, IntegrityError
from ...storage.memory import padded
from ..plan import bound as b
from ..plan import logical as L
from ..plan.once import once_nodes
from ..types import values as V
from ..functions.aggregates import AGGREGATES
from .aggregate import compile_aggregate
from .clustered import clustered_rows, key_order
from .cte_scan import compile_cte_scan
from .materialize import compile_materialize
from .expressions import ExpressionCompiler, State
from . import expiry
from .fast_counts import COUNTS
from .index_only import index_only_scan
from .json_marks import json_unmarked
from .in_seek import in_seek
from .empty_tables import checked_tables, ends_loops, left_spine, skip_if_empty
from .join import compile_hash_join, compile_join
from .outer_join import unmatched_tests
from .point import point_shape
from .progress import IDLE
from .row_code import generated_project
from .recursive_cte import compile_recursive, compile_recursive_scan
from .sort import compile_result_sort, compile_sort
from .table_function import compile_function_scan
from .window import compile_window


class Executable:
    """A compiled query plan; ``rows(params, session)`` runs it."""

    def __init__(self, plan: L.Plan, store, query: bool = False):
        """``query``: a SELECT statement, which writes nothing, so a correlated subquery
        may keep its last result (subquery_memo.py)."""
        self.plan = plan
        self.names = plan.names
        self.state = State()
        self.state.replay_from = True       # computed whole before anything is written
        self.compiler = NodeCompiler(self.state, store, plan.subplans)
        self.compiler.exprs.memo = query
        # every subquery of the statement has a plan (build._plan_subqueries): without one
        # no expression holds a subquery, and the compiler need not look for any
        self.compiler.exprs.no_subqueries = not plan.subplans
        self.run = self.compiler.node(plan.root)
        self.compiler.exprs.no_subqueries = False
        self.compiler.slot_memo.clear()     # a compile-time cache: not kept with the plan
        self.env_size = 0                   # the compiler's, once it is let go (lighten)

    def lighten(self) -> None:
        """Keep only what running the statement again needs: its closures, its State, the
        result names and the environment's size. The plan (its bound expressions) and the
        compiler go -- a cached statement would otherwise keep them until it is evicted,
        and every full collection of the garbage collector would walk them. A plan of a
        point read's shape is kept whole (``fast_read`` reads it); a plan with subqueries
        keeps its compiler, which compiles each subquery's plan when it first runs (the
        closures reach it through a weak reference, ``NodeCompiler.__init__``, so
        reference counting frees it with the statement). EXPLAIN plans its statement
        anew."""
        plan, compiler = self.plan, self.compiler
        if point_shape(plan) is not None:
            return
        self.plan = None
        if not plan.subplans:
            self.env_size = compiler.env_size
            self.compiler = None

    def rows(self, params: tuple = (), session=None) -> list[tuple]:
        return list(self.each_row(params, session))

    def start(self, params: tuple, session) -> None:
        """Give the statement's closures this run's parameters and session (``each_row``
        does; so does a DELETE whose rows a generated loop found, for its RETURNING)."""
        state = self.state
        state.params = params
        state.session = session
        state.progress = getattr(session, "progress", IDLE)
        state.cache = {}

    def each_row(self, params: tuple = (), session=None):
        """The rows one by one, each computed when asked for: only for a query that reads
        nothing its consumer writes."""
        self.start(params, session)
        compiler = self.compiler
        env = [None] * (compiler.env_size if compiler is not None else self.env_size)
        return self.run(env)


def evaluate_constant(expr):
    """Evaluate an expression that reads nothing (used by constant folding)."""
    compiler = NodeCompiler(State(), None, {})     # alive while its closure runs
    return compiler.expr(expr)([])


def _weak_runner(compiler: NodeCompiler):
    """``compiler.run_subquery`` through a weak reference. The expression compiler and
    every closure that runs a subquery hold this runner; were it the bound method, the
    compiler would hold itself (through its expression compiler, and through the
    subqueries' closures it keeps), and each statement with a subquery would leave that
    cycle -- its compilers, plans and closures -- to the cyclic garbage collector. Whoever
    runs the closures holds the compiler (an ``Executable``, a DML executable)."""
    ref = weakref.ref(compiler)

    def run_subquery(query: b.Select, env):
        return ref().run_subquery(query, env)
    return run_subquery


class NodeCompiler:
    def __init__(self, state: State, store, subplans: dict):
        self.state = state
        self.store = store
        self.subplans = subplans
        self.compiled_subplans: dict = {}
        self.exprs = ExpressionCompiler(state, _weak_runner(self), store)
        self._env_size = 2                 # grown by the row sources compiled so far
        self.slot_memo: dict = {}           # id(plan node) -> slots it fills (exec/join.py)
        self.unmatched_tests: dict = {}     # id(RIGHT/FULL join) -> its WHERE's (outer_join.py)
        self.inner_joins: set = set()       # ids of joins inside a chain (empty_tables.py)
        self.ending_joins: set = set()      # ids of automatic indexes ending their chain
        self.opens: dict = {}               # id(subquery) -> whether it reads a table (expiry)
        self.early_outs: dict = {}          # slot -> min/max early-out flag (min_max_early_out)

    @property
    def env_size(self) -> int:
        """Environment length covering every slot filled or read so far (the expression
        compiler records the highest slot its column references read)."""
        return max(self._env_size, self.exprs.max_slot + 2)

    def expr(self, e):
        return self.exprs.compile(e)

    def condition(self, e, if_true: bool = False, terms: bool = False):
        """``e`` compiled where only its truth counts (see ``expressions.py``); ``terms``:
        its top-level ANDs join WHERE terms, tested in their order."""
        return self.exprs.condition(e, if_true, terms=terms)

    def _use_slot(self, slot: int) -> None:
        self._env_size = max(self._env_size, slot + 2)

    def run_subquery(self, query: b.Select, env):
        run = self.compiled_subplans.get(id(query))
        if run is None:
            run = self.compiled_subplans[id(query)] = self.node(self.subplans[id(query)])
            self.slot_memo.clear()
        if getattr(self.state.session, "expired_below", 0):
            self._check_expiry(query)
        if len(env) < self.env_size:
            env.extend([None] * (self.env_size - len(env)))
        return run(env)

    def _check_expiry(self, query: b.Select) -> None:
        """A subquery that opens a table checks, each time it runs, that the statement
        has not expired (SQLite opens its tables each time it runs); whether it opens one
        is worked out only once some statement has expired, and then once per subquery."""
        opens = self.opens.get(id(query))
        if opens is None:
            opens = self.opens[id(query)] = expiry.reads_table(query)
        if opens:
            expiry.check(self.state.session)

    def node(self, n: L.Node):
        return getattr(self, "_" + type(n).__name__.lower())(n)

    # -- row sources ---------------------------------------------------------------------
    def _scan(self, n: L.Scan):
        slot, store, state = n.slot, self.store, self.state
        self._use_slot(slot)
        rowid_slot = slot + 1
        if n.table.virtual is not None:
            produce = n.table.virtual

            def virtual_scan(env):
                progress = state.progress
                for rowid, record in enumerate(produce(), 1):
                    if progress.armed:
                        progress.tick()
                    env[slot] = record
                    env[rowid_slot] = rowid
                    yield None
            return virtual_scan

        table, reverse = n.table, n.reverse

        def scan(env):
            progress = state.progress
            for rowid, record in _table_rows(store, table, reverse):
                if progress.armed:
                    progress.tick()
                env[slot] = record
                env[rowid_slot] = rowid
                yield None
        return scan

    def _filtered_scan(self, n: L.Filter):
        """Filter directly over a table Scan, as one loop (one generator less per row)."""
        scan, pred, truth = n.child, self.condition(n.predicate, terms=True), V.truth
        slot, store, table, reverse = scan.slot, self.store, scan.table, scan.reverse
        self._use_slot(slot)
        rowid_slot = slot + 1
        equal_to = getattr(pred, "equal_to", None)
        if equal_to is not None and equal_to[0] == slot:
            return _scan_equal(self.state, store, table, reverse, slot, *equal_to[1:])

        def filtered_scan(env, store=store, table=table, slot=slot, rowid_slot=rowid_slot,
                          pred=pred, truth=truth, state=self.state):
            progress = state.progress
            for rowid, record in _table_rows(store, table, reverse):
                if progress.armed:
                    progress.tick()
                env[slot] = record
                env[rowid_slot] = rowid
                v = pred(env)
                if v is not None and (v != 0 if type(v) is int else truth(v)):
                    yield None
        filtered_scan.counting = (store, table, reverse, slot, pred)   # (counted_scan.py)
        return filtered_scan

    def _rowidscan(self, n: L.RowidScan):
        slot, store, file_id, state = n.slot, self.store, n.table.file_id, self.state
        self._use_slot(slot)
        if n.equal is not None:
            value = self.expr(n.equal)

            def lookup(env):
                key = V.seek_rowid(value(env))
                if key is None:
                    return
                record = store.table(file_id).get(key)
                if record is not None:
                    env[slot] = record
                    env[slot + 1] = key
                    yield None
            return lookup
        low = (self.expr(n.low[0]), n.low[1]) if n.low else None
        high = (self.expr(n.high[0]), n.high[1]) if n.high else None
        reverse = n.reverse
        # the bound computed after the seek may raise: then first see that the seek finds
        late_low, late_high = (_may_raise(n.low), False) if reverse else \
            (False, _may_raise(n.high))

        def rowid_range(env):
            lo = hi = None
            if late_low:                        # a backwards range seeks from its top
                if high is not None:
                    hi = high[0](env)
                    if hi is None:
                        return
                    if not isinstance(hi, (int, float)):
                        hi = None               # text or blob: above every rowid
                if not _rowid_to(store.table(file_id).rows, hi, high[1] if high else True):
                    return                      # the seek found no row: no low bound
            if low is not None:
                lo = low[0](env)
                if lo is None or not isinstance(lo, (int, float)):
                    if isinstance(lo, (str, bytes)) or lo is None:
                        return                  # every rowid is below text; NULL matches nothing
            table_file = store.table(file_id)
            rows, fill = table_file.rows, table_file.fill
            if high is not None and not late_low:
                if late_high and not _rowid_from(rows, lo, low[1] if low else True):
                    return                      # the seek found no row: no end bound
                hi = high[0](env)
                if hi is None:
                    return
                if not isinstance(hi, (int, float)):
                    hi = None                   # text or blob: above every rowid
            inclusive = (low[1] if low else True, high[1] if high else True)
            progress = state.progress
            version = rows.version          # a row written meanwhile is read again
            for rowid, record in rows.pairs_between(lo, hi, inclusive, reverse):
                if progress.armed:
                    progress.tick()
                if rows.version != version:
                    record = rows.get(rowid)
                if record is not None:
                    env[slot] = record if fill is None else padded(record, fill)
                    env[slot + 1] = rowid
                    yield None
        return rowid_range

    def _indexscan(self, n: L.IndexScan):
        slot, store, state = n.slot, self.store, self.state
        self._use_slot(slot)
        index_only = index_only_scan(n, store, state, slot)
        if index_only is not None:
            return index_only
        file_id, index_file_id = n.table.file_id, n.index.file_id
        colls = [c.collation for c in n.index.columns]
        equal = [None if i in n.in_keys else self.expr(e) for i, e in enumerate(n.equal)]
        low = (self.expr(n.low[0]), n.low[1]) if n.low else None
        high = (self.expr(n.high[0]), n.high[1]) if n.high else None
        sort_key = V.sort_key
        k = len(equal)
        index = n.index
        # entries come in the index's declared order, DESC key columns descending, as
        # SQLite's b-tree keeps them: for an ORDER BY (``direction``), a WITHOUT ROWID
        # table's PRIMARY KEY (its row order) and any other scan too (fuzz 113000098:
        # SELECT c FROM t INDEXED BY an index on (c DESC)); an index with no DESC column
        # keeps them so
        declared = n.direction != 0 or any(c.desc for c in index.columns + index.suffix)
        backwards = n.direction < 0
        # read for an ORDER BY in the order entries are kept (or its reverse): one by one,
        # so that a LIMIT stops the scan early
        moved = n.nulls_moved          # the NULLs of key k read at the other end
        walk = n.direction != 0 and not moved and \
            not any(c.desc for c in index.columns + index.suffix)
        # a range after every key bounds the rowid the entries end with (rowid_after_keys)
        rowid_range = k == len(index.columns) and (n.low or n.high)
        ascending = not backwards if rowid_range else \
            k < len(index.columns) and index.columns[k].desc == backwards
        # read from the high bound down: a seek found nothing when no entry lies below it
        # (not so for a DESC key after an equality prefix, which is not one range here)
        down_seek = (rowid_range or k < len(index.columns) and (
            not k or not index.columns[k].desc)) and _may_raise(n.low)
        bound_key = _rowid_bound if rowid_range else \
            (lambda v, coll=colls[k] if k < len(colls) else None: sort_key(v, coll))
        late_high = _may_raise(n.high)
        # an entry of a partial or expression index may outlive its row (index_forms.py);
        # not checked for a WITHOUT ROWID table, whose entries SQLite follows by their key,
        # which a newer row may hold again
        dangling = index_file_id if index.form is not None and not n.covering and \
            not n.table.without_rowid else None

        null_safe = n.null_safe or (False,) * len(equal)

        def search(env, given=None):
            if given is None:
                prefix = []
                for f, coll, is_ in zip(equal, colls, null_safe):
                    v = f(env)
                    if v is None and not is_:
                        return
                    prefix.append(sort_key(v, coll))
                prefix = tuple(prefix)
            else:
                prefix = given              # an IN loop's keys (in_seek.py)
            lo, lo_inc, hi, hi_inc = prefix or None, True, prefix or None, True
            # SQLite computes the bound its seek starts from, seeks, and computes the
            # other only when the seek found an entry
            if not ascending:
                if high is not None:
                    v = high[0](env)
                    if v is None:
                        return
                    hi, hi_inc = prefix + (bound_key(v),), high[1]
                if down_seek and not _entry_between(
                        store, index_file_id, None, True, hi, hi_inc, False):
                    return
            if low is not None:
                v = low[0](env)
                if v is None:
                    return
                lo, lo_inc = prefix + (bound_key(v),), low[1]
            elif k < len(colls) and high is not None:
                lo, lo_inc = prefix + ((1,),), True      # skip NULLs: they match no range
            if high is not None and ascending:
                if late_high and not _entry_between(store, index_file_id, lo, lo_inc, None,
                                                    True, False):
                    return
                v = high[0](env)
                if v is None:
                    return
                hi, hi_inc = prefix + (bound_key(v),), high[1]
            table_file = store.table(file_id)
            rows, fill = table_file.rows, table_file.fill
            progress = state.progress
            if walk:
                entries = store.index(index_file_id).walk(lo, hi, lo_inc, hi_inc, backwards)
            else:
                entries = store.index(index_file_id).range(lo, hi, lo_inc, hi_inc)
            if declared and not walk:
                entries = key_order(index, entries)
                if backwards:
                    entries = entries[::-1]
            if moved:
                entries = _nulls_moved(entries, k, ascending)
            for entry in entries:
                if progress.armed:
                    progress.tick()
                rowid = entry[-1]
                record = rows.get(rowid)
                if record is not None:
                    env[slot] = record if fill is None else padded(record, fill)
                    env[slot + 1] = rowid
                    yield None
                elif dangling is not None:
                    dangling_entry(store, dangling, entry)
        return in_seek(self, n, equal, null_safe, search, self.early_outs.get(slot)) \
            if n.in_keys else search

    def _functionscan(self, n: L.FunctionScan):
        return compile_function_scan(self, n)

    def _ctescan(self, n):
        return compile_cte_scan(self, n)

    def _materialize(self, n):
        return compile_materialize(self, n)

    def _labelled(self, n):
        return self.node(n.child)

    def _recursivecte(self, n):
        return compile_recursive(self, n)

    def _recursivescan(self, n):
        return compile_recursive_scan(self, n)

    def _empty(self, n):
        def one(env):
            yield None
        return one

    def _join(self, n: L.Join):
        return self._chain(n, compile_join)

    def _hashjoin(self, n: L.HashJoin):
        return self._chain(n, compile_hash_join)

    def _chain(self, n, compile_one):
        """A join compiled; at the head of a chain of joins, behind SQLite's checks of
        its later loops' tables for emptiness (empty_tables.py)."""
        if id(n) in self.inner_joins:
            return compile_one(self, n)
        spine = left_spine(n)
        self.inner_joins.update(id(j) for j in spine[1:])
        ends = ends_loops(n)
        self.ending_joins.update(id(j) for j in ends)
        return skip_if_empty(compile_one(self, n), self.store, checked_tables(n), bool(ends))

    def _filter(self, n: L.Filter):
        if isinstance(n.child, L.Scan) and n.child.table.virtual is None:
            return self._filtered_scan(n)
        if getattr(n.child, "kind", None) in ("right", "full"):
            self.unmatched_tests[id(n.child)] = unmatched_tests(self, n.predicate, n.child)
        child, pred, truth = self.node(n.child), self.condition(n.predicate, terms=True), V.truth

        def filter_(env, child=child, pred=pred, truth=truth):
            for _ in child(env):
                v = pred(env)
                if v is not None and (v != 0 if type(v) is int else truth(v)):
                    yield None
        return filter_

    def _guard(self, n: L.Guard):
        """The loop-invariant conditions, once per run before the first row, one by one as
        SQLite tests WHERE terms (a NULL one ends the scan without evaluating the next)."""
        child, conditions, truth = self.node(n.child), [self.condition(c) for c in n.conditions], V.truth
        fresh, state = once_nodes(n.conditions), self.state

        def guard(env):
            for key in fresh:                   # the loop's values computed anew (plan/once)
                state.cache.pop(key, None)
            for condition in conditions:
                if not truth(condition(env)):
                    return
            yield from child(env)
        return guard

    def _filled(self, n: L.Filled):
        child, fills = self.node(n.child), [self.node(f) for f in n.fills]

        def filled(env):
            for fill in fills:
                for _ in fill(env):
                    pass
            yield from child(env)
        return filled

    def _aggregate(self, n: L.Aggregate):
        return compile_aggregate(self, n)

    def _window(self, n: L.Window):
        return compile_window(self, n)

    # -- result nodes --------------------------------------------------------------------
    def _project(self, n: L.Project):
        child = self.node(n.child)
        generated = generated_project(child, n.columns, self.exprs) if not n.json else None
        if generated is not None:       # plain columns: one generated row (row_code.py)
            return generated
        cols = [self.exprs.json_argument(c) if i in n.json else self.expr(c)
                for i, c in enumerate(n.columns)]
        if len(cols) == 1:
            def project1(env, child=child, c0=cols[0]):
                for _ in child(env):
                    yield (c0(env),)
            return project1
        if len(cols) == 2:
            def project2(env, child=child, c0=cols[0], c1=cols[1]):
                for _ in child(env):
                    yield (c0(env), c1(env))
            return project2

        def project(env, child=child, cols=tuple(cols)):
            for _ in child(env):
                yield tuple([c(env) for c in cols])
        return project

    def _values(self, n: L.Values):
        compile_value = self.exprs.json_argument if n.json else self.expr
        rows = [[compile_value(e) for e in row] for row in n.rows]
        if n.keep:
            return self._kept_values(rows, n.keep)

        def values(env):
            for row in rows:
                yield tuple([f(env) for f in row])
        return values

    def _kept_values(self, rows: list, keep: tuple):
        """The rows of a VALUES list that pass each one's own test (``L.Values.keep``)."""
        tests, truth = [self.condition(test, terms=True) for test in keep], V.truth

        def kept_values(env):
            for row, test in zip(rows, tests):
                v = test(env)
                if v is not None and (v != 0 if type(v) is int else truth(v)):
                    yield tuple([f(env) for f in row])
        return kept_values

    def _distinct(self, n: L.Distinct):
        child = self.node(n.child)
        _row_key = V.row_key_function(n.collations)
        if n.json:                      # a scalar subquery's marked value (json_marks.py)
            _row_key = functools.partial(_plain_key, _row_key)
        if n.adjacent:
            return _adjacent_distinct(child, _row_key)

        def distinct(env):
            seen = set()
            for row in child(env):
                key = _row_key(row)
                if key not in seen:
                    seen.add(key)
                    yield row
        return distinct

    def _sort(self, n: L.Sort):
        return compile_sort(self, n)

    def _realcolumns(self, n: L.RealColumns):
        child, real = self.node(n.child), real_columns(n.positions)

        def converted(env):
            for row in child(env):
                yield real(row)
        return converted

    def _resultsort(self, n: L.ResultSort):
        return compile_result_sort(self, n)

    def _limit(self, n: L.Limit):
        child = self.node(n.child)
        limit = self.expr(n.limit)
        offset = self.expr(n.offset) if n.offset is not None else None
        sorted_child = isinstance(n.child, (L.Sort, L.ResultSort))    # accepts ``top``

        def limited(env):
            count = limit_value(limit(env), "LIMIT")
            if count == 0:
                return          # SQLite reads no OFFSET and never enters the loop (nor its errors)
            skip = limit_value(offset(env), "OFFSET") if offset is not None else 0
            if count < 0:
                count = None
            if skip < 0:
                skip = 0
            stop = None if count is None else skip + count
            if stop is not None and stop > V.INT64_MAX:
                stop = None                 # past any number of rows (no int64 overflow)
            rows = child(env, stop) if sorted_child else child(env)
            yield from itertools.islice(rows, skip, stop)
        return limited

    def _compound(self, n: L.Compound):
        left, right, op = self.node(n.left), self.node(n.right), n.op
        if op == "union all":           # each row as it comes, as SQLite's arms give them
            def union_all(env):         # (so a LIMIT stops before the rows it does not take)
                yield from left(env)
                yield from right(env)
            return union_all            # (comparing no rows, it looks up no collation)
        _row_key = V.row_key_function(n.collations)

        def compound(env):
            # Rows equal under the columns' collations are one row; which of them stands
            # for the group is SQLite's choice: the first of the left SELECT for INTERSECT
            # and EXCEPT, the first of the right one (the last SELECT in a chain) for UNION.
            lrows, rkeys = {}, {}
            for r in left(env):
                lrows.setdefault(_row_key(r), r)
            if not lrows and op != "union":     # nothing to keep: SQLite never runs the
                return                          # right SELECT (so raises none of its errors)
            for r in right(env):
                rkeys.setdefault(_row_key(r), r)
            if op == "union":
                merged = {**lrows, **rkeys}
            elif op == "intersect":
                merged = {k: r for k, r in lrows.items() if k in rkeys}
            else:
                merged = {k: r for k, r in lrows.items() if k not in rkeys}
            for k in sorted(merged):
                yield merged[k]
        return compound


def _nulls_moved(entries: list, k: int, ascending: bool) -> list:
    """``entries`` (in the order read) with those whose key ``k`` is NULL at the other
    end: last when the read is ascending in that key (NULLs come first), else first.
    The NULLs are one run at the start (or end), found by bisection."""
    if ascending:
        cut = bisect.bisect_left(entries, True, key=lambda e: e[k] != (0,))
        return entries[cut:] + entries[:cut]
    cut = bisect.bisect_left(entries, True, key=lambda e: e[k] == (0,))
    return entries[cut:] + entries[:cut]


def _scan_equal(state, store, table, reverse: bool, slot: int, column: int, k):
    """A table scan filtered by ``column = k``, k a number after the comparison's
    affinity (``column_constant``: Python's ``==`` decides exactly as SQLite's there): the
    test is inlined and only matching rows reach the environment."""
    COUNTS["scan_equal"] += 1           # counted when compiled, not per row
    rowid_slot = slot + 1

    def scan_equal(env):
        progress = state.progress
        for rowid, record in _table_rows(store, table, reverse):
            if progress.armed:
                progress.tick()
            if record[column] == k:
                env[slot] = record
                env[rowid_slot] = rowid
                yield None
    return scan_equal


def dangling_entry(store, index_file_id: int, entry: tuple) -> None:
    """An entry whose row is gone: SQLite's loop reading the table through it fails
    ('database disk image is malformed'), unless the statement deleted the row and the
    entry with it since the entries were listed."""
    if entry in store.index(index_file_id).entries:
        raise CorruptDatabaseError()


def _rowid_bound(v):
    """The part of an index entry's key bounding its rowid at ``v`` (not NULL): a number
    as it is, compared with the rowid exactly; text or a blob above every rowid."""
    return v if type(v) is int or type(v) is float else _ABOVE_ROWIDS


_ABOVE_ROWIDS = float("inf")


def _may_raise(bound) -> bool:
    """Whether computing a range bound (``(expr, inclusive)`` or None) may raise: not a
    literal, parameter, column or fixed constant, which never do."""
    return bound is not None and not isinstance(
        bound[0], (b.Literal, b.Param, b.ColumnRef, b.Fixed))


def _entry_between(store, file_id, lo, lo_inc, hi, hi_inc, ascending) -> bool:
    """Whether an index holds an entry between two keys (None: unbounded)."""
    return next(iter(store.index(file_id).walk(lo, hi, lo_inc, hi_inc, not ascending)),
                None) is not None


def _rowid_from(rows, low, inclusive: bool) -> bool:
    """Whether a table has a row at or after rowid ``low`` (None: any row): SQLite seeks
    the start of a rowid range first and computes its end only once a row is found."""
    if not len(rows):
        return False
    return low is None or rows.last() > low or inclusive and rows.last() == low


def _rowid_to(rows, high, inclusive: bool) -> bool:
    """Whether a table has a row at or before rowid ``high`` (None: any row)."""
    if not len(rows):
        return False
    return high is None or rows.first() < high or inclusive and rows.first() == high


def _table_rows(store, table, reverse: bool = False):
    """(rowid, record) pairs of a table in rowid order (a WITHOUT ROWID table's in PRIMARY
    KEY order: clustered.py), or in the reverse order, from a snapshot of its keys.

    The executor never writes while one of its scans is open (a statement's rows are
    collected in full before DML writes them), so records are read straight from the
    snapshot, without ``TableFile.scan``'s per-row check for rows deleted meanwhile."""
    if table.without_rowid:
        rows = clustered_rows(store, table)
        return list(rows)[::-1] if reverse else rows
    table_file = store.table(table.file_id)
    rows, fill = table_file.rows, table_file.fill
    pairs = rows.pairs(reverse)         # the rowids and the record runs, read at C speed
    if fill is not None:                # records older than an ADD COLUMN (TableFile.fill)
        return ((key, padded(record, fill)) for key, record in pairs)
    return pairs


def real_columns(positions: tuple):
    """A function making the integers at ``positions`` of a row REAL (OP_RealAffinity);
    the identity when there are none."""
    if not positions:
        return lambda row: row

    def real(row):
        if any(type(row[p]) is int for p in positions):
            row = list(row)
            for p in positions:
                if type(row[p]) is int:
                    row[p] = float(row[p])
            row = tuple(row)
        return row
    return real


def limit_value(v, clause: str) -> int:
    if type(v) is int:
        return v
    converted = V.apply_affinity(v, "INTEGER") if v is not None else None
    if type(converted) is int:
        return converted
    if isinstance(converted, float) and converted.is_integer() and \
            -9.223372036854775808e18 <= converted < 9.223372036854775808e18:
        return int(converted)
    raise IntegrityError("datatype mismatch")       # SQLITE_MISMATCH, as sqlite3 maps it


__all__ = ["Executable", "evaluate_constant", "AGGREGATES"]


def _plain_key(row_key, row):
    return row_key(tuple(map(json_unmarked, row)))


def _adjacent_distinct(child, row_key):
    """DISTINCT over rows that come in its terms' order (``Distinct.adjacent``): a row is
    dropped when it equals the one before, as SQLite's ordered DISTINCT compares it with
    the previous row only (WHERE_DISTINCT_ORDERED)."""
    def distinct(env):
        last = _NONE
        for row in child(env):
            key = row_key(row)
            if key != last:
                last = key
                yield row
    return distinct


_NONE = object()
