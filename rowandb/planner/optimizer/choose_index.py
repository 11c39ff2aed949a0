"""Rule 4: search a rowid or an index instead of scanning, when a conjunct allows it.

``Filter(Scan t, t.c = e AND ...)`` becomes ``Filter(IndexScan t ON index(c...), ...)`` when
``e`` does not read ``t`` (so it is known before the scan starts: a constant, a parameter or
a column of an outer loop). Equalities on a prefix of the index's columns plus at most one
range (<, <=, >, >=) on the next column are used (after every column, on the rowid the
entries end with: ``rowid_after_keys``). A term qualifies only when the comparison
would not convert the column's own values (SQLite's affinity rules) and uses the index's
collation; the search key is the other operand converted as the comparison converts it.
The Filter keeps every conjunct — the search only narrows the rows it has to check --
but one the search is made of that calls a volatile function, which SQLite computes once
and never tests again (``_without_volatile_seeks``).

Preference: rowid equality, then the index with the longest equality prefix (a unique
index fully matched wins ties), then a rowid range, then an index range -- but of two
searches by equalities alone, one keying every column of a UNIQUE index beats one whose
columns are not a superset of its own, as SQLite's costs have it (``_cheapest``). Once ANALYZE has
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

from ...errors import OperationalError
from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, conjoin, conjuncts, contains_subquery, slots_of
from ..plan.expr_compare import implies, or_false_taken, same
from ..exec.comparison_sides import deferred
from ..types.values import is_collation
from .chain import with_sides
from .costs import index_width
from .node_slots import filled_slots
from .plain_loops import unsearchable
from .range_order import in_join_order, in_sqlite_order, lone_halves
from .rowid_in_first import rowid_in_first
from .search_memo import remembered
from ...catalog.ascii_case import ascii_lower

_EXPRESSION = -2                 # catalog.schema.EXPRESSION: an index key that is an expression

_NUMERIC = ("INTEGER", "REAL", "NUMERIC")
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq"}


@dataclasses.dataclass(frozen=True)
class Term:
    column: int                  # -1 for the rowid, -2 for an expression of the row
    op: str                      # eq lt le gt ge, with the column on the left
    value: object                # bound expression, wrapped for affinity by the executor
    affinity: str | None         # affinity to apply to the value before searching
    collation: str
    expr: object = None          # the expression of the row (column -2)
    null_safe: bool = False      # ``IS``: a NULL value finds the NULL keys (``null_safe_term``)


def choose_index(node, terms=None, role="", implying=(), where=(), reads=None, order=None,
                 own=None, costed=None):
    """``terms``: every WHERE and inner ON conjunct of the query, which may make a partial
    index that INDEXED BY names usable (``_implying``); ``role``: "outer" for the right
    item of a LEFT JOIN, "ltorj" for one to the left of a RIGHT or FULL JOIN, for the
    right item of a RIGHT or FULL JOIN the lists of terms that must each imply a partial
    index's WHERE (``_right_item_implying``); ``implying``: the terms of an enclosing
    query that reach the query's tables, as they do in SQLite once it flattens the query
    into it (``plan/flatten.py``; None: the query is flattened left of a RIGHT or FULL
    JOIN, so its tables are "ltorj"); ``where``: the conjuncts of the query's WHERE;
    ``reads``: the columns the query reads of each FROM item (analysis.ColumnsRead);
    ``order``: (the ORDER BY SQLite's solver weighs, ``join_sort.Sorting``, or None; the
    tables of a join its costed order reads whole, ``join_costs.solve``'s ``scans``),
    for ``order_choice``; ``own``: the slots the query's FROM fills (``range_order``);
    ``costed``: slot -> the way a join's costed order searches that table by
    (``costed_search.py``)."""
    if implying is None:
        role = "ltorj"
    if terms is None:
        terms = _query_terms(node) + list(implying or ())
    if isinstance(node, L.Join) and node.kind in ("right", "full"):
        _right_item_searchable(node.right, node.condition)
        from .right_on_collations import right_on_unasked     # (it imports this module)
        node = right_on_unasked(node)
    if own is None:
        own = filled_slots(node)
    if isinstance(node, L.Filter) and isinstance(_table_scan(node.child), L.Scan):
        if unsearchable(node, node.child, costed):
            return node                 # no index, no rowid term: nothing to search by
        return _searched_loop(node, terms, role, reads, order, own=own, costed=costed)
    joined = None if order is None else (None, order[1])     # a join's own tables
    if isinstance(node, L.Filter):
        child = choose_index(node.child, terms, role, where=where, reads=reads, order=joined,
                             own=own, costed=costed)
        return node if child is node.child else L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        left_role = "ltorj" if node.kind in ("right", "full") else role
        right_role = role if role == "ltorj" else "outer" if node.kind == "left" else \
            _right_item_implying(node, where) if node.kind in ("right", "full") else role
        left = choose_index(node.left, terms, left_role, where=where, reads=reads,
                            order=joined, own=own, costed=costed)
        right = choose_index(node.right, terms, right_role, where=where, reads=reads,
                             order=joined, own=own, costed=costed)
        if left is node.left and right is node.right:
            return node                 # (nothing searched below: the node as it was)
        return with_sides(node, left, right)
    if isinstance(node, L.Scan):
        return _forced(node, (), _implying([], terms, role))
    return node


def _searched_loop(node: L.Filter, terms: list, role: str, reads=None, order=None,
                   setup=True, own=frozenset(), costed=None):
    """The Filter of one table's loop with the search chosen for it (the one a join's
    costed order took, ``costed``: ``costed_search``), under the Guard of
    an IN search (``in_setup``; not when ``setup`` is false), whose volatile values are
    computed once and shared by the Guard, the seek and the Filter
    (``in_setup.shared_values``)."""
    in_setup_m, in_loop_m, range_choice_m, rowid_in_cost_m, in_choice_m, order_choice_m, \
        rowid_after_keys_m, in_unsearched, index_range, costed_m, short_cut, in_cost = \
        _LATE or _late()
    in_setup, search_prefix = in_setup_m.in_setup, in_setup_m.search_prefix
    scan, original = _table_scan(node.child), node
    cut = short_cut.cut_loop(node, scan) if own <= {scan.slot} and not role and \
        node.child is scan else None    # SQLite's whereShortCut: a lone table's one row
    if cut is not None:
        return cut
    # under a lone min() or max(), the index whose IN loop SQLite's solver takes (False:
    # none); else the IN search SQLite's costs prefer to the ranked one (in_cost_search)
    lone = setup and node.child is scan
    chosen = order_choice_m.min_max_in_scan(scan, conjuncts(node.predicate), reads, order) \
        if lone and reads is not None else None
    if chosen is None and lone and own <= {scan.slot}:
        chosen = in_cost.in_cost_scan(scan, conjuncts(node.predicate), reads, order)
    in_scan = chosen or scan
    prefix = search_prefix(in_scan, conjuncts(node.predicate)) if setup else ()
    shared = in_setup_m.shared_values(scan, prefix)
    if shared:
        node = L.Filter(node.child, _replaced(node.predicate, shared))
        prefix = search_prefix(in_scan, conjuncts(node.predicate))
    parts = conjuncts(node.predicate)
    ordered = in_sqlite_order(parts) if own <= {scan.slot} else in_join_order(parts)
    looped = in_loop_m.in_loop(in_scan, ordered, node.predicate) \
        if prefix and chosen is not False else None
    if looped is not None:
        found = rowid_after_keys_m.rowid_after_keys(scan, ordered, looped[0])
        return in_setup(scan, prefix, L.Filter(found, _seek_collations_unasked(
            _without_volatile_seeks(looped[1], ordered, scan, found), ordered, scan, found)))
    # the terms that may make a partial index usable count only under INDEXED BY
    implying = _implying(parts, terms, role) if scan.indexed else ()
    found = _best_search(scan, ordered, implying)
    if found is None and node.child is not scan:
        found = node.child              # the narrower index it reads already
    if reads is not None and node.child is scan:
        found = range_choice_m.range_choice(scan, parts, found, reads, ordered)
        found = index_range.index_range_choice(scan, parts, found, reads, ordered)
    if costed and scan.slot in costed and node.child is scan:
        found = costed_m.costed_search(scan, ordered, found, costed[scan.slot])
    if prefix and reads is not None and any(map(calls_volatile, _seek_values(found))):
        found, node = rowid_in_cost_m.rowid_in_scan(scan, prefix, parts, found, node, reads)
    if reads is not None and node.child is scan:
        found, node = in_choice_m.in_choice(scan, parts, found, node, reads)
        found, node = order_choice_m.order_choice(scan, parts, found, node, reads, order)
    if prefix and in_unsearched.in_unsearched(scan, parts, found, reads):   # tested per row
        return _searched_loop(original, terms, role, reads, order, setup=False, own=own,
                              costed=costed)
    found = rowid_after_keys_m.rowid_after_keys(scan, ordered, found)
    predicate = _seek_collations_unasked(
        _without_volatile_seeks(node.predicate, ordered, scan, found), ordered, scan, found)
    source = found or _forced(node.child, parts, implying)
    if not prefix and source is node.child and predicate is node.predicate:
        return node                     # no search: the loop as it was
    predicate = rowid_in_first(scan, prefix, source, predicate)
    return in_setup(scan, prefix, L.Filter(source, predicate))


_LATE: list = []    # in_setup, in_loop, range_choice, rowid_in_cost, in_choice, order_choice,
#                     rowid_after_keys, in_unsearched, index_range_choice, costed_search,
#                     short_cut, in_cost_search


def _late() -> list:
    """The modules ``_searched_loop`` calls that import this one, imported on its first
    call (an import statement in a function costs microseconds each time it runs: three
    a query, when the statement stood in ``_searched_loop``)."""
    from . import costed_search, in_choice, in_cost_search, in_loop, in_setup, \
        in_unsearched, index_range_choice, order_choice, range_choice, rowid_after_keys, \
        rowid_in_cost, short_cut
    _LATE[:] = [in_setup, in_loop, range_choice, rowid_in_cost, in_choice, order_choice,
                rowid_after_keys, in_unsearched, index_range_choice, costed_search, short_cut,
                in_cost_search]
    return _LATE


def _seek_collations_unasked(predicate, parts: list, scan, found):
    """``predicate`` with the terms a rowid search ``found`` is made of compared under
    BINARY when they name a collation nobody has: SQLite codes such a term as the seek
    alone and never looks its collation up (``id = 1 COLLATE nosuch`` is no error, but
    ``id = 1 COLLATE nosuch OR 0``, tested too, is), and
    a rowid, an integer, compares alike under every collation. Every other term tested
    keeps its collation, which is then the error (``exec/expressions``)."""
    unasked = {id(c): _binary(c) for c in _rowid_seek_terms(parts, scan, found)
               if or_false_taken(c) is c and not is_collation(unlikely_operand(c).collation)}
    return _replaced(predicate, unasked) if unasked else predicate


def _binary(term):
    """The comparison ``term`` (maybe inside likely() and its kin) under BINARY."""
    if isinstance(term, b.Function):
        return dataclasses.replace(term, args=(_binary(term.args[0]),) + term.args[1:])
    return dataclasses.replace(term, collation="BINARY")


def _rowid_seek_terms(parts: list, scan, found) -> list:
    """The conjuncts of the rowid the search ``found`` was made of: the first rowid
    equality, else the first lower and the first upper bound (``_best_search``,
    ``_range``), also as an index's trailing key (``rowid_after_keys``)."""
    if isinstance(found, L.RowidScan):
        return seek_conjuncts(parts, scan, found)
    if isinstance(found, L.IndexScan) and (found.low or found.high) and \
            len(found.equal) == len(found.index.columns):
        return _bounds((_LATE or _late())[6].rowid_ranges(parts, scan), found)
    return []


