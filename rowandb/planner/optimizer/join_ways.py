"""The ways SQLite's planner can reach one table of a join, costed as it costs them.

``join_costs.solve`` orders an all-inner join by SQLite's path solver; this module gives
it, for each table, the candidate loops where.c's whereLoopAddBtree and
whereLoopAddBtreeIndex would build (``Way``: SQLite's WhereLoop reduced to what the order
needs), in LogEst units (``costs.py``), in the order SQLite lists them (which decides
ties):

| way                           | rows out (nOut)                | cost of one visit (rRun)          |
|-------------------------------|--------------------------------|-----------------------------------|
| automatic index (RowanDB: a   | 20 (LogEst 43)                 | log(rows) + 43; once: log(rows) + |
| hash join), = on a column     |                                | rows + 28 to build it             |
| leading no index              |                                |                                   |
| full scan, rowid table        | the table's rows               | ``costs.full_scan``: rows + 16    |
| full scan, WITHOUT ROWID      | the table's rows               | rows + 1 + 15 x width(PRIMARY KEY |
| (through its PRIMARY KEY)     |                                | entry) / width(row)               |
| full scan of an index (any of | the index's rows               | rows + 1 + 15 x width(entry) /    |
| a WITHOUT ROWID table; a      |                                | width(row), + the lookups of the  |
| partial one; one holding      |                                | rows for an index not holding     |
| every column, narrower)       |                                | every column                      |
| rowid = value                 | 1 (LogEst 0)                   | log(rows) + 16                    |
| rowid range                   | as an index range              | log(rows) + out + 16              |
| index, = on a key prefix,     | the figure for that prefix (1  | log(rows) + out + 1 + 15 x index  |
| then maybe a range on the     | for a unique index matched, 1  | width / row width; + out + 16 to  |
| next key (the rowid or PRIMARY| past the keys); a              | read the table's rows (not for an |
| KEY columns after the keys)   | range bound divides by 4, both | index holding every column)       |
|                               | by 16 more (whereRangeScanEst) |                                   |

log(rows) is estLog: 0 up to LogEst 10, else LogEst(rows) - 33; without ANALYZE a table
has LogEst 200 rows (about a million) and an index SQLite's defaults
(sqlite3DefaultRowEst). Every way but an automatic index then has its rows out lowered
by the terms it leaves unused that read only its table and the tables it needs: one for
each, and for an equality the rows capped at rows - 20 (- 10 when compared with -1, 0 or
1): whereLoopOutputAdjust. A BETWEEN counts as one term, as SQLite keeps it.

An ``x IN (...)`` searches as ``x = ?`` does, its list's length (as a LogEst) added to
the way's cost and rows out (``in_costs.py``); ``x IS NULL`` as ``x = ?`` with twice its
rows (it fills a key under any collation). Not modelled: LIKE ranges,
indexes on expressions, an index covering the query without holding every column where
the query's read columns are not known (``Clause.reads`` None: the way is costed as
reading the table's rows too; nor where an IN searches the table, but for a lone
min()'s or max()'s loop: ``ways``' ``full``), whereLoopAdjustCost (but there), skip-scans
(which need ANALYZE's figures anyway). The terms an index entry can test are counted
in the order SQLite lists them, as written (``written_terms.py``: constants too, none
for a JOIN without ON), then the copies its analysis adds (``_terms_in_order``).

A table read INDEXED BY an index has only that index's ways (its full scan, whether or not
it holds the row, and its searches) and one read NOT INDEXED only the rowid's; neither
has an automatic index (whereLoopAddBtree; NOT INDEXED on a WITHOUT ROWID table
leaves it its indexes, ``bind/tables.index_hint``, and only forbids the automatic
index, ``Scan.automatic``).
"""

from __future__ import annotations

from typing import NamedTuple

