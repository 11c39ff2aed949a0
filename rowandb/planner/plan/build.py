"""Bound SELECT -> logical plan, then the optimizer rules in their listed order.

The builder makes the plain plan that states the query's meaning and nothing more: FROM
items joined left to right in the order written, one Filter holding the whole WHERE
clause, then Aggregate, HAVING, the Window steps, Project, DISTINCT, ORDER BY and LIMIT. Making it fast is
the optimizer's job (``optimizer/__init__.py`` lists the rules).
"""

from __future__ import annotations

import dataclasses

from ...errors import OperationalError
from . import bound as b
from . import cte
from . import logical as L
from .analysis import (LEAVES, ColumnsRead, children, conjoin, conjuncts,
                       contains_subquery, is_constant)
from .describe import describe
from .in_btree import unplanned
from .lifted_limit import innermost, lifted_limit, one_row
from .noop_join import omitted_slots
from .omit_order import without_idle_orders
from .null_tests import never_null_slots, reduced_tests, without_null_tests
from .right_join import join_kinds
from .row_terms import piece_errors, split_clause
from .late_rows import (LOOPED, coding_sequence, first_met, grouped_in_loop, met_at,
                        met_before, loop_slots, outruns_row_value, row_value)
from .one_row_order import without_one_row_order
from .simple_count import counted_scan
from .unused_columns import without_unused_columns
from .flatten import (OUTER_RIGHT, Reach, count_of_compound, flattens, flexible_columns,
                      pushed_down, reaching, with_flattened_constants)
from .materialized_once import note as note_once
from .nested_from import in_sqlite_order, item_slots, plan_nested
from .on_folds import with_on_folds
from .exists_join import (ask_joined_collations, extra_conditions, joined_exists, joined_queries,
                          per_row_slots, tested_first)
from ..exec.json_marks import kept_positions, marks_kept
from ..optimizer import optimize
from ..optimizer.choose_index import finds_one_row, usable
from ..optimizer.covering import mark_covering
from ..optimizer.flat_order import bound_column
from ..optimizer.flat_where import flat_from
from ..optimizer.term_order import index_first
from ..optimizer.covering_scan import covering_scan
from ..optimizer.partial_coded import partial_where_coded
from ..optimizer.group_by_index import group_by_index
from ..optimizer.join_sort import group_sorting, sorting
from ..optimizer.order_by_index import order_by_index
from ..optimizer.min_max_order import min_max_order, min_max_sorting
from ..optimizer.propagate_constants import propagate_constants
from ..optimizer.search_memo import kept


def plan_select(select: b.Select, exists_to_join: bool = True) -> L.Plan:
    """The plan of ``select``. ``exists_to_join`` is False for the WHERE of DELETE and
    UPDATE, whose EXISTS subqueries SQLite does not turn into joins (``exists_join.py``)."""
    subplans: dict = {}
    with kept():                        # a table's best search, worked out once
        root = _build(select, subplans, joins=exists_to_join)
    return L.Plan(root=root, names=tuple(select.names), subplans=subplans)


def plan_row_finder(select: b.Select, assigned=frozenset()) -> L.Plan:
    """The plan of the row finder of a one-pass DELETE or UPDATE of a WITHOUT ROWID table
    (``select``: the rowids of the rows its WHERE picks). A rowid table's one-pass writes
    scan the table, but here every index competes for a full scan whatever the write
    (where.c, whereLoopAddBtree's "full scan via index": ``!HasRowid(pTab)``), so the rows
    are visited in the order of the index SQLite's estimates pick (``covering_scan``).
    What it reads there is SQLite's colUsed: the columns its WHERE names, not the key, and
    not an UPDATE's SET values (update.c clears colUsed once it has resolved them, so
    ``SET c2 = c4`` still scans an index without c4). An index holding a column the UPDATE
    assigns (``assigned``), or partial, makes it two-pass (update.c: ONEPASS_OFF when the
    cursor scanned must be written): its keys are gathered first, in key order."""
    plan = plan_select(select, exists_to_join=False)
    if len(select.items[0].source.table.indexes) < 2:
        return plan
    slot = select.items[0].source.slot
    read = {c for c in ColumnsRead(select)(slot) if c >= 0}
    root = covering_scan(plan.root, lambda s: read if s == slot else set(), any_read=True)
    if root is plan.root or assigned and _writes_scanned(root, assigned):
        return plan
    return dataclasses.replace(plan, root=root)