def seek_conjuncts(parts: list, scan, found) -> list:
    """The conjuncts among ``parts`` the search ``found`` of ``scan``'s table was made of,
    as ``_searched`` picks them: the rowid's first equality, else its first lower and
    first upper bound; an index's first equality on each key it searches by equality,
    then the first lower and first upper bound on the next key."""
    terms = [(c, t) for c, t in ((c, search_term(or_false_taken(c), scan) or
                                  null_safe_term(or_false_taken(c), scan)) for c in parts)
             if t is not None]
    if isinstance(found, L.RowidScan):
        alias = scan.table.rowid_alias
        terms = [(c, t) for c, t in terms
                 if t.column == -1 or alias is not None and t.column == alias]
        if found.equal is not None:
            return [c for c, t in terms if t.op == "eq"][:1]
    elif isinstance(found, L.IndexScan):
        index, keyed = found.index, len(found.equal)
        chosen = [c for c in (next((c for c, t in terms if t.op == "eq" and
                                    _keys(t, index, i, scan.slot, scan.table)), None)
                              for i in range(keyed)) if c is not None]
        if keyed == len(index.columns):     # a range then bounds the rowid
            return chosen + _bounds((_LATE or _late())[6].rowid_ranges(parts, scan), found)
        terms = [(c, t) for c, t in terms if t.op != "eq" and
                 _keys(t, index, keyed, scan.slot, scan.table)]
        return chosen + _bounds(terms, found)
    else:
        return []
    return _bounds(terms, found)


