"""``RecordRuns``: a stretch of a table's records read through the runs that hold them.

A ``RowidMap`` (rowruns.py) keeps its records in runs, tuples of a few hundred records
each. The change set of a bulk load (changes.py ``_derive_appends``) names every record
the load inserted, a million for a million-row load; as one list it would be one more
young container of a million references, walked whole by every collection of the cyclic
garbage collector while the commit runs (each visit a cache miss on a record), and making
it would touch every record once more. ``RecordRuns`` stands for the same sequence with
the list of runs (one reference per few hundred records) and the flat positions where it
starts and stops: the encoder takes it a section at a time, by slicing (a list of that
slice's records), so only a section's records are ever listed at once.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate, chain, islice


class RecordRuns:
    """The records ``start`` to ``stop`` (flat positions) of ``runs`` (tuples), in order,
    as a read-only sequence: ``len``, iteration, an index, and a slice of step 1 (a list)."""

    __slots__ = ("_runs", "_ends", "_start", "_len")

    def __init__(self, runs: list, start: int, stop: int):
        self._runs = runs
        self._ends = array("q", accumulate(map(len, runs)))    # flat end of each run
        self._start, self._len = start, max(stop - start, 0)

    def __len__(self) -> int:
        return self._len

    def __iter__(self):
        return islice(chain.from_iterable(self._runs), self._start, self._start + self._len)

    def _at(self, flat: int) -> tuple:
        """(run, position in it) of flat position ``flat``."""
        run = bisect_right(self._ends, flat)
        return run, flat - (self._ends[run - 1] if run else 0)

    def __getitem__(self, index):
        if type(index) is not slice:
            i = index + self._len if index < 0 else index
            if not 0 <= i < self._len:
                raise IndexError("RecordRuns index out of range")
            run, pos = self._at(self._start + i)
            return self._runs[run][pos]
        start, stop, step = index.indices(self._len)
        if step != 1:
            return list(self)[index]
        if start >= stop:
            return []
        (first, at), (last, end) = self._at(self._start + start), self._at(self._start + stop - 1)
        if first == last:
            return list(self._runs[first][at:end + 1])
        return list(chain(self._runs[first][at:], *self._runs[first + 1:last],
                          self._runs[last][:end + 1]))
