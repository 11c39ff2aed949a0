"""Window functions: sqlglot's Window nodes -> ``bound.Window`` definitions and the
``bound.WindowRef`` that stands for each call (sqlite.org/windowfunctions.html).

A call is a built-in window function (``row_number`` ... ``nth_value``) or an aggregate
with OVER. Calls whose windows are the same definition share one ``bound.Window`` of
their SELECT (one sort, one pass), as SQLite groups them. Windows may stand only in the
result columns and ORDER BY of a SELECT (``Scope.allow_windows``); elsewhere, and inside
another window function's or an aggregate's arguments, SQLite says ``misuse of window
function f()``. Named windows (``WINDOW w AS (...)``) are looked up in the WINDOW clause
of the SELECT the call stands in, and a window may extend a named one with SQLite's
restrictions (window.c, sqlite3WindowChain). The messages below are SQLite's (resolve.c
and window.c of SQLite 3.54, checked against it through apsw).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.functions.aggregates import AGGREGATES, lookup_aggregate
from ...planner.functions.json import JSON_TEXT_AGGREGATES
from ...planner.functions.registry import is_builtin, is_window_only, lookup_scalar
from ...planner.functions.user import user_aggregate, user_scalar
from ...planner.plan import bound as b
from ...planner.plan.analysis import children
from ..parse.dialect import function_order, function_parts
from .names import in_text_order
from .properties import asked_collation
from .scope import to_second_walk
from ..parse.window_syntax import call_error, check_extension, written
from ...catalog.ascii_case import ascii_lower, ascii_upper

# What makes a frame offset not constant to SQLite's parser: names, subqueries, calls --
# LIKE and GLOB are calls -- but not the operators sqlglot makes Func nodes of.
_NOT_CONSTANT = (exp.Column, exp.Select, exp.Subquery, exp.Window, exp.Exists, exp.Table,
                 exp.Like, exp.Glob)
_OPERATORS = (exp.Cast, exp.Connector, exp.Case, exp.If, exp.Collate)


def bind_window(binder, node: exp.Window, scope) -> b.Expr:
    """Bind the window function call ``node``; return the WindowRef standing for it.
    SQLite's resolver (resolve.c, resolveExprStep) notes the call's own error, walks the
    arguments, then -- an aggregate or window function with no error so far -- settles
    the window (window.c, sqlite3WindowUpdate: a named window, RANGE's ORDER BY, FILTER
    on a built-in window function) and walks PARTITION BY, ORDER BY and FILTER, each a
    walk of its own (``Binder.arguments``); after an error only the FILTER is walked."""
    func, filter_node = node.this, None
    if isinstance(func, exp.Filter):
        func, filter_node = func.this, func.expression
    name, args, distinct = function_parts(func)
    if function_order(func) is not None or distinct:    # the parser's (check_calls)
        raise call_error(name, distinct)
    lname = ascii_lower(name)
    aggregate = False

    def check():
        nonlocal aggregate
        aggregate = _check_function(lname, name, args, scope)
    own_error = binder._note(check)
    second = own_error and to_second_walk(binder, scope)   # at RETURNING's top (scope.py)
    windows, scope.allow_windows = scope.allow_windows, False
    try:
        bound_args = binder.arguments(args, scope)
        if second:
            return _walk_window(binder, node, scope, (lname, filter_node))
        if own_error:
            return b.Literal(None)
        if binder.pending is not None:
            binder.arguments([filter_node.this] if filter_node is not None else [], scope,
                             whole=True)
            return b.Literal(None)
        return _bind_call(binder, node, scope, (lname, bound_args, aggregate), filter_node)
    finally:
        scope.allow_windows = windows


def _bind_call(binder, node, scope, call, filter_node) -> b.Expr:
    """The window of a call whose arguments are bound (``call``: its name, bound arguments
    and whether it aggregates), and the call added to it."""
    lname, bound_args, aggregate = call
    partition, order, frame = _settle(binder, node, aggregate, filter_node is not None)
    kind = _frame_kind(binder, frame) if frame is not None else None
    parts = binder.arguments(partition, scope)
    items = binder.arguments([item.this for item in order.expressions]
                             if order is not None else [], scope)
    condition = binder.arguments([filter_node.this] if filter_node is not None else [], scope,
                                 whole=True)
    if binder.pending is not None:
        return b.Literal(None)
    spec = _spec(binder, parts, order, items, (frame, kind), scope)
    if lname in _OWN_FRAMES:
        spec = _own_frame(spec, lname)
    collation = next((c for c in map(asked_collation, bound_args[:1]) if c), "BINARY")
    select = scope.select
    window = next((w for w in select.windows if w.spec.same(spec)), None)
    if window is None:
        window = b.Window(binder.slot(), spec)
        select.windows.append(window)
    window.calls.append(b.WindowCall(lname, bound_args, condition[0] if condition else None,
                                     collation, aggregate))
    return b.WindowRef(window.slot, len(window.calls) - 1, lname in JSON_TEXT_AGGREGATES)


def _walk_window(binder, node, scope, call) -> b.Expr:
    """The window of a call SQLite's second walk of a RETURNING list refuses, resolved as
    its first walk's SELECT resolves it (scope.to_second_walk); NULL stands for the call."""
    lname, filter_node = call
    partition, order, _ = _settle(binder, node, lname in AGGREGATES, filter_node is not None)
    binder.arguments(partition, scope)
    binder.arguments([item.this for item in order.expressions] if order is not None else [],
                     scope)
    binder.arguments([filter_node.this] if filter_node is not None else [], scope, whole=True)
    return b.Literal(None)


