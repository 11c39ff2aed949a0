"""The order of the rows an automatic index finds for one key: a hash join's buckets.

Where SQLite's costed join order reaches a table through an automatic index (a WITHOUT
ROWID one too, in 3.54; ``join_costs.solve`` notes the slot), RowanDB runs a ``HashJoin``
(``hash_join.py``), and the rows of one key must come out in the order of SQLite's
index, not in the table's scan order. where.c's constructAutomaticIndex builds that
index with, as its columns, first the columns the WHERE terms that can drive it search
(termCanDriveIndex: ``=`` or ``IS`` of a column, not the rowid, with a value of the
loops outside it or a constant, whose comparison the column's affinity allows, on a
column no index of the table leads), each under its comparison's collation; then every
other column the query uses of the table (its colUsed, where an INTEGER PRIMARY KEY
column, the rowid to SQLite, never is), in the table's column order, BINARY; then the
rowid. The rows of one key compare equal on the key columns, so they
come in the order of those other columns' values, and of the rowid last (a WITHOUT
ROWID table's rows alike in every used column come in its PRIMARY KEY order, its
scan's). The rule ``index_order`` gives such a Join those columns (``BucketOrder``);
``hash_join`` keeps them on the HashJoin it makes, whose executor sorts each bucket by
them, stably (a bucket is filled in scan order), and a Join left a nested loop (the
right side reached by a constant key, ``t.b = 5``, or the hash join rule switched off)
sorts the right rows of each left row the same way (``exec/join.py``). Where
``choose_index``, which runs first, made such a table's loop a search by its own terms
(an index's or the rowid's range, ``t.c > 3``), the rule scans it again under the same
terms (``_unsearched``; ``auto_over_search.py`` where the search's values call a
volatile function): SQLite's loop is the automatic index's.

A table the order reaches another way (a full scan for an outer loop that runs once, a
join the costs do not cover) keeps its scan order, as SQLite's full scan reads it.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, conjoin, conjuncts
from ..plan.cte import Labelled
from .auto_over_search import restored
from .choose_index import null_safe_term, search_term
from .join_ways import _good_candidate


def index_order(node, order):
    """``node`` with each inner or LEFT Join of its chain (the left spine, under Filters,
    as ``hash_join`` walks it) given ``order``'s columns for its right side. Without a
    table SQLite reaches by an automatic index (a join ordered greedily: select5's) no
    right side has such columns: ``node`` as it is, unwalked."""
    if order is None or not order.automatic:
        return node
    if isinstance(node, L.Filter):
        return L.Filter(index_order(node.child, order), node.predicate)
    if not isinstance(node, L.Join):
        return node
    node = dataclasses.replace(node, left=index_order(node.left, order))
    if node.kind not in ("inner", "left") or node.condition is not None:
        return node
    right, parts = node.right, []
    while isinstance(right, L.Filter):
        parts = conjuncts(right.predicate) + parts
        right = right.child
    scan = _unsearched(right, order)
    back = restored(right, parts, order.before) if scan is right and \
        getattr(right, "slot", None) in order.automatic else None   # auto_over_search.py
    if back is not None:
        scan, parts = back
    columns = order(scan, parts)
    if not columns:
        return node
    leaf = L.Filter(scan, conjoin(parts)) if back is not None else \
        _replaced_leaf(node.right, scan)
    return dataclasses.replace(node, bucket_order=columns, right=leaf)


def _unsearched(right, order):
    """The Scan of the table ``right`` searches, where ``choose_index`` chose a search by
    the table's own terms (``t.c > 3``, an index's or the rowid's range) for a table
    SQLite's costed order reaches through an automatic index instead (whereLoopAddBtree
    costs both; wherePathSolver took the index): SQLite's loop then finds the rows of the
    index's key, in its order, and the terms test them, so RowanDB scans the table under
    the same Filters, its rows sorted as the index orders them. A search whose values
    call a volatile function (their terms are left out of the Filter: the seek computes
    them once: ``auto_over_search.restored`` gives them back), or loops over an IN
    list, stays; so does ``right`` for another node."""
    if not isinstance(right, (L.IndexScan, L.RowidScan)) or \
            right.slot not in getattr(order, "automatic", ()) or \
            getattr(right, "in_keys", ()) or getattr(right, "replaces", None) is not None:
        return right
    values = [right.equal] if isinstance(right, L.RowidScan) else list(right.equal)
    values += [bound[0] for bound in (right.low, right.high) if bound is not None]
    if any(calls_volatile(v) for v in values if v is not None):
        return right
    return L.Scan(right.slot, right.table, right.alias)


def _replaced_leaf(node, leaf):
    """``node`` (Filters over one leaf) with ``leaf`` in place of its leaf."""
    if isinstance(node, L.Filter):
        child = _replaced_leaf(node.child, leaf)
        return node if child is node.child else L.Filter(child, node.predicate)
    return leaf


class BucketOrder:
    """For ``hash_join``: the columns ordering a HashJoin's buckets as SQLite's automatic
    index orders its rows. ``automatic``: the slots SQLite reaches by one (filled by
    ``reorder_joins``, which runs first); ``reads``: the columns the query reads of each
    FROM item (SQLite's colUsed), or None when not known; ``before``: the terms over each
    slot's Scan before ``choose_index`` (``auto_over_search.leaf_terms``)."""

    def __init__(self, automatic: set, reads=None, before=None) -> None:
        self.automatic = automatic
        self.reads = reads
        self.before = before or {}      # slot -> its terms before choose_index

    def __call__(self, right, parts: list) -> tuple:
        """The ColumnRefs of ``right`` (the Scan under the Join's Filters, or a FROM
        subquery SQLite flattens into one table's loop) whose values order the rows of
        one key, or () to keep the scan order; ``parts``: the terms over it."""
        table = _table_of(right)
        if table is None or right.slot not in self.automatic or self.reads is None or \
                getattr(right, "indexed", None) is not None:
            return ()
        column = _column_of(right)
        driving = {column(c) for c in map(lambda p: _driven(p, right, table), parts)
                   if c is not None}
        driving.discard(None)
        if not driving:
            return ()
        # a flattened subquery's column that is an expression reads no column of the table
        # (``column`` gives None): it is no column of SQLite's index either
        used = sorted((c, p) for c, p in ((column(p), p) for p in self.reads(right.slot)
                                          if p >= 0) if c is not None)
        # an INTEGER PRIMARY KEY column is the rowid to SQLite, which counts no rowid
        # in colUsed (resolve.c, lookupName): it orders the rows last, as the rowid
        return tuple(b.ColumnRef(right.slot, p, table.columns[c].name,
                                 table.columns[c].affinity)
                     for c, p in used if c not in driving and c != table.rowid_alias)


def _table_of(right):
    """The table ``right`` reads: a Scan's, or a FROM subquery's that SQLite flattens into
    that table's loop (its columns the table's, the terms pushed into it under them)."""
    if isinstance(right, L.Scan):
        return right.table
    found = _flattened(right)
    return found[0].table if found is not None else None


def _column_of(right):
    """position read of ``right`` -> its table's column (None: not a column of it)."""
    if isinstance(right, L.Scan):
        return lambda position: position
    scan, columns = _flattened(right)

    def column(position):
        if not 0 <= position < len(columns):
            return None
        expr = columns[position]
        return expr.column if isinstance(expr, b.ColumnRef) and expr.slot == scan.slot \
            else None
    return column


def _flattened(right):
    """(the Scan, the columns of the Project over it) of a FROM subquery reading one
    table, maybe through Filters (the terms pushed into it); None for another node."""
    if not isinstance(right, L.SubqueryScan) or getattr(right, "materialize", False):
        return None
    plan = right.plan
    while isinstance(plan, (Labelled, L.RealColumns)):
        plan = plan.child
    if not isinstance(plan, L.Project):
        return None
    scan = plan.child
    while isinstance(scan, L.Filter):
        scan = scan.child
    return (scan, plan.columns) if isinstance(scan, L.Scan) else None


def _driven(part, scan, table):
    """The position read of ``scan`` (a column of ``table``) that ``part`` can key an
    automatic index on (where.c, termCanDriveIndex), or None."""
    term = search_term(part, scan) if not (isinstance(part, b.Compare) and part.op == "is") \
        else null_safe_term(part, scan)
    if term is None or term.op != "eq" or term.column < 0:
        return None
    column = _column_of(scan)(term.column)
    if column is None or column == table.rowid_alias or not _good_candidate(table, column):
        return None
    return term.column
