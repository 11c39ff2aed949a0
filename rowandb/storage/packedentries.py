"""``IndexEntries``: an index file's sorted entries, packed into 64-bit ints while they allow.

An index entry is ``(key_1, ..., key_n, rowid)`` (memory.py). An index of one INTEGER
column holds entries ``((1, k), rowid)`` -- ``(1, k)`` is ``values.sort_key(k)`` -- and as
tuples they cost 72 bytes each (the entry tuple and its sublist slot; docs/PERFORMANCE.md,
branch memrow2). While every entry has that shape with ``k`` and the rowid in
``[-2**31, 2**31)``, ``IndexEntries`` keeps each as one *code*,
``k * 2**32 + (rowid + 2**31)``, in a ``runlist.RowidList`` (``array('q')`` sublists):
8 bytes, no object, nothing for the collector. Codes sort exactly as their entries do
(``k`` first, then the rowid), so the sorted-list machinery works on them unchanged, and
an entry read is decoded back into ``((1, k), rowid)``: ints stay ints, exactly.

The first entry of another shape (a REAL, text, NULL or BLOB key, two columns, a rowid
out of range, a key that is ``5.0`` rather than ``5``) turns the object into the general
form for good: ``general``, a ``RunList`` of entry tuples (runlist.py), through which
every method then goes. One object serves both forms, so nothing holding it goes stale.

The reads are those of the ``SortedList`` the index used to be (iteration, indexing,
slicing, ``bisect_left``, ``in``, ``len``), plus the bulk operations of memory.py
(``between``, ``remove_runs``, ``add_batch``, ``remove_batch``). A probe (a key prefix, an entry,
either followed by ``TOP``) is mapped to a code threshold (``_threshold``) such that the
entries before the probe are exactly the codes below it.
"""

from __future__ import annotations

import mmap
import sys
from array import array
from bisect import bisect_left
from itertools import chain, islice, repeat
from math import ceil
from operator import add, and_, itemgetter, lshift, lt, or_, rshift, sub

from .runlist import RowidList, RunList
from .sortedmap import add_sorted
from .sortedruns import cut_runs, remove_runs as remove_entry_runs, remove_sorted

_HALF = 1 << 31
_LOW = (1 << 32) - 1
_FIRST, _PAST = -(1 << 63), 1 << 63          # thresholds below and above every code
_NUMBERS = (int, float, bool)


class _Top:
    """Sorts after every key component: turns a key prefix into an upper bound."""

    __slots__ = ()

    def __lt__(self, other) -> bool:
        return False

    def __gt__(self, other) -> bool:
        return not isinstance(other, _Top)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Top)

    def __hash__(self) -> int:
        return 0


TOP = _Top()


def encode(entry) -> int | None:
    """The code of ``entry`` when it is exactly ``((1, k), rowid)`` with ``k`` and
    ``rowid`` ints in range; None otherwise."""
    if type(entry) is tuple and len(entry) == 2:
        key, rowid = entry
        if (type(key) is tuple and len(key) == 2 and type(key[0]) is int and key[0] == 1
                and type(key[1]) is int and type(rowid) is int
                and -_HALF <= key[1] < _HALF and -_HALF <= rowid < _HALF):
            return (key[1] << 32) | (rowid + _HALF)
    return None


def encode_all(entries: list) -> array | None:
    """``encode`` of every entry of ``entries``, in C-speed passes; None unless all have
    the packed shape."""
    if not entries:
        return array("q")
    if set(map(type, entries)) != {tuple} or set(map(len, entries)) != {2}:
        return None
    keys = list(map(itemgetter(0), entries))
    if set(map(type, keys)) != {tuple} or set(map(len, keys)) != {2}:
        return None
    tags = list(map(itemgetter(0), keys))
    if set(map(type, tags)) != {int} or set(tags) != {1}:
        return None
    values = list(map(itemgetter(1), keys))
    rowids = list(map(itemgetter(1), entries))
    if set(map(type, values)) != {int} or set(map(type, rowids)) != {int}:
        return None
    if min(values) < -_HALF or max(values) >= _HALF or min(rowids) < -_HALF \
            or max(rowids) >= _HALF:
        return None
    # straight into an array: each code's int is freed as soon as it is stored, so a bulk
    # INSERT's chunk leaves no block of code ints behind as free memory
    return array("q", map(or_, map(lshift, values, repeat(32)), map(add, rowids, repeat(_HALF))))


