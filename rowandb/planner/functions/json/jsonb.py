"""SQLite's JSONB binary format (https://sqlite.org/jsonb.html): element headers, walking a
blob, rendering it as minified JSON text, the strict validity check, and decoding the
escape sequences of string payloads (``unescape_one``).

A JSONB value is one *element*: a header of 1 to 9 bytes, then a payload. The low four
bits of the first header byte are the element type (``NULL`` .. ``OBJECT`` below); the
high four bits are the payload size when 0..11, or say that the size follows as a
big-endian integer of 1 (12), 2 (13), 4 (14) or 8 (15) bytes. NULL, TRUE and FALSE have
no payload; numbers and strings carry their text as written (strings without the quotes);
an ARRAY's payload is its elements one after the other, an OBJECT's is label, value,
label, value... (every label a string element).

Walking a blob: ``header(blob, i)`` gives ``(n, size)`` for the element at byte offset
``i`` -- its payload is ``blob[i + n: i + n + size]`` and the next sibling starts at
``i + n + size``. The children of a container at ``i`` start at ``i + n`` and run to
``i + n + size``; ``children(blob, i)`` yields their offsets. These offsets are what
SQLite reports as the ``id`` column of json_each/json_tree (the offset of the element, or
for an object member, the offset of its label), and ``parent`` is the container's offset.
The parser (``parse.py``) writes every header in its shortest form, as SQLite does.
"""
from __future__ import annotations

NULL, TRUE, FALSE, INT, INT5, FLOAT, FLOAT5, TEXT, TEXTJ, TEXT5, TEXTRAW, ARRAY, OBJECT = \
    range(13)

#: json_type()'s name of each element type.
TYPE_NAMES = ("null", "true", "false", "integer", "integer", "real", "real", "text", "text",
              "text", "text", "array", "object")

MAX_DEPTH = 1000        # SQLite's JSON_MAX_DEPTH
INVALID_CHAR = 0x99999  # what a malformed escape sequence decodes to


class MalformedJson(Exception):
    """A JSONB blob that cannot be read (becomes SQLite's 'malformed JSON')."""


def header_bytes(kind: int, size: int) -> bytes:
    """The shortest header for an element of type ``kind`` with ``size`` payload bytes."""
    if size <= 11:
        return bytes((kind | (size << 4),))
    if size <= 0xFF:
        return bytes((kind | 0xC0, size))
    if size <= 0xFFFF:
        return bytes((kind | 0xD0, size >> 8, size & 0xFF))
    return bytes((kind | 0xE0,)) + size.to_bytes(4, "big")


def node(kind: int, payload: bytes = b"") -> bytes:
    """One whole element."""
    return header_bytes(kind, len(payload)) + payload


def header(blob, i: int) -> tuple[int, int]:
    """(header length, payload size) of the element at ``i``; (0, 0) when the header is
    cut short or the payload runs past the end of the blob."""
    total = len(blob)
    if i >= total:
        return 0, 0
    x = blob[i] >> 4
    if x <= 11:
        n, size = 1, x
    elif x == 12:
        if i + 1 >= total:
            return 0, 0
        n, size = 2, blob[i + 1]
    elif x == 13:
        if i + 2 >= total:
            return 0, 0
        n, size = 3, (blob[i + 1] << 8) | blob[i + 2]
    elif x == 14:
        if i + 4 >= total:
            return 0, 0
        n, size = 5, int.from_bytes(blob[i + 1:i + 5], "big")
    else:
        if i + 8 >= total or any(blob[i + 1:i + 5]):
            return 0, 0
        n, size = 9, int.from_bytes(blob[i + 5:i + 9], "big")
    if i + n + size > total:
        return 0, 0
    return n, size


def end_of(blob, i: int) -> int:
    """The offset just past the element at ``i``."""
    n, size = header(blob, i)
    if n == 0:
        raise MalformedJson
    return i + n + size


def children(blob, i: int):
    """The offsets of the elements inside the container at ``i``."""
    n, size = header(blob, i)
    j, end = i + n, i + n + size
    while j < end:
        yield j
        k, sz = header(blob, j)
        if k == 0:
            raise MalformedJson
        j += k + sz


def array_count(blob, i: int) -> int:
    """How many elements the array at ``i`` holds."""
    n, size = header(blob, i)
    j, end, count = i + n, i + n + size, 0
    while j < end:
        k, sz = header(blob, j)
        if k == 0:
            break
        j += k + sz
        count += 1
    return count


