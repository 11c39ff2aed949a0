"""A comparison of a table column with a constant, as one closure.

``column op literal`` (either order) is the most common WHERE term. The general compiled
comparison calls a closure per operand, the literal's affinity converter on every row and
a shared test; here the literal is converted once, at compile time (affinity conversion
of a constant gives the same value every time), and the column is read in place. A stored
value of the constant's own class (any number against a number, text against text under
BINARY) is compared with Python's operator, which orders those exactly as SQLite does;
any other pair goes through ``values.compare`` under the collation, as the general path.
"""

from __future__ import annotations

from ..plan import bound as b
from ..types import values as V
from .fast_counts import COUNTS


#: ``k op a`` is ``a MIRROR[op] k``: a literal on the left becomes one on the right.
MIRROR = {"eq": "eq", "ne": "ne", "lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}


def column_constant(e, lconv, rconv, directs: dict, tests: dict):
    """The closure for comparison ``e`` when one side is a plain column read without
    conversion and the other a non-NULL literal; None otherwise. ``lconv``/``rconv`` are
    the sides' affinity converters, ``directs``/``tests`` by operator its Python test and
    its test of a ``values.compare`` result (which is antisymmetric, so a mirrored
    operator gives the same answer)."""
    op = e.op
    if isinstance(e.right, b.Literal) and _plain_column(e.left) and lconv is None:
        column, constant, conv = e.left, e.right.value, rconv
    elif isinstance(e.left, b.Literal) and _plain_column(e.right) and rconv is None:
        column, constant, conv, op = e.right, e.left.value, lconv, MIRROR.get(op)
    else:
        return None
    if constant is None or op not in directs:
        return None
    COUNTS["column_constant"] += 1          # counted when compiled, not per row
    return _made(op, column, constant, conv, e.collation, directs, tests)


def _made(op: str, column, constant, conv, collation: str, directs: dict, tests: dict):
    """The closure testing ``column op constant`` (``conv``: the constant's converter)."""
    k = conv(constant) if conv is not None else constant
    if type(k) in (int, float):
        same = (int, float)
    elif type(k) is str and collation == "BINARY" and not V.has_surrogate(k):
        same = (str,)
    else:
        same = ()
    # code points order text as its bytes unless one side holds an escaped byte (text
    # that is not valid UTF-8): a non-ASCII constant ordered against text checks it
    checked = bool(same) and type(k) is str and op not in ("eq", "ne") and not k.isascii()
    # what it reads are default arguments, not cells: one tuple instead of eight objects
    # for the garbage collector, and fast locals
    def column_vs_constant(env, slot=column.slot, col=column.column, k=k, same=same,
                           direct=directs[op], test=tests[op], compare=V.compare,
                           collation=collation, checked=checked, escaped=V.has_surrogate):
        a = env[slot][col]
        if a is None:
            return None
        if type(a) in same and not (checked and escaped(a)):
            return 1 if direct(a, k) else 0
        return test(compare(a, k, collation))
    if op == "eq" and type(k) in (int, float):
        # true exactly when a stored value == k in Python: a number equal to it (SQLite
        # compares integers and reals exactly, as Python does); text, blobs and NULL never
        column_vs_constant.equal_to = (column.slot, column.column, k)
    return column_vs_constant


def column_column(e, directs: dict, tests: dict):
    """The closure for comparison ``e`` of two plain columns, neither converted (the
    caller has seen to that: no affinity converter on either side, no text beside text),
    each read in place rather than through a closure of its own; None when a side is
    anything else. The test is ``expressions._plain_compare``'s: numbers with numbers and
    text with text under BINARY (ordered only when one is ASCII) by Python's operator,
    any other pair through ``values.compare`` under the collation. select3's correlated
    subqueries (``x.b < t1.b``) test one such term per row of every run."""
    left, right, op, collation = e.left, e.right, e.op, e.collation
    if not (_plain_column(left) and _plain_column(right)) or op not in directs:
        return None
    COUNTS["column_column"] += 1            # counted when compiled, not per row

    def column_vs_column(env, ls=left.slot, lc=left.column, rs=right.slot, rc=right.column,
                         direct=directs[op], test=tests[op], compare=V.compare,
                         collation=collation, binary=collation == "BINARY",
                         equality=op in ("eq", "ne")):
        a = env[ls][lc]
        c = env[rs][rc]
        if a is None or c is None:
            return None
        ta, tc = type(a), type(c)
        if (ta is int or ta is float) and (tc is int or tc is float) or (
                binary and ta is str and tc is str and (equality or a.isascii() or c.isascii())):
            return 1 if direct(a, c) else 0
        return test(compare(a, c, collation))
    return column_vs_column


def _plain_column(e) -> bool:
    return isinstance(e, b.ColumnRef) and e.column >= 0 and not e.json


def comparison_key(e) -> tuple | None:
    """What decides the closure of comparison ``e`` of a plain column and a literal kept
    by value, under BINARY: its operator, its sides' affinities and which is the column,
    the column's slot and place, the literal's class and value; None for any other.
    ``expressions._compare`` keeps the closure ``column_constant`` made under it
    (``KEPT``), and a statement writing the same comparison takes it without working out
    the sides' conversions again (the corpus's index scripts ask each WHERE of five
    tables)."""
    left, right = e.left, e.right
    if left.__class__ is b.ColumnRef and right.__class__ is b.Literal:
        column, constant = left, right.value
    elif right.__class__ is b.ColumnRef and left.__class__ is b.Literal:
        column, constant = right, left.value
    else:
        return None
    if constant.__class__ not in _KEYED or constant == 0.0 and constant.__class__ is float \
            or column.column < 0 or column.json or e.collation != "BINARY":
        return None
    return (e.op, e.left_affinity, e.right_affinity, column is right, column.slot,
            column.column, constant.__class__, constant)


# the constants kept by value: those whose equal values are the same constant (a float
# 0.0 is not kept: -0.0 equals it)
_KEYED = frozenset((int, float, str, bytes))

#: comparison_key -> the closure ``column_constant`` made for it. The closure reads
#: nothing of its statement (the row comes in ``env``, the rest are its own defaults),
#: so statements with the same comparison share it. Emptied when full. The one cache of
#: these closures: a comparison under another collation is made afresh each time.
KEPT: dict = {}
KEPT_SIZE = 4096


def keep(key: tuple, made) -> None:
    if len(KEPT) >= KEPT_SIZE:
        KEPT.clear()
    KEPT[key] = made