from ..plan import bound as b
from ..plan.analysis import between_halves, slots_of
from .choose_index import null_safe_term, search_term, unlikely_operand, usable
from .covering import covers
from .in_costs import in_searches, needs_of
from .propagate_constants import constant_to_planner
from .is_keys import is_compare
from .costs import full_scan, index_rows, index_width, log_est, log_est_add, table_rows, \
    table_width
from .term_order import _columns_named       # the columns of one FROM item a term names
from ...catalog.ascii_case import ascii_lower

_RANGE = ("lt", "le", "gt", "ge")


class Way(NamedTuple):
    """One way to reach a table: SQLite's WhereLoop, reduced to what the order needs."""
    prereq: frozenset           # slots that must come before
    setup: int
    run: int
    out: int
    eq: bool = False            # an index searched by equality (beats an automatic one)
    width: int | None = None    # the index's entry width (szIdxRow); None: not an index
    # what an ORDER BY needs of it (join_sort.py): the index read (None: the rowid's
    # b-tree or an automatic index), the keys an equality fixes, whether it returns one
    # row, SQLite's iSortIdx (ways of different ones never replace each other), and
    # whether it searches by a term (WHERE_CONSTRAINT)
    index: object = None
    n_eq: int = 0
    one_row: bool = False
    sort: int = 0
    searched: bool = False
    used: tuple = ()            # the conjuncts it searches by (``in_choice.py``)
    # the keys its equalities and IN lists fix, n_eq's count of them where it loops an
    # IN: under a lone min() or max() SQLite counts an IN as an equality to the order
    # (wherePathSatisfiesOrderBy's eqOpMask takes WO_IN; ``order_choice.lone_way``)
    keyed: int = 0
    covering: bool = False      # an index read without the table's rows (WHERE_IDX_ONLY)


class Clause:
    """The WHERE's conjuncts as the ways of every table read them, analysed once per
    join: each with the slots of the join's items (``local``) it reads -- an enclosing
    query's columns are known before the loops, as SQLite's masks count them; the terms
    SQLite holds (not the implied ones, ``virtual``), a BETWEEN's halves paired; and
    their order for ``_index_scan``: ``written``'s, when given (``written_terms``), else
    the WHERE's."""

    def __init__(self, where: list, virtual: set, local: set, owner=None, written=None):
        self.where = where
        # the ON terms of a LEFT JOIN (id -> the slot of its right table): SQLite gives
        # them that table as a prerequisite (exprAnalyze, EP_OuterON), and only that
        # table searches by them -- and by no other term (constraintCompatibleWithOuterJoin)
        self.owner = owner or {}
        self.reads = None               # the columns read of each slot (join_costs.solve)
        self.outer = set(self.owner.values())
        self.slots = [slots_of(c) & local for c in where]   # an enclosing query's: known
        # a term SQLite's constant propagation left reading no table searches the table
        # of its fixed left column (whereexpr.c still indexes a fixed column) but counts
        # for no table's rows (``_searching``)
        self.constant = {id(c) for c in where if constant_to_planner(c)}
        for position, conjunct in enumerate(where):
            if id(conjunct) in self.owner:
                self.slots[position] = self.slots[position] | {self.owner[id(conjunct)]}
        halves = {id(high): low for low, high in between_halves(where)}
        lows = {id(low) for low in halves.values()}
        self.terms = []             # (conjunct, its other half or None, slots)
        for conjunct, slots in zip(where, self.slots):
            if id(conjunct) in virtual or id(conjunct) in lows or id(conjunct) in self.constant:
                continue
            half = halves.get(id(conjunct))
            self.terms.append((conjunct, half, slots | slots_of(half) & local if half else slots))
        self.in_order = _terms_in_order(written if written is not None else
                                        [c for c in where if id(c) not in virtual])

    def searches(self, conjunct, slot: int) -> bool:
        """Whether the table at ``slot`` may search by ``conjunct``: the right table of
        a LEFT JOIN by its ON's terms only, another table by no ON's term."""
        if not self.owner:
            return True
        owner = self.owner.get(id(conjunct))
        return owner == slot if owner is not None or slot in self.outer else True


