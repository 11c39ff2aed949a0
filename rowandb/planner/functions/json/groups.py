"""SQLite's JSON aggregate functions (https://sqlite.org/json1.html#jgrouparray):
json_group_array(X), json_group_object(NAME, VALUE) and their jsonb_ forms, which are
also window functions (``inverse`` takes back the oldest row, as SQLite's
jsonGroupInverse drops the first element of the text built so far).

Values join the result as json_array() would put them (``sqlvalues.append_value``); a
NULL object label skips its row. Each row's piece is kept in order, so taking back the
oldest row is O(1). The result is JSON text marked as JSON, or JSONB.
"""
from __future__ import annotations

from collections import deque

from ...types.values import check_size, text_from_bytes, to_text
from .parse import blob_of_built_text
from .sqlvalues import append_value


class _JsonGroup:
    __slots__ = ("items", "size")
    OPEN, CLOSE, AS_BLOB = b"[", b"]", False

    def __init__(self):
        self.items: deque = deque()
        self.size = 2

    def _add(self, piece: bytes) -> None:
        self.size += len(piece) + 1
        check_size(self.size)
        self.items.append(piece)

    def inverse(self, *values):
        """Take back the oldest row (which may have added nothing)."""
        if self.items:
            piece = self.items.popleft()
            if piece is not None:
                self.size -= len(piece) + 1

    def finalize(self):
        data = self.OPEN + b",".join(p for p in self.items if p is not None) + self.CLOSE
        if self.AS_BLOB:
            return blob_of_built_text(data)
        return text_from_bytes(data)        # AggregateRef.json carries the subtype


class JsonGroupArray(_JsonGroup):
    """json_group_array(X)."""

    __slots__ = ()

    def step(self, *values):
        out = bytearray()
        append_value(out, values[0])
        self._add(bytes(out))


class JsonGroupObject(_JsonGroup):
    """json_group_object(NAME, VALUE)."""

    __slots__ = ()
    OPEN, CLOSE = b"{", b"}"

    def step(self, *values):
        name = values[0]
        if name is None:
            self.items.append(None)         # the row adds nothing (but is taken back)
            return
        out = bytearray()
        label = str(name) if isinstance(name, str) else to_text(name)
        # SQLite's jsonObjectStep takes the label's length with strlen: it ends at a NUL
        append_value(out, label.split("\x00", 1)[0])
        out += b":"
        append_value(out, values[1])
        self._add(bytes(out))


class JsonbGroupArray(JsonGroupArray):
    __slots__ = ()
    AS_BLOB = True


class JsonbGroupObject(JsonGroupObject):
    __slots__ = ()
    AS_BLOB = True


#: The aggregates whose result is JSON text (SQLite gives it the JSON subtype).
JSON_TEXT_AGGREGATES = frozenset(("json_group_array", "json_group_object"))

JSON_AGGREGATES = {
    "json_group_array": (JsonGroupArray, 1, 1),
    "jsonb_group_array": (JsonbGroupArray, 1, 1),
    "json_group_object": (JsonGroupObject, 2, 2),
    "jsonb_group_object": (JsonbGroupObject, 2, 2),
}