def _seek_values(found) -> list:
    """The values a rowid or index search ``found`` seeks with (none for anything else)."""
    if isinstance(found, L.RowidScan):
        values = [] if found.equal is None else [found.equal]
    elif isinstance(found, L.IndexScan):
        values = list(found.equal)
    else:
        return []
    return values + [bound[0] for bound in (found.low, found.high) if bound]


def _bounds(terms: list, found) -> list:
    lows = [c for c, t in terms if t.op in ("gt", "ge")][:1] if found.low else []
    return lows + ([c for c, t in terms if t.op in ("lt", "le")][:1] if found.high else [])


def _without_volatile_seeks(predicate, parts: list, scan, found):
    """``predicate`` without the conjuncts the search ``found`` is made of that call a
    function whose value may change between calls (a connection's own function, random(),
    ...). SQLite codes a term its search uses as the seek alone (where.c, disableTerm):
    the value is computed once and the term never tested again on the row found, so
    ``WHERE a = f()`` finds the row of f's one value; testing it again would call f again
    and could reject that row. Other seek terms stay: testing them again changes nothing."""
    if not any(map(calls_volatile, _seek_values(found))):
        return predicate
    taken = seek_conjuncts(parts, scan, found)
    dropped = {id(c) for c in taken if calls_volatile(c)} - lone_halves(parts, taken)
    if not dropped:
        return predicate
    kept = [c for c in conjuncts(predicate) if id(c) not in dropped]
    return conjoin(kept) if kept else b.Literal(1)


