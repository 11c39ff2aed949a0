"""Rule 5: hash an inner join's right side on its equality with the left side.

After ``push_down_predicates`` and ``choose_index`` a join predicate with no usable index
sits in a Filter over the right side's scan, and a nested loop re-scans that table for
every left row. When the Filter has equality conjuncts ``r = l`` where ``r`` reads only the
right side (and outer queries) and ``l`` reads the left side, and everything else on the
right side is independent of the left, the join becomes ``HashJoin``: the executor runs
the right side once per join, keys its rows by ``r`` and probes with ``l`` per left row.

Equality follows the comparison exactly: each key is converted by the affinity the
comparison applies to that operand and compared under its collation; NULL keys match
nothing. Right rows of one key keep their scan order, or the order of SQLite's automatic
index where the Join has one (``Join.bucket_order``, ``auto_index_order.py``), so rows
come out in the order the nested loop would produce them. Conjuncts that read the left
side but are not usable keys stay in a Filter above the HashJoin, and so do those
holding a subquery: SQLite's automatic index takes no subquery among the terms it is
filled by (a partial index's), so such a term is tested on the rows the key finds, not on
every row hashed. A RIGHT or FULL JOIN whose ON has such keys becomes a HashJoin of its
kind, the rest of its ON kept on it (``exec/outer_join.py``), when the
keys are those SQLite searches the right table by or no term of the ON can raise
(``_to_outer_hash_join``). A LEFT JOIN becomes a LEFT HashJoin where SQLite would reach
its table through an automatic index, and runs what that index runs
(``_to_left_hash_join``). Joins whose right side is already an index or rowid search
driven by the left side are left alone, and so are right sides calling ``random()`` or
the like outside the ON's terms (they must run once per left row). A key's left value
that calls one is computed once per left row, as SQLite computes its automatic index's
key (``u JOIN t ON t.b = f(u.x)`` calls f once per row of u and finds the rows of that
value); any other ON term that calls one is tested on the rows the key finds, as
SQLite tests it, not on every row hashed (``tests/test_volatile_join_key.py``). So is a
volatile value reading no table (``t.b = f()``) for a table SQLite's costed order reaches
through an automatic index (``_volatile_value_key``): f once per left row.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import cannot_raise, children, conjoin, conjuncts, slots_of
from ..exec.comparison_sides import TEXT_BESIDE_TEXT, deferred_sides, side_affinities
from .chain import with_sides
from .choose_index import is_unique_search, null_safe_term, search_term
from .is_keys import is_compare, null_safe_key
from .node_slots import filled_slots, has_volatile, independent_of, plain_comparison, \
    volatile_expr
from .outer_search import EQ, outer_search


def hash_join(node, memo: dict | None = None, automatic=frozenset()):
    """``automatic``: the slots SQLite's costed order reaches by an automatic index
    (``join_costs.solve``), whose key may be a volatile value reading no table."""
    memo = {} if memo is None else memo         # id(node) -> filled slots, per plan
    if isinstance(node, L.Filter):
        child = hash_join(node.child, memo, automatic)
        return node if child is node.child else L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        left = hash_join(node.left, memo, automatic)
        if left is not node.left:
            node = with_sides(node, left, node.right)
        if node.kind == "inner" and node.condition is None:
            return _to_hash_join(node, memo, automatic) or node
        if node.kind in ("right", "full") and node.condition is not None:
            return _to_outer_hash_join(node, memo) or node
        if node.kind == "left" and node.condition is None:
            return _to_left_hash_join(node, memo) or node
    return node


def _to_left_hash_join(join: L.Join, memo: dict):
    """A LEFT JOIN of a table SQLite reaches by an automatic index (where.c,
    whereLoopAddBtree, termCanDriveIndex, constructAutomaticIndex): a rowid table, with no
    INDEXED BY or NOT INDEXED, whose ON has an equality between one of its columns (one
    the comparison does not convert) and a value the table does not decide, and for which
    ``choose_index`` found no real index. SQLite builds the index at the first left row
    from the rows that pass the ON's terms reading that table alone (constants too: a
    partial index), in order; it computes the key -- those equalities, a column's first
    only, in ON order -- for every left row, even when the index is empty (the left row
    still comes out, padded), and tests the ON's other terms on the rows the key finds.
    The HashJoin does the same. A left side of one row at most (a rowid or UNIQUE
    search) keeps the nested loop, which SQLite's costs prefer there."""
    right, parts, guarded = _under_filters(join.right)
    if guarded is None or not isinstance(right, L.Scan) or right.indexed is not None or \
            right.table.without_rowid or not parts or has_volatile(guarded(right)) or \
            not independent_of(right, join.left, memo) or _one_row(join.left):
        return None
    left_slots, right_slots = filled_slots(join.left, memo), filled_slots(right, memo)
    keys, used, columns = [], [], set()
    for part in parts:
        term = null_safe_term(part, right) if is_compare(part) else search_term(part, right)
        if term is None or term.op != "eq" or term.column < 0 or \
                term.column == right.table.rowid_alias or term.column in columns:
            continue
        key = _key(part, left_slots, right_slots, known=True)
        if key is not None:
            keys.append(key)
            used.append(part)
            columns.add(term.column)
    if not keys or any(volatile_expr(k[1]) for k in keys):
        return None
    # a term calling a volatile function is tested on each row the key finds, as SQLite
    # does (not in the index's WHERE); the keys' left values are computed once per left
    # row, as SQLite computes its automatic index's key (``b = f(u.x)``: f once per row)
    partial = [p for p in parts if not (slots_of(p) - right_slots) and not _has_subquery(p)
               and not volatile_expr(p)]
    rest = [p for p in parts if not any(p is q for q in used + partial)]
    if partial:
        right = L.Filter(right, conjoin(partial))
    return L.HashJoin(join.left, guarded(right),
                      left_keys=tuple(k[0] for k in keys),
                      right_keys=tuple(k[1] for k in keys),
                      collations=tuple(k[2] for k in keys),
                      affinities=tuple(k[3] for k in keys),
                      right_slots=join.right_slots, kind="left",
                      condition=conjoin(rest) if rest else None,
                      bucket_order=join.bucket_order, null_safe=_null_safe(keys))


