"""``x IN (SELECT col FROM t)`` looked up in t itself, as SQLite looks it up.

sqlite3FindInIndex (expr.c) does not build the set of a subquery that is a plain
``SELECT col FROM t`` -- one table, no WHERE, DISTINCT, aggregate, LIMIT or compound, not
correlated -- when ``col`` is the rowid or the first column of one of t's indexes with the
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


def index_for(e: b.InSubquery):
    """(table, index) that SQLite answers ``e`` from -- index "rowid" for the rowid or an
    INTEGER PRIMARY KEY -- or None when it builds the subquery's set instead."""
    query = e.query
    if e.correlated or query.compound or query.distinct or query.is_aggregate \
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
    for index in reversed(table.indexes):       # SQLite's order: the newest index first
        if index.form is not None:              # a partial or expression index: not here
            continue
        first = index.columns[0]
        if first.column == column.column and first.collation == e.collation:
            return table, index
    return None


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