def lone_ways(scan, parts: list, reads, helps=None, full: bool = False) -> list:
    """``ways`` of the table ``scan`` reads as a query of that table alone, under its
    loop's conjuncts ``parts``; ``reads(slot)``: the columns the query reads of it (the
    one-table rules ``range_choice``, ``in_choice`` and ``order_choice`` weigh these).
    ``full``: ``ways``' own."""
    clause = Clause(parts, set(), {scan.slot})
    clause.reads = reads
    return ways(scan.table, scan, scan.slot, clause, helps, full=full)


def ways(table, scan, slot: int, clause: Clause, helps=None, before=frozenset(),
         full: bool = False) -> list:
    """The ways to reach ``table`` (read by ``scan`` as ``slot``) under ``clause``, as
    whereLoopInsert keeps them: a way no better than an earlier one in every figure is
    dropped, one better than an earlier one takes its place. ``helps(index)``: whether
    an index (None: the rowid) might deliver the query's ORDER BY
    (indexMightHelpWithOrderBy): its full scan is then a way too, marked with SQLite's
    iSortIdx, the position of the index among the table's (the rowid's first).
    ``before``: the slots a LEFT or CROSS JOIN's right table comes after, every way's
    prerequisites to SQLite (whereLoopAddAll's mPrereq), so a term reading them and the
    table lowers its rows (``a LEFT JOIN b ON a.x > 3``: b's). ``full`` (a lone min()'s
    or max()'s loop, ``order_choice``): an index covering the query under an IN is
    weighed as covering, and each way's costs are moved past those of a way whose terms
    are a proper subset of its own, or a proper superset (``_subsets``); elsewhere not
    yet, the plans of joins as they were."""
    where = clause.where if not clause.owner else \
        [c for c in clause.where if clause.searches(c, slot)]
    terms = [(c, t) for c, slots in zip(clause.where, clause.slots)
             if slot in slots and clause.searches(c, slot)
             for t in [search_term(c, scan) or null_safe_term(c, scan)]
             if t is not None and t.column != -2 and t.op in ("eq",) + _RANGE
             and _searching(clause, c, slot)]
    terms += in_searches([c for c, slots in zip(clause.where, clause.slots)
                         if slot in slots and clause.searches(c, slot)], scan, slot)
    adjust = _Adjust(slot, clause.terms, before)
    rows = table_rows(table)
    named = getattr(scan, "indexed", None)      # INDEXED BY's index; () NOT INDEXED
    # an IN search, not modelled: the table is costed as before covering was weighed
    in_terms = not full and any(isinstance(c, (b.InList, b.InSubquery)) and not c.negated
                                for c in where if slot in slots_of(c))
    read = clause.reads(slot) if clause.reads is not None else None
    # no automatic index under INDEXED BY or NOT INDEXED, of a WITHOUT ROWID table too
    # (whereLoopAddBtree: !pSrc->fg.isIndexedBy && !pSrc->fg.notIndexed)
    found = _automatic(table, terms, rows) \
        if named is None and getattr(scan, "automatic", True) else []
    sort, probe = 0, 1
    if not table.without_rowid and not named:
        sort = probe if helps is not None and helps(None) else 0
        probe += 1
        found.append(adjust(Way(frozenset(), 0, full_scan(table), rows, sort=sort), rows, ()))
        rowid = [(c, t) for c, t in terms
                 if t.column == -1 or t.column == table.rowid_alias]
        found += _sorted(_rowid_ways(rows, rowid, adjust), sort)
    for index in table.index_list if named is None else (named,) if named else ():
        if not usable(index, where, slot):
            probe += 1
            continue
        size = index_rows(table, index)
        sort = 0                        # iSortIdx, reset for each index (whereLoopAddBtree)
        whole = _holds_row(table, index) or read is not None and \
            not in_terms and covers(table, index, read)     # WHERE_IDX_ONLY
        helped = helps is not None and helps(index)
        if helped or named or table.without_rowid or index.partial or \
                (whole and index_width(table, index) < table_width(table)):
            sort = probe if helped else 0
            way = _index_scan(table, index, slot, clause.in_order, size, whole)
            found.append(adjust(way._replace(sort=sort) if sort else way, size, ()))
        probe += 1
        found += _sorted(_index_ways(table, index, terms, adjust, whole), sort)
    kept: list = []
    for way in found:
        _insert(kept, _subsets(kept, way) if full else way)
    return kept