def _replaced(expr, by: dict):
    """``expr``, an AND tree, with each node whose id is a key of ``by`` replaced."""
    if id(expr) in by:
        return by[id(expr)]
    if isinstance(expr, b.Binary) and expr.op == "and":
        left, right = _replaced(expr.left, by), _replaced(expr.right, by)
        if left is not expr.left or right is not expr.right:
            return b.Binary("and", left, right)
    return expr


def _query_terms(node) -> list:
    """The conjuncts of every Filter and inner join condition of a query's row source,
    but for the ON of an outer join (the Filter right under a LEFT JOIN's right side)."""
    found, stack = [], [(node, False)]
    while stack:
        top, outer_on = stack.pop()
        if isinstance(top, L.Filter):
            if not outer_on:
                found += conjuncts(top.predicate)
            stack.append((top.child, False))
        elif isinstance(top, L.Join):
            if top.kind in ("inner", "cross") and top.condition is not None:
                found += conjuncts(top.condition)
            stack += [(top.left, False), (top.right, top.kind in ("left", "full"))]
    return found


def _implying(parts, terms, role):
    """The conjuncts that may make a partial index of a FROM item usable (where.c,
    whereUsablePartialIndex): none to the left of a RIGHT or FULL JOIN (JT_LTORJ); its
    own ON for the right item of a LEFT JOIN; for the right item of a RIGHT or FULL JOIN
    the lists ``_right_item_implying`` gives, each of which must imply it; else every
    term of the query."""
    if role == "ltorj":
        return None
    if isinstance(role, tuple):
        return role
    return parts if role == "outer" else list(parts) + [t for t in terms if t not in parts]


def _right_item_implying(join: L.Join, where) -> tuple:
    """For the right item of a RIGHT or FULL JOIN, the two lists of terms that must each
    imply a partial index's WHERE: SQLite plans the item's loop with its own ON terms only
    (JT_OUTER), and plans it again, alone, for the loop over the rows no left row matched
    (wherecode.c, sqlite3WhereRightJoinLoop) with the WHERE's terms that read no FROM
    item to the right of it (none when the item is itself left of a RIGHT JOIN)."""
    on = conjuncts(join.condition) if join.condition is not None else []
    reach = {s + rowid for s in filled_slots(join) for rowid in (0, 1)}
    return on, [t for t in where if slots_of(t) <= reach]


