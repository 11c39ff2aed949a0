"""Rule 4: copy the outer query's predicates on an inlined common table into its query.

A FROM subquery is planned as an inlined common table read once (``cte.plan_derived``),
so everything below holds for it too.

An inlined common table (``plan/cte.py``) is its own query, planned apart, so a predicate
of the query that reads it (placed on its ``CteScan`` by ``push_down_predicates``) would
filter its rows only after the whole table was produced, and no index under it would be
used. SQLite flattens such a query into the outer one or pushes the WHERE terms down into
it (select.c, pushDownWhereTerms); this rule does the latter: each conjunct that reads
nothing but the common table's columns is rewritten in terms of the query's result
expressions and added to the query's WHERE, whose row sources are then optimized again (so
``x = 5`` becomes an index search). A conjunct that also reads tables joined before the
common table (``c.x = t.a``) goes in as well, as it does when SQLite flattens the query:
the inlined query then runs once per row of those tables, searching an index where it can.
Not into a compound SQLite does not flatten (``_compound_apart``): only the terms on its
own columns go there. The outer filter stays, as SQLite's does.

Into each SELECT of a compound the conjuncts go as SQLite copies them
(``pushed_copy.in_select``): a column there stands for that SELECT's expression, under
the column's collation but with the expression's affinity, so a SELECT may drop a row
the outer test keeps (the outer filter stays, as SQLite's does). Not into a compound
with window functions, nor into one with UNION, INTERSECT or EXCEPT unless every column
of every SELECT compares with BINARY (pushDownWhereTerms' restrictions 6b and 8). Like
SQLite, it leaves alone what a predicate could change the meaning of: a query with
LIMIT or OFFSET and a recursive one; unlike it, conjuncts with a correlated subquery (with
an uncorrelated one, into a SELECT of a compound, or of a query calling a volatile
function, only: elsewhere no answer shows the difference). A SELECT whose result calls
random() or another volatile function takes the copies as SQLite's does (its copy of ``r
> 0`` over ``SELECT random() AS r ... UNION ALL ...`` calls random() again: about a
quarter of the rows pass), but not a query with a window function without PARTITION BY,
and a conjunct that itself calls one is never copied (sqlite3ExprIsTableConstant). Into a
query SQLite materializes go only conjuncts on its own columns; into one it flattens that
calls a volatile function, the enclosing row's too (``_pushed``). Into a DISTINCT query
they go, as in SQLite (so which of two rows equal under a NOCASE column is kept depends
on it, as it does in SQLite). Into an aggregate query go the conjuncts that read only
GROUP BY terms of BINARY collation: they filter the rows before grouping (SQLite moves
such HAVING terms to WHERE), so ``WHERE c = 10`` on a view grouped by ``c`` searches an
index on ``c``; into an aggregate SELECT of a compound the others go too, as HAVING.
A materialized table is computed once for every reference, so nothing is pushed into it.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import (calls_volatile, conjoin, conjuncts, contains_subquery,
                             holds_correlated_subquery, slots_of)
from ..plan.cte import CteScan
from ..plan.describe import describe
from ..plan.flatten import rewritten
from ..plan.operand_types import affinity_of, collation_of
from .chain import with_sides
from .node_slots import filled_slots, has_volatile, reads_outside
from .propagate_constants import as_propagated
from .pushed_copy import in_select
from .flat_collations import unasked
from .replay_keys import probe_keys


def push_into_cte(node):
    """``node`` with the conjuncts on its common tables pushed into them; a node with
    none below is given back as it is."""
    return _pushed_below(node, node, [None])


def _pushed_below(node, root, local: list):
    """``local[0]``: the slots the query's own row sources (``root``'s) fill -- the rest
    are rows of enclosing queries --, worked out at the first common table met."""
    if isinstance(node, L.Filter):
        child = _pushed_below(node.child, root, local)
        if isinstance(child, CteScan) and not child.materialize:
            if local[0] is None:
                local[0] = filled_slots(root)
            child, pushed = _pushed(child, node.predicate, local[0])
            if not reads_outside(child.plan):
                child = _probed(child, probe_keys(child, node.predicate, local[0]))
            if child.flat and pushed:
                return L.Filter(child, unasked(node.predicate, pushed, child.plan))
        return node if child is node.child else L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        left, right = _pushed_below(node.left, root, local), \
            _pushed_below(node.right, root, local)
        if left is node.left and right is node.right:
            return node
        return with_sides(node, left, right)
    return node


def _probed(scan: CteScan, keys: tuple) -> CteScan:
    """``scan`` read through its equality keys with the enclosing row (replay_keys.py):
    as SQLite reads it through an automatic index, which it fills once behind OP_Once,
    volatile functions and all -- not one SQLite flattens, whose functions run for each
    row of each run."""
    if has_volatile(scan.plan) and (scan.flat or not keys and not scan.once):
        return scan
    return dataclasses.replace(scan, probe=keys)


def _pushed(scan: CteScan, predicate, local: frozenset) -> tuple:
    """A conjunct reading an enclosing query's row goes in only when it makes an index
    or rowid search: otherwise the query stays uncorrelated and ``exec/cte_scan.py``
    replays its rows for each outer row instead of computing them again. Into a query
    SQLite materializes (``scan.once``) go only conjuncts reading its columns alone, as
    SQLite's pushDownWhereTerms takes them: one reading a table joined before would make
    it run for each of that table's rows, calling its volatile functions again. Into one
    SQLite flattens that calls a volatile function go all of them, the enclosing row's
    too: flattened, they decide which of its rows it computes. With the scan, the
    conjuncts that went in."""
    labelled = scan.plan
    parts = [c for c in as_propagated(conjuncts(predicate))
             if not holds_correlated_subquery(c) and not calls_volatile(c)]
    if _compound_apart(scan):
        parts = [c for c in parts if slots_of(c) <= {scan.slot}]
    if scan.flat and has_volatile(labelled.child):
        own = parts             # flattened, its volatile calls run only for the rows kept
    else:
        own = [c for c in parts if slots_of(c) <= ({scan.slot} if scan.once else local)]
    query, pushed = _push_into(labelled.child, scan.slot, own), own
    if len(own) < len(parts):
        every = _push_into(labelled.child, scan.slot, parts)
        if _searches(every) > _searches(query):
            query, pushed = every, parts
    if query is labelled.child:
        return scan, []
    return dataclasses.replace(scan, plan=dataclasses.replace(labelled, child=query)), pushed


def _compound_apart(scan: CteScan) -> bool:
    """Whether ``scan`` reads a compound SQLite codes apart rather than flattening it
    (flattenSubquery's restriction 17, 17h: the SELECTs' columns of one affinity), into
    whose SELECTs pushDownWhereTerms copies only the terms on its own columns: a copy of
    ``CAST(t.a AS TEXT) > v.c`` would compare there under each SELECT's affinity."""
    query = scan.plan.child
    while isinstance(query, (L.Sort, L.Distinct, L.ResultSort, L.RealColumns)):
        query = query.child
    if not isinstance(query, L.Compound):
        return False
    if not scan.flat:
        return True
    columns = [_columns(arm) for arm in _arms(query)]
    return any(len({affinity_of(c[i]) for c in columns}) > 1 for i in range(len(columns[0])))


