"""``SortedMap``: the sorted mapping of table rows, kept out of the garbage collector's way.

``sortedcontainers.SortedDict`` has the interface the layers above use (``get``,
``irange``, indexable ``keys()`` ...), but two of its properties cost every full garbage
collection work in proportion to the data held:

* its ``__init__`` caches fourteen bound methods of its inner ``SortedList`` as instance
  attributes: about twenty tracked objects per instance, and a database of 10,000 tables
  holds tens of thousands of instances (table files, the catalog's constraint trees);
* it *is* a ``dict`` subclass, and CPython never untracks a dict subclass: a collection
  visits every key and value of every table held in memory -- a million rows cost a full
  collection about half a second even though each row is an untracked tuple of atoms.

``SortedMap`` keeps the same interface over a plain ``dict`` (``_dict``), which a full
collection untracks once its values are untracked tuples, so the collector skips it
whole, plus the sorted list of keys (``_list``): a ``RunList`` (runlist.py: tuple
sublists), which the collector skips too. A table's rows are not a ``SortedMap`` but a
``rowruns.RowidMap`` (records in runs beside their rowids, no dict). Instances hold three attributes and no
bound methods but ``get``, the hot read of every scan, which is the dict's own.
"""

from __future__ import annotations

from sortedcontainers import SortedList
from sortedcontainers.sorteddict import SortedItemsView, SortedKeysView, SortedValuesView

from .runlist import RunList, make_run, replace_run
from .sortedruns import merge_sorted

_MISSING = object()


class SortedMap:
    """A mapping with keys in natural sorted order; the subset of ``SortedDict`` in use."""

    __slots__ = ("_dict", "_list", "get", "__weakref__")
    keys_type = RunList         # the sorted list of keys: sublists the collector skips

    def __init__(self, *args, **kwargs):
        if args and args[0] is None:
            args = args[1:]
        elif args and callable(args[0]) and not hasattr(args[0], "keys"):
            raise TypeError("SortedMap orders keys naturally; it takes no key function")
        self._dict = {}
        self.get = self._dict.get
        self._list = self.keys_type()
        if args or kwargs:
            self.update(*args, **kwargs)

    # -- mapping ------------------------------------------------------------------------
    def __getitem__(self, key):
        return self._dict[key]

    def __contains__(self, key) -> bool:
        return key in self._dict

    def __len__(self) -> int:
        return len(self._dict)

    def __bool__(self) -> bool:
        return bool(self._dict)

    def __iter__(self):
        return iter(self._list)

    def __reversed__(self):
        return reversed(self._list)

    def __setitem__(self, key, value) -> None:
        if key not in self._dict:
            self._list.add(key)
        self._dict[key] = value

    def __delitem__(self, key) -> None:
        del self._dict[key]
        self._list.remove(key)

    def __eq__(self, other) -> bool:
        if isinstance(other, SortedMap):
            return self._dict == other._dict
        return self._dict == other if isinstance(other, dict) else NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({{{', '.join(f'{k!r}: {v!r}' for k, v in self.items())}}})"

    def pop(self, key, default=_MISSING):
        if key in self._dict:
            self._list.remove(key)
            return self._dict.pop(key)
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popitem(self, index: int = -1):
        if not self._dict:
            raise KeyError("popitem(): dictionary is empty")
        key = self._list.pop(index)
        return key, self._dict.pop(key)

    def peekitem(self, index: int = -1):
        key = self._list[index]
        return key, self._dict[key]

    def setdefault(self, key, default=None):
        if key in self._dict:
            return self._dict[key]
        self[key] = default
        return default

    def clear(self) -> None:
        self._dict.clear()
        self._list.clear()

    def update(self, *args, **kwargs) -> None:
        """As ``dict.update``. Into an empty map (a loaded file, a copy) the keys are sorted
        once; otherwise only the keys not present yet are added to the key list."""
        mapping = self._dict
        if not mapping:
            mapping.update(*args, **kwargs)
            self._list.update(mapping)
            return
        if len(args) == 1 and not kwargs:
            other = args[0]
            if isinstance(other, SortedMap):
                other = other._dict
            pairs = list(other.items()) if hasattr(other, "keys") else list(other)
        else:
            pairs = list(dict(*args, **kwargs).items())
        new = [pair[0] for pair in pairs if pair[0] not in mapping]
        mapping.update(pairs)
        if new:
            self._list.update(dict.fromkeys(new) if len(new) > 1 else new)

    def add_new(self, keys, values, ascending: bool = False) -> None:
        """Add the pairs of ``keys`` and ``values``; the keys are distinct and none is
        present (a bulk INSERT's new rowids): one dict update, one ``add_sorted`` (of
        ``keys`` themselves when the caller knows them ``ascending``, else sorted)."""
        self._dict.update(zip(keys, values))
        add_sorted(self._list, keys if ascending else sorted(keys))

    def copy(self) -> "SortedMap":
        return type(self)(self._dict)

    __copy__ = copy

    def __reduce__(self):
        return (type(self), (self._dict,))

    # -- sorted views and positions -------------------------------------------------------
    def keys(self) -> SortedKeysView:
        return SortedKeysView(self)

    def items(self) -> SortedItemsView:
        return SortedItemsView(self)

    def values(self) -> SortedValuesView:
        return SortedValuesView(self)

    def bisect_left(self, value):
        return self._list.bisect_left(value)

    def bisect_right(self, value):
        return self._list.bisect_right(value)

    bisect = bisect_right

    def index(self, value, start=None, stop=None):
        return self._list.index(value, start, stop)

    def irange(self, minimum=None, maximum=None, inclusive=(True, True), reverse=False):
        return self._list.irange(minimum, maximum, inclusive, reverse)

    def islice(self, start=None, stop=None, reverse=False):
        return self._list.islice(start, stop, reverse)


def add_sorted(keys: SortedList, values: list) -> None:
    """Add ``values`` -- ascending, none equal to a value of ``keys`` -- to ``keys``. When
    they all sort after its last value (rows arriving in rowid order, an index on an
    increasing column) they are appended as new sublists, with no comparison but one;
    otherwise they are merged into the sublists they fall in
    (``sortedruns.merge_sorted``)."""
    if not values:
        return
    lists = keys._lists
    if lists and not lists[-1][-1] < values[0]:
        merge_sorted(keys, values)
        return
    load, maxes = keys._load, keys._maxes
    start = 0
    if lists and len(lists[-1]) < load:
        start = load - len(lists[-1])
        replace_run(keys, len(lists) - 1, [*lists[-1], *values[:start]])
    tail = [make_run(keys, values[p:p + load]) for p in range(start, len(values), load)]
    lists.extend(tail)
    maxes.extend([sublist[-1] for sublist in tail])
    keys._len += len(values)
    del keys._index[:]