def looks_like_jsonb(value) -> bool:
    """SQLite's quick test of a BLOB argument (jsonFuncArgMightBeBinary): a known type
    whose header and payload exactly fill the blob."""
    if not isinstance(value, bytes) or not value:
        return False
    kind = value[0] & 0x0F
    if kind > OBJECT:
        return False
    n, size = header(value, 0)
    if n == 0 or n + size != len(value):
        return False
    return not (kind <= FALSE and size > 0)


# -- rendering as minified JSON text ------------------------------------------------------
_HEX = b"0123456789abcdef"
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_SHORT_ESCAPES = {8: b"\\b", 9: b"\\t", 10: b"\\n", 12: b"\\f", 13: b"\\r", 34: b'\\"',
                  92: b"\\\\"}


def _escape_table():
    table = {}
    for c in range(32):
        table[c] = _SHORT_ESCAPES.get(c) or b"\\u00" + bytes((_HEX[c >> 4], _HEX[c & 15]))
    table[34], table[92] = b'\\"', b"\\\\"
    return table


_ESCAPES = _escape_table()
_NEEDS_ESCAPE = bytes(sorted(_ESCAPES))


def quote_bytes(raw: bytes) -> bytes:
    """SQL text as a JSON string, quotes included (jsonAppendString)."""
    if not raw.translate(None, _NEEDS_ESCAPE) == raw:
        raw = b"".join(_ESCAPES.get(c) or bytes((c,)) for c in raw)
    return b'"' + raw + b'"'


def _int5_text(p: bytes) -> bytes:
    """A hexadecimal integer in decimal (9.0e999 when it needs more than 64 bits)."""
    sign = b""
    if p[:1] in (b"-", b"+"):
        sign, p = (b"-" if p[:1] == b"-" else b""), p[1:]
    value, overflow = 0, False
    for c in p[2:]:
        if c not in _HEX_DIGITS:
            raise MalformedJson
        if value >> 60:
            overflow = True
        else:
            value = value * 16 + int(chr(c), 16)
    return sign + (b"9.0e999" if overflow else str(value).encode())


def _float5_text(p: bytes) -> bytes:
    """A JSON5 real as canonical JSON: digits added around a bare '.', no leading '+'."""
    out = bytearray()
    k = 0
    if p[:1] == b"-":
        out += b"-"
        k = 1
    if p[k:k + 1] == b".":
        out += b"0"
    while k < len(p):
        c = p[k]
        out.append(c)
        if c == 46 and (k + 1 == len(p) or not 48 <= p[k + 1] <= 57):
            out += b"0"
        k += 1
    return bytes(out)


def _text5_text(p: bytes) -> bytes:
    """A string with JSON5 escapes as a canonical JSON string body."""
    out = bytearray()
    k, size = 0, len(p)
    while k < size:
        c = p[k]
        if c == 34 or c < 32:
            out += _ESCAPES[c]
            k += 1
            continue
        if c != 92:
            out.append(c)
            k += 1
            continue
        if k + 1 >= size:
            raise MalformedJson
        e = p[k + 1]
        if e == 39:                                  # \'
            out += b"'"
        elif e == 118:                               # \v
            out += b"\\u000b"
        elif e == 120:                               # \xHH
            if size - k < 4:
                raise MalformedJson
            out += b"\\u00" + p[k + 2:k + 4]
            k += 2
        elif e == 48:                                # \0
            out += b"\\u0000"
        elif e == 13:                                # escaped CR (LF) ignored
            if k + 2 < size and p[k + 2] == 10:
                k += 1
        elif e == 10:
            pass
        elif e == 0xE2:                              # escaped U+2028 / U+2029 ignored
            if k + 3 >= size or p[k + 2] != 0x80 or p[k + 3] not in (0xA8, 0xA9):
                raise MalformedJson
            k += 2
        else:
            out += p[k:k + 2]
        k += 2
    return bytes(out)


def render(blob, i: int = 0) -> bytes:
    """The element at ``i`` as minified JSON text (UTF-8 bytes); MalformedJson when the
    blob cannot be read there."""
    out = bytearray()
    _render(blob, i, out)
    return bytes(out)