def _searches(node) -> int:
    own = isinstance(node, (L.IndexScan, L.RowidScan))
    return own + sum(_searches(c) for c in node.children())


def _push_into(query, slot: int, parts: list, arm: bool = False):
    """``query`` (the plan of an inlined query) with the conjuncts ``parts`` (over the
    columns of its FROM item in ``slot``) added where its rows are produced; ``query``
    itself when nothing could be. ``arm``: ``query`` is a SELECT of a compound."""
    if isinstance(query, (L.Sort, L.Distinct, L.ResultSort, L.RealColumns)):  # DISTINCT too
        child = _push_into(query.child, slot, parts, arm)
        return query if child is query.child else dataclasses.replace(query, child=child)
    if isinstance(query, L.Compound):
        return _push_into_compound(query, slot, parts)
    volatile = has_volatile(query)
    if not arm and not volatile:        # a SELECT of a compound takes uncorrelated ones
        parts = [p for p in parts if not contains_subquery(p)]
    if isinstance(query, L.Values):
        return _push_into_values(query, slot, parts) if parts and (
            arm or _compound_of_rows(query)) else query
    if not isinstance(query, L.Project) or not parts or volatile and _unpartitioned(query):
        return query
    parts = [in_select(p, slot, query.columns) for p in parts]
    source = query.child
    while isinstance(source, L.Filter):
        source = source.child
    if isinstance(source, L.Aggregate):
        return _push_into_aggregate(query, source, parts, arm)
    from . import optimize                 # the rules, once more, on the query's row sources
    return dataclasses.replace(query, child=optimize(L.Filter(query.child, conjoin(parts))))


def _push_into_compound(query: L.Compound, slot: int, parts: list):
    """Into every SELECT of a compound (select.c pushDownWhereTerms): not when one has
    window functions (restriction 6b), nor, when an operator is not UNION ALL, when a
    column of some SELECT has a collation other than BINARY (restriction 8)."""
    arms = _arms(query)
    if any(_windowed(arm) for arm in arms):
        return query
    if not _all_union_all(query) and any(
            (collation_of(c) or "BINARY") != "BINARY" for arm in arms for c in _columns(arm)):
        return query
    left = _push_into(query.left, slot, parts, True)
    right = _push_into(query.right, slot, parts, True)
    if left is query.left and right is query.right:
        return query
    return dataclasses.replace(query, left=left, right=right)