def _writes_scanned(node: L.Node, assigned: frozenset) -> bool:
    """Whether the index a row finder scans is partial or holds an assigned column."""
    while not isinstance(node, L.IndexScan):
        node = getattr(node, "child", None)
        if node is None:
            return False
    index = node.index
    held = {c.column for c in index.columns} | set(getattr(index.form, "reads", ()) or ())
    return index.partial or bool(held & assigned)


def _build(select: b.Select, subplans: dict, stay: frozenset = frozenset(),
           joins: bool = True, reach: Reach | None = None, joined: bool = False) -> L.Node:
    """``stay``: the outer slots a joined EXISTS subquery's conditions test per row;
    ``reach``: the terms of the query that reads ``select`` in FROM reaching its tables
    (``flatten.py``); ``joined``: ``select`` is an EXISTS SQLite turns into a join, whose
    own EXISTS terms it no longer joins (``exists_join.ask_joined_collations``)."""
    if select.recursion is not None:            # a recursive common table expression
        return cte.plan_recursive(select, subplans, _build, plan_expressions)
    node = _build_query(select, subplans, stay, joins, reach, joined)
    return L.RealColumns(node, select.real_columns) if select.real_columns else node


def _build_query(select: b.Select, subplans: dict, stay: frozenset, joins: bool,
                 reach: Reach | None = None, in_join: bool = False) -> L.Node:
    select = with_on_folds(select)      # an outer join made inner folds its ON
    select = without_one_row_order(select)      # SQLite's short cut: never coded
    joined = joined_exists(select) if joins and not select.alone else {}
    if joins and not select.alone and not in_join:
        ask_joined_collations(select)
    coded = _plan_subqueries(select, subplans, joined, coded=True, omitted=_omitted_conditions(
        select) | _limit_first(select)) if not select.alone else None
    ignoring, arm = _tabled_arms(select), _arm_marks(select)
    if select.values is not None:
        node: L.Node = L.Values(tuple(tuple(row) for row in select.values),
                                arms=tuple(select.values_arms))
        _raise_coded(select, coded)
    else:
        node = _select_core(arm(select, ignoring > 0), subplans, stay, joined, joins, reach,
                            coded)
    for k, (op, part) in enumerate(select.compound, 1):
        part = arm(part, k < ignoring)
        node = L.Compound(op, node, _build(part, subplans, reach=reach),
                          tuple(select.column_collations))
    if select.compound_order:
        node = L.ResultSort(node, tuple(select.compound_order))
    if select.limit is not None:
        node = L.Limit(node, select.limit, select.offset)
    return node


def _tabled_arms(select: b.Select) -> int:
    """How many SELECTs of compound ``select``, from the first, SQLite codes into a
    temporary table (select.c multiSelect: SRT_Union, SRT_Except), which ignores their
    order (``Select.noop_order``): those up to the last operator other than UNION ALL;
    none under the compound's ORDER BY (merged from co-routines instead)."""
    ops = [op for op, _ in select.compound]
    last = max((k for k, op in enumerate(ops, 1) if op != "union all"), default=0)
    return 0 if select.compound_order else last + 1 if last else 0


def _arm_marks(select: b.Select):
    """(arm, tabled) -> the arm of compound ``select`` marked as SQLite codes it:
    ``noop_order`` when ``tabled`` (``_tabled_arms``), ``arm_sorted`` under the compound's
    ORDER BY."""
    if not select.compound:
        return lambda arm, tabled: arm
    ordered = bool(select.compound_order)
    return lambda arm, tabled: dataclasses.replace(arm, noop_order=True) if tabled else \
        dataclasses.replace(arm, arm_sorted=True) if ordered else arm


