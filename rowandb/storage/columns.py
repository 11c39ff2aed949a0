"""Column-by-column encoding of batches of records and index entries (docs/FORMATS.md).

The redo log and the data files store rows and index entries in batches. Encoding them value
by value costs a Python-level step per value; this module encodes a batch one *column* at a
time, so that the work is done by C-speed calls (``struct.pack(">{n}q", *column)``,
``bytes.join``, ``map(itemgetter(i), rows)``) and decoding is the mirror image
(``struct.unpack_from``, slicing by ``map``, ``zip(*columns)``).

A **value column** of ``n`` values starts with a ``u8`` layout code:

| code | layout | payload                                                                   |
|------|--------|---------------------------------------------------------------------------|
| 0    | NULL   | nothing: every value is NULL                                              |
| 1    | INT    | ``n`` x ``i64``                                                            |
| 2    | REAL   | ``n`` x IEEE-754 binary64 (big-endian)                                     |
| 3    | TEXT   | a text block (below)                                                      |
| 4    | BLOB   | ``n`` x ``u32`` byte length, then the bytes                                |
| 5    | MIXED  | ``n`` x ``u8`` tag (0 NULL, 1 int64, 2 real, 3 text, 4 blob, 5 other), then, |
|      |        | for each tag 1..5 that occurs, in that order, the values carrying it:      |
|      |        | tags 1-4 as the payload of layouts 1-4 (a ``bool`` is an int64), tag 5 as  |
|      |        | ``codec`` tagged scalars (integers outside int64, anything else)           |

A **text block** of ``n`` strings (UTF-8, lone surrogates passed through) is ``u8`` form 0:
``u32`` byte count, then the strings joined by NUL bytes -- the reader splits on NUL and
must find exactly ``n`` strings -- or, if some string contains a NUL, form 1: ``n`` x
``u32`` byte length, then the strings back to back.

A **row batch** (the records of a table) is ``u8`` shape 0 (columnar: ``u16`` width ``w``,
then ``w`` value columns) or 1 (row-wise: ``n`` ``codec`` records). Row-wise is used for
fewer than ``SMALL_BATCH`` records (a single-row commit is cheaper to encode that way),
when the records do not all have the same width, and when the columns would hold more than
``CELLS_PER_BYTE`` values per byte (many all-NULL columns): a decoder refuses such a
columnar batch, so that a few hostile bytes cannot make it build millions of values.

An **entry batch** (index entries ``(key_1..key_w, rowid)``) is ``u8`` shape 0 (columnar:
``u16`` key count ``w``, then per key position ``n`` x ``u8`` sort-key kind (0 NULL,
1 number, 2 text, 3 blob) followed by one value column per kind 1..3 that occurs, in that
order, holding the values of that kind; then the rowid value column) or 1 (row-wise: ``n``
``codec`` entries, for batches that are not uniform).

Decoding bounds every count by the bytes that remain before allocating anything, checks
every layout and tag, and checks index keys for the exact shape ``codec.check_entry``
accepts (kind and type agree, no NaN, integer rowid). Errors are ``CorruptDatabaseError``
naming the file (through ``codec.Reader``).
"""

from __future__ import annotations

import struct
from functools import partial
from itertools import accumulate, compress, repeat
from math import isnan
from operator import itemgetter

from .codec import MAX_DEPTH, NULL_KEY, Reader, encode_record, encode_value
from .textorder import ByteOrderText, byte_ordered_all

L_NULL, L_INT, L_REAL, L_TEXT, L_BLOB, L_MIXED = range(6)
TAG_OTHER = 5
SHAPE_COLUMNS, SHAPE_ROWS = 0, 1
SMALL_BATCH = 8          # fewer records than this are written row-wise: cheaper to build
CELLS_PER_BYTE = 8       # a columnar row batch holds at most 8 values per byte it takes

# type bits of what a decoded column holds (for the checks of index keys)
M_NULL, M_INT, M_REAL, M_TEXT, M_BLOB = 1, 2, 4, 8, 16
_TYPE_BITS = {type(None): M_NULL, int: M_INT, float: M_REAL, str: M_TEXT, bytes: M_BLOB}
_TAG_BITS = (M_NULL, M_INT, M_REAL, M_TEXT, M_BLOB)
_KIND_BITS = (0, M_INT | M_REAL, M_TEXT, M_BLOB)    # what each sort-key kind may hold
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_U16 = struct.Struct(">H")
_TEXT_JOINED = struct.Struct(">BI")
_KEY_KINDS = bytes(range(4))
_KEY_WIDTHS = bytes.maketrans(_KEY_KINDS, bytes([1, 2, 2, 2]))   # kind -> its key's length
_TAGS = bytes(range(6))
_decode_utf8 = partial(str, encoding="utf-8", errors="surrogatepass")