def _push_into_values(values: L.Values, slot: int, parts: list) -> L.Values:
    """Into the SELECTs SQLite's parser made of a VALUES list's rows (``L.Values.arms``):
    a row alone is a SELECT whose copy reads the row's expressions as any SELECT's; the
    rows of a co-routine (sqlite3MultiValues), constant, are tested one by one, each as
    a column with no affinity of its own."""
    plain = _coroutine_rows(values)
    keep = tuple(conjoin([in_select(p, slot, row, coroutine) for p in parts])
                 for row, coroutine in zip(values.rows, plain))
    if values.keep:
        keep = tuple(conjoin([old, new]) for old, new in zip(values.keep, keep))
    return dataclasses.replace(values, keep=keep)


def _compound_of_rows(values: L.Values) -> bool:
    """Whether a VALUES list that is a query of its own (not a SELECT of a compound) is
    a compound of SELECTs SQLite copies terms into: of more than one, a co-routine among
    them. SQLite's parser marks one of single-row SELECTs only as a VALUES clause
    (SF_MultiValue, coded by multiSelectValues), and a term reaches none of its rows
    (``WITH w AS (...) SELECT * FROM (VALUES ..., ...)``, or the same VALUES after a
    compound's first SELECT): the outer test decides alone."""
    return len(values.arms) > 1 and any(coroutine for _, coroutine in values.arms)


def _coroutine_rows(values: L.Values) -> list:
    """For each row of ``values``, whether a co-routine of SQLite's yields it."""
    plain = [False] * len(values.rows)
    ends = [start for start, _ in values.arms[1:]] + [len(values.rows)]
    for (start, coroutine), end in zip(values.arms, ends):
        plain[start:end] = [coroutine] * (end - start)
    return plain


def _arms(node) -> list:
    if isinstance(node, L.Compound):
        return _arms(node.left) + _arms(node.right)
    return [node]


def _all_union_all(node) -> bool:
    return not isinstance(node, L.Compound) or node.op == "union all" and \
        _all_union_all(node.left) and _all_union_all(node.right)


def _columns(arm) -> tuple:
    """The result expressions of a SELECT of a compound (a VALUES list: its SELECTs')."""
    while isinstance(arm, (L.Sort, L.Distinct, L.RealColumns)):
        arm = arm.child
    if isinstance(arm, L.Project):
        return arm.columns
    if isinstance(arm, L.Values):       # a co-routine's columns are its first row's
        return tuple(e for start, _ in arm.arms for e in arm.rows[start])
    return ()


def _unpartitioned(query) -> bool:
    """Whether a window of ``query`` has no PARTITION BY: SQLite copies no term into such
    a query (pushDownWhereTerms), RowanDB's Filter goes above its windows instead, which
    only a volatile function's calls can tell apart."""
    node = query
    while isinstance(node, (L.Project, L.Filter, L.Window)):
        if isinstance(node, L.Window) and not node.window.spec.partition:
            return True
        node = node.child
    return False


def _windowed(arm) -> bool:
    while isinstance(arm, (L.Sort, L.Distinct, L.RealColumns, L.Project, L.Filter)):
        arm = arm.child
    return isinstance(arm, L.Window)


def _push_into_aggregate(project, aggregate, parts: list, arm: bool):
    """SQLite puts the copies into HAVING, then moves those that read only GROUP BY terms
    of BINARY collation to WHERE (select.c pushDownWhereTerms, havingToWhere): they filter
    the rows before they are grouped. The others stay in HAVING; a FROM subquery of one
    SELECT gets them from the outer test alone (the same test of the same values), a
    SELECT of a compound as HAVING, where they may compare otherwise."""
    keys = {describe(g) for g, c in zip(aggregate.group_by, aggregate.group_collations or
                                        ("BINARY",) * len(aggregate.group_by))
            if c == "BINARY"}
    moved = [c for c in parts if _reads_only(c, keys)]
    having = [c for c in parts if (arm or has_volatile(project)) and not _reads_only(c, keys)]
    if not moved and not having:
        return project
    from . import optimize
    child = project.child
    if moved:
        rows = optimize(L.Filter(aggregate.child, conjoin(moved)))
        child = _replaced(child, aggregate, dataclasses.replace(aggregate, child=rows))
    if having:
        child = L.Filter(child, conjoin(having))
    return dataclasses.replace(project, child=child)


def _reads_only(expr, keys: set) -> bool:
    """Whether ``expr`` (a copy in an aggregate query) reads the query's rows only through
    the GROUP BY terms described in ``keys``, and reads some (an aggregate's value is no
    row's: it stays in HAVING)."""
    found = []

    def leaf(node):
        if describe(node) in keys:
            found.append(node)
            return node
        if isinstance(node, (b.ColumnRef, b.AggregateRef, b.WindowRef)):
            found.append(None)
            return node
        return None
    rewritten(expr, leaf)
    return bool(found) and None not in found and not contains_subquery(expr)


def _replaced(node, old, new):
    """``node`` (Filters over ``old``) with ``old`` replaced by ``new``."""
    if node is old:
        return new
    return dataclasses.replace(node, child=_replaced(node.child, old, new))
