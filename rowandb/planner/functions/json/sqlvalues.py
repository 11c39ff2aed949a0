"""SQL values in and out of JSON, as SQLite's JSON functions convert them
(https://sqlite.org/json1.html#jsonarg, "JSON arguments" and "Value arguments").

A *JSON argument* (the document of json_extract, json_set...) is JSONB when it is a BLOB
that looks like JSONB, else its text is parsed (``document``). A *value argument* (what
json_array, json_set... put into a document) becomes a JSON element (``element_of``): NULL
is null, numbers keep SQLite's text for them, TEXT is a string -- unless it carries the JSON
mark (``JsonText``: the value came straight from a JSON function, SQLite's subtype 'J'),
then it is parsed as JSON; a BLOB must be JSONB. ``sql_value`` turns an element back
into an SQL value (json_extract, ->>).

``JsonText`` is a str subclass the JSON functions return internally; the executor strips
the mark from every value except the argument of another JSON function, so it never
reaches a table or the application (see ``exec/expressions.py``).
"""
from __future__ import annotations

from ....errors import OperationalError
from ...types.values import INT64_MAX, INT64_MIN, text_bytes, text_from_bytes, to_text
from .jsonb import (
    ARRAY, FALSE, FLOAT, FLOAT5, INT, INT5, INVALID_CHAR, NULL, OBJECT, TEXT, TEXT5, TEXTJ,
    TEXTRAW, MalformedJson, header, looks_like_jsonb, node, quote_bytes, render,
    unescape_one,
)
from .parse import JsonSyntaxError, parse_text


class JsonText(str):
    """Text produced by a JSON function (SQLite's JSON subtype)."""

    __slots__ = ()


class JsonBlob(bytes):
    """JSONB that SQLite nevertheless gives the JSON subtype (jsonb_array, jsonb_object):
    only subtype() can tell."""

    __slots__ = ()


JSON_SUBTYPE = 74       # ASCII 'J', what subtype() answers for JSON values


def subtype_of(value) -> int:
    return JSON_SUBTYPE if type(value) in (JsonText, JsonBlob) else 0


def sql_text(value) -> str:
    """sqlite3_value_text() of a non-NULL value (JSON-marked text included)."""
    return str(value) if isinstance(value, str) else to_text(value)


def malformed() -> OperationalError:
    return OperationalError("malformed JSON")


_CACHE: dict = {}           # recently parsed JSON text -> its JSONB (SQLite keeps 4)
_CACHE_SIZE = 8


def parse_or_raise(text: str) -> bytes:
    """The JSONB of JSON text, or SQLite's 'malformed JSON'."""
    blob = _CACHE.get(text)
    if blob is None:
        data = text_bytes(text)
        if not data:
            raise malformed()
        try:
            blob = bytes(parse_text(data).out)
        except JsonSyntaxError:
            raise malformed() from None
        if len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[text] = blob
    return blob


