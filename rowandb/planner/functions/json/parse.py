"""Reading JSON text into JSONB, as SQLite's JSON functions read it
(https://sqlite.org/json1.html, "JSON5 extensions"; src/json.c).

``parse_text(data)`` takes the UTF-8 bytes of an SQL text and returns the JSONB blob
(``jsonb.py`` describes the format) or raises ``JsonSyntaxError`` carrying the byte offset
where SQLite's parser gave up (json_error_position() reports it). Accepted beyond RFC 8259,
as SQLite accepts it: ``//`` and ``/* */`` comments and the JSON5 white space characters,
trailing commas, object labels that are bare identifiers, single-quoted strings, the JSON5
string escapes (``\\x41``, ``\\'``, ``\\v``, ``\\0``, escaped line breaks), hexadecimal
integers, a leading ``+``, a leading or trailing ``.``, ``Infinity``/``inf`` (any case,
signed) and ``NaN`` (also QNaN, SNaN). Such input sets ``Parse.nonstd``, which
``json_valid(X, 1)`` rejects. Elements keep their text as written: numbers and strings go
into the blob verbatim, tagged with the kind of syntax they use (INT5, FLOAT5, TEXTJ,
TEXT5), and the renderer turns them into canonical JSON only on output. Text ends at its
first NUL byte, as a C string does. Nesting deeper than 1000 is an error.
"""
from __future__ import annotations

import re

from .jsonb import (
    ARRAY, FALSE, FLOAT, INT, MAX_DEPTH, NULL, OBJECT, TEXT, TEXT5, TEXTJ, TEXTRAW, TRUE,
    header_bytes,
)


class JsonSyntaxError(Exception):
    """Malformed JSON text; ``position`` is the byte offset SQLite stops at."""

    def __init__(self, position: int):
        super().__init__(position)
        self.position = position


_SPACE = frozenset(b"\t\n\r ")
_DIGITS = frozenset(b"0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Characters that may start / continue a bare JSON5 object label (SQLite's ctype classes:
# letters, '_', '$' and every byte of a multi-byte UTF-8 character; then digits too).
_ID1 = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$") | frozenset(
    range(0x80, 0x100))
_ID2 = _ID1 | _DIGITS
# A run of bytes that need no attention inside a string: no control character, quote or
# backslash.
_PLAIN_RUN = re.compile(rb"[^\x00-\x1f\"'\\]*")
_SIMPLE_ESCAPES = frozenset(b'"\\/bfnrt')
# Words that stand for numbers (SQLite's aNanInfName): matched case-insensitively.
_NAN_INF = ((b"inf", b"9e999"), (b"infinity", b"9e999"), (b"nan", None), (b"qnan", None),
            (b"snan", None))


def json5_space(z: bytes, n: int) -> int:
    """The number of bytes of JSON5 white space (comments included) at ``z[n]``."""
    start = n
    while True:
        c = z[n]
        if c in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20):
            n += 1
        elif c == 0x2F:                                     # '/'
            if z[n + 1] == 0x2A and z[n + 2] != 0:          # /* ... */
                j = n + 3
                while z[j] != 0x2F or z[j - 1] != 0x2A:
                    if z[j] == 0:
                        return n - start
                    j += 1
                n = j + 1
            elif z[n + 1] == 0x2F:                          # // ... end of line
                j = n + 2
                while z[j] != 0:
                    c = z[j]
                    if c in (0x0A, 0x0D):
                        break
                    if c == 0xE2 and z[j + 1] == 0x80 and z[j + 2] in (0xA8, 0xA9):
                        j += 2
                        break
                    j += 1
                n = j + 1 if z[j] else j
            else:
                return n - start
        elif c == 0xC2 and z[n + 1] == 0xA0:
            n += 2
        elif c == 0xE1 and z[n + 1] == 0x9A and z[n + 2] == 0x80:
            n += 3
        elif c == 0xE2 and z[n + 1] == 0x80 and z[n + 2] >= 0x80 and (
                z[n + 2] <= 0x8A or z[n + 2] in (0xA8, 0xA9, 0xAF)):
            n += 3
        elif c == 0xE2 and z[n + 1] == 0x81 and z[n + 2] == 0x9F:
            n += 3
        elif c == 0xE3 and z[n + 1] == 0x80 and z[n + 2] == 0x80:
            n += 3
        elif c == 0xEF and z[n + 1] == 0xBB and z[n + 2] == 0xBF:
            n += 3
        else:
            return n - start


