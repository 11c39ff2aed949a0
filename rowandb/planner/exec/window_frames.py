"""Window frames and aggregates computed over them (sqlite.org/windowfunctions.html#frame_specifications).

``Frames`` works out, for every row of a sorted partition, the frame ``[start, end)`` its
ROWS, GROUPS or RANGE bounds give (RANGE with an offset over the one ORDER BY term's
numeric values: a NULL, text or blob current value has its peers as the bound, as in
SQLite), and ``rows(i)``: the frame without what EXCLUDE takes out.

``aggregate_values`` runs an aggregate (count, sum, ..., or any accumulator class of
``functions/aggregates.py``) over each row's frame. Without EXCLUDE both ends of the
frame only move forward, so the cost is O(1) amortised per row wherever the aggregate
allows it: an accumulator with ``inverse`` (count, sum, total, avg: SQLite's xInverse)
takes rows back as they leave the frame; min() and max() keep a monotonic deque of the
rows that can still become the answer (choosing among ties as SQLite does); any other aggregate steps forward only when the
frame starts at the partition's first row and is computed afresh per distinct frame
otherwise (as SQLite does for a function without xInverse). With an EXCLUDE clause
written -- EXCLUDE NO OTHERS too, which excludes nothing -- every row's frame is computed
afresh, as SQLite does (so an aggregate's rounding and infinities come out as its).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque

from ...errors import OperationalError
from ..types import values as V


def check_offset(value, kind: str, which: str):
    """The offset of ``n PRECEDING|FOLLOWING`` as SQLite checks it when the window starts:
    a non-negative integer for ROWS and GROUPS, a non-negative number for RANGE."""
    if kind == "range":
        v = V.apply_affinity(value, "NUMERIC")
        if type(v) not in (int, float) or v < 0:
            raise OperationalError(f"frame {which} offset must be a non-negative number")
        return v
    v = V.must_be_int(value)
    if v is None or v < 0:
        raise OperationalError(f"frame {which} offset must be a non-negative integer")
    return v


class Frames:
    """The frames of the rows of one partition (``exec/window.py``'s ``Partition``)."""

    def __init__(self, spec, part, offsets: tuple):
        self.part = part
        self.exclude = spec.exclude
        self.afresh = spec.exclude_written      # every frame computed anew (EXCLUDE written)
        self.kind = spec.kind
        self._numbers()
        self.starts = [self._position(spec.start, offsets[0], i, True) for i in range(part.size)]
        self.ends = [self._position(spec.end, offsets[1], i, False) for i in range(part.size)]
        self.unbounded_start = spec.start.kind == "unbounded"

    def _numbers(self) -> None:
        """The numeric block of a RANGE frame's ORDER BY values (negated when DESC, so
        that it ascends): the rows between NULLs and text, where offsets apply."""
        values = self.part.range_values
        found = [i for i, v in enumerate(values) if v is not None] if values else []
        self.lo, self.hi = (found[0], found[-1] + 1) if found else (0, 0)
        self.numbers = values[self.lo:self.hi] if found else []

    def _position(self, bound, offset, i: int, start: bool) -> int:
        part, kind = self.part, bound.kind
        if kind == "unbounded":
            return 0 if start else part.size
        if kind == "current":
            if self.kind == "rows":
                return i if start else i + 1
            return part.group_start[i] if start else part.group_end[i]
        step = -offset if kind == "preceding" else offset
        if self.kind == "rows":
            return min(max(i + step + (0 if start else 1), 0), part.size)
        if self.kind == "groups":
            g = part.group_number[i] + step
            if g < 0:
                return 0
            if g >= len(part.groups):
                return part.size
            return part.groups[g][0 if start else 1]
        value = part.range_values[i]
        if value is None:                   # NULL, text or blob: the peers bound it
            return part.group_start[i] if start else part.group_end[i]
        search = bisect_left if start else bisect_right
        return self.lo + search(self.numbers, value + step)

    def rows(self, i: int):
        """The rows of row ``i``'s frame, EXCLUDE applied, in partition order."""
        s, e = self.starts[i], self.ends[i]
        if e <= s:
            return range(0)
        if self.exclude == "no others":
            return range(s, e)
        if self.exclude == "current row":
            return [j for j in range(s, e) if j != i]
        gs, ge = self.part.group_start[i], self.part.group_end[i]
        keep = i if self.exclude == "ties" else -1
        return [j for j in range(s, e) if not gs <= j < ge or j == keep]


def aggregate_values(factory, args: list, use: list | None, frames: Frames) -> list:
    """The value of the aggregate ``factory()`` over each row's frame; ``args`` holds
    each row's arguments, ``use`` whether FILTER lets the row in (None: every row)."""
    if frames.afresh:
        return [_fresh(factory, args, use, frames.rows(i)) for i in range(len(args))]
    sample = factory()
    if hasattr(sample, "best"):             # min() / max()
        return _extremes(sample, args, use, frames)
    if hasattr(sample, "inverse") or frames.unbounded_start:   # the latter never takes back
        return _sliding(factory, args, use, frames)
    out: list = []
    last = None
    for i in range(len(args)):
        span = (frames.starts[i], frames.ends[i])
        if span != last:
            value = _fresh(factory, args, use, frames.rows(i))
            last = span
        out.append(value)
    return out


def _fresh(factory, args, use, rows):
    acc = factory()
    for j in rows:
        if use is None or use[j]:
            acc.step(*args[j])
    return acc.finalize()


def _sliding(factory, args, use, frames: Frames) -> list:
    acc, lo, hi, out = factory(), 0, 0, []
    for s, e in zip(frames.starts, frames.ends):
        e = max(e, s)
        if s < lo or e < hi:                # never, with constant offsets; start again
            acc, lo, hi = factory(), s, s
        while hi < e:
            if use is None or use[hi]:
                acc.step(*args[hi])
            hi += 1
        while lo < s:
            if use is None or use[lo]:
                acc.inverse(*args[lo])
            lo += 1
        out.append(acc.finalize())
    return out


def _extremes(sample, args, use, frames: Frames) -> list:
    """min()/max() over sliding frames: a deque of (row, value) whose values never get
    better towards its back; its front is the answer.

    Which of several equal values (under the collation: 'a' and 'A' under NOCASE) is the
    answer follows SQLite's window.c: a frame starting at the partition's first row steps
    the plain aggregate, which keeps the first of ties; any other frame keeps its rows in
    an index ordered by (value, arrival) and reads its last entry, the latest of ties."""
    # compare(back, new) in ``leave``: the back row can no longer be the answer
    leave = {sample._want} if frames.unbounded_start else {sample._want, 0}
    collation, compare = sample.collation, V.compare
    window: deque = deque()
    hi, out = 0, []
    for s, e in zip(frames.starts, frames.ends):
        while hi < e:
            v = args[hi][0]
            if v is not None and (use is None or use[hi]):
                while window and compare(window[-1][1], v, collation) in leave:
                    window.pop()
                window.append((hi, v))
            hi += 1
        while window and window[0][0] < s:
            window.popleft()
        out.append(window[0][1] if window and window[0][0] < e else None)
    return out