def _in_range(low: int, high: int) -> bool:
    """Whether ints from ``low`` to ``high`` fit a code's key or rowid half."""
    return -_HALF <= low and high < _HALF


def decode(code: int) -> tuple:
    return ((1, code >> 32), (code & _LOW) - _HALF)


def decode_all(codes) -> list:
    """The entries of ``codes`` (a sequence of codes), in C-speed passes."""
    keys = zip(repeat(1), map(rshift, codes, repeat(32)))
    return list(zip(keys, map(sub, map(and_, codes, repeat(_LOW)), repeat(_HALF))))


def _decode_reversed(codes) -> list:
    found = decode_all(codes)
    found.reverse()
    return found


def _shared_decode(codes) -> list:
    """``decode_all``, with one key tuple per distinct key (an index turned general)."""
    keys: dict = {}
    out = []
    for code in codes:
        k = code >> 32
        key = keys.get(k)
        if key is None:
            key = keys[k] = (1, k)
        out.append((key, (code & _LOW) - _HALF))
    return out


def _number(x) -> bool:
    return type(x) in _NUMBERS and x == x       # NaN compares as nothing: the slow way


def _threshold(probe) -> int | None:
    """A code ``t``: the packed entries that sort before ``probe`` are exactly the codes
    below ``t``. None for a probe of a shape not worked out here."""
    if type(probe) is not tuple:
        return None
    if not probe:
        return _FIRST
    key, rest = probe[0], probe[1:]
    if key is TOP:
        return _PAST
    if type(key) is not tuple:
        return None
    if not key:
        return _FIRST
    tag = key[0]
    if tag is TOP:
        return _PAST
    if not _number(tag):
        return None
    if tag != 1:
        return _FIRST if tag < 1 else _PAST
    if len(key) == 1:
        return _FIRST
    x = key[1]
    if x is TOP:
        return _PAST
    if len(key) > 2 or not _number(x):
        return None
    if x < -_HALF:
        return _FIRST
    if x >= _HALF:
        return _PAST
    k = int(x)
    if k != x:                                  # a REAL between two keys
        return ceil(x) << 32
    if not rest:
        return k << 32
    rowid = rest[0]
    if rowid is TOP:
        return (k + 1) << 32
    if not _number(rowid):
        return None
    if rowid < -_HALF:
        return k << 32
    if rowid >= _HALF:
        return (k + 1) << 32
    r = int(rowid)
    if r != rowid:
        return (k << 32) + (ceil(rowid) + _HALF)
    code = (k << 32) + (r + _HALF)
    return code + 1 if len(rest) > 1 else code  # longer than the entry: after it


def _probe_code(entry) -> int | None:
    """The code of the packed entry equal to ``entry`` (as tuples compare), if any can be."""
    low = _threshold(entry)
    if low is None or type(entry) is not tuple or len(entry) != 2 \
            or _threshold(entry + (TOP,)) != low + 1:
        return None
    return low


def _codes_between(codes: RowidList, low: int, high: int) -> list:
    """The codes ``c`` of ``codes`` with ``low <= c < high``, ascending: a bisection per
    sublist the range touches, no positional index."""
    maxes, lists = codes._maxes, codes._lists
    pos = bisect_left(maxes, low)
    found: list = []
    while pos < len(maxes):
        run = lists[pos]
        start = bisect_left(run, low) if not found else 0
        stop = bisect_left(run, high, start)
        found += run[start:stop]
        if stop < len(run):
            break
        pos += 1
    return found


def _run_range(prefix) -> tuple:
    """The thresholds ``(low, high)`` of the codes of entries that start with ``prefix``."""
    key = prefix[0] if len(prefix) == 1 else None
    if type(key) is tuple and len(key) == 2 and key[0] == 1 and type(key[1]) is int \
            and -_HALF <= key[1] < _HALF:
        low = key[1] << 32
        return low, low + (1 << 32)
    return _threshold(prefix), _threshold(prefix + (TOP,))