def _select_core(select: b.Select, subplans: dict, stay: frozenset, joined: dict,
                 scans: bool = True, reach: Reach | None = None, coded=None) -> L.Node:
    """``scans``: False for the row finder of a DELETE or UPDATE, whose table scans stay
    table scans (``optimizer/covering_scan.py``); ``coded``: the first error planning the
    subqueries of its expressions met (``_plan_subqueries``). A misplaced row value of
    its LIMIT or OFFSET is SQLite's error before any other its code meets: SQLite codes
    them first, and plans no subquery after an error (sqlite3Select)."""
    if getattr(select.codegen_error, "in_limit", False):
        raise select.codegen_error
    extra = reach.within(select) if reach is not None else []
    if select.is_aggregate:             # pushed into HAVING: those moved on to WHERE count
        extra = [t for t in extra if select.group_by and _movable(t, select)]
    counted = reach is not None and reach.counted
    select = in_sqlite_order(select)    # an UPDATE ... FROM's nested FROM clause
    if scans:                           # not an UPDATE's (SF_OrderByReqd)
        select = without_idle_orders(select)
    kinds = join_kinds(select, extra) if select.items else []  # outer joins made inner
    select, lifted = lifted_limit(select, kinds)        # a FROM subquery's, after the sort
    if lifted is not None:
        _plan_in(lifted, select, subplans, None)
    fills: list = []                    # common tables read twice, filled first
    deferred: list = []                 # the errors of the FROM subqueries flattened
    never_null = never_null_slots(select)       # the FROM items' ON and the WHERE's
    node = _from_clause(select, subplans, kinds, extra, counted,
                        reach is not None and reach.outer_on, fills, deferred, never_null)
    _raise_reset(select, subplans)
    if getattr(select.codegen_error, "before_loops", False) and (_loops(select) or 0) > 1:
        select.codegen_error.coded = True   # a constant term's, coded before a join's plan
        raise select.codegen_error
    for error in deferred:              # their loops' plans first, their terms' code later
        if str(error) == "no query solution":
            raise error
    node = counted_scan(node, select, counted)
    where = without_null_tests(select.where, never_null)
    reduced = reduced_tests(where)
    if where is not None and any(isinstance(item.source, b.SubquerySource)
                                 for item in select.items):
        where = with_flattened_constants(select, kinds, where)
    if scans:                           # SELECT only: not an UPDATE's or DELETE's finder
        node, where = propagate_constants(node, where, flexible_columns(select))
    having, moved = _having_to_where(select)
    where = conjoin([w for w in [where] + moved + extra_conditions(select, joined)
                     if w is not None])
    if where is not None:
        node = L.Filter(node, where)
    implying = None if reach is not None and reach.ltorj else extra + reduced
    # the columns read weigh covering indexes in the join order (join_ways), but not for
    # a query another reads in FROM: its loops are ordered before push_into_cte adds the
    # outer terms (a view's `t JOIN u` then read with `a = 1` must keep t's rowid first)
    # a FROM subquery SQLite does not flatten reads its tables' columns as written
    # (colUsed, counted before its unread result columns became NULL: ``read_as``), so
    # ``SELECT * FROM t LIMIT 2`` read for one column covers no narrower index
    reads = ColumnsRead(select if select.written else select.read_as or select)  # (once)
    node = _exists_tables_first(optimize(node, stay, _loops_ordered(select), implying,
                                         reads if reach is None else None),
                                select, joined, subplans)
    _raise_coded(select, coded, deferred, loop_slots(node))
    if select.is_aggregate:
        slots = tuple(s for item in select.items for s in item_slots(item))
        node = L.Aggregate(node, tuple(select.group_by), tuple(select.aggregates),
                           select.group_slot, slots, tuple(select.group_collations),
                           adjacent=select.adjacent)
        if having is None and select.items:
            node = min_max_order(node, reads)
        if having is not None:
            node = L.Filter(node, having)
    node = _windows(node, select, lifted)
    node = L.Project(node, tuple(select.columns), tuple(select.names))
    if select.distinct:
        node = L.Distinct(node, tuple(select.column_collations),
                          select.adjacent and not select.is_aggregate)
    if select.order_by:
        node = L.Sort(node, tuple((o.expr, o.desc, o.nulls_first, o.collation)
                                  for o in select.order_by))
    if select.items:                    # the rules below rewrite reads of tables only
        node = _table_reads(node, select, scans, reads)
    node = L.Filled(node, tuple(fills)) if fills else node
    return node if lifted is None or select.windows else L.Limit(node, lifted)


