"""The join order SQLite 3.54's path solver picks, for ``reorder_joins``.

SQLite does not join greedily: it costs every way of reaching each table (where.c,
whereLoopAddBtree and whereLoopAddBtreeIndex; here ``join_ways.ways``, whose docstring
tables the estimates) and keeps the cheapest order of the whole nest (wherePathSolver).
For joins of up to ``_MAX_ITEMS`` (10) plain tables this module does the same (json_each
and json_tree count as tables: xBestIndex gives them a cost of 1.0 and SQLite's default of
25 rows once their document is known, ``_ways``; so does a FROM subquery SQLite flattens
into one table's loop, ``cte.flattened_scan``, its columns read as the table's they
are, ``_subquery_columns``; and a table read INDEXED BY or NOT INDEXED, by the ways
SQLite then has, ``join_ways.ways``), in LogEst units (``costs.py``), with or without ANALYZE's
figures (without them SQLite's defaults: a table of about a million rows,
sqlite3DefaultRowEst for indexes).

A path's cost adds, table after table, the way's setup and rows-so-far + its cost of
one visit; its rows multiply (LogEsts add). At each step SQLite keeps its best few paths
(mxChoice: 1 for one table, 5 for two, else 12, or 18 for a star query) and so does
``join_sort.beam``, which ``join_sort.solve`` runs and this module too for a query
without an ORDER BY (the sort ignored) of more than five items (up to five, no step has
more sets of tables than SQLite keeps paths, so ``_cheapest`` keeps the best path per
set, which is cheaper to find): two paths over the same set of tables compete
(cost, then fewer rows, then lower unsorted cost; on a full tie a path whose last table
is read through a narrower index replaces the first found, whereLoopIsNoBetter; else
the first found stays), a new set takes a free place or the worst path's, and an
automatic index is not built for an outer loop that runs under 1.25 times; of the full
paths the cheapest, the first found on ties. A join of five or more items may be a star
query (``_star``: where.c's computeMxChoice): a fact table that four or more other
tables' ways need has its ways' cost and rows lowered, so it stays outside them. Joins
of up to ``_MAX_ITEMS`` items are costed; longer ones go greedily (``reorder_joins``),
though SQLite costs joins of any length: each item more costs more planning (select5's
joins of up to 64 tables took 3.6 times the CPU costed whole, about 5% more with ten:
PERFORMANCE.md, branch joinrows5).
A value known only through another table of the nest makes that table a prerequisite.
The equalities that follow from others (``transitive``) are added to the WHERE: SQLite
finds them through its equivalence classes (whereScanNext), and they change no answer.

With an ORDER BY a loop could deliver, SQLite's solver also weighs the sort each order
saves: ``join_sort.py`` runs that second pass. Not modelled: what ``join_ways`` lists as
not modelled.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import NamedTuple

from ..plan import bound as b
from ..plan import logical as L
from ..plan.cte import Labelled, flattened_scan
from ..plan.flatten import rewritten
from . import flat_where, join_sort, join_ways
from ..plan.analysis import children, slots_of
from ..plan.expr_compare import same
from ...catalog.schema import EXPRESSION
from .function_arguments import argument_slots
from .costs import log_est_add
from .whole_index import wholes_read

_MAX_ITEMS = 10        # joins of nine and ten items: branch joinrows5 (8 before)
_EVERY_SET = 5        # up to five items the best path per set is SQLite's beam


def solve(items: list, where: list, order=None, outer: dict | None = None, reads=None,
          automatic: set | None = None, scans: dict | None = None,
          wholes: dict | None = None, terms: list | None = None,
          searches: dict | None = None):
    """The positions of ``items`` in SQLite's order, or None when the nest is not one
    this module costs (too many items, or one that is not a table). ``where`` gains the
    equalities that follow from others (``transitive``), as SQLite's planner sees them.
    ``order``: the query's ORDER BY (``join_sort.Sorting``), whose sort SQLite's solver
    weighs (``join_sort.solve``). ``outer``: the right items' slots of the LEFT JOINs ->
    their ON's terms, which only they search by, and which nothing else implies.
    ``reads``: the columns the query reads of each item (``join_ways.ways``).
    ``automatic``: given the slots of the tables the order reaches through an automatic
    index (``auto_index_order.py`` orders their hashed rows as that index would).
    ``scans``: given, under an ORDER BY, slot -> the index (None: the rowid's b-tree)
    the order reads whole, searching by no term (``order_choice.py``).
    ``wholes``: given, slot -> the secondary index the order reads whole
    (``whole_index.py``; under an ORDER BY, one it might not use). ``terms``: the
    WHERE's and ON's terms as SQLite lists
    them (``written_terms.py``), whose order a full scan of an index weighs.
    ``searches``: given slot -> the way the order searches that table by
    (``costed_search.py``: ``choose_index`` runs it)."""
    outer = outer or {}
    ons = [(c, slot) for slot, terms in outer.items() for c in terms]
    if len(items) > _MAX_ITEMS or \
            not all(_table(item) is not None or _json_scan(item) for item in items):
        return None
    columns = _subquery_columns(items, where + [c for c, _ in ons])
    if columns is None:
        return None
    ordering = _subquery_columns(items, _order_exprs(order)) or {}  # unmapped: as read
    implied = transitive(where, {item.slot for item in items})
    where.extend(implied)
    implied_ids = {id(c) for c in implied}
    where, ons, order, implied_ids = _as_tables(where, ons, order, implied_ids, columns,
                                                ordering)
    inner = flat_where.terms(items)     # the WHERE of a flattened subquery: costs only
    written = _written(items, terms)
    clause = join_ways.Clause(inner + where + [c for c, _ in ons], implied_ids,
                              {item.slot for item in items}, {id(c): s for c, s in ons},
                              inner + written if written is not None and inner else written)
    # what the query reads of a table read itself: a flattened subquery's or view's
    # positions are its own columns', not its table's (fixed-seed case 109 with a view)
    tabled = {item.slot for item in items if isinstance(_leaf(item), L.Scan)}
    flat_reads = flat_where.reads(items, reads) if reads is not None else {}
    clause.reads = None if reads is None else \
        (lambda slot: reads(slot) if slot in tabled else flat_reads.get(slot))
    bit = {item.slot: 1 << position for position, item in enumerate(items)}
    tables = {item.slot: _table(item) for item in items}
    helps = {slot: _helps(order, slot, table) for slot, table in tables.items()} \
        if order is not None else {}
    ways = [_Step(position, 1 << position, sum(bit.get(s, 0) for s in way.prereq)
                  | _written_before(items, position), way.setup, way.run, way.out, way.width,
                  way if tables[item.slot] is not None else None, item.slot)
            for position, item in enumerate(items)
            for way in _ways(item, clause, where, helps.get(item.slot),
                             _slots_before(items, position))]
    ways, choices = _star(ways, items, tables)
    if order is not None:
        steps = join_sort.solve(ways, len(items), order, inner + where, tables, choices)
    elif len(items) <= _EVERY_SET:
        steps = _cheapest(ways, len(items))
    else:
        best = join_sort.beam(ways, len(items), 0, None, [], tables, choices)
        steps = None if best is None else best.steps
    if steps is None:
        return None
    if automatic is not None:
        automatic.update(step.slot for step in steps if step.setup)
    if scans is not None and order is not None:
        scans.update((step.slot, step.way.index) for step in steps if step.way is not None
                     and not step.way.searched and not step.setup)
    if searches is not None:
        searches.update((step.slot, step.way) for step in steps
                        if step.way is not None and step.way.searched and not step.setup)
    if wholes is not None:
        wholes.update(wholes_read(steps, tables, order is not None))
    return [step.position for step in steps]


def _cheapest(ways: list, count: int):
    """wherePathSolver without an ORDER BY for a join of up to ``_EVERY_SET`` items,
    where no step has more sets of tables than SQLite keeps paths: the best path to each
    set, the cheapest full one (the first found on ties): its steps."""
    paths = [_Path(0, 0, 0, 0, (), None)]
    for _ in range(count):
        paths = _extend(paths, ways)
    if not paths:
        return None
    best = paths[0]
    for path in paths[1:]:
        if path.cost < best.cost:
            best = path
    return list(best.order)


def _written_before(items: list, position: int) -> int:
    """The items a CROSS JOIN's or a LEFT JOIN's right item must come after: every one
    written before it (where.c, whereLoopAddAll: no reordering across a CROSS or an
    outer join; the items after a LEFT JOIN may still move before it)."""
    item = items[position]
    return (1 << position) - 1 if item.cross or item.kind == "left" else 0


class _Step(NamedTuple):
    """A ``join_ways.Way`` of the item at ``position``, its tables as bits of a mask."""
    position: int
    bit: int
    prereq: int
    setup: int
    run: int
    out: int
    width: int | None
    way: object = None              # the join_ways.Way (None: json_each's)
    slot: int = 0


def _helps(order, slot: int, table):
    """indexMightHelpWithOrderBy for the table at ``slot``: whether an index (None: the
    rowid's b-tree) has a key the ORDER BY reads of that table, or the ORDER BY reads
    its rowid; under a lone min() or max() of an expression, a key on that expression."""
    if table is None:
        return None
    columns = set()
    for item in order.terms:
        expr = item.expr.operand if isinstance(item.expr, b.Collate) else item.expr
        if isinstance(expr, b.ColumnRef) and expr.slot == slot:
            columns.add(-1 if expr.column == table.rowid_alias and not table.without_rowid
                        else expr.column)
    if -1 in columns:
        return lambda index: True
    exprs = [item.expr.operand if isinstance(item.expr, b.Collate) else item.expr
             for item in order.terms if order.min_max] if not columns else []
    return lambda index: index is not None and (
        any(c.column in columns for c in index.columns) or
        exprs and index.form is not None and any(
            c.column == EXPRESSION and same(e, index.form.exprs[i], slot, 0)
            for i, c in enumerate(index.columns) for e in exprs))


def _star(steps: list, items: list, tables: dict) -> tuple:
    """where.c's computeMxChoice for a join of five or more items: a fact table, one four
    or more other tables' ways need (not past a CROSS or outer join, a second alias of
    the same table not counted), has its ways' cost and rows lowered by 15 for each such
    table past three, so that it stays outside them; then 18 paths are kept at each step,
    else 12 (5 for two items, 1 for one). ``steps`` in FROM order, as SQLite lists its
    loops; returns them (adjusted) and the number of paths kept."""
    count = len(items)
    if count < 5:
        return steps, 1 if count <= 1 else 5 if count == 2 else 12
    apart = [item.cross or item.kind == "left" for item in items]
    delta, self_joined, start = {}, 0, 0
    for fact in range(count):
        if apart[fact]:
            if fact + 4 > count:
                break
            while start < len(steps) and steps[start].position <= fact:
                start += 1
        bit, seen, found = 1 << fact, 0, 0
        for step in steps[start:]:
            if apart[step.position]:
                break
            if step.prereq & bit and not step.bit & (seen | self_joined):
                if _same_table(tables, items, step.position, fact):
                    self_joined |= bit
                else:
                    found, seen = found + 1, seen | step.bit
        if found > 3:
            delta[fact] = 15 * (found - 3)
    if not delta:
        return steps, 12
    return [step._replace(run=step.run - delta[step.position],
                          out=step.out - delta[step.position])
            if step.position in delta else step for step in steps], 18


def _same_table(tables: dict, items: list, one: int, other: int) -> bool:
    first, second = tables[items[one].slot], tables[items[other].slot]
    return first is not None and first is second


class _Path(NamedTuple):
    placed: int                     # the items placed, a bit each
    rows: int
    cost: int
    unsorted: int
    order: tuple                    # the steps taken (join_costs._Step)
    width: int | None               # the last way's index width (None: not an index)


def _extend(paths: list, ways: list) -> list:
    """The best path to each set of tables one longer than ``paths`` (wherePathSolver:
    cost, then rows, then unsorted cost decide; on a tie a path whose last table is read
    through a narrower index than the first found's replaces it (whereLoopIsNoBetter);
    else the first found wins)."""
    found: dict = {}
    for placed, rows, _, before, order, _ in paths:
        for way in ways:
            if placed & way.bit or way.prereq & ~placed:
                continue
            if way.setup and rows < 3:          # an automatic index for under 1.25 runs
                continue
            unsorted = way.run + rows
            if way.setup:
                unsorted = log_est_add(way.setup, unsorted)
            unsorted = log_est_add(unsorted, before)
            now, out = placed | way.bit, rows + way.out
            old = found.get(now)
            if old is None or _better(unsorted, out, way.width, old):
                found[now] = _Path(now, out, unsorted, unsorted - 2,
                                   order + (way,), way.width)
    return list(found.values())


def _better(cost: int, rows: int, width, old) -> bool:
    if cost != old.cost:
        return cost < old.cost
    if rows != old.rows:
        return rows < old.rows
    if cost - 2 != old.unsorted:
        return cost - 2 < old.unsorted
    return width is not None and old.width is not None and width < old.width


_NUMERIC = ("INTEGER", "REAL", "NUMERIC")


def transitive(where: list, local: set) -> list:
    """The equalities ``a.x = c.x`` that ``a.x = b.x AND b.x = c.x`` imply, for columns
    compared without conversion: the same affinity or both numeric, BINARY collation
    (where.c, termIsEquivalence). They are true whenever the WHERE is, so adding them
    changes no answer; they let ``c`` be searched by ``a``'s column. So do the
    comparisons with a literal that one column of such a chain of equalities takes
    (``_through``)."""
    links = [c for c in where if _equivalence(c, local)]
    classes: list = []
    for link in links:
        ends = {_key(link.left), _key(link.right)}
        joined = [group for group in classes if group[0] & ends]
        merged = (set(ends), [link])
        for group in joined:
            classes.remove(group)
            merged = (merged[0] | group[0], merged[1] + group[1])
        classes.append(merged)
    derived = []
    for members, group in classes:
        sides = {_key(e): e for link in group for e in (link.left, link.right)}
        present = {frozenset((_key(link.left), _key(link.right))) for link in group}
        for one, other in itertools.combinations(sorted(members), 2):
            if frozenset((one, other)) not in present and one[0] != other[0]:
                derived.append(b.Compare("eq", sides[one], sides[other], "BINARY",
                                         sides[one].affinity, sides[other].affinity))
        derived += _through(where, members, sides)
    return derived


_BOUNDS = ("eq", "lt", "le", "gt", "ge")


def _through(where: list, members: set, sides: dict) -> list:
    """``a.x = 5`` (or ``a.x > 5``) from ``b.x = 5`` and ``a.x = b.x``: where.c's
    whereScanNext follows an equivalence to the terms on the other column, so SQLite can
    search ``a`` by the constant without ``b``."""
    derived = []
    for conjunct in where:
        if not (isinstance(conjunct, b.Compare) and conjunct.op in _BOUNDS):
            continue
        left, right = conjunct.left, conjunct.right
        if not (isinstance(left, b.ColumnRef) and isinstance(right, b.Literal)):
            continue
        if _key(left) not in members:
            continue
        for key in sorted(members - {_key(left)}):
            column = sides[key]
            derived.append(dataclasses.replace(conjunct, left=column,
                                               left_affinity=column.affinity))
    return derived


def _equivalence(conjunct, local: set) -> bool:
    if not (isinstance(conjunct, b.Compare) and conjunct.op == "eq"
            and conjunct.collation == "BINARY"):
        return False
    left, right = conjunct.left, conjunct.right
    if not (isinstance(left, b.ColumnRef) and isinstance(right, b.ColumnRef)):
        return False
    if left.slot == right.slot or left.slot not in local or right.slot not in local:
        return False
    return left.affinity == right.affinity or (left.affinity in _NUMERIC
                                               and right.affinity in _NUMERIC)


def _key(column) -> tuple:
    return (column.slot, column.column)


# json_each and json_tree given their document (xBestIndex, json.c jsonEachBestIndex): a
# cost of 1.0 and SQLite's default estimate of 25 rows, LogEst 0 and 46
_JSON_WAY = (0, 0, 46)


def _slots_before(items: list, position: int) -> frozenset:
    """The slots of the items ``_written_before`` makes the item at ``position`` follow."""
    mask = _written_before(items, position)
    return frozenset(item.slot for i, item in enumerate(items) if mask >> i & 1)


def _ways(item, clause, where: list, helps=None, before=frozenset()) -> list:
    """The ways of reaching ``item``: a table's (``join_ways``), or json_each's one, which
    needs the items its arguments read (those of a hidden column's equality too)."""
    if _json_scan(item):
        scan = _scan(item)
        prereq = set().union(*(slots_of(a) for a in scan.args)) | \
            set().union(*(argument_slots(scan, c) for c in where))
        return [join_ways.Way(frozenset(prereq - {item.slot}), *_JSON_WAY)]
    return join_ways.ways(_table(item), _scan(item), item.slot, clause, helps, before)


def _json_scan(item) -> bool:
    """Whether ``item`` is json_each or json_tree, run once per placement."""
    scan = _scan(item)
    return isinstance(scan, L.FunctionScan) and scan.in_list is None and \
        getattr(scan.function, "name", None) in ("json_each", "json_tree")


def _table(item):
    node = _scan(item)
    if isinstance(node, L.Scan) and node.table.virtual is None:
        return node.table
    return None


def _scan(item):
    node = _leaf(item)
    if isinstance(node, L.SubqueryScan):
        flat = flattened_scan(node)
        if flat is None:                # one with a WHERE or a hint inside (flat_where)
            return flat_where.scan(item) or node
        return L.Scan(item.slot, flat.table, node.alias, flat.indexed, automatic=flat.automatic)
    return node                         # (its INDEXED BY, NOT INDEXED kept)


def _subquery_columns(items: list, terms: list):
    """slot -> {position read: the table's column} for each flattened subquery a term
    reads (SQLite flattens it, so its solver sees the table's own columns: ``(SELECT c,
    a FROM b)``'s column 1 is b's column 0), or None when a term reads a column that is
    an expression of the table's, which the ways of the table do not know."""
    scans = {item.slot: _leaf(item) for item in items
             if isinstance(_leaf(item), L.SubqueryScan)}
    if not scans:
        return {}
    read: dict = {}
    for term in terms:
        _positions_read(term, scans, read)
    columns: dict = {}
    for slot, positions in read.items():
        mapped = {p: _table_column(scans[slot], p) for p in positions}
        if None in mapped.values():
            return None
        columns[slot] = mapped
    return columns


def _written(items: list, terms):
    """``terms`` (``written_terms``) with each flattened subquery's columns read as its
    table's, as ``_as_tables`` reads the WHERE; None when there are none, or one reads a
    column that is an expression of the table's (``Clause`` then lists the WHERE)."""
    if terms is None:
        return None
    columns = _subquery_columns(items, terms)
    if columns is None:
        return None
    return _as_tables(terms, [], None, set(), columns, {})[0]


def _order_exprs(order) -> list:
    return [] if order is None else [item.expr for item in order.terms]


def _as_tables(where: list, ons: list, order, implied: set, columns: dict,
               ordering: dict) -> tuple:
    """The terms, ON terms and ORDER BY (by ``ordering``: an ORDER BY reading a column
    that is an expression stays as written) with each flattened subquery's columns read
    as its table's (``_subquery_columns``), the ids of the implied terms following them:
    what the ways cost. The WHERE the plan runs keeps its own terms. A column two terms
    share stays one object: the halves of a BETWEEN, paired by it, stay one term
    (``analysis.between_halves``; generator seed 175300000)."""
    if not any(position != column for found in (columns, ordering)
               for mapped in found.values() for position, column in mapped.items()):
        return where, ons, order, implied

    def reader(found):
        made: dict = {}         # id(column) -> its copy: one for a column two terms share

        def leaf(expr):
            if isinstance(expr, b.ColumnRef) and expr.slot in found:
                if id(expr) not in made:
                    made[id(expr)] = dataclasses.replace(
                        expr, column=found[expr.slot][expr.column])
                return made[id(expr)]
            return None
        return leaf
    leaf = reader(columns)
    mapped = [rewritten(c, leaf) for c in where]
    implied = {id(new) for old, new in zip(where, mapped) if id(old) in implied}
    ons = [(rewritten(c, leaf), slot) for c, slot in ons]
    if order is not None:
        order = order._replace(terms=tuple(
            dataclasses.replace(item, expr=rewritten(item.expr, reader(ordering)))
            for item in order.terms))
    return mapped, ons, order, implied


def _positions_read(expr, scans: dict, read: dict) -> None:
    if isinstance(expr, b.ColumnRef):
        if expr.slot in scans:
            read.setdefault(expr.slot, set()).add(expr.column)
        return
    if isinstance(expr, (b.ScalarSubquery, b.Exists, b.InSubquery)) or \
            getattr(expr, "query", None) is not None:
        read.update({slot: {-2} for slot in scans})     # no knowing: not costed
        return
    for child in children(expr):
        _positions_read(child, scans, read)


def _table_column(node, position: int):
    """The column of its table that column ``position`` of the flattened subquery
    ``node`` is, through every level of a chain of them; None when it is not a column
    of the level below."""
    if getattr(node, "flat_from", None) is not None:    # read through the bound query
        return flat_where.column(node, position)
    while isinstance(node, L.SubqueryScan):
        plan = node.plan
        while isinstance(plan, (Labelled, L.RealColumns)):
            plan = plan.child
        if position < 0 or not isinstance(plan, L.Project) or \
                position >= len(plan.columns):
            return None
        column = plan.columns[position]
        child = plan.child
        if not (isinstance(column, b.ColumnRef)
                and column.slot == getattr(child, "slot", None)):
            return None
        node, position = child, column.column
    return position if isinstance(node, L.Scan) or \
        isinstance(node, L.IndexScan) and isinstance(node.replaces, L.Scan) else None


def _leaf(item):
    node = item.node
    while isinstance(node, L.Filter):
        node = node.child
    return node
