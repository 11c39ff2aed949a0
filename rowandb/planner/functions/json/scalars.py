"""SQLite's scalar JSON functions (https://sqlite.org/json1.html): json, jsonb,
json_array, json_object, json_quote, json_array_length, json_extract, ``->``, ``->>``,
json_insert, json_replace, json_set, json_remove, json_patch, json_type, json_valid,
json_error_position and json_pretty, with their ``jsonb_`` forms.

Every function takes already evaluated SQL values. Documents are read by
``sqlvalues.document`` (JSON text or JSONB), paths by ``path.py``; the ``json_`` forms
return text marked ``JsonText`` (SQLite's JSON subtype), the ``jsonb_`` forms a JSONB
BLOB. Errors are SQLite's: 'malformed JSON', "bad JSON path: '...'", 'JSON cannot hold
BLOB values' and each function's argument-count messages.
"""
from __future__ import annotations

from ....errors import OperationalError
from ...types.values import text_bytes, text_from_bytes
from ..convert import _ABSENT, _int
from .jsonb import (
    ARRAY, MAX_DEPTH, OBJECT, TEXT, TEXTRAW, TYPE_NAMES, MalformedJson, TooDeep, array_count, first_error,
    header, header_bytes, looks_like_jsonb, render,
)
from .parse import JsonSyntaxError, blob_of_built_text, parse_text
from .path import (
    ARRAY_INSERT, DELETE, INSERT, REPLACE, SET, NotArrayElement, NotFound, PathError, edit,
    fit, labels_equal, locate,
)
from .sqlvalues import (
    JsonBlob, JsonText, append_value, document, element_of, json_text, malformed, parse_or_raise,
    rendered, sql_text, sql_value, too_deep,
)


def bad_path(path) -> OperationalError:
    text = sql_text(path).replace("'", "''")
    return OperationalError(f"bad JSON path: '{text}'")


def _path_bytes(path) -> bytes:
    """A path argument that starts with '$', without it; else a bad path error."""
    text = sql_text(path)
    if not text.startswith("$"):
        raise bad_path(path)
    return text_bytes(text)[1:]


def _result(blob: bytes, as_blob: bool):
    """A whole document as the function's result: JSONB or JSON text."""
    return blob if as_blob else json_text(blob)


def _text_result(data: bytes, as_blob: bool, subtype: bool = False):
    """JSON text built by the function (json_array...) as its result."""
    if as_blob:
        blob = blob_of_built_text(data)
        return JsonBlob(blob) if subtype else blob
    return JsonText(text_from_bytes(data))


# -- json, jsonb, json_array, json_object, json_quote --------------------------------------
def f_json(x, as_blob=False):
    blob = document(x)
    return None if blob is None else _result(blob, as_blob)


def f_json_array(*args, as_blob=False):
    out = bytearray(b"[")
    for k, value in enumerate(args):
        if k:
            out += b","
        append_value(out, value)
    out += b"]"
    return _text_result(bytes(out), as_blob, True)


def f_json_object(*args, as_blob=False):
    if len(args) % 2:
        raise OperationalError("json_object() requires an even number of arguments")
    out = bytearray(b"{")
    for k in range(0, len(args), 2):
        label = args[k]
        if not isinstance(label, str):
            raise OperationalError("json_object() labels must be TEXT")
        if k:
            out += b","
        append_value(out, str(label))
        out += b":"
        append_value(out, args[k + 1])
    out += b"}"
    return _text_result(bytes(out), as_blob, True)


def f_json_quote(x):
    out = bytearray()
    append_value(out, x)
    return JsonText(text_from_bytes(out))


# -- reading: json_array_length, json_type, json_extract, -> and ->> -----------------------
def _find(blob, path, encode=None) -> int | None:
    """The offset of the element a '$' path names (or, read by ``encode``, another
    path), None if there is none."""
    try:
        return locate(blob, (encode or _path_bytes)(path))[0]
    except NotFound:
        return None
    except PathError:
        raise bad_path(path) from None
    except MalformedJson:
        raise malformed() from None


def _target(x, path):
    """(document, offset of the element an optional path names), or None for NULL."""
    blob = document(x)
    if blob is None:
        return None
    if path is _ABSENT:
        return blob, 0
    if path is None:
        return None
    i = _find(blob, path)
    return None if i is None else (blob, i)


def f_json_array_length(x, path=_ABSENT):
    found = _target(x, path)
    if found is None:
        return None
    blob, i = found
    return array_count(blob, i) if blob[i] & 0x0F == ARRAY else 0


def f_json_type(x, path=_ABSENT):
    found = _target(x, path)
    if found is None:
        return None
    blob, i = found
    kind = blob[i] & 0x0F
    return TYPE_NAMES[kind] if kind < len(TYPE_NAMES) else ""


