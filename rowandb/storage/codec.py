"""Binary encoding of values, records and index entries for every RowanDB file.

No pickle, no eval: a value is a one-byte type tag followed by its payload, and decoding
only ever builds ``None``, ``int``, ``float``, ``str``, ``bytes`` and tuples of those (to a
fixed depth). Hostile bytes can make decoding fail -- always with ``CorruptDatabaseError`` --
but never run code or build other objects.

| tag | type    | payload                                                     |
|-----|---------|-------------------------------------------------------------|
| 0   | NULL    | none                                                        |
| 1   | integer | 8 bytes, signed big-endian (int64)                          |
| 2   | real    | 8 bytes, IEEE-754 binary64 big-endian                       |
| 3   | text    | u32 byte length, UTF-8 (surrogates passed through)          |
| 4   | blob    | u32 byte length, bytes                                      |
| 5   | bigint  | u16 byte length, signed big-endian two's complement         |
| 6   | tuple   | u16 item count, items (nesting at most ``MAX_DEPTH`` deep)  |

A table record is a tuple of scalars (tag 6 at depth 1). An index entry is a tuple whose
items are sort-key tuples (``(0,)``, ``(1, number)``, ``(2, text)``, ``(3, bytes)``) and a
final integer rowid; ``check_entry`` verifies that shape so that a hostile file cannot plant
entries that do not compare like the engine's own. A text key that is not valid UTF-8 is
decoded as a ``textorder.ByteOrderText``, ordered by its bytes as it was when written.

``Reader`` walks a buffer with bounds checks; every decoding error names the file.
"""

from __future__ import annotations

import math
import struct

from ..errors import CorruptDatabaseError
from .textorder import ByteOrderText, byte_ordered

MAX_DEPTH = 3

_B = struct.Struct(">B")
_BQ = struct.Struct(">Bq")
_BD = struct.Struct(">Bd")
_BI = struct.Struct(">BI")
_BH = struct.Struct(">BH")
_Q = struct.Struct(">q")
_D = struct.Struct(">d")
_I = struct.Struct(">I")
_H = struct.Struct(">H")
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1

NULL_BYTE = b"\x00"


def encode_value(value, out: bytearray, depth: int = 0) -> None:
    """Append the encoding of one value (or tuple of values) to ``out``."""
    kind = type(value)
    if kind is int:
        if _INT64_MIN <= value <= _INT64_MAX:
            out += _BQ.pack(1, value)
        else:
            length = (value.bit_length() + 8) // 8
            out += _BH.pack(5, length)
            out += value.to_bytes(length, "big", signed=True)
    elif kind is str:
        data = value.encode("utf-8", "surrogatepass")
        out += _BI.pack(3, len(data))
        out += data
    elif value is None:
        out += NULL_BYTE
    elif kind is float:
        out += _BD.pack(2, value)
    elif kind is tuple:
        if depth >= MAX_DEPTH:
            raise ValueError("tuple nested too deeply to encode")
        out += _BH.pack(6, len(value))
        for item in value:
            encode_value(item, out, depth + 1)
    elif kind is bool:
        out += _BQ.pack(1, int(value))
    elif kind in (bytes, bytearray, memoryview):
        data = bytes(value)
        out += _BI.pack(4, len(data))
        out += data
    elif kind is ByteOrderText:                 # a sort key's text: stored as text
        encode_value(str(value), out, depth)
    else:
        raise ValueError(f"cannot store a value of type {kind.__name__}")


def encode_record(record: tuple, out: bytearray) -> None:
    """A table record: tuple of scalars (inlined hot path of ``encode_value``)."""
    out += _BH.pack(6, len(record))
    for value in record:
        kind = type(value)
        if kind is int and _INT64_MIN <= value <= _INT64_MAX:
            out += _BQ.pack(1, value)
        elif kind is str:
            data = value.encode("utf-8", "surrogatepass")
            out += _BI.pack(3, len(data))
            out += data
        elif value is None:
            out += NULL_BYTE
        elif kind is float:
            out += _BD.pack(2, value)
        else:
            encode_value(value, out, 1)


