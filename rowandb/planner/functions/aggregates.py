"""SQLite's built-in aggregate functions as small accumulator classes.

Each class is created once per group, receives ``step(*values)`` per row (already evaluated
Python values; DISTINCT and FILTER are the executor's job) and returns the result from
``finalize()``. Numeric aggregates follow SQLite exactly: sum() keeps an exact 64-bit
integer until a REAL (or an overflow) appears, then continues with Kahan-Babuska-Neumaier
compensated summation as SQLite does, so results agree to the last bit; min()/max() use
SQLite's cross-type order through values.compare with a collation fixed at construction.
"""
from __future__ import annotations

import math

from ...errors import OperationalError
from ..types.values import (
    INT64_MAX, INT64_MIN, _text_numeric_affinity, check_size, compare, normalize_text,
    text_bytes, to_real, to_text,
)
from .json.groups import JSON_AGGREGATES
from .percentile import PERCENTILE_AGGREGATES
from .user import aggregate_factory, user_aggregate
from ...catalog.ascii_case import ascii_lower

_BIG = 4503599627370496  # 2**52: beyond this an int64 is split before adding as REAL


def _numeric_class(v):
    """(is_integer, value) as sqlite3_value_numeric_type() sees a non-NULL argument."""
    t = type(v)
    if t is int:
        return True, v
    if t is float:
        return False, v
    if t is str:
        n = _text_numeric_affinity(v, False)
        if type(n) is int:
            return True, n
        return False, to_real(v)
    if t is bool:
        return True, int(v)
    return False, to_real(v)


def _c_remainder(a: int, b: int) -> int:
    r = abs(a) % b
    return -r if a < 0 else r


class Count:
    """count(*) (no arguments: every row) and count(x) (non-NULL x)."""

    __slots__ = ("n",)

    def __init__(self):
        self.n = 0

    def step(self, *values):
        if not values or values[0] is not None:
            self.n += 1

    def inverse(self, *values):
        """Take back a row's step (a row leaving a sliding window frame: SQLite's xInverse)."""
        if not values or values[0] is not None:
            self.n -= 1

    def finalize(self):
        return self.n


class Sum:
    """sum(x): INTEGER while exact, REAL once a REAL arrives; overflow is an error."""

    __slots__ = ("cnt", "isum", "approx", "overflow", "rsum", "rerr")

    def __init__(self):
        self.cnt = 0
        self.isum = 0
        self.approx = False
        self.overflow = False
        self.rsum = 0.0
        self.rerr = 0.0

    def step(self, *values):
        v = values[0]
        if v is None:
            return
        self.cnt += 1
        if type(v) is int:
            is_int = True
        else:
            is_int, v = _numeric_class(v)
        if not self.approx:
            if is_int:
                total = self.isum + v
                if INT64_MIN <= total <= INT64_MAX:
                    self.isum = total
                    return
                self.overflow = True
                self._start_approx()
                self._add_int(v)
            else:
                self._start_approx()
                self._add_real(v)
        elif is_int:
            self._add_int(v)
        else:
            self.overflow = False
            self._add_real(v)

    def inverse(self, *values):
        """Take back a row's step, as SQLite's sumInverse does: exact while every value
        was an INTEGER, else the value's negation added with compensation."""
        v = values[0]
        if v is None:
            return
        self.cnt -= 1
        is_int, v = (True, v) if type(v) is int else _numeric_class(v)
        if not self.approx:
            total = self.isum - v
            if INT64_MIN <= total <= INT64_MAX:
                self.isum = total
            else:
                self.overflow = self.approx = True
        elif not is_int:
            self._add_real(-v)
        elif v != INT64_MIN:
            self._add_int(-v)
        else:
            self._add_int(INT64_MAX)
            self._add_int(1)

    def _start_approx(self):
        self.approx = True
        i = self.isum
        if i <= -_BIG or i >= _BIG:
            small = _c_remainder(i, 16384)
            self.rsum = float(i - small)
            self.rerr = float(small)
        else:
            self.rsum = float(i)
            self.rerr = 0.0

    def _add_real(self, r: float):
        s = self.rsum
        t = s + r
        if abs(s) > abs(r):
            self.rerr += (s - t) + r
        else:
            self.rerr += (r - t) + s
        self.rsum = t

    def _add_int(self, i: int):
        if i <= -_BIG or i >= _BIG:
            small = _c_remainder(i, 16384)
            self._add_real(float(i - small))
            self._add_real(float(small))
        else:
            self._add_real(float(i))

    def _real_total(self) -> float | None:
        """The REAL sum; NaN (inf - inf) becomes NULL as in sqlite3_result_double."""
        if not self.approx:
            return float(self.isum)
        r = self.rsum + self.rerr if math.isfinite(self.rerr) else self.rsum
        return None if r != r else r

    def finalize(self):
        if self.cnt == 0:
            return None
        if not self.approx:
            return self.isum
        if self.overflow:
            raise OperationalError("integer overflow")
        return self._real_total()


