"""SQLite's WHERE-clause constant propagation (select.c, propagateConstants), for SELECT.

When a top-level AND term of a SELECT's WHERE -- or of an inner join's ON -- is ``column =
constant``, SQLite replaces the other occurrences of that column in those terms by the
constant, with the column's affinity applied (``b.Fixed``). Answers do not change, since a
row passing ``column = constant`` holds that value; what changes is *when* things are
computed. A term left reading no table is tested once before the loops
(``hoist_invariants``), so ``b = 1 AND b > abs(-9223372036854775808)`` is 'integer
overflow' even on an empty table; a term tested per row computes the constant, not the
row's value (``json(a) = 1 AND a = 'x'`` is 'malformed JSON' on the first row); and the
planner sees the constant: ``t.b = u.x AND u.x = 5`` reads only t, searches t's index on
b by 5 and is tested in t's loop, as SQLite's WHERE analysis counts a fixed column as no
table (sqlite3WhereExprUsage), which changes the join order SQLite's costs pick.

The rules, as SQLite's code applies them:

- the constant has no affinity (a literal, a parameter, a deterministic function of them;
  not a CAST, a column or a subquery) and the comparison uses BINARY (looked up: a
  collation nobody has is the error here, ``id = 1 COLLATE xyz AND a = 2``); a one-value
  ``x IN (c)`` counts, as SQLite's parser makes it ``x = +c``;
- the terms are searched last to first, and a column takes the first constant found for it;
  the term that fixes a column keeps reading it;
- a LEFT JOIN's ON is neither searched nor rewritten, and with a RIGHT or FULL JOIN in the
  FROM clause no ON is; there must be two terms at least (SQLite needs an AND);
- when a fixed column has BLOB affinity (no declared type) or none (a compound subquery's
  column of literals), a column is replaced only as an operand of =, <, <=, >, >= or IS
  (the right one only when the left's affinity is not TEXT), elsewhere only if its own
  affinity is neither -- 10.0 stored in x without a type is not LIKE 10, though x = 10;
- a fixed column takes its own affinity, which for a FROM subquery's column is that of
  sqlite3SubqueryColumnTypes: FLEXNUM for a compound's numeric column whose first SELECT
  is a CAST (``flatten.flexible_columns``), which leaves 1.0 as it is;
- UPDATE and DELETE do not propagate (the row finder of ``plan/build.py`` skips this rule).

Where RowanDB differs: a column inside a subquery is not replaced (SQLite walks into
subqueries too), and a connection's own functions are never constant here.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..functions.json import RESULT_SUBTYPE_FUNCTIONS
from ..types.values import collation_key
from ..plan.analysis import (between_halves, children, conjoin, conjuncts, is_between,
                             is_constant, kept_any, slots_of)

_COMPARISONS = frozenset({"eq", "lt", "le", "gt", "ge", "is"})


def propagate_constants(node: L.Node, where, flexible=frozenset()) -> tuple:
    """(FROM clause, WHERE) with SQLite's constant propagation done: the same objects when
    no column is fixed. ``flexible`` holds the (slot, column) of the FROM subqueries'
    columns of SQLite's affinity FLEXNUM, which a fixed one takes (a compound's column of
    a CAST: ``c = 1.0`` leaves c 1.0 there, where a NUMERIC table column is 1)."""
    outer = _has_right_join(node)
    where_terms = _terms(where)
    terms = where_terms + ([] if outer else _on_terms(node))
    if len(terms) < 2:
        return node, where
    fixed = _constants(terms)
    if not fixed:
        return node, where
    rewriter = _Rewriter(fixed, flexible)
    if where is not None:
        where = _rewritten(where, rewriter)
    return (node if outer else _rewrite_on(node, rewriter)), where


def as_propagated(terms: list, flexible=frozenset()) -> list:
    """``terms`` (a WHERE's AND-connected terms) as SQLite's propagation leaves them: each
    fixed column replaced, the shape ``_Rewriter.term`` keeps for the planner aside. What
    a term is copied into a subquery as (``push_into_cte``): SQLite's copy leaves a fixed
    column fixed (substExpr skips EP_FixedCol), so it does not take the affinity of a
    compound's SELECT there. A BETWEEN's halves are walked as the one term they are to
    SQLite, not as comparisons: its x keeps reading a BLOB column."""
    fixed = _constants(terms) if len(terms) > 1 else None
    if not fixed:
        return terms
    rewriter = _Rewriter(fixed, flexible)
    found = []
    for term in _whole_betweens(terms):
        rewriter.memo = {}
        found += conjuncts(rewriter.walk(term))
    return found


def _whole_betweens(terms: list) -> list:
    """``terms`` with the two halves the binder made of each BETWEEN joined again."""
    highs = {id(low): high for low, high in between_halves(terms)}
    if not highs:
        return terms
    lows = {id(high) for high in highs.values()}
    return [b.Binary("and", t, highs[id(t)]) if id(t) in highs else t
            for t in terms if id(t) not in lows]


def _terms(expr) -> list:
    """The AND-connected terms of ``expr``, a BETWEEN (an AND of its halves here) whole."""
    if expr is None:
        return []
    if isinstance(expr, b.Binary) and expr.op == "and" and not is_between(expr):
        return _terms(expr.left) + _terms(expr.right)
    return [expr]


# -- finding the constants ----------------------------------------------------------------
def _constants(terms: list) -> dict:
    """{(slot, column): (the defining ColumnRef, the constant)}, in SQLite's order."""
    fixed: dict = {}
    for term in reversed(terms):
        found = column_equals_constant(term)
        if found is not None:
            column, value = found
            fixed.setdefault((column.slot, column.column), (column, value))
    return fixed


def column_equals_constant(term):
    """(column, constant) when ``term`` is ``column = constant`` as SQLite's
    findConstInWhere takes it, else None."""
    if isinstance(term, b.InList) and not term.negated and len(term.items) == 1:
        column, value, collation, value_affinity = term.operand, term.items[0], \
            term.collation, None
    elif isinstance(term, b.Compare) and term.op == "eq" and not term.from_row:
        # (a piece of a row comparison: SQLite propagates before splitting one)
        if isinstance(term.right, b.ColumnRef) and _constant(term.left):
            column, value, value_affinity = term.right, term.left, term.left_affinity
        else:
            column, value, value_affinity = term.left, term.right, term.right_affinity
        collation = term.collation
    else:
        return None
    if not isinstance(column, b.ColumnRef) or not _constant(value) or value_affinity is not None:
        return None
    if collation != "BINARY":
        collation_key(collation)    # SQLite's constInsert looks it up: an unknown one is its error
        return None
    return column, value


def _constant(expr) -> bool:
    """SQLite's sqlite3ExprIsConstant (parameters count, NEW/OLD of a trigger do not),
    and not able to return a subtype (sqlite3ExprCanReturnSubtype)."""
    return is_constant(expr, params=True) and not _reads_trigger_row(expr) \
        and not _can_return_subtype(expr)


def _can_return_subtype(expr) -> bool:
    """A call of a function that may give its result a subtype, at the top of ``expr`` or
    among the arguments of the calls there (any other operator ends the walk):
    ``json_extract(...)`` and ``abs(json('1'))`` may, ``json('1') || ''`` may not."""
    if not isinstance(expr, b.Function):
        return False
    return expr.name in RESULT_SUBTYPE_FUNCTIONS or any(_can_return_subtype(a)
                                                        for a in expr.args)


def _reads_trigger_row(expr) -> bool:
    return isinstance(expr, b.TriggerColumn) or any(_reads_trigger_row(c)
                                                    for c in children(expr))


# -- replacing the columns ----------------------------------------------------------------
def _blob(column: b.ColumnRef) -> bool:
    """Whether SQLite's constInsert counts ``column`` as of BLOB affinity: BLOB or none at
    all (``<= SQLITE_AFF_BLOB``), as a compound subquery's column of literals has."""
    return column.affinity is None or column.affinity == "BLOB"


class _Rewriter:
    """Replaces the fixed columns of one term at a time, SQLite's walker over the WHERE."""

    def __init__(self, fixed: dict, flexible=frozenset()):
        self.fixed = fixed
        self.flexible = flexible
        self.converts = False       # a FLEXNUM column fixed in the term being walked
        self.blob = any(_blob(col) for col, _ in fixed.values())
        self.memo: dict = {}

    def term(self, expr):
        """``expr`` rewritten -- if it then calls a function or matches a pattern, or
        still reads a table (``t.b = u.x`` of ``u.x = 5`` reads t alone, searches it by 5
        and is tested in its loop, as in SQLite). A term left reading no table that calls
        nothing cannot raise, so reading the row's value (the constant, for every row the
        fixing term passes) answers alike, and its shape stays for the planner (a partial
        index's WHERE ``a > 0`` is implied by the term ``a > 0`` of ``a = 1 AND a > 0``,
        as SQLite's comparison of expressions still sees the column there). Not with a
        FLEXNUM column fixed, whose constant may not be the row's value (1.0, 1)."""
        self.memo = {}          # a node shared inside a term (BETWEEN's x) stays shared
        self.converts = False
        new = self.walk(expr)
        return new if _calls_something(new) or slots_of(new) or self.converts else expr

    def terms(self, expr) -> list:
        """``expr`` as ``term`` leaves it -- preceded by its rewritten copy when that
        reads no table: SQLite then tests it before the loops, where a false one ends the
        query before any other term runs (``a > 1 AND f() AND a = 1``: f never runs)."""
        if self._untouched(expr):
            return [expr]
        kept = self.term(expr)
        if kept is expr:
            copy = self.walk(expr)
            if copy is not expr and not slots_of(copy):
                _mark_constant(expr)
                return [copy, expr]
        return [kept]

    def _untouched(self, expr) -> bool:
        """Whether ``expr`` is a comparison of columns and literals of which no column is
        replaced (the column that fixes a value keeps reading it): the walk would give it
        back as it is, so it is not walked. Most of a long join's terms (``a51 = b31``
        beside ``a29 = 6``) are such; the walk's field-by-field copy cost them the most."""
        if expr.__class__ is not b.Compare:
            return False
        fixed = self.fixed
        for side in (expr.left, expr.right):
            if isinstance(side, b.ColumnRef):
                entry = fixed.get((side.slot, side.column))
                if entry is not None and entry[0] is not side:
                    return False
            elif not isinstance(side, b.Literal):
                return False
        return True

    def walk(self, expr):
        done = self.memo.get(id(expr))
        if done is not None:
            return done
        if isinstance(expr, b.ColumnRef):
            new = self.one(expr, self.blob)
        elif isinstance(expr, b.Binary) and is_between(expr):
            new = self._between(expr)
        elif self.blob and _comparison(expr):
            new = self._comparison(expr)
        else:
            new = self._parts(expr)
        self.memo[id(expr)] = new
        return new

    def one(self, column: b.ColumnRef, skip_blob: bool):
        entry = self.fixed.get((column.slot, column.column))
        if entry is None or entry[0] is column or skip_blob and _blob(entry[0]):
            return column
        if (column.slot, column.column) in self.flexible:
            self.converts = True        # the row's value may be 1 where the constant is 1.0
            return b.Fixed(entry[1], "FLEXNUM", column.name)
        return b.Fixed(entry[1], column.affinity, column.name)

    def _comparison(self, expr):
        """Under a BLOB column's constant: the operands of a comparison are replaced
        whatever their affinity, the right one only beside a left operand not TEXT."""
        if isinstance(expr, b.InList):
            left, right, left_affinity = expr.operand, expr.items[0], expr.affinity
        else:
            left, right, left_affinity = expr.left, expr.right, expr.left_affinity
        new_left = self.one(left, False) if isinstance(left, b.ColumnRef) else self.walk(left)
        if isinstance(right, b.ColumnRef) and left_affinity != "TEXT":
            new_right = self.one(right, False)
        else:
            new_right = self.walk(right)
        if new_left is left and new_right is right:
            return expr
        if isinstance(expr, b.InList):
            return dataclasses.replace(expr, operand=new_left, items=(new_right,))
        return dataclasses.replace(expr, left=new_left, right=new_right)

    def _between(self, expr):
        """``x BETWEEN y AND z`` (``x >= y AND x <= z`` sharing x) is one node to SQLite,
        not a comparison: x is replaced as any other column is."""
        low, high = expr.left, expr.right
        x, y, z = self.walk(low.left), self.walk(low.right), self.walk(high.right)
        if x is low.left and y is low.right and z is high.right:
            return expr
        return b.Binary("and", dataclasses.replace(low, left=x, right=y),
                        dataclasses.replace(high, left=x, right=z))

    def _parts(self, expr):
        """``expr`` with its sub-expressions walked; subqueries' bodies are left alone."""
        if isinstance(expr, (b.Exists, b.ScalarSubquery)):
            return expr
        changes = {}
        for f in dataclasses.fields(expr):
            value = getattr(expr, f.name)
            new = self._mapped(value)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(expr, **changes) if changes else expr

    def _mapped(self, value):
        if isinstance(value, b.Expr):
            return self.walk(value)
        if isinstance(value, tuple):
            new = tuple(self._mapped(v) for v in value)
            return new if any(n is not v for n, v in zip(new, value)) else value
        return value


def _mark_constant(expr) -> None:
    """Notes on the kept term (and a BETWEEN's halves, which the planner meets apart)
    that it reads no table to SQLite's planner (``constant_to_planner``)."""
    object.__setattr__(expr, "_propagated_constant", True)
    if isinstance(expr, b.Binary) and is_between(expr):
        _mark_constant(expr.left)
        _mark_constant(expr.right)


def constant_to_planner(conjunct) -> bool:
    """Whether SQLite's propagation left ``conjunct`` reading no table (``a > 0`` of ``a
    = 1 AND a > 0``): RowanDB still tests its original shape per row, its constant copy
    once before the loops, but SQLite's planner counts it for no table's rows
    (whereLoopOutputAdjust skips a term of no prerequisite)."""
    return getattr(conjunct, "_propagated_constant", False)


def _calls_something(expr) -> bool:
    """Whether ``expr`` calls a function or matches LIKE/GLOB (what may raise). Kept on
    each node (``kept_any``): a BETWEEN shares its x between its halves, so nested ones
    would be walked again and again."""
    return kept_any(expr, "_calls_something", _CALL_VERDICTS, _call_parts)


_CALL_VERDICTS = (((b.Function, b.Like), True),)


def _call_parts(expr) -> tuple:
    return (expr.operand,) if isinstance(expr, b.InSubquery) else children(expr)


def _comparison(expr) -> bool:
    """=, <, <=, >, >= or IS to SQLite (a one-value IN is = there)."""
    if isinstance(expr, b.Compare):
        return expr.op in _COMPARISONS
    return isinstance(expr, b.InList) and len(expr.items) == 1


# -- the ON clauses of the FROM clause -----------------------------------------------------
def _has_right_join(node) -> bool:
    while isinstance(node, L.Join):
        if node.kind in ("right", "full"):
            return True
        node = node.left
    return False


def _on_terms(node) -> list:
    """The ON conjuncts SQLite has appended to WHERE (inner joins, left to right)."""
    if isinstance(node, L.Join):
        own = _terms(node.condition) if node.kind == "inner" else []
        return _on_terms(node.left) + own
    return _terms(node.predicate) if isinstance(node, L.Filter) else []


def _rewrite_on(node, rewriter: _Rewriter):
    if isinstance(node, L.Join):
        left = _rewrite_on(node.left, rewriter)
        condition = node.condition
        if node.kind == "inner" and condition is not None:
            condition = _rewritten(condition, rewriter)
        if left is node.left and condition is node.condition:
            return node
        return dataclasses.replace(node, left=left, condition=condition)
    if isinstance(node, L.Filter):
        predicate = _rewritten(node.predicate, rewriter)
        return node if predicate is node.predicate else L.Filter(node.child, predicate)
    return node


def _rewritten(expr, rewriter: _Rewriter):
    parts = _terms(expr)
    new = [n for t in parts for n in rewriter.terms(t)]
    return expr if len(new) == len(parts) and all(n is o for n, o in zip(new, parts)) \
        else conjoin(new)