def _subsets(kept: list, new: Way) -> Way:
    """where.c's whereLoopAdjustCost, as whereLoopInsert runs it on each new loop of an
    index before weighing it against those kept: a kept index loop whose terms are a
    proper subset of ``new``'s, no dearer or returning no more rows, makes ``new`` as
    cheap and return a row fewer (``y = 2 AND x IN (1, 2)`` over (y, x) beats ``y = 2``);
    one a proper superset of ``new``'s makes it as dear and a row more."""
    if new.index is None or new.setup:
        return new
    for old in kept:
        if old.index is None or old.setup:
            continue
        if _cheaper_subset(old, new):
            new = new._replace(run=min(old.run, new.run), out=min(old.out, new.out) - 1)
        elif _cheaper_subset(new, old):
            new = new._replace(run=max(old.run, new.run), out=max(old.out, new.out) + 1)
    return new


def _cheaper_subset(x: Way, y: Way) -> bool:
    """whereLoopCheaperProperSubset: ``x`` searches by fewer terms, each one of ``y``'s,
    costs or returns no more, and covers the query only where ``y`` does."""
    if len(x.used) >= len(y.used) or x.run > y.run and x.out > y.out:
        return False
    if any(all(u is not v for v in y.used) for u in x.used):
        return False
    return not x.covering or y.covering


def _searching(clause: Clause, conjunct, slot: int) -> bool:
    """Whether ``conjunct`` may search the table at ``slot``: a term propagation left
    reading no table only by its left operand, the column SQLite fixed (exprAnalyze
    commutes no term whose right operand is fixed)."""
    if id(conjunct) not in clause.constant:
        return True
    left = conjunct.left if isinstance(conjunct, b.Compare) else None
    left = left.operand if isinstance(left, b.Collate) else left
    return isinstance(left, b.ColumnRef) and left.slot == slot


def _sorted(ways, sort: int) -> list:
    """``ways`` marked with SQLite's iSortIdx ``sort`` (0, without an ORDER BY: as made)."""
    return [w._replace(sort=sort) for w in ways] if sort else list(ways)


def _insert(kept: list, new: Way) -> None:
    """where.c's whereLoopInsert over one table's ways: an index searched by equality
    replaces an automatic index needing as much (whereLoopFindLesser); ``new`` is dropped
    when a kept way needs no more tables and costs and returns no more; it replaces the
    first kept way it is as good as (needing no more tables), and drops the others."""
    for i, old in enumerate(kept):
        if old.sort != new.sort:
            continue
        if old.setup and new.eq and new.prereq <= old.prereq:
            break
        if old.prereq <= new.prereq and old.setup <= new.setup and old.run <= new.run \
                and old.out <= new.out:
            return
        if new.prereq <= old.prereq and old.run >= new.run and old.out >= new.out:
            break
    else:
        kept.append(new)
        return
    kept[i] = new
    kept[i + 1:] = [w for w in kept[i + 1:] if not _no_better(w, new)]


def _no_better(old: Way, new: Way) -> bool:
    return old.sort == new.sort and new.prereq <= old.prereq and old.run >= new.run and old.out >= new.out \
        and old.setup >= new.setup


def _holds_row(table, index) -> bool:
    """Whether an entry of ``index`` holds every column of the row (a WITHOUT ROWID
    table's PRIMARY KEY is its row): reading it then never reads the table. An index
    holding only the columns the query reads covers it too (``Clause.reads``)."""
    if table.without_rowid and index.origin == "pk":
        return True
    return covers(table, index, set(range(len(table.columns))))