def _settle(binder, node, aggregate: bool, filtered: bool) -> tuple:
    """(PARTITION BY nodes, ORDER BY node, frame node) of the window of call ``node`` as
    SQLite settles it once the arguments are resolved (window.c, sqlite3WindowUpdate),
    noting its error, after which the names go on being resolved: a named window not
    found (``OVER w``: nothing more is checked), a window extending one against the rules
    (it keeps its own clauses), then RANGE with an offset and not one ORDER BY term, or
    else a FILTER on a built-in window function."""
    parenthesised = _parenthesised(binder, node)
    try:
        partition, order, frame = _definition(node, parenthesised)
    except OperationalError as error:
        binder.pending = error
        partition, order, frame = _definition(node, parenthesised, own=True)
        if not parenthesised:
            return partition, order, frame
    if frame is not None and _frame_kind(binder, frame) == "range" and len(
            order.expressions if order is not None else ()) != 1 and any(
            not isinstance(frame.args.get(k), str) for k in ("start", "end")
            if frame.args.get(k) is not None):
        binder.pending = OperationalError(
            "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression")
    elif filtered and not aggregate:
        binder.pending = OperationalError(
            "FILTER clause may only be used with aggregate window functions")
    return partition, order, frame


def check_alias(aliased: b.Expr, name: str, scope) -> None:
    """A result alias standing for a window function where none may stand (WHERE, GROUP
    BY, HAVING): SQLite's ``misuse of aliased window function r``."""
    if not scope.allow_windows and _has_window(aliased):
        raise OperationalError(f"misuse of aliased window function {name}")


def _has_window(expr) -> bool:
    return isinstance(expr, b.WindowRef) or any(_has_window(c) for c in children(expr))


def _check_function(lname: str, name: str, args: list, scope) -> bool:
    """The call's own errors, in SQLite's order (resolve.c): a function that is no window
    function, a misuse (a window where none may stand), an unknown function, the number
    of arguments; True when it is an aggregate."""
    own = user_aggregate(lname, len(args))
    if own is not None and own.window:          # create_window_function
        _check_place(name, scope)
        return True
    if user_scalar(lname, len(args)) or own is not None:
        raise OperationalError(f"{name}() may not be used as a window function")
    if lname in AGGREGATES and not (lname in ("min", "max") and len(args) > 1):
        lookup_aggregate(name, len(args))
        _check_place(name, scope)
        return True
    if not is_builtin(lname):
        raise OperationalError(f"no such function: {name}")
    if not is_window_only(lname):
        raise OperationalError(f"{name}() may not be used as a window function")
    lookup_scalar(name, len(args), window_ok=True)
    _check_place(name, scope)
    return False


def _check_place(name: str, scope) -> None:
    if not scope.allow_windows or scope.in_aggregate or scope.select is None:
        raise OperationalError(f"misuse of window function {name}()")


# Built-in window functions that ignore the frame get one of their own (window.c,
# sqlite3WindowUpdate): which calls share a window -- and so in which order the window
# steps run, which decides what row_number() OVER () numbers -- follows from it, and its
# offsets are never checked. (kind, start, end)
_OWN_FRAMES = {
    "row_number": ("rows", "unbounded", "current"), "rank": ("range", "unbounded", "current"),
    "dense_rank": ("range", "unbounded", "current"),
    "percent_rank": ("groups", "current", "unbounded"),
    "cume_dist": ("groups", "following", "unbounded"), "ntile": ("rows", "current", "unbounded"),
    "lead": ("rows", "unbounded", "unbounded"), "lag": ("rows", "unbounded", "current"),
}


def _own_frame(spec: b.WindowSpec, name: str) -> b.WindowSpec:
    kind, start, end = _OWN_FRAMES[name]
    offset = b.Literal(1) if start == "following" else None
    return b.WindowSpec(spec.partition, spec.order, kind, b.FrameBound(start, offset),
                        b.FrameBound(end), "no others", (kind, start, end) == _DEFAULT_FRAME)


_DEFAULT_FRAME = ("range", "unbounded", "current")