def _under_filters(node) -> tuple:
    """The node under ``node``'s Filters, their conjuncts, outermost last, and a function
    putting back over a new right side the Guard of the loop's IN search
    (``in_setup.py``), which the hashed right side, run at the first left row, keeps;
    None for that function when the Guard reads a slot outside the loop (its IN changes
    from one left row to the next: no hashing then)."""
    parts, guard = [], None
    if isinstance(node, L.Guard):
        guard, node = node, node.child
    while isinstance(node, L.Filter):
        parts = conjuncts(node.predicate) + parts
        node = node.child
    if guard is None:
        return node, parts, lambda n: n
    if set().union(*map(slots_of, guard.conditions)) - filled_slots(node):
        return node, parts, None
    return node, parts, lambda n: L.Guard(n, guard.conditions)


def _one_row(node) -> bool:
    """Whether ``node`` is a single table searched for one row at most."""
    while isinstance(node, L.Filter):
        node = node.child
    return is_unique_search(node)


def _to_outer_hash_join(join: L.Join, memo: dict):
    """A RIGHT or FULL JOIN whose ON has keys: its right side runs once either way
    (``exec/outer_join.py``), hashed each left row visits only its key's rows.

    Hashing must not change which expressions run. When SQLite searches the right table
    by an index or the rowid (``outer_search``), it computes the search's key values once
    per left row, before any right row -- constants too, and even when the table is empty
    -- and tests the rest of the ON on the rows found: the hash join does just that, with
    those terms as its keys, in the index's key order. A search by a range or an IN list
    stays a nested loop that runs the search (``outer_search``; ``exec/outer_join.py``)
    when an ON term can raise. Otherwise SQLite scans the right
    table and tests the ON per pair of rows, so the join is hashed only when no term of
    the ON can raise an error (then the pairs it skips could only have been false)."""
    parts = conjuncts(join.condition)
    search = outer_search(join.right, parts) if isinstance(join.right, L.Scan) else None
    quiet = all(cannot_raise(part) for part in parts)
    if search is not None and any(role != EQ for _, role in search):
        if not quiet:                   # a range or an IN list: the nested loop searches
            return dataclasses.replace(join, search=search)
        search = None
    left_slots, right_slots = filled_slots(join.left, memo), filled_slots(join.right, memo)
    seek = [part for part, _ in search] if search is not None else None
    if seek is not None:
        keys = [join_key(part, left_slots, right_slots, known=True) for part in seek]
        if None in keys:
            return None
        rest = [part for part in parts if not any(part is s for s in seek)]
    elif quiet:
        keys, rest = [], []
        for part in parts:
            key = join_key(part, left_slots, right_slots)
            (rest if key is None else keys).append(part if key is None else key)
    else:
        return None
    if not keys:
        return None
    return L.HashJoin(join.left, join.right,
                      left_keys=tuple(k[0] for k in keys),
                      right_keys=tuple(k[1] for k in keys),
                      collations=tuple(k[2] for k in keys),
                      affinities=tuple(k[3] for k in keys),
                      right_slots=join.right_slots, kind=join.kind,
                      condition=conjoin(rest) if rest else None)