class Reader:
    """Bounds-checked decoding of one buffer; errors raise CorruptDatabaseError naming ``where``."""

    __slots__ = ("data", "pos", "end", "where")

    def __init__(self, data, where: str, pos: int = 0, end: int | None = None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end
        self.where = where

    def fail(self, detail: str):
        raise CorruptDatabaseError(f"{self.where}: {detail} at byte {self.pos}")

    def need(self, count: int) -> int:
        pos = self.pos
        if count < 0 or pos + count > self.end:
            self.fail("record runs past the end of its block")
        self.pos = pos + count
        return pos

    def at_end(self) -> bool:
        return self.pos >= self.end

    def u8(self) -> int:
        return self.data[self.need(1)]

    def u16(self) -> int:
        return _H.unpack_from(self.data, self.need(2))[0]

    def u32(self) -> int:
        return _I.unpack_from(self.data, self.need(4))[0]

    def u64(self) -> int:
        return struct.unpack_from(">Q", self.data, self.need(8))[0]

    def i64(self) -> int:
        return _Q.unpack_from(self.data, self.need(8))[0]

    def raw(self, count: int) -> bytes:
        pos = self.need(count)
        return bytes(self.data[pos:pos + count])

    def text(self, count: int) -> str:
        pos = self.need(count)
        try:
            return str(self.data[pos:pos + count], "utf-8", "surrogatepass")
        except UnicodeDecodeError:
            self.fail("text is not valid UTF-8")

    def short_text(self) -> str:
        return self.text(self.u16())

    def value(self, depth: int = 0):
        """Decode one value; tuples nest at most MAX_DEPTH deep."""
        data = self.data
        pos = self.pos
        if pos >= self.end:
            self.fail("value runs past the end of its block")
        tag = data[pos]
        self.pos = pos + 1
        if tag == 1:
            return _Q.unpack_from(data, self.need(8))[0]
        if tag == 3:
            return self.text(self.u32())
        if tag == 0:
            return None
        if tag == 2:
            return _D.unpack_from(data, self.need(8))[0]
        if tag == 6:
            if depth >= MAX_DEPTH:
                self.fail("tuple nested too deeply")
            count = self.u16()
            return tuple([self.value(depth + 1) for _ in range(count)])
        if tag == 4:
            return self.raw(self.u32())
        if tag == 5:
            length = self.u16()
            if length == 0 or length > 4096:
                self.fail(f"bad big integer length {length}")
            return int.from_bytes(self.raw(length), "big", signed=True)
        self.fail(f"unknown value tag {tag}")

    def record(self) -> tuple:
        """A table record: a tuple of scalars (the hot path of recovery and loading)."""
        data, pos, end = self.data, self.pos, self.end
        if pos + 3 > end or data[pos] != 6:
            self.fail("expected a record")
        count = _H.unpack_from(data, pos + 1)[0]
        pos += 3
        values = []
        append = values.append
        unpack_q, unpack_d, unpack_i = _Q.unpack_from, _D.unpack_from, _I.unpack_from
        for _ in range(count):
            if pos >= end:
                self.pos = pos
                self.fail("record runs past the end of its block")
            tag = data[pos]
            if tag == 1 or tag == 2:
                if pos + 9 > end:
                    self.pos = pos
                    self.fail("record runs past the end of its block")
                append((unpack_q if tag == 1 else unpack_d)(data, pos + 1)[0])
                pos += 9
            elif tag == 3:
                if pos + 5 > end:
                    self.pos = pos
                    self.fail("record runs past the end of its block")
                stop = pos + 5 + unpack_i(data, pos + 1)[0]
                if stop > end:
                    self.pos = pos
                    self.fail("record runs past the end of its block")
                try:
                    append(str(data[pos + 5:stop], "utf-8", "surrogatepass"))
                except UnicodeDecodeError:
                    self.pos = pos
                    self.fail("text is not valid UTF-8")
                pos = stop
            elif tag == 0:
                append(None)
                pos += 1
            else:
                self.pos = pos
                append(self.value(MAX_DEPTH))
                pos = self.pos
        self.pos = pos
        return tuple(values)

    def entry(self) -> tuple:
        """An index entry ``(key..., rowid)``: every key must be a well-formed sort key
        (``(0,)``, ``(1, number)``, ``(2, text)``, ``(3, blob)``) and the rowid an integer."""
        data, pos, end = self.data, self.pos, self.end
        unpack_q = _Q.unpack_from
        try:
            if data[pos] != 6:
                raise IndexError
            count = _H.unpack_from(data, pos + 1)[0]
            pos += 3
            items = []
            for _ in range(count - 1):
                if data[pos] != 6 or data[pos + 3] != 1:
                    raise IndexError
                width = _H.unpack_from(data, pos + 1)[0]
                kind = unpack_q(data, pos + 4)[0]
                pos += 12
                if width == 1 and kind == 0:
                    items.append(NULL_KEY)
                    continue
                if width != 2 or not 1 <= kind <= 3:
                    raise IndexError
                self.pos = pos
                value = self.value(MAX_DEPTH)
                pos = self.pos
                if type(value) not in _KEY_TYPES[kind] or value != value:
                    raise IndexError                  # wrong type for its kind, or NaN
                items.append((kind, value if kind != 2 else byte_ordered(value)))
            if count < 2 or data[pos] != 1 or pos + 9 > end:
                raise IndexError
            items.append(unpack_q(data, pos + 1)[0])
        except (IndexError, struct.error):
            self.fail("malformed index entry")
        if pos + 9 > end:
            self.fail("malformed index entry")
        self.pos = pos + 9
        return tuple(items)


NULL_KEY = (0,)
_KEY_TYPES = {1: (int, float), 2: (str, ByteOrderText), 3: (bytes,)}


def check_entry(entry) -> bool:
    """True if ``entry`` is ``(sortkey..., rowid)`` with every sort key well formed."""
    if type(entry) is not tuple or not entry or type(entry[-1]) is not int:
        return False
    for key in entry[:-1]:
        if type(key) is not tuple or not key or type(key[0]) is not int:
            return False
        if key[0] == 0:
            if len(key) != 1:
                return False
            continue
        kinds = _KEY_TYPES.get(key[0])
        if kinds is None or len(key) != 2 or type(key[1]) not in kinds:
            return False
        if type(key[1]) is float and math.isnan(key[1]):
            return False
    return True
