"""SQLite's math functions (func.c, SQLITE_ENABLE_MATH_FUNCTIONS): ceil, floor, trunc, the
logarithms, exp, pow, mod, the trigonometric and hyperbolic functions, sqrt, radians,
degrees and pi.

As in SQLite, an argument counts only if it is a number or text that looks like one
(sqlite3_value_numeric_type); anything else — NULL, other text, a blob — gives NULL. The
results are C doubles: a domain error (sqrt(-1), acos(2), mod(x, 0)) is NaN, which SQLite
returns as NULL, and an overflow is an infinity, where Python's math module would raise.
"""
from __future__ import annotations

import math

from ..types.values import _text_numeric_affinity
from .convert import _ABSENT, _double

_PI = 3.141592653589793


def _numeric(v):
    """The value as sqlite3_value_numeric_type() sees it: int, float, or None if neither."""
    t = type(v)
    if t is int or t is float:
        return v
    if t is str:
        v = _text_numeric_affinity(v, False)
        t = type(v)
        return v if t is int or t is float else None
    return None


def _c_result(compute, *args) -> float | None:
    """``compute(*args)`` as C's libm answers it: NaN -> NULL, overflow -> infinity, and
    a pole (atanh(1), pow(0, -1)) an infinity too, where Python raises."""
    try:
        r = compute(*args)
    except ValueError:
        return _pole(compute, *args)
    except OverflowError:
        return _overflow(compute, *args)
    return None if r != r else r


def _pole(compute, *args) -> float | None:
    if compute is math.atanh and abs(args[0]) == 1.0:
        return math.copysign(math.inf, args[0])
    if compute is math.pow and args[0] == 0.0 and args[1] < 0:
        x, y = args
        odd = y.is_integer() and int(y) % 2 == 1
        return math.copysign(math.inf, x) if odd else math.inf
    return None                                     # a domain error: NaN, so NULL


def _overflow(compute, *args) -> float:
    if compute is math.pow:
        x, y = args
        odd = y.is_integer() and int(y) % 2 == 1
        return -math.inf if x < 0 and odd else math.inf
    if compute is math.sinh:
        return math.copysign(math.inf, args[0])
    return math.inf                                 # exp, cosh


def _math1(compute):
    def f(x):
        v = _numeric(x)
        return None if v is None else _c_result(compute, float(v))
    f.__name__ = getattr(compute, "__name__", "math1")
    return f


def _math2(compute):
    def f(x, y):
        a = _numeric(x)
        if a is None:
            return None
        b = _numeric(y)
        if b is None:
            return None
        return _c_result(compute, float(a), float(b))
    f.__name__ = getattr(compute, "__name__", "math2")
    return f


def _rounding(compute):
    """ceil/ceiling/floor/trunc: an INTEGER argument comes back unchanged."""
    def f(x):
        v = _numeric(x)
        if type(v) is int:
            return v
        return None if v is None else _c_result(compute, v)
    return f


def _c_rounding(rounder):
    """C's ceil/floor/trunc on a double: infinities stay, a zero result keeps the
    argument's sign (ceil(-0.5) is -0.0)."""
    def f(x: float) -> float:
        if math.isinf(x):
            return x
        r = float(rounder(x))
        return math.copysign(r, x) if r == 0 else r
    return f


def f_log(x, y=_ABSENT):
    """log(X) is log10(X); log(B, X) is ln(X) / ln(B). Non-positive -> NULL."""
    v = _numeric(x)
    if v is None or v <= 0:
        return None
    if y is _ABSENT:
        return math.log10(v)
    base = math.log(v)
    if base <= 0:
        return None
    # SQLite checks the numeric type of the *first* argument again here, so a second
    # argument of any type is read with sqlite3_value_double.
    value = _double(y)
    if value <= 0:
        return None
    return _c_result(lambda a, b: math.log(a) / b, value, base)


def _log_with(compute):
    def f(x):
        v = _numeric(x)
        if v is None or v <= 0:
            return None
        return _c_result(compute, float(v))
    return f


def f_pi():
    return _PI


def _radians(x: float) -> float:
    return x * (_PI / 180.0)


def _degrees(x: float) -> float:
    return x * (180.0 / _PI)


MATH_FUNCTIONS: dict[str, tuple] = {
    "ceil": (_rounding(_c_rounding(math.ceil)), 1, 1),
    "ceiling": (_rounding(_c_rounding(math.ceil)), 1, 1),
    "floor": (_rounding(_c_rounding(math.floor)), 1, 1),
    "trunc": (_rounding(_c_rounding(math.trunc)), 1, 1),
    "ln": (_log_with(math.log), 1, 1),
    "log": (f_log, 1, 2),
    "log10": (_log_with(math.log10), 1, 1),
    "log2": (_log_with(math.log2), 1, 1),
    "exp": (_math1(math.exp), 1, 1),
    "pow": (_math2(math.pow), 2, 2),
    "power": (_math2(math.pow), 2, 2),
    "mod": (_math2(math.fmod), 2, 2),
    "acos": (_math1(math.acos), 1, 1),
    "asin": (_math1(math.asin), 1, 1),
    "atan": (_math1(math.atan), 1, 1),
    "atan2": (_math2(math.atan2), 2, 2),
    "cos": (_math1(math.cos), 1, 1),
    "sin": (_math1(math.sin), 1, 1),
    "tan": (_math1(math.tan), 1, 1),
    "cosh": (_math1(math.cosh), 1, 1),
    "sinh": (_math1(math.sinh), 1, 1),
    "tanh": (_math1(math.tanh), 1, 1),
    "acosh": (_math1(math.acosh), 1, 1),
    "asinh": (_math1(math.asinh), 1, 1),
    "atanh": (_math1(math.atanh), 1, 1),
    "sqrt": (_math1(math.sqrt), 1, 1),
    "radians": (_math1(_radians), 1, 1),
    "degrees": (_math1(_degrees), 1, 1),
    "pi": (f_pi, 0, 0),
}
