"""The search SQLite runs on the right table of a RIGHT or FULL JOIN, by its ON's terms.

SQLite loops over a RIGHT or FULL JOIN's right table inside the left one, searching it by
the ON's terms as it searches any inner table (where.c, whereLoopAddBtreeIndex): by the
rowid, or by an index's equalities and ``IN (...)`` lists on a prefix of its keys, then
a range on the next key. For each left row it computes the search's values before it
reads any right row (wherecode.c, codeAllEqualityTerms): the equalities' and IN lists'
in key order, then the range's start -- even when the table is empty, so their errors
surface -- and, once the seek has landed on an index entry (any past the seek key, in
the index's order), the range's end; a NULL equality value or start ends the search
there. The ON's other terms are tested only on the rows found.

``outer_search`` names those terms, in the order their values are computed: a search by
equalities alone makes them the keys of an outer hash join
(``hash_join._to_outer_hash_join``), which computes the same values; one by a range or an
IN list or an ``IN (SELECT ...)`` (its subquery run first, per left row when it is
correlated: an empty one ends the search before any later value) is run by the nested
loop of ``exec/outer_join.py`` (``L.Join.search``). Among
the indexes: the rowid by ``=`` or by an IN list, then the index whose prefix of ``=`` and IN terms is longest (more ``=`` wins a
tie), then the range with more bounds, the rowid's on a tie -- the choices SQLite's costs
make for tables without statistics. ``INDEXED BY`` leaves only its index, ``NOT INDEXED``
the rowid; an IN's column may stand under a COLLATE, and an ``IN (SELECT ...)`` counts
only when its affinity compares the column as stored. ``in_setup.py`` asks the same
question of every other table loop.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import contains_subquery, outer_slots, slots_of
from ..exec.comparison_sides import in_subquery_affinity
from .choose_index import _keys, search_term, usable

EQ, IN, LOW, HIGH = "eq", "in", "low", "high"
_NUMERIC = ("INTEGER", "REAL", "NUMERIC")


def outer_search(scan: L.Scan, parts: list) -> tuple | None:
    """``((conjunct, role), ...)`` -- role EQ, IN, LOW or HIGH, HIGH last -- for the search
    SQLite runs on ``scan`` by the ON conjuncts ``parts``, or None when it scans the
    table. On equal ranks the newest index wins: SQLite's list of a table's indexes
    starts with the last one created, and a later plan must cost less to replace it."""
    terms = [(t, c) for t, c in ((_term(c, scan), c) for c in parts) if t is not None]
    if not terms:
        return None
    rowid = [] if scan.indexed else \
        [(t, c) for t, c in terms if t.column == -1 or t.column == scan.table.rowid_alias]
    rowid_eq = next((c for t, c in rowid if t.op == "eq"), None)
    if rowid_eq is not None:
        return ((rowid_eq, EQ),)
    rowid_in = next((c for t, c in rowid if t.op == IN), None)
    if rowid_in is not None:
        return ((rowid_in, IN),)
    indexes = scan.table.indexes if scan.indexed is None else \
        (scan.indexed,) if scan.indexed else ()
    best, best_rank = None, (0, 0, 0, 0)
    for index in reversed(indexes):     # SQLite's list: the newest index first
        if usable(index, parts, scan.slot):
            found, rank = _index_search(scan, index, terms)
            if rank > best_rank:
                best, best_rank = found, rank
    rowid_range = _range(rowid)
    if best_rank[0] == 0 and len(rowid_range) >= best_rank[3] and rowid_range:
        best = rowid_range
    return tuple(best) if best else None


def _term(conjunct, scan: L.Scan):
    """``search_term``'s Term, or for ``column IN (values...)`` and ``column IN (SELECT
    ...)`` a stand-in with op IN."""
    if isinstance(conjunct, (b.InList, b.InSubquery)) and not conjunct.negated:
        col = conjunct.operand
        while isinstance(col, b.Collate):
            col = col.operand
        if isinstance(col, b.ColumnRef) and col.slot == scan.slot and \
                values_apart(conjunct, scan.slot) and _affinity_ok(conjunct, col, scan):
            return _InTerm(col.column, IN, conjunct.collation)
        return None
    return search_term(conjunct, scan)


def _affinity_ok(conjunct, col, scan) -> bool:
    """Whether an IN compares the column's values as stored (sqlite3IndexAffinityOk):
    always for a list; for ``IN (SELECT ...)`` when the IN's affinity is none or one of
    the column's kind, the rowid counting as INTEGER (``x IN (SELECT CAST(... AS INT))``
    of a TEXT or untyped x searches nothing)."""
    if not isinstance(conjunct, b.InSubquery):
        return True
    affinity = in_subquery_affinity(conjunct.affinity, conjunct.query)
    if affinity in (None, "BLOB"):
        return True
    column = "INTEGER" if col.column in (-1, scan.table.rowid_alias) else conjunct.affinity
    return column == "TEXT" if affinity == "TEXT" else column in _NUMERIC


def values_apart(conjunct, slot: int) -> bool:
    """Whether an IN's values can be had before the searched row is read: list items
    that read neither it nor a subquery; a subquery that does not read it."""
    if isinstance(conjunct, b.InSubquery):
        return slot not in outer_slots(conjunct.query)
    return not any(slot in slots_of(i) or contains_subquery(i) for i in conjunct.items)


class _InTerm:
    __slots__ = ("column", "op", "collation", "expr")

    def __init__(self, column, op, collation):
        self.column, self.op, self.collation, self.expr = column, op, collation, None


def _index_search(scan, index, terms):
    """The search of ``index`` by ``terms``: ``[(conjunct, role)]`` and its rank
    (prefix length, equalities in it, whether it is a whole UNIQUE key, range bounds)."""
    found, equalities = [], 0
    for i in range(len(index.columns)):
        keyed = [(t, c) for t, c in terms
                 if t.op in ("eq", IN) and _keys(t, index, i, scan.slot, scan.table)]
        if not keyed:
            break
        t, c = next(((t, c) for t, c in keyed if t.op == "eq"), keyed[0])
        found.append((c, EQ if t.op == "eq" else IN))
        equalities += t.op == "eq"
    bounds = []
    if len(found) < len(index.columns):
        i = len(found)
        bounds = _range([(t, c) for t, c in terms if _keys(t, index, i, scan.slot, scan.table)])
    whole = index.unique and len(found) == len(index.columns)
    return found + bounds, (len(found), equalities, int(whole), len(bounds))


def _range(terms) -> list:
    """The first lower and the first upper bound among ``terms``, lower first."""
    low = next((c for t, c in terms if t.op in ("gt", "ge")), None)
    high = next((c for t, c in terms if t.op in ("lt", "le")), None)
    return ([(low, LOW)] if low is not None else []) + \
        ([(high, HIGH)] if high is not None else [])


def search_column(conjunct, scan_slot: int):
    """The side of ``conjunct`` (a search term) that reads the searched row."""
    if isinstance(conjunct, (b.InList, b.InSubquery)):
        return conjunct.operand
    return conjunct.left if scan_slot in slots_of(conjunct.left) else conjunct.right


def search_value(conjunct, scan_slot: int):
    """The expressions of ``conjunct`` (a search term) that SQLite computes before reading
    the right table: the other operand of a comparison, an IN list's values (for ``IN
    (SELECT ...)`` the term itself: ``exec/outer_join.py`` runs its subquery)."""
    if isinstance(conjunct, b.InSubquery):
        return (conjunct,)
    if isinstance(conjunct, b.InList):
        return conjunct.items
    left_reads = scan_slot in slots_of(conjunct.left)
    return (conjunct.right if left_reads else conjunct.left,)
