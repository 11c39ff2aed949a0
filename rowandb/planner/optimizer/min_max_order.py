"""SQLite's min/max optimization: a lone min() or max() read from an index in its order,
its bare columns from the first row met.

select.c (sqlite3Select, minMaxQuery): a query with no GROUP BY and no HAVING whose one
aggregate call (the same call written twice is one: expr.c analyzeAggregate) is min(x) or
max(x) of one argument without FILTER hands the query planner an ORDER BY of x --
ascending for min(), NULLs last when x may be NULL (KEYINFO_ORDER_BIGNULL), descending
for max() -- with WHERE_ORDERBY_MIN or WHERE_ORDERBY_MAX. When the loops it chooses
deliver that order (where.c wherePathSatisfiesOrderBy; the index's NULL entries read
last, WHERE_BIGNULL_SORT, only right after the equalities it searches), the aggregate
steps the first row and the loop ends. So the bare columns come from that row: ``SELECT
y, max(x) FROM u`` with an index on x reads the last of the largest x's entries -- the
row with the largest rowid among the ties -- where a scan in rowid order meets the first
of them; with every x NULL, min() reads the first NULL entry.

RowanDB asks ``order_by_index`` whether the query's chosen loops can deliver that order
(the outermost table scan may take an index for it, as SQLite's costs do); when they can,
the Aggregate reads its rows through that loop under a LIMIT 1. Otherwise nothing
changes: SQLite then steps every row (its ORDER BY is not satisfied), and so does
RowanDB. Not done: SQLite takes the name alone, so an application's own one-argument
min() or max() would step one row too; RowanDB leaves such a call to step every row.

Under these flags an IN counts as an equality to the order (wherePathSatisfiesOrderBy's
eqOpMask takes WO_IN), so a loop searching an index on (p, x) by ``p IN (1, 2)``
delivers max(x)'s order within each IN value, the values walked backwards with the
index; after stepping a row SQLite jumps to the innermost IN loop's next value
(sqlite3WhereMinMaxOptEarlyOut). RowanDB asks ``order_by_index`` of that loop with its IN
keys taken as equalities; when the order holds, the Aggregate steps the first row of each
IN value (``Aggregate.in_early_out``, exec/min_max_early_out.py): ``SELECT *, max(x) FROM
u WHERE p IN (1, 2)`` takes p = 2's row of a tie. Where two loops search by an IN, or a
hash join reads the IN loop whole first, every row is stepped (SQLite: the innermost IN's
early out; not matched).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import contains_subquery, slots_of
from ..plan.expr_compare import same
from ..functions.user import user_aggregate
from .join_sort import Sorting
from .order_by_index import column_nullable, order_by_index


def min_max_order(node: L.Aggregate, reads) -> L.Aggregate:
    """``node`` reading its first row only, through loops in its min()'s or max()'s
    order, when SQLite's min/max optimization applies and those loops deliver it."""
    call = _lone_call(node)
    if call is None:
        return node
    node = dataclasses.replace(node, min_max=True)
    arg = call.args[0]
    nulls_last = call.name == "max" or _may_be_null(arg, node.child)
    key = (arg, call.name == "max", not nulls_last, call.collation)
    searches = _in_searches(node.child)
    if len(searches) > 1 or searches and not _streamed(node.child, searches[0]):
        return node                             # SQLite's early out: the innermost IN's
    # under min()/max() an IN is an equality to the order (where.c eqOpMask |= WO_IN)
    child = _swapped(node.child, searches[0], dataclasses.replace(
        searches[0], in_keys=())) if searches else node.child
    probe = L.Sort(L.Project(child, (arg,), ("",)), (key,))
    ordered = order_by_index(probe, reads)
    if not isinstance(ordered, L.Project):
        return node                             # not delivered in that order
    if not searches:
        return dataclasses.replace(node, child=L.Limit(ordered.child, b.Literal(1)))
    search = searches[0]
    read = next(n for n in _nodes(ordered.child)
                if isinstance(n, L.IndexScan) and n.slot == search.slot)
    return dataclasses.replace(node, in_early_out=search.slot, child=_swapped(
        ordered.child, read, dataclasses.replace(read, in_keys=search.in_keys)))


