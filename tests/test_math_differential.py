"""The math functions against SQLite (apsw): a differential property test over edge values.

Every function of the math family (``mathfuncs.MATH_FUNCTIONS``, and sign/abs/round beside
them) is called with arguments drawn from the values where SQLite's rules show: NULL,
zeros of both signs, integers at and beyond 2**53 and the 64-bit limits, huge and tiny
reals, infinities, the domain edges of the inverse functions (±1, 0), text that looks
like a number (with spaces, exponents, hex that SQLite does not read as a number) or not,
and blobs. Results are compared value for value and storage class for storage class
(``oracle.py``): NULL for a domain error or a non-numeric argument, infinities on
overflow, INTEGER kept by ceil/floor/trunc.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oracle import assert_same
from rowandb.planner.functions.mathfuncs import MATH_FUNCTIONS
from test_differential import props

EDGE_VALUES = [
    "NULL", "0", "-0.0", "0.0", "1", "-1", "2", "0.5", "-0.5", "1.0000000001", "-1.0000000001",
    "3.141592653589793", "710", "-745", "1e308", "-1e308", "1e-320", "9007199254740993",
    "9223372036854775807", "-9223372036854775808", "1e999", "-1e999", "123456789012345678",
    "'1'", "' 2 '", "'1e3'", "'-4.5'", "'abc'", "''", "'0x10'", "'12abc'", "'  '",
    "x'31'", "x''", "x'2d31'",
]
FUNCTIONS = sorted((name, lo, hi) for name, (_, lo, hi) in MATH_FUNCTIONS.items()) + [
    ("sign", 1, 1), ("abs", 1, 1), ("round", 1, 2)]


@st.composite
def calls(draw) -> str:
    name, lo, hi = draw(st.sampled_from(FUNCTIONS))
    n = draw(st.integers(lo, hi))
    args = [draw(st.sampled_from(EDGE_VALUES)) for _ in range(n)]
    return f"{name}({', '.join(args)})"


@props(300)
@given(st.lists(calls(), min_size=1, max_size=6))
def test_math_functions_match_sqlite_on_edge_values(batch):
    assert_same((), [f"SELECT {c}, typeof({c})" for c in batch])


def test_every_math_function_is_drawn():
    assert {"acos", "atanh", "ceil", "log", "mod", "pi", "pow", "trunc"} <= {f[0] for f in FUNCTIONS}