def _index_scan(table, index, slot: int, in_order: list, size: int, whole: bool) -> Way:
    """A full scan of ``index``: of a WITHOUT ROWID table, any index (its PRIMARY KEY
    holds the rows); of a rowid table, a partial one, or one holding every column and
    narrower than the row (the query's read columns are not known here). One not holding
    every column adds the
    lookups of the table's rows: rows + 16, less one for each leading term of the WHERE
    (its implied copies last) the index entry alone can test, 20 for an equality."""
    cost = size + 1 + 15 * index_width(table, index) // table_width(table)
    if not whole:
        held = {c.column for c in index.columns + index.suffix} | {-1}
        if table.rowid_alias is not None:
            held.add(table.rowid_alias)
        lookups = size + 16
        for conjunct, equality in in_order:
            if not _columns_named(conjunct, slot) <= held:
                break
            lookups -= 20 if equality else 1
        cost = log_est_add(cost, lookups)
    return Way(frozenset(), 0, cost, size, False, index_width(table, index), index,
               covering=whole)


def _terms_in_order(where: list):
    """(term, is an equality) as SQLite's WHERE clause lists them: each conjunct (the two
    halves of a BETWEEN as one), then, last to first, the copies its analysis adds: two
    for a BETWEEN, one for a comparison (=, IS, <, <=, >, >=) of two columns, which
    whereexpr.c's exprAnalyze adds commuted (TERM_VIRTUAL), of one table or two."""
    halves = {id(high): low for low, high in between_halves(where)}
    lows = {id(low) for low in halves.values()}
    base, copies = [], []
    for conjunct in where:
        if id(conjunct) in lows:
            continue
        if id(conjunct) in halves:
            base.append((b.Binary("and", halves[id(conjunct)], conjunct), False))
            copies += [(conjunct, False), (halves[id(conjunct)], False)]
            continue
        columns = _column_sides(conjunct)
        equality = columns > 0 and conjunct.op in ("eq", "is")
        base.append((conjunct, equality))
        if columns == 2:
            copies.append((conjunct, equality))
    return base + copies[::-1]


def _column_sides(conjunct) -> int:
    """How many sides of the comparison ``conjunct`` are columns (a COLLATE skipped),
    for whereexpr.c's exprAnalyze: with one, an = or IS is an equality of that column
    (WO_EQ, WO_IS: not ``1 = 1``, nor ``a + 1 = 5``); with two, it also adds the term
    commuted, a copy (TERM_VIRTUAL) of an =, IS, <, <=, > or >=."""
    if not (isinstance(conjunct, b.Compare) and conjunct.op in ("eq", "is") + _RANGE):
        return 0
    return sum(isinstance(s.operand if isinstance(s, b.Collate) else s, b.ColumnRef)
               for s in (conjunct.left, conjunct.right))


def _automatic(table, terms, rows: int) -> list:
    """Automatic indexes: one per equality (``=`` or ``IS``, not ``IS NULL``:
    termCanDriveIndex, ``is_keys.py``) on a column (not the rowid) of the table."""
    found = []
    for conjunct, term in terms:
        if term.op != "eq" or term.column < 0 or term.column == table.rowid_alias \
                or term.null_safe and not is_compare(unlikely_operand(conjunct)) \
                or not _good_candidate(table, term.column):
            continue
        needs = frozenset(slots_of(term.value))
        way = Way(needs, _est_log(rows) + rows + 28, log_est_add(_est_log(rows), 43), 43)
        found.append(way)
    return found


