"""Bound expressions -> Python closures ``f(env) -> value``, compiled once per statement.

``env`` is the execution environment: a list whose slot ``s`` holds the current record of a
FROM item and ``s + 1`` its rowid (see ``bound.py``). Parameters, subquery results and the
connection's counters come from the ``State`` the closures were compiled against, which the
executor refills for every execution of the statement.

All SQL value semantics are delegated to ``values.py``; this module only wires them up and
adds fast paths for the most common cases (int/int comparisons, short-circuit AND/OR).
"""

from __future__ import annotations

from . import bound as b
from . import values as V
from .functions import SCALAR_FUNCTIONS

_NUMERIC = ("INTEGER", "REAL", "NUMERIC")


class State:
    """What compiled closures read besides the environment; refilled per execution."""

    def __init__(self):
        self.params: tuple = ()
        self.session = None             # counters for changes(), last_insert_rowid()...
        self.cache: dict = {}           # uncorrelated subquery results of this execution
        self.subplans: dict = {}        # id(bound Select) -> compiled node runner
        self.slot_count = 0


def side_affinities(left_aff, right_aff) -> tuple[str | None, str | None]:
    """The affinity SQLite applies to each comparison operand (datatype3.html §4.2)."""
    if left_aff in _NUMERIC and right_aff not in _NUMERIC:
        return None, "NUMERIC" if right_aff in ("TEXT", "BLOB", None) else None
    if right_aff in _NUMERIC and left_aff not in _NUMERIC:
        return "NUMERIC", None
    if left_aff == "TEXT" and right_aff in ("BLOB", None):
        return None, "TEXT"
    if right_aff == "TEXT" and left_aff in ("BLOB", None):
        return "TEXT", None
    return None, None


def _converter(affinity):
    if affinity is None:
        return None
    apply = V.apply_affinity
    return lambda v: apply(v, affinity)