def _table_reads(node: L.Node, select: b.Select, scans: bool, reads: ColumnsRead) -> L.Node:
    """The query's finished ``node`` (its result nodes stacked) with its table reads
    chosen: the ORDER BY's order from an index, a narrower index for a full scan, the
    GROUP BY's, covering reads, a partial index's terms, the index entry's terms first.
    ``reads``: the columns read of each FROM item of ``select``, the join order's own
    (one walk of the query for both). (A SELECT without FROM reads no table: each rule
    would give ``node`` back.)"""
    if select.order_by:
        node = order_by_index(node, reads)
    if scans and (not select.order_by or (isinstance(node, L.Sort) and not node.presorted)):
        node = covering_scan(node, reads)
    if select.is_aggregate:             # (its Aggregate: the only node the rule changes)
        node = group_by_index(node)
    return index_first(partial_where_coded(mark_covering(node, reads)))


def _loops_ordered(select: b.Select):
    """The ORDER BY SQLite's join planner weighs (``reorder_joins``'s ``ordered``), or
    None: not an aggregate query's, whose loops SQLite plans without it
    (sqlite3WhereBegin gets its GROUP BY, or none; fuzz seed 63000879) -- but a lone
    table's min() or max() order (``min_max_order.min_max_sorting``) or GROUP BY
    (``join_sort.group_sorting``, which only ``order_choice``'s COLLATE case asks)."""
    if select.order_by and not select.is_aggregate and _deliverable(select):
        return sorting(select)
    return min_max_sorting(select) or group_sorting(select) if select.is_aggregate else None


def _deliverable(select: b.Select) -> bool:
    """Whether a loop could deliver the ORDER BY's first term in order: a column of a FROM
    table that is its rowid or leads one of its indexes. Where none can, every order of
    the loops pays the same sort, and SQLite picks the order it would without it."""
    first = select.order_by[0].expr
    if not isinstance(first, b.ColumnRef):
        return False
    for item in select.items:
        source = item.source
        if source.slot != first.slot:
            continue
        found = (source.table, first.column) if isinstance(source, b.TableSource) else \
            bound_column(source, first.column)      # a subquery SQLite flattens: its table's
        if found is None:
            return False
        table, column = found
        return column in (-1, table.rowid_alias) and not table.without_rowid or \
            any(ix.columns and ix.columns[0].column == column for ix in table.indexes)
    return False


def _exists_tables_first(node: L.Node, select: b.Select, joined: dict,
                         subplans: dict) -> L.Node:
    """The row source with the EXISTS tables SQLite loops over first tested once before
    it, after its loop-invariant conditions (``exists_join.tested_first``)."""
    first = tested_first(select, joined)
    if not first:
        return node
    for term in first:
        if id(term.query) not in subplans:
            subplans[id(term.query)] = _build(term.query, subplans)
    if isinstance(node, L.Guard):
        return L.Guard(node.child, node.conditions + tuple(first))
    return L.Guard(node, tuple(first))


