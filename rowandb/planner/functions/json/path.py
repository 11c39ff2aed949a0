"""SQLite's JSON path language over JSONB blobs (https://sqlite.org/json1.html#path_arguments):
finding the element a path names, and the edits of json_set/insert/replace/remove.

A path is ``$`` followed by steps: ``.label`` (up to the next ``.`` or ``[``), ``."label"``
(any characters but ``"``; escapes in it are compared decoded), ``[N]``, ``[#-N]`` (N from
the end) and ``[#]`` (one past the end: where json_set/json_insert append). Paths are
UTF-8 bytes without the leading ``$``. Outcomes besides an offset are exceptions:
``NotFound`` (the document has no such element -- the rest of the path is then not read,
as in SQLite), ``PathError`` (SQLite's "bad JSON path") and ``jsonb.MalformedJson``.
"""
from __future__ import annotations

from .jsonb import (
    ARRAY, FALSE, INVALID_CHAR, OBJECT, TEXT, TEXT5, TEXTRAW, MalformedJson, array_count,
    end_of, header, header_bytes, node, unescape_one, utf8_char,
)


class NotFound(Exception):
    """The path names no element of the document."""


class PathError(Exception):
    """A path SQLite cannot read ("bad JSON path")."""


class NotArrayElement(Exception):
    """json_array_insert() given a path that ends at an object member."""


# The edits (SQLite's JEDIT_*): remove, replace if present, insert if absent, set either
# way, and json_array_insert's insert before an array element.
DELETE, REPLACE, INSERT, SET, ARRAY_INSERT = 1, 2, 3, 4, 5

_DIGITS = frozenset(b"0123456789")


def _label_step(path: bytes) -> tuple[bytes, bool, bytes]:
    """(label, label has no escapes, rest of path) for a path starting with '.'."""
    if path[1:2] == b'"':
        end = path.find(b'"', 2)
        if end < 0:
            raise PathError
        key = path[2:end]
        return key, b"\\" not in key, path[end + 1:]
    k = 1
    while k < len(path) and path[k] not in (0x2E, 0x5B):
        k += 1
    if k == 1:
        raise PathError
    key = path[1:k]
    return key, b"\\" not in key, path[k:]


def _index_step(blob, i: int, path: bytes) -> tuple[int | None, bytes]:
    """(index into the array at ``i``, rest of path) for a path starting with '['; the
    index is None for ``[#-N]`` past the front."""
    k = 1
    value = 0
    while k < len(path) and path[k] in _DIGITS:
        value = value * 10 + path[k] - 48
        k += 1
    if k >= 2 and path[k:k + 1] == b"]":
        return value, path[k + 1:]
    if path[1:2] != b"#":
        raise PathError
    count = array_count(blob, i)
    k = 2
    if path[2:3] == b"-" and path[3:4] and path[3] in _DIGITS:
        back = 0
        k = 3
        while k < len(path) and path[k] in _DIGITS:
            back = back * 10 + path[k] - 48
            k += 1
        if back > count:
            return None, b""            # not found: the rest is not read
        count -= back
    if path[k:k + 1] != b"]":
        raise PathError
    return count, path[k + 1:]


def _decoded(text: bytes, raw: bool) -> list[int]:
    """The code points of a label, escapes decoded unless ``raw``."""
    out, k, end = [], 0, len(text)
    while k < end:
        c = text[k]
        if c == 0x5C and not raw:
            width, c = unescape_one(text, k, end)
        elif c >= 0xC0:
            width, c = utf8_char(text, k, end)
        else:
            width = 1
        out.append(c)
        k += width
    return out


def labels_equal(a: bytes, a_raw: bool, b: bytes, b_raw: bool) -> bool:
    if a_raw and b_raw:
        return a == b
    return _decoded(a, a_raw) == _decoded(b, b_raw)


def _members(blob, i: int):
    """(label offset, value offset, value end) of each member of the object at ``i``."""
    n, size = header(blob, i)
    j, end = i + n, i + n + size
    while j < end:
        kind = blob[j] & 0x0F
        if not TEXT <= kind <= TEXTRAW:
            raise MalformedJson
        ln, lsize = header(blob, j)
        if ln == 0 or j + ln + lsize >= end:
            raise MalformedJson
        v = j + ln + lsize
        if blob[v] & 0x0F > OBJECT:
            raise MalformedJson
        vn, vsize = header(blob, v)
        if vn == 0 or v + vn + vsize > end:
            raise MalformedJson
        yield j, v, v + vn + vsize
        j = v + vn + vsize


def _elements(blob, i: int):
    """(offset, end) of each element of the array at ``i``."""
    n, size = header(blob, i)
    j, end = i + n, i + n + size
    while j < end:
        k, sz = header(blob, j)
        if k == 0:
            raise MalformedJson
        yield j, j + k + sz
        j += k + sz
    if j > end:
        raise MalformedJson


def _find_label(blob, i: int, key: bytes, raw: bool):
    """(label offset, value offset, value end) of the first member labelled ``key``."""
    for label, value, end in _members(blob, i):
        ln, lsize = header(blob, label)
        kind = blob[label] & 0x0F
        text = blob[label + ln:label + ln + lsize]
        if labels_equal(key, raw, bytes(text), kind in (TEXT, TEXTRAW)):
            return label, value, end
    return None


