"""``SortedMap``: a ``SortedDict`` that costs the garbage collector six objects, not twenty.

``sortedcontainers.SortedDict.__init__`` caches fourteen bound methods of its inner
``SortedList`` as instance attributes (``_list_add``, ``bisect_left``, ``irange`` ...). Each
is a separate object the cyclic garbage collector tracks and walks, so every table file
held in memory -- and a database of 10,000 tables holds 10,000 of them, most empty -- added
about twenty tracked objects to every full collection. ``SortedMap`` keeps only ``_key``
and ``_list`` on the instance and reaches the list's methods through ordinary methods of
the class: the same mapping, the same order, the same views, at the cost of one more
Python call per add or remove.

Table files (``memory.TableFile.rows``) and the loaders and snapshot copies that build them
use it; it is the interface ``SortedDict`` offers, nothing added.
"""

from __future__ import annotations

from sortedcontainers import SortedDict, SortedList


class SortedMap(SortedDict):
    """A ``SortedDict`` (natural key order only) without per-instance bound methods."""

    def __init__(self, *args, **kwargs):
        if args and (args[0] is None or callable(args[0])):
            if args[0] is not None:
                raise TypeError("SortedMap orders keys naturally; it takes no key function")
            args = args[1:]
        self._key = None
        self._list = SortedList()
        self._update(*args, **kwargs)

    # -- what SortedDict's methods call through the cached attributes -------------------
    def _list_add(self, value):
        self._list.add(value)

    def _list_clear(self):
        self._list.clear()

    def _list_iter(self):
        return iter(self._list)

    def _list_reversed(self):
        return reversed(self._list)

    def _list_pop(self, index=-1):
        return self._list.pop(index)

    def _list_remove(self, value):
        self._list.remove(value)

    def _list_update(self, iterable):
        self._list.update(iterable)

    def _reset(self, load):
        self._list._reset(load)

    # -- the sorted-list methods SortedDict exposes publicly ----------------------------
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