class ExpressionCompiler:
    def __init__(self, state: State, run_subquery):
        self.state = state
        self.run_subquery = run_subquery      # (bound Select, env) -> iterator of tuples

    def compile(self, e):
        method = getattr(self, "_" + type(e).__name__.lower())
        return method(e)

    # -- leaves ------------------------------------------------------------------------
    def _literal(self, e):
        value = e.value
        return lambda env: value

    def _param(self, e):
        state, i = self.state, e.index
        return lambda env: state.params[i]

    def _columnref(self, e):
        slot, col = e.slot, e.column
        if col < 0:
            rowid_slot = slot + 1
            return lambda env: env[rowid_slot]
        return lambda env: env[slot][col]

    def _aggregateref(self, e):
        slot, i = e.slot, e.index
        return lambda env: env[slot][i]

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
        fn = {"neg": V.neg, "bitnot": V.bitnot, "not": V.sql_not}[op]
        return lambda env: fn(f(env))

    def _binary(self, e):
        left, right = self.compile(e.left), self.compile(e.right)
        if e.op == "and":
            return _and(left, right)
        if e.op == "or":
            return _or(left, right)
        fn = getattr(V, e.op)
        return lambda env: fn(left(env), right(env))

    def _compare(self, e):
        left, right = self.compile(e.left), self.compile(e.right)
        lconv, rconv = (_converter(a) for a in side_affinities(e.left_affinity, e.right_affinity))
        compare, collation, op = V.compare, e.collation, e.op
        test = _TESTS[op]
        null_safe = op in ("is", "isnot")

        def cmp(env):
            a = left(env)
            c = right(env)
            if a is None or c is None:
                if null_safe:
                    same = a is None and c is None
                    return int(same) if op == "is" else int(not same)
                return None
            if lconv is not None:
                a = lconv(a)
            if rconv is not None:
                c = rconv(c)
            ta = type(a)
            if ta is type(c) and (ta is int or (ta is str and collation == "BINARY")):
                return test((a > c) - (a < c))
            return test(compare(a, c, collation))
        return cmp

    def _like(self, e):
        operand, pattern = self.compile(e.operand), self.compile(e.pattern)
        negated = e.negated
        if e.op == "glob":
            def match(env):
                return V.glob(pattern(env), operand(env))
        elif e.escape is not None:
            escape = self.compile(e.escape)

            def match(env):
                return V.like(pattern(env), operand(env), escape(env))
        else:
            def match(env):
                return V.like(pattern(env), operand(env))
        if not negated:
            return match
        return lambda env: _negate(match(env))

    def _inlist(self, e):
        operand = self.compile(e.operand)
        items = [(self.compile(i), side_affinities(e.affinity, _static_affinity(i)))
                 for i in e.items]
        collation, negated = e.collation, e.negated
        compare = V.compare

        def member(env):
            value = operand(env)
            if not items:
                return 0
            if value is None:
                return None
            saw_null = False
            for item, (lconv, rconv) in items:
                other = item(env)
                if other is None:
                    saw_null = True
                    continue
                a = V.apply_affinity(value, lconv) if lconv else value
                c = V.apply_affinity(other, rconv) if rconv else other
                if compare(a, c, collation) == 0:
                    return 1
            return None if saw_null else 0
        return (lambda env: _negate(member(env))) if negated else member

    def _insubquery(self, e):
        operand = self.compile(e.operand)
        lconv, rconv = side_affinities(e.affinity, e.query.column_affinities[0]
                                       if e.query.column_affinities else None)
        collation, negated, state = e.collation, e.negated, self.state
        key = V.sort_key_function(collation)
        run, query, correlated = self.run_subquery, e.query, e.correlated

        def build(env):
            keys, has_null = set(), False
            for row in run(query, env):
                v = row[0]
                if v is None:
                    has_null = True
                else:
                    keys.add(key(V.apply_affinity(v, rconv) if rconv else v))
            return keys, has_null

        def member(env):
            if correlated:
                keys, has_null = build(env)
            else:
                cached = state.cache.get(id(query))
                if cached is None:
                    cached = state.cache[id(query)] = build(env)
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

    def _exists(self, e):
        run, query, negated, state, correlated = (self.run_subquery, e.query, e.negated,
                                                  self.state, e.correlated)

        def exists(env):
            if not correlated and id(query) in state.cache:
                found = state.cache[id(query)]
            else:
                found = next(iter(run(query, env)), None) is not None
                if not correlated:
                    state.cache[id(query)] = found
            return int(found != negated)
        return exists

    def _scalarsubquery(self, e):
        run, query, state, correlated = self.run_subquery, e.query, self.state, e.correlated

        def scalar(env):
            if not correlated and id(query) in state.cache:
                return state.cache[id(query)]
            row = next(iter(run(query, env)), None)
            value = row[0] if row is not None else None
            if not correlated:
                state.cache[id(query)] = value
            return value
        return scalar

    def _case(self, e):
        whens = [(self.compile(c), self.compile(v)) for c, v in e.whens]
        default = self.compile(e.default) if e.default is not None else (lambda env: None)
        truth = V.truth
        if e.operand is None:
            def case(env):
                for cond, value in whens:
                    if truth(cond(env)):
                        return value(env)
                return default(env)
            return case
        operand, collation, compare = self.compile(e.operand), e.collation, V.compare

        def case_operand(env):
            subject = operand(env)
            if subject is not None:
                for cond, value in whens:
                    other = cond(env)
                    if other is not None and compare(subject, other, collation) == 0:
                        return value(env)
            return default(env)
        return case_operand

    def _cast(self, e):
        f, type_name, cast = self.compile(e.operand), e.type_name, V.cast
        return lambda env: cast(f(env), type_name)

    def _function(self, e):
        args = [self.compile(a) for a in e.args]
        name = e.name
        if name.startswith("__affinity_"):
            affinity, f = name[len("__affinity_"):].upper(), args[0]
            return lambda env: V.apply_affinity(f(env), affinity)
        if name in _SESSION_FUNCTIONS:
            state, attr = self.state, _SESSION_FUNCTIONS[name]
            return lambda env: getattr(state.session, attr)
        if name in ("sqlite_version", "rowandb_version"):
            from .. import __version__
            version = "3.45.0" if name == "sqlite_version" else __version__
            return lambda env: version
        fn = SCALAR_FUNCTIONS[name][0]
        if name in _LAZY:
            return _lazy(name, args)
        if len(args) == 1:
            a0 = args[0]
            return lambda env: fn(a0(env))
        if len(args) == 2:
            a0, a1 = args
            return lambda env: fn(a0(env), a1(env))
        return lambda env: fn(*[a(env) for a in args])


_SESSION_FUNCTIONS = {"changes": "changes", "last_insert_rowid": "last_insert_rowid",
                      "total_changes": "total_changes"}
_LAZY = {"coalesce", "ifnull", "iif"}


def _lazy(name, args):
    """coalesce/ifnull/iif evaluate only the arguments they need, as SQLite does."""
    if name == "iif":
        cond, then, other = args
        return lambda env: then(env) if V.truth(cond(env)) else other(env)

    def first_not_null(env):
        for a in args:
            v = a(env)
            if v is not None:
                return v
        return None
    return first_not_null


def _static_affinity(expr):
    if isinstance(expr, b.ColumnRef):
        return expr.affinity
    if isinstance(expr, b.Cast):
        return expr.affinity
    if isinstance(expr, b.Collate):
        return _static_affinity(expr.operand)
    return None


def _negate(v):
    return None if v is None else 1 - v


def _and(left, right):
    truth = V.truth

    def and_(env):
        a = left(env)
        ta = truth(a) if a is not None else None
        if ta is False:
            return 0
        c = right(env)
        tc = truth(c) if c is not None else None
        if tc is False:
            return 0
        return 1 if ta and tc else None
    return and_


def _or(left, right):
    truth = V.truth

    def or_(env):
        a = left(env)
        ta = truth(a) if a is not None else None
        if ta:
            return 1
        c = right(env)
        tc = truth(c) if c is not None else None
        if tc:
            return 1
        return 0 if ta is False and tc is False else None
    return or_


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