class IndexEntries:
    """The sorted entries of one index file: packed codes, or ``general`` entry tuples."""

    __slots__ = ("codes", "general")

    def __init__(self, iterable=()):
        self.codes: RowidList | None = RowidList()
        self.general: RunList | None = None
        if type(iterable) is IndexEntries and iterable.general is None:   # a copy: the codes
            add_sorted(self.codes, list(chain.from_iterable(iterable.codes._lists)))
            return
        values = list(iterable)
        if values:
            codes = encode_all(values)
            if codes is None:
                self.codes, self.general = None, RunList(values)
            else:
                self.codes.update(codes)

    def _unpack(self) -> RunList:
        """Turn to the general form (an entry that does not pack is coming)."""
        general = RunList()
        add_sorted(general, _shared_decode(chain.from_iterable(self.codes._lists)))
        self.codes, self.general = None, general
        return general

    # -- writes ---------------------------------------------------------------------
    def add(self, entry) -> None:
        if self.general is not None:
            self.general.add(entry)
            return
        code = encode(entry)
        if code is None:
            self._unpack().add(entry)
        else:
            self.codes.add(code)

    def update(self, iterable) -> None:
        values = list(iterable)
        if self.general is None:
            codes = encode_all(values)
            if codes is not None:
                self.codes.update(codes)
                return
            self._unpack()
        self.general.update(values)

    def add_batch(self, entries: list, share):
        """Add ``entries`` (new, distinct: a bulk INSERT's) and return them as stored, for
        the undo log: packed, a ``CodeBatch`` of their codes (the entry tuples are freed
        now, not at COMMIT); else sorted, sharing key objects (``share``: sharedkeys'
        ``shared_batch``), and added as one sorted batch (``sortedmap.add_sorted``)."""
        if self.general is None:
            codes = encode_all(entries)
            if codes is not None:
                if not all(map(lt, codes, islice(codes, 1, None))):   # a bulk chunk: sorted
                    codes = array("q", sorted(codes))
                add_sorted(self.codes, codes)
                return CodeBatch(codes)
            self._unpack()
        entries = share(self.general, entries)
        add_sorted(self.general, entries)
        return entries

    def add_column(self, part, values: list, rowids) -> CodeBatch | None:
        """Add the entries ``((part, v), rowid)`` of ``zip(values, rowids)`` (new and
        distinct: a bulk INSERT's, given as the index's one key column and the rowids, in
        any order) and return them as a ``CodeBatch`` for the undo log, in the rows' order
        (its readers -- rollback, the change set, a snapshot's before-images -- need no
        order; taking the codes before the sort reads them where they were made, one after
        the other, where reading them sorted misses the caches at a million rows); or None,
        having added nothing, unless the index is packed and every entry packs
        (``encode``). The codes are made straight from the two columns in C-speed passes
        and sorted as plain ints: no entry tuple is built, none is read back, no key object
        is made."""
        if self.general is not None or type(part) is not int or part != 1 or not values \
                or set(map(type, values)) != {int} or not _in_range(min(values), max(values)):
            return None
        if type(rowids) is range:
            if not _in_range(rowids[0], rowids[-1]) or rowids.step < 0:
                return None
        elif set(map(type, rowids)) != {int} or not _in_range(min(rowids), max(rowids)):
            return None
        halves = range(rowids.start + _HALF, rowids.stop + _HALF, rowids.step) \
            if type(rowids) is range else map(add, rowids, repeat(_HALF))
        codes = list(map(or_, map(lshift, values, repeat(32)), halves))
        batch = CodeBatch(codes)        # in the rows' order: read front to back, not sorted
        codes.sort()
        # merged as packed ints: a list of a chunk's ints, young while the merge makes
        # the index's runs, would be walked whole by each of its collections
        codes = array("q", codes)
        add_sorted(self.codes, codes)
        return batch

    def remove_batch(self, batch) -> None:
        """Remove every entry of ``batch`` (what ``add_batch`` returned; all present)."""
        if type(batch) is CodeBatch and self.general is None:
            remove_sorted(self.codes, sorted(batch.codes))
            return
        for entry in reversed(batch):
            self.remove(entry)

    def remove(self, entry) -> None:
        if self.general is not None:
            self.general.remove(entry)
            return
        code = _probe_code(entry)
        if code is None:
            raise ValueError(f"{entry!r} not in list")
        self.codes.remove(code)

    def remove_runs(self, prefixes: list, batch: bool = False) -> list:
        """Remove and return, in index order, every entry starting with one of
        ``prefixes`` (ascending, distinct, of one length): ``sortedruns.remove_runs``.
        Packed and with ``batch``, they come as a ``CodeBatch`` (read as the entries;
        ``rowids_of`` gives their rowids): no two tuples per entry for the undo log to
        hold until COMMIT."""
        if self.general is not None:
            return remove_entry_runs(self.general, prefixes)
        ranges = list(map(_run_range, prefixes))
        if any(None in pair for pair in ranges):
            doomed: list = []
            for prefix in prefixes:
                doomed += self._between(prefix, prefix + (TOP,))
            if doomed:
                remove_sorted(self.codes, doomed)
        else:
            doomed = cut_runs(self.codes, ranges, bisect_left)         # [low, high)
        return CodeBatch(doomed) if batch else decode_all(doomed)

    def clear(self) -> None:
        self.codes, self.general = RowidList(), None

    def as_batch(self) -> CodeBatch | None:
        """Every packed entry as one ``CodeBatch`` (a checkpoint writes it column by
        column); None in the general form."""
        if self.general is not None:
            return None
        codes = array("q")
        for run in self.codes._lists:
            _extend(codes, run)
        return CodeBatch.owning(codes)

    def _reset(self, load: int) -> None:
        (self.codes if self.general is None else self.general)._reset(load)

    # -- reads ----------------------------------------------------------------------
    def _position(self, probe) -> int:
        """``bisect_left`` of ``probe`` among the packed entries."""
        codes = self.codes
        low = _threshold(probe)
        if low is not None:
            return codes.bisect_left(low)
        maxes = codes._maxes                   # any other probe: compared with entries
        pos = bisect_left(maxes, probe, key=decode)
        if pos == len(maxes):
            return len(codes)
        return codes._loc(pos, bisect_left(codes._lists[pos], probe, key=decode))

    def _between(self, low, high) -> list:
        """The codes of the entries from ``bisect_left(low)`` up to ``bisect_left(high)``
        (None: from the first, to the last)."""
        start = _FIRST if low is None else _threshold(low)
        stop = _PAST if high is None else _threshold(high)
        if start is None or stop is None:
            first = 0 if low is None else self._position(low)
            return list(self.codes[first:len(self) if high is None else self._position(high)])
        return _codes_between(self.codes, start, stop)

    def between(self, low, high) -> list:
        """The packed entries from ``bisect_left(low)`` up to ``bisect_left(high)`` (None:
        from the first, to the last): ``IndexFile.range``."""
        return decode_all(self._between(low, high))

    def bisect_left(self, probe) -> int:
        if self.general is not None:
            return self.general.bisect_left(probe)
        return self._position(probe)

    def __len__(self) -> int:
        return len(self.codes if self.general is None else self.general)

    def __bool__(self) -> bool:
        return bool(self.codes if self.general is None else self.general)

    def __iter__(self):
        if self.general is not None:
            return iter(self.general)
        return chain.from_iterable(map(decode_all, self.codes._lists))   # a run at a time

    def __reversed__(self):
        if self.general is not None:
            return reversed(self.general)
        return chain.from_iterable(map(_decode_reversed, reversed(self.codes._lists)))

    def __getitem__(self, index):
        if self.general is not None:
            return self.general[index]
        found = self.codes[index]
        return decode_all(found) if type(index) is slice else decode(found)

    def __contains__(self, entry) -> bool:
        if self.general is not None:
            return entry in self.general
        code = _probe_code(entry)
        return code is not None and code in self.codes

    def __eq__(self, other) -> bool:
        if not hasattr(other, "__len__"):
            return NotImplemented
        return len(self) == len(other) and all(map(_equal, self, other))

    __hash__ = None

    def __repr__(self) -> str:
        return f"IndexEntries({list(self)!r})"


