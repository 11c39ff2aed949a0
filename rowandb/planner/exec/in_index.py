"""``x IN (SELECT col FROM t)`` looked up in t itself, as SQLite looks it up.

sqlite3FindInIndex (expr.c) does not build the set of a subquery that is a plain
``SELECT col FROM t`` -- one table, no WHERE, aggregate, LIMIT or compound (a DISTINCT
without LIMIT is dropped first), not correlated -- when ``col`` is the rowid or the first column of one of t's indexes with the
comparison's collation (and the comparison does not make a numeric value of a TEXT or BLOB
column): it probes that b-tree every time the IN is evaluated. Within a statement that
writes t the difference shows: ``UPDATE t SET a = (0 IN (SELECT b FROM t))`` sees, for
each row, the ``b`` values of the rows already updated. Only whether the index held a NULL
is settled once, at the first evaluation (SQLite computes it under OP_Once), while the
probe, the emptiness of t and its first index entry are read again each time.

Statements that write use these lookups (``ExpressionCompiler.live_in``); a query, which
changes nothing, keeps building the set once, which gives the same answers.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ..plan import bound as b
from ..types import values as V


def index_for(e: b.InSubquery, unique: bool = False):
    """(table, index) that SQLite answers ``e`` from -- index "rowid" for the rowid or an
    INTEGER PRIMARY KEY -- or None when it builds the subquery's set instead. ``unique``:
    the IN drives a loop over an index of the outer table (IN_INDEX_LOOP), where only a
    b-tree holding each value once will do (sqlite3FindInIndex's mustBeUnique)."""
    query = e.query
    # a DISTINCT without LIMIT counts for nothing here: SQLite 3.54 drops it from an
    # IN's subquery before it looks (``x IN (SELECT DISTINCT c FROM t)`` probes t too)
    if e.correlated or query.compound or query.is_aggregate \
            or query.where is not None or query.limit is not None \
            or query.offset is not None or query.values is not None \
            or len(query.items) != 1 or len(query.columns) != 1:
        return None
    source, column = query.items[0].source, query.columns[0]
    if not isinstance(source, b.TableSource) or source.table.virtual is not None \
            or not isinstance(column, b.ColumnRef) or column.slot != source.slot:
        return None
    table = source.table
    if column.column == -1 or column.column == table.rowid_alias:
        return table, "rowid"
    for index in table.index_list:       # SQLite's order: the newest index first
        if index.form is not None:              # a partial or expression index: not here
            continue
        if unique and not _one_column_unique(table, index):
            continue
        first = index.columns[0]
        if first.column == column.column and first.collation == e.collation:
            return table, index
    return None


def _one_column_unique(table, index) -> bool:
    """An index of one column holding each value once: UNIQUE, or (nColumn 1) the one
    column of a WITHOUT ROWID table's PRIMARY KEY, which adds no column to its entries."""
    if len(index.columns) != 1:
        return False
    pk = {i for i, c in enumerate(table.columns) if c.pk}
    return index.unique or table.without_rowid and pk == {index.columns[0].column}


def live_member(table, index, operand, lconv, store, state, key):
    """The membership test of an IN answered from ``index`` of ``table`` (see above)."""
    if index == "rowid":
        return _rowid_member(table, operand, lconv, store)
    apply, sort_key, find = V.apply_affinity, V.sort_key, rowio.find_equal

    def first_is_null() -> bool:
        # SQLite reads the entry with the smallest value (the last one of a DESC index);
        # RowanDB keeps every index's entries in ascending order
        entry = store.index(index.file_id).first()
        return entry is not None and entry[0] == sort_key(None)

    def member(env):
        had_null = state.cache.get(key)
        if had_null is None:
            had_null = state.cache[key] = first_is_null()
        value = operand(env)
        if value is None:
            return 0 if not len(store.index(index.file_id)) else None
        if lconv:
            value = apply(value, lconv)
        if find(store, index, [value], sort_key, limit=1):
            return 1
        return None if had_null and first_is_null() else 0
    return member


def _rowid_member(table, operand, lconv, store):
    apply = V.apply_affinity

    def member(env):
        value = operand(env)
        rows = store.table(table.file_id)
        if value is None:
            return 0 if not len(rows) else None
        if lconv:
            value = apply(value, lconv)
        if type(value) is float and value.is_integer() and -2**63 <= value < 2**63:
            value = int(value)
        return 1 if type(value) is int and rows.get(value) is not None else 0
    return member
