"""Which affinity conversion each operand of a comparison gets, as SQLite's comparison
opcodes and IN operator convert them.

SQLite decides one affinity per comparison from its operands' (expr.c
sqlite3CompareAffinity: NUMERIC when both have one and one is numeric, none when both have
one and neither is, else the one there is) and its comparison opcode (vdbe.c OP_Lt...)
applies it at run time to *both* operands: a numeric affinity turns text that looks like a
number into one, TEXT turns a number into text -- but only when the other operand is text
at that moment. RowanDB converts only where a conversion can change something: the operand
without the affinity, and an operand whose affinity does not say what its values are (a
"deferred" operand: a RIGHT/FULL JOIN's USING column, whose value comes from either
table, and a compound scalar subquery, whose affinity is its last SELECT's while its value
may come from any, a VALUES list of several SELECTs alike). An operand with TEXT affinity whose value may be a number makes the
TEXT conversion conditional, decided per pair of values (``TEXT_BESIDE_TEXT``,
``beside_text``).

``x IN (SELECT y ...)`` fills an ephemeral index with y under the IN's affinity, as a
column of that affinity stores them, and converts x the same way -- unless x's own
affinity is that affinity (expr.c sqlite3ExprCodeIN leaves out the OP_Affinity then, so a
compound's text stays text under its last SELECT's INTEGER affinity).
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan.operand_types import affinity_of, last_row
from ..types import values as V

_NUMERIC = ("INTEGER", "REAL", "NUMERIC")

#: The comparison's TEXT affinity where an operand's value may be a number: a number
#: becomes text only beside a text value (vdbe.c OP_Lt...), decided per pair of values.
TEXT_BESIDE_TEXT = "TEXT beside text"


def side_affinities(left_aff, right_aff, deferred=(False, False)):
    """The affinity RowanDB applies to each comparison operand (datatype3.html §4.2): the
    one without the comparison's affinity, and a ``deferred`` operand (``deferred_sides``),
    which takes the comparison's affinity itself. Under TEXT with a deferred operand, both
    sides are ``TEXT_BESIDE_TEXT``."""
    sides = _side_affinities(left_aff, right_aff)
    if deferred[0] or deferred[1]:
        both = "NUMERIC" if left_aff in _NUMERIC or right_aff in _NUMERIC else (
            left_aff or right_aff if None in (left_aff, right_aff) else None)
        if both == "TEXT":
            return TEXT_BESIDE_TEXT, TEXT_BESIDE_TEXT
        sides = tuple(both if d else s for d, s in zip(deferred, sides))
    return sides


def deferred(operand) -> bool:
    """Whether a comparison operand takes the comparison's affinity itself: a USING
    column's deferred coalesce(), and a compound scalar subquery (its affinity is its last
    SELECT's, its value any SELECT's: SQLite's comparison opcode converts it)."""
    return isinstance(operand, b.Function) and operand.using or \
        isinstance(operand, b.ScalarSubquery) and (
            bool(operand.query.compound) or len(operand.query.values_arms) > 1)


def deferred_sides(e) -> tuple[bool, bool]:
    """``deferred`` of each operand of comparison ``e`` (a column or a literal, the
    operands of most comparisons, is never deferred: answered without asking)."""
    left, right = e.left, e.right
    if left.__class__ in _NEVER_DEFERRED and right.__class__ in _NEVER_DEFERRED:
        return _NEITHER
    return deferred(left), deferred(right)


_NEVER_DEFERRED = frozenset((b.ColumnRef, b.Literal))
_NEITHER = (False, False)


def _side_affinities(left_aff, right_aff) -> tuple[str | None, str | None]:
    if left_aff in _NUMERIC and right_aff not in _NUMERIC:
        return None, "NUMERIC" if right_aff in ("TEXT", "BLOB", None) else None
    if right_aff in _NUMERIC and left_aff not in _NUMERIC:
        return "NUMERIC", None
    # TEXT affinity goes only to an operand with no affinity at all (an expression); a
    # BLOB-affinity column is left alone (as SQLite does, whatever datatype3.html says).
    if left_aff == "TEXT" and right_aff is None:
        return None, "TEXT"
    if right_aff == "TEXT" and left_aff is None:
        return "TEXT", None
    return None, None


def converter(affinity):
    """``f(value)`` applying one side's affinity, or None for none (and for
    ``TEXT_BESIDE_TEXT``, which ``beside_text`` applies to the pair)."""
    if affinity is None or affinity == TEXT_BESIDE_TEXT:
        return None
    convert = _CONVERTERS.get(affinity)
    if convert is None:                 # one per affinity, shared by every statement
        convert = _CONVERTERS[affinity] = \
            lambda v, apply=V.apply_affinity, affinity=affinity: apply(v, affinity)
    return convert


_CONVERTERS: dict = {}


def beside_text(test):
    """``test(a, c)`` on two non-NULL values after SQLite's run-time TEXT conversion: a
    number becomes text when the other value is text, else both stay as they are."""
    def converted(a, c, test=test, apply=V.apply_affinity):
        ta, tc = type(a), type(c)
        if ta is str and (tc is int or tc is float):
            c = apply(c, "TEXT")
        elif tc is str and (ta is int or ta is float):
            a = apply(a, "TEXT")
        return test(a, c)
    return converted


def in_subquery_affinity(left_aff, query: b.Select) -> str | None:
    """The affinity SQLite gives ``x IN (SELECT y ...)`` (expr.c exprINAffinity and
    sqlite3CompareAffinity): y's is that of the last SELECT of a compound; NUMERIC when x
    and y both have an affinity and one is numeric, none when neither is, else the one
    there is. Values convert as a column of that affinity stores them, so under REAL an
    integer becomes its nearest double (the IN's ephemeral index keeps such integers as
    doubles: 9007199254740993 IN (SELECT r) finds r = 2^53)."""
    row = last_row(query)
    return in_affinity(left_aff, affinity_of(row[0]) if row else None)


def in_subquery_sides(left_aff, query: b.Select) -> tuple[str | None, str | None]:
    """(x's conversion, the subquery's) of ``x IN (SELECT ...)``: the IN's affinity for
    both, but none for x when that is x's own affinity (module docstring)."""
    affinity = in_subquery_affinity(left_aff, query)
    return (None if affinity == left_aff else affinity), affinity


def in_affinity(left_aff, right_aff) -> str | None:
    """The affinity of one term of an IN with a subquery, from both sides' own
    (``in_subquery_affinity``; each term of a row value alike)."""
    if left_aff is not None and right_aff is not None:
        return "NUMERIC" if left_aff in _NUMERIC or right_aff in _NUMERIC else None
    return left_aff if left_aff is not None else right_aff


def index_affinity_ok(affinity: str | None, query: b.Select) -> bool:
    """Whether an IN's affinity lets its subquery's column be probed as stored, unconverted
    (sqlite3IndexAffinityOk): no affinity, or one of the column's own kind. ``query`` is
    one ``in_index.index_for`` accepted: its one column is a column reference."""
    if affinity in (None, V.BLOB):
        return True
    column = query.columns[0].affinity if query.columns else None
    return column == "TEXT" if affinity == "TEXT" else column in _NUMERIC
