"""Rule 4: search a rowid or an index instead of scanning, when a conjunct allows it.

``Filter(Scan t, t.c = e AND ...)`` becomes ``Filter(IndexScan t ON index(c...), ...)`` when
``e`` does not read ``t`` (so it is known before the scan starts: a constant, a parameter or
a column of an outer loop). Equalities on a prefix of the index's columns plus at most one
range (<, <=, >, >=) on the next column are used. A term qualifies only when the comparison
would not convert the column's own values (SQLite's affinity rules) and uses the index's
collation; the search key is the other operand converted as the comparison converts it.
The Filter keeps every conjunct — the search only narrows the rows it has to check.

Preference: rowid equality, then the index with the longest equality prefix (a unique
index fully matched wins ties), then a rowid range, then an index range. Once ANALYZE has
given the table statistics (``Table.stats``, catalog/statistics.py), the indexes searched
by equality are ranked by the rows they are estimated to return instead, as SQLite's
planner does with sqlite_stat1: the figure for the matched prefix, divided by 4 for each
range bound on the next column (whereRangeAdjust); an index without figures gets SQLite's
defaults (sqlite3DefaultRowEst: 10, 9, 8, 7, 6, then 5 rows per prefix, 1 for a unique
index fully matched). So an equality on a column with few distinct values loses to one on
a selective column. An equality still beats a range alone. ``INDEXED BY``
restricts the choice to its index (scanned whole when no term can search it) and ``NOT
INDEXED`` to the rowid (sqlite.org/lang_indexedby.html).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjuncts, slots_of

_NUMERIC = ("INTEGER", "REAL", "NUMERIC")
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq"}


@dataclasses.dataclass(frozen=True)
class Term:
    column: int                  # -1 for the rowid
    op: str                      # eq lt le gt ge, with the column on the left
    value: object                # bound expression, wrapped for affinity by the executor
    affinity: str | None         # affinity to apply to the value before searching
    collation: str


def choose_index(node):
    if isinstance(node, L.Filter) and isinstance(node.child, L.Scan):
        found = _best_search(node.child, conjuncts(node.predicate))
        return L.Filter(found or _forced(node.child), node.predicate)
    if isinstance(node, L.Filter):
        return L.Filter(choose_index(node.child), node.predicate)
    if isinstance(node, L.Join):
        return dataclasses.replace(node, left=choose_index(node.left), right=choose_index(node.right))
    if isinstance(node, L.Scan):
        return _forced(node)
    return node


def _forced(scan: L.Scan):
    """``INDEXED BY i`` with no term the index can search: every entry of ``i``, in index
    order, as SQLite does; any other scan stays as it is."""
    if scan.indexed:
        return L.IndexScan(scan.slot, scan.table, scan.alias, scan.indexed)
    return scan


def _best_search(scan: L.Scan, parts: list):
    """The best search for ``scan`` among the indexes it may use: all of them, only the one
    ``INDEXED BY`` names (not the rowid either), or, under ``NOT INDEXED``, the rowid only."""
    terms = [t for t in (_term(c, scan) for c in parts) if t is not None]
    if not terms:
        return None
    table = scan.table
    alias = table.rowid_alias
    rowid_terms = [t for t in terms if t.column == -1 or (alias is not None and t.column == alias)]
    if scan.indexed:
        rowid_terms = []
    for t in rowid_terms:
        if t.op == "eq":
            return L.RowidScan(scan.slot, table, scan.alias, equal=_wrap(t))
    best, best_rank = None, (0,)
    indexes = table.indexes if scan.indexed is None else (scan.indexed,) if scan.indexed else ()
    for index in indexes:
        search, rank = _index_search(scan, index, terms)
        if search is not None and rank > best_rank:
            best, best_rank = search, rank
    if best is not None and best_rank[0] > 0:
        return best
    low, high = _range([t for t in rowid_terms if t.op != "eq"])
    if low or high:
        return L.RowidScan(scan.slot, table, scan.alias, low=low, high=high)
    return best


def _index_search(scan: L.Scan, index, terms):
    equal = []
    for icol in index.columns:
        match = next((t for t in terms if t.column == icol.column and t.op == "eq"
                      and t.collation == icol.collation), None)
        if match is None:
            break
        equal.append(_wrap(match))
    low = high = None
    if len(equal) < len(index.columns):
        icol = index.columns[len(equal)]
        low, high = _range([t for t in terms if t.column == icol.column and t.op != "eq"
                            and t.collation == icol.collation])
    if not equal and not low and not high:
        return None, (0,)
    full_unique = index.unique and len(equal) == len(index.columns)
    bounds = int(bool(low)) + int(bool(high))
    rank = (len(equal), int(full_unique), bounds)
    if scan.table.stats and equal:
        rank = (1, -_estimate(scan.table, index, len(equal), full_unique) / 4 ** bounds) + rank
    return L.IndexScan(scan.slot, scan.table, scan.alias, index, tuple(equal), low, high), rank


_DEFAULT_ROWS = (10, 9, 8, 7, 6)        # sqlite3DefaultRowEst, per key column; then 5


def _estimate(table, index, prefix: int, full_unique: bool) -> int:
    """Rows an equality on the first ``prefix`` columns of ``index`` is expected to find."""
    figures = table.stats.get(index.name.lower())
    if figures is not None and len(figures) > prefix:
        return figures[prefix]
    if full_unique:
        return 1
    return _DEFAULT_ROWS[prefix - 1] if prefix <= len(_DEFAULT_ROWS) else 5


def _range(terms):
    low = high = None
    for t in terms:
        if t.op in ("gt", "ge") and low is None:
            low = (_wrap(t), t.op == "ge")
        elif t.op in ("lt", "le") and high is None:
            high = (_wrap(t), t.op == "le")
    return low, high


def _wrap(term: Term):
    """The search value: the other operand, converted as the comparison would convert it."""
    if term.affinity is None:
        return term.value
    return b.Function("__affinity_" + term.affinity.lower(), (term.value,))


def _term(conjunct, scan: L.Scan) -> Term | None:
    if not isinstance(conjunct, b.Compare) or conjunct.op not in _FLIP:
        return None
    pairs = ((conjunct.left, conjunct.right, conjunct.op, conjunct.left_affinity, conjunct.right_affinity),
             (conjunct.right, conjunct.left, _FLIP[conjunct.op], conjunct.right_affinity,
              conjunct.left_affinity))
    for col, other, op, col_aff, other_aff in pairs:
        col = col.operand if isinstance(col, b.Collate) else col
        if not isinstance(col, b.ColumnRef) or col.slot != scan.slot:
            continue
        if scan.slot in slots_of(other):
            continue
        if _converts_column(col_aff, other_aff):
            continue
        return Term(col.column, op, other, _value_affinity(col_aff, other_aff), conjunct.collation)
    return None


def _converts_column(col_aff, other_aff) -> bool:
    """Whether the comparison would convert the column's values (then no index can help).
    Mirrors ``expressions.side_affinities``: only NUMERIC ever converts a column."""
    return other_aff in _NUMERIC and col_aff not in _NUMERIC


def _value_affinity(col_aff, other_aff) -> str | None:
    if col_aff in _NUMERIC and other_aff not in _NUMERIC:
        return "NUMERIC"
    if col_aff == "TEXT" and other_aff is None:
        return "TEXT"
    return None
