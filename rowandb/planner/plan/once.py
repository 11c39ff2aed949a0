"""``Once``: a value a table loop computes once as it starts, read again by its search and
its tests.

SQLite computes the values of a search at the top of a table's loop (wherecode.c,
codeAllEqualityTerms): an equality's value and each item of an ``IN (list)``, once per
start of the loop, and the search and the rows it finds use those values. RowanDB tests
an IN search's terms on each row (``optimizer/in_setup.py``), so a term whose value
calls a function that may answer differently each time (a connection's own function,
random()) would be called again on each row and by the Guard, the seek and the Filter
apart. ``in_setup.shared_values`` wraps such a value in ``Once``: the first reader after
the loop's Guard has started it computes it (``ExpressionCompiler._once``) and the others
read that value; the Guard forgets it at each start of the loop.
"""

from __future__ import annotations

from . import bound as b


@b.node
class Once(b.Expr):
    """``value``, computed once per start of the loop whose Guard names it."""
    value: b.Expr


def once_nodes(conditions) -> tuple:
    """The ``Once`` nodes inside ``conditions`` (a Guard's), outside subqueries."""
    from .analysis import children
    found, stack = [], list(conditions)
    while stack:
        top = stack.pop()
        if isinstance(top, Once):
            found.append(top)
        stack.extend(children(top))
    return tuple(found)