# -- the definition: named windows ------------------------------------------------------
def _definition(node: exp.Window, parenthesised: bool = True, own: bool = False) -> tuple:
    """(PARTITION BY nodes, ORDER BY node, frame node) of the window of ``node``, with the
    named window it names or extends looked up (``OVER w`` names it, ``OVER (w ...)`` and
    ``w2 AS (w ...)`` extend it) -- or, ``own``, not looked up."""
    partition = list(node.args.get("partition_by") or [])
    order, frame = node.args.get("order"), node.args.get("spec")
    base = node.args.get("alias")
    named = None if base is None or own else _named(node, written(base))
    if named is None:
        return partition, order, frame
    b_partition, b_order, b_frame = _definition(named)
    if not (partition or order or frame or parenthesised and b_frame is not None):
        return b_partition, b_order, b_frame
    check_extension(written(base), partition, order, b_order, b_frame)
    return b_partition, order if order is not None else b_order, frame


def _parenthesised(binder, node: exp.Window) -> bool:
    """Whether a parenthesis follows the OVER of call ``node`` (``Parsed.over_parens``;
    the calls' Window nodes in text order are its OVERs in text order)."""
    cache = getattr(binder, "_over_calls", None)
    if cache is None or cache[0] is not binder.parsed:
        calls = [n for n in in_text_order(binder.parsed.tree) if isinstance(n, exp.Window)
                 and not isinstance(n.this, exp.Identifier)]
        cache = binder._over_calls = (binder.parsed, {id(n): i for i, n in enumerate(calls)})
    k = cache[1].get(id(node))
    parens = binder.parsed.over_parens
    return k is None or k >= len(parens) or parens[k]


def _named(node: exp.Expression, name: str) -> exp.Window | None:
    """The definition of window ``name`` (as written: ``window_syntax.written``) in the
    WINDOW clause of the SELECT holding
    ``node`` (the last of that name, as SQLite finds it). A definition of that clause
    extends one defined before it, as SQLite's parser chains each to the list read so far
    (parse.y, windowdefn_list; window.c, sqlite3WindowChain) -- and the first one's
    base, never looked up, is none (None)."""
    select = node.parent
    while select is not None and not isinstance(select, exp.Select):
        select = select.parent
    found = None
    definitions = list((select.args.get("windows") or []) if select is not None else [])
    if any(d is node for d in definitions):
        definitions = definitions[:next(i for i, d in enumerate(definitions) if d is node)]
        if not definitions:
            return None
    for definition in definitions:
        if ascii_lower(written(definition.this)) == ascii_lower(name):
            found = definition
    if found is None:
        raise OperationalError(f"no such window: {name}")
    return found


# -- the definition bound -----------------------------------------------------------------
def _spec(binder, parts, order, items, framed, scope) -> b.WindowSpec:
    """The window's definition of its bound PARTITION BY terms ``parts`` and ORDER BY
    terms ``items`` (of ``order``'s Ordered nodes) and ``framed``: (frame, its kind)."""
    parts = tuple(b.OrderItem(e, collation=asked_collation(e) or "BINARY") for e in parts)
    items = tuple(b.OrderItem(e, bool(t.args.get("desc")), bool(t.args.get("nulls_first")),
                              asked_collation(e) or "BINARY")
                  for t, e in zip(order.expressions if order is not None else (), items))
    frame, kind = framed
    if frame is None:
        return b.WindowSpec(parts, items)
    start = _bound(binder, frame.args.get("start"), frame.args.get("start_side"), scope)
    end = b.FrameBound("current")
    if frame.args.get("end") is not None:
        end = _bound(binder, frame.args.get("end"), frame.args.get("end_side"), scope)
    exclude = frame.args.get("exclude")
    return b.WindowSpec(parts, items, kind, start, end,
                        ascii_lower(exclude.name) if exclude is not None else "no others", False,
                        exclude is not None)


def _frame_kind(binder, frame: exp.WindowSpec) -> str:
    """ROWS, RANGE or GROUPS: sqlglot reads GROUPS as ROWS (``window_syntax.py``)."""
    cache = getattr(binder, "_frame_specs", None)
    if cache is None or cache[0] is not binder.parsed:
        specs = [n for n in in_text_order(binder.parsed.tree) if isinstance(n, exp.WindowSpec)] \
            if binder.parsed.tree is not None else []
        cache = binder._frame_specs = (binder.parsed, {id(s): i for i, s in enumerate(specs)})
    kinds = binder.parsed.frame_kinds
    k = cache[1].get(id(frame))
    if k is not None and k < len(kinds) and kinds[k] != "range":
        return kinds[k]
    return ascii_lower(str(frame.args.get("kind") or "range"))


def _bound(binder, value, side, scope) -> b.FrameBound:
    if isinstance(value, str) and ascii_upper(value) == "UNBOUNDED":
        return b.FrameBound("unbounded")
    if isinstance(value, str):                  # CURRENT ROW
        return b.FrameBound("current")
    if any(isinstance(n, _NOT_CONSTANT) or isinstance(n, exp.Func) and not isinstance(
            n, _OPERATORS) for n in value.walk()):
        # SQLite takes a frame offset that is not constant -- a function call is not --
        # for NULL (window.c), which its check of the value then refuses
        return b.FrameBound(ascii_lower(str(side)), b.Literal(None))
    return b.FrameBound(ascii_lower(str(side)), binder.expr(value, scope))