def _good_candidate(table, column: int) -> bool:
    """where.c's columnIsGoodIndexCandidate: no automatic index on a column that leads
    an index of the table (a partial one too, which the query may not be able to use),
    nor on one ANALYZE found an index's key to match more than 4 rows at."""
    for index in table.index_list:
        for position, key in enumerate(index.columns):
            if key.column == column:
                if position == 0:
                    return False
                figures = table.stats.get(ascii_lower(index.name))
                if figures is not None and len(figures) > position + 1 \
                        and log_est(figures[position + 1]) > 20:
                    return False
                break
    return True


def _rowid_ways(rows: int, terms: list, adjust) -> list:
    found = []
    for conjunct, term in terms:
        if term.op == "eq":
            way = Way(frozenset(slots_of(term.value)), 0, log_est_add(_est_log(rows), 16), 0,
                      n_eq=1, one_row=True, searched=True)
            found.append(adjust(way, rows, (conjunct,)))
    for conjunct, term in terms:
        if term.op == "in":             # in_costs.py: once per value
            way = Way(term.needs, 0, log_est_add(_est_log(rows), 16) + term.n_in, term.n_in,
                      searched=True)
            found.append(adjust(way, rows, (conjunct,)))
    for used, needs, out in _ranges(rows, [(c, t) for c, t in terms if t.op in _RANGE]):
        way = Way(needs, 0, log_est_add(_est_log(rows), out + 16), out, searched=True)
        found.append(adjust(way, rows, used))
    return found


def _ranges(rows: int, terms: list):
    """(conjuncts used, slots needed, rows out) of each range search on one key: a lower
    bound alone, then with each upper bound; an upper bound alone (whereRangeScanEst
    without samples: a bound keeps a quarter of the rows, both a sixteenth more)."""
    lows = [(c, t) for c, t in terms if t.op in ("gt", "ge")]
    highs = [(c, t) for c, t in terms if t.op in ("lt", "le")]
    pairs = [(low, None) for low in lows] + [(low, high) for low in lows for high in highs] \
        + [(None, high) for high in highs]
    for low, high in pairs:
        bounds = [x for x in (low, high) if x is not None]
        new = rows - 20 * len(bounds) - (20 if len(bounds) == 2 else 0)
        out = min(max(new, 10), rows - len(bounds))
        needs = frozenset().union(*(slots_of(t.value) for _, t in bounds))
        yield tuple(c for c, _ in bounds), needs, out


def _index_ways(table, index, terms, adjust, whole: bool, used=(), needs=frozenset(),
                looped=(0, None)):
    """The searches of ``index``: one per prefix of equalities (and IN lists) its terms
    can fill, by each term that can fill it, and after each prefix the ranges on the next
    key (whereLoopAddBtreeIndex tries them all) -- past the declared keys on to the
    columns every entry ends with, the rowid or a WITHOUT ROWID table's PRIMARY KEY
    (``c1 = ? AND rowid > ?``). ``looped``: the LogEst of the values the IN lists in the
    prefix loop over, and the keys before the first of them (None: no IN)."""
    position = len(used)
    keys = _keys(table, index)
    if position == len(keys):
        return
    column, collation = keys[position]
    size = index_rows(table, index)
    mine = [(c, t) for c, t in terms if _fills(table, t, column, collation)]
    before = _prefix_rows(table, index, position) if position else size
    n_in, first_in = looped
    for conjunct, term in mine:
        if term.op not in ("eq", "in"):
            continue
        now_used, now_needs = used + (conjunct,), needs | needs_of(term)
        out = _prefix_rows(table, index, position + 1) + 10 * _is_null(term)
        now = (n_in + term.n_in, position if first_in is None else first_in) \
            if term.op == "in" else looped
        eq = any(not isinstance(c, (b.InList, b.InSubquery)) for c in now_used)
        yield _searched(table, index, size, out, now_needs, now_used, adjust, eq, whole,
                        position + 1, column == -1 and term.op == "eq", term.null_safe, now)
        yield from _index_ways(table, index, terms, adjust, whole, now_used, now_needs, now)
    ranged = [(c, t) for c, t in mine if t.op in _RANGE]
    for bounds, extra, out in _ranges(before, ranged):
        yield _searched(table, index, size, out, needs | extra, used + bounds, adjust,
                        bool(used), whole, position, looped=looped)


