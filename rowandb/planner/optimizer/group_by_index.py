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
covering or not, as SQLite does rather than sorting (``_grouping_index``). When an ORDER
BY of the GROUP BY's terms asks for the groups in the order that index gives read
backwards, the read goes backwards (``_sort_by_group``): which row of a group comes first
decides its bare columns.

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
from ..plan.expr_compare import same
from .costs import index_width


def group_by_index(node: L.Node, ordered: tuple = ()) -> L.Node:
    """``node`` with the order its Aggregate emits groups in set, where an index read
    decides it. ``ordered``: the keys of the ORDER BY above the Aggregate."""
    if isinstance(node, L.Aggregate):
        node = _sort_by_group(_grouping_index(node), ordered)
        order = _index_order(node)
        return node if order is None else dataclasses.replace(node, emit_order=order)
    child = getattr(node, "child", None)
    if isinstance(child, L.Node) and isinstance(node, (L.Filter, L.Project, L.Distinct,
                                                       L.Sort, L.Window)):
        ordered = node.keys if isinstance(node, L.Sort) else \
            () if isinstance(node, L.Window) else ordered
        grouped = group_by_index(child, ordered)
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


def _sort_by_group(aggregate: L.Aggregate, ordered: tuple) -> L.Aggregate:
    """SQLite's ``orderByGrp`` (select.c): an ORDER BY of as many terms as the GROUP BY
    lends the GROUP BY its directions; when the two lists are then the same (terms,
    collations, no NULLS FIRST or LAST but the direction's own) and the index read that
    delivers the groups delivers them in the ORDER BY's order read one way, it is read
    that way (where.c, WHERE_SORTBYGROUP). So a group's rows come in that direction, and
    a bare column beside no min()/max() reads its first row in it, as SQLite's
    (``GROUP BY b ORDER BY b DESC`` over an index on b reads it backwards)."""
    if not ordered or len(ordered) != len(aggregate.group_by):
        return aggregate
    collations = aggregate.group_collations or ("BINARY",) * len(aggregate.group_by)
    for (expr, desc, nulls_first, collation), term, term_collation in zip(
            ordered, aggregate.group_by, collations):
        if nulls_first == desc or collation != term_collation or \
                not same(expr, term, None, None):
            return aggregate
    path, leaf = [], aggregate.child
    while isinstance(leaf, (L.Filter, L.Guard)):
        path.append(leaf)
        leaf = leaf.child
    order = _index_order(aggregate, True) if isinstance(leaf, L.IndexScan) else None
    if not order or [i for i, _ in order] != sorted(i for i, _ in order):
        return aggregate
    flips = {desc != ordered[i][1] for i, desc in order}
    if flips != {True}:
        return aggregate                # read as it is, or no one direction serves
    node = dataclasses.replace(leaf, direction=1 if leaf.direction < 0 else -1)
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
        if position < (leaf.in_keys[0] if leaf.in_keys else len(leaf.equal)):
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