class Parse:
    """One reading of JSON text: the blob so far, the depth, whether JSON5 was used."""

    __slots__ = ("z", "out", "depth", "nonstd", "err")

    def __init__(self, z: bytes):
        self.z = z                  # the text's bytes, NUL-terminated
        self.out = bytearray()
        self.depth = 0
        self.nonstd = False
        self.err = 0

    def append(self, kind: int, payload=b"") -> None:
        self.out += header_bytes(kind, len(payload))
        self.out += payload


def parse_text(data: bytes) -> Parse:
    """The JSONB of JSON text ``data`` (UTF-8, no NUL terminator needed), or
    JsonSyntaxError."""
    z = data + b"\0" if data[-1:] != b"\0" else data
    p = Parse(z)
    i = _element(p, 0)
    if i > 0:
        while z[i] in _SPACE:
            i += 1
        if z[i]:
            i += json5_space(z, i)
            if z[i]:
                raise JsonSyntaxError(p.err)    # SQLite reports its last noted offset
            p.nonstd = True
        return p
    raise JsonSyntaxError(p.err)


def _close(p: Parse, start: int, kind: int) -> None:
    """Put the header of the container whose payload began at ``start`` in front of it."""
    size = len(p.out) - start
    p.out[start:start] = header_bytes(kind, size)


def _element(p: Parse, i: int) -> int:
    """Translate the element at ``z[i]``. Returns the offset past it, or 0 at the end of
    the text, -1 on an error (``p.err`` set), -2/-3/-4/-5 on a '}', ']', ',' or ':'
    (``p.err`` holds its offset)."""
    z = p.z
    while True:
        c = z[i]
        if c in _SPACE:
            i += 1
            while z[i] in _SPACE:
                i += 1
            continue
        if c in (0x0B, 0x0C, 0x2F, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF):
            skip = json5_space(z, i)
            if skip:
                i += skip
                p.nonstd = True
                continue
            p.err = i
            return -1
        break
    if c == 0x7B:
        return _object(p, i)
    if c == 0x5B:
        return _array(p, i)
    if c == 0x22 or c == 0x27:
        return _string(p, i)
    if c in _DIGITS or c in (0x2D, 0x2B, 0x2E):
        return _number(p, i)
    if c == 0x7D:
        p.err = i
        return -2
    if c == 0x5D:
        p.err = i
        return -3
    if c == 0x2C:
        p.err = i
        return -4
    if c == 0x3A:
        p.err = i
        return -5
    if c == 0:
        return 0
    return _word(p, i)


def _word(p: Parse, i: int) -> int:
    z = p.z
    for word, kind in ((b"true", TRUE), (b"false", FALSE), (b"null", NULL)):
        if z.startswith(word, i) and z[i + len(word)] not in _ALNUM:
            p.out.append(kind)
            return i + len(word)
    if z[i] in (0x74, 0x66):                 # 't', 'f': no NaN/Inf spelling starts so
        p.err = i
        return -1
    for word, text in _NAN_INF:
        end = i + len(word)
        if z[i:end].lower() == word and z[end] not in _ALNUM:
            if text is None:
                p.out.append(NULL)
            else:
                p.append(FLOAT, text)
            p.nonstd = True
            return end
    p.err = i
    return -1


def _deeper(p: Parse, i: int) -> bool:
    p.depth += 1
    if p.depth > MAX_DEPTH:
        p.err = i
        return False
    return True


