"""The ORDER BY SQLite never codes: a one-table query whose WHERE finds one row.

Before it plans the loops of a query of one table, SQLite tries a short cut (where.c,
whereShortCut): with no INDEXED BY or NOT INDEXED, a WHERE term ``rowid = v`` (or
``IS``; v reading no column of the table), or ``=`` on every key of a UNIQUE index
that is not partial and has at most three keys (``IS`` too when every key is NOT NULL),
finds one row, and the short cut says the ORDER BY is satisfied as it stands. The query
then codes no sorter, so its ORDER BY is never coded: a subquery there that cannot be
planned ('no query solution'), a DISTINCT aggregate of two arguments in one, a
misplaced row value or a subquery of several columns there are no errors
(``SELECT a FROM t WHERE rowid = 1 ORDER BY (SELECT 1 FROM t INDEXED BY tp)`` runs).
Without the short cut, a loop that finds one row satisfies every ORDER BY term that
holds no subquery (where.c, wherePathSatisfiesOrderBy), so a misplaced row value there
is no error either; an aggregate query without GROUP BY codes its one row without a
sorter, and a query without FROM has its ORDER BY satisfied: neither codes its ORDER BY.
A GROUP BY query keeps it.
"""

from __future__ import annotations

from dataclasses import replace

from . import bound as b
from . import logical as L
from ...errors import OperationalError
from .analysis import conjuncts, contains_subquery
from .late_rows import kept_error
from ..optimizer.choose_index import _keys, finds_one_row, null_safe_term, search_term

_SHORT_CUT_KEYS = 3                 # WhereLoop.aLTermSpace


def without_one_row_order(select: b.Select) -> b.Select:
    """``select`` without the ORDER BY SQLite leaves uncoded, and without the code
    generation errors the binder found there."""
    if not select.order_by or select.windows or select.compound or \
            select.values is not None or not _uncoded(select):
        return select
    errors = [(column, error) for column, error in select.codegen_errors
              if column != "order"]
    error = kept_error(errors) if select.codegen_errors else select.codegen_error
    return replace(select, order_by=[], codegen_errors=errors, codegen_error=error)


def _uncoded(select: b.Select) -> bool:
    """Whether SQLite codes no sorter for ``select``'s ORDER BY: an aggregate query
    without GROUP BY (its one row is coded without one: select.c), a query without FROM
    (where.c: every term satisfied), the short cut, or a loop that finds one row
    (WHERE_ONEROW) under ORDER BY terms without a subquery, each then satisfied
    (wherePathSatisfiesOrderBy: a subquery's term is not)."""
    if select.is_aggregate:
        return not select.group_by
    if not select.items:
        return True
    if len(select.items) != 1 or select.where is None:
        return False
    source = select.items[0].source
    if not isinstance(source, b.TableSource):
        return False
    parts = conjuncts(select.where)
    if source.indexed is None and _short_cut(source, parts):
        return True
    return not any(contains_subquery(o.expr) for o in select.order_by) and \
        _one_row(source, parts)


def _one_row(source: b.TableSource, parts: list) -> bool:
    try:
        return finds_one_row(L.Scan(source.slot, source.table, source.alias, source.indexed),
                             parts)
    except OperationalError:        # 'no query solution': raised where the loops are planned
        return False


def _short_cut(source: b.TableSource, parts: list) -> bool:
    scan = L.Scan(source.slot, source.table, source.alias, None)
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan) for c in parts)
             if t is not None and t.op == "eq"]
    table = source.table
    rowid = {-1} if table.rowid_alias is None else {-1, table.rowid_alias}
    if not table.without_rowid and any(t.column in rowid for t in terms):
        return True
    return any(_unique_found(index, terms, source) for index in table.indexes)


def _unique_found(index, terms: list, source: b.TableSource) -> bool:
    """Whether every key of UNIQUE ``index`` has an equality term (``IS`` only when each
    key is NOT NULL: uniqNotNull)."""
    if not index.unique or index.partial or len(index.columns) > _SHORT_CUT_KEYS:
        return False
    columns = source.table.columns
    not_null = all(c.column >= 0 and columns[c.column].notnull for c in index.columns)
    return all(any(_keys(t, index, i, source.slot, source.table) and
                   (not t.null_safe or not_null) for t in terms)
               for i in range(len(index.columns)))
