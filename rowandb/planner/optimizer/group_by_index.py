"""Rule 11: groups come out in the order of the index that delivers them, as SQLite's.

SQLite reads a GROUP BY from an index whose keys are the GROUP BY's columns, in any order
of the terms and either direction (where.c, wherePathSatisfiesOrderBy under
WHERE_GROUPBY: the direction of a GROUP BY is irrelevant), and then emits each group as
its last row goes by: the groups come in the index's order, its DESC keys descending and
its keys' order before the terms' order. RowanDB groups in a hash table and emits the
groups sorted; this rule tells the Aggregate the order to sort them in
(``Aggregate.emit_order``) when the outermost loop reads such an index, so that a GROUP
BY without ORDER BY returns its groups in SQLite's order.

A one-table GROUP BY over a table scan first takes an index that delivers its groups,
covering or not, as SQLite does rather than sorting (``_grouping_index``).

A term held equal to a value by the index search's equality prefix is one value in every
row, wherever it stands. Any other shape keeps the sorted order of the terms as written,
which is what SQLite's temporary b-tree for GROUP BY gives.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjuncts
from .choose_index import usable
from .costs import index_width


def group_by_index(node: L.Node) -> L.Node:
    """``node`` with the order its Aggregate emits groups in set, where an index read
    decides it."""
    if isinstance(node, L.Aggregate):
        node = _grouping_index(node)
        order = _index_order(node)
        return node if order is None else dataclasses.replace(node, emit_order=order)
    child = getattr(node, "child", None)
    if isinstance(child, L.Node) and isinstance(node, (L.Filter, L.Project, L.Distinct,
                                                       L.Sort, L.Window)):
        grouped = group_by_index(child)
        return node if grouped is child else dataclasses.replace(node, child=grouped)
    return node


def _grouping_index(aggregate: L.Aggregate) -> L.Aggregate:
    """A one-table GROUP BY over a table scan reads an index whose keys are the GROUP BY's
    columns instead, as SQLite does to spare the sort (even when the index does not cover
    the query: it then reads each row): the narrowest, the newest of equals."""
    path, leaf = [], aggregate.child
    while isinstance(leaf, (L.Filter, L.Guard)):
        path.append(leaf)
        leaf = leaf.child
    if not isinstance(leaf, L.Scan) or leaf.indexed is not None or leaf.reverse or \
            leaf.table.virtual is not None or not aggregate.group_by:
        return aggregate
    where = [c for n in path if isinstance(n, L.Filter) for c in conjuncts(n.predicate)]
    best, best_width = None, None
    for index in leaf.table.index_list:
        if leaf.table.without_rowid and index.origin == "pk" or \
                not usable(index, where, leaf.slot):
            continue
        trial = L.IndexScan(leaf.slot, leaf.table, leaf.alias, index, direction=1,
                            replaces=leaf)
        width = index_width(leaf.table, index)
        if _index_order(dataclasses.replace(aggregate, child=trial), True) is not None and \
                (best_width is None or width < best_width):
            best, best_width = trial, width
    if best is None:
        return aggregate
    node = best
    for parent in reversed(path):
        node = dataclasses.replace(parent, child=node)
    return dataclasses.replace(aggregate, child=node)


def _index_order(aggregate: L.Aggregate, any_order: bool = False):
    """((GROUP BY term position, descending) in emitting priority) or None."""
    leaf = aggregate.child
    while isinstance(leaf, (L.Filter, L.Guard)) or \
            (isinstance(leaf, L.Join) and leaf.kind in ("inner", "left")):
        leaf = leaf.left if isinstance(leaf, L.Join) else leaf.child
    if not isinstance(leaf, L.IndexScan) or not aggregate.group_by:
        return None
    collations = aggregate.group_collations or ("BINARY",) * len(aggregate.group_by)
    terms = {i: (g, c) for i, (g, c) in enumerate(zip(aggregate.group_by, collations))}
    backwards = leaf.direction < 0
    order = []
    for position, key in enumerate(leaf.index.columns):
        found = [i for i, (g, c) in terms.items() if _is_key(g, c, key, leaf.slot)]
        if position < len(leaf.equal):
            for i in found:
                del terms[i]            # one value throughout: any place will do
            continue
        if not found:
            break
        for i in found:
            order.append((i, key.desc != backwards))
            del terms[i]
        if not terms:
            break
    if terms:
        return None
    if not any_order and not any(desc for _, desc in order) and order == sorted(order):
        return None                     # the groups' sorted order is the index's
    return tuple(order)


def _is_key(term, collation: str, key, slot: int) -> bool:
    term = term.operand if isinstance(term, b.Collate) else term
    return isinstance(term, b.ColumnRef) and term.slot == slot and \
        term.column == key.column and key.column >= 0 and collation == key.collation
