"""Which column reads SQLite makes after a sorter: where json_each's JSON subtype is lost.

json_each's ``value`` hands an array or object over with SQLite's JSON subtype, which
lives in a register and never in a record (exec/json_marks.py). A query with a GROUP BY
puts its rows through a sorter, and one with window functions through an ephemeral
table: its result columns, HAVING, ORDER BY and its aggregates' arguments then read
the columns back from a record, without the subtype -- ``SELECT json_quote(value) FROM
json_each('[[1]]') GROUP BY NULL`` is '"[1]"' -- while its WHERE, its ON clauses and its
GROUP BY terms read them before (sql/bind/scope.py ``after_sorter``, ``ColumnRef.after_sorter``).
A result expression that is a GROUP BY term is that term's value, computed before the
sorter (select.c, the AggInfo's GROUP BY columns): the columns inside it keep the subtype
(``keys_before_sorter``). A GROUP BY that SQLite's loops deliver in order needs no sorter
(``WHERE t.a = 1 ... GROUP BY t.a``); RowanDB does not tell those apart.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...planner.plan import bound as b
from ...planner.plan.analysis import children
from ...planner.plan.expr_compare import same
from ..parse.tree_walk import children as node_children


def has_own_window(node: exp.Select, parsed=None) -> bool:
    """Whether the result columns or ORDER BY of the SELECT ``node`` call a window
    function of its own (not one of a subquery): SQLite then reads its rows back from an
    ephemeral table. ``parsed``: the statement being bound, whose text may tell that no
    OVER is there to find (``_no_over``)."""
    if parsed is not None and _no_over(node, parsed):
        return False
    order = node.args.get("order")
    stack = list(node.expressions) + (list(order.expressions) if order is not None else [])
    while stack:
        top = stack.pop()
        if isinstance(top, exp.Window):
            return True
        if not isinstance(top, (exp.Query, exp.Subquery)):
            stack.extend(node_children(top))    # iter_expressions' nodes, without its generator
    return False


def _no_over(node: exp.Select, parsed) -> bool:
    """Whether ``node`` is a SELECT of ``parsed``'s own tree and the text sqlglot read it
    from holds no ``over`` in any case: sqlglot makes a call's Window node only after
    that keyword (its WINDOW clause's definitions are no result column), so there is
    none to look for. A tree from another text (a view's, a WITH clause's piece) and a
    text that is not ASCII (whose case folding is not the tokenizer's) are walked."""
    text = parsed.glot_text
    if not text or not text.isascii():
        return False
    root = node
    while root.parent is not None:
        root = root.parent
    if root is not parsed.tree:
        return False
    return "over" not in text.lower()


def keys_before_sorter(select: b.Select) -> None:
    """The columns inside a result, HAVING or ORDER BY expression that is one of the
    GROUP BY terms (not a bare column: that one's value is the sorter's) are read before
    the sorter: their ``after_sorter`` mark is taken off."""
    stack = list(select.columns) + [o.expr for o in select.order_by] + \
        ([select.having] if select.having is not None else [])
    while stack:
        top = stack.pop()
        if not isinstance(top, b.ColumnRef) and \
                any(same(top, g, None, None) for g in select.group_by):
            _read_before(top)
        else:
            stack.extend(children(top))


def _read_before(expr) -> None:
    stack = [expr]
    while stack:
        top = stack.pop()
        if isinstance(top, b.ColumnRef) and top.after_sorter:
            object.__setattr__(top, "after_sorter", False)   # a node of this binding only
        stack.extend(children(top))
