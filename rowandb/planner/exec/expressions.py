"""Bound expressions -> Python closures ``f(env) -> value``, compiled once per statement.

``env`` is the execution environment: a list whose slot ``s`` holds the current record of a
FROM item and ``s + 1`` its rowid (see ``bound.py``). Parameters, subquery results and the
connection's counters come from the ``State`` the closures were compiled against, which the
executor refills for every execution of the statement.

All SQL value semantics are delegated to ``values.py``; this module only wires them up and
adds fast paths for the most common cases (int/int comparisons, short-circuit AND/OR).

An expression compiles two ways, as SQLite codes it two ways: ``compile`` for its value and
``condition`` where only its truth counts (WHERE, ON, HAVING, CASE WHEN, CHECK). They
differ in how much of an AND or OR runs, which decides which errors surface: a condition
stops at the first operand that decides (sqlite3ExprIfTrue), a value computes both
(exprCodeTargetAndOr) -- ``SELECT a > 5 AND abs(a - 9223372036854775807 - 2)`` is
'integer overflow' where ``WHERE a > 5 AND abs(...)`` is no row. In both, an operand
holding a subquery goes after one without, which may spare it.
"""

from __future__ import annotations

import functools
import operator

from ...version import SQLITE_VERSION, __version__
from ..plan import bound as b
from .column_constant import KEPT as KEPT_COMPARISONS, column_column, column_constant, \
    comparison_key
from .column_constant import keep as keep_comparison
from .fast_counts import COUNTS
from .progress import IDLE
from ..types import patterns
from ..types import values as V
from ..plan.analysis import children, contains_subquery, is_between, redefined_like
from ..functions.date import STATEMENT_TIME, clock_call, statement_time
from ..functions.datetimes import DATE_TIME_FUNCTIONS
from ..functions.json import JSON_FUNCTIONS, JSON_VALUE_FUNCTIONS
from ..functions.registry import SCALAR_FUNCTIONS
from ..functions.user import is_volatile, scalar_caller, user_scalar
from . import in_index, in_lists, row_values, subquery_memo
from .comparison_sides import TEXT_BESIDE_TEXT, beside_text, converter as _converter, deferred, \
    deferred_sides, in_subquery_sides, index_affinity_ok, side_affinities
from .json_arguments import JsonArguments
from .json_marks import json_unmarked, keeps_subtype
from .lazy_calls import lazy_call
from .raising import RAISE_FUNCTION, compile_raise
from ...catalog.ascii_case import ascii_upper

class State:
    """What compiled closures read besides the environment; refilled per execution."""

    def __init__(self):
        self.params: tuple = ()
        self.session = None             # counters for changes(), last_insert_rowid()...
        self.progress = IDLE            # the session's progress handler and interrupt flag
        self.cache: dict = {}           # uncorrelated subquery results of this execution
        self.replay_from = False        # FROM subqueries read again replay their rows (cte_scan)
        self.json_marks = None          # (slot, column) -> mark of a row a write is making
        self.subplans: dict = {}        # id(bound Select) -> compiled node runner
        self.slot_count = 0


