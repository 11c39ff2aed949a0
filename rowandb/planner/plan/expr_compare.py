"""Comparing bound expressions the way SQLite's sqlite3ExprCompare and
sqlite3ExprImpliesExpr do, for partial indexes and indexes on expressions.

An index's WHERE and expressions are bound against its table's row in slot 0
(rowandb/sql/bind/index_forms.py); a query reads the same table in a slot of its own. ``same``
says whether two expressions are the same expression, the columns of ``slot_a`` in one
standing for those of ``slot_b`` in the other. ``implies`` says whether a query's WHERE
conjuncts make an index's WHERE true (so every row the query wants is in the index):
each AND-term of the index's WHERE must be one of the conjuncts, or an OR one side of
which is, or ``x IS NOT NULL`` / ``x NOTNULL`` where a conjunct can be true only when x
is not NULL, as SQLite's exprImpliesNotNull decides it (expr.c): ``x IS NOT NULL``
itself, a LIKE of x given range terms by SQLite's LIKE optimization, or a walk through comparisons, arithmetic, concatenation, NOT and
IN down to x (``NULL || (NULL < x)`` implies it).
"""

from __future__ import annotations

import dataclasses
import re

from . import bound as b


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
               for f in dataclasses.fields(a) if f.compare)


def split_and(expr) -> list:
    """The AND-terms of an expression."""
    if isinstance(expr, b.Binary) and expr.op == "and":
        return split_and(expr.left) + split_and(expr.right)
    return [expr]


def implies(conjuncts, index_where, slot: int) -> bool:
    """Whether the query's WHERE ``conjuncts`` (reading the table in ``slot``) make the
    index's WHERE (bound at slot 0) true."""
    conjuncts = [or_false_taken(c) for c in conjuncts]
    return all(any(_implies_one(c, term, slot) for c in conjuncts)
               for term in split_and(index_where))


def or_false_taken(conjunct):
    """``x OR 0`` (either way round) as x, as SQLite's WHERE analysis reads such a term
    (sqlite3ExprSimplifiedAndOr; the binder marks that 0 a ``ParsedFalse``)."""
    while isinstance(conjunct, b.Binary) and conjunct.op == "or":
        if isinstance(conjunct.left, b.ParsedFalse):
            conjunct = conjunct.right
        elif isinstance(conjunct.right, b.ParsedFalse):
            conjunct = conjunct.left
        else:
            break
    return conjunct


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


def _not_null(conjunct, operand, slot: int) -> bool:
    """Whether ``conjunct`` being true means ``operand`` (index side) is not NULL: ``x IS
    NOT NULL`` and ``x NOTNULL`` of that very operand, a LIKE or GLOB of it (through the
    range terms SQLite's LIKE optimization adds), else SQLite's walk (``_implies_not_null``)."""
    operand = _bare(operand)
    if isinstance(conjunct, b.Compare) and conjunct.op == "isnot" and \
            isinstance(conjunct.right, b.Literal) and conjunct.right.value is None:
        return same(_bare(conjunct.left), operand, slot, 0)
    if isinstance(conjunct, b.Unary) and conjunct.op == "notnull":
        return same(_bare(conjunct.operand), operand, slot, 0)
    if isinstance(conjunct, b.Like) and not conjunct.negated:
        return _has_range_terms(conjunct) and \
            _implies_not_null(conjunct.operand, operand, slot, True)
    return _implies_not_null(conjunct, operand, slot, False)


_WILDCARDS = {"like": "%_", "glob": "*?["}
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _has_range_terms(like) -> bool:
    """Whether SQLite's LIKE optimization gives ``like`` the range terms ``x >= prefix``
    and ``x < prefix'`` (whereexpr.c isLikeOrGlob), which are what imply x NOT NULL: a
    text literal pattern opening with a character that is no wildcard, an ESCAPE (if
    any) of one character that is no wildcard either, and a prefix that does not look
    like a number unless x is a column of TEXT affinity."""
    pattern, escape = like.pattern, like.escape
    if not isinstance(pattern, b.Literal) or not isinstance(pattern.value, str):
        return False
    wildcards = _WILDCARDS[like.op]
    if escape is not None:
        if not isinstance(escape, b.Literal) or not isinstance(escape.value, str) or \
                len(escape.value) != 1 or escape.value in wildcards[:2]:
            return False
        escape = escape.value
    text, count, prefix = pattern.value, 0, []
    while count < len(text) and text[count] not in wildcards:
        count += 1
        if text[count - 1] == escape and count < len(text):
            count += 1
        prefix.append(text[count - 1])
    if not (count > 1 or count > 0 and text[0] != escape):
        return False
    column = _bare(like.operand)
    if isinstance(column, b.ColumnRef) and column.affinity == "TEXT":
        return True
    word = "".join(prefix)
    return not (word == "-" or _NUMBER.fullmatch(word) or
                _NUMBER.fullmatch(word[:-1] + chr(ord(word[-1]) + 1)))


_SEEN_NOT = ("eq", "ne", "lt", "le", "gt", "ge", "add", "sub", "bitor", "shl", "shr", "concat")
_KEEP_NOT = ("mul", "mod", "bitand", "div")


def _implies_not_null(expr, operand, slot: int, seen_not: bool) -> bool:
    """SQLite's exprImpliesNotNull (expr.c): whether ``expr`` can be true only when
    ``operand`` is not NULL -- or, once ``seen_not`` (under a NOT, or inside a comparison
    or an operator whose NULL operand makes it NULL), can be non-NULL only then. It looks
    through comparisons and arithmetic (the right operand first), COLLATE, unary + and -,
    NOT, ~, IN (never into a subquery under a NOT) and ``IS TRUE``/``IS FALSE``."""
    if same(expr, operand, slot, 0):
        return True
    if isinstance(expr, (b.Compare, b.Binary)) and expr.op in _SEEN_NOT + _KEEP_NOT:
        seen_not = seen_not or expr.op in _SEEN_NOT
        return _implies_not_null(expr.right, operand, slot, seen_not) or \
            _implies_not_null(expr.left, operand, slot, seen_not)
    if isinstance(expr, b.Collate) or isinstance(expr, b.Unary) and expr.op in ("pos", "neg"):
        return _implies_not_null(expr.operand, operand, slot, seen_not)
    if isinstance(expr, b.Unary) and expr.op in ("not", "bitnot"):
        return _implies_not_null(expr.operand, operand, slot, True)
    if isinstance(expr, b.Unary) and expr.op in ("istrue", "isfalse"):
        return not seen_not and _implies_not_null(expr.operand, operand, slot, True)
    if isinstance(expr, b.InList) and expr.items or \
            isinstance(expr, b.InSubquery) and not (seen_not or expr.negated):
        return _implies_not_null(expr.operand, operand, slot, True)
    return False


def _bare(expr):
    return expr.operand if isinstance(expr, b.Collate) else expr