def _render(blob, i: int, out: bytearray) -> int:
    n, size = header(blob, i)
    if n == 0:
        raise MalformedJson
    kind = blob[i] & 0x0F
    start, end = i + n, i + n + size
    if kind <= FALSE:
        out += (b"null", b"true", b"false")[kind]
        return i + 1
    if kind in (INT, FLOAT):
        if size == 0:
            raise MalformedJson
        out += blob[start:end]
    elif kind == INT5:
        if size == 0:
            raise MalformedJson
        out += _int5_text(bytes(blob[start:end]))
    elif kind == FLOAT5:
        if size == 0:
            raise MalformedJson
        out += _float5_text(bytes(blob[start:end]))
    elif kind in (TEXT, TEXTJ):
        out += b'"'
        out += blob[start:end]
        out += b'"'
    elif kind == TEXT5:
        out += b'"' + _text5_text(bytes(blob[start:end])) + b'"'
    elif kind == TEXTRAW:
        out += quote_bytes(bytes(blob[start:end]))
    elif kind == ARRAY:
        out += b"["
        j = start
        while j < end:
            j = _render(blob, j, out)
            out += b","
        if j > end:
            raise MalformedJson
        if size:
            del out[-1]
        out += b"]"
    elif kind == OBJECT:
        out += b"{"
        j, count = start, 0
        while j < end:
            j = _render(blob, j, out)
            out += b"," if count & 1 else b":"
            count += 1
        if count & 1 or j > end:
            raise MalformedJson
        if size:
            del out[-1]
        out += b"}"
    else:
        raise MalformedJson
    return end


# -- strict validity (json_valid() flag 8, json_error_position() of a blob) ---------------
_DIGITS = frozenset(b"0123456789")
_SIMPLE_ESCAPES = frozenset(b'"\\/bfnrt')


def first_error(blob, i: int, end: int, depth: int) -> int:
    """0 when the element at ``i`` (ending at ``end``) is well-formed JSONB, else the
    1-based offset of the first byte found wrong (jsonbValidityCheck)."""
    if depth > MAX_DEPTH:
        return i + 1
    n, size = header(blob, i)
    if n == 0 or i + n + size != end:
        return i + 1
    kind = blob[i] & 0x0F
    j, k = i + n, end
    if kind <= FALSE:
        return 0 if n + size == 1 else i + 1
    if kind == INT:
        return _check_int(blob, i, j, k, size)
    if kind == INT5:
        return _check_int5(blob, i, j, k, size)
    if kind in (FLOAT, FLOAT5):
        return _check_float(blob, i, j, k, size, kind)
    if kind == TEXT:
        for p in range(j, k):
            if blob[p] < 32 or blob[p] in (34, 92):
                return p + 1
        return 0
    if kind in (TEXTJ, TEXT5):
        return _check_escapes(blob, j, k, kind)
    if kind == TEXTRAW:
        return 0
    if kind in (ARRAY, OBJECT):
        return _check_container(blob, j, k, kind, depth)
    return i + 1


def _check_int(blob, i, j, k, size):
    if size < 1:
        return i + 1
    if blob[j] == 45:
        j += 1
        if size < 2:
            return i + 1
    for p in range(j, k):
        if blob[p] not in _DIGITS:
            return p + 1
    return 0


def _check_int5(blob, i, j, k, size):
    if size < 3:
        return i + 1
    if blob[j] == 45:
        if size < 4:
            return i + 1
        j += 1
    if blob[j] != 48:
        return i + 1
    if blob[j + 1] not in (120, 88):
        return j + 2
    for p in range(j + 2, k):
        if blob[p] not in _HEX_DIGITS:
            return p + 1
    return 0


def _check_float(blob, i, j, k, size, kind):
    seen = 0                        # 1: a '.' seen, 2: an exponent seen
    if size < 2:
        return i + 1
    if blob[j] == 45:
        j += 1
        if size < 3:
            return i + 1
    if blob[j] == 46:
        if kind == FLOAT or j + 1 >= k or blob[j + 1] not in _DIGITS:
            return j + 1
        j += 2
        seen = 1
    elif blob[j] == 48 and kind == FLOAT:
        if j + 3 > k:
            return j + 1
        if blob[j + 1] not in (46, 101, 69):
            return j + 1
        j += 1
    while j < k:
        c = blob[j]
        if c in _DIGITS:
            j += 1
            continue
        if c == 46:
            if seen > 0:
                return j + 1
            if kind == FLOAT and (j == k - 1 or blob[j + 1] not in _DIGITS):
                return j + 1
            seen = 1
        elif c in (101, 69):
            if seen == 2 or j == k - 1:
                return j + 1
            if blob[j + 1] in (43, 45):
                j += 1
                if j == k - 1:
                    return j + 1
            seen = 2
        else:
            return j + 1
        j += 1
    return i + 1 if seen == 0 else 0