class ExpressionCompiler(JsonArguments):
    def __init__(self, state: State, run_subquery, store=None):
        self.state = state
        self.run_subquery = run_subquery      # (bound Select, env) -> iterator of tuples
        self.max_slot = 0                     # highest slot a compiled reference reads
        self.store = store
        self.live_in = False                  # IN (SELECT col FROM t) probes t (in_index.py)
        self.memo = False                     # a query: correlated results kept (subquery_memo)
        # compiling a CHECK or a generated column: what it is called, and no clock
        # (date.clock_call); None elsewhere
        self.in_check = None
        # compiling a plan none of whose expressions holds a subquery (execute.Executable)
        self.no_subqueries = False
        self.row_cells: dict = {}             # SET (a, b) = (SELECT ...): its row (row_values)

    def compile(self, e):
        method = _DISPATCH.get(type(e))
        if method is None:
            method = _DISPATCH[type(e)] = getattr(ExpressionCompiler, "_" + type(e).__name__.lower())
        return method(self, e)

    def condition(self, e, if_true: bool = False, null_jumps: bool | None = True,
                  terms: bool = False):
        """``e`` where only its truth counts, as SQLite's sqlite3ExprIfFalse (or, with
        ``if_true``, sqlite3ExprIfTrue) codes it: AND and OR stop at the operand that
        decides, and at a NULL one where ``null_jumps`` (SQLITE_JUMPIFNULL) lets a NULL
        decide -- a WHERE, ON, HAVING or WHEN term is IfFalse with it, a CHECK IfTrue with
        it. Each operand gets the flag SQLite passes it (flipped under the other
        operator); None: the value itself is wanted (under IS [NOT] TRUE/FALSE), so no
        NULL stops. A stop returns NULL, which the caller takes as the value it stood for.
        ``terms``: the top-level ANDs join separate WHERE terms, which SQLite tests in
        their order (its operand swap for subqueries is within one expression). Anything
        else is computed as a value."""
        if isinstance(e, b.Binary) and e.op in ("and", "or"):
            if not self._holds_subquery(e):
                return self._plain_condition(e, if_true, null_jumps)
            swap = self._rhs_first(e) and not (terms and e.op == "and")
            first, second = (e.right, e.left) if swap else (e.left, e.right)
            stops = None if null_jumps is None else \
                null_jumps != (if_true if e.op == "and" else not if_true)
            terms = terms and e.op == "and"
            f = self.condition(first, e.op == "or", stops, terms)
            s = self.condition(second, if_true, null_jumps, terms)
            return _and(f, s, bool(stops)) if e.op == "and" else _or(f, s, bool(stops))
        if isinstance(e, b.Unary) and e.op in _UNARY_TRUTH:
            if e.op == "not":
                f = self.condition(e.operand, not if_true, null_jumps)
            else:
                f = self.condition(e.operand, if_true, None)
            fn = _UNARY[e.op]
            return lambda env: fn(f(env))
        return self.compile(e)

    def _plain_condition(self, e, if_true: bool, null_jumps: bool | None):
        """``condition`` of an expression holding no subquery, asked once of its root:
        no operand of it goes first (``_rhs_first`` is no at every level) and the split
        into WHERE terms changes no order, so its AND/OR levels are compiled without
        asking either -- a long WHERE term of ORs is a level per comparison."""
        if isinstance(e, b.Binary) and e.op in ("and", "or"):
            conjunction = e.op == "and"
            stops = None if null_jumps is None else \
                null_jumps != (if_true if conjunction else not if_true)
            f = self._plain_condition(e.left, not conjunction, stops)
            s = self._plain_condition(e.right, if_true, null_jumps)
            return _and(f, s, bool(stops)) if conjunction else _or(f, s, bool(stops))
        if isinstance(e, b.Unary) and e.op in _UNARY_TRUTH:
            f = self._plain_condition(e.operand, not if_true, null_jumps) if e.op == "not" \
                else self._plain_condition(e.operand, if_true, None)
            fn = _UNARY[e.op]
            return lambda env: fn(f(env))
        return self.compile(e)

    def _holds_subquery(self, e) -> bool:
        """``contains_subquery`` (kept on each node: a long AND chain asks at every
        level); no at once while compiling a plan that has no subquery at all
        (``no_subqueries``)."""
        return not self.no_subqueries and contains_subquery(e)

    def _rhs_first(self, e) -> bool:
        """Does SQLite run the right operand of AND/OR first? When only the left one holds
        a subquery (expr.c, exprEvalRhsFirst) -- never in a BETWEEN, whose halves are
        made without that mark."""
        return self._holds_subquery(e.left) and not self._holds_subquery(e.right) \
            and not is_between(e)

    # -- leaves ------------------------------------------------------------------------
    # The closures below take what they need as default arguments rather than from
    # enclosing cells: one defaults tuple per function instead of one cell per variable
    # keeps cached statements small (fewer objects for the garbage collector to walk) and
    # reads them as fast locals.
    def _literal(self, e):
        return lambda env, value=e.value: value

    _nullpastsubquery = _literal
    _foldedor = _literal
    _parsedfalse = _literal
    _reducednulltest = _literal

    def _param(self, e):
        return lambda env, state=self.state, i=e.index: state.params[i]

    def _triggercolumn(self, e):
        """NEW.x / OLD.x: a value the firing hands in, perhaps JSON-marked (json_marks.py)."""
        return lambda env, state=self.state, i=e.index: json_unmarked(state.params[i])

    def _columnref(self, e):
        if e.slot > self.max_slot:
            self.max_slot = e.slot
        if e.column < 0:
            return lambda env, rowid_slot=e.slot + 1: env[rowid_slot]
        if e.json:
            return lambda env, slot=e.slot, col=e.column: json_unmarked(env[slot][col])
        return lambda env, slot=e.slot, col=e.column: env[slot][col]

    def _fixed(self, e):
        """A column SQLite's constant propagation fixed to a constant: the constant with
        the column's affinity applied (as SQLite's OP_Affinity does), never JSON-marked."""
        f, affinity, apply = self.compile(e.value), e.affinity, V.apply_affinity
        return lambda env: apply(json_unmarked(f(env)), affinity)

    def _once(self, e):
        """A search value its loop computes once as it starts (``plan/once.py``): kept in
        the run's cache under the node, which the loop's Guard clears (``execute._guard``)."""
        f, state = self.compile(e.value), self.state

        def once(env, f=f, state=state, key=e):
            cache = state.cache
            if key in cache:
                return cache[key]
            value = cache[key] = f(env)
            return value
        return once

    def _aggregateref(self, e, marked: bool = False):
        """``marked``: min()'s or max()'s value as it came, perhaps JSON-marked
        (``AggregateRef.carries``), for ``json_argument``; plain otherwise."""
        if e.slot > self.max_slot:
            self.max_slot = e.slot
        if e.carries and not marked:
            return lambda env, slot=e.slot, i=e.index: json_unmarked(env[slot][i])
        return lambda env, slot=e.slot, i=e.index: env[slot][i]

    def _windowref(self, e):
        if e.slot > self.max_slot:
            self.max_slot = e.slot
        return lambda env, slot=e.slot, i=e.index: env[slot][i]

    def _collate(self, e):
        return self.compile(e.operand)

    # -- operators ---------------------------------------------------------------------
    def _unary(self, e):
        f = self.compile(e.operand)
        op = e.op
        if op == "isnull":
            return lambda env: 1 if f(env) is None else 0
        if op == "notnull":
            return lambda env: 0 if f(env) is None else 1
        if op == "pos":
            return f
        fn = _UNARY[op]
        return lambda env, fn=fn, f=f: fn(f(env))

    def _binary(self, e):
        left, right = self.compile(e.left), self.compile(e.right)
        if e.op in ("and", "or"):
            return self._value_and_or(e, left, right)
        fn = getattr(V, e.op)
        skip = _subquery_last(e, left, right, fn, self._holds_subquery)
        if skip is not None:
            return skip
        return lambda env, fn=fn, left=left, right=right: fn(left(env), right(env))

    def _value_and_or(self, e, left, right):
        """AND/OR computed as a value: both operands -- but an operand holding a subquery
        runs second, and only when the first does not decide."""
        if self._rhs_first(e):
            return _and(right, left) if e.op == "and" else _or(right, left)
        if self._holds_subquery(e.right):
            return _and(left, right) if e.op == "and" else _or(left, right)
        combine = V.sql_and if e.op == "and" else V.sql_or
        return lambda env, left=left, right=right, combine=combine: combine(left(env), right(env))

    def _compare(self, e):
        key = comparison_key(e)
        if key is not None:
            made = KEPT_COMPARISONS.get(key)
            if made is not None:        # (column_constant's, counted as it counts)
                COUNTS["column_constant"] += 1
                if key[4] > self.max_slot:
                    self.max_slot = key[4]
                return made
        op, collation = e.op, e.collation
        if collation != "BINARY":
            V.collation_key(collation)      # one the binder left unchecked: sql/bind/bind_dispatch
        sides = side_affinities(e.left_affinity, e.right_affinity, deferred_sides(e))
        if op not in ("is", "isnot") and TEXT_BESIDE_TEXT not in sides:
            # a column against a literal (no subquery on either side): its one closure,
            # without first compiling the operands' (only the slot it reads is noted),
            # nor the general test (``_sided`` gives these converters and that test)
            lconv, rconv = _converter(sides[0]), _converter(sides[1])
            fast = column_constant(e, lconv, rconv, _DIRECT, _TESTS)
            if fast is not None:
                column = e.left if isinstance(e.left, b.ColumnRef) else e.right
                if column.slot > self.max_slot:
                    self.max_slot = column.slot
                if key is not None:
                    keep_comparison(key, fast)
                return fast
            plain = _plain_test(op, collation)
        else:
            lconv, rconv, plain = _sided(sides, _plain_test(
                "eq" if op in ("is", "isnot") else op, collation))
        left, right = self.compile(e.left), self.compile(e.right)
        if op in ("is", "isnot"):
            return _null_safe_compare(left, right, lconv, rconv, op, plain)
        if self._holds_subquery(e.left) or self._holds_subquery(e.right):
            skip = _subquery_last(e, left, right, _converted_test(plain, lconv, rconv),
                                  self._holds_subquery)
            if skip is not None:
                return skip
        if lconv is None and rconv is None and TEXT_BESIDE_TEXT not in sides:
            return column_column(e, _DIRECT, _TESTS) or \
                _plain_compare(left, right, op, collation)

        def cmp(env, left=left, right=right, lconv=lconv, rconv=rconv, plain=plain):
            a = left(env)
            c = right(env)
            if a is None or c is None:
                return None
            return plain(lconv(a) if lconv is not None else a,
                         rconv(c) if rconv is not None else c)
        return cmp

    def _like(self, e):
        operand, pattern = self.compile(e.operand), self.compile(e.pattern)
        negated = e.negated
        if e.op == "glob":
            def match(env):
                return patterns.glob(pattern(env), operand(env))
        elif e.case_sensitive:
            escape = self.compile(e.escape) if e.escape is not None else None

            def match(env):
                if escape is None:
                    return patterns.like(pattern(env), operand(env), case_sensitive=True)
                return patterns.like(pattern(env), operand(env), escape(env), True)
        elif e.escape is not None:
            escape = self.compile(e.escape)

            def match(env):
                return patterns.like(pattern(env), operand(env), escape(env))
        else:
            def match(env):
                return patterns.like(pattern(env), operand(env))
        if not negated:
            return match
        return lambda env: _negate(match(env))

    def _inlist(self, e):
        """``x IN (...)``. As in SQLite, ``x IN (y1, y2)`` means ``x = +y1 OR x = +y2``: the
        items have no affinity, only x's affinity converts them. Which items run, and so
        which errors surface, follows SQLite (expr.c, sqlite3FindInIndex): a list of more
        than two items that cannot change during one execution (literals, parameters,
        constant expressions) is hashed once per execution, every item evaluated; any
        other list is compared item by item, in order, up to the first match -- every
        item when x is NULL."""
        operand = self.compile(e.operand)
        negated = e.negated
        if not e.items:
            result = 1 if negated else 0
            return lambda env: result
        items = [self.compile(item) for item in e.items]
        if HASHED_IN_LISTS and len(e.items) > 2 and all(map(_invariant, e.items)):
            # the items go into an ephemeral index under x's affinity; x is not converted
            sides = side_affinities(e.affinity, None)
            every = [(item, sides) for item in items]
            member = in_lists.hashed(operand, every, e.collation, self.state, id(e))
        else:
            # x = item under x's affinity (OP_Eq), x converted too where it is deferred
            sides = side_affinities(e.affinity, None, (deferred(e.operand), False))
            member = in_lists.sequence(operand, items, _sided(sides, _plain_test(
                "eq", e.collation)))
        return (lambda env: _negate(member(env))) if negated else member

    def _insubquery(self, e):
        operand = self.compile(e.operand)
        lconv, rconv = in_subquery_sides(e.affinity, e.query)
        collation, negated, state = e.collation, e.negated, self.state
        # index_for first: it makes sure the subquery's column is a column of its table
        found = self.live_in and in_index.index_for(e)
        if found and index_affinity_ok(rconv, e.query):
            member = in_index.live_member(*found, operand, lconv, self.store, state, id(e.query))
            return (lambda env: _negate(member(env))) if negated else member
        key = V.sort_key_function(collation)
        run, query, correlated = self.run_subquery, e.query, e.correlated
        # kept per affinity: a WHERE term and its copy pushed into a SELECT of a compound
        # (optimizer/pushed_copy.py) may read the same subquery under two
        query_key = id(query)

        def build(env):
            keys, has_null = set(), False
            for row in run(query, env):
                v = row[0]
                if v is None:
                    has_null = True
                else:
                    keys.add(key(V.apply_affinity(v, rconv) if rconv else v))
            return keys, has_null
        build = self.per_outer_values(e, build)

        def member(env):
            if correlated:
                keys, has_null = build(env)
            else:
                by_affinity = state.cache.get(query_key)
                if by_affinity is None:
                    by_affinity = state.cache[query_key] = {}
                cached = by_affinity.get(rconv)
                if cached is None:
                    cached = by_affinity[rconv] = build(env)
                keys, has_null = cached
            value = operand(env)
            if not keys and not has_null:
                return 0
            if value is None:
                return None
            if key(V.apply_affinity(value, lconv) if lconv else value) in keys:
                return 1
            return None if has_null else 0
        return (lambda env: _negate(member(env))) if negated else member

    def per_outer_values(self, e, compute):
        """``compute``, or, for a correlated subquery of a query, its last result while
        the outer values it reads stay the same (subquery_memo.py)."""
        key = self.memo and e.correlated and subquery_memo.memo_key(e.query, VOLATILE_FUNCTIONS)
        return subquery_memo.last_result(compute, key, self.state, e.query) if key else compute

    def _rowcompare(self, e):
        return row_values.compile_compare(self, e)

    _row = row_values.compile_row
    _rowin = row_values.compile_in
    _rowcolumn = row_values.compile_column

    def _exists(self, e):
        run, query, negated, state, correlated = (self.run_subquery, e.query, e.negated,
                                                  self.state, e.correlated)
        first = self.per_outer_values(e, lambda env: next(iter(run(query, env)), None))

        def exists(env):
            if not correlated and id(query) in state.cache:
                found = state.cache[id(query)]
            else:
                found = first(env) is not None
                if not correlated:
                    state.cache[id(query)] = found
            return int(found != negated)
        return exists

    def _scalarsubquery(self, e, marked: bool = False):
        """``marked``: the value as the subquery's plan gives it, perhaps with the JSON
        mark it keeps (``json_marks.keeps_subtype``), for ``json_argument``."""
        run, query, state, correlated = self.run_subquery, e.query, self.state, e.correlated
        row_values.check_one_column(query)
        first = self.per_outer_values(e, lambda env: next(iter(run(query, env)), None))
        plain = not marked and keeps_subtype(query)

        def scalar(env):
            if not correlated and id(query) in state.cache:
                value = state.cache[id(query)]
            else:
                row = first(env)
                value = row[0] if row is not None else None
                if not correlated:
                    state.cache[id(query)] = value
            return json_unmarked(value) if plain else value
        return scalar

    def _case(self, e, compile_value=None):
        test = self.compile if e.operand is not None else self.condition
        value_of = compile_value or self.compile
        whens = [(test(c), value_of(v)) for c, v in e.whens]
        default = value_of(e.default) if e.default is not None else (lambda env: None)
        truth = V.truth
        if e.operand is None:
            def case(env):
                for cond, value in whens:
                    if truth(cond(env)):
                        return value(env)
                return default(env)
            return case
        operand = self.compile(e.operand)
        # each WHEN compares as operand = when does (OP_Eq)
        tests = [(cond, value, equal, lconv, rconv)
                 for (cond, value), (when, _), (collation, *sides) in zip(whens, e.whens, e.tests)
                 for lconv, rconv, equal in [_sided(side_affinities(
                     *sides, (deferred(e.operand), deferred(when))), _plain_test("eq", collation))]]

        def case_operand(env):
            subject = operand(env)
            for cond, value, equal, lconv, rconv in tests:
                other = cond(env)       # computed even for a NULL subject: it may raise
                if subject is not None and other is not None and equal(
                        lconv(subject) if lconv else subject, rconv(other) if rconv else other):
                    return value(env)
            return default(env)
        return case_operand

    def _cast(self, e):
        f, affinity, cast = self.compile(e.operand), e.affinity, V.cast
        return lambda env: cast(f(env), affinity)      # CAST means "convert to this affinity"

    def arguments(self, name: str, args) -> list:
        """The compiled arguments of a call of ``name`` (a scalar or aggregate function)."""
        if name in JSON_VALUE_FUNCTIONS:
            return [self.json_argument(a) for a in args]
        return [self.compile(a) for a in args]

    def _function(self, e, keep_json=False):
        f = self._call(e)
        if e.name in JSON_FUNCTIONS and not keep_json:
            return lambda env: json_unmarked(f(env))
        return f

    def _call(self, e, compile_argument=None):
        name = e.name
        if name in ("iif", "if"):       # SQLite codes it as CASE WHEN: conditions first
            args = [self.condition(a) if i % 2 == 0 and i + 1 < len(e.args) else self.compile(a)
                    for i, a in enumerate(e.args)]
        elif compile_argument is not None:
            args = [compile_argument(a) for a in e.args]
        else:
            args = self.arguments(name, e.args)
        own = user_scalar(name, len(args))      # the connection's own (functions/user.py)
        if own is not None:
            return _user_call(scalar_caller(own), args)
        if name.startswith("__affinity_"):
            affinity, f = ascii_upper(name[len("__affinity_"):]), args[0]
            return lambda env: V.apply_affinity(f(env), affinity)
        if name == RAISE_FUNCTION:
            return compile_raise(args)
        if name in _SESSION_FUNCTIONS:
            state, attr = self.state, _SESSION_FUNCTIONS[name]
            return lambda env: getattr(state.session, attr)
        if name in STATEMENT_TIME:                  # one moment per statement (date.py)
            return statement_time(name, self.state)
        if name in DATE_TIME_FUNCTIONS:             # 'now' is the statement's (date.py)
            return clock_call(SCALAR_FUNCTIONS[name][0], self.state, args,
                              name if self.in_check else None, self.in_check)
        if name in ("sqlite_version", "rowandb_version"):
            version = SQLITE_VERSION if name == "sqlite_version" else __version__
            return lambda env: version
        fn = SCALAR_FUNCTIONS[name][0]
        if e.collation is not None:
            fn = functools.partial(fn, collation=e.collation)
        if name in _LAZY:
            return lazy_call(name, args)
        if len(args) == 1:
            return lambda env, fn=fn, a0=args[0]: fn(a0(env))
        if len(args) == 2:
            return lambda env, fn=fn, a0=args[0], a1=args[1]: fn(a0(env), a1(env))
        return lambda env: fn(*[a(env) for a in args])


