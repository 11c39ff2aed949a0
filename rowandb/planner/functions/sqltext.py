"""TEXT as SQLite's text functions see it: bytes, characters as SQLite's UTF-8 reader cuts
them, and in many functions a C string that ends at the first NUL.

A TEXT value is a str here, with any bytes that are not valid UTF-8 held as surrogate
escapes (see ``values.text_from_bytes``). For valid UTF-8 a Python character is a SQLite
character, so the functions use str operations; text holding escapes is walked byte by
byte with SQLite's rules, so an invalid sequence counts, slices and decodes exactly as in
SQLite 3.54, which cuts characters two ways (measured with apsw): length() and substr()'s
walk let any byte from 0x80 up take the continuation bytes 0x80..0xBF after it (x'8080' is
one character, x'4180' two), while substr()'s count from the end, trim()'s set and the
ESCAPE of LIKE let only a lead byte 0xC0+ take them (x'8080' is two characters there);
instr() looks for the needle only where no continuation byte is; unicode(), LIKE and GLOB
decode with sqlite3Utf8Read (``read_char``).
"""
from __future__ import annotations

from ..types.values import has_surrogate, text_bytes, text_from_bytes

# sqlite3Utf8Trans1: the payload bits of a UTF-8 lead byte 0xC0..0xFF.
_TRANS1 = bytes(list(range(32)) + list(range(16)) + list(range(8)) + [0, 1, 2, 3, 0, 1, 0, 0])


def c_string(s: str) -> str:
    """``s`` up to its first NUL: what sqlite3_value_text() means to C string code."""
    cut = s.find("\x00")
    return s if cut < 0 else s[:cut]


def char_count(s: str, lead: int = 0x80) -> int:
    """length(): characters before the first NUL; a byte from ``lead`` up takes all the
    continuation bytes after it, any other byte is a character of its own (``lead`` 0xC0:
    substr's count from the end, the ESCAPE of LIKE)."""
    s = c_string(s)
    if not has_surrogate(s):
        return len(s)
    data = text_bytes(s)
    n = i = 0
    while i < len(data):
        i = _skip_char(data, i, lead)
        n += 1
    return n


def _skip_char(data: bytes, i: int, lead: int = 0x80) -> int:
    """Past one character starting at ``i`` (a byte from ``lead`` up takes the
    continuation bytes after it)."""
    c = data[i]
    i += 1
    if c >= lead:
        while i < len(data) and data[i] & 0xC0 == 0x80:
            i += 1
    return i


def _chars(data: bytes) -> list:
    """``data`` cut into characters as trim() cuts its set (a lead byte 0xC0+ takes the
    continuation bytes after it)."""
    out, i = [], 0
    while i < len(data):
        j = _skip_char(data, i, 0xC0)
        out.append(data[i:j])
        i = j
    return out


def char_trim(s: str, chars: str, left: bool, right: bool) -> str:
    """trim/ltrim/rtrim of ``s`` by the characters of ``chars`` (a C string): as in
    SQLite, each character of the set is a byte string removed where the text's bytes
    begin (or end) with it, even in the middle of one of the text's characters."""
    chars = c_string(chars)
    if not has_surrogate(chars):
        return s.strip(chars) if left and right else s.lstrip(chars) if left else s.rstrip(chars)
    data, cut = text_bytes(s), [c for c in _chars(text_bytes(chars)) if c]
    start, end = 0, len(data)
    while left and start < end:
        hit = next((c for c in cut if data.startswith(c, start, end)), None)
        if hit is None:
            break
        start += len(hit)
    while right and start < end:
        hit = next((c for c in cut if data.endswith(c, start, end)), None)
        if hit is None:
            break
        end -= len(hit)
    return text_from_bytes(data[start:end])


