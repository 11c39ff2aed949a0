"""TEXT as SQLite's text functions see it: bytes, characters as SQLite's UTF-8 reader cuts
them, and in many functions a C string that ends at the first NUL.

A TEXT value is a str here, with any bytes that are not valid UTF-8 held as surrogate
escapes (see ``values.text_from_bytes``). For valid UTF-8 a Python character is a SQLite
character, so the functions use str operations; text holding escapes is walked byte by
byte with SQLite's rules (func.c's SQLITE_SKIP_UTF8 and utf.c's sqlite3Utf8Read), so an
invalid sequence counts, slices and decodes exactly as in SQLite.
"""
from __future__ import annotations

from ..types.values import has_surrogate, text_bytes, text_from_bytes

# sqlite3Utf8Trans1: the payload bits of a UTF-8 lead byte 0xC0..0xFF.
_TRANS1 = bytes(list(range(32)) + list(range(16)) + list(range(8)) + [0, 1, 2, 3, 0, 1, 0, 0])


def c_string(s: str) -> str:
    """``s`` up to its first NUL: what sqlite3_value_text() means to C string code."""
    cut = s.find("\x00")
    return s if cut < 0 else s[:cut]


def char_count(s: str) -> int:
    """length(): characters before the first NUL; a lead byte 0xC0+ takes all the
    continuation bytes after it, any other byte is a character of its own."""
    s = c_string(s)
    if not has_surrogate(s):
        return len(s)
    data = text_bytes(s)
    n = i = 0
    size = len(data)
    while i < size:
        c = data[i]
        i += 1
        if c >= 0xC0:
            while i < size and data[i] & 0xC0 == 0x80:
                i += 1
        n += 1
    return n


def _skip_char(data: bytes, i: int) -> int:
    """SQLITE_SKIP_UTF8: past one character starting at ``i``."""
    c = data[i]
    i += 1
    if c >= 0xC0:
        while i < len(data) and data[i] & 0xC0 == 0x80:
            i += 1
    return i


def char_slice(s: str, start: int, count: int) -> str:
    """substr() on text: ``count`` characters after skipping ``start``, within the C
    string (both counts are non-negative)."""
    s = c_string(s)
    if not has_surrogate(s):
        return s[start:start + count]
    data = text_bytes(s)
    i = 0
    while i < len(data) and start:
        i = _skip_char(data, i)
        start -= 1
    j = i
    while j < len(data) and count:
        j = _skip_char(data, j)
        count -= 1
    return text_from_bytes(data[i:j])


def read_char(data: bytes, i: int) -> tuple[int, int]:
    """sqlite3Utf8Read: (code point, next position); malformed input reads as U+FFFD."""
    c = data[i]
    i += 1
    if c >= 0xC0:
        c = _TRANS1[c - 0xC0]
        while i < len(data) and data[i] & 0xC0 == 0x80:
            c = ((c << 6) + (data[i] & 0x3F)) & 0xFFFFFFFF
            i += 1
        if c < 0x80 or c & 0xFFFFF800 == 0xD800 or c & 0xFFFFFFFE == 0xFFFE:
            c = 0xFFFD
    return c, i


def first_char(s: str) -> int | None:
    """unicode(): the first character's code point; NULL for empty text or a leading NUL."""
    if not s or s[0] == "\x00":
        return None
    c = ord(s[0])
    if 0xD800 <= c <= 0xDFFF:                    # an escaped byte: read as SQLite reads
        return read_char(text_bytes(s), 0)[0]
    return 0xFFFD if c & 0xFFFFFFFE == 0xFFFE else c


def char_position(haystack: str, needle: str) -> int:
    """instr() on text: 1 + the characters before the first occurrence (0 if none); the
    whole values are searched, NULs included."""
    if not (has_surrogate(haystack) or has_surrogate(needle)):
        return haystack.find(needle) + 1
    data, wanted = text_bytes(haystack), text_bytes(needle)
    at = data.find(wanted)
    if at < 0:
        return 0
    n, i = 1, 0
    while i < at:                    # instr steps one byte, then over continuation bytes
        i += 1
        while i < len(data) and data[i] & 0xC0 == 0x80:
            i += 1
        n += 1
    return n


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
