"""Binding an aggregate call: ``count(*)``, ``sum(DISTINCT x)``, ``group_concat(x, ','
ORDER BY y) FILTER (WHERE z)`` -> a ``bound.Aggregate`` of the SELECT it belongs to and
the ``bound.AggregateRef`` that stands for its value (sqlite.org/lang_aggfunc.html).

SQLite's rules, from resolve.c and expr.c of SQLite 3.54 and checked against it: the
call's own errors (its number of arguments, an aggregate inside an aggregate, an
aggregate where none may stand) wait while its arguments are resolved, and an error in
one replaces them; without such an error the ORDER BY terms and then the FILTER
condition are resolved, each a walk of its own; all are resolved as inside the
aggregate (an aggregate or a window function there is a misuse).
Error messages name the function as written (``misuse of aggregate function SUM()``).
The ORDER BY of min() and max() is resolved and then dropped: SQLite sorts only for
functions that take no collation (expr.c, analyzeAggregate).
"""

from __future__ import annotations

from ...errors import OperationalError
from ...planner.exec.json_marks import passes_mark
from ...planner.functions.aggregates import lookup_aggregate
from ...planner.functions.json import JSON_TEXT_AGGREGATES
from ...planner.functions.registry import NEEDS_COLLATION
from ...planner.plan import bound as b
from ...planner.plan.analysis import children
from ...planner.plan.describe import describe
from .properties import asked_collation, collation_of, has_collate
from .scope import to_second_walk
from ...catalog.ascii_case import ascii_lower


def bind_aggregate(binder, name: str, args, distinct: bool, scope, order=None,
                   condition=None) -> b.Expr:
    """Bind the call ``name(args)`` (``order``: its ``Ordered`` terms, ``condition``: its
    FILTER's), owned by ``scope``'s SELECT. As SQLite's resolver does (resolve.c,
    resolveExprStep): the call's own error is noted, then the arguments, the ORDER BY
    terms and the FILTER condition are each a walk of its own, an error of one waiting
    through the next (``Binder.arguments``) -- the last two only when the call is an
    aggregate there, without an error of its own."""
    owner, lname = scope, ascii_lower(name)
    own_error = binder._note(lambda: _check_aggregate(name, args, owner))
    second = own_error and to_second_walk(binder, scope)   # at RETURNING's top (scope.py)
    owner.in_aggregate = True
    order = order or ()
    parts = [list(args)] if own_error and not second else \
        [list(args), [t.this for t in order], [condition] if condition is not None else []]
    try:
        walked = [binder.arguments(part, scope, whole=k == 2) for k, part in enumerate(parts)]
    finally:
        owner.in_aggregate = False
    if binder.pending is not None or own_error:
        return b.Literal(None)
    bound_args, bound_order, bound_filter = walked
    bound = bound_order + bound_args
    owner = _owner(scope, bound_filter + bound)
    if owner is not scope and not _can_aggregate(owner):
        # The outer query reached the call in its WHERE, GROUP BY or another aggregate's
        # arguments, or it is an UPDATE or DELETE, where it cannot aggregate: SQLite's code generator reports the
        # misuse, unless the call is never computed (an EXISTS's result columns).
        if not scope.exists_query and owner.in_group_by:
            raise OperationalError(misplaced_aggregate(name, owner))
        if not scope.exists_query and owner.in_where:
            return _coded_misuse(binder, f"misuse of aggregate: {name}()")
        if not scope.exists_query and owner.in_aggregate:
            raise OperationalError(f"misuse of aggregate: {name}()")
        if not scope.exists_query and owner.select is None and not owner.returning:
            return _coded_misuse(binder, f"misuse of aggregate: {name}()")
        owner = scope
    if owner is scope and _resolves_then_fails(scope):
        return _coded_misuse(binder, misplaced_aggregate(name, scope))
    look = asked_collation if distinct or lname in ("min", "max") else collation_of
    collation = look(bound_args[0]) if bound_args else None         # (sqlite3ExprCollSeq)
    select = owner.select
    if distinct and len(args) != 1:     # found once every name of the SELECT is resolved
        binder._distinct_errors.setdefault(id(select), OperationalError(
            "DISTINCT aggregates must have exactly one argument"))
    items = _order_items(order, bound_order, lname)
    select.aggregates.append(b.Aggregate(
        lname, bound_args, distinct, collation or "BINARY",
        bound_filter[0] if bound_filter else None, items,
        _sorter_unique(distinct, items, bound_args), name,
        tuple(bound_order) if not items else ()))
    ref = b.AggregateRef(select.group_slot, len(select.aggregates) - 1,
                         lname in JSON_TEXT_AGGREGATES, passes_mark(lname, bound_args))
    explicit = next((a for a in bound_args if has_collate(a)), None)
    if explicit is not None:            # max(x COLLATE NOCASE) keeps the COLLATE
        return b.Collate(ref, collation_of(explicit))
    return ref


