"""An UPDATE ... FROM's FROM clause that SQLite keeps a subquery: one with a RIGHT or FULL JOIN.

SQLite's parser makes a FROM clause of several items one nested FROM item joined after
the target (parse.y, SF_NestedFrom), and its flattener leaves a subquery with a RIGHT or
FULL JOIN alone. So the statement is the target joined with that subquery, and SQLite's
costs mostly put the target's loop outside (``in_sqlite_order``): the target's terms -- and the terms that read no
table but hold a subquery -- are tested there, and the subquery is MATERIALIZEd only
when that loop first reaches it (OP_Once), once per statement. An empty target, or one
whose rows the WHERE rejects, never computes the FROM clause (fuzz seed 64000486:
`UPDATE t1 SET c4 = NULL FROM t1 AS a3 RIGHT JOIN t2 AS a4 ON (a4.c0 -> NULL) WHERE
((NULL, NULL, NULL) IN ((NULL, NULL, NULL)))` never tests the ON).
Before the subquery is planned, each WHERE term that reads only its tables (or none),
calls nothing non-deterministic and holds no correlated subquery is copied into its WHERE
(select.c pushDownWhereTerms; sqlite3ExprIsSingleTableConstraint) -- the last term first,
as pushDownWhereTerms walks the ANDs from the right -- where its own loops
test it as a SELECT's loops test their WHERE (and may make a RIGHT JOIN an inner one);
the statement's WHERE keeps it too.

The binder makes it a ``SubquerySource`` marked ``nested`` whose query holds the FROM
items (``sql/bind/bind_update_from.py``); the statement's expressions read those items' own
slots, which ``Materialize`` restores from each kept row (``exec/materialize.py``).
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from . import logical as L
from .analysis import (calls_volatile, columns_read_by_slot, conjoin, conjuncts,
                       contains_subquery, holds_correlated_subquery, slots_of)


def plan_nested(source: b.SubquerySource, select: b.Select, subplans: dict,
                build) -> L.Node:
    """The row source of the nested FROM clause ``source`` of ``select``: its query,
    with the WHERE terms SQLite pushes down, planned by ``build`` and materialized."""
    query = source.query
    slots = frozenset(item.source.slot for item in query.items)
    terms = conjuncts(select.where) if select.where is not None else []
    # pushDownWhereTerms takes an AND's right side before its left: last term first
    pushed = [t for t in reversed(terms) if _pushable(t, slots)]
    # its result: the columns the statement reads of its items (SQLite's colUsed), so
    # that no index lacking one of them covers the subquery's loops
    read = columns_read_by_slot(select)
    columns = [b.ColumnRef(slot, column, "", None) for slot in sorted(slots)
               for column in sorted(read.get(slot, ()))]
    query = dataclasses.replace(query, where=conjoin(conjuncts(query.where) + pushed),
                                columns=columns, names=[f"c{i}" for i in range(len(columns))],
                                column_affinities=[None] * len(columns),
                                folded=list(query.folded) + _every_subquery_column(query))
    node = build(query, subplans)
    while isinstance(node, (L.Project, L.RealColumns)):
        node = node.child
    return L.Materialize(node, tuple(sorted(slots)))


def _every_subquery_column(query: b.Select) -> list:
    """A reference to every column of each FROM subquery (or view) of the nested FROM
    clause ``query``: SQLite's nested FROM is ``SELECT *``, whose expansion marks them all
    used (colUsed), so none of them is left uncomputed (``unused_columns.py``) -- an
    error of one nothing reads surfaces (fixed-seed fuzz case 385 with ``indexed_by``)."""
    return [b.ColumnRef(item.source.slot, column, "", None) for item in query.items
            if isinstance(item.source, b.SubquerySource)
            for column in range(len(item.source.query.columns))]


def in_sqlite_order(select: b.Select) -> b.Select:
    """``select`` with its nested FROM clause first where SQLite's costs put it outside
    the target. Without ANALYZE both loops start from the same estimate, and SQLite puts
    inside the loop it can search best: the kept rows, through an automatic index, when
    a target's column other than its rowid equals their columns (``w.k = t.a``); else
    the target when its rowid is compared with their columns (``w.k > t.id``); else the
    one whose column equals a constant (an index or an automatic index: ``t.b = 'a'``),
    the target when both do. Otherwise the loop whose own terms leave fewer rows goes
    outside (each term counts one step), the target on a tie. (SQLite's estimates are
    finer: docs/SQL.md lists this as open where they differ.)"""
    items = select.items
    if len(items) != 2 or not _nested(items[1].source):
        return select
    target, nested = items[0].source, items[1].source
    slots = frozenset(item.source.slot for item in nested.query.items)
    if _target_outside(conjuncts(select.where), target, slots):
        return select
    return dataclasses.replace(select, items=[b.JoinItem(nested, "inner"),
                                              b.JoinItem(target, "cross")])


def _target_outside(terms: list, target: b.TableSource, slots: frozenset) -> bool:
    own = frozenset((target.slot,))
    # a view's rows (UPDATE v ... FROM: bind_update_from.py) have no rowid to search by
    rowid = (-1, target.table.rowid_alias) if isinstance(target, b.TableSource) else ()
    keys = [key for term in terms for key in _equal_sides(term, target.slot, slots)]
    if any(column not in rowid for column in keys):
        return True                 # an automatic index on the kept rows
    if keys or any(_rowid_range(term, target.slot, rowid, slots) for term in terms):
        return False                # a rowid search of the target
    on_target = any(_equal_sides(term, target.slot, frozenset()) for term in terms)
    on_nested = any(_equal_sides(term, slot, frozenset()) for term in terms for slot in slots)
    if on_target != on_nested:
        return on_nested
    fewer_target = sum(1 for t in terms if slots_of(t) and slots_of(t) <= own)
    fewer_nested = sum(1 for t in terms if slots_of(t) and slots_of(t) <= slots)
    return fewer_target >= fewer_nested


def _equal_sides(term, slot: int, others: frozenset) -> list:
    """The columns of ``slot`` that ``term`` equates with an expression reading only
    ``others`` (nothing at all when ``others`` is empty: a constant)."""
    if not isinstance(term, b.Compare) or term.op != "eq":
        return []
    found = []
    for side, other in ((term.left, term.right), (term.right, term.left)):
        if isinstance(side, b.ColumnRef) and side.slot == slot and \
                not contains_subquery(other):
            read = slots_of(other)
            if read <= others and (bool(read) == bool(others)):
                found.append(side.column)
    return found


def _rowid_range(term, slot: int, rowid: tuple, others: frozenset) -> bool:
    if not isinstance(term, b.Compare) or term.op not in ("lt", "le", "gt", "ge"):
        return False
    for side, other in ((term.left, term.right), (term.right, term.left)):
        if isinstance(side, b.ColumnRef) and side.slot == slot and side.column in rowid:
            read = slots_of(other)
            if read and read <= others:
                return True
    return False


def _nested(source) -> bool:
    return isinstance(source, b.SubquerySource) and source.nested


def item_slots(item: b.JoinItem) -> tuple:
    """The slots a FROM item fills: a nested FROM clause's are its items' slots."""
    source = item.source
    if _nested(source):
        return tuple(i.source.slot for i in source.query.items)
    return (source.slot,)


def _pushable(term, slots: frozenset) -> bool:
    return slots_of(term) <= slots and not calls_volatile(term) \
        and not holds_correlated_subquery(term)
