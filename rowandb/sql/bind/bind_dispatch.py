"""Which function binds a node of each sqlglot class: one table lookup per node.

``Binder._walk`` binds every node of every expression, about fifty per statement of the
sqllogictest corpus. It used to try three tables in turn (``bind_expr.HANDLERS``, the
binary operators, the comparisons) and then an isinstance chain (functions, FILTER,
windows). Here each class's binding function is found once, the first time a node of it
is met, by exactly those rules in that order, and kept by class (``_BY_CLASS``): later
nodes cost one dict lookup. The binary operators and comparisons are bound here too.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import NotSupportedError
from ...planner.plan import bound as b
from . import bind_rows
from .bind_expr import HANDLERS, bare_name, name_first, null_test, split_term
from .bind_window import bind_window
from ..parse.folds import analyzed_term, in_outer_on, parse_truth, truth_constant, where_term
from .properties import affinity_of, comparison_collation, known_collation

_BINARY_OPS = {
    exp.Add: "add", exp.Sub: "sub", exp.Mul: "mul", exp.Div: "div", exp.Mod: "mod",
    exp.DPipe: "concat", exp.BitwiseAnd: "bitand", exp.BitwiseOr: "bitor",
    exp.BitwiseLeftShift: "shl", exp.BitwiseRightShift: "shr", exp.And: "and", exp.Or: "or",
}
_COMPARE_OPS = {
    exp.EQ: "eq", exp.NEQ: "ne", exp.LT: "lt", exp.LTE: "le", exp.GT: "gt", exp.GTE: "ge",
    exp.NullSafeEQ: "is", exp.NullSafeNEQ: "isnot",
}
# the classes of nodes ``always_true``/``always_false`` may say yes of (under parentheses:
# a literal, TRUE/FALSE, the NOT of ``x NOT IN ()``, ``f(x) IN ()``): an operand of another
# class is neither, and the test is not made
_TRUTH_CANDIDATES = frozenset({exp.Paren, exp.Literal, exp.Boolean, exp.Not, exp.And, exp.Or,
                               exp.In})


def handler_for(cls):
    """The function binding a node of class ``cls`` (``binder, node, scope -> bound``)."""
    handler = _BY_CLASS.get(cls)
    if handler is None:
        handler = _BY_CLASS[cls] = _find(cls)
    return handler


def _find(cls):
    """The rules ``Binder._walk`` follows, in their order: a handler of bind_expr, a
    binary operator, a comparison (each by exact class), then a function, FILTER, a
    window; anything else is not supported."""
    if cls in HANDLERS:
        return HANDLERS[cls]
    if cls in _BINARY_OPS:
        return _connective(_BINARY_OPS[cls]) if cls in (exp.And, exp.Or) else \
            _binary(_BINARY_OPS[cls])
    if cls in _COMPARE_OPS:
        op = _COMPARE_OPS[cls]
        return _is_compare(op) if op in ("is", "isnot") else _compare(op)
    if issubclass(cls, exp.Func):
        return _function
    if issubclass(cls, exp.Filter):         # f(...) FILTER (WHERE c) without OVER
        return _filtered
    if issubclass(cls, exp.Window):
        return bind_window
    return _unsupported


_BY_CLASS: dict = {}


def _binary(op: str):
    def bind(binder, node, scope):
        return b.Binary(op, binder.expr(node.this, scope), binder.expr(node.expression, scope))
    return bind


def _connective(op: str):
    """AND / OR: SQLite codes ``x OR y`` as 1 when a side simplifies to true as parsed,
    ``x AND y`` as 0 when one simplifies to false (unless it splits the AND into terms of
    their own), neither side run -- never inside the ON of an outer join (folds.py)."""
    decides = 1 if op == "or" else 0        # parse_truth of a side that decides
    candidates = _TRUTH_CANDIDATES

    def bind(binder, node, scope):
        this, that = node.this, node.expression
        left, right = binder.expr(this, scope), binder.expr(that, scope)
        truths = binder.truths
        folds = (this.__class__ in candidates and parse_truth(this, truths) == decides or
                 that.__class__ in candidates and parse_truth(that, truths) == decides) \
            and (op == "or" or not split_term(node, (left, right)))
        # in_outer_on walks up to the clause: asked only where the answer is read (in a
        # chain of n ORs, asking at every link walked n * n / 2 nodes)
        if folds and not in_outer_on(node):
            # SQLite folds x AND 0 as it parses, x OR 1 only as it codes it
            folded = b.FoldedOr(1, (left, right)) if op == "or" else b.Literal(0)
            if scope.select is not None:        # still read, to SQLite's colUsed
                scope.select.folded += (left, right)
                scope.select.unfolded[id(folded)] = (folded, b.Binary(op, left, right))
            return folded
        if op == "or" and where_term(node) and not in_outer_on(node):
            row = _row_or_false(this, that, left, right, candidates, truths)
            if row is not None:
                return row
        if op == "or" and (_zero(left) or _zero(right)) and _or_term(node) and \
                not in_outer_on(node):
            left, right = _marked_false(this, left, truths), _marked_false(that, right, truths)
        binary = b.Binary(op, left, right)
        if folds and scope.select is not None:  # folded if the join is made inner
            scope.select.on_folds[id(binary)] = (binary, b.Literal(decides))
        return binary
    return bind


def _row_or_false(this, that, left, right, candidates, truths: dict):
    """``(a, b) = (x, y) OR 0``, a WHERE or ON term: SQLite simplifies it to the row
    comparison before its WHERE analysis splits that (sqlite3ExprSimplifiedAndOr), so
    the row comparison, else None. (As a term its truth is the same.)"""
    for node, kept in ((that, left), (this, right)):
        if isinstance(kept, b.RowCompare) and node.__class__ in candidates and \
                parse_truth(node, truths) == 0:
            return kept
    return None


def _or_term(node) -> bool:
    """Whether an OR is a WHERE, ON or HAVING term, or an OR inside one."""
    while isinstance(node.parent, (exp.Or, exp.Paren)):
        node = node.parent
    return where_term(node)


def _zero(bound) -> bool:
    return type(bound) is b.Literal and type(bound.value) in (int, bool) and bound.value == 0


def _marked_false(node, bound, truths: dict):
    """``bound`` as a ``ParsedFalse`` where it is the 0 of ``node`` false as parsed (an
    OR side SQLite's WHERE analysis drops), else ``bound``."""
    if _zero(bound) and node.__class__ in _TRUTH_CANDIDATES and parse_truth(node, truths) == 0:
        return b.ParsedFalse(0)
    return bound


def compare(op: str, left, right) -> b.Compare | b.RowCompare:
    """The comparison ``left op right`` of two bound operands (``Binder._compare``)."""
    if left.__class__ is b.ColumnRef and right.__class__ is b.Literal:
        # the corpus's commonest comparison, ``column op literal``: what the general rules
        # below give it, worked out directly (the column's collation, looked up; its
        # affinity; a literal has neither). BINARY, the commonest, is built in: no look-up
        collation = left.collation
        if collation != "BINARY":
            collation = known_collation(collation or None) or "BINARY"
        return b.Compare(op, left, right, collation, left.affinity, None)
    if bind_rows.is_row(left) or bind_rows.is_row(right):
        return bind_rows.compare(op, left, right)
    return b.Compare(op, left, right,
                     comparison_collation(left, right, not _may_seek(op, left, right)),
                     affinity_of(left), affinity_of(right))


_SEEKS = frozenset(("eq", "lt", "le", "gt", "ge", "is"))


def _may_seek(op: str, left, right) -> bool:
    """Whether ``left op right`` may be a seek of the rowid (an INTEGER column on the left,
    its COLLATE aside), which SQLite codes without looking the comparison's collation
    up: an unknown one is then the planner's to refuse where it tests the term
    (``exec/expressions``, ``optimizer/choose_index``), not the binder's. Not with a
    column on the right: SQLite's WHERE analysis commutes such a term, which asks."""
    if op not in _SEEKS:
        return False
    left, right = _bare(left), _bare(right)
    return left.__class__ is b.ColumnRef and left.affinity == "INTEGER" and \
        right.__class__ is not b.ColumnRef


def _bare(expr):
    while expr.__class__ is b.Collate:
        expr = expr.operand
    return expr


def _compare(op: str):
    literal = HANDLERS[exp.Literal]

    def bind(binder, node, scope):
        this, that = node.this, node.expression
        if this.__class__ is exp.Column and that.__class__ is exp.Literal and \
                binder._walking and binder.pending is None:
            # ``column op literal``: its operands bound as ``Binder._walk`` would bind
            # them, without the walk's steps (no error waits, so none is raised first)
            bound = binder._compare(op, binder.column(this, scope), literal(binder, that, scope))
        else:
            left, right = binder.expr(this, scope), binder.expr(that, scope)
            bound = bind_rows.coded_as_values(binder, op, left, right, analyzed_term(node)) or \
                binder._compare(op, left, right)
        if isinstance(bound, b.RowCompare) and where_term(node):
            return bind_rows.where_term(bound)
        return bound
    return bind


def _is_compare(op: str):
    """``x IS y`` / ``x IS NOT y`` written as IS [NOT] DISTINCT FROM or <=>."""
    def bind(binder, node, scope):
        if isinstance(node.expression, exp.Null):
            return null_test(binder, node.this, scope, op == "isnot")
        truth = truth_constant(node.expression)
        if truth is not None:           # x IS (y NOT IN ()) is x IS TRUE (folds.py)
            return b.Unary(op + ("true" if truth else "false"), binder.expr(node.this, scope))
        if bare_name(node.expression):     # under a COLLATE too (SkipCollateAndLikely)
            right = name_first(binder, node.expression, scope)    # SQLite resolves it first
            left = binder.expr(node.this, scope)
            return bind_rows.coded_as_values(binder, op, left, right, analyzed_term(node)) or \
                binder._compare(op, left, right)
        return _compare(op)(binder, node, scope)
    return bind


def _function(binder, node, scope):
    return binder._function(node, scope)


def _filtered(binder, node, scope):
    return binder._function(node.this, scope, node.expression.this)


def _unsupported(binder, node, scope):
    raise NotSupportedError(f"unsupported SQL expression: {node.sql(dialect='sqlite')}")
