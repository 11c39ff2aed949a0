"""SQLite's built-in window functions (sqlite.org/windowfunctions.html#built-in_window_functions):
``row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
nth_value``. Aggregates used as window functions are ``exec/window_frames.py``'s.

Each function computes the values of a whole partition at once, from a ``Partition``
(``exec/window.py``: its size, its peer groups -- rows equal in every ORDER BY term --
and each row's evaluated arguments) and the rows' frames. The ranking functions and
lag/lead look at the partition only; first_value, last_value and nth_value at the frame
(with its EXCLUDE). Argument errors carry SQLite's messages (window.c).
"""

from __future__ import annotations

from ...errors import OperationalError
from ..types import values as V


def _row_number(part, frames):
    return list(range(1, part.size + 1))


def _rank(part, frames):
    return [s + 1 for s in part.group_start]


def _dense_rank(part, frames):
    return [g + 1 for g in part.group_number]


def _percent_rank(part, frames):
    n = part.size
    return [s / (n - 1) if n > 1 else 0.0 for s in part.group_start]


def _cume_dist(part, frames):
    n = part.size
    return [e / n for e in part.group_end]


def _ntile(part, frames):
    n, out = part.size, []
    for i in range(n):
        buckets = V.to_integer(part.args[i][0])
        if buckets is None or buckets <= 0:
            raise OperationalError("argument of ntile must be a positive integer")
        size, big = divmod(n, buckets)
        if size == 0:
            out.append(i + 1)
        elif i < big * (size + 1):
            out.append(i // (size + 1) + 1)
        else:
            out.append(big + (i - big * (size + 1)) // size + 1)
    return out


def _shifted(sign: int):
    """lag (sign -1) and lead (+1): the argument ``offset`` rows before or after, the
    offset computed as SQLite does (the row number plus or minus it, a row found only
    for an integral result), else the default (NULL)."""
    arith = V.add if sign > 0 else V.sub

    def shifted(part, frames):
        out, n = [], part.size
        for i, args in enumerate(part.args):
            target = arith(i + 1, args[1]) if len(args) > 1 else i + 1 + sign
            target = V.seek_rowid(target) if target is not None else None
            if target is not None and 1 <= target <= n:
                out.append(part.args[target - 1][0])
            else:
                out.append(args[2] if len(args) > 2 else None)
        return out
    return shifted


def _first_value(part, frames):
    return [part.args[rows[0]][0] if rows else None for rows in map(frames.rows, range(part.size))]


def _last_value(part, frames):
    return [part.args[rows[-1]][0] if rows else None for rows in map(frames.rows, range(part.size))]


def _nth(value) -> int:
    n = V.apply_affinity(value, "NUMERIC")
    if type(n) is float and n.is_integer():
        n = int(n)
    if type(n) is not int or n <= 0:
        raise OperationalError("second argument to nth_value must be a positive integer")
    return n


def _nth_value(part, frames):
    out = []
    for i in range(part.size):
        rows = frames.rows(i)
        if not rows:
            out.append(None)
            continue
        n = _nth(part.args[i][1])
        out.append(part.args[rows[n - 1]][0] if n <= len(rows) else None)
    return out


#: name -> compute(partition, frames) -> the partition's values, in its order.
WINDOW_FUNCTIONS = {
    "row_number": _row_number, "rank": _rank, "dense_rank": _dense_rank,
    "percent_rank": _percent_rank, "cume_dist": _cume_dist, "ntile": _ntile,
    "lag": _shifted(-1), "lead": _shifted(1), "first_value": _first_value,
    "last_value": _last_value, "nth_value": _nth_value,
}