# A batch of at least this many codes (a bulk INSERT's chunk) is kept in pages of its own
# (an anonymous ``mmap``), given back to the system when the batch goes (COMMIT): an
# array lives in the C heap among the index's runs, and freed there at COMMIT it stayed
# with the process (8 bytes a row of the load, docs/PERFORMANCE.md, branch memrow4).
_MAPPED = 1 << 13


class CodeBatch:
    """A batch of packed entries as the undo log keeps it (``IndexEntries.add_batch``,
    ascending; ``add_column``, in the rows' order): their codes in an array, 8 bytes each,
    read as the entries (``changes.derive``, snapshots, rollback)."""

    __slots__ = ("codes",)

    def __init__(self, codes):
        codes = _extend(array("q"), codes)        # a copy: the caller keeps its own
        if len(codes) >= _MAPPED:
            view = memoryview(mmap.mmap(-1, len(codes) * codes.itemsize)).cast("q")
            view[:] = codes
            codes = view
        self.codes = codes

    @classmethod
    def owning(cls, codes: array) -> "CodeBatch":
        """A batch of ``codes`` itself, not a copy: for an array no one else holds, read
        and dropped at once (a checkpoint's index file), where an ``mmap`` copy of 8 MB
        for a million codes would only add its page faults."""
        batch = cls.__new__(cls)
        batch.codes = codes
        return batch

    @classmethod
    def joined(cls, batches) -> "CodeBatch":
        """One batch of the codes of ``batches`` in turn, copied as bytes."""
        codes = array("q")
        for batch in batches:
            _extend(codes, batch.codes)
        return cls(codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self):
        return iter(decode_all(self.codes))

    def __reversed__(self):
        return iter(_decode_reversed(self.codes))

    def __getitem__(self, index):
        if type(index) is slice:
            return CodeBatch(self.codes[index])
        return decode(self.codes[index])

    def columns(self) -> tuple:
        """(the keys' values, the rowids): what ``columns.encode_entries`` writes of the
        entries, without a tuple per entry (the redo log, a checkpoint)."""
        return list(map(rshift, self.codes, repeat(32))), self.rowids()

    def rowids(self) -> list:
        """The entries' rowids, in order, with no tuple per entry."""
        return list(map(sub, map(and_, self.codes, repeat(_LOW)), repeat(_HALF)))

    def big_endian_columns(self, start: int = 0, stop: int | None = None) -> tuple | None:
        """``columns()`` as ``columns.encode_column`` writes them -- the keys, then the
        rowids, each ``n`` x big-endian int64 -- made from the codes' bytes in C-speed
        byte passes, with no int per entry (a checkpoint of a million-entry index made
        two million ints and packed them again, 390 ns an entry); None on a big-endian
        machine. A code's native little-endian bytes 0-3 are ``rowid + 2**31`` and 4-7
        the key; the rowid is those low bytes with the top bit flipped, as a signed
        32-bit number. ``start``, ``stop``: of the entries ``start`` to ``stop`` only (a
        checkpoint's blocks: no copy of the batch per block)."""
        if _BIG_ENDIAN:
            return None
        raw = memoryview(self.codes)[start:stop].cast("B").tobytes()
        top = raw[7::8]
        keys = _widen(top.translate(_SIGN), (top, raw[6::8], raw[5::8], raw[4::8]))
        top = raw[3::8].translate(_FLIP_SIGN)
        return keys, _widen(top.translate(_SIGN), (top, raw[2::8], raw[1::8], raw[0::8]))