def _user_call(fn, args: list):
    if len(args) == 1:
        return lambda env, fn=fn, a0=args[0]: fn(a0(env))
    return lambda env: fn(*[a(env) for a in args])


_DISPATCH: dict = {}        # bound expression class -> ExpressionCompiler method


_UNARY_TRUTH = ("not", "istrue", "isfalse", "isnottrue", "isnotfalse")
_UNARY = {"neg": V.neg, "bitnot": V.bitnot, "not": V.sql_not, "istrue": V.is_true,
          "isfalse": V.is_false, "isnottrue": lambda v: 1 - V.is_true(v),
          "isnotfalse": lambda v: 1 - V.is_false(v)}

#: False compares every IN-list item one by one (tests compare the two ways).
HASHED_IN_LISTS = True

_SESSION_FUNCTIONS = {"changes": "changes", "last_insert_rowid": "last_insert_rowid",
                      "total_changes": "total_changes"}
_LAZY = {"coalesce", "ifnull", "iif", "if"}


def _invariant(expr) -> bool:
    """True when ``expr`` reads no row, no subquery and no volatile function: its value is
    fixed for one execution of the statement (parameters included)."""
    if isinstance(expr, (b.Literal, b.Param)):
        return True
    if isinstance(expr, (b.ColumnRef, b.AggregateRef, b.WindowRef, b.InSubquery, b.Exists,
                         b.ScalarSubquery)):
        return False
    if isinstance(expr, b.Function) and expr.name in VOLATILE_FUNCTIONS or redefined_like(expr):
        return False
    return all(_invariant(c) for c in children(expr))


