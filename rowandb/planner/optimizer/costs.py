"""SQLite's planner estimates, in its own units, for the rules that must choose as it does.

SQLite weighs plans in *LogEst* units: ten times the base-2 logarithm of a number, kept as
a small integer (sqlite.org/queryplanner-ng.html; util.c, sqlite3LogEst). Two plans whose
costs differ by a rounding in those units are chosen between differently than exact
arithmetic would, and where SQL leaves the row order open the choice shows in the answer.
So the figures a rule compares with SQLite's choice are computed the way SQLite computes
them, not approximated:

| figure             | what it is                                                        |
|--------------------|-------------------------------------------------------------------|
| ``log_est(n)``     | n as a LogEst (0 for n < 2)                                       |
| ``log_est_add``    | the LogEst of the sum of two LogEsts (util.c, sqlite3LogEstAdd)   |
| ``column_width``   | a column's estimated size, an integer being 1 (build.c: the       |
|                    | declared type's ``(n)`` as n/4 + 1, 5 for a TEXT/BLOB type without |
|                    | one, 1 for numbers and for a column with no type)                 |
| ``table_width``    | LogEst of 4 x the sum of the column widths (+1 without an         |
|                    | INTEGER PRIMARY KEY): SQLite's szTabRow                           |
| ``index_width``    | LogEst of 4 x the widths of an index entry's columns, the rowid   |
|                    | (or a WITHOUT ROWID table's key columns it adds) included: szIdxRow |
| ``table_rows``     | LogEst of the rows ANALYZE counted, else SQLite's default 200     |
|                    | (about a million rows)                                            |
| ``index_rows``     | the same for an index: a partial index without figures counts     |
|                    | half its table's rows (sqlite3DefaultRowEst)                      |
| ``full_scan``      | a table scan's cost: 3 x rows (rows + 16); 2.75 x rows (rows + 14)|
|                    | once ANALYZE has figures for an index of the table: SQLite (built |
|                    | with STAT4, as the reference is) then has samples of it           |
"""

from __future__ import annotations

from functools import lru_cache

from ...catalog.schema import EXPRESSION as _EXPRESSION, VIRTUAL
from ...catalog.ascii_case import ascii_lower

_FRACTIONS = (0, 2, 3, 5, 6, 7, 8, 9)      # LogEst of 1 + k/8, k = 0..7
_DEFAULT_ROWS = 200                         # SQLite's nRowLogEst of a table without figures


def log_est(n: int) -> int:
    """``n`` as a LogEst: about 10 * log2(n), SQLite's rounding."""
    n = int(n)
    if n < 2:
        return 0
    y = 40
    if n < 8:
        while n < 8:
            y -= 10
            n <<= 1
    else:
        shift = n.bit_length() - 4
        y += shift * 10
        n >>= shift
    return _FRACTIONS[n & 7] + y - 10


def log_est_add(a: int, b: int) -> int:
    """The LogEst of the sum of the numbers LogEsts ``a`` and ``b`` stand for."""
    table = (10, 10, 9, 9, 8, 8, 7, 7, 7, 6, 6, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3,
             2, 2, 2, 2, 2, 2, 2)
    if a >= b:
        if a > b + 49:
            return a
        if a > b + 31:
            return a + 1
        return a + table[a - b]
    if b > a + 49:
        return b
    if b > a + 31:
        return b + 1
    return b + table[b - a]


def column_width(column) -> int:
    """A column's estimated size as SQLite guesses it from its declared type: the last
    four letters read decide, as in SQLite's affinity rules (build.c, sqlite3AffinityType);
    only a TEXT or BLOB affinity makes a column wider than an integer."""
    return _declared_width(column.declared_type or "")


@lru_cache(maxsize=1024)
def _declared_width(declared: str) -> int:
    """``column_width`` of a declared type: a function of its text alone, so each text
    is read once (a many-way join asks for every column of every table per statement)."""
    declared = ascii_lower(declared)
    if not declared:
        return 1
    affinity, sized_from = "numeric", None
    for position in range(len(declared)):
        last = declared[max(0, position - 3):position + 1]
        if last == "char":
            affinity, sized_from = "text", position + 1
        elif last in ("clob", "text"):
            affinity = "text"
        elif last == "blob" and affinity in ("numeric", "real"):
            affinity = "blob"
            if declared[position + 1:position + 2] == "(":
                sized_from = position + 1
        elif last in ("real", "floa", "doub") and affinity == "numeric":
            affinity = "real"
        elif last.endswith("int"):
            return 1
    if affinity not in ("text", "blob"):
        return 1
    size = 16 if sized_from is None else _leading_number(declared[sized_from:])
    return min(size // 4 + 1, 255)


def _leading_number(text: str) -> int:
    """The number starting at the first digit of ``text`` (0 when it has none)."""
    for start, char in enumerate(text):
        if char.isdigit():
            end = start
            while end < len(text) and text[end].isdigit():
                end += 1
            return min(int(text[start:end]), 2 ** 31 - 1)
    return 0


def table_width(table) -> int:
    width = sum(column_width(c) for c in table.columns)
    if table.rowid_alias is None:
        width += 1
    return log_est(width * 4)


def index_width(table, index) -> int:
    """The width of an entry of ``index`` (for a WITHOUT ROWID table's PRIMARY KEY, of
    the table's stored row, which is what that b-tree holds: every column but the
    VIRTUAL generated ones). A secondary index of a WITHOUT ROWID table ends with the key
    columns it does not hold under the same collation (``Index.suffix``)."""
    if table.without_rowid and index.origin == "pk":
        return log_est(sum(column_width(c) for c in table.columns
                           if c.generated != VIRTUAL) * 4)
    width = sum(1 if c.column == _EXPRESSION else column_width(table.columns[c.column])
                for c in index.columns + (index.suffix if table.without_rowid else ()))
    if not table.without_rowid:
        width += 1
    return log_est(width * 4)


def table_rows(table) -> int:
    """The table's rows as SQLite counts them: the count of the last sqlite_stat1 row
    (``Table.stats``' None, statistics.read_stats) that is the table's or a whole (not
    partial) index's, as SQLite's loader leaves it; else the default."""
    partial = {ascii_lower(i.name) for i in table.indexes if i.partial}
    for key, count in reversed(table.stats.get(None, ())):
        if key not in partial:
            return log_est(count)
    return _DEFAULT_ROWS


def full_scan(table) -> int:
    sampled = any(name is not None for name in table.stats)
    return table_rows(table) + 16 - 2 * sampled


def index_rows(table, index) -> int:
    figures = table.stats.get(ascii_lower(index.name))
    if figures:
        return log_est(figures[0])
    rows = max(table_rows(table), 99)
    return rows - 10 if index.partial else rows
