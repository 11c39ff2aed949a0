"""A join whose third or later loop is over an empty table runs no loop at all.

Before the first loop of a join of three or more loops, SQLite checks the table of each
loop from the third on and, when one holds no row, jumps past every loop (where.c,
sqlite3WhereBegin: OP_IfEmpty on the table's cursor, to the end of the WHERE loops). It
checks a rowid table whose own b-tree the loop reads -- not a subquery, common table,
view, table-valued function, WITHOUT ROWID table or covering index read, but the table
of a FROM subquery SQLite flattens into that loop (``cte.flattened_scan``) -- and only
where an empty table empties the whole join: not the right table of a LEFT (or FULL)
JOIN, not a table left of a later RIGHT or FULL JOIN (whose unmatched rows come without
it), and none after an outer join's right table in the second loop or later. What this
changes is visible: nothing of the loops runs, so an expression that would raise in the
first two loops (a constant coded at its first use, a range bound, a term reading the
first table's row) never raises when such a table is empty, and neither do the
unmatched rows of a RIGHT JOIN whose right table is the empty one.

``checked_tables`` finds those tables in a plan's left-deep chain of joins (its loops in
order: the leftmost leaf, then each join's right side); ``skip_if_empty`` wraps the
compiled chain. The terms SQLite tests before its loops (``optimizer/hoist_invariants``'s
Guard) stay above it and are still tested first.

An empty table met later ends the loops too: each time an inner loop of an all-inner
join starts a full scan of a rowid table (OP_Rewind) or fills an automatic index from
its table, SQLite jumps past every loop when the table (or a materialized subquery)
holds no row (where.c, codeOneLoopStart's addrHalt) -- the outer loops' later rows are
never read, so a term that would raise on them does not. ``ends_loops`` names the joins
of a chain whose joins are all inner that do so: a nested loop whose right side scans a
rowid table or an UPDATE ... FROM's materialized FROM clause (a WITHOUT ROWID table or
a covering index is read through an index, whose empty scan ends only its own loop),
and an inner HashJoin -- RowanDB's automatic index -- over a table or such a clause.
``EmptyIndex``, raised when such a join first finds its table empty, is caught at the
chain's head (``skip_if_empty``).
"""

from __future__ import annotations

from ..optimizer.outer_search import outer_search
from ..plan import logical as L
from ..plan.analysis import conjuncts
from ..plan.cte import flattened_scan

_JOINS = (L.Join, L.HashJoin)
_TABLE_READS = (L.Scan, L.IndexScan, L.RowidScan)


def left_spine(node: L.Node) -> list:
    """The joins of the chain ``node`` heads, innermost last (under any Filters)."""
    joins = []
    while True:
        while isinstance(node, L.Filter):
            node = node.child
        if not isinstance(node, _JOINS):
            return joins
        joins.append(node)
        node = node.left


def checked_tables(root: L.Node) -> tuple:
    """The tables SQLite checks for emptiness before the loops of the chain ``root``
    heads: each loop's from the third on that is no LEFT (or FULL) JOIN's right table
    and no table left of a later RIGHT or FULL JOIN (whose unmatched rows come without
    it), while no loop from the second on before it is an outer join's right side."""
    joins = left_spine(root)[::-1]          # loop 1, loop 2, ...
    outer_right = [i for i, join in enumerate(joins) if join.kind in ("right", "full")]
    tables = []
    for level, join in enumerate(joins, 1):
        if join.kind in ("left", "full"):
            break
        if level >= 2 and not any(i >= level for i in outer_right):
            table = _table_of(join.right)
            if table is not None:
                tables.append(table)
        if join.kind == "right":
            break
    return tuple(tables)


def _table_of(node: L.Node):
    """The table a loop reads through its own b-tree: SQLite tests the table's cursor,
    which a loop reading a covering index only never opens, and which a WITHOUT ROWID
    table does not have apart from its PRIMARY KEY index."""
    while isinstance(node, (L.Filter, L.Guard)):    # a Guard: its IN search (in_setup.py)
        node = node.child
    if isinstance(node, L.SubqueryScan):            # one SQLite flattens into the loop
        node = flattened_scan(node)
    if not isinstance(node, _TABLE_READS) or getattr(node, "covering", False):
        return None
    table = node.table
    if getattr(table, "virtual", None) is not None or table.without_rowid:
        return None
    return table


class EmptyIndex(Exception):
    """An inner loop of an all-inner chain found its table empty: no more loops."""


def ends_loops(root: L.Node) -> list:
    """The joins of the chain ``root`` heads whose empty table ends every loop (SQLite's
    full scan of a rowid table, or automatic index, in an inner loop); none when a join
    of the chain is an outer one (SQLite's jump then ends less)."""
    joins = left_spine(root)
    if any(join.kind != "inner" for join in joins):
        return []
    return [join for join in joins if _source(join) is not None]


def _source(join):
    """The rowid table scan or materialized FROM clause under the filters of ``join``'s
    right side (any table for a HashJoin, whose automatic index reads the table). A
    rowid table whose filters SQLite searches it by (an equality or IN on the rowid or
    an index's key: ``outer_search``) is no full scan: its search ends only its loop."""
    node, parts = join.right, []
    while isinstance(node, (L.Filter, L.Guard)):
        if isinstance(node, L.Filter):
            parts += conjuncts(node.predicate)
        node = node.child
    if isinstance(node, L.SubqueryScan):
        node = flattened_scan(node) or node
    if isinstance(node, L.Materialize):
        return node
    if isinstance(node, L.Scan) and node.table.virtual is None and \
            (isinstance(join, L.HashJoin) or not (node.table.without_rowid
                                                  or outer_search(node, parts))):
        return node
    return None


def source_is_empty(nc, join):
    """``f(env)``: whether the table ``join``'s inner loop reads holds no row."""
    source = _source(join)
    if isinstance(source, L.Scan):
        store, file_id = nc.store, source.table.file_id
        return lambda env: not len(store.table(file_id).rows)
    rows = nc.node(source)
    return lambda env: next(iter(rows(env)), False) is False


def halting(start_right, empty):
    """``start_right`` (a nested loop's right side per run of the join) raising
    ``EmptyIndex`` when the loop is first reached and its table holds no row."""
    def start():
        run, checked = start_right(), False

        def first(env):
            nonlocal checked
            if not checked:
                if empty(env):
                    raise EmptyIndex
                checked = True
            return run(env)
        return first
    return start


def skip_if_empty(run, store, tables: tuple, ends: bool = False):
    """``run`` (a compiled chain of joins) preceded by SQLite's emptiness checks;
    ``ends``: stopped where an automatic index of the chain finds its table empty."""
    if not tables and not ends:
        return run

    def checked(env):
        for table in tables:
            if not len(store.table(table.file_id).rows):
                return
        if not ends:
            yield from run(env)
            return
        try:
            yield from run(env)
        except EmptyIndex:
            return
    return checked