def _table_scan(node):
    """The table Scan ``node`` reads, when it is one or a whole index read in its stead
    (a query optimized again: ``push_into_cte``)."""
    return node.replaces if isinstance(node, L.IndexScan) and node.replaces is not None \
        else node


def _right_item_searchable(node, condition) -> None:
    """SQLite's "no query solution" for the right-hand item of a RIGHT or FULL JOIN read
    ``INDEXED BY`` an index on expressions that no term of its ON clause can search:
    SQLite never scans such an index whole there, as it could not find the unmatched rows
    again through it (where.c whereLoopAddBtree, "Do not do an SCAN of a
    index-on-expression in a RIGHT JOIN"); the WHERE's terms do not search it either.
    A term of the ON searches it when it constrains its first key (``_key_term``)."""
    scan = node.child if isinstance(node, L.Filter) else node
    if not isinstance(scan, L.Scan) or not scan.indexed or \
            all(c.column != _EXPRESSION for c in scan.indexed.columns):
        return
    on = conjuncts(condition) if condition is not None else []
    if not any(_keys(t, scan.indexed, 0, scan.slot, scan.table)
               for t in (_key_term(c, scan, scan.indexed) for c in on) if t is not None):
        raise OperationalError("no query solution")


def _key_term(conjunct, scan: L.Scan, index) -> Term | None:
    """``search_term`` of ``conjunct`` read as SQLite's index search reads it: ``x IS v``
    and ``x IS NULL`` (under the first key's collation) and ``x IN (...)`` with values
    known before the row is read search like ``x = v`` (where.c, WO_IS, WO_ISNULL, WO_IN;
    an ``IN (SELECT ...)`` only of a column; ``IS NULL`` not of a column that cannot be
    NULL, which SQLite's search ignores: whereLoopAddBtreeIndex, indexColumnNotNull)."""
    if isinstance(conjunct, b.Unary) and conjunct.op == "isnull":
        conjunct = b.Compare("is", conjunct.operand, b.Literal(None),
                             index.columns[0].collation)
    if isinstance(conjunct, b.Compare) and conjunct.op == "is":
        if _never_null(conjunct.left, scan) and isinstance(conjunct.right, b.Literal) and \
                conjunct.right.value is None:
            return None
        conjunct = dataclasses.replace(conjunct, op="eq")
    elif isinstance(conjunct, (b.InList, b.InSubquery)) and not conjunct.negated:
        from .outer_search import values_apart      # it imports this module
        if not values_apart(conjunct, scan.slot) or isinstance(conjunct, b.InSubquery) \
                and not isinstance(conjunct.operand, b.ColumnRef):
            return None     # an IN (SELECT ...) searches by a column only
        conjunct = b.Compare("eq", conjunct.operand, b.Literal(None), conjunct.collation,
                             conjunct.affinity)
    return search_term(conjunct, scan)


def null_safe_term(conjunct, scan: L.Scan) -> Term | None:
    """The search ``x IS v`` or ``x IS NULL`` allows on an index key x (not the rowid,
    which ``search_term`` takes): SQLite's WHERE analysis searches by them as by ``=``
    (where.c, WO_IS and WO_ISNULL in whereLoopAddBtreeIndex's equality operators), but a
    NULL value finds the entries whose key is NULL. ``IS NULL`` of a column that cannot
    be NULL searches nothing (indexColumnNotNull); it matches a key under any
    collation (its Term's collation is None)."""
    conjunct = unlikely_operand(conjunct)
    if isinstance(conjunct, b.Unary) and conjunct.op == "isnull":
        if _never_null(conjunct.operand, scan):
            return None
        conjunct = b.Compare("eq", conjunct.operand, b.Literal(None), None)
    elif isinstance(conjunct, b.Compare) and conjunct.op == "is":
        conjunct = dataclasses.replace(conjunct, op="eq")
    else:
        return None
    term = search_term(conjunct, scan)
    return None if term is None else dataclasses.replace(term, null_safe=True)


