"""The percentile aggregates SQLite builds in: median(Y), percentile(Y, P),
percentile_cont(Y, P) and percentile_disc(Y, P) (SQLite's percentile.c).

Every input value is kept until the end, then sorted. P is a fraction of 0.0 to 1.0
(percentile() takes it in percent) and must be the same, within 0.001, on every row; Y
must be an INTEGER or a REAL (text that looks like a number is an error, as are
infinities) and NULLs are skipped. The result is the value at P * (N - 1) in sorted order,
interpolated between its two neighbours by percentile_cont, percentile and median, and
the lower neighbour by percentile_disc; always a REAL, NULL over no values.
"""
from __future__ import annotations

import math

from ...errors import OperationalError
from ..types.values import _text_numeric_affinity
from .convert import _double

_NUMERIC_CLASSES = (int, float)


class _Percentile:
    __slots__ = ("fraction", "values")
    name = "percentile"
    scale = 100.0           # P is given in percent
    discrete = False

    def __init__(self):
        self.fraction = None
        self.values: list[float] = []

    def step(self, y, p=None):
        fraction = self._fraction(p)
        if self.fraction is None:
            self.fraction = fraction
        elif abs(self.fraction - fraction) > 0.001:
            raise OperationalError(f"the fraction argument to {self.name}() is not the same "
                                   "for all input rows")
        if y is None:
            return
        if type(y) not in _NUMERIC_CLASSES:
            raise OperationalError(f"input to {self.name}() is not numeric")
        y = float(y)
        if math.isinf(y):
            raise OperationalError(f"Inf input to {self.name}()")
        self.values.append(y)

    def _fraction(self, p) -> float:
        numeric = _numeric_value(p)
        fraction = None if numeric is None else numeric / self.scale
        if fraction is None or not 0.0 <= fraction <= 1.0:
            raise OperationalError(f"the fraction argument to {self.name}() is not between "
                                   f"0.0 and {self.scale:.1f}")
        return fraction

    def finalize(self):
        if not self.values:
            return None
        values = sorted(self.values)
        at = self.fraction * (len(values) - 1)
        low = int(at)
        if self.discrete:
            return values[low]
        high = low if at == low or low == len(values) - 1 else low + 1
        # Always the C arithmetic, so a lone -0.0 comes out as 0.0, as in SQLite.
        return values[low] + (values[high] - values[low]) * (at - low)


def _numeric_value(p):
    """P as sqlite3_value_numeric_type() takes it: a number, text that is one, else None."""
    if type(p) is str:
        p = _text_numeric_affinity(p, False)
    return _double(p) if type(p) in _NUMERIC_CLASSES else None


class Median(_Percentile):
    __slots__ = ()
    name = "median"

    def _fraction(self, p) -> float:
        return 0.5


class Percentile(_Percentile):
    __slots__ = ()


class PercentileCont(_Percentile):
    __slots__ = ()
    name = "percentile_cont"
    scale = 1.0


class PercentileDisc(_Percentile):
    __slots__ = ()
    name = "percentile_disc"
    scale = 1.0
    discrete = True


PERCENTILE_AGGREGATES = {
    "median": (Median, 1, 1),
    "percentile": (Percentile, 2, 2),
    "percentile_cont": (PercentileCont, 2, 2),
    "percentile_disc": (PercentileDisc, 2, 2),
}