#: Functions whose value may differ from one call to the next within a statement.
class _Volatile(frozenset):
    """The built-in volatile functions, and the connection's functions not declared
    deterministic (functions/user.py)."""

    def __contains__(self, name) -> bool:
        return frozenset.__contains__(self, name) or is_volatile(name)


VOLATILE_FUNCTIONS = _Volatile({"random", "randomblob", "changes", "last_insert_rowid",
                                "total_changes", RAISE_FUNCTION})


def _subquery_last(e, left, right, fn, holds):
    """For a binary operator that is NULL when an operand is: with a subquery in one
    operand only (or in both), the closure that evaluates the other one (the left one)
    first and skips the subquery when it is NULL -- as SQLite does (exprComputeOperands),
    so the subquery's cost and errors are skipped as in SQLite. None when no operand
    holds a subquery. ``holds``: the compiler's memo of ``contains_subquery``."""
    if not getattr(e, "skips_subquery", True):
        return None
    left_sub, right_sub = holds(e.left), holds(e.right)
    if left_sub and not right_sub:
        def right_first(env):
            c = right(env)
            return None if c is None else fn(left(env), c)
        return right_first
    if right_sub:
        def left_first(env):
            a = left(env)
            return None if a is None else fn(a, right(env))
        return left_first
    return None


