"""More aggregate calls (feature ``aggregate_kinds``): the JSON aggregates, DISTINCT on
every aggregate that takes it, string_agg, the percentile family, and HAVING on a query
without GROUP BY.

``gen_expr.gen_aggregate`` hands its drawn argument here now and then (the choice drawn
aside, ``Gen.side_rng``). Each call is written in a shape whose answer is defined:

* the JSON aggregates concatenate in the order rows arrive: they either sort their
  arguments by an ORDER BY that leaves only ties that print alike (``typeof(x), x COLLATE
  BINARY, quote(x)``), or are wrapped where the order cannot show
  (``json_array_length(json_group_array(x))``, ``length(json_group_object(...))``);
* ``group_concat(DISTINCT x)`` keeps the first of two values that are equal but look
  different (1 and 1.0, 'a' and 'A' under NOCASE): its argument is made ``CAST(x AS TEXT)
  COLLATE BINARY``, whose equal values look alike, and its length is what is shown;
  a DISTINCT aggregate of two arguments is SQLite's error, written now and then;
* ``sum/total/avg(DISTINCT x)`` may keep 1 or 1.0: flags ``representative`` and
  ``float_order`` as ``gen_aggregate`` does for their plain forms;
* median and the percentiles sort their input themselves (and raise on text).

Where errors are steered off (``Gen.subquery_errors``), only calls that cannot raise are
written: no JSON aggregate of a BLOB, no percentile of text, no two-argument DISTINCT.
"""

from __future__ import annotations

from .gen_expr import Scope
from .sqltree import Node, expr, leaf

PERCENTILES = ["median({a})", "percentile({a}, {p})", "percentile_cont({a}, {f})",
               "percentile_disc({a}, {f})"]
FRACTIONS = ["0", "0.25", "0.5", "1", "1.0", "0.999"]
PERCENTS = ["0", "25", "50", "100", "33.3", "99.9"]
BAD_FRACTIONS = ["1.5", "-1", "'x'", "NULL", "101"]


def other_aggregate(g, scope: Scope, a: Node, condition: Node | None) -> Node:
    """One of this module's aggregate calls over argument ``a`` (drawn by the caller),
    with the caller's FILTER clause ``condition`` (or None)."""
    side = g.side_rng
    kind = side.choice(["json_array", "json_array_sorted", "json_object",
                        "json_object_sorted", "group_concat_distinct", "distinct_sum",
                        "string_agg", "percentile", "two_argument_distinct"])
    return getattr(_Kinds, kind)(g, scope, a, condition)


def _safe(g, a: Node) -> Node:
    """``a`` as something no JSON aggregate or percentile refuses where errors are
    steered off: a REAL, or NULL (CAST of any value to REAL cannot raise)."""
    if not g.subquery_errors:
        return a
    return expr("CAST(", a, " AS REAL)", subexprs=[a], literals=())


def _total_order(a: Node) -> Node:
    """ORDER BY terms under which rows that tie show ``a`` alike."""
    return expr(" ORDER BY typeof(", a, "), ", a, " COLLATE BINARY, quote(", a, ")",
                literals=())


def _key(g, a: Node) -> Node:
    """A json_group_object label: TEXT (any other class is SQLite's error), unless
    errors are wanted and the draw says so."""
    if not g.subquery_errors and g.side_rng.random() < 0.15:
        return a
    return expr("coalesce(CAST(", a, " AS TEXT), '')", subexprs=[a], literals=())


class _Kinds:
    """One static method per kind: (g, scope, a, condition) -> Node."""

    @staticmethod
    def json_array(g, scope, a, condition):
        return expr("json_array_length(json_group_array(", _safe(g, a), ")", condition, ")",
                    literals=())

    @staticmethod
    def json_array_sorted(g, scope, a, condition):
        value = _safe(g, a)
        return expr("json_group_array(", value, _total_order(value), ")", condition,
                    literals=())

    @staticmethod
    def json_object(g, scope, a, condition):
        return expr("length(json_group_object(", _key(g, a), ", ", _safe(g, a), "))",
                    condition, literals=())

    @staticmethod
    def json_object_sorted(g, scope, a, condition):
        key, value = _key(g, a), _safe(g, a)
        return expr("json_group_object(", key, ", ", value, _total_order(key), ", ",
                    value, " COLLATE BINARY, quote(", value, "))", condition, literals=())

    @staticmethod
    def group_concat_distinct(g, scope, a, condition):
        name = g.side_rng.choice(["group_concat", "string_agg"])
        text = expr("CAST(", a, " AS TEXT) COLLATE BINARY", subexprs=[a], literals=())
        if name == "string_agg":    # string_agg takes its separator always: no DISTINCT
            return expr("octet_length(string_agg(", text, ", '-'))", condition, literals=())
        return expr("octet_length(group_concat(DISTINCT ", text, "))", condition,
                    literals=())

    @staticmethod
    def distinct_sum(g, scope, a, condition):
        name = g.side_rng.choice(["sum", "total", "avg"])
        scope.flags.update({"float_order", "representative"})
        if name == "sum":
            scope.flags.add("sum")
        return expr(f"{name}(DISTINCT ", a, ")", condition, literals=())

    @staticmethod
    def string_agg(g, scope, a, condition):
        separator = g.side_rng.choice(["','", "''", "' | '", "NULL"])
        return expr("string_agg(", a, f", {separator}", _total_order(a), ")", condition,
                    literals=())

    @staticmethod
    def percentile(g, scope, a, condition):
        side = g.side_rng
        template = side.choice(PERCENTILES)
        fractions, percents = FRACTIONS, PERCENTS
        if not g.subquery_errors and side.random() < 0.1:
            fractions = percents = BAD_FRACTIONS
        value = _safe(g, a)
        head, tail = template.split("{a}")
        tail = tail.replace("{p}", side.choice(percents)).replace("{f}", side.choice(fractions))
        scope.flags.add("float_order")
        return expr(head, value, tail, condition, literals=())

    @staticmethod
    def two_argument_distinct(g, scope, a, condition):
        if g.subquery_errors:
            return _Kinds.distinct_sum(g, scope, a, condition)
        name = g.side_rng.choice(["group_concat", "string_agg", "count", "sum"])
        return expr(f"{name}(DISTINCT ", a, ", ", leaf("'-'"), ")", condition, literals=())
