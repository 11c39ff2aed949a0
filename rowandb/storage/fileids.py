"""The file-id allocator: every table and index file gets its id from here.

Why this module exists (BRIEF.md, failure 2): TokuDB/PerconaFT gave each open file a 32-bit
``filenum`` from a counter that only moved forward and skipped ids in use one at a time. A long
uptime with many files pushed it to ``UINT32_MAX`` -- the value reserved for "none" -- and the
server died on an assertion. This allocator keeps the round-robin order (an id is not handed out
again until the cursor has come all the way around, which keeps redo-log records and debugging
unambiguous) but:

* ids are ``1 .. 2**bits - 1``; ``NO_FILE_ID`` (0) is never handed out, and the cursor wraps from
  the maximum back to 1 instead of running into a sentinel;
* taken ids are kept as maximal disjoint runs ``[start, end]`` (a sorted list of starts plus two
  dicts, start->end and end->start), so "first free id >= x" is one bisect plus at most one hop,
  or a wrap to 1 and one more lookup -- never a one-by-one retry loop;
* when every id is taken, :class:`FileIdsExhausted` (an ``OperationalError``) says so clearly.

Because runs are maximal (two runs never touch), the id just past a run is always free unless it
is past the maximum. ``take``/``release``/``allocate`` merge or split runs with one bisect and O(1)
dict updates, so every operation is O(log n) in the number of runs.

Reserved ids (the catalog's SYS_* dictionary tables) are taken at construction and can never be
released or handed out. Persistence is plain data through :meth:`FileIdAllocator.state` and
:meth:`FileIdAllocator.from_state`. The redo log, not this module, deals with id reuse
(generations).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from sortedcontainers import SortedList

from rowandb.errors import CorruptDatabaseError, InternalError, OperationalError

NO_FILE_ID = 0
"""The id meaning "no file"; never handed out."""

DEFAULT_FILE_ID_BITS = 32


class FileIdsExhausted(OperationalError):
    """Every file id is in use: no table or index file can be created until one is freed."""


class FileIdAllocator:
    """Round-robin allocator of file ids ``1 .. 2**bits - 1`` over merged runs of taken ids.

    All public methods are safe to call from several threads: state changes and reads happen
    under one ``threading.Lock``.
    """

    def __init__(self, bits: int = DEFAULT_FILE_ID_BITS, reserved: Iterable[int] = (),
                 *, last: int = NO_FILE_ID) -> None:
        if isinstance(bits, bool) or not isinstance(bits, int) or not 1 <= bits <= 64:
            raise InternalError(f"file_id_bits must be an integer from 1 to 64, not {bits!r}")
        self._bits = bits
        self._max = (1 << bits) - 1
        self._starts: SortedList = SortedList()   # starts of the taken runs, sorted
        self._end_of: dict[int, int] = {}         # run start -> run end (inclusive)
        self._start_of: dict[int, int] = {}       # run end -> run start
        self._count = 0                           # number of taken ids (reserved included)
        self._reserved: frozenset[int] = frozenset()
        self._lock = threading.Lock()
        self.lookups = 0
        """Run lookups made so far (each is up to four dict probes and at most one bisect)."""
        self.last_probes = 0
        """Run lookups made by the most recent allocate(): 1, or 2 after a wrap; never more."""
        self._last = self._check_last(last)
        reserved_ids = sorted(set(reserved))
        for file_id in reserved_ids:
            self._check_range(file_id)
            self._take_run(file_id, file_id)
        self._reserved = frozenset(reserved_ids)

    # ------------------------------------------------------------------ properties

    @property
    def bits(self) -> int:
        """Width of a file id in bits."""
        return self._bits

    @property
    def max_id(self) -> int:
        """The largest valid id, ``2**bits - 1``."""
        return self._max

    @property
    def capacity(self) -> int:
        """How many ids exist in total (0 excluded): ``2**bits - 1``."""
        return self._max

    @property
    def last(self) -> int:
        """The id handed out most recently (``NO_FILE_ID`` before the first allocation)."""
        return self._last

    @property
    def reserved(self) -> frozenset[int]:
        """Ids taken at construction that are never released nor handed out."""
        return self._reserved

    def __len__(self) -> int:
        return self._count

    def in_use(self, file_id: int) -> bool:
        """True if ``file_id`` is taken (handed out, taken by recovery, or reserved)."""
        with self._lock:
            return self._run_containing(file_id) is not None

    __contains__ = in_use

    def runs(self) -> list[tuple[int, int]]:
        """The taken ids as sorted, maximal, inclusive ``(start, end)`` runs."""
        with self._lock:
            return [(start, self._end_of[start]) for start in self._starts]

    def __repr__(self) -> str:
        return (f"FileIdAllocator(bits={self._bits}, taken={self._count}, "
                f"runs={len(self._starts)}, last={self._last})")

    # ------------------------------------------------------------------ operations

    def allocate(self) -> int:
        """Hand out the first free id after :attr:`last`, wrapping from the maximum to 1."""
        with self._lock:
            if self._count >= self._max:
                raise FileIdsExhausted(
                    f"all {self._max} file ids are in use (file_id_bits={self._bits})")
            start = self._last + 1 if self._last < self._max else 1
            lookups_before = self.lookups
            file_id = self._first_free_from(start)
            self.last_probes = self.lookups - lookups_before
            self._take_run(file_id, file_id)
            self._last = file_id
            return file_id

    def take(self, file_id: int) -> None:
        """Mark one specific id as used (recovery, manifest load). It must be free."""
        self.take_range(file_id, file_id)

    def take_range(self, first: int, last: int) -> None:
        """Mark every id in ``first .. last`` (inclusive) as used; all of them must be free.

        The cursor (:attr:`last`) does not move.
        """
        self._check_range(first)
        self._check_range(last)
        if first > last:
            raise InternalError(f"empty file id range {first}..{last}")
        with self._lock:
            overlap = self._run_overlapping(first, last)
            if overlap is not None:
                raise InternalError(
                    f"file id range {first}..{last} overlaps ids already in use "
                    f"({overlap[0]}..{overlap[1]})" if first != last
                    else f"file id {first} is already in use")
            self._take_run(first, last)

    def release(self, file_id: int) -> None:
        """Free one id so that it can be handed out again once the cursor comes around."""
        self._check_range(file_id)
        if file_id in self._reserved:
            raise InternalError(f"file id {file_id} is reserved and cannot be released")
        with self._lock:
            run = self._run_containing(file_id)
            if run is None:
                raise InternalError(f"file id {file_id} is not in use")
            self._split_run(run[0], run[1], file_id)

    # ------------------------------------------------------------------ persistence

    def state(self) -> dict[str, Any]:
        """Plain data (ints and lists) that :meth:`from_state` turns back into an allocator."""
        with self._lock:
            return {
                "bits": self._bits,
                "last": self._last,
                "reserved": sorted(self._reserved),
                "taken": [[start, self._end_of[start]] for start in self._starts],
            }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> FileIdAllocator:
        """Rebuild an allocator from :meth:`state` output; malformed data is corruption."""
        try:
            bits, last = state["bits"], state["last"]
            reserved = sorted(set(state.get("reserved", ())))
            runs = [(first, end) for first, end in state["taken"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise CorruptDatabaseError(f"bad file id state: {exc!r}") from None
        try:
            allocator = cls(bits, last=last)
            for first, end in runs:
                allocator.take_range(first, end)
            for file_id in reserved:
                allocator._check_range(file_id)
                if not allocator.in_use(file_id):
                    raise InternalError(f"reserved file id {file_id} is not in the taken runs")
        except InternalError as exc:
            raise CorruptDatabaseError(f"bad file id state: {exc}") from None
        allocator._reserved = frozenset(reserved)
        return allocator

    # ------------------------------------------------------------------ run bookkeeping

    def _check_range(self, file_id: int) -> None:
        if isinstance(file_id, bool) or not isinstance(file_id, int):
            raise InternalError(f"file id must be an integer, not {file_id!r}")
        if not 1 <= file_id <= self._max:
            raise InternalError(
                f"file id {file_id} is out of range 1..{self._max} (file_id_bits={self._bits})")

    def _check_last(self, last: int) -> int:
        if isinstance(last, bool) or not isinstance(last, int) or not 0 <= last <= self._max:
            raise InternalError(f"last file id {last!r} is out of range 0..{self._max}")
        return last

    def _run_containing(self, file_id: int) -> tuple[int, int] | None:
        """The run holding ``file_id``, found with one bisect; None if the id is free."""
        self.lookups += 1
        end = self._end_of.get(file_id)
        if end is not None:                  # fast path: the id starts a run
            return (file_id, end)
        start = self._start_of.get(file_id)
        if start is not None:                # fast path: the id ends a run
            return (start, file_id)
        if file_id - 1 in self._start_of or file_id + 1 in self._end_of:
            return None                      # fast path: next to a run, and runs never touch
        index = self._starts.bisect_right(file_id) - 1
        if index < 0:
            return None
        start = self._starts[index]
        end = self._end_of[start]
        return (start, end) if file_id <= end else None

    def _run_overlapping(self, first: int, last: int) -> tuple[int, int] | None:
        """Some run intersecting ``first..last``: the last run starting at or before ``last``."""
        index = self._starts.bisect_right(last) - 1
        if index < 0:
            return None
        start = self._starts[index]
        end = self._end_of[start]
        return (start, end) if end >= first else None

    def _first_free_from(self, candidate: int) -> int:
        """The first free id at or after ``candidate``, wrapping once; the caller checked that
        some id is free. Runs are maximal, so the id after a run is free unless past the max:
        at most two lookups (the candidate, then 1 after a wrap)."""
        for _ in range(2):
            run = self._run_containing(candidate)
            if run is None:
                return candidate
            if run[1] < self._max:
                return run[1] + 1
            candidate = 1
        raise InternalError("file id allocator found no free id although its count says one is")

    def _take_run(self, first: int, last: int) -> None:
        """Add the free ids ``first..last`` as a run, merging with the runs that touch it."""
        self._count += last - first + 1
        left_start = self._start_of.pop(first - 1, None)
        right_end = self._end_of.pop(last + 1, None)
        if right_end is not None:
            del self._start_of[right_end]
            self._starts.remove(last + 1)
            last = right_end
        if left_start is not None:
            first = left_start
        else:
            self._starts.add(first)
        self._end_of[first] = last
        self._start_of[last] = first

    def _split_run(self, start: int, end: int, file_id: int) -> None:
        """Remove ``file_id`` from the run ``start..end``, leaving up to two runs."""
        self._count -= 1
        del self._start_of[end]
        if start < file_id:
            self._end_of[start] = file_id - 1          # left part keeps its start
            self._start_of[file_id - 1] = start
        else:
            del self._end_of[start]
            self._starts.remove(start)
        if file_id < end:
            self._starts.add(file_id + 1)
            self._end_of[file_id + 1] = end
            self._start_of[end] = file_id + 1