def _check_escapes(blob, j, k, kind):
    while j < k:
        c = blob[j]
        if (c < 32 and kind == TEXTJ) or c in (34, 92):
            if c == 34:
                if kind == TEXTJ:
                    return j + 1
            elif c != 92 or j + 1 >= k:
                return j + 1
            elif blob[j + 1] in _SIMPLE_ESCAPES:
                j += 1
            elif blob[j + 1] == 117:
                if j + 5 >= k or not all(b in _HEX_DIGITS for b in blob[j + 2:j + 6]):
                    return j + 1
                j += 1
            elif kind != TEXT5:
                return j + 1
            else:
                width, code = unescape_one(blob, j, k)
                if code == INVALID_CHAR:
                    return j + 1
                j += width - 1
        j += 1
    return 0


def _check_container(blob, j, k, kind, depth):
    count = 0
    while j < k:
        n, size = header(blob, j)
        if n == 0 or j + n + size > k:
            return j + 1
        if kind == OBJECT and count & 1 == 0 and not TEXT <= (blob[j] & 0x0F) <= TEXTRAW:
            return j + 1
        error = first_error(blob, j, j + n + size, depth + 1)
        if error:
            return error
        count += 1
        j += n + size
    if kind == OBJECT and count & 1:
        return j + 1
    return 0


# -- escape sequences ---------------------------------------------------------------------
def unescape_one(z, i: int, end: int) -> tuple[int, int]:
    """(bytes used, code point) of the escape sequence at ``z[i]`` (a backslash) within
    ``z[:end]``; the code point is INVALID_CHAR for a malformed one (jsonUnescapeOneChar)."""
    n = end - i
    if n < 2:
        return n, INVALID_CHAR
    c = z[i + 1]
    if c == 0x75:                                   # \uXXXX, maybe a surrogate pair
        if n < 6:
            return n, INVALID_CHAR
        v = _hex4(z, i + 2)
        if (v & 0xFC00) == 0xD800 and n >= 12 and z[i + 6] == 0x5C and z[i + 7] == 0x75:
            lo = _hex4(z, i + 8)
            if (lo & 0xFC00) == 0xDC00:
                return 12, ((v & 0x3FF) << 10) + (lo & 0x3FF) + 0x10000
        return 6, v
    simple = _UNESCAPE.get(c)
    if simple is not None:
        return 2, simple
    if c == 0x78:                                   # \xHH
        if n < 4:
            return n, INVALID_CHAR
        return 4, (_hexval(z[i + 2]) << 4) | _hexval(z[i + 3])
    if c in (0xE2, 0x0D, 0x0A):                     # escaped line breaks are skipped
        skip = _bypass(z, i, end)
        if skip == 0:
            return n, INVALID_CHAR
        if skip == n:
            return n, 0
        if z[i + skip] == 0x5C:
            width, code = unescape_one(z, i + skip, end)
            return skip + width, code
        width, code = utf8_char(z, i + skip, end)
        return skip + width, code
    return 2, INVALID_CHAR


_UNESCAPE = {0x62: 8, 0x66: 12, 0x6E: 10, 0x72: 13, 0x74: 9, 0x76: 11, 0x30: 0, 0x27: 0x27,
             0x22: 0x22, 0x2F: 0x2F, 0x5C: 0x5C}


def _hexval(h: int) -> int:
    # SQLite's jsonHexToInt: correct for hex digits, and some value for anything else
    return (h + 9 * (1 & (h >> 6))) & 0xF


def _hex4(z, i: int) -> int:
    return (_hexval(z[i]) << 12) | (_hexval(z[i + 1]) << 8) | (_hexval(z[i + 2]) << 4) \
        | _hexval(z[i + 3])


def _bypass(z, i: int, end: int) -> int:
    """How many bytes of escaped line breaks start at ``z[i]``."""
    k = 0
    n = end - i
    while k + 1 < n:
        if z[i + k] != 0x5C:
            return k
        c = z[i + k + 1]
        if c == 0x0A:
            k += 2
        elif c == 0x0D:
            k += 3 if k + 2 < n and z[i + k + 2] == 0x0A else 2
        elif c == 0xE2 and k + 3 < n and z[i + k + 2] == 0x80 and z[i + k + 3] in (0xA8, 0xA9):
            k += 4
        else:
            break
    return k


def utf8_char(z, i: int, end: int) -> tuple[int, int]:
    """(bytes, code point) of the UTF-8 character at ``z[i]`` (sqlite3Utf8ReadLimited)."""
    c = z[i]
    width = 1
    if c >= 0xC0:
        c = _UTF8_LEAD[c - 0xC0]
        while i + width < end and width < 4 and (z[i + width] & 0xC0) == 0x80:
            c = (c << 6) + (0x3F & z[i + width])
            width += 1
    return width, c


_UTF8_LEAD = (
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0x1e, 0x1f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
    0x0d, 0x0e, 0x0f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0x01, 0x02, 0x03,
    0x00, 0x01, 0x00, 0x00,
)