def _having_to_where(select: b.Select) -> tuple:
    """(HAVING, terms moved to WHERE). With a GROUP BY, SQLite moves into WHERE each
    HAVING term that is constant or reads only GROUP BY terms of BINARY collation, with
    no aggregate, subquery or volatile function (select.c, havingToWhere;
    sqlite3ExprIsConstantOrGroupBy): tested on each row before grouping, the same for
    every row of a group. A moved row equality is then split as a WHERE's
    (``row_terms.split_clause``)."""
    if select.having is None or not select.group_by:
        return select.having, []
    kept, moved = [], []
    for term in conjuncts(select.having):
        (moved if _movable(term, select) else kept).append(term)
    return conjoin(kept), conjuncts(split_clause(conjoin(moved)))


def _movable(term, select: b.Select) -> bool:
    """Whether havingToWhere moves the HAVING ``term`` of a grouped ``select`` to WHERE."""
    keys = frozenset(describe(g) for g, collation in zip(select.group_by,
                                                         select.group_collations)
                     if collation == "BINARY")
    return is_constant(term, params=True, grouped=keys) and not (
        isinstance(term, b.Literal) and not isinstance(term.value, (str, bytes))
        and not term.value)                      # ExprAlwaysFalse: stays in HAVING


def _windows(node: L.Node, select: b.Select, lifted=None) -> L.Node:
    """One Window step per window definition, the last one innermost, so that the rows
    come out in the order of the first (as SQLite's do). Each carries the FROM items'
    slots, the group row and the values of the windows below it; the innermost the
    ``lifted`` LIMIT of a FROM subquery SQLite flattens under its sort
    (``lifted_limit.py``)."""
    positions = [p for item in select.items for s in item_slots(item) for p in (s, s + 1)]
    if select.is_aggregate:
        positions.append(select.group_slot)
    windows = select.windows
    if lifted is not None and windows:  # the one whose sort the LIMIT is under, innermost
        inner = innermost(select)
        windows = [w for w in windows if w is not inner] + [inner]
    for window in reversed(windows):
        node = L.Window(node, window, tuple(positions), lifted)
        positions.append(window.slot)
        lifted = None
    return node


def _from_clause(select: b.Select, subplans: dict, kinds: list | None = None,
                 extra: list = (), counted: bool = False, outer_on: bool = False,
                 fills: list | None = None, deferred: list | None = None,
                 never_null: dict | None = None) -> L.Node:
    """``kinds``: how each FROM item joins (right_join.py); ``extra``: the terms of an
    enclosing query that reach ``select``'s tables; ``counted``: ``select`` is flattened
    into a simple count; ``outer_on``: ``select`` is flattened into an outer join's ON,
    where the queries flattened into it land too; ``fills`` receives the scans of the
    common tables read twice whose LEFT JOIN is omitted (SQLite fills them first);
    ``deferred`` the errors met planning a FROM subquery SQLite flattens: its tables and
    terms are coded with the query's own loops (select.c codes the FROM subqueries it
    keeps first, then the accumulators' reset, then the loops), so the caller raises
    the first once every other item is planned (``_raise_reset`` before it);
    ``never_null``: ``never_null_slots(select)``, when the caller has it."""
    if not select.items:
        return L.Empty()
    node = None
    if kinds is None:
        kinds = join_kinds(select)
    omitted = omitted_slots(select, kinds, _finds_one_row)      # noop_join.py
    if never_null is None:
        never_null = never_null_slots(select)
    for i, (item, kind) in enumerate(zip(select.items, kinds)):
        flat = isinstance(item.source, b.SubquerySource) and (
            flattens(select, i, kinds[i], any(k in OUTER_RIGHT for k in kinds[i + 1:]))
            or count_of_compound(select, item.source.query))   # each SELECT counted
        if item.source.slot in omitted:
            _searchable_by_on(item)
            filled = fills is not None and isinstance(item.source, b.SubquerySource) and \
                item.source.cte is not None and item.source.cte.uses > 1
            if isinstance(item.source, b.SubquerySource) and (not flat or filled):
                # SQLite codes a subquery it does not flatten before its loops, so plans
                # it (with the terms pushed down into it), then omits the loop that
                # would run it: its errors in planning, 'no query solution', are raised,
                # those in running it never are -- but a common table read twice it
                # fills before the loops all the same (noop_join.py)
                planned = _source(item.source, select, subplans,
                                  reaching(select, i, kinds, extra, counted, outer_on), flat)
                if filled:
                    fills.append(planned)
                for term in pushed_down(select, i, kinds, extra) if not flat else ():
                    _plan_in(term, select, subplans, None, forward=True)
            continue
        note_once(select, i, kinds)
        try:
            source = _source(item.source, select, subplans,
                             reaching(select, i, kinds, extra, counted, outer_on), flat)
        except OperationalError as error:
            if not (flat or item.source.nested) or deferred is None:
                raise
            deferred.append(error)      # coded in the loops, after every other FROM item
            source = L.Empty()
        if isinstance(source, cte.CteScan):
            source = dataclasses.replace(source, once=item.source.once, flat=item.source.flat,
                                         flat_from=flat_from(item.source))
        condition = without_null_tests(item.condition, never_null)
        if node is None:
            node = source
            if condition is not None:
                node = L.Filter(node, condition)
            continue
        node = L.Join(node, source, kind, condition, right_slots=(item.source.slot,),
                      cross=item.kind == "cross")
    return node