class _TagOf(dict):
    """type -> MIXED tag; any type not listed goes through the generic codec (tag 5)."""

    def __missing__(self, kind):
        return TAG_OTHER


_TAG_OF = _TagOf({type(None): 0, int: 1, bool: 1, float: 2, str: 3, bytes: 4,
                  ByteOrderText: 3})


# ---------------------------------------------------------------------------------------
# value columns
# ---------------------------------------------------------------------------------------

def encode_column(values: list, parts: list) -> None:
    """Append the encoding of one column (a list of scalars) to ``parts``.

    The first value's type picks the layout to try; a C-speed call then proves (or refutes)
    that every value fits it: ``struct.pack("q")`` refuses anything but integers in int64,
    ``str.join`` anything but text. Anything else is encoded as MIXED."""
    if not values:
        parts.append(b"\x00")
        return
    first = type(values[0])
    n = len(values)
    if first is int:
        try:
            parts += (b"\x01", struct.pack(f">{n}q", *values))
            return
        except struct.error:
            pass
    elif first is str:
        try:
            joined = "\x00".join(values)
        except TypeError:
            pass
        else:
            parts.append(b"\x03")
            _encode_text(values, parts, joined)
            return
    elif first is float:
        if set(map(type, values)) == {float}:
            parts += (b"\x02", struct.pack(f">{n}d", *values))
            return
    elif values[0] is None:
        if values.count(None) == n:
            parts.append(b"\x00")
            return
    elif first is bytes:
        if set(map(type, values)) == {bytes}:
            parts.append(b"\x04")
            _encode_blobs(values, parts)
            return
    _encode_mixed(values, parts)


def _encode_text(values, parts: list, joined: str | None = None) -> None:
    """A text block: the strings joined by NUL if none contains one, else with lengths."""
    if joined is None:
        joined = "\x00".join(values)
    if joined.count("\x00") == len(values) - 1:
        data = joined.encode("utf-8", "surrogatepass")
        parts += (_TEXT_JOINED.pack(0, len(data)), data)
        return
    encoded = [value.encode("utf-8", "surrogatepass") for value in values]
    parts += (b"\x01", _pack_lengths(list(map(len, encoded))), b"".join(encoded))


def _encode_blobs(values, parts: list) -> None:
    parts += (_pack_lengths(list(map(len, values))), b"".join(values))


def _pack_lengths(lengths: list) -> bytes:
    try:
        return struct.pack(f">{len(lengths)}I", *lengths)
    except struct.error:
        raise ValueError("a text or blob value is too large to store") from None


def _encode_mixed(values, parts: list) -> None:
    tags = bytes(map(_TAG_OF.__getitem__, map(type, values)))
    ints = list(compress(values, map((1).__eq__, tags))) if 1 in tags else ()
    try:
        packed_ints = struct.pack(f">{len(ints)}q", *ints)
    except struct.error:                           # integers outside int64: tag 5
        tags = bytes([TAG_OTHER if tag == 1 and not _INT64_MIN <= value <= _INT64_MAX else tag
                      for tag, value in zip(tags, values)])
        ints = list(compress(values, map((1).__eq__, tags)))
        packed_ints = struct.pack(f">{len(ints)}q", *ints)
    parts += (b"\x05", tags)
    if ints:
        parts.append(packed_ints)
    for tag in (2, 3, 4, 5):
        if tag in tags:
            chosen = list(compress(values, map(tag.__eq__, tags)))
            if tag == 2:
                parts.append(struct.pack(f">{len(chosen)}d", *chosen))
            elif tag == 3:
                _encode_text(chosen, parts)
            elif tag == 4:
                _encode_blobs(chosen, parts)
            else:
                out = bytearray()
                for value in chosen:
                    encode_value(value, out, MAX_DEPTH)
                parts.append(bytes(out))


def decode_column(r: Reader, n: int):
    """(values, type bits) of a column of ``n`` values at the reader's position.

    ``n`` must already be bounded by the caller (every item of a batch costs at least one
    byte elsewhere); the layouts that take bytes per value check their own length."""
    layout = r.u8()
    if layout == L_INT:
        return _ints(r, n), M_INT
    if layout == L_TEXT:
        return _texts(r, n), M_TEXT
    if layout == L_REAL:
        return _reals(r, n), M_REAL
    if layout == L_NULL:
        if n > r.end:
            r.fail(f"column of {n} values is longer than its block")
        return [None] * n, M_NULL if n else 0
    if layout == L_BLOB:
        return _blobs(r, n), M_BLOB
    if layout == L_MIXED:
        return _mixed(r, n)
    r.fail(f"unknown column layout {layout}")