def char_slice(s: str, start: int, count: int, lead: int = 0x80) -> str:
    """substr() on text: ``count`` characters after skipping ``start``, within the C
    string (both counts are non-negative; ``lead`` as for ``char_count``)."""
    s = c_string(s)
    if not has_surrogate(s):
        return s[start:start + count]
    data = text_bytes(s)
    i = 0
    while i < len(data) and start:
        i = _skip_char(data, i, lead)
        start -= 1
    j = i
    while j < len(data) and count:
        j = _skip_char(data, j, lead)
        count -= 1
    return text_from_bytes(data[i:j])


def printed_width(s: str) -> int:
    """The width printf's ``!`` flag and ``%c`` give text: its bytes less its continuation
    bytes (a character for valid UTF-8)."""
    if not has_surrogate(s):
        return len(s)
    return sum(b & 0xC0 != 0x80 for b in text_bytes(s))


def printed_char(s: str) -> str:
    """printf's ``%c`` of text: its first byte, with up to three continuation bytes after
    a lead byte 0xC0+ (its first character for valid UTF-8)."""
    if not ("\udc80" <= s[0] <= "\udcff"):
        return s[0]
    data = text_bytes(s)
    end = 1
    if data[0] >= 0xC0:
        while end < min(len(data), 4) and data[end] & 0xC0 == 0x80:
            end += 1
    return text_from_bytes(data[:end])


def read_char(data: bytes, i: int) -> tuple[int, int]:
    """sqlite3Utf8Read: (code point, next position); malformed input reads as U+FFFD."""
    c = data[i]
    i += 1
    if c >= 0xC0:
        c = _TRANS1[c - 0xC0]
        while i < len(data) and data[i] & 0xC0 == 0x80:
            c = ((c << 6) + (data[i] & 0x3F)) & 0xFFFFFFFF
            i += 1
        if c < 0x80 or c & 0xFFFFF800 == 0xD800:    # (U+FFFE and U+FFFF read as they are)
            c = 0xFFFD
    return c, i


def first_char(s: str) -> int | None:
    """unicode(): the first character's code point; NULL for empty text or a leading NUL."""
    if not s or s[0] == "\x00":
        return None
    c = ord(s[0])
    if 0xD800 <= c <= 0xDFFF:                    # an escaped byte: read as SQLite reads
        return read_char(text_bytes(s), 0)[0]
    return c


def char_position(haystack: str, needle: str) -> int:
    """instr() on text: 1 + the characters before the first occurrence (0 if none); the
    whole values are searched, NULs included."""
    if not (has_surrogate(haystack) or has_surrogate(needle)):
        return haystack.find(needle) + 1
    data, wanted = text_bytes(haystack), text_bytes(needle)
    at = data.find(wanted)           # instr steps one byte, then over continuation bytes:
    while at > 0 and data[at] & 0xC0 == 0x80:   # a needle is found only where no
        at = data.find(wanted, at + 1)          # continuation byte is
    if at < 0:
        return 0
    return 1 + (at > 0) + sum(b & 0xC0 != 0x80 for b in data[1:at])


def code_point_text(c: int, clamp: bool = True) -> str:
    """The character ``c`` UTF-8 encoded the way SQLite encodes it: a surrogate code point
    becomes three bytes (not valid UTF-8, so held as escapes). With ``clamp`` (char())
    a value out of Unicode's range is U+FFFD; without it (unistr()) it is encoded in four
    bytes all the same."""
    if 0 <= c < 0xD800 or 0xE000 <= c <= 0x10FFFF:
        return chr(c)
    if clamp and not 0 <= c <= 0x10FFFF:
        return "\ufffd"
    if c <= 0xFFFF:
        data = bytes((0xE0 | c >> 12, 0x80 | (c >> 6) & 0x3F, 0x80 | c & 0x3F))
    else:
        data = bytes((0xF0 | (c >> 18) & 0x07, 0x80 | (c >> 12) & 0x3F,
                      0x80 | (c >> 6) & 0x3F, 0x80 | c & 0x3F))
    return text_from_bytes(data)