def _omitted_conditions(select: b.Select) -> frozenset:
    """The ids of the ON clauses of the LEFT JOINs of ``select`` SQLite omits
    (noop_join.py): it never codes them, so their subqueries are never planned and a
    'no query solution' in one is no error."""
    if select.values is not None or len(select.items) < 2 or not any(
            item.condition is not None and contains_subquery(item.condition)
            for item in select.items[1:]):
        return frozenset()
    ordered = in_sqlite_order(select)
    slots = omitted_slots(ordered, join_kinds(ordered), _finds_one_row)
    return frozenset(id(item.condition) for item in ordered.items
                     if item.source.slot in slots and item.condition is not None)


def _searchable_by_on(item: b.JoinItem) -> None:
    """SQLite plans the loop of a LEFT JOIN it then omits (noop_join.py) before omitting
    it: a partial index INDEXED BY names that its ON does not make usable is 'no query
    solution' there too (where.c: whereLoopAddAll runs before whereOmitNoopJoin)."""
    index = getattr(item.source, "indexed", None)
    parts = conjuncts(item.condition) if item.condition is not None else []
    if index and not usable(index, parts, item.source.slot):
        raise OperationalError("no query solution")


def _finds_one_row(source: b.TableSource, parts: list) -> bool:
    return finds_one_row(L.Scan(source.slot, source.table, source.alias, source.indexed), parts)


def _source(source, select: b.Select, subplans: dict, reached: Reach | None,
            flat: bool = False) -> L.Node:
    """The row source of FROM item ``source`` of ``select``; ``flat``: SQLite flattens
    it into ``select`` (a WITH clause's common table has its unread columns made NULL
    only then: select.c skips those of an isCte item)."""
    if isinstance(source, b.TableSource):
        return L.Scan(source.slot, source.table, source.alias, source.indexed,
                      automatic=source.automatic)
    if isinstance(source, b.RecursiveSource):
        return cte.recursive_scan(source)
    if isinstance(source, b.FunctionSource):
        return L.FunctionScan(source.slot, source.function, source.alias, source.args)
    if source.nested:               # an UPDATE ... FROM's FROM clause (nested_from.py)
        return plan_nested(source, select, subplans, _build)
    if flat and source.query.order_by and not (     # it moves into ``select``
            source.cte is not None and cte.materialized(source.cte, source.query)):
        source = dataclasses.replace(source, query=dataclasses.replace(source.query,
                                                                       order_moved=True))
    if flat and (select.one_row or select.limit is not None) and not source.query.one_row \
            and not (source.cte is not None and cte.materialized(source.cte, source.query)):
        # flattened under the LIMIT of ``select`` (a scalar's or EXISTS's LIMIT 1), which
        # keeps a FROM subquery of its own with a LIMIT from being flattened too (13)
        source = dataclasses.replace(source, query=one_row(source.query))
    if source.cte is not None:      # every reference has a copy; materialized ones share it
        pruned = (lambda: without_unused_columns(source, select, flat)) \
            if (flat or source.cte.view) and source.query.recursion is None else None
        return cte.plan_reference(source, subplans, lambda query, plans: _build(
            reached.query(query) if reached else query, plans, reach=reached), pruned)
    query = without_unused_columns(source, select, flat)
    if reached is not None:
        query = reached.query(query)
    return cte.plan_derived(source, _build(query, subplans, reach=reached))