def locate(blob, path: bytes, i: int = 0) -> tuple[int, int]:
    """(offset of the element ``path`` names, offset of its label or 0)."""
    label_at = 0
    while path:
        if path[0] == 0x2E:
            key, raw, path = _label_step(path)
            if blob[i] & 0x0F != OBJECT:
                raise NotFound
            found = _find_label(blob, i, key, raw)
            if found is None:
                raise NotFound
            label_at, i = found[0], found[1]
        elif path[0] == 0x5B:
            if blob[i] & 0x0F != ARRAY:
                raise NotFound
            index, path = _index_step(blob, i, path)
            if index is None:
                raise NotFound
            for j, _end in _elements(blob, i):
                if index == 0:
                    break
                index -= 1
            else:
                raise NotFound
            i, label_at = j, 0
        else:
            raise PathError
    return i, label_at


_UNCHANGED = object()
_REMOVED = object()


def edit(blob: bytes, path: bytes, mode: int, value: bytes | None) -> bytes:
    """``blob`` with the element at ``path`` removed, replaced or inserted (``mode``);
    NotFound when the edit does not apply."""
    new = _edit(blob, 0, path, mode, value)
    if new is _UNCHANGED:
        return blob
    return new


def _edit(blob, i: int, path: bytes, mode: int, value):
    """The new bytes of the element at ``i`` after the edit, _UNCHANGED, or _REMOVED."""
    if not path:
        if mode == DELETE:
            return _REMOVED
        if mode in (INSERT, ARRAY_INSERT):
            return _UNCHANGED
        return fit(value, end_of(blob, i) - i)
    if path[0] == 0x2E:
        key, raw, rest = _label_step(path)
        if blob[i] & 0x0F != OBJECT:
            raise NotFound
        if mode == ARRAY_INSERT and not rest:
            raise NotArrayElement
        found = _find_label(blob, i, key, raw)
        if found is not None:
            label, v, end = found
            new = _edit(blob, v, rest, mode, value)
            if new is _UNCHANGED:
                return new
            if new is _REMOVED:
                return _splice(blob, i, label, end, b"")
            return _splice(blob, i, v, end, new)
        if mode < INSERT:
            raise NotFound
        sub = _substructure(rest, mode, value)
        member = node(TEXTRAW if raw else TEXT5, key) + sub
        return _append(blob, i, member)
    if path[0] == 0x5B:
        if blob[i] & 0x0F != ARRAY:
            raise NotFound
        index, rest = _index_step(blob, i, path)
        if index is None:
            raise NotFound
        for j, end in _elements(blob, i):
            if index == 0:
                if mode == ARRAY_INSERT and not rest:
                    return _splice(blob, i, j, j, value)
                new = _edit(blob, j, rest, mode, value)
                if new is _UNCHANGED:
                    return new
                return _splice(blob, i, j, end, b"" if new is _REMOVED else new)
            index -= 1
        if index > 0 or mode < INSERT:
            raise NotFound
        return _append(blob, i, _substructure(rest, mode, value))
    raise PathError


def _substructure(rest: bytes, mode: int, value: bytes) -> bytes:
    """What json_set/json_insert put where the path leaves the document: the value, or
    the objects and arrays the rest of the path needs around it."""
    if not rest:
        return value
    empty = bytes((OBJECT,)) if rest[0] == 0x2E else bytes((ARRAY,))
    new = _edit(empty, 0, rest, mode, value)
    return empty if new is _UNCHANGED else new


def fit(value: bytes, room: int) -> bytes:
    """``value`` to overwrite an element of ``room`` bytes: when it is shorter, SQLite
    widens its header to fill the room where a header of that width exists, rather than
    move what follows (NULL, true and false have one-byte headers only)."""
    extra = room - len(value)
    if extra <= 0 or value[0] & 0x0F <= FALSE:
        return value
    n, size = header(value, 0)
    width = n + extra
    if width not in (2, 3, 5, 9) or size >= 1 << (8 * (width - 1)):
        return value
    sizes = {2: 0xC0, 3: 0xD0, 5: 0xE0, 9: 0xF0}
    return bytes((value[0] & 0x0F | sizes[width],)) + size.to_bytes(width - 1, "big") + value[n:]


def _splice(blob, i: int, start: int, end: int, replacement: bytes) -> bytes:
    """The container at ``i`` with ``blob[start:end]`` replaced."""
    n, size = header(blob, i)
    payload = bytes(blob[i + n:start]) + replacement + bytes(blob[end:i + n + size])
    if len(payload) == size:
        return bytes(blob[i:i + n]) + payload          # the header stays as it was
    return header_bytes(blob[i] & 0x0F, len(payload)) + payload


def _append(blob, i: int, member: bytes) -> bytes:
    n, size = header(blob, i)
    return _splice(blob, i, i + n + size, i + n + size, member)


__all__ = ["ARRAY_INSERT", "DELETE", "INSERT", "NotArrayElement", "fit", "INVALID_CHAR", "NotFound", "PathError", "REPLACE", "SET",
           "edit", "labels_equal", "locate"]