def rowids_of(entries) -> list:
    """The rowids of index entries ``(key..., rowid)`` (a list, or a ``CodeBatch``)."""
    if type(entries) is CodeBatch:
        return entries.rowids()
    return [entry[-1] for entry in entries]


_BIG_ENDIAN = sys.byteorder != "little"
_SIGN = bytes(0xFF if byte & 0x80 else 0 for byte in range(256))   # a top byte's extension
_FLIP_SIGN = bytes(byte ^ 0x80 for byte in range(256))


def _widen(sign: bytes, low: tuple) -> bytes:
    """``n`` big-endian int64s from their sign-extension bytes and their four low bytes
    (each ``n`` bytes, most significant first)."""
    out = bytearray(8 * len(sign))
    for place in range(4):
        out[place::8] = sign
    for place, column in enumerate(low, 4):
        out[place::8] = column
    return bytes(out)


def _extend(codes: array, more) -> array:
    """``codes`` extended by ``more``: an ``array('q')`` or a contiguous view of one as a
    byte copy (``array('q', view)`` reads a view an int at a time), anything else as ints."""
    if type(more) is array and more.typecode == "q" or \
            type(more) is memoryview and more.format == "q" and more.c_contiguous:
        codes.frombytes(memoryview(more).cast("B"))
    else:
        codes.extend(more)
    return codes


def _equal(a, b) -> bool:
    return a == b

