"""Result column names as SQLite gives them.

SQLite names an unaliased result column after its text as written (``count(*)``, not
sqlglot's ``COUNT(*)``), and a bare column, even in parentheses, after the column. The
parser keeps the text of every result item (``Parsed.select_texts``, one list per SELECT
keyword in text order, and ``Parsed.returning_texts``); ``in_text_order`` lines the
SELECT nodes of sqlglot's tree up with those keywords.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..planner.plan import bound as b

_CLAUSE_ORDER = {key: i for i, key in enumerate(
    ("with_", "this", "expressions", "from_", "joins", "where", "group", "having", "windows",
     "expression", "order", "limit", "offset", "returning"))}


def in_text_order(tree) -> list:
    """Every node of ``tree`` in the order its text comes (depth first, a SELECT's clauses
    and a compound's sides in the order they are written), so the n-th SELECT node is the
    n-th SELECT keyword of the text."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        children = sorted(((_CLAUSE_ORDER.get(key, len(_CLAUSE_ORDER)), k, value)
                           for k, (key, value) in enumerate(node.args.items())
                           if value is not None), key=lambda c: c[:2])
        nested = []
        for _, _, value in children:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, exp.Expression):
                    nested.append(item)
        stack.extend(reversed(nested))
    return out


def result_column_name(expr: b.Expr, node, text: str | None) -> str:
    inner = node
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if isinstance(inner, exp.Column) and isinstance(expr, b.ColumnRef):
        return expr.name
    if text is not None:
        return text
    return node.sql(dialect="sqlite")