def _plan_subqueries(select: b.Select, subplans: dict, joined: dict | None = None,
                     coded: bool = False, omitted=frozenset()) -> tuple | None:
    """Plan every subquery used inside the expressions of ``select`` (not FROM items:
    those are planned in place by ``_source``). The WHERE's come first, term by term
    (the pieces of a split row comparison last, as ``split_clause`` puts them), as SQLite
    codes them before the result's: the first plan error is the one reported -- with
    ``coded`` returned, not raised: SQLite codes (and so plans) them only once the
    query's own loops are planned, so the caller raises it after those
    (``_raise_coded``), as (error, whether a WHERE term's). ``omitted``: the ids of the
    ON clauses of the LEFT JOINs SQLite omits, which it never codes
    (``_omitted_conditions``)."""
    first, met = None, []
    looped = grouped_in_loop(select)
    for expr, forward in coding_sequence(select, omitted):
        if not contains_subquery(expr):     # kept on the node: no walk for most terms
            continue
        try:
            _plan_in(expr, select, subplans, joined, forward=forward)
        except OperationalError as error:
            if not coded:
                raise
            met.append((error, forward and expr or id(expr) in looped and LOOPED))
            first = first or met[0] + (met,)
    return first


def _limit_first(select: b.Select) -> frozenset:
    """The ids of LIMIT and OFFSET of a SELECT that is no compound: SQLite codes them
    before its loops, so they are planned apart (``_raise_reset``)."""
    if select.compound or select.values is not None:
        return frozenset()
    return frozenset(id(e) for e in (select.limit, select.offset) if e is not None)


def _raise_reset(select: b.Select, subplans: dict) -> None:
    """SQLite codes a SELECT as its FROM subqueries, its LIMIT and OFFSET
    (computeLimitRegisters), then -- an aggregate query without GROUP BY -- its
    accumulators' reset, which meets a DISTINCT aggregate of two arguments unless an error
    came before (select.c resetAccumulator), then its loops: the subqueries of LIMIT and
    OFFSET are planned here, their errors raised, then that one."""
    if not select.compound:
        for expr in (select.limit, select.offset):
            if expr is not None and contains_subquery(expr):
                _plan_in(expr, select, subplans, None, forward=True)
    if getattr(select.last_coded, "after_limit", False):
        raise select.last_coded


