"""A constant row value that SQLite codes apart from the loop: its error comes last.

SQLite codes a constant part of an expression once, apart from the loop (expr.c,
sqlite3ExprCodeRunJustOnce), when it codes that part as an operand: the sides of an
operator (sqlite3ExprCodeTemp), the arguments of a function it calls (not one it codes
in line: coalesce, ifnull, iif, likely), a WHEN condition, an IN list's elements, a
WHERE term or HAVING as a whole. Such a part without a function call is coded with the
other constants when the statement's code is finished (sqlite3FinishCoding), which is
skipped after any error; one with a call is coded at once. A constant call is coded at
once wherever it stands. So a misplaced row in such a part (``WHERE (1, 2)``, ``b + (1,
2)``, ``max(b, (1, 2))``) is 'row value misused' only when nothing else fails as the
query is coded: a subquery's 'no query solution', a DISTINCT aggregate of two arguments,
a row coded in place, come first. A row read where a value is coded in place (a result
column, an ORDER BY term, ``coalesce(b, (1, 2))``, ``abs((1, 2))``) fails where it is
met, and so does any row in the ON of a LEFT or RIGHT JOIN, whose terms SQLite never
counts as constant (sqlite3ExprIsConstantNotJoin); an inner join's ON is part of the
WHERE. Rows that read a column (``(a, 2)``) are coded in the loop, in their turn.
A WHERE or inner ON term that is constant (no column, no subquery: HAVING's too, which
SQLite moves into the WHERE) is coded before the first loop (where.c sqlite3WhereBegin),
so a row it codes in place fails before any subquery of the loops is coded
(``before_loops``: ``WHERE abs((1, 2))`` over an ON's 'no query solution').
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...planner.plan import bound as b
from ...planner.plan.analysis import children, is_constant

# functions SQLite codes in line (expr.c, INLINEFUNC_*): their arguments in place, but
# iif's condition, which is a WHEN's
_IN_LINE = frozenset(("coalesce", "ifnull", "iif", "if", "likely", "unlikely", "likelihood"))


def factored_where(binder, node, bound, error: Exception) -> None:
    """Mark ``error`` (found placing the rows of ``node``, bound as ``bound``) ``factored``
    when SQLite codes its row apart, last (the planner raises it last: plan/build.py)."""
    whole = _coded_whole(node)
    if whole is not None:               # not an outer join's ON: nothing is constant there
        factored(binder, bound, whole, error)
    parent = getattr(node, "parent", None)
    row = getattr(error, "row", None)
    if row is not None and whole and not isinstance(parent, exp.Filter) and \
            not getattr(error, "factored", False):
        term = next((t for t in _terms(bound) if any(e is row for e in _walk(t))), None)
        if term is not None and is_constant(term, params=True):
            error.before_loops = True   # a constant term: coded before the first loop


def _terms(expr) -> list:
    """The AND terms of a WHERE, ON or HAVING clause (where.c whereSplit)."""
    if isinstance(expr, b.Binary) and expr.op == "and":
        return _terms(expr.left) + _terms(expr.right)
    return [expr]


def factored(binder, bound, whole: bool, error: Exception) -> None:
    """Mark ``error``, found placing the rows of ``bound``, ``factored`` when SQLite codes
    its row apart (``whole``: it codes ``bound`` itself as an operand)."""
    row = getattr(error, "row", None)
    if row is not None and binder._coding is not None and \
            id(row) in factored_rows(bound, whole):
        error.factored = True


def apart_rows(binder, node, bound, whole=None) -> set:
    """The ids of the rows of ``bound`` (the clause ``node``'s, or with ``whole`` given a
    function's argument) that SQLite codes apart, last, as ``factored`` counts them."""
    if whole is None:
        whole = _coded_whole(node)
        if whole is None:
            return set()
    return factored_rows(bound, whole)


def _coded_whole(node) -> bool | None:
    """Whether SQLite codes the clause ``node`` as one operand (a WHERE term, an inner
    join's ON, HAVING, FILTER); None for the ON of an outer join."""
    parent = getattr(node, "parent", None)
    if isinstance(parent, exp.Join) and parent.args.get("on") is node:
        return None if parent.args.get("side") else True
    return isinstance(parent, (exp.Where, exp.Having)) or \
        isinstance(parent, exp.Filter) and parent.expression is node


def factored_rows(expr, whole: bool) -> set:
    """The ids of the rows inside ``expr`` that SQLite codes apart, last (``whole``: it
    codes ``expr`` as a condition, each operand of its AND, OR and NOT one too)."""
    found: set = set()
    stack = [(expr, _CONDITION if whole else False)]
    while stack:
        expr, apart = stack.pop()
        if isinstance(expr, (b.ScalarSubquery, b.Exists)):
            continue
        if apart is _CONDITION and (isinstance(expr, b.Binary) and expr.op in ("and", "or")
                                    or isinstance(expr, b.Unary) and expr.op == "not"):
            stack += [(e, _CONDITION) for e in children(expr)]
            continue
        if apart and is_constant(expr, params=True):
            if not _calls(expr):
                found.update(id(e) for e in _walk(expr) if isinstance(e, b.Row))
            continue
        if isinstance(expr, b.Function) and is_constant(expr, params=True):
            continue                    # coded once, at once
        stack += _operands(expr)
    return found


_CONDITION = "condition"        # coded apart, as a jump (expr.c sqlite3ExprIfFalse)


def _operands(expr) -> list:
    """(operand, how it is coded: apart, as a condition, or in place) for each operand of
    ``expr`` SQLite codes as a value."""
    if isinstance(expr, b.Binary):
        return [(expr.left, expr.op not in ("and", "or")), (expr.right, True)]
    if isinstance(expr, (b.Compare, b.Like, b.InList, b.RowCompare)):
        return [(e, True) for e in children(expr)]
    if isinstance(expr, b.Unary):
        return [(expr.operand, expr.op != "pos")]
    if isinstance(expr, b.Function):
        if expr.name in ("iif", "if"):
            return [(a, _CONDITION if k % 2 == 0 and k + 1 < len(expr.args) else False)
                    for k, a in enumerate(expr.args)]
        return [(a, expr.name not in _IN_LINE) for a in expr.args]
    if isinstance(expr, b.Case):
        found = [(when, _CONDITION if expr.operand is None else True) for when, _ in expr.whens]
        return found + [(then, False) for _, then in expr.whens] + \
            ([(expr.default, False)] if expr.default is not None else [])
    if isinstance(expr, (b.Row, b.ScalarSubquery, b.Exists)):
        return []
    return [(e, False) for e in children(expr)]


def _calls(expr) -> bool:
    """Whether ``expr`` calls a function (SQLite's EP_HasFunc: LIKE and GLOB are calls)."""
    return any(isinstance(e, (b.Function, b.Like)) for e in _walk(expr))


def _walk(expr):
    stack = [expr]
    while stack:
        expr = stack.pop()
        yield expr
        stack.extend(children(expr))
