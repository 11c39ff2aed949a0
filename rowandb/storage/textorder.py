"""The order of TEXT that is not valid UTF-8 in sort keys: by its bytes, as SQLite's.

The engine holds a TEXT value as a str; bytes that are not valid UTF-8 are surrogate
escapes (U+DC80..U+DCFF for the bytes 0x80..0xFF). For valid UTF-8, code-point order is
byte order, so plain str comparison is SQLite's memcmp -- but an escape orders by code
point where SQLite orders by byte (x'c3' < 'é' in SQLite, U+DCC3 > U+00E9 in Python).

``ByteOrderText`` is the key of such text: a str subclass whose comparisons use the UTF-8
bytes. Python tries a subclass's reflected comparison first, so a ByteOrderText ordered
against a plain str -- in a sort, a bisect, a tuple key, min() -- answers by bytes on
either side; equality and hashing stay str's, so it still equals (and groups with) the
plain text it stands for. Only keys hold it (``byte_ordered``); values stay plain str.
Valid text pays one ``isascii`` call per key built, or, when it is not ASCII, one strict
UTF-8 encoding (``has_escape``).

Index entries on disk keep the text itself; decoding an entry rebuilds the key with
``byte_ordered`` so that a loaded index orders as the one that was written.
"""
from __future__ import annotations


def _bytes(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


class ByteOrderText(str):
    """Text holding surrogate escapes, ordered by its UTF-8 bytes (SQLite's memcmp)."""

    __slots__ = ()

    def __lt__(self, other):
        return _bytes(self) < _bytes(other) if isinstance(other, str) else NotImplemented

    def __le__(self, other):
        return _bytes(self) <= _bytes(other) if isinstance(other, str) else NotImplemented

    def __gt__(self, other):
        return _bytes(self) > _bytes(other) if isinstance(other, str) else NotImplemented

    def __ge__(self, other):
        return _bytes(self) >= _bytes(other) if isinstance(other, str) else NotImplemented


def has_escape(s: str) -> bool:
    """Whether ``s`` holds a surrogate (in the engine: an escaped byte that is not valid
    UTF-8). Strict UTF-8 encoding is the fastest test Python has: about half the time of
    a regular-expression scan, and nothing at all for ASCII."""
    if s.isascii():
        return False
    try:
        s.encode()
    except UnicodeEncodeError:
        return True
    return False


def byte_ordered(s: str) -> str:
    """``s`` itself, or as a ByteOrderText when it holds an escape (the key to sort by)."""
    return ByteOrderText(s) if has_escape(s) else s


def byte_ordered_all(texts: list) -> list:
    """``texts`` with every one that holds an escape made a ByteOrderText (the same list
    when all are ASCII: no call per value)."""
    if all(map(str.isascii, texts)):
        return texts
    return list(map(byte_ordered, texts))
