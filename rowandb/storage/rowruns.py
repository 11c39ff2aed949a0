"""``RowidMap``: a table's rows as runs of rowids beside runs of records, with no dict.

Every table file keeps its rows here (``TableFile.rows``, memory and disk). Until branch
memrow4 a table was a ``SortedMap``: a dict rowid -> record plus the sorted rowids in
``array('q')`` runs. The dict cost about 42 bytes a row (a 24-byte entry and an index
slot, at most two thirds full) and, while it grew, left each old table it outgrew as free
C heap the process kept: at a million rows 60-odd of the ~330 bytes a row.

Here the records live in runs beside the rowid runs, at the same positions:

| attribute | what | per row |
| --- | --- | ---: |
| ``_keys[p]`` | the rowids of run ``p``, ascending: a ``range`` while they are consecutive (the usual table), else an ``array('q')`` | 0 or 8 B |
| ``_vals[p]`` | the records of run ``p``: a ``tuple`` (or a ``list`` once written row by row) | 8 B |
| ``_maxes[p]`` | the last rowid of run ``p`` (what a lookup bisects) | -- |

A rowid run that is a ``range`` becomes an array when a write breaks it (an insert
between rowids, a removal); appending the next rowid keeps it a range, and a batch
removal or a merge of runs makes a range again of any run left consecutive.

A run holds ``LOAD`` to ``2 * LOAD`` rows (fewer only as the last run, or after a
batch removal, which merges short runs again). A point lookup (``get``) bisects
``_maxes`` in C and then, when the run's rowids are consecutive (the usual table: rowids
given in order), reads the record at ``rowid - run[0]`` without a second bisection.
Without the dict and the rowid arrays, what a row of a table costs besides its record is
the 8-byte slot in its record run.

Records are kept in tuples, which the collector untracks (a tuple of untracked records),
so a full collection walks nothing per row. A single-row write (``__setitem__``, ``pop``)
turns its run into a list and changes it in place (no copy of the run per row); a batch
(``add_new``, ``replace_many``, ``pop_many``) and every snapshot for a scan (``pairs``)
leave tuples behind again. Scans read the runs at C speed (``pairs``: rowid, record),
never one ``get`` per row.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from itertools import chain, compress, islice, repeat
from operator import lt, sub

from .recordruns import RecordRuns

LOAD = 512
_MISSING = object()


def _rowid(key):
    """``key`` as the int a rowid equal to it would be, or None when no int equals it (a
    dict finds 3 by 3.0 and by True; nothing by 'a')."""
    if type(key) is float:
        return int(key) if key.is_integer() else None
    if isinstance(key, int):
        return int(key)
    return None


def _ascending(keys: list) -> bool:
    return all(map(lt, keys, islice(keys, 1, None)))


class RowidMap:
    """A table's rows: rowid (64-bit int) -> record, in rowid order (see the module)."""

    __slots__ = ("_keys", "_vals", "_maxes", "_len", "version", "__weakref__")

    def __init__(self, items=None):
        self._keys: list = []
        self._vals: list = []
        self._maxes: list = []
        self._len = 0
        self.version = 0            # counts the writes: a scan sees if the rows changed
        if items is not None:
            self.update(items)

    @classmethod
    def from_columns(cls, keys: list, values: list) -> "RowidMap":
        """The map of ``keys`` (distinct) and ``values``, in one pass when ascending."""
        rows = cls()
        keys = keys if type(keys) is list else list(keys)
        if _ascending(keys):
            rows._build(keys, values)
        else:
            rows.update(zip(keys, values))
        return rows

    def _build(self, keys, values) -> None:
        """Replace the content by ``keys`` (ascending, distinct) and ``values``."""
        self.version += 1
        self._keys = [_run_of(keys[p:p + LOAD]) for p in range(0, len(keys), LOAD)]
        self._vals = [tuple(values[p:p + LOAD]) for p in range(0, len(keys), LOAD)]
        self._maxes = [run[-1] for run in self._keys]
        self._len = len(keys)

    # -- lookups -----------------------------------------------------------------------
    def _find(self, key):
        """(run, position) of ``key``, or None when absent."""
        if type(key) is not int:
            key = _rowid(key)
            if key is None:
                return None
        pos, i = self._locate(key, False)
        return (pos, i) if pos < len(self._keys) and self._keys[pos][i] == key else None

    def get(self, key, default=None):
        # the usual lookup, an int in a run of consecutive rowids, tests nothing else: a
        # position past a run or past the last run raises IndexError, a key that is no
        # int TypeError (a negative ``i`` reads a rowid above ``key``: no match)
        try:
            pos = bisect_left(self._maxes, key)
            run = self._keys[pos]
            i = key - run[0]
            if run[i] == key:
                return self._vals[pos][i]
            i = bisect_left(run, key)       # a run with gaps
            return self._vals[pos][i] if run[i] == key else default
        except (IndexError, TypeError):
            found = self._find(key)
            return default if found is None else self._vals[found[0]][found[1]]

    def __getitem__(self, key):
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    # -- order -------------------------------------------------------------------------
    def __iter__(self):
        return chain.from_iterable(self._keys)

    def __reversed__(self):
        return chain.from_iterable(map(reversed, self._keys[::-1]))

    def keys(self) -> "_Keys":
        return _Keys(self)

    def values(self):
        return chain.from_iterable(self._frozen())

    def items(self) -> "_Items":
        return _Items(self)

    def last(self) -> int:
        """The largest rowid (the map is not empty)."""
        return self._maxes[-1]

    def first(self) -> int:
        """The smallest rowid (the map is not empty)."""
        return self._keys[0][0]

    def _frozen(self) -> list:
        """The record runs, each a tuple (a run written row by row is frozen again here)."""
        vals = self._vals
        for pos, run in enumerate(vals):
            if type(run) is not tuple:
                vals[pos] = tuple(run)
        return vals[:]

    def pairs(self, reverse: bool = False):
        """(rowid, record) of every row, in rowid order (or reversed), from a snapshot
        taken now: the rowids copied, the record runs (tuples) held."""
        keys = list(chain.from_iterable(self._keys))
        vals = self._frozen()
        if reverse:
            keys.reverse()
            return zip(keys, chain.from_iterable(map(reversed, vals[::-1])))
        return zip(keys, chain.from_iterable(vals))

    def columns(self) -> tuple:
        """(rowids, records): two lists in rowid order."""
        return list(chain.from_iterable(self._keys)), list(chain.from_iterable(self._frozen()))

    def irange(self, minimum=None, maximum=None, inclusive=(True, True), reverse=False):
        """The rowids between ``minimum`` and ``maximum`` (None: unbounded), as
        ``SortedList.irange``."""
        found = list(_slice(self._keys, *self._bounds(minimum, maximum, inclusive)))
        return reversed(found) if reverse else iter(found)

    def pairs_between(self, minimum=None, maximum=None, inclusive=(True, True),
                      reverse=False):
        """``pairs`` of the rows whose rowids ``irange`` gives (a snapshot)."""
        start, stop = self._bounds(minimum, maximum, inclusive)
        keys = list(_slice(self._keys, start, stop))
        records = list(_slice(self._frozen(), start, stop))
        if reverse:
            keys.reverse()
            records.reverse()
        return zip(keys, records)

    def _bounds(self, minimum, maximum, inclusive) -> tuple:
        """(run, position) of the first row from ``minimum`` and of the first past
        ``maximum``."""
        start = (0, 0) if minimum is None else self._locate(minimum, not inclusive[0])
        stop = (len(self._keys), 0) if maximum is None else self._locate(maximum, inclusive[1])
        return start, stop

    def _locate(self, value, right: bool) -> tuple:
        """(run, position) where ``value`` would go: before equal rowids, or after them
        when ``right``."""
        cut = bisect_right if right else bisect_left
        pos = cut(self._maxes, value)
        return (pos, cut(self._keys[pos], value)) if pos < len(self._keys) else (pos, 0)

    # -- single rows -------------------------------------------------------------------
    def _hot(self, pos: int) -> list:
        """Record run ``pos`` as a list, to be changed in place."""
        run = self._vals[pos]
        if type(run) is not list:
            run = self._vals[pos] = list(run)
        return run

    def __setitem__(self, key, value) -> None:
        self.version += 1
        if type(key) is not int:
            found = _rowid(key)
            if found is None:
                raise TypeError(f"a rowid is an integer, not {key!r}")
            key = found
        maxes = self._maxes
        pos = bisect_left(maxes, key)
        if pos == len(maxes):
            if not maxes or len(self._keys[-1]) >= LOAD << 1:
                self._keys.append(range(key, key + 1))
                self._vals.append((value,))
                maxes.append(key)
                self._len += 1
                return
            pos -= 1
            run = self._keys[pos]
            if type(run) is range and key == run.stop:     # the next rowid: still a range
                self._keys[pos] = range(run.start, key + 1)
            else:
                self._editable(pos).append(key)
            self._hot(pos).append(value)
            maxes[pos] = key
        else:
            run = self._keys[pos]
            i = bisect_left(run, key)
            if run[i] == key:
                self._hot(pos)[i] = value
                return
            run = self._editable(pos)
            run.insert(i, key)
            self._hot(pos).insert(i, value)
            if len(run) > LOAD << 1:
                self._split(pos)
        self._len += 1

    def _editable(self, pos: int) -> array:
        """Rowid run ``pos`` as an array, to be changed in place."""
        run = self._keys[pos]
        if type(run) is range:
            run = self._keys[pos] = array("q", run)
        return run

    def _split(self, pos: int) -> None:
        run, vals = self._keys[pos], self._vals[pos]
        self._keys[pos:pos + 1] = [run[:LOAD], run[LOAD:]]
        self._vals[pos:pos + 1] = [vals[:LOAD], vals[LOAD:]]
        self._maxes[pos:pos + 1] = [run[LOAD - 1], run[-1]]

    def pop(self, key, default=_MISSING):
        found = self._find(key)
        if found is None:
            if default is _MISSING:
                raise KeyError(key)
            return default
        pos, i = found
        self.version += 1
        run = self._editable(pos)
        del run[i]
        value = self._hot(pos).pop(i)
        self._len -= 1
        if run:
            self._maxes[pos] = run[-1]
            if len(run) < LOAD >> 1:
                self._settle([pos])
        else:
            del self._keys[pos], self._vals[pos], self._maxes[pos]
        return value

    def __delitem__(self, key) -> None:
        self.pop(key)

    def clear(self) -> None:
        self._keys, self._vals, self._maxes, self._len = [], [], [], 0
        self.version += 1

    # -- batches -----------------------------------------------------------------------
    def update(self, other) -> None:
        """As ``dict.update`` with a mapping or (rowid, record) pairs."""
        if isinstance(other, RowidMap):
            if not self._len:                   # a copy: the runs copied, not sorted
                self._build(list(other), list(other.values()))
                return
            pairs = dict(other.pairs())
        else:
            pairs = dict(other.items() if hasattr(other, "keys") else other)
        if self._len and len(pairs) * 4 < self._len:
            for key, value in pairs.items():
                self[key] = value
            return
        if self._len:
            merged = dict(self.pairs())
            merged.update(pairs)
            pairs = merged
        if not set(map(type, pairs)) <= {int}:  # as __setitem__: an int, or equal to one
            return self._rekeyed(pairs)
        keys = sorted(pairs)
        self._build(keys, list(map(pairs.__getitem__, keys)))

    def _rekeyed(self, pairs: dict) -> None:
        fixed = {}
        for key, value in pairs.items():
            rowid = _rowid(key)
            if rowid is None:
                raise TypeError(f"a rowid is an integer, not {key!r}")
            fixed[rowid] = value
        keys = sorted(fixed)
        self._build(keys, list(map(fixed.__getitem__, keys)))

    def any_present(self, keys, ascending: bool) -> bool:
        """Whether a rowid of ``keys`` is in the map; one comparison when ``keys`` are
        ascending and start after the last rowid (rows appended)."""
        if not self._len or ascending and keys and keys[0] > self._maxes[-1]:
            return False
        return any(map(self.__contains__, keys))

    def add_new(self, keys, values, ascending: bool = False) -> None:
        """Add the rows of ``keys`` (distinct ints, none present) and ``values``: appended
        as whole runs when they come after the last rowid (``ascending``), else merged."""
        if not keys:
            return
        self.version += 1
        if not ascending:
            order = sorted(range(len(keys)), key=keys.__getitem__)
            keys = [keys[i] for i in order]
            values = [values[i] for i in order]
        if self._len and keys[0] < self._maxes[-1]:
            if len(keys) * 8 < self._len:
                for key, value in zip(keys, values):
                    self[key] = value
            else:
                self.update(zip(keys, values))
            return
        start = 0
        if self._keys and len(self._keys[-1]) < LOAD:
            start = LOAD - len(self._keys[-1])
            last, head = self._keys[-1], keys[:start]
            if type(last) is range and head[0] == last.stop and \
                    head[-1] - head[0] == len(head) - 1:
                self._keys[-1] = range(last.start, head[-1] + 1)
            else:
                self._editable(len(self._keys) - 1).extend(head)
            self._vals[-1] = (*self._vals[-1], *values[:start])
            self._maxes[-1] = self._keys[-1][-1]
        for p in range(start, len(keys), LOAD):
            run = _run_of(keys[p:p + LOAD])
            self._keys.append(run)
            self._vals.append(tuple(values[p:p + LOAD]))
            self._maxes.append(run[-1])
        self._len += len(keys)

    def _groups(self, keys: list):
        """(run, keys of ``keys`` -- ascending -- that fall in it) for each run they touch;
        a key after the last rowid gets run ``len(_keys)``."""
        maxes, i, n, pos = self._maxes, 0, len(keys), 0
        while i < n:
            pos = bisect_left(maxes, keys[i], pos)
            j = bisect_right(keys, maxes[pos], i) if pos < len(maxes) else n
            yield pos, keys[i:j]
            i = j

    def _positions(self, pos: int, group: list) -> list:
        """Positions in run ``pos`` of the rowids of ``group`` (ascending, in the run's
        range); -1 for a rowid that is not there."""
        if pos == len(self._keys):
            return [-1] * len(group)
        run = self._keys[pos]
        base = run[0]
        if run[-1] - base == len(run) - 1:             # consecutive rowids
            found = list(map(sub, group, repeat(base)))
            return found if found[0] >= 0 else [i if i >= 0 else -1 for i in found]
        if len(group) * 8 > len(run):
            where = dict(zip(run, range(len(run))))
            return [where.get(key, -1) for key in group]
        found = []
        for key in group:
            i = bisect_left(run, key)
            found.append(i if i < len(run) and run[i] == key else -1)
        return found

    def _sorted_spots(self, keys: list, strict: bool):
        """(order, [(run, positions)]) for ``keys``: ``order`` the indexes of ``keys`` in
        ascending order of key (None when already ascending). KeyError, before anything
        changes, when ``strict`` and a key is absent."""
        order = None
        keys = keys if type(keys) is list else list(keys)
        if not _ascending(keys):
            order = sorted(range(len(keys)), key=keys.__getitem__)
            keys = [keys[i] for i in order]
        spots = [(pos, self._positions(pos, group)) for pos, group in self._groups(keys)]
        if strict:
            for _, positions in spots:
                if -1 in positions:
                    raise KeyError("a rowid of the batch is not in the table")
        return order, spots

    def records_of(self, keys: list) -> list:
        """The records of ``keys`` (None for a rowid not present), in their order."""
        if not isinstance(keys, list):
            keys = list(keys)
        order, spots = self._sorted_spots(keys, False)
        found = []
        for pos, positions in spots:
            run = self._vals[pos] if pos < len(self._vals) else ()
            found += [run[i] if i >= 0 else None for i in positions]
        return _unsorted(found, order)

    def records_within(self, keys: range) -> RecordRuns | None:
        """The records of every rowid of ``keys`` (consecutive, ascending, not empty), in
        order, as a ``RecordRuns`` view of the runs holding them -- no list of them --
        when the map holds each rowid (as many rows lie between the first and the last:
        rowids are distinct integers); None when some are missing."""
        (sp, si), (ep, ei) = self._bounds(keys[0], keys[-1], (True, True))
        runs = self._frozen()[sp:ep + 1]
        stop = sum(map(len, runs[:ep - sp])) + ei
        return RecordRuns(runs, si, stop) if stop - si == len(keys) else None

    def replace_many(self, keys: list, values: list) -> list:
        """Replace the records of ``keys`` (each present, distinct) by ``values``; the old
        records in the order of ``keys``."""
        order, spots = self._sorted_spots(keys, True)
        self.version += 1
        if order is not None:
            values = [values[i] for i in order]
        olds, at = [], 0
        for pos, positions in spots:
            run, count = list(self._vals[pos]), len(positions)
            stride = _stride(positions)
            if stride is not None:              # every row of the run, every other ...
                olds += run[stride]
                run[stride] = values[at:at + count]
            else:
                olds += map(run.__getitem__, positions)
                deque(map(run.__setitem__, positions, values[at:at + count]), 0)
            self._vals[pos] = tuple(run)
            at += count
        return _unsorted(olds, order)

    def pop_many(self, keys: list) -> list:
        """Remove the rows of ``keys`` (each present, distinct); their records in the order
        of ``keys``."""
        order, spots = self._sorted_spots(keys, True)
        self.version += 1
        olds = []
        for pos, positions in spots:
            run, vals = self._keys[pos], self._vals[pos]
            olds += map(vals.__getitem__, positions)
            kept = bytearray(b"\x01") * len(run)     # the rows that stay, filtered in C
            deque(map(kept.__setitem__, positions, repeat(0)), 0)
            rowids = array("q", compress(run, kept))
            self._keys[pos] = _run_of(rowids) if rowids else rowids
            self._vals[pos] = tuple(compress(vals, kept))
        self._len -= len(keys)
        self._settle([pos for pos, _ in spots])
        return _unsorted(olds, order)

    def _settle(self, touched: list) -> None:
        """Drop emptied runs and merge a run under half the load with a neighbour
        (cut in two halves when the merge holds more than twice the load)."""
        keys, vals, maxes = self._keys, self._vals, self._maxes
        for pos in sorted(set(touched), reverse=True):     # later runs first: no shift
            if pos >= len(keys):
                continue
            if not keys[pos]:
                del keys[pos], vals[pos], maxes[pos]
                continue
            maxes[pos] = keys[pos][-1]
            if len(keys[pos]) >= LOAD >> 1 or len(keys) == 1:
                continue
            low = pos if pos + 1 < len(keys) else pos - 1
            run, records = array("q", keys[low]), (*vals[low], *vals[low + 1])
            run.extend(keys[low + 1])
            if len(run) > LOAD << 1:
                cut = len(run) >> 1
                keys[low:low + 2] = [_run_of(run[:cut]), _run_of(run[cut:])]
                vals[low:low + 2] = [records[:cut], records[cut:]]
                maxes[low:low + 2] = [run[cut - 1], run[-1]]
            else:
                keys[low:low + 2], vals[low:low + 2], maxes[low:low + 2] = \
                    [_run_of(run)], [records], [run[-1]]

    # -- whole maps ----------------------------------------------------------------------
    def copy(self) -> "RowidMap":
        other = RowidMap()
        other._keys = [run if type(run) is range else array("q", run) for run in self._keys]
        other._vals = self._frozen()
        other._maxes = self._maxes[:]
        other._len = self._len
        return other

    __copy__ = copy

    def __reduce__(self):
        return (RowidMap, (dict(self.pairs()),))

    def __eq__(self, other) -> bool:
        if isinstance(other, RowidMap):
            return list(self) == list(other) and list(self.values()) == list(other.values())
        if isinstance(other, dict):
            return len(other) == self._len and all(
                other.get(k, _MISSING) == v for k, v in self.pairs())
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"RowidMap({{{', '.join(f'{k!r}: {v!r}' for k, v in self.pairs())}}})"

    def _check(self) -> None:
        """Assert the invariants (tests)."""
        assert len(self._keys) == len(self._vals) == len(self._maxes)
        assert sum(map(len, self._keys)) == self._len
        flat = list(self)
        assert all(map(lt, flat, flat[1:]))
        for run, vals, top in zip(self._keys, self._vals, self._maxes):
            assert run and len(run) == len(vals) and run[-1] == top
            assert type(run) is array or type(run) is range and run.step == 1
            assert len(run) <= LOAD << 1