def _never_null(operand, scan: L.Scan) -> bool:
    """Whether ``operand`` is a column of ``scan``'s table that cannot be NULL: NOT NULL,
    the rowid or its alias."""
    if not isinstance(operand, b.ColumnRef) or operand.slot != scan.slot:
        return False
    column = operand.column
    return column < 0 or column == scan.table.rowid_alias or \
        scan.table.columns[column].notnull


def _forced(scan: L.Scan, parts=(), implying=()):
    """``INDEXED BY i`` with no term the index can search: every entry of ``i``, in index
    order, as SQLite does (a partial index only when the query's terms ``implying`` imply
    its own, else SQLite's "no query solution"); any other scan stays as it is."""
    if scan.indexed:
        if not _usable_named(scan.indexed, implying, scan.slot):
            raise OperationalError("no query solution")
        return L.IndexScan(scan.slot, scan.table, scan.alias, scan.indexed)
    return scan


def _usable_named(index, implying, slot: int) -> bool:
    """``usable`` for the index INDEXED BY names, by the terms ``_implying`` gives (by
    each list of them, when it gives a tuple of lists)."""
    if isinstance(implying, tuple):
        return all(_usable_named(index, each, slot) for each in implying)
    return not index.partial or implying is not None and usable(index, implying, slot)


def usable(index, parts, slot: int) -> bool:
    """Whether a query whose WHERE has the conjuncts ``parts`` may read ``index``: any
    index but a partial one, which only when the WHERE implies the index's own
    (where.c, whereUsablePartialIndex)."""
    return not index.partial or implies(parts, index.form.where, slot)


def _best_search(scan: L.Scan, parts: list, implying=()):
    """The best search for ``scan`` among the indexes it may use: all of them, only the one
    ``INDEXED BY`` names (not the rowid either), or, under ``NOT INDEXED``, the rowid only.
    Asked again of the same table and terms while one plan is made, it is not worked out
    again (``search_memo``)."""
    return remembered(scan, parts, implying, _searched)


def _searched(scan: L.Scan, parts: list, implying):
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan)
                         for c in map(or_false_taken, parts)) if t is not None]
    if not terms:
        return None
    indexed = scan.indexed
    if indexed and not _usable_named(indexed, parts if implying == () else implying,
                                     scan.slot):
        raise OperationalError("no query solution")
    table = scan.table
    alias = table.rowid_alias
    rowid_terms = [t for t in terms if t.column == -1 or (alias is not None and t.column == alias)]
    if scan.indexed:
        rowid_terms = []
    for t in rowid_terms:
        if t.op == "eq":
            return L.RowidScan(scan.slot, table, scan.alias, equal=_wrap(t))
    best, best_rank, found = None, (0,), []
    indexes = table.indexes if scan.indexed is None else (scan.indexed,) if scan.indexed else ()
    for index in indexes:
        if not usable(index, parts, scan.slot):
            continue
        search, rank = _index_search(scan, index, terms)
        if search is not None:
            found.append((search, rank))
            if rank > best_rank:
                best, best_rank = search, rank
    if best is not None and best_rank[0] > 0 and not best_rank[2] and not table.stats:
        best = _cheapest(table, [(s, r) for s, r in found if r[0] and not r[2]])
    if best is not None and best_rank[0] > 0:
        return best
    low, high = _range([t for t in rowid_terms if t.op != "eq"])
    if low or high:
        return L.RowidScan(scan.slot, table, scan.alias, low=low, high=high)
    return best


def finds_one_row(scan: L.Scan, parts: list) -> bool:
    """Whether the best search of ``scan`` by the conjuncts ``parts`` finds at most one
    row (``is_one_row_search``)."""
    return is_one_row_search(_best_search(scan, parts))


def is_one_row_search(found) -> bool:
    """Whether the search ``found`` finds at most one row, as SQLite's WHERE_ONEROW says
    (where.c, whereLoopAddBtreeIndex): the rowid by equality, or every key of a UNIQUE
    index by ``=`` when it has one key (by ``=``, not ``IS``) or all its columns are NOT
    NULL (NULLs are distinct in a UNIQUE index)."""
    if isinstance(found, L.RowidScan):
        return found.equal is not None
    if not isinstance(found, L.IndexScan) or not found.index.unique or \
            len(found.equal) != len(found.index.columns):
        return False
    columns = found.table.columns
    return len(found.equal) == 1 and not any(found.null_safe) or all(
        c.column >= 0 and columns[c.column].notnull for c in found.index.columns)