def min_max_sorting(select) -> Sorting | None:
    """The ORDER BY SQLite's solver weighs for the min/max optimization of ``select``, a
    query of one table, or None. select.c hands sqlite3WhereBegin the ORDER BY of the lone
    call's argument, which wherePathSolver weighs as any ORDER BY (whereSortingCost): a
    range of another column that leaves a sort costs more than a full scan in that order
    (``order_choice``); an argument that is an expression of the table's columns is
    delivered by an index on that expression (``join_sort._Term.expr``). Not for a
    DISTINCT call (SQLite's distinct aggregate), an argument reading another table or a
    subquery, nor a join (whose order the solver weighs too: not matched)."""
    call = _lone_call(select) if select.having is None else None
    if call is None or call.distinct or len(select.items) != 1 or \
            not isinstance(select.items[0].source, b.TableSource):
        return None
    source = select.items[0].source
    arg = call.args[0]
    column = arg.operand if isinstance(arg, b.Collate) else arg
    if isinstance(column, b.ColumnRef):
        if column.slot != source.slot:
            return None
        nullable = column_nullable(source.table, column.column)
    elif slots_of(column) == {source.slot} and not contains_subquery(column):
        nullable = True                 # an expression: an index on it may deliver it
    else:
        return None
    nulls_last = call.name == "max" or nullable
    item = b.OrderItem(arg, call.name == "max", not nulls_last, call.collation)
    return Sorting((item,), len(select.columns), None, min_max=True)


def _lone_call(node: L.Aggregate):
    """The one min() or max() call of an Aggregate SQLite reads in order, or None."""
    if node.group_by or not node.aggregates:
        return None
    call = node.aggregates[0]
    if any(not _same(call, other) for other in node.aggregates[1:]):
        return None
    if call.name not in ("min", "max") or len(call.args) != 1 or call.filter is not None \
            or user_aggregate(call.name, 1) is not None:
        return None
    return call


def _same(a, other) -> bool:
    """Whether two calls are one to SQLite (its AggInfo keeps each distinct call once)."""
    return a.name == other.name and a.distinct == other.distinct and \
        a.collation == other.collation and same(tuple(a.args), tuple(other.args), None, None) \
        and same(a.filter, other.filter, None, None) \
        and same(tuple(o.expr for o in a.order_by), tuple(o.expr for o in other.order_by),
                 None, None) and same(a.ignored_order, other.ignored_order, None, None)


def _may_be_null(expr, source: L.Node) -> bool:
    """sqlite3ExprCanBeNull: a literal other than NULL and a table's rowid, NOT NULL
    column or WITHOUT ROWID key column cannot be NULL; anything else may."""
    if isinstance(expr, b.Literal):
        return expr.value is None
    if not isinstance(expr, b.ColumnRef):
        return True
    table = _table_of(source, expr.slot)
    return table is None or column_nullable(table, expr.column)


def _in_searches(node: L.Node) -> list:
    """The loops under ``node`` that search an index by an IN: SQLite steps the first row
    of each IN value's run (where.c sqlite3WhereMinMaxOptEarlyOut jumps to the innermost
    IN loop's next value), not just one row."""
    return [n for n in _nodes(node) if isinstance(n, L.IndexScan) and n.in_keys]


def _streamed(node: L.Node, scan: L.IndexScan) -> bool:
    """Whether ``scan``'s rows reach ``node``'s consumer as the scan steps them: through
    filters and nested loops (a hash join's build side is read whole first), so that its
    IN loop moves on when the aggregate has stepped a row (exec/min_max_early_out.py)."""
    if node is scan:
        return True
    if isinstance(node, (L.Filter, L.Guard)):
        return _streamed(node.child, scan)
    if isinstance(node, L.Join) and node.kind in ("inner", "left"):
        return _streamed(node.left, scan) or _streamed(node.right, scan)
    if isinstance(node, L.HashJoin) and node.kind in ("inner", "left"):
        return _streamed(node.left, scan)
    return False


def _nodes(node: L.Node):
    yield node
    for child in node.children() if hasattr(node, "children") else ():
        yield from _nodes(child)


def _swapped(node: L.Node, old: L.Node, new: L.Node) -> L.Node:
    """``node`` with its descendant ``old`` (the very object) replaced by ``new``."""
    if node is old:
        return new
    changes = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, L.Node):
            swapped = _swapped(value, old, new)
            if swapped is not value:
                changes[field.name] = swapped
    return dataclasses.replace(node, **changes) if changes else node


def _table_of(node: L.Node, slot: int):
    """The table a loop under ``node`` reads in ``slot``, or None."""
    if getattr(node, "slot", None) == slot and hasattr(node, "table"):
        return node.table
    for child in node.children() if hasattr(node, "children") else ():
        found = _table_of(child, slot)
        if found is not None:
            return found
    return None
