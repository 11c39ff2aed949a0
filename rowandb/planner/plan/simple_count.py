"""``SELECT count(*) FROM t``: the query SQLite answers by counting a b-tree, unplanned.

select.c's isSimpleCount takes a query of one aggregate, ``count(*)`` (no argument,
DISTINCT, FILTER or ORDER BY), as its one result column over one table (not a subquery,
not a virtual table) with no WHERE, GROUP BY or HAVING, and answers it with OP_Count on
the table or its narrowest plain index -- without the WHERE planner, so an ``INDEXED BY``
naming a partial index (which the planner would refuse with 'no query solution': no WHERE
implies the index's own) raises nothing there (fuzz seed 42001471). ``counted_scan``
drops such an INDEXED BY from the scan: the count is the same whichever b-tree holds it.
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from . import logical as L


def counted_scan(node, select: b.Select, counted: bool = False):
    """``node`` (the query's FROM) with a partial index INDEXED BY names dropped when
    ``select`` is SQLite's simple count, or (``counted``) is flattened into one as its
    one table with no WHERE of its own (``flatten.py``: ``SELECT count(*) FROM v``); else
    ``node``."""
    if not isinstance(node, L.Scan) or not node.indexed or not node.indexed.partial \
            or not (counted and counts_alone(select) or simple_count(select)):
        return node
    return dataclasses.replace(node, indexed=None)


def counts_alone(select: b.Select) -> bool:
    """Whether ``select``, flattened into a simple count (or one SELECT of a compound
    counted by countOfViewOptimization), leaves it one: one FROM item and no WHERE."""
    return select.where is None and len(select.items) == 1


def simple_count(select: b.Select) -> bool:
    if select.where is not None or select.group_by or select.having is not None \
            or select.windows or len(select.items) != 1 or len(select.columns) != 1 \
            or len(select.aggregates) != 1 or not isinstance(select.columns[0], b.AggregateRef):
        return False
    call = select.aggregates[0]
    return call.name == "count" and not call.args and not call.distinct \
        and call.filter is None and not call.order_by