class Total(Sum):
    """total(x): like sum() but always REAL, 0.0 for no rows, never an overflow error."""

    __slots__ = ()

    def finalize(self):
        return self._real_total()


class Avg(Sum):
    """avg(x): the REAL mean of the non-NULL values, NULL if there are none."""

    __slots__ = ()

    def finalize(self):
        r = self._real_total() if self.cnt else None
        return None if r is None else r / self.cnt


class _MinMax:
    __slots__ = ("best", "collation")
    _want = 0

    def __init__(self, collation: str | None = "BINARY"):
        self.best = None
        self.collation = collation or "BINARY"

    def step(self, *values):
        """True when the row is not a new extreme: SQLite's minmaxStep then skips loading
        the bare columns (sqlite3SkipAccumulatorLoad) -- also for a NULL once a value is
        held, but not for a NULL before any (exec/aggregate.py reads this)."""
        v = values[0]
        if v is None:
            return self.best is not None
        if self.best is None or compare(self.best, v, self.collation) == self._want:
            self.best = v
            return False
        return True

    def finalize(self):
        return self.best


class Min(_MinMax):
    """min(x) aggregate: the smallest non-NULL value in SQLite's order (first of ties)."""

    __slots__ = ()
    _want = 1


class Max(_MinMax):
    """max(x) aggregate: the largest non-NULL value in SQLite's order (first of ties)."""

    __slots__ = ()
    _want = -1


class GroupConcat:
    """group_concat(x[, sep]) / string_agg(x, sep): non-NULL values joined as text.

    The separator is taken from the row whose value it precedes (as in SQLite); a NULL
    separator joins with nothing. The default separator is ','.
    """

    __slots__ = ("parts", "size")

    def __init__(self):
        self.parts: list[str] | None = None
        self.size = 0

    def step(self, *values):
        v = values[0]
        if v is None:
            return
        text = v if type(v) is str else to_text(v)
        if self.parts is None:
            self.parts = []
        elif len(values) == 1:
            self._add(",")
        elif values[1] is not None:
            self._add(to_text(values[1]))
        self._add(text)

    def _add(self, text: str):
        self.size += len(text) if text.isascii() else len(text_bytes(text))
        check_size(self.size)                   # SQLite's length limit, in bytes
        self.parts.append(text)

    def finalize(self):
        return None if self.parts is None else normalize_text("".join(self.parts))


AGGREGATES: dict[str, tuple[type, int, int]] = {
    "count": (Count, 0, 1),
    "sum": (Sum, 1, 1),
    "total": (Total, 1, 1),
    "avg": (Avg, 1, 1),
    "min": (Min, 1, 1),
    "max": (Max, 1, 1),
    "group_concat": (GroupConcat, 1, 2),
    "string_agg": (GroupConcat, 2, 2),
    **PERCENTILE_AGGREGATES,
    **JSON_AGGREGATES,
}


def lookup_aggregate(name: str, nargs: int) -> type:
    """The aggregate class for ``name`` called with ``nargs`` arguments.

    Raises OperationalError with SQLite's wording for an unknown name or a wrong count.
    (min/max with two or more arguments are scalar functions, see functions.py.)
    """
    own = user_aggregate(name, nargs)       # the connection's own come first (user.py)
    if own is not None:
        return aggregate_factory(own)
    entry = AGGREGATES.get(ascii_lower(name))
    if entry is None:
        raise OperationalError(f"no such function: {name}")
    cls, lo, hi = entry
    if nargs < lo or (hi >= 0 and nargs > hi):
        raise OperationalError(f"wrong number of arguments to function {name}()")
    return cls


def is_aggregate(name: str, nargs: int) -> bool:
    """True if ``name(nargs args)`` denotes an aggregate (min/max only with one argument)."""
    entry = AGGREGATES.get(ascii_lower(name))
    if entry is None:
        return False
    return entry[1] <= nargs <= entry[2]