def _stride(positions: list):
    """The slice of exactly ``positions`` (ascending) when they are evenly spaced."""
    first, last, count = positions[0], positions[-1], len(positions)
    if count == 1:
        return slice(first, first + 1)
    step = (last - first) // (count - 1)
    if step < 1 or first + step * (count - 1) != last or \
            positions != list(range(first, last + 1, step)):
        return None
    return slice(first, last + 1, step)


def _run_of(keys):
    """A rowid run holding ``keys`` (ascending ints, not empty): a ``range`` when they
    are consecutive (no 8 bytes a row at all), else ``keys`` as an ``array('q')``."""
    first, last = keys[0], keys[-1]
    if last - first == len(keys) - 1:
        return range(first, last + 1)
    return keys if type(keys) is array else array("q", keys)


def _slice(runs: list, start: tuple, stop: tuple):
    """The items of ``runs`` (rowid or record runs) from ``start`` to ``stop``, each a
    (run, position) pair."""
    (sp, si), (ep, ei) = start, stop
    if (sp, si) >= (ep, ei):
        return ()
    if sp == ep:
        return runs[sp][si:ei]
    tail = (runs[ep][:ei],) if ep < len(runs) else ()
    return chain(runs[sp][si:], *runs[sp + 1:ep], *tail)


def _unsorted(found: list, order) -> list:
    """``found`` (in ascending key order) back in the order the keys were given."""
    if order is None:
        return found
    result = [None] * len(found)
    deque(map(result.__setitem__, order, found), 0)
    return result


class _Keys:
    """``RowidMap.keys()``: iterable, sized, indexable (an index or a slice)."""

    __slots__ = ("_map",)

    def __init__(self, rows: RowidMap):
        self._map = rows

    def __iter__(self):
        return iter(self._map)

    def __reversed__(self):
        return reversed(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def __contains__(self, key) -> bool:
        return key in self._map

    def __getitem__(self, index):
        if index == -1 and self._map:
            return self._map.last()
        if index == 0 and self._map:
            return self._map.first()
        return list(self._map)[index]


class _Items:
    """``RowidMap.items()``: (rowid, record) pairs in rowid order; ``_mapping`` as a
    ``SortedDict``'s view has it."""

    __slots__ = ("_mapping",)

    def __init__(self, rows: RowidMap):
        self._mapping = rows

    def __iter__(self):
        return self._mapping.pairs()

    def __reversed__(self):
        return self._mapping.pairs(reverse=True)

    def __len__(self) -> int:
        return len(self._mapping)