def _is_null(term) -> bool:
    """Whether ``term`` is ``x IS NULL``, which SQLite expects to match twice the rows
    of ``x = ?`` (whereLoopAddBtreeIndex's TUNING: nOut + 10)."""
    return term.null_safe and isinstance(term.value, b.Literal) and term.value.value is None


def _keys(table, index) -> list:
    """(column, collation) of each column of an entry of ``index``: its keys, then the
    rowid (-1, any collation: None) or the PRIMARY KEY columns it does not hold."""
    keys = [(c.column, c.collation) for c in index.columns]
    if not table.without_rowid:
        return keys + [(-1, None)]
    return keys + [(c.column, c.collation) for c in index.suffix]


def _fills(table, term, column: int, collation) -> bool:
    if column == -1:
        return term.column == -1 or term.column == table.rowid_alias
    # (an IS NULL term, collation None, matches a key under any: choose_index.null_safe_term)
    return term.column == column and term.collation in (collation, None)


def _searched(table, index, size: int, out: int, needs, used, adjust, eq: bool,
              whole: bool, n_eq: int, rowid: bool = False, by_is: bool = False,
              looped=(0, None)):
    cost = out + 1 + 15 * index_width(table, index) // table_width(table)
    cost = log_est_add(_est_log(size), cost)
    if not whole:
        cost = log_est_add(cost, out + 16)
    n_in, first_in = looped
    cost, out = cost + n_in, out + n_in     # in_costs.py: the IN lists' values
    one_row = rowid or first_in is None and n_eq == len(index.columns) == len(used) and \
        index.unique and (n_eq == 1 and not by_is or
                          all(table.columns[c.column].notnull for c in index.columns))
    keyed, n_eq = n_eq, n_eq if first_in is None else first_in
    way = Way(frozenset(needs), 0, cost, out, eq, index_width(table, index), index, n_eq,
              one_row, searched=True, keyed=keyed, covering=whole)
    return adjust(way, size, used)


_DEFAULT_PREFIX = (33, 32, 30, 28, 26)     # sqlite3DefaultRowEst, LogEst; then 23


def _prefix_rows(table, index, prefix: int) -> int:
    """LogEst of the rows an equality on the first ``prefix`` keys of ``index`` finds."""
    figures = table.stats.get(ascii_lower(index.name))
    if figures is not None and len(figures) > prefix:
        return log_est(figures[prefix])
    if index.unique and prefix == len(index.columns) or prefix > len(index.columns):
        return 0                        # (past the keys sqlite3DefaultRowEst leaves 0)
    return _DEFAULT_PREFIX[prefix - 1] if prefix <= len(_DEFAULT_PREFIX) else 23


class _Adjust:
    """whereLoopOutputAdjust for one table: a way's rows out lowered by the terms it
    leaves unused that read its table and only tables it needs."""

    def __init__(self, slot: int, terms: list, before=frozenset()):
        self.slot = slot
        self.terms = [term for term in terms if slot in term[2]]
        self.before = before | {slot}

    def __call__(self, way, rows: int, used: tuple):
        out, reduce = way.out, 0
        allowed = way.prereq | self.before
        for conjunct, half, slots in self.terms:
            if not slots <= allowed or any(u is conjunct or u is half for u in used):
                continue
            out -= 1
            if half is None and isinstance(conjunct, b.Compare) and conjunct.op in ("eq", "is"):
                reduce = max(reduce, 10 if _small_integer(conjunct) else 20)
        return way._replace(out=min(out, rows - reduce), used=tuple(used))


def _small_integer(conjunct) -> bool:
    value = conjunct.right
    return isinstance(value, b.Literal) and type(value.value) is int and -1 <= value.value <= 1


def _est_log(n: int) -> int:
    return 0 if n <= 10 else log_est(n) - 33