def _sided(sides, plain) -> tuple:
    """(left conversion, right conversion, ``plain`` test) of a comparison whose operands
    get the ``sides`` affinities (comparison_sides.side_affinities): under
    ``TEXT_BESIDE_TEXT`` the test itself converts each pair of values."""
    if TEXT_BESIDE_TEXT in sides:
        return None, None, beside_text(plain)
    return _converter(sides[0]), _converter(sides[1]), plain


def _converted_test(plain, lconv, rconv):
    """``test(a, c)`` of a comparison on two values that may be NULL, applying the
    operands' affinity conversions, then ``plain``."""
    def test(a, c):
        if a is None or c is None:
            return None
        return plain(lconv(a) if lconv else a, rconv(c) if rconv else c)
    return test


def _negate(v):
    return None if v is None else 1 - v


def _and(left, right, null_stops: bool = False):
    def and_(env, left=left, right=right, truth=V.truth, null_stops=null_stops):
        a = left(env)
        ta = truth(a) if a is not None else None
        if ta is False:
            return 0
        if ta is None and null_stops:
            return None
        c = right(env)
        tc = truth(c) if c is not None else None
        if tc is False:
            return 0
        return 1 if ta and tc else None
    return and_


def _or(left, right, null_stops: bool = False):
    def or_(env, left=left, right=right, truth=V.truth, null_stops=null_stops):
        a = left(env)
        ta = truth(a) if a is not None else None
        if ta:
            return 1
        if ta is None and null_stops:
            return None
        c = right(env)
        tc = truth(c) if c is not None else None
        if tc:
            return 1
        return 0 if ta is False and tc is False else None
    return or_