def pack_int64s(values) -> bytes:
    """``n`` x ``i64`` (rowids); ValueError if one does not fit."""
    try:
        return struct.pack(f">{len(values)}q", *values)
    except struct.error:
        raise ValueError("a rowid is outside the 64-bit integer range") from None


def decode_int64s(r: Reader, n: int) -> tuple:
    """``n`` x ``i64`` at the reader's position (bounds checked before unpacking)."""
    pos = r.need(8 * n)
    return struct.unpack_from(f">{n}q", r.data, pos)


_ints = decode_int64s


def _reals(r: Reader, n: int):
    pos = r.need(8 * n)
    return struct.unpack_from(f">{n}d", r.data, pos)


def _spans(r: Reader, n: int):
    """(bytes, offsets) of ``n`` length-prefixed values: value i is bytes[off[i]:off[i+1]]."""
    lengths = struct.unpack_from(f">{n}I", r.data, r.need(4 * n))
    total = sum(lengths)
    pos = r.need(total)
    return bytes(r.data[pos:pos + total]), list(accumulate(lengths, initial=0))


def _texts(r: Reader, n: int) -> list:
    """A text block of ``n`` strings (see ``_encode_text``)."""
    form = r.u8()
    if form == 0:
        size = r.u32()
        pos = r.need(size)
        try:
            values = str(memoryview(r.data)[pos:pos + size], "utf-8", "surrogatepass") \
                .split("\x00")
        except UnicodeDecodeError:
            r.fail("text is not valid UTF-8")
        if len(values) != n:
            r.fail(f"text column holds {len(values)} strings, not {n}")
        return values
    if form != 1:
        r.fail(f"unknown text column form {form}")
    data, offsets = _spans(r, n)
    cuts = map(slice, offsets, offsets[1:])
    if data.isascii():
        return list(map(data.decode("ascii").__getitem__, cuts))
    try:
        return list(map(_decode_utf8, map(data.__getitem__, cuts)))
    except UnicodeDecodeError:
        r.fail("text is not valid UTF-8")


def _blobs(r: Reader, n: int) -> list:
    data, offsets = _spans(r, n)
    return list(map(data.__getitem__, map(slice, offsets, offsets[1:])))


def _others(r: Reader, n: int) -> list:
    value = r.value
    return [value(MAX_DEPTH) for _ in range(n)]


_SUB_COLUMNS = (None, _ints, _reals, _texts, _blobs, _others)


def _mixed(r: Reader, n: int):
    tags = r.raw(n)
    if tags.translate(None, _TAGS):
        r.fail("bad value tag in a column")
    mask = 0
    nexts = [repeat(None).__next__] + [None] * 5
    for tag in range(1, 6):
        count = tags.count(tag)
        if count:
            values = _SUB_COLUMNS[tag](r, count)
            nexts[tag] = iter(values).__next__
            if tag == TAG_OTHER:
                for value in values:
                    mask |= _TYPE_BITS[type(value)]
            else:
                mask |= _TAG_BITS[tag]
    if 0 in tags:
        mask |= M_NULL
    return [nexts[tag]() for tag in tags], mask


# ---------------------------------------------------------------------------------------
# row batches (table records)
# ---------------------------------------------------------------------------------------

def encode_rows(records, parts: list) -> None:
    """Append a batch of records (tuples of scalars): columnar if all have one width, there
    are ``SMALL_BATCH`` or more, and the batch is not too sparse (see ``CELLS_PER_BYTE``);
    else row-wise."""
    widths = set(map(len, records))
    width = widths.pop() if len(widths) == 1 else None
    if width is not None and width <= 0xFFFF and len(records) >= SMALL_BATCH:
        columnar = [b"\x00", _U16.pack(width)]
        for position in range(width):
            encode_column(list(map(itemgetter(position), records)), columnar)
        if len(records) * width <= CELLS_PER_BYTE * (sum(map(len, columnar)) - 3):
            parts += columnar
            return
    out = bytearray(b"\x01")
    for record in records:
        encode_record(record, out)
    parts.append(bytes(out))


def decode_rows(r: Reader, n: int) -> list:
    """``n`` records (``n`` bounded by the caller); each a tuple of scalars."""
    shape = r.u8()
    if shape == SHAPE_COLUMNS:
        width = r.u16()
        if n * width > CELLS_PER_BYTE * (r.end - r.pos) or n > r.end:
            r.fail(f"batch of {n} records of {width} values is longer than its block")
        if not width:
            return [()] * n
        return list(zip(*[decode_column(r, n)[0] for _ in range(width)]))
    if shape == SHAPE_ROWS:
        record = r.record
        return [record() for _ in range(n)]
    r.fail(f"unknown batch shape {shape}")