def _to_hash_join(join: L.Join, memo: dict, automatic=frozenset()):
    right, parts, guarded = _under_filters(join.right)
    if guarded is None or not parts or not independent_of(right, join.left, memo) or \
            has_volatile(guarded(right)):
        return None
    left_slots, right_slots = filled_slots(join.left, memo), filled_slots(right, memo)
    keys, local, residual = [], [], []
    stirred = False                 # a part calls a volatile function (its operands may)
    for part in parts:
        key = _key(part, left_slots, right_slots)
        volatile = volatile_expr(part)
        stirred = stirred or volatile
        if key is None and volatile and getattr(right, "slot", None) in automatic:
            key = _volatile_value_key(part, left_slots, right_slots)
        if key is not None and volatile and volatile_expr(key[0]) and \
                _column(key[1]) is not None and \
                any(_column(k[1]) == _column(key[1]) for k in keys):
            residual.append(part)       # the column keyed already: tested on the rows found
        elif key is not None:
            keys.append(key)
        elif volatile or slots_of(part) & left_slots or _has_subquery(part):
            residual.append(part)       # (a volatile term: tested on the rows found)
        else:
            local.append(part)
    if not keys or stirred and (any(volatile_expr(k[1]) for k in keys) or
                                _volatile_key_beside(keys, parts)):
        return None
    if local:
        right = L.Filter(right, conjoin(local))
    node = L.HashJoin(join.left, guarded(right),
                      left_keys=tuple(k[0] for k in keys),
                      right_keys=tuple(k[1] for k in keys),
                      collations=tuple(k[2] for k in keys),
                      affinities=tuple(k[3] for k in keys),
                      right_slots=join.right_slots, bucket_order=join.bucket_order,
                      null_safe=_null_safe(keys))
    return L.Filter(node, conjoin(residual)) if residual else node


def _volatile_value_key(part, left_slots: set, right_slots: set):
    """The key of ``b = f()`` whose value calls a volatile function and reads no table:
    SQLite's automatic index on b, where its costed order builds one (the Once-filled
    index, constructAutomaticIndex), is searched with f's value computed once per row
    of the loops outside (``FROM u, t WHERE t.b = f()``: f once per row of u), not tested
    on each of t's rows. None for any other term."""
    key = _key(part, left_slots, right_slots, known=True)
    return key if key is not None and volatile_expr(key[0]) else None


def _key(part, left_slots: set, right_slots: set, known: bool = False):
    """``join_key`` of ``part``, an ``IS`` read as ``=``, with whether it is null-safe
    last (``is_keys.py``: SQLite keys its automatic index by ``IS`` terms too)."""
    return null_safe_key(join_key, part, left_slots, right_slots, known)


def _null_safe(keys: list) -> tuple:
    """The HashJoin's ``null_safe``: () when no key is an ``IS`` one."""
    return tuple(k[4] for k in keys) if any(k[4] for k in keys) else ()


def _volatile_key_beside(keys: list, parts: list) -> bool:
    """Whether a key whose left value calls a volatile function is not the first
    equality of the right side on its column: SQLite keys its automatic index on each
    column by the first WHERE term that can drive it (where.c, constructAutomaticIndex
    walks the terms in order), so an earlier ``b = changes()`` keys it and ``b = f(u.x)``
    is tested on the rows found (f never called when no b is 0): the loop then stays a
    nested loop, testing the terms in their order. ``b = f(u.x) AND b = changes()`` is
    keyed by f's value, computed once per row of u."""
    for left, right, *_ in keys:
        column = _column(right)
        if not volatile_expr(left):
            continue
        if column is None:
            return True
        first = next((p for p in parts if isinstance(p, b.Compare) and p.op in ("eq", "is") and
                      column in (_column(p.left), _column(p.right))), None)
        if first is not None and first.left is not left and first.right is not left:
            return True
    return False


def _column(expr):
    """(slot, column) of a column reference, under any COLLATE; None for another
    expression."""
    while isinstance(expr, b.Collate):
        expr = expr.operand
    return (expr.slot, expr.column) if isinstance(expr, b.ColumnRef) else None


def join_key(part, left_slots: set, right_slots: set, known: bool = False):
    """(left expr, right expr, collation, (left affinity, right affinity)) or None.
    With ``known`` the left expression may read no left slot (a constant, a parameter,
    an outer query's column): any value known before the right side is read."""
    if not isinstance(part, b.Compare) or part.op != "eq":
        return None
    if not plain_comparison(part) and (_has_subquery(part.left) or _has_subquery(part.right)):
        return None
    convs = side_affinities(part.left_affinity, part.right_affinity, deferred_sides(part))
    if TEXT_BESIDE_TEXT in convs:       # converted per pair of values: no key of one side
        return None
    lslots, rslots = slots_of(part.left), slots_of(part.right)
    if _reads_only(lslots, left_slots, right_slots, known) and \
            _reads_only(rslots, right_slots, left_slots):
        return part.left, part.right, part.collation, convs
    if _reads_only(rslots, left_slots, right_slots, known) and \
            _reads_only(lslots, right_slots, left_slots):
        return part.right, part.left, part.collation, (convs[1], convs[0])
    return None


def _reads_only(slots: frozenset, mine: set, theirs: set, known: bool = False) -> bool:
    """Reads at least one slot of ``mine`` (unless ``known``) and none of ``theirs``
    (outer slots allowed)."""
    return (known or bool(slots & mine)) and not (slots & theirs)


def _has_subquery(expr) -> bool:
    if isinstance(expr, (b.InSubquery, b.Exists, b.ScalarSubquery)):
        return True
    return any(_has_subquery(c) for c in children(expr))