def is_unique_search(node) -> bool:
    """Whether ``node`` searches its table by the rowid or every key of a UNIQUE index, by
    equality: one row at most (NULL keys aside)."""
    if isinstance(node, L.RowidScan):
        return node.equal is not None
    return isinstance(node, L.IndexScan) and node.index.unique and not node.in_keys and \
        len(node.equal) == len(node.index.columns) and not any(node.null_safe)


def _index_search(scan: L.Scan, index, terms):
    equal, keyed = [], []
    for i, icol in enumerate(index.columns):
        match = next((t for t in terms
                      if t.op == "eq" and _keys(t, index, i, scan.slot, scan.table)), None)
        if match is None:
            break
        equal.append(_wrap(match))
        keyed.append(match)
    low = high = None
    if len(equal) < len(index.columns):
        i = len(equal)
        low, high = _range([t for t in terms
                            if t.op != "eq" and _keys(t, index, i, scan.slot, scan.table)])
    if not equal and not low and not high:
        return None, (0,)
    full_unique = index.unique and len(equal) == len(index.columns)
    bounds = int(bool(low)) + int(bool(high))
    rank = (len(equal), int(full_unique), bounds)
    if scan.table.stats and equal:
        rank = (1, -_estimate(scan.table, index, len(equal), full_unique) / 4 ** bounds) + rank
    null_safe = tuple(t.null_safe for t in keyed) if any(t.null_safe for t in keyed) else ()
    return L.IndexScan(scan.slot, scan.table, scan.alias, index, tuple(equal), low, high,
                       null_safe=null_safe), rank


def _cheapest(table, found: list):
    """Of searches by equalities alone (no statistics), the one SQLite's costs take:
    keying every column of a UNIQUE index expects one row (sqlite3DefaultRowEst's last
    figure, 0), fewer than any other prefix, a longer prefix fewer rows, and a narrower
    entry costs less (whereLoopAddBtreeIndex's rCostIdx); a search keying a proper
    superset of another's columns costs no more than it and expects fewer rows
    (whereLoopAdjustCost); of equals the newest index, first in SQLite's list. So
    ``c2 IS 2 AND c0 = 0 AND c3 IS 0`` with UNIQUE (c2) and UNIQUE (c0, c3) searches c2
    where no short cut applies."""
    costs = [((0,) if rank[1] else (1, -rank[0])) + (index_width(table, s.index),)
             for s, rank in found]
    keys = [_keyed(s) for s, _ in found]

    def weighed(i: int) -> tuple:
        below = [costs[j] for j in range(len(found)) if keys[j] < keys[i]]
        return min([costs[i]] + below), not below, -i
    return found[min(range(len(found)), key=weighed)][0]


def _keyed(search) -> frozenset:
    """The columns an index search's equalities key (an expression by its place)."""
    return frozenset(c.column if c.column != _EXPRESSION else (search.index.name, i)
                     for i, c in enumerate(search.index.columns[:len(search.equal)]))


def _keys(term: Term, index, i: int, slot: int, table=None) -> bool:
    """Whether ``term`` constrains key ``i`` of ``index``: the same column, or the same
    expression, under the key's collation -- under any collation when the key is the
    INTEGER PRIMARY KEY of ``table``, whose values are integers (where.c, whereScanInit
    takes that key for the rowid, and checks no collation nor affinity then)."""
    icol = index.columns[i]
    if term.column != icol.column:
        return False
    if term.collation != icol.collation and term.collation is not None and not (
            table is not None and icol.column >= 0 and icol.column == table.rowid_alias):
        return False
    return icol.column != _EXPRESSION or same(term.expr, index.form.exprs[i], slot, 0)


_DEFAULT_ROWS = (10, 9, 8, 7, 6)        # sqlite3DefaultRowEst, per key column; then 5


def _estimate(table, index, prefix: int, full_unique: bool) -> int:
    """Rows an equality on the first ``prefix`` columns of ``index`` is expected to find."""
    figures = table.stats.get(ascii_lower(index.name))
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
    return b.Function("__affinity_" + ascii_lower(term.affinity), (term.value,))


