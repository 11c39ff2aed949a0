"""An INSERT's column list naming a column more than once: which of its values is written.

SQLite maps each table column to the first entry of the list naming it (insert.c,
sqlite3Insert: a column's slot in ``aTabColMap`` is set only while still empty), so
``INSERT INTO t(a, a) VALUES (1, 2)`` writes a = 1; but an entry naming the rowid -- by
rowid, oid or _rowid_, or by the INTEGER PRIMARY KEY -- sets ``ipkColumn`` each time, so
of those the last one gives the rowid (``t(rowid, oid) VALUES (5, 6)`` is rowid 6). The
entries no column takes stay in the list, as None (``Insert.columns``), so the values
still line up with it: a SELECT's or a VALUES list's of several rows are computed all the
same (SQLite codes its query whole), and the executors skip them.

A VALUES list of one row SQLite codes value by value into the write, and only the values
a column takes: the others' names are resolved (``no such column`` stands), but they are
never computed and never coded, so a function there is not called and a row value or a
RAISE() there is no error (``VALUES (1, (1, 2))`` writes 1). ``blank_ignored`` binds that
row once for its name errors alone, then gives the row with NULL in their place.

Of the errors SQLite meets only as it codes those values (a misplaced row value, RAISE()
outside a trigger, a subquery of several columns), it reports the last one it codes
(sqlite3ErrorMsg keeps the last message), where a subquery's is met only while no other
was (it is not coded then): and it codes the values in the table's column order, the
rowid's last of all (``INSERT INTO w(v, a) VALUES (RAISE(ABORT, 'x'), (1, 2))`` is the
RAISE's error, a's row coded first; k(id INTEGER PRIMARY KEY, v): ``INSERT INTO k VALUES
(RAISE(ABORT, 'x'), (1, 2))`` too). ``coded_last`` finds that one.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlglot import expressions as exp

from ...planner.plan.late_rows import row_value


def written_once(columns: list, rowid_alias: int | None) -> list:
    """``columns`` (target positions; -1 the rowid) with None for each entry whose value
    no column takes: a later one naming an ordinary column again, an earlier one naming
    the rowid (or its alias) again."""
    rowids = [i for i, pos in enumerate(columns) if pos == -1 or pos == rowid_alias]
    seen, kept = set(), list(columns)
    for i, pos in enumerate(columns):
        if i in rowids:
            if i != rowids[-1]:
                kept[i] = None
        elif pos in seen:
            kept[i] = None
        seen.add(pos)
    return kept


def blank_ignored(binder, query: exp.Values, columns: list) -> exp.Values:
    """``query`` (a VALUES list of one row, as wide as ``columns``) with NULL for each
    value ``columns`` ignores (None), once its names are resolved: bound first whole with
    its code generation errors dropped, so a name error anywhere in it is raised in
    SQLite's order. ``query`` itself when nothing is ignored."""
    row = query.expressions[0]
    if None not in columns or len(row.expressions) != len(columns):
        return query
    coding = binder._coding
    binder._coding = SimpleNamespace(codegen_error=None)    # errors of coding: dropped
    try:
        binder.bind_values(query.copy(), None, one_row_select=False)
    finally:
        binder._coding = coding
    blanked = query.copy()
    values = blanked.expressions[0].expressions
    for i, pos in enumerate(columns):
        if pos is None:
            values[i].replace(exp.Null())
    return blanked


def coded_last(binder, query: exp.Values, columns: list, rowid_alias: int | None):
    """The code generation error SQLite reports of the values of ``query`` (a VALUES
    list of one row, bound, as wide as ``columns``), each value's own error found by
    binding it again alone; None when the widths differ (then the count is the error)."""
    values = query.expressions[0].expressions
    if len(values) != len(columns):
        return None
    order = sorted((i for i, pos in enumerate(columns) if pos is not None),
                   key=lambda i: (columns[i] in (-1, rowid_alias), columns[i]))
    kept = None
    for i in order:
        error = _own_error(binder, values[i])
        if error is not None and (kept is None or row_value(error) or _is_raise(error)):
            kept = error
    return kept


def _own_error(binder, value):
    """The code generation error binding ``value`` alone meets, or None."""
    coding = binder._coding
    binder._coding = SimpleNamespace(codegen_error=None)
    try:
        lone = exp.Values(expressions=[exp.Tuple(expressions=[value.copy()])])
        binder.bind_values(lone, None, one_row_select=False)
        return binder._coding.codegen_error
    finally:
        binder._coding = coding


def _is_raise(error) -> bool:
    return str(error).startswith("RAISE() may only be used")
