"""The per-group state of the fused GROUP BY loop, in flat arrays instead of objects.

``fused_aggregate.py``'s generated loop once kept a group as a list holding a ``Sum``
object per sum() call; at 100,000 groups that is 100,000 lists and objects the garbage
collector walks, each reached through pointers scattered over the heap, the sums' REAL
fields new float objects at every row. A ``Region`` keeps the state of many groups in a
few arrays instead, a group being an index ``g`` into them:

| array | per group ``g`` | holds |
| --- | --- | --- |
| ``blk`` (a list of floats, ``array('d')`` from ``_PACK_AT`` groups) | ``[g * stride]`` | the group's rows so far (0.0: no group there yet); count(*) reads it |
| | ``[g * stride + o]`` | count(x): the non-NULL values |
| | ``[g * stride + o]`` ... ``+ 3`` | sum/total/avg: flag (0.0 exact, 1.0 approximate, 3.0 approximate after an integer overflow), ``cnt``, ``rsum``, ``rerr`` |
| ``isums[i]`` (``array('q')``) | ``[g]`` | sum call ``i``'s exact part ``isum`` (always an int64: it only changes while the sum stays in range) |
| ``lists[i]`` (list) | ``[g]`` | min()/max() call ``i``'s best value so far (None: none yet) |
| ``sn`` (list) / ``si`` (``array('q')``) | ``[g]`` | the bare-column snapshot (``snap(env)``, or the record and its rowid when the loop reads a table in place) |

Counts are kept as REAL, exact up to 2**53 rows. One group's numbers are one short run
of doubles: a row of the loop touches one or two cache lines of ``blk`` instead of four
objects, and the arrays refer to no object the collector would walk. A snapshot's rowid
(a 64-bit integer) is packed in ``si`` for the same reason: as a list, ``si`` and ``sn``
were young containers of one int object and one record per group, scattered over the
heap, which the first collections of the emission (making a tuple per group) walked whole
-- at 100,000 groups most of the collector's time in the query, none at 1,000. The list of
the groups' places (``present``) is packed too.

The loop updates ``blk`` itself for the common steps (a REAL into an approximate sum, an
INTEGER into an exact one that stays in range: ``Sum.step``'s own arithmetic, inlined);
``approximate`` switches a sum with a small exact part to REAL, and every other value (a
TEXT or BLOB, an overflow, a large exact part) goes through ``step``, which loads the six
fields into the call's ``Sum``, runs its ``step`` and stores them back. ``final`` does the
same with ``finalize``: every answer, error and rounding is ``Sum``'s, ``Total``'s or
``Avg``'s own.
"""

from __future__ import annotations

from array import array
from itertools import compress

_BIG = 4503599627370496     # 2**52: Sum._start_approx splits an exact part this large
_PACK_AT = 2048             # groups from which ``blk`` is an array('d') (``Region._pack``)


class Layout:
    """Where each aggregate call keeps its state: ``offsets[i]`` into a group's run of
    ``blk`` (count(x), sums; 0 for count(*), which reads the row count), ``sums`` the
    ``Sum``/``Total``/``Avg`` instance per sum call, ``extremes`` the min()/max() calls."""

    def __init__(self, aggregates, kinds: dict):
        self.offsets, self.sums, self.extremes, width = {}, {}, [], 1
        for i, a in enumerate(aggregates, 1):
            if a.name == "count":
                self.offsets[i] = width if a.args else 0
                width += 1 if a.args else 0
            elif a.name in kinds:
                self.offsets[i], self.sums[i] = width, kinds[a.name]
                width += 4
            else:
                self.extremes.append(i)
        self.stride = width


