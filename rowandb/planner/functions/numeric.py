"""Numeric scalar functions: abs, round, sign, random, randomblob, zeroblob."""
from __future__ import annotations

import os
import random as _random

from ...errors import OperationalError
from ..types.realtext import text_to_real
from ..types.values import INT64_MIN, _text_numeric_affinity, check_size
from .convert import _double, _int
from .printf import _Spec, _format_real


def f_abs(x):
    t = type(x)
    if t is int:
        if x == INT64_MIN:
            raise OperationalError("integer overflow")
        return -x if x < 0 else x
    if x is None:
        return None
    r = _double(x)
    return -r if r < 0 else r * 1.0     # a new object (RETURNING: see returning.Returning)


def f_round(x, n=0):
    if x is None or n is None:
        return None
    digits = _int(n)
    digits = 30 if digits > 30 else (0 if digits < 0 else digits)
    r = _double(x)
    if not -4503599627370496.0 <= r <= 4503599627370496.0:
        return r  # no fractional part to round (also infinities)
    if digits == 0:
        return float(int(r + (-0.5 if r < 0 else 0.5)))
    # SQLite renders with "%!.*f" and reads the text back.
    return text_to_real(_format_real("f", _Spec("!", "", str(digits), None), r))


def f_sign(x):
    t = type(x)
    if t is str:
        x = _text_numeric_affinity(x, False)
        t = type(x)
    if t is not int and t is not float:
        return None
    return -1 if x < 0 else (1 if x > 0 else 0)


def f_random():
    return _random.getrandbits(64) - (1 << 63)


def f_randomblob(n):
    size = _int(n)
    check_size(size)
    return os.urandom(size if size >= 1 else 1)


def f_zeroblob(n):
    size = _int(n)
    check_size(size)
    return bytes(size if size > 0 else 0)