def _abbreviated(path) -> bytes:
    """The '$' path an argument of -> or ->> stands for (without the '$'): an INTEGER
    is an array index (from the end when negative), text a label unless it is a path or
    ``[N]``."""
    if type(path) is int:
        return f"[{path}]".encode() if path >= 0 else f"[#{path}]".encode()
    data = text_bytes(sql_text(path))
    if data.startswith(b"$"):
        return data[1:]
    if not data:
        raise PathError
    if all(c == 0x5F or chr(c).isalnum() and c < 0x80 for c in data):
        return b"." + data
    if data.startswith(b"[") and len(data) >= 3 and data.endswith(b"]"):
        return data
    return b'."' + data + b'"'


def _extract_one(blob, path, abbreviated: bool) -> int | None:
    return _find(blob, path, _abbreviated if abbreviated else None)


def f_json_extract(*args, as_blob=False):
    if len(args) < 2:
        return None
    blob = document(args[0])
    if blob is None:
        return None
    paths = args[1:]
    if len(paths) == 1:
        if paths[0] is None:
            return None
        i = _find(blob, paths[0])
        return None if i is None else sql_value(blob, i, as_blob)
    out = bytearray(b"[")
    for k, path in enumerate(paths):
        if path is None:
            return None
        i = _find(blob, path)
        if k:
            out += b","
        out += b"null" if i is None else rendered(blob, i)
    out += b"]"
    return _text_result(bytes(out), as_blob)


def f_arrow(x, path):
    """X -> P: the element as JSON text."""
    blob = document(x)
    if blob is None or path is None:
        return None
    i = _extract_one(blob, path, True)
    return None if i is None else json_text(blob, i)


def f_arrow2(x, path):
    """X ->> P: the element as an SQL value."""
    blob = document(x)
    if blob is None or path is None:
        return None
    i = _extract_one(blob, path, True)
    if i is None:
        return None
    value = sql_value(blob, i)
    return str(value) if type(value) is JsonText else value


# -- editing: json_insert/replace/set, json_remove, json_patch -----------------------------
def _setter(mode: int, name: str):
    def f_json_edit(*args, as_blob=False):
        if not args:
            return None
        x, pairs = args[0], args[1:]
        if len(pairs) % 2:
            raise OperationalError(f"json_{name}() needs an odd number of arguments")
        blob = document(x)
        if blob is None:
            return None
        for k in range(0, len(pairs), 2):
            path = pairs[k]
            if path is None:
                continue
            steps = _path_bytes(path)
            value = element_of(pairs[k + 1])
            if not steps:
                if mode not in (INSERT, ARRAY_INSERT):
                    blob = fit(value, len(blob))
                continue
            blob = _apply(blob, steps, mode, value, path)
        return _result(blob, as_blob)
    f_json_edit.__name__ = f"f_json_{name}"
    return f_json_edit


def _apply(blob, steps: bytes, mode: int, value, path):
    try:
        return edit(blob, steps, mode, value)
    except NotFound:
        return blob
    except PathError:
        raise bad_path(path) from None
    except MalformedJson:
        raise malformed() from None
    except NotArrayElement:
        text = sql_text(path).replace("'", "''")
        raise OperationalError(f"not an array element: '{text}'") from None


f_json_insert = _setter(INSERT, "insert")
f_json_array_insert = _setter(ARRAY_INSERT, "array_insert")
f_json_replace = _setter(REPLACE, "replace")
f_json_set = _setter(SET, "set")


def f_json_remove(*args, as_blob=False):
    if not args:
        return None
    blob, paths = document(args[0]), args[1:]
    if blob is None:
        return None
    for path in paths:
        if path is None:
            return None
        steps = _path_bytes(path)
        if not steps:
            return None
        blob = _apply(blob, steps, DELETE, None, path)
    return _result(blob, as_blob)


def f_json_patch(target, patch, as_blob=False):
    t = document(target)
    if t is None:
        return None
    p = document(patch)
    if p is None:
        return None
    try:
        return _result(_patched(t, 0, len(t), p, 0), as_blob)
    except MalformedJson:
        raise malformed() from None
    except TooDeep:
        raise too_deep() from None


def _element(blob, i: int) -> bytes:
    n, size = header(blob, i)
    if n == 0:
        raise MalformedJson
    return bytes(blob[i:i + n + size])


def _members(blob, i: int) -> list[list]:
    """[label element, label payload, label is raw, value element] of an object."""
    n, size = header(blob, i)
    j, end, out = i + n, i + n + size, []
    while j < end:
        kind = blob[j] & 0x0F
        if not TEXT <= kind <= TEXTRAW:
            raise MalformedJson
        ln, lsize = header(blob, j)
        if ln == 0:
            raise MalformedJson
        value = _element(blob, j + ln + lsize)
        out.append([_element(blob, j), bytes(blob[j + ln:j + ln + lsize]),
                    kind in (TEXT, TEXTRAW), value])
        j += ln + lsize + len(value)
    return out