class Region:
    """The states of a set of groups laid out by one ``Layout``: ``add`` appends a group,
    ``cover`` widens the region so that an index is a group's place (the direct region
    of ``fused_aggregate``, indexed by the GROUP BY value itself)."""

    __slots__ = ("layout", "blk", "isums", "lists", "sn", "si", "scratch", "_zero")

    def __init__(self, layout: Layout):
        self.layout = layout
        self.blk = []           # an array('d') once it holds _PACK_AT groups
        self.isums = {i: array("q") for i in layout.sums}
        self.lists = {i: [] for i in layout.extremes}
        self.sn, self.si = [], array("q")
        self.scratch = {i: kind() for i, kind in layout.sums.items()}
        self._zero = [0.0] * layout.stride

    def add(self) -> int:
        """A new empty group at the end; its index."""
        g = len(self.sn)
        self.blk += self._zero
        for isums in self.isums.values():
            isums.append(0)
        for values in self.lists.values():
            values.append(None)
        self.sn.append(None)
        self.si.append(0)
        if g == _PACK_AT:
            self._pack()
        return g

    def cover(self, k: int, cap: int) -> int:
        """Make index ``k`` (< ``cap``) a place for a group, widening the region (at least
        doubling it, never past ``cap``); the region's new size."""
        size = len(self.sn)
        if k >= size:
            self._extend(min(cap, max(k + 1, 2 * size, 64)) - size)
            if len(self.sn) > _PACK_AT and type(self.blk) is list:
                self._pack()
        return len(self.sn)

    def _pack(self) -> None:
        """``blk`` as packed doubles from now on: a list of floats reads faster while it
        fits the caches (no float made per read), an array once it no longer would (a
        fifth of the bytes, no object per number to reach)."""
        self.blk = array("d", self.blk)
        self._zero = array("d", self._zero)

    def _extend(self, count: int) -> None:
        self.blk += self._zero * count
        for isums in self.isums.values():
            isums += array("q", (0,)) * count
        empty = [None] * count
        for values in self.lists.values():
            values += empty
        self.sn += empty
        self.si += array("q", (0,)) * count

    def present(self) -> array:
        """The indexes holding a group, ascending."""
        return array("q", compress(range(len(self.sn)), self.blk[::self.layout.stride]))

    # -- the sums' slow steps and results, through the aggregate classes' own code -----
    def approximate(self, i: int, g: int) -> bool:
        """Make sum ``i`` of group ``g`` ready for a REAL added by the loop's inlined step:
        True when it now is approximate with no overflow pending, as ``Sum.step`` leaves
        it before ``_add_real``; False (nothing changed) when ``step`` must add it."""
        blk, j = self.blk, g * self.layout.stride + self.layout.offsets[i]
        flag = blk[j]
        if flag == 3.0:             # a REAL clears an earlier integer overflow
            blk[j] = 1.0
            return True
        if flag == 0.0:
            exact = self.isums[i][g]
            if -_BIG < exact < _BIG:    # Sum._start_approx: the exact part as one REAL
                blk[j], blk[j + 2], blk[j + 3] = 1.0, float(exact), 0.0
                return True
        return False

    def _load(self, i: int, g: int):
        s, blk = self.scratch[i], self.blk
        j = g * self.layout.stride + self.layout.offsets[i]
        flag = int(blk[j])
        s.approx, s.overflow = bool(flag & 1), bool(flag & 2)
        s.cnt, s.rsum, s.rerr = int(blk[j + 1]), blk[j + 2], blk[j + 3]
        s.isum = self.isums[i][g]
        return s, j

    def step(self, i: int, g: int, v) -> None:
        """``Sum.step`` of the value ``v`` (not NULL) into sum ``i`` of group ``g``."""
        s, j = self._load(i, g)
        s.step(v)
        self.blk[j] = float((1 if s.approx else 0) | (2 if s.overflow else 0))
        self.blk[j + 1], self.blk[j + 2], self.blk[j + 3] = float(s.cnt), s.rsum, s.rerr
        self.isums[i][g] = s.isum

    def final(self, i: int, g: int):
        """Sum ``i``'s result for group ``g``: its kind's ``finalize`` (raising as it does)."""
        return self._load(i, g)[0].finalize()

    def count(self, i: int, g: int) -> int:
        return int(self.blk[g * self.layout.stride + self.layout.offsets[i]])


def emission(direct: Region, groups: dict, emit_order: tuple, emitted, sort_key) -> list:
    """The groups' places in the order they are emitted: a direct group's index (its
    GROUP BY value) or ``~g`` for group ``g`` of the hashed region (``groups``: value ->
    ``~g``). Sorted by the values as ``emitted`` sorts them; the direct ones alone are
    already in ascending order."""
    places = direct.present()
    if not groups:
        descending = bool(emit_order) and emit_order[0][1]
        return places[::-1] if descending else places
    merged = dict(zip(places, places))
    merged.update(groups)
    return [merged[k] for k in emitted(merged, emit_order, sort_key)]
