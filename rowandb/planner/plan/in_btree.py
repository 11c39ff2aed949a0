"""The ``x IN (SELECT col FROM t ...)`` subqueries SQLite never plans.

sqlite3FindInIndex (expr.c) answers an IN whose subquery is a plain ``SELECT col FROM t``
(isCandidateForInOpt: not correlated, one table, no WHERE, DISTINCT, aggregate, LIMIT or
compound) from one of t's own b-trees when one fits -- the rowid, or an index whose first
column is ``col`` under the comparison's collation and affinity (``in_index.index_for``)
-- and then never codes the subquery. Only when none fits does it code it
(sqlite3CodeRhsOfIN), planning it as a query: there ``INDEXED BY`` a partial index that
no WHERE term implies is 'no query solution' (where.c, whereLoopAddBtree skips a partial
index whose WHERE whereUsablePartialIndex cannot prove, and INDEXED BY leaves no other
way). So such an INDEXED BY raises nothing in an IN that SQLite answers from a b-tree
(fuzz seed 24500062: ``NULL IN (SELECT c0 FROM t1 INDEXED BY partial)``, t1 a WITHOUT
ROWID table keyed on c0).

When the IN drives the loop over the outer table through the rowid or an index whose
first column is x (wherecode.c, codeEqualityTerm asks for IN_INDEX_LOOP), the b-tree
must hold each value once (mustBeUnique): the rowid, a UNIQUE index of one column. The
planner takes that loop where it can, so here it is taken whenever the IN is a term of
the WHERE (or of an inner join's ON) of the query reading x's table and x is that
table's rowid or the first column of one of its plain indexes with the IN's collation.
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from .analysis import conjuncts
from ..exec.comparison_sides import in_subquery_affinity, index_affinity_ok
from ..exec.in_index import index_for


def unplanned(e: b.InSubquery, select: b.Select) -> b.Select:
    """The query to plan for ``e``, an IN in ``select``: its own, or, when SQLite answers
    it from a b-tree without planning it, the same query without its INDEXED BY (the
    rows are the same; only an unusable index's error goes)."""
    query = e.query
    if isinstance(e, b.RowIn) or not query.items or \
            not isinstance(query.items[0].source, b.TableSource) or \
            not query.items[0].source.indexed:
        return query
    found = index_for(e, unique=_drives_loop(e, select))
    if found is None or not index_affinity_ok(in_subquery_affinity(e.affinity, query), query):
        return query
    item = query.items[0]
    source = dataclasses.replace(item.source, indexed=None)
    return dataclasses.replace(query, items=[dataclasses.replace(item, source=source)]
                               + list(query.items[1:]))


def _drives_loop(e: b.InSubquery, select: b.Select) -> bool:
    """Whether SQLite loops over x's table through ``e`` (see the module docstring)."""
    operand = e.operand.operand if isinstance(e.operand, b.Collate) else e.operand
    if e.negated or not isinstance(operand, b.ColumnRef):
        return False
    terms = conjuncts(select.where) if select.where is not None else []
    terms += [t for item in select.items if item.kind in ("inner", "cross")
              and item.condition is not None for t in conjuncts(item.condition)]
    if not any(t is e for t in terms):
        return False
    source = next((item.source for item in select.items
                   if isinstance(item.source, b.TableSource)
                   and item.source.slot == operand.slot), None)
    if source is None:
        return False
    table, column = source.table, operand.column
    if column == -1 or column == table.rowid_alias and not table.without_rowid:
        return source.indexed is None or source.indexed == ()
    if source.indexed == ():
        return False
    indexes = (source.indexed,) if source.indexed else table.indexes
    return any(index.form is None and index.columns[0].column == column
               and index.columns[0].collation == e.collation for index in indexes)