def _array(p: Parse, i: int) -> int:
    start = len(p.out)
    if not _deeper(p, i):
        return -1
    j = i + 1
    while True:
        x = _element(p, j)
        if x <= 0:
            if x == -3:
                if len(p.out) != start:
                    p.nonstd = True         # a trailing comma
                j = p.err
                break
            if x != -1:
                p.err = j
            return -1
        j, closed = _after_value(p, x, 0x5D, -3)
        if j < 0:
            return -1
        if closed:
            break
    _close(p, start, ARRAY)
    p.depth -= 1
    return j + 1


def _after_value(p: Parse, j: int, closer: int, code: int) -> tuple[int, bool]:
    """After a value ending at ``j``: (offset of the next element, False) past a comma,
    (offset of the closing bracket ``closer``, True), or (-1, False) with ``p.err`` set
    when anything else follows."""
    z = p.z
    c = z[j]
    if c == 0x2C:
        return j + 1, False
    if c == closer:
        return j, True
    if c in _SPACE:
        j += 1
        while z[j] in _SPACE:
            j += 1
        if z[j] == 0x2C:
            return j + 1, False
        if z[j] == closer:
            return j, True
    x = _element(p, j)
    if x == -4:
        return p.err + 1, False
    if x == code:
        return p.err, True
    p.err = j
    return -1, False


def _object(p: Parse, i: int) -> int:
    z = p.z
    start = len(p.out)
    if not _deeper(p, i):
        return -1
    j = i + 1
    while True:
        label_at = len(p.out)
        x = _element(p, j)
        if x <= 0:
            if x == -2:
                if len(p.out) != start:
                    p.nonstd = True         # a trailing comma
                j = p.err
                break
            j += json5_space(z, j)
            k = _bare_label(p, j)
            if k < 0:
                if x != -1:
                    p.err = j
                return -1
            x = k
        if not TEXT <= p.out[label_at] & 0x0F <= TEXTRAW:
            p.err = j
            return -1
        j = _colon(p, x)
        if j < 0:
            return -1
        x = _element(p, j)
        if x <= 0:
            if x != -1:
                p.err = j
            return -1
        j, closed = _after_value(p, x, 0x7D, -2)
        if j < 0:
            return -1
        if closed:
            break
    _close(p, start, OBJECT)
    p.depth -= 1
    return j + 1


def _colon(p: Parse, j: int) -> int:
    """The offset past the ':' that must follow a label ending at ``j``, or -1."""
    z = p.z
    if z[j] == 0x3A:
        return j + 1
    if z[j] in _SPACE:
        j += 1
        while z[j] in _SPACE:
            j += 1
        if z[j] == 0x3A:
            return j + 1
    x = _element(p, j)
    if x != -5:
        if x != -1:
            p.err = j
        return -1
    return p.err + 1


def _bare_label(p: Parse, j: int) -> int:
    """A JSON5 label written as an identifier (\\uXXXX escapes allowed) at ``j``."""
    z = p.z
    kind = TEXT
    if z[j] in _ID1:
        pass
    elif z[j] == 0x5C and _is_u4(z, j + 1):
        kind = TEXTJ
    else:
        return -1
    k = j + 1
    while True:
        if z[k] in _ID2 and json5_space(z, k) == 0:
            k += 1
        elif z[k] == 0x5C and _is_u4(z, k + 1):
            kind = TEXTJ
            k += 1
        else:
            break
    p.append(kind, z[j:k])
    p.nonstd = True
    return k


def _is_u4(z: bytes, i: int) -> bool:
    return z[i] == 0x75 and all(c in _HEX for c in z[i + 1:i + 5]) and len(z) > i + 4