def search_term(conjunct, scan: L.Scan) -> Term | None:
    """The search ``conjunct`` allows on the table of ``scan`` (any node with its ``slot``),
    or None: a comparison of a column or expression of the row with a value the row does
    not decide, which the comparison does not convert the column for. A likely(),
    unlikely() or likelihood() around it is looked through, and ``IS`` searches the
    rowid as ``=`` does (a rowid is never NULL), as SQLite's WHERE analysis does
    (sqlite3ExprSkipCollateAndLikely, WO_IS).

    The answer is a function of the conjunct (a bound node, never changed), the slot and
    the table's rowid alias, so it is kept on the conjunct under those two: a one-table
    query's rules ask it of each WHERE term five or six times (the short cut, the index
    choice per index, the ORDER BY's constant keys). Not for a conjunct holding a
    subquery, whose query a rule may change (``slots_of`` keeps nothing for it either)."""
    known = getattr(conjunct, "_search_terms", None)
    key = (scan.slot, getattr(getattr(scan, "table", None), "rowid_alias", None))
    if known is not None and key in known:
        return known[key]
    term = _search_term_now(conjunct, scan)
    if isinstance(conjunct, b.Expr) and not contains_subquery(conjunct):
        if known is None:
            object.__setattr__(conjunct, "_search_terms", known := {})
        known[key] = term
    return term


def _search_term_now(conjunct, scan) -> Term | None:
    conjunct = unlikely_operand(conjunct)
    rowid_only = isinstance(conjunct, b.Compare) and conjunct.op == "is"
    if not isinstance(conjunct, b.Compare) or conjunct.op not in _FLIP and not rowid_only:
        return None
    op = "eq" if rowid_only else conjunct.op
    pairs = ((conjunct.left, conjunct.right, op, conjunct.left_affinity, conjunct.right_affinity),
             (conjunct.right, conjunct.left, _FLIP[op], conjunct.right_affinity,
              conjunct.left_affinity))
    for col, other, op, col_aff, other_aff in pairs:
        col = col.operand if isinstance(col, b.Collate) else col
        if rowid_only and not is_rowid(col, scan):
            continue
        expr = None
        if not isinstance(col, b.ColumnRef) or col.slot != scan.slot:
            if slots_of(col) != {scan.slot} or contains_subquery(col):
                continue
            expr = col                  # may be the key of an index on expressions
        if scan.slot in slots_of(other):
            continue
        if _converts_column(col_aff, other_aff):
            continue
        return Term(col.column if expr is None else _EXPRESSION, op, other,
                    _value_affinity(col_aff, other_aff, deferred(other)), conjunct.collation,
                    expr)
    return None


_LIKELY = ("likely", "unlikely", "likelihood")


def unlikely_operand(expr):
    """``expr`` without the likely(), unlikely() or likelihood() calls around it."""
    while isinstance(expr, b.Function) and expr.name in _LIKELY and expr.args:
        expr = expr.args[0]
    return expr


def on_rowid(term, scan) -> bool:
    """Whether ``term`` (a comparison or an IN) tests ``scan``'s rowid."""
    operands = (term.left, term.right) if isinstance(term, b.Compare) else \
        (getattr(term, "operand", None),)
    return any(is_rowid(o, scan) for o in operands)


def is_rowid(col, scan) -> bool:
    """Whether ``col`` is the rowid (or its INTEGER PRIMARY KEY alias) of ``scan``'s table."""
    if not isinstance(col, b.ColumnRef) or col.slot != scan.slot:
        return False
    table = getattr(scan, "table", None)
    return col.column == -1 or table is not None and col.column == table.rowid_alias


def _converts_column(col_aff, other_aff) -> bool:
    """Whether the comparison would convert the column's values (then no index can help).
    Mirrors ``expressions.side_affinities``: only NUMERIC ever converts a column."""
    return other_aff in _NUMERIC and col_aff not in _NUMERIC


def _value_affinity(col_aff, other_aff, other_deferred: bool = False) -> str | None:
    """The affinity a searched value gets: SQLite applies the comparison's to it unless
    the value already has it -- not so a deferred one (a compound subquery's value may
    be text under its last SELECT's INTEGER affinity: exec/comparison_sides.py)."""
    if col_aff in _NUMERIC and (other_aff not in _NUMERIC or other_deferred):
        return "NUMERIC"
    if col_aff == "TEXT" and other_aff is None:
        return "TEXT"
    return None