def _coded_misuse(binder, message: str) -> b.Expr:
    """An aggregate in a WHERE that SQLite resolves and its code generator refuses
    (expr.c: an aggregate outside any aggregate loop), once every name of the statement is
    resolved: the error waits in the query being bound (``Binder.codegen_error``; where
    nothing waits, raised now), and a NULL stands for the call meanwhile."""
    binder.codegen_error(1, OperationalError(message))
    return b.Literal(None)


def _can_aggregate(scope) -> bool:
    return scope.allow_aggregates and not scope.in_aggregate and not scope.in_group_by \
        and scope.select is not None


def _resolves_then_fails(scope) -> bool:
    """An aggregate call in the WHERE of a query that aggregates anyway: SQLite resolves
    it (its NC_AllowAgg is still set there, resolve.c) and the call then belongs to the
    outer query whose columns it names -- or, naming this query's, fails later."""
    return scope.in_where and not scope.in_aggregate and scope.select is not None \
        and bool(scope.select.aggregates or scope.grouped)


def _owner(scope, parts):
    """The query an aggregate belongs to: the innermost one whose FROM items its parts
    name, searching outwards from the one it stands in -- ``(SELECT count(t.a) FROM u)``
    counts rows of the outer query's ``t`` (resolve.c: sqlite3ReferencesSrcList). A call
    that names no column belongs where it stands. (Columns named only inside a subquery
    of its arguments are not looked at here.)"""
    slots = set()
    stack = list(parts)
    while stack:
        e = stack.pop()
        if isinstance(e, b.ColumnRef):
            slots.add(e.slot)
        stack.extend(children(e))
    s = scope
    while s is not None and slots:
        if any(source.slot in slots and not source.qualified_only for source in s.sources):
            return s
        s = s.parent
    return scope


def _order_items(order, bound, name: str) -> tuple:
    """The ORDER BY of an aggregate call as ``OrderItem``s (none for min() and max())."""
    if name in NEEDS_COLLATION:
        return ()
    return tuple(b.OrderItem(e, bool(t.args.get("desc")), bool(t.args.get("nulls_first")),
                             collation_of(e) or "BINARY") for t, e in zip(order, bound))


def _sorter_unique(distinct: bool, items: tuple, args: tuple) -> bool:
    """SQLite's ``bOBUnique``: DISTINCT with one argument whose one ORDER BY term is that
    same expression (a COLLATE makes it another) lets the sorter itself drop repeated
    values -- keeping the last one, where DISTINCT elsewhere keeps the first."""
    return distinct and len(items) == 1 and len(args) == 1 \
        and describe(items[0].expr) == describe(args[0])


def non_aggregate_order_by(name: str) -> OperationalError:
    """SQLite's error for an ORDER BY in the arguments of a call that does not aggregate."""
    return OperationalError(f"ORDER BY may not be used with non-aggregate {name}()")


def non_aggregate_filter(name: str) -> OperationalError:
    """SQLite's error for a FILTER on a call that does not aggregate (without OVER)."""
    return OperationalError(f"FILTER may not be used with non-aggregate {name}()")


def _check_aggregate(name: str, args, owner) -> None:
    """What SQLite finds wrong with the call itself: the number of arguments first (with
    another number it is no aggregate to SQLite), then where it stands."""
    lookup_aggregate(name, len(args))
    if owner.in_aggregate:                          # count() inside sum(...)
        raise OperationalError(f"misuse of aggregate function {name}()")
    if (not owner.allow_aggregates or owner.select is None) and not _resolves_then_fails(owner):
        raise OperationalError(misplaced_aggregate(name, owner))


def misplaced_aggregate(name: str, scope) -> str:
    """SQLite's message for an aggregate where none may stand. In the WHERE of a query
    that is an aggregate query anyway, SQLite lets the aggregate through resolution and
    stops later, with other words."""
    if scope.in_group_by:
        return "aggregate functions are not allowed in the GROUP BY clause"
    if scope.select is not None and (scope.select.aggregates or scope.grouped):
        return f"misuse of aggregate: {name}()"
    return f"misuse of aggregate function {name}()"