def _string(p: Parse, i: int) -> int:
    z = p.z
    delim = z[i]
    if delim == 0x27:
        p.nonstd = True
    kind = TEXT
    j = i + 1
    run = _PLAIN_RUN.match
    while True:
        j = run(z, j).end()        # the run of characters needing no attention
        c = z[j]
        if c == delim:
            break
        if c == 0x5C:
            j += 1
            c = z[j]
            if c in _SIMPLE_ESCAPES or (c == 0x75 and all(h in _HEX for h in z[j + 1:j + 5])
                                        and j + 4 < len(z)):
                if kind == TEXT:
                    kind = TEXTJ
            elif c in (0x27, 0x30, 0x76, 0x0A) or (
                    c == 0xE2 and z[j + 1] == 0x80 and z[j + 2] in (0xA8, 0xA9)) or (
                    c == 0x78 and z[j + 1] in _HEX and z[j + 2] in _HEX):
                kind = TEXT5
                p.nonstd = True
            elif c == 0x0D:
                if z[j + 1] == 0x0A:
                    j += 1
                kind = TEXT5
                p.nonstd = True
            else:
                p.err = j
                return -1
        elif c <= 0x1F:
            if c == 0:                  # the end of the text
                p.err = j
                return -1
            kind = TEXT5                # a raw control character: JSON5 to SQLite
            p.nonstd = True
        elif c == 0x22:
            kind = TEXT5            # a '"' inside a '...' string
        j += 1
    p.append(kind, z[i + 1:j])
    return j + 1


def _number(p: Parse, i: int) -> int:
    """A number at ``z[i]`` (which is a digit, '-', '+' or '.')."""
    z = p.z
    c = z[i]
    t = 0                           # bit 1: JSON5 syntax, bit 2: a real
    if c == 0x2B:                   # '+'
        p.nonstd = True
    if c == 0x2E:                   # '.'
        if z[i + 1] not in _DIGITS:
            p.err = i
            return -1
        p.nonstd = True
        t = 3
        return _number_rest(p, i, t)
    if c == 0x30:
        if z[i + 1] in (0x78, 0x58) and z[i + 2] in _HEX:
            p.nonstd = True
            j = i + 3
            while z[j] in _HEX:
                j += 1
            return _number_finish(p, i, j, 1)
        if z[i + 1] in _DIGITS:
            p.err = i + 1
            return -1
    elif c in (0x2D, 0x2B):
        if z[i + 1] not in _DIGITS:
            if z[i + 1:i + 4].lower() == b"inf":
                p.nonstd = True
                p.append(FLOAT, b"-9e999" if c == 0x2D else b"9e999")
                return i + (9 if z[i + 4:i + 9].lower() == b"inity" else 4)
            if z[i + 1] == 0x2E:
                p.nonstd = True
                return _number_rest(p, i, t | 1)
            p.err = i
            return -1
        if z[i + 1] == 0x30:
            if z[i + 2] in _DIGITS:
                p.err = i + 1
                return -1
            if z[i + 2] in (0x78, 0x58) and z[i + 3] in _HEX:
                p.nonstd = True
                j = i + 4
                while z[j] in _HEX:
                    j += 1
                return _number_finish(p, i, j, 1)
    return _number_rest(p, i, t)


def _number_rest(p: Parse, i: int, t: int) -> int:
    z = p.z
    seen_e = False
    j = i + 1
    while True:
        c = z[j]
        if c in _DIGITS:
            j += 1
            continue
        if c == 0x2E:
            if t & 2:
                p.err = j
                return -1
            t |= 2
            j += 1
            continue
        if c in (0x65, 0x45):
            if z[j - 1] < 0x30:
                if z[j - 1] == 0x2E and j - 2 >= i and z[j - 2] in _DIGITS:
                    p.nonstd = True
                    t |= 1
                else:
                    p.err = j
                    return -1
            if seen_e:
                p.err = j
                return -1
            t |= 2
            seen_e = True
            c = z[j + 1]
            if c in (0x2B, 0x2D):
                j += 1
                c = z[j + 1]
            if c not in _DIGITS:
                p.err = j
                return -1
            j += 1
            continue
        break
    if z[j - 1] < 0x30:
        if z[j - 1] == 0x2E and j - 2 >= i and z[j - 2] in _DIGITS:
            p.nonstd = True
            t |= 1
        else:
            p.err = j
            return -1
    return _number_finish(p, i, j, t)


def _number_finish(p: Parse, i: int, j: int, t: int) -> int:
    if p.z[i] == 0x2B:
        i += 1
    p.append(INT + t, p.z[i:j])
    return j