def _patched(target, ti: int, room: int, patch, pi: int, depth: int = 0) -> bytes:
    """The merge of the element at ``ti`` (``room`` bytes long) with the patch element at
    ``pi``: a patch that is no object overwrites the target in place (``path.fit``)."""
    merged = _merge(target, ti, patch, pi, depth)
    return merged if patch[pi] & 0x0F == OBJECT else fit(merged, room)


def _merge(target, ti: int, patch, pi: int, depth: int) -> bytes:
    """RFC 7396 MergePatch of the elements at ``ti`` and ``pi``: the new target element."""
    if patch[pi] & 0x0F != OBJECT:
        return _element(patch, pi)
    if depth > MAX_DEPTH:
        raise TooDeep
    members = _members(target, ti) if target[ti] & 0x0F == OBJECT else []
    changed = target[ti] & 0x0F != OBJECT
    for label, text, raw, value in _members(patch, pi):
        found = next((m for m in members if labels_equal(text, raw, m[1], m[2])), None)
        if found is not None:
            if value[0] & 0x0F == 0:
                members.remove(found)
            else:
                found[3] = _patched(found[3], 0, len(found[3]), value, 0, depth + 1)
            changed = True
        elif value[0] & 0x0F != 0:
            new = value if value[0] & 0x0F != OBJECT else _merge(b"\x00", 0, value, 0, depth + 1)
            members.append([label, text, raw, new])
            changed = True
    payload = b"".join(m[0] + m[3] for m in members)
    if not changed:
        return _element(target, ti)
    n, size = header(target, ti)
    if target[ti] & 0x0F == OBJECT and size == len(payload):
        return bytes(target[ti:ti + n]) + payload
    return header_bytes(OBJECT, len(payload)) + payload


# -- checking: json_valid, json_error_position ---------------------------------------------
def f_json_valid(x, flags=1):
    flags = _int(flags)
    if not 1 <= flags <= 15:
        raise OperationalError("FLAGS parameter to json_valid() must be between 1 and 15")
    if x is None:
        return None
    if isinstance(x, bytes) and looks_like_jsonb(x):
        if flags & 4:
            return 1
        if flags & 8:
            return int(first_error(x, 0, len(x), 1) == 0)
        return 0
    if not flags & 3:
        return 0
    data = text_bytes(text_from_bytes(x) if isinstance(x, bytes) else sql_text(x))
    if not data:
        return 0
    try:
        parsed = parse_text(data)
    except JsonSyntaxError:
        return 0
    return int(bool(flags & 2) or not parsed.nonstd)


def f_json_error_position(x):
    if x is None:
        return None
    if isinstance(x, bytes) and looks_like_jsonb(x):
        return first_error(x, 0, len(x), 1)
    data = text_bytes(text_from_bytes(x) if isinstance(x, bytes) else sql_text(x))
    try:
        parse_text(data) if data else _raise_at(0)
    except JsonSyntaxError as error:
        stop = data.find(b"\0")
        upto = data[:error.position] if stop < 0 else data[:min(stop, error.position)]
        return sum(1 for c in upto if c & 0xC0 != 0x80) + 1
    return 0


def _raise_at(position: int):
    raise JsonSyntaxError(position)


# -- json_pretty ---------------------------------------------------------------------------
def f_json_pretty(x, indent=None):
    blob = document(x)
    if blob is None:
        return None
    unit = b"    " if indent is None else text_bytes(sql_text(indent))
    out = bytearray()
    try:
        _pretty(blob, 0, out, unit, 0)
    except MalformedJson:
        raise malformed() from None
    except TooDeep:
        raise too_deep() from None
    return text_from_bytes(out)            # json_pretty() sets no JSON subtype


def _pretty(blob, i: int, out: bytearray, unit: bytes, level: int) -> None:
    kind = blob[i] & 0x0F
    n, size = header(blob, i)
    if n == 0:
        raise MalformedJson
    if level >= MAX_DEPTH:
        raise TooDeep
    if kind not in (ARRAY, OBJECT) or size == 0:
        out += render(blob, i)
        return
    out += b"[\n" if kind == ARRAY else b"{\n"
    j, end, first = i + n, i + n + size, True
    while j < end:
        if not first:
            out += b",\n"
        first = False
        out += unit * (level + 1)
        if kind == OBJECT:
            out += render(blob, j)
            out += b": "
            ln, lsize = header(blob, j)
            j += ln + lsize
            if j >= end:
                raise MalformedJson
        _pretty(blob, j, out, unit, level + 1)
        k, sz = header(blob, j)
        j += k + sz
    out += b"\n" + unit * level + (b"]" if kind == ARRAY else b"}")


__all__ = ["f_arrow", "f_arrow2", "f_json", "f_json_array", "f_json_array_length",
           "f_json_error_position", "f_json_extract", "f_json_insert", "f_json_object",
           "f_json_patch", "f_json_pretty", "f_json_quote", "f_json_remove", "f_json_replace",
           "f_json_set", "f_json_type", "f_json_valid", "parse_or_raise"]
