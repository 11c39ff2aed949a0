"""Which of the outer query's terms reach the tables of a FROM subquery, view or common table.

SQLite flattens a FROM subquery into the query that reads it where select.c's
flattenSubquery allows (its numbered restrictions, modelled by ``flattens``): the
subquery's tables become FROM items of the outer query and the outer WHERE and ON terms
stand beside the subquery's own WHERE. A subquery it does not flatten gets, where
pushDownWhereTerms allows, the outer terms that read nothing but its columns. Either way
those terms are part of the WHERE clause its tables are planned in, so they may make a
partial index that ``INDEXED BY`` names usable (where.c, whereUsablePartialIndex), or, for
a table flattened left of a RIGHT or FULL JOIN (JT_LTORJ), no term at all may; and they
may make the subquery's own RIGHT or FULL JOIN inner, so that an index on expressions
``INDEXED BY`` names on its right may be scanned whole.

RowanDB plans each FROM subquery as its own query (``cte.py``) and copies outer terms into
it later (``optimizer/push_into_cte.py``), so the terms that reach it are handed to its
planning beforehand instead (``Reach``): ``choose_index`` counts them among the terms that
may imply a partial index, and the subquery hands them on to its own FROM subqueries. This
changes which plans are allowed, not how rows are produced: it is cheaper than rewriting
the bound query, and the rows a flattened and an unflattened query give are the same.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ...catalog.schema import EXPRESSION
from . import bound as b
from .analysis import (calls_volatile, conjuncts, contains_subquery,
                       holds_correlated_subquery, is_constant, slots_of)
from .cte import materialized
from .expr_compare import same
from .simple_count import counts_alone, simple_count

OUTER_RIGHT = ("right", "full")


@dataclass(frozen=True)
class Reach:
    """The outer terms that reach a FROM item's query: ``terms`` read its columns in
    ``slot`` (and maybe other tables'); ``ltorj``: it is flattened left of a RIGHT or
    FULL JOIN, where no term makes a partial index usable."""
    slot: int
    terms: tuple = ()
    ltorj: bool = False
    outer_on: bool = False          # flattened as an outer join's right or left of a RIGHT
    counted: bool = False           # flattened into a simple count (``simple_count.py``)

    def query(self, query: b.Select) -> b.Select:
        """The query as SQLite plans it once flattened (``unfolded``)."""
        return unfolded(query) if self.outer_on else query

    def within(self, query: b.Select) -> list:
        """The terms in ``query``'s own expressions (one SELECT of a compound)."""
        return [substitute(t, self.slot, query.columns) for t in self.terms]


def reaching(select: b.Select, index: int, kinds: list, extra: list,
             counted: bool = False, outer_on: bool = False) -> Reach | None:
    """The terms of ``select`` (``extra``: those that reached it from further out) that
    reach the query of its FROM item ``index``; ``kinds``: how each item joins
    (``right_join.join_kinds``); ``counted``: ``select`` is flattened into a simple
    count. None when the item is no subquery or none reach it."""
    item = select.items[index]
    source = item.source
    if not isinstance(source, b.SubquerySource) or source.query.recursion is not None:
        return None
    if source.cte is not None and materialized(source.cte, source.query):
        return None
    kind = kinds[index]
    ltorj = any(k in OUTER_RIGHT for k in kinds[index + 1:])
    if flattens(select, index, kind, ltorj):
        if ltorj:
            return Reach(source.slot, (), True, True)
        counted = not extra and (simple_count(select) or counted and counts_alone(select))
        terms = tuple(_terms(select, index, kinds, extra)) if _names_partial(source.query) \
            else ()
        return Reach(source.slot, terms, outer_on=kind == "left" or outer_on,
                     counted=counted)
    if count_of_compound(select, source.query):
        return Reach(source.slot, counted=True)
    if not _names_partial(source.query):
        return None
    own = pushed_down(select, index, kinds, extra)
    return Reach(source.slot, tuple(own)) if own else None


def pushed_down(select: b.Select, index: int, kinds: list, extra: list = ()) -> list:
    """The terms SQLite pushes down into the query of FROM item ``index``, a subquery it
    does not flatten (select.c pushDownWhereTerms): those reading no other table, with
    no correlated subquery and no volatile call, where ``_pushable`` allows -- once the
    subqueries it flattens have put their constant columns in place of their reads
    (``with_flattened_constants``): ``(SELECT 1 AS a FROM t) AS x JOIN (...) AS y USING
    (a)`` pushes ``1 = y.a`` down into y (sqlite3Select flattens before it pushes
    down)."""
    source = select.items[index].source
    if kinds[index] in ("right", "full") or any(k in OUTER_RIGHT for k in kinds[index + 1:]) \
            or not _pushable(source.query):
        return []
    constants = _flattened_constants(select, kinds, deep=True)   # once for every term
    terms = [_with_constants(t, constants) for t in _terms(select, index, kinds, extra)]
    return [t for t in terms if slots_of(t) <= {source.slot}
            and not holds_correlated_subquery(t) and not calls_volatile(t)]


def with_flattened_constants(select: b.Select, kinds: list, where):
    """``where`` with each column of a subquery SQLite flattens into ``select`` as an
    inner join replaced by the result expression computing it, when that is a constant:
    SQLite's WHERE then holds the constant itself, a term of no table, tested before
    the loops or (holding a subquery) in the outermost one -- so ``like(NULL, NULL, a.c)
    = (SELECT ...)`` of ``a`` = ``(SELECT '12abc' AS c FROM t1)`` raises there even when
    ``t1`` is empty. A constant's value is the column's for every row the subquery
    gives, and each comparison keeps the affinity and collation it was bound with."""
    if where is None:
        return where
    return _with_constants(where, _flattened_constants(select, kinds))


def _flattened_constants(select: b.Select, kinds: list, deep: bool = False,
                         memo: dict | None = None) -> dict:
    """(slot, position) -> the constant standing for that column of a subquery SQLite
    flattens into ``select`` as an inner join. ``deep``: also a column computed from the
    constants of subqueries the subquery reads that are flattened in their turn
    (``_flat_constant``, ``memo`` its answers; for the terms pushed down only, so far)."""
    constants, memo = {}, {} if memo is None else memo
    for index, item in enumerate(select.items):
        if not _flattened_inner(select, index, kinds):
            continue                # (left of a RIGHT JOIN its row may be all NULLs)
        for position, column in enumerate(item.source.query.columns):
            column = _flat_constant(item.source.query, column, memo) if deep else \
                column if is_constant(column) else None
            if column is not None:
                constants[(item.source.slot, position)] = column
    return constants


def _with_constants(where, constants: dict):
    if not constants:
        return where
    return rewritten(where, lambda e: constants.get((e.slot, e.column))
                      if isinstance(e, b.ColumnRef) else None)


def _flattened_inner(select: b.Select, index: int, kinds: list) -> bool:
    """Whether FROM item ``index`` of ``select`` is a subquery SQLite flattens into it as
    an inner join, no RIGHT or FULL JOIN after it."""
    source = select.items[index].source
    return kinds[index] == "inner" and not any(k in OUTER_RIGHT for k in kinds[index + 1:]) \
        and isinstance(source, b.SubquerySource) and not source.query.compound and \
        source.query.recursion is None and \
        not (source.cte is not None and materialized(source.cte, source.query)) and \
        flattens(select, index, "inner", False)


def _flat_constant(query: b.Select, column, memo: dict):
    """The constant result expression ``column`` of ``query`` stands for once SQLite has
    flattened it, or None: itself, or what it makes of the constants of the subqueries of
    ``query`` that are flattened in their turn (fuzz 85100461: ``(SELECT (NULL <> a3.c)
    AS a FROM (SELECT NULL AS c FROM t) AS a3)``). ``memo``: id(query) -> those inner
    constants, each query's worked out once (each column of each level asks again)."""
    if _reads_no_table(column):
        return column
    if not query.items:
        return None
    inner = memo.get(id(query))
    if inner is None:
        kinds = [_written_kind(item.kind) for item in query.items]
        inner = memo[id(query)] = _flattened_constants(query, kinds, True, memo)
    if not inner:
        return None
    column = _with_constants(column, inner)
    return column if _reads_no_table(column) else None


def _reads_no_table(column) -> bool:
    """Whether a flattened subquery's result expression ``column`` stands in a pushed-down
    term as an expression of no table: a constant, or one holding only uncorrelated
    subqueries, which pushDownWhereTerms lets through too (select.c: it asks
    sqlite3ExprIsSingleTableConstraint with bAllowSubq set). Fuzz 85300464: a view's
    column ``(SELECT 1 FROM t LIMIT 1)`` equal to a column of a parenthesised RIGHT JOIN's
    left table makes that join inner, as the literal 1 does."""
    return is_constant(column) or contains_subquery(column) and not slots_of(column) \
        and not calls_volatile(column)


def flexible_columns(select: b.Select) -> frozenset:
    """The (slot, column) of ``select``'s FROM subqueries' columns of SQLite's affinity
    FLEXNUM (``bound.Select.flexible_columns``), which a column fixed by constant
    propagation takes. A compound SQLite flattens has no column: each of its SELECTs'
    expressions stands there, read as the column's own affinity converts it. A subquery
    of one SELECT it flattens hands on the columns it reads of its own FROM subqueries,
    which stand in the outer query once SQLite has flattened it there."""
    return frozenset((item.source.slot, i) for item in select.items
                     if isinstance(item.source, b.SubquerySource)
                     for i in item.source.query.flexible_columns
                     if _stays_flexible(item.source, item.source.flat, i))


def _stays_flexible(source: b.SubquerySource, flat: bool, position: int) -> bool:
    query = source.query
    if not flat:
        return True
    if query.compound:
        return False
    column = query.columns[position]
    while isinstance(column, b.Collate):
        column = column.operand
    inner = next((k for k, item in enumerate(query.items) if isinstance(column, b.ColumnRef)
                  and getattr(item.source, "slot", None) == column.slot), None)
    if inner is None or not isinstance(query.items[inner].source, b.SubquerySource):
        return True
    source = query.items[inner].source
    kind = query.items[inner].kind
    flat = not (source.cte is not None and materialized(source.cte, source.query)) and \
        flattens(query, inner, _written_kind(kind), False)
    return _stays_flexible(source, flat, column.column)


def _written_kind(kind: str) -> str:
    """A FROM item's join kind as written: 'left', 'right' or 'full', any other (an inner
    or CROSS join, a comma) 'inner'; before a WHERE term makes an outer join inner."""
    return kind if kind in ("left",) + OUTER_RIGHT else "inner"


def _names_partial(query: b.Select) -> bool:
    """Whether outer terms that reach ``query`` can change its plan's errors, so are worth
    rewriting into it (``Reach.within``; the others are spared that): a table of it (or of
    a FROM subquery of it) read INDEXED BY a partial index, which only the terms that
    imply its WHERE make usable, or by an index on expressions in a query with a RIGHT or
    FULL JOIN, where a term that rejects the NULL row of a table left of that join makes
    the join inner (``right_join.join_kinds``) and so lets SQLite scan that index whole
    (where.c whereLoopAddBtree scans no such index as a RIGHT JOIN's right table: 'no
    query solution'; fuzz 85100461: a NATURAL JOIN's term pushed down into parenthesised
    joins)."""
    for arm in [query] + [arm for _, arm in query.compound]:
        right = any(item.kind in OUTER_RIGHT for item in arm.items)
        for item in arm.items:
            source = item.source
            if isinstance(source, b.TableSource) and source.indexed and (
                    source.indexed.partial or right and _on_expressions(source.indexed)) or \
                    isinstance(source, b.SubquerySource) and _names_partial(source.query):
                return True
    return False


def _on_expressions(index) -> bool:
    """Whether ``index`` has a key that is an expression (catalog.schema.EXPRESSION)."""
    return any(column.column == EXPRESSION for column in index.columns)


def count_of_compound(select: b.Select, sub: b.Select) -> bool:
    """SQLite's countOfViewOptimization (select.c): a simple count of a UNION ALL of
    SELECTs without WHERE or aggregates counts each SELECT on its own, a simple count."""
    if not sub.compound or not simple_count(select) or select.order_by or \
            sub.limit is not None:
        return False
    arms = [sub] + [arm for _, arm in sub.compound]
    return all(op == "union all" for op, _ in sub.compound) and \
        all(arm.where is None and not arm.is_aggregate for arm in arms)


def _terms(select: b.Select, index: int, kinds: list, extra: list) -> list:
    """The WHERE-clause terms a table of item ``index`` is planned with: the ON of its
    own LEFT JOIN when it is the right item of one (EP_OuterON of that item), else the
    WHERE (with ``extra``) and the ON of every inner join."""
    if kinds[index] == "left":
        item = select.items[index]
        return conjuncts(item.condition) if item.condition is not None else []
    found = conjuncts(select.where) + list(extra) if select.where is not None else list(extra)
    for item, kind in zip(select.items, kinds):
        if kind == "inner" and item.condition is not None:
            found += conjuncts(item.condition)
    return found


def flattens(select: b.Select, index: int, kind: str, ltorj: bool) -> bool:
    """Whether SQLite flattens the subquery of FROM item ``index`` into ``select``
    (select.c flattenSubquery and the loop in sqlite3Select that calls it)."""
    sub = select.items[index].source.query
    if select.windows:
        select = _window_rewritten(select)
    outer_agg = select.is_aggregate
    if sub.is_aggregate or sub.windows:             # (25), aggregates
        return False
    if sub.limit is not None and (select.limit is not None or select.one_row or
                                  select.compound or len(select.items) > 1 or outer_agg or
                                  select.where is not None or select.distinct):
        return False                        # (13) (15) (8) (9) (19) (21)
    if sub.offset is not None or not sub.items or sub.distinct or sub.values is not None:
        return False                        # (14) (7) (4)
    if sub.order_by and (select.order_by or outer_agg):
        return False                        # (11) (16)
    if kind in ("left", "full", "right") or ltorj:
        # (3b), a virtual table kept apart, is gone from SQLite 3.54: `t LEFT JOIN
        # (SELECT value FROM json_each(...))` scans json_each in the join (measured)
        if len(sub.items) > 1 or select.distinct or kind in OUTER_RIGHT:
            return False                    # (3a) (3d) (26)
    if index > 0 and _has_right_join(sub):
        return False                        # (27a)
    if sub.compound:
        return _compound_flattens(select, index, kind, ltorj)
    return True


def _window_rewritten(select: b.Select) -> b.Select:
    """The query whose FROM items SQLite flattens its FROM subqueries into when
    ``select`` has window functions: sqlite3WindowRewrite first moves its FROM, WHERE,
    GROUP BY and HAVING into a subquery of their own, with no window function, DISTINCT,
    LIMIT or compound, ordered by the window's PARTITION BY and ORDER BY."""
    sort = [item if isinstance(item, b.OrderItem) else b.OrderItem(item)
            for window in select.windows for item in window.spec.partition + window.spec.order]
    return dataclasses.replace(select, windows=[], distinct=False, limit=None, offset=None,
                               compound=[], order_by=sort)


def _has_right_join(query: b.Select) -> bool:
    return any(item.kind in OUTER_RIGHT for item in query.items)


def _compound_flattens(select: b.Select, index: int, kind: str, ltorj: bool) -> bool:
    """Restrictions (17), (18), (20), (23) of a UNION ALL subquery."""
    sub = select.items[index].source.query
    if sub.compound_order or select.is_aggregate or select.distinct or \
            kind != "inner" or ltorj or select.recursion is not None:
        return False
    for op, arm in sub.compound:
        if op != "union all" or arm.is_aggregate or arm.distinct or not arm.items or \
                arm.values is not None or arm.windows or index > 0 and _has_right_join(arm):
            return False
    if select.order_by and not all(is_result_column(o.expr, select) for o in select.order_by):
        return False
    return not _affinities_differ(sub)


def is_result_column(expr, select: b.Select) -> bool:
    """Whether an ORDER BY term is one of ``select``'s result columns to SQLite (its
    iOrderByCol): written as one, or the same expression (``SELECT x AS k ... ORDER BY
    x``; resolveOrderByTermToExprList), not under a COLLATE of its own."""
    return any(expr is column or same(expr, column, None, None) for column in select.columns)


def _affinities_differ(sub: b.Select) -> bool:
    """Restriction (17h): a result column whose affinity differs between the arms."""
    arms = [sub] + [arm for _, arm in sub.compound]
    return any(len({tuple(arm.column_affinities)[position:position + 1] for arm in arms}) > 1
               for position in range(len(sub.columns)))


def _pushable(query: b.Select) -> bool:
    """Whether SQLite pushes outer WHERE terms into a subquery it does not flatten
    (select.c pushDownWhereTerms): not without LIMIT, or with window functions here, or
    into a compound with UNION, INTERSECT or EXCEPT unless its columns compare with
    BINARY; into a compound whose arms read no table or are VALUES too (each arm gets
    them: ``(VALUES (NULL) UNION ALL SELECT u.a FROM t LEFT JOIN u ...) WHERE column1``
    makes that LEFT JOIN inner). An aggregate query takes them into HAVING (``build._select_core`` keeps
    those SQLite then moves to WHERE)."""
    arms = [query] + [arm for _, arm in query.compound]
    if query.limit is not None or not query.compound and (
            query.values is not None or not query.items) or any(arm.windows for arm in arms):
        return False
    return all(op == "union all" for op, _ in query.compound) or \
        all(c == "BINARY" for arm in arms for c in arm.column_collations)


def substitute(expr, slot: int, columns):
    """``expr`` with each column of the FROM item in ``slot`` replaced by the result
    expression that computes it."""
    return rewritten(expr, lambda e: columns[e.column]
                      if isinstance(e, b.ColumnRef) and e.slot == slot else None)


def unfolded(query: b.Select) -> b.Select:
    """``query`` with the ANDs and ORs the binder folded in its WHERE put back: flattened
    into the right side of an outer join (or left of a RIGHT JOIN), SQLite marks that
    WHERE EP_OuterON, so ``EXISTS (...) OR 1`` is not made 1 and its subquery is planned."""
    if not query.unfolded or query.where is None:
        return query
    originals = query.unfolded

    def original(expr):
        found = originals.get(id(expr))
        return rewritten(found[1], original) if found and found[0] is expr else None
    where = rewritten(query.where, original)
    return query if where is query.where else dataclasses.replace(query, where=where)


def rewritten(expr, leaf):
    """``expr`` with each node ``leaf`` gives a replacement for replaced (not inside
    subqueries: their queries are not expressions)."""
    new = leaf(expr)
    if new is not None:
        return new
    if not dataclasses.is_dataclass(expr) or not isinstance(expr, b.Expr):
        return expr
    changes = {}
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        mapped = _mapped(value, leaf)
        if mapped is not value:
            changes[f.name] = mapped
    return dataclasses.replace(expr, **changes) if changes else expr


def _mapped(value, leaf):
    if isinstance(value, b.Expr):
        return rewritten(value, leaf)
    if isinstance(value, tuple):
        new = tuple(_mapped(v, leaf) for v in value)
        return new if any(n is not v for n, v in zip(new, value)) else value
    return value