# ---------------------------------------------------------------------------------------
# entry batches (index entries)
# ---------------------------------------------------------------------------------------

def encode_entries(entries, parts: list) -> None:
    """Append a batch of index entries ``(sortkey..., rowid)``."""
    columns = getattr(entries, "columns", None)     # packed: packedentries.CodeBatch
    if columns is not None and len(entries):
        packed = entries.big_endian_columns()
        if packed is not None:
            parts += packed_entries(len(entries), *packed)
            return
        parts += _packed_head(len(entries))
        keys, rowids = columns()
        encode_column(keys, parts)
        encode_column(rowids, parts)
        return
    encoded = _columnar_entries(entries)
    if encoded is None:
        out = bytearray(b"\x01")
        for entry in entries:
            encode_value(entry, out)
        parts.append(bytes(out))
    else:
        parts += encoded


def _packed_head(n: int) -> list:
    """The parts before the columns of ``n`` entries ``((1, int), rowid)``:
    ``_columnar_entries``' for that shape."""
    return [b"\x00", _U16.pack(1), b"\x01" * n]


def packed_entries(n: int, keys, rowids) -> list:
    """The parts of ``n`` entries ``((1, int), rowid)`` given their keys and their rowids
    as ``n`` big-endian int64s each (``CodeBatch.big_endian_columns``, or views into
    them): ``encode_column``'s INT layout of each column after ``_packed_head``."""
    return _packed_head(n) + [b"\x01", keys, b"\x01", rowids]


def _columnar_entries(entries):
    """The columnar parts for ``entries``, or None if they are not of one regular shape."""
    widths = set(map(len, entries))
    if len(widths) != 1:
        return None
    width = widths.pop()
    if not 2 <= width <= 0xFFFF:
        return None
    parts = [b"\x00", _U16.pack(width - 1)]
    for position in range(width - 1):
        keys = list(map(itemgetter(position), entries))
        try:
            kinds = bytes(map(itemgetter(0), keys))
            regular = not kinds.translate(None, _KEY_KINDS) and \
                kinds.translate(_KEY_WIDTHS) == bytes(map(len, keys))
        except (TypeError, IndexError, ValueError):
            return None
        if not regular:
            return None
        parts.append(kinds)
        if kinds.count(kinds[0]) == len(kinds):
            if kinds[0]:
                encode_column(list(map(itemgetter(1), keys)), parts)
            continue
        for kind in (1, 2, 3):
            if kind in kinds:
                chosen = compress(keys, map(kind.__eq__, kinds))
                encode_column(list(map(itemgetter(1), chosen)), parts)
    encode_column(list(map(itemgetter(-1), entries)), parts)
    return parts


def decode_entries(r: Reader, n: int) -> list:
    """``n`` index entries, each of the exact shape ``codec.check_entry`` accepts."""
    if n > r.end - r.pos:
        r.fail(f"batch of {n} index entries is longer than its block")
    shape = r.u8()
    if shape == SHAPE_ROWS:
        entry = r.entry
        return [entry() for _ in range(n)]
    if shape != SHAPE_COLUMNS:
        r.fail(f"unknown batch shape {shape}")
    width = r.u16()
    if width == 0:
        r.fail("malformed index entry (no key)")
    columns = [_decode_keys(r, n) for _ in range(width)]
    rowids, mask = decode_column(r, n)
    if mask & ~M_INT:
        r.fail("malformed index entry (rowid is not an integer)")
    columns.append(rowids)
    return list(zip(*columns))


def _decode_keys(r: Reader, n: int) -> list:
    """One key position of ``n`` entries: sort-key tuples, checked kind by kind."""
    kinds = r.raw(n)
    if kinds.translate(None, _KEY_KINDS):
        r.fail("malformed index entry (bad sort-key kind)")
    first = kinds[0] if n else 0
    if kinds.count(first) == n:
        if first == 0:
            return [NULL_KEY] * n
        return list(zip(repeat(first), _key_values(r, n, first)))
    nexts = [repeat(NULL_KEY).__next__, None, None, None]
    for kind in (1, 2, 3):
        count = kinds.count(kind)
        if count:
            nexts[kind] = zip(repeat(kind), _key_values(r, count, kind)).__next__
    return [nexts[kind]() for kind in kinds]


def _key_values(r: Reader, n: int, kind: int):
    values, mask = decode_column(r, n)
    if mask & ~_KIND_BITS[kind] or (mask & M_REAL and _has_nan(values)):
        r.fail("malformed index entry (sort key of the wrong type, or NaN)")
    return values if kind != 2 else byte_ordered_all(values)   # text keys order by bytes


def _has_nan(values) -> bool:
    try:
        return any(map(isnan, values))
    except OverflowError:                           # an integer too big for a float
        return any(value != value for value in values)
