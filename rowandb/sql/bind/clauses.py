"""Literals that SQLite reads as more than values when it prepares a statement.

A term of ORDER BY or GROUP BY that is an integer literal (sqlite3ExprIsInteger: it fits in
32 bits, maybe under parentheses and a unary sign) names a result column by number, and one
out of range is an error naming the term by its ordinal; any other constant is just an
expression. A result alias of an aggregate cannot stand where no aggregate may. The second
argument of likelihood() must be a REAL literal between 0.0 and 1.0.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.plan.analysis import children
from ...planner.types.values import number_literal
from ..parse.dialect import UNARY_PLUS


def column_number(node) -> int | None:
    """The column number an ORDER BY / GROUP BY term gives, if it is one: an integer
    literal that fits in 32 bits, under parentheses and unary +/- (sqlite3ExprIsInteger;
    so -1 and 0 are out of range, while 1.0, '1' and 2147483648 are constants)."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Neg):
        inner = column_number(node.this)
        return None if inner is None else -inner
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        value = int(node.this)
        return value if value <= 2147483647 else None
    return None


def check_position(n: int, k: int, clause: str, count: int) -> None:
    if not 1 <= n <= count:
        raise OperationalError(f"{ordinal(k + 1)} {clause} term out of range - should be "
                               f"between 1 and {count}")


def numbered_column(columns: list, n: int, k: int, clause: str):
    """Result column ``n``, which ORDER BY / GROUP BY term ``k`` names. A number below 1
    or above 65535 is an error at once, as SQLite resolves the terms in order
    (resolve.c resolveOrderGroupBy); one past the last column is a NULL standing in for
    it here, refused once every term is resolved (``numbers_past_last``) -- unless the
    query is an ALTER's check of its own text (folds.checking_own_text)."""
    if not 1 <= n <= 0xFFFF:
        check_position(n, k, clause, len(columns))
    return b.Literal(None) if n > len(columns) else columns[n - 1]


def misused_alias(aliased: b.Expr, select: b.Select, last: bool = False) -> OperationalError:
    """The error for a result alias of an aggregate where no aggregate may stand: SQLite
    names the aggregate function ("misuse of aggregate: count()") -- its first one, or
    with ``last`` its last one (the code generator's message, each replacing the one
    before)."""
    found, stack = [], [aliased]
    while stack:
        top = stack.pop()
        if isinstance(top, b.AggregateRef):
            found.append(top)
        else:
            stack.extend(reversed(children(top)))
    ref = found[-1 if last else 0] if found else None
    name = select.aggregates[ref.index].written if ref is not None and select is not None else "?"
    return OperationalError(f"misuse of aggregate: {name}()")


def bare_collate(node):
    """``node`` without the parentheses around a COLLATE (SQLite keeps no node for them,
    so ``(1 COLLATE NOCASE)`` in ORDER BY is still column 1)."""
    while isinstance(node, exp.Paren) and isinstance(node.this, exp.Collate) and \
            not node.meta.get(UNARY_PLUS):
        node = node.this
    return node

def converted(top) -> bool:
    """Whether SQLite runs compound ``top`` as ``SELECT * FROM (compound) ORDER BY ...
    LIMIT ...`` (select.c, convertCompoundSelectToSubquery, before any table is looked
    up): a term of its ORDER BY has a COLLATE and an operator is not UNION ALL."""
    order = top.args.get("order")
    if order is None or not any(isinstance(bare_collate(item.this), exp.Collate)
                                for item in order.expressions):
        return False
    node = top
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        if not isinstance(node, exp.Union) or node.args.get("distinct"):
            return True
        node = node.this
    return False



def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


PROBABILITY_ERROR = "second argument to likelihood() must be a constant between 0.0 and 1.0"


def check_probability(node, deferred: list | None = None) -> None:
    """likelihood(X, Y): Y must be written as a REAL literal (a point or an exponent, no
    sign, so no unary plus) no greater than 1.0, whatever X is and whether or not any row
    is read. The error is noted in ``deferred`` when that is a list (a later row of a
    VALUES list bound again, values_arms.bind_row_values), else raised."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    text = node.this if isinstance(node, exp.Literal) and not node.is_string else ""
    value = number_literal(text) if any(c in text for c in ".eE") else None
    if value is None or value > 1.0:
        if deferred is None:
            raise OperationalError(PROBABILITY_ERROR)
        deferred.append(PROBABILITY_ERROR)


def refuse_inner_order_limit(top) -> None:
    """Only the last SELECT of a compound may have ORDER BY or LIMIT (they belong to the
    whole compound). SQLite's parser looks from the right and names the operator after the
    offending SELECT; sqlglot hangs such a clause on the arm or on the inner compound."""
    level = top
    while isinstance(level, (exp.Union, exp.Intersect, exp.Except)):
        left = level.this                       # its last SELECT is the one before level's op
        while isinstance(left, exp.Subquery):   # sqlglot's grouping of A UNION B INTERSECT C
            left = left.this
        last = left.expression if isinstance(left, (exp.Union, exp.Intersect, exp.Except)) \
            else left
        clause = next((c for c, key in (("ORDER BY", "order"), ("LIMIT", "limit"))
                       for part in (left, last) if part.args.get(key) is not None), None)
        if clause is not None:
            op = {exp.Union: "UNION", exp.Intersect: "INTERSECT", exp.Except: "EXCEPT"}[type(level)]
            if op == "UNION" and not level.args.get("distinct"):
                op = "UNION ALL"
            raise OperationalError(f"{clause} clause should come after {op} not before")
        level = left


def numbers_past_last(terms, count: int, clause: str) -> None:
    """SQLite refuses ORDER BY / GROUP BY numbers past the last result column once every
    term is resolved (sqlite3ResolveOrderGroupBy, after resolveOrderGroupBy): ``ORDER BY
    9, nosuch`` is 'no such column: nosuch', ``GROUP BY 100, 0`` names the 2nd (refused
    as it is met: ``numbered_column``)."""
    for k, term in enumerate(terms):
        while isinstance(term, (exp.Collate, exp.Paren)):
            term = term.this
        n = column_number(term)
        if n is not None:
            check_position(n, k, clause, count)