def _raise_coded(select: b.Select, coded: tuple | None, flat: list = (),
                 order=None) -> None:
    """Once ``select``'s loops are planned (their 'no query solution' first): the first
    error SQLite's code generator meets -- a WHERE term's subquery's (``coded``: the
    first its expressions' subqueries met being planned, and the WHERE term it is in,
    or ``LOOPED`` for a GROUP BY key's), as the loops code WHERE and GROUP BY, then one the binder found in its clauses
    (``Select.codegen_error``), then another subquery's; but a misplaced row value of the
    result columns, GROUP BY or ORDER BY replaces a WHERE term's error that no later
    loop stops (``late_rows.outruns_row_value``). ``flat``: the errors met coding the
    FROM subqueries flattened into ``select`` (``_from_clause``'s ``deferred``), whose
    terms SQLite codes in its loops after the WHERE's own."""
    error, in_where = first_met(select, coded, order) if coded else (None, False)
    if getattr(select.codegen_error, "before_loops", False):   # a constant term's
        error = select.codegen_error
    elif getattr(select.codegen_error, "factored", False):   # coded last (factored_rows.py)
        error = error or select.last_coded or select.codegen_error
    elif in_where is LOOPED:            # a GROUP BY key's, coded in the loop
        late = select.codegen_error if row_value(select.codegen_error) else None
        error = next(iter(flat), None) or late or error
    elif in_where and outruns_row_value(in_where, select, _loops(select), order):
        error = error or next(iter(flat), None) or select.codegen_error or select.last_coded
    else:
        late = select.codegen_error
        if error is not None and not met_before(late, error, coding_sequence(select)):
            late = None                 # met after the subquery's error: never reported
        error = next(iter(flat), None) or late or error or select.last_coded
    if error is not None:
        error.coded = True              # SQLite notes it and codes on (exec/dml.py)
        raise error


def _loops(select: b.Select) -> int | None:
    """How many loops SQLite codes for ``select``'s FROM clause: a FROM subquery it
    flattens brings its own; None for a lone FROM subquery it keeps (``late_rows.py``)."""
    kinds = join_kinds(select) if select.items else []
    count = 0
    for i, item in enumerate(select.items):
        if not isinstance(item.source, b.SubquerySource):
            count += 1
        elif flattens(select, i, kinds[i], False) and item.source.query.recursion is None:
            count += _loops(item.source.query) or 1
        elif len(select.items) == 1:
            return None
        else:
            count += 1
    return count


def _plan_in(expr, select: b.Select, subplans: dict, joined, forward: bool = False) -> None:
    """Plan the subqueries inside ``expr`` not planned yet: with ``forward`` in the order
    they are written, else last first. A leaf, and a part already known to hold no
    subquery (``contains_subquery`` keeps its answer on each node it asked: the parts of
    a long OR before its subquery), are not walked."""
    stack = [expr]
    while stack:
        expr = stack.pop()
        if isinstance(expr, LEAVES) or getattr(expr, "_holds_subquery", True) is False:
            continue
        if isinstance(expr, b.RowColumn) and expr.alone:
            with piece_errors(expr.subquery), met_at(expr):
                _plan_one(expr.subquery, select, subplans, joined)
        if isinstance(expr, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            with met_at(expr):
                _plan_one(expr, select, subplans, joined)
            if isinstance(expr, b.InSubquery):
                stack.append(expr.operand)
            continue
        parts = children(expr)
        stack.extend(reversed(parts) if forward else parts)


def _plan_one(expr, select: b.Select, subplans: dict, joined) -> None:
    if id(expr.query) not in subplans:
        outer = (joined or {}).get(id(expr.query))
        stay = per_row_slots(expr.query, outer) if outer else frozenset()
        query = unplanned(expr, select) if isinstance(expr, b.InSubquery) \
            else expr.query                 # SQLite may plan it not (in_btree.py)
        if not isinstance(expr, b.InSubquery) and outer is None:
            query = one_row(query)          # SQLite's LIMIT 1 (lifted_limit.py)
        plan = _build(query, subplans, stay, joined=isinstance(expr, b.Exists) and
                      id(expr.query) in joined_queries(select))
        kept = kept_positions(expr.query) if isinstance(expr, b.ScalarSubquery) else None
        if kept:                            # its values' JSON subtype (json_arguments.py)
            plan = marks_kept(plan, kept, scalar=True)
        subplans[id(expr.query)] = plan


def plan_expressions(exprs: list, subplans: dict) -> None:
    """Plan the subqueries inside free-standing expressions (DML's WHERE, VALUES, SET)."""
    holder = b.Select(items=[], columns=[e for e in exprs if e is not None], names=[])
    _plan_subqueries(holder, subplans)