_DIRECT = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
           "gt": operator.gt, "ge": operator.ge}


_EQUALITY = ("eq", "ne")


def _plain_test(op: str, collation: str):
    """``test(a, c)`` for two non-NULL values: Python's own comparison where it agrees
    with SQLite's (numbers with numbers, text with text under BINARY -- ordered only when
    one is ASCII, else the bytes of text that is not valid UTF-8 would be misordered), else
    ``values.compare`` with the collation."""
    def plain(a, c, direct=_DIRECT[op], test=_TESTS[op], compare=V.compare,
              collation=collation, binary=collation == "BINARY", equality=op in _EQUALITY):
        ta, tc = type(a), type(c)
        if (ta is int or ta is float) and (tc is int or tc is float) or (
                binary and ta is str and tc is str and (equality or a.isascii() or c.isascii())):
            return 1 if direct(a, c) else 0
        return test(compare(a, c, collation))
    return plain


def _plain_compare(left, right, op: str, collation: str):
    """A comparison whose operands need no affinity conversion (the common case), with the
    number/text fast path inlined."""
    direct, test, compare = _DIRECT[op], _TESTS[op], V.compare
    binary = collation == "BINARY"

    def cmp(env, left=left, right=right, direct=direct, test=test, compare=compare,
            collation=collation, binary=binary, equality=op in _EQUALITY):
        a = left(env)
        c = right(env)
        if a is None or c is None:
            return None
        ta, tc = type(a), type(c)
        if (ta is int or ta is float) and (tc is int or tc is float) or (
                binary and ta is str and tc is str and (equality or a.isascii() or c.isascii())):
            return 1 if direct(a, c) else 0
        return test(compare(a, c, collation))
    return cmp


def _null_safe_compare(left, right, lconv, rconv, op: str, equal):
    """``IS`` / ``IS NOT``: NULL IS NULL is true, and the result is never NULL. ``equal``:
    the plain test of ``=`` on two non-NULL values."""
    is_ = op == "is"

    def cmp(env):
        a = left(env)
        c = right(env)
        if a is None or c is None:
            same = a is None and c is None
            return int(same) if is_ else int(not same)
        if lconv is not None:
            a = lconv(a)
        if rconv is not None:
            c = rconv(c)
        same = equal(a, c) == 1
        return int(same) if is_ else int(not same)
    return cmp


_TESTS = {
    "eq": lambda c: None if c is None else int(c == 0),
    "ne": lambda c: None if c is None else int(c != 0),
    "lt": lambda c: None if c is None else int(c < 0),
    "le": lambda c: None if c is None else int(c <= 0),
    "gt": lambda c: None if c is None else int(c > 0),
    "ge": lambda c: None if c is None else int(c >= 0),
    "is": lambda c: int(c == 0),
    "isnot": lambda c: int(c != 0),
}
