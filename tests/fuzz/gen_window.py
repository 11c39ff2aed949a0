"""Random window-function calls for the select list (feature ``window``).

A window function's value depends on the order of the rows in its partition, and two rows
that tie on the window's ORDER BY may come in either order: SQLite's choice follows its
plan, not a rule. So each call is generated in one of two shapes whose answer is defined:

* **total order** -- the window's ORDER BY ends with every column of the FROM clause
  (``COLLATE BINARY``, then ``typeof()``, so that 'a'/'A' and 1/1.0 do not tie): rows that
  still tie are equal in every column and give the same output rows whichever comes first.
  Any function and any frame may be used.
* **partial order** -- only the drawn ORDER BY terms (perhaps none): peers are then real
  ties, so only functions whose value is the same for every peer are used: rank(),
  dense_rank(), percent_rank(), cume_dist(), and count/sum/total/avg/min/max over a
  RANGE or GROUPS frame (which take in or leave out whole peer groups).

Flags for the comparator are set as ``gen_aggregate`` sets them: sums of reals depend on
the order of additions, min/max may show either of two values that compare equal.
"""

from __future__ import annotations

from .gen_expr import Scope, gen_expr
from .gen_window_names import named_over
from .sqltree import Node, expr

ANY_ORDER = ["rank()", "dense_rank()", "percent_rank()", "cume_dist()"]
AGGREGATES = ["count(*)", "count({e})", "sum({e})", "total({e})", "avg({e})", "min({e})",
              "max({e})"]
ORDER_SENSITIVE = ["row_number()", "ntile({n})", "lag({e})", "lag({e}, {n}, {e})",
                   "lead({e}, {n})", "first_value({e})", "last_value({e})",
                   "nth_value({e}, {n})", "group_concat({e}, '-')"]
BOUNDS = ["UNBOUNDED PRECEDING", "{n} PRECEDING", "CURRENT ROW", "{n} FOLLOWING",
          "UNBOUNDED FOLLOWING"]
EXCLUDES = ["", "", " EXCLUDE NO OTHERS", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP",
            " EXCLUDE TIES"]


def gen_window_call(g, scope: Scope, windows: list | None = None) -> Node:
    """``f(...) [FILTER (WHERE ...)] OVER (PARTITION BY ... ORDER BY ... frame)``; with
    feature ``window_names`` and a ``windows`` list, now and then ``OVER wN`` or ``OVER (wN
    ...)``, the definition appended to ``windows`` for the query's WINDOW clause."""
    rng = g.rng
    total = rng.random() < 0.6
    if total:
        call = rng.choice(ANY_ORDER + AGGREGATES + ORDER_SENSITIVE * 2)
    else:
        call = rng.choice(ANY_ORDER + AGGREGATES)
    parts = _call(g, scope, call)
    if call in AGGREGATES and rng.random() < 0.2:
        parts += [" FILTER (WHERE ", gen_expr(g, scope, 1), ")"]
    partition: list = []
    if rng.random() < 0.5:
        partition = ["PARTITION BY ", gen_expr(g, scope, 0), " "]
    terms = [gen_expr(g, scope, 0) for _ in range(rng.choice([0, 1, 1, 2]))]
    if total:
        terms += [f"{ref.text} COLLATE BINARY, typeof({ref.text})" for ref in scope.refs]
    order: list = []
    if terms:
        order.append("ORDER BY ")
        for i, term in enumerate(terms):
            order += [", " if i else "", term, rng.choice(["", "", " DESC"]) if i < 2 else ""]
    frame = ""
    if call in AGGREGATES or call in ORDER_SENSITIVE and total:
        frame = _frame(g, total, bool(terms))
    if windows is not None and g.config.has("window_names") and g.side_rng.random() < 0.5:
        parts += named_over(g, windows, partition, order, frame)
    else:
        parts += [" OVER (", *partition, *order, frame, ")"]
    return expr(*parts, literals=())


def _call(g, scope: Scope, call: str) -> list:
    """The call's text, its ``{e}`` and ``{n}`` filled in, flagging what it implies."""
    name = call.split("(")[0]
    if name in ("sum", "total", "avg"):
        scope.flags.add("float_order")
        if name == "sum":
            scope.flags.add("sum")
    if name in ("min", "max", "first_value", "last_value", "nth_value", "lag", "lead"):
        scope.flags.add("representative")
    parts: list = []
    rest = call
    while "{" in rest:
        head, _, tail = rest.partition("{")
        hole, _, rest = tail.partition("}")
        parts.append(head)
        parts.append(str(g.rng.randint(1, 3)) if hole == "n" else gen_expr(g, scope, 1))
    parts.append(rest)
    return parts


def _frame(g, total: bool, ordered: bool) -> str:
    """A frame clause, or none (the default RANGE frame); ROWS only under a total order,
    RANGE with an offset never (it needs one numeric ORDER BY term)."""
    rng = g.rng
    kinds = ["", "RANGE", "GROUPS"] if ordered else ["", "RANGE"]
    if total:
        kinds.append("ROWS")
    kind = rng.choice(kinds)
    if not kind:
        return ""
    start = rng.randint(0, 3)
    end = rng.randint(max(start, 1), 4)
    if kind == "RANGE":                     # no offsets: bounds 0, 2 and 4 only
        start, end = rng.choice([(0, 2), (0, 4), (2, 4), (2, 2)])
    bounds = [BOUNDS[start], BOUNDS[end]]
    text = f" {kind} BETWEEN {bounds[0]} AND {bounds[1]}".replace(
        "{n}", str(rng.randint(0, 2)))
    return text + rng.choice(EXCLUDES)
