"""json_each and json_tree: a JSON document's elements as rows
(https://sqlite.org/json1.html#jeach; src/json.c, the jsonEach* methods).

Both are table-valued functions (``functions/table_functions.py``) with the columns key,
value, type, atom, id, parent, fullkey, path and the hidden json and root (the
arguments). ``root`` (default ``$``) names the element to start from; json_each yields its
children -- or the element itself when it is not an array or object -- and json_tree the
element and everything under it, depth first.

The columns, as SQLite fills them: ``key`` is the array index or the member's label
(decoded), NULL at the top; ``value`` the SQL value (an array or object as JSON text);
``atom`` the same for a scalar, NULL for a container; ``id`` the byte offset in the JSONB
of the element, or of its label for an object member; ``parent`` (json_tree only) the id
of the container's row; ``fullkey`` the path of the element -- a label goes bare after
``.`` when it is an ASCII letter and letters or digits, else quoted as written -- and
``path`` that of its container (for json_each: the root). The root row of json_tree
takes its key and path from the last step of the root path as written.
"""
from __future__ import annotations

import re

from ....errors import OperationalError
from ...types.values import text_bytes, text_from_bytes
from ..table_functions import TableFunction
from .jsonb import ARRAY, OBJECT, TYPE_NAMES, children, header, looks_like_jsonb
from .path import NotFound, PathError, locate
from .sqlvalues import document, sql_text, sql_value


class JsonEach(TableFunction):
    columns = ("key", "value", "type", "atom", "id", "parent", "fullkey", "path")
    hidden = ("json", "root")
    json_columns = (1,)         # value: an array or object is JSON text (SQLite's subtype)

    def __init__(self, name: str):
        self.name = name
        self.recursive = name == "json_tree"

    def index_number(self, used: int) -> int:
        return (0, 1, 3)[used]          # jsonEachBestIndex's idxNum

    def rows(self, session, args: tuple):
        if not args or args[0] is None or (len(args) > 1 and args[1] is None):
            return []
        blob = document(args[0])
        root = sql_text(args[1]) if len(args) > 1 else "$"
        if not root.startswith("$"):
            raise _bad_path(root)
        try:
            i, label_at = locate(blob, text_bytes(root)[1:])
        except NotFound:
            return []
        except PathError:
            raise _bad_path(root) from None
        source = args[0] if isinstance(args[0], bytes) and looks_like_jsonb(args[0]) \
            else sql_text(args[0])
        hidden = (source, root if len(args) > 1 else "$")
        if self.recursive:
            key, path = _root_step(blob, root, label_at or i)
            return _tree(blob, i, label_at or i, None, key, root, path, hidden)
        return _each(blob, i, label_at or i, root, hidden)


def _each(blob, i: int, row_id: int, root: str, hidden: tuple):
    kind = blob[i] & 0x0F
    if kind not in (ARRAY, OBJECT):
        yield _row(blob, i, None, row_id, None, root, root) + hidden
        return
    for key, j, label, step in _members(blob, i):
        yield _row(blob, j, key, label if label is not None else j, None, root + step,
                   root) + hidden


def _tree(blob, i: int, row_id: int, parent, key, fullkey: str, path: str, hidden: tuple):
    """Rows of the element at ``i`` and of all it contains, depth first."""
    stack = [(i, row_id, parent, key, fullkey, path)]
    while stack:
        i, row_id, parent, key, fullkey, path = stack.pop()
        yield _row(blob, i, key, row_id, parent, fullkey, path) + hidden
        if blob[i] & 0x0F in (ARRAY, OBJECT):
            below = [(j, label if label is not None else j, row_id, k, fullkey + step, fullkey)
                     for k, j, label, step in _members(blob, i)]
            stack.extend(reversed(below))


def _members(blob, i: int):
    """(key, element offset, label offset or None, path step) of each child of the
    container at ``i``."""
    if blob[i] & 0x0F == ARRAY:
        for k, j in enumerate(children(blob, i)):
            yield k, j, None, f"[{k}]"
        return
    offsets = iter(children(blob, i))
    for label in offsets:
        value = next(offsets, None)
        if value is None:
            break
        n, size = header(blob, label)
        yield sql_value(blob, label), value, label, _label_step(bytes(blob[label + n:
                                                                          label + n + size]))


def _label_step(raw: bytes) -> str:
    text = text_from_bytes(raw)
    bare = raw[:1].isalpha() and raw.isascii() and raw.isalnum()
    return f".{text}" if bare else f'."{text}"'


def _row(blob, i: int, key, row_id: int, parent, fullkey: str, path: str) -> tuple:
    kind = blob[i] & 0x0F
    value = sql_value(blob, i)          # an array or object: JsonText, marked as JSON
    atom = None if kind in (ARRAY, OBJECT) else value
    return (key, value, TYPE_NAMES[kind], atom, row_id, parent, fullkey, path)


def _root_step(blob, root: str, row_id: int):
    """(key, path) of json_tree's first row, as SQLite reads them off the root path's
    text (jsonEachPathLength, jsonEachColumn): the path is the longest prefix ending
    before a ``.`` or ``[`` that names the container whose first child is the row's
    element, else ``$``; the key is what follows it -- the digits after ``[``, the text
    inside ``."...``" less its last character, or the text after ``.`` -- so a root that
    is not a first child gets a key made of several steps (``'x.a'``), as in SQLite."""
    n = len(root)
    while n > 1:
        n -= 1
        if root[n] in ".[":
            try:
                x, _ = locate(blob, text_bytes(root[:n])[1:])
            except (NotFound, PathError):
                continue
            if x + header(blob, x)[0] == row_id:
                break
    rest = root[n:]
    if len(root) == 1 or not rest:
        return None, root[:n]
    if rest[0] == "[":
        digits = re.match(r"[-+]?\d*", rest[1:]).group()
        return (int(digits) if digits.lstrip("+-") else 0), root[:n]
    if rest[1:2] == '"':
        return rest[2:len(rest) - 1], root[:n]
    return rest[1:], root[:n]


def _bad_path(root: str) -> OperationalError:
    return OperationalError(f"bad JSON path: '{root.replace(chr(39), chr(39) * 2)}'")


JSON_EACH, JSON_TREE = JsonEach("json_each"), JsonEach("json_tree")
