"""Comparing bound expressions the way SQLite's sqlite3ExprCompare and
sqlite3ExprImpliesExpr do, for partial indexes and indexes on expressions.

An index's WHERE and expressions are bound against its table's row in slot 0
(rowandb/sql/index_forms.py); a query reads the same table in a slot of its own. ``same``
says whether two expressions are the same expression, the columns of ``slot_a`` in one
standing for those of ``slot_b`` in the other. ``implies`` says whether a query's WHERE
conjuncts make an index's WHERE true (so every row the query wants is in the index):
each AND-term of the index's WHERE must be one of the conjuncts, or an OR one side of
which is, or ``x IS NOT NULL`` / ``x NOTNULL`` where a conjunct compares ``x`` with
=, <, <=, >, >=, <>, IS NOT NULL, LIKE or IN (each false or NULL when x is NULL),
or an arithmetic, concatenation or unary expression of x -- or the conjunct is itself
such an expression of x, or NOT one (true, so not NULL: expr.c exprImpliesNotNull
compares the term with x before looking inside it).
"""

from __future__ import annotations

import dataclasses

from . import bound as b

_NULL_REJECTING = ("eq", "ne", "lt", "le", "gt", "ge")


def same(a, b_, slot_a: int | None, slot_b: int | None) -> bool:
    """Whether ``a`` (reading ``slot_a``) and ``b_`` (reading ``slot_b``) are the same
    expression: the same node types, operators, literals (value and type), functions,
    collations, and the same columns of their tables. With both slots None, two
    expressions of one query: the same columns of the same FROM items."""
    if type(a) is not type(b_):
        return False
    if isinstance(a, b.ColumnRef):
        if slot_a is None:
            return a.slot == b_.slot and a.column == b_.column
        return a.slot == slot_a and b_.slot == slot_b and a.column == b_.column
    if isinstance(a, b.Literal):
        return type(a.value) is type(b_.value) and a.value == b_.value
    if isinstance(a, (tuple, list)):
        return len(a) == len(b_) and all(same(x, y, slot_a, slot_b) for x, y in zip(a, b_))
    if not dataclasses.is_dataclass(a) or not isinstance(a, b.Expr):
        return a == b_
    if isinstance(a, (b.InSubquery, b.Exists, b.ScalarSubquery)):
        return False
    return all(same(getattr(a, f.name), getattr(b_, f.name), slot_a, slot_b)
               for f in dataclasses.fields(a))


def split_and(expr) -> list:
    """The AND-terms of an expression."""
    if isinstance(expr, b.Binary) and expr.op == "and":
        return split_and(expr.left) + split_and(expr.right)
    return [expr]


def implies(conjuncts, index_where, slot: int) -> bool:
    """Whether the query's WHERE ``conjuncts`` (reading the table in ``slot``) make the
    index's WHERE (bound at slot 0) true."""
    return all(any(_implies_one(c, term, slot) for c in conjuncts)
               for term in split_and(index_where))


def _implies_one(conjunct, term, slot: int) -> bool:
    if same(conjunct, term, slot, 0):
        return True
    if isinstance(term, b.Binary) and term.op == "or":
        return _implies_one(conjunct, term.left, slot) or _implies_one(conjunct, term.right, slot)
    if isinstance(term, b.Unary) and term.op == "notnull" or \
            isinstance(term, b.Compare) and term.op == "isnot" and \
            isinstance(term.right, b.Literal) and term.right.value is None:
        return _not_null(conjunct, term.operand if isinstance(term, b.Unary) else term.left,
                         slot)
    return False


def _not_null(conjunct, operand, slot: int, negated: bool = False) -> bool:
    """Whether ``conjunct`` being true (false, when ``negated``: under a NOT) means
    ``operand`` (index side) is not NULL."""
    if isinstance(conjunct, b.Compare) and conjunct.op in _NULL_REJECTING:
        sides = (conjunct.left, conjunct.right)
    elif not negated and isinstance(conjunct, b.Compare) and conjunct.op == "isnot" and \
            isinstance(conjunct.right, b.Literal) and conjunct.right.value is None:
        sides = (conjunct.left,)
    elif not negated and isinstance(conjunct, b.Unary) and conjunct.op == "notnull":
        sides = (conjunct.operand,)
    elif isinstance(conjunct, b.Like) and not conjunct.negated and not negated:
        sides = (conjunct.operand,)     # (its range terms imply it; none under a NOT)
    elif isinstance(conjunct, b.InList):
        sides = (conjunct.operand,) if conjunct.items else ()   # x NOT IN () is true
    elif isinstance(conjunct, b.InSubquery) and not conjunct.negated and not negated:
        sides = (conjunct.operand,)
    elif isinstance(conjunct, b.Unary) and conjunct.op in ("istrue", "isfalse"):
        sides = (conjunct.operand,) if not negated else ()
    elif isinstance(conjunct, b.Unary) and conjunct.op == "not":
        return _not_null(conjunct.operand, operand, slot, True)
    else:
        sides = (conjunct,)             # true (or false) is not NULL: exprImpliesNotNull
    return any(_null_if_null(s, _bare(operand), slot) for s in sides)


def _null_if_null(expr, operand, slot: int) -> bool:
    """Whether ``expr`` is NULL whenever ``operand`` is: it is ``operand``, or arithmetic,
    concatenation or a unary operator over an expression that is."""
    expr = _bare(expr)
    if same(expr, operand, slot, 0):
        return True
    if isinstance(expr, b.Unary) and expr.op in ("neg", "pos", "bitnot", "not"):
        return _null_if_null(expr.operand, operand, slot)
    if isinstance(expr, b.Binary) and expr.op in _NULL_PROPAGATING:
        return _null_if_null(expr.left, operand, slot) or \
            _null_if_null(expr.right, operand, slot)
    return False


_NULL_PROPAGATING = ("add", "sub", "mul", "div", "mod", "concat", "bitand", "bitor", "shl",
                     "shr")


def _bare(expr):
    return expr.operand if isinstance(expr, b.Collate) else expr