def document(value) -> bytes | None:
    """The JSONB of a JSON argument; None for NULL (the function's result is NULL)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        if looks_like_jsonb(value):
            return value
        return parse_or_raise(text_from_bytes(value))   # a BLOB of JSON text is read too
    return parse_or_raise(sql_text(value))


def element_of(value) -> bytes:
    """A value argument as one JSONB element."""
    t = type(value)
    if value is None:
        return b"\x00"
    if t is int:
        return node(INT, str(value).encode())
    if t is float:
        return node(FLOAT, _real_text(value, b"9e999"))
    if t is JsonText:
        return parse_or_raise(value)
    if t is str:
        return node(TEXTRAW, text_bytes(value))
    if t is bytes or t is JsonBlob:
        if looks_like_jsonb(value):
            return value
        raise OperationalError("JSON cannot hold BLOB values")
    return element_of(to_text(value))


def _real_text(r: float, infinity: bytes) -> bytes:
    if r == float("inf"):
        return infinity
    if r == float("-inf"):
        return b"-" + infinity
    return to_text(r).encode()


def append_value(out: bytearray, value) -> None:
    """Append a value argument to JSON text being built (json_array, json_object...)."""
    t = type(value)
    if value is None:
        out += b"null"
    elif t is int:
        out += str(value).encode()
    elif t is float:
        out += _real_text(value, b"9.0e+999")
    elif t is JsonText:
        out += text_bytes(value)
    elif t is str:
        out += quote_bytes(text_bytes(value))
    elif t is bytes or t is JsonBlob:
        if not looks_like_jsonb(value):
            raise OperationalError("JSON cannot hold BLOB values")
        out += rendered(value)
    else:
        append_value(out, to_text(value))


def rendered(blob, i: int = 0) -> bytes:
    try:
        return render(blob, i)
    except MalformedJson:
        raise malformed() from None


def json_text(blob, i: int = 0) -> JsonText:
    """The element at ``i`` as JSON text, marked as JSON."""
    return JsonText(text_from_bytes(rendered(blob, i)))


def sql_value(blob, i: int, as_blob: bool = False):
    """The element at ``i`` as an SQL value: a number, text, 1/0 for true/false, NULL;
    an array or object as JSON text (JSONB when ``as_blob``)."""
    n, size = header(blob, i)
    if n == 0:
        raise malformed()
    kind = blob[i] & 0x0F
    payload = bytes(blob[i + n:i + n + size])
    if kind <= FALSE:
        if size:
            raise malformed()
        return (None, 1, 0)[kind]
    if kind in (INT, INT5):
        return _integer(payload)
    if kind in (FLOAT, FLOAT5):
        return _real(payload)
    if kind in (TEXT, TEXTRAW):
        return text_from_bytes(payload)
    if kind in (TEXTJ, TEXT5):
        return text_from_bytes(unescaped(payload))
    if kind in (ARRAY, OBJECT):
        return bytes(blob[i:i + n + size]) if as_blob else json_text(blob, i)
    raise malformed()


def _integer(payload: bytes):
    negative = payload[:1] == b"-"
    digits = payload[1:] if negative else payload
    if not digits:
        raise malformed()
    if digits[:2] in (b"0x", b"0X"):
        try:
            value = int(digits[2:], 16)
        except ValueError:
            raise malformed() from None
        if value > 0xFFFFFFFFFFFFFFFF:
            raise malformed()
        if value > INT64_MAX:
            return -float(value) if negative else float(value)
        return -value if negative else value
    if not digits.isdigit():
        raise malformed()
    value = -int(digits) if negative else int(digits)
    if INT64_MIN <= value <= INT64_MAX:
        return value
    return _real(payload)


def _real(payload: bytes) -> float:
    try:
        return float(payload)
    except ValueError:
        raise malformed() from None


def unescaped(payload: bytes) -> bytes:
    """A string payload with its escape sequences decoded (into UTF-8, as SQLite writes
    a lone surrogate too); a malformed escape is dropped."""
    if b"\\" not in payload:
        return payload
    out = bytearray()
    k, end = 0, len(payload)
    while k < end:
        c = payload[k]
        if c != 0x5C:
            out.append(c)
            k += 1
            continue
        width, code = unescape_one(payload, k, end)
        k += width
        if code == INVALID_CHAR:
            continue
        out += _utf8(code)
    return bytes(out)


def _utf8(v: int) -> bytes:
    if v <= 0x7F:
        return bytes((v,))
    if v <= 0x7FF:
        return bytes((0xC0 | (v >> 6), 0x80 | (v & 0x3F)))
    if v < 0x10000:
        return bytes((0xE0 | (v >> 12), 0x80 | ((v >> 6) & 0x3F), 0x80 | (v & 0x3F)))
    return bytes((0xF0 | (v >> 18), 0x80 | ((v >> 12) & 0x3F), 0x80 | ((v >> 6) & 0x3F),
                  0x80 | (v & 0x3F)))


__all__ = ["JsonBlob", "JsonText", "subtype_of", "NULL", "sql_text", "append_value", "document", "element_of", "json_text",
           "malformed", "parse_or_raise", "rendered", "sql_value", "unescaped"]
