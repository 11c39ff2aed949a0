"""What happens to result values on their way out of a cursor, and to the database
argument on its way into ``connect``, as in Python's sqlite3 module.

* ``detect_types``: with ``PARSE_COLNAMES`` a result column named ``"x [type]"`` is
  converted by the converter registered for ``type`` and described as ``x``; with
  ``PARSE_DECLTYPES`` a column read straight from a table column is converted by the
  converter of the first word of the column's declared type. The column name wins.
  A converter receives the value as bytes (a number as SQLite's text of it); NULL is
  never converted.
* ``text_factory``: every other TEXT value is passed, as its UTF-8 bytes, to the
  connection's ``text_factory`` unless that is ``str``.
* ``uri=True``: ``file:`` URIs with ``mode=ro|rw|rwc|memory`` (``cache=shared`` and the
  VFS parameters are refused with NotSupportedError).
"""

from __future__ import annotations

import os
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote, urlsplit

from ...errors import NotSupportedError, OperationalError, ProgrammingError
from ...planner.types.values import cast
from .sqlite3_api import PARSE_COLNAMES, PARSE_DECLTYPES, converters
from ...catalog.ascii_case import ascii_upper


def result_converters(detect_types: int, names: tuple, decltypes: tuple | None):
    """The description's column names and one converter (or None) per column; None in
    place of the list when no column has one."""
    if not detect_types:
        return names, None
    found, shown = [], []
    for position, name in enumerate(names):
        converter = None
        if detect_types & PARSE_COLNAMES and "[" in name:
            start = name.index("[")
            end = name.find("]", start)
            if end > 0:
                converter = converters.get(ascii_upper(name[start + 1:end]))
            name = name[:start - 1 if start and name[start - 1] == " " else start]
        if converter is None and detect_types & PARSE_DECLTYPES and decltypes:
            declared = decltypes[position]
            if declared:
                converter = converters.get(ascii_upper(_first_word(declared)))
        found.append(converter)
        shown.append(name)
    return tuple(shown), (found if any(c is not None for c in found) else None)


def _first_word(declared: str) -> str:
    for i, c in enumerate(declared):
        if c in " (":
            return declared[:i]
    return declared


def _as_bytes(value: Any) -> bytes:
    if type(value) is bytes:
        return value
    if type(value) is not str:
        value = cast(value, "TEXT")
    return value.encode("utf-8", "surrogateescape")


def converted(row: tuple, convert: list | None, text_factory: Callable) -> tuple:
    """``row`` with its converters (``convert``) and ``text_factory`` applied. Exceptions
    of a converter or text factory propagate, as in sqlite3: they are the program's."""
    out = list(row)
    for i, value in enumerate(out):
        if value is None:
            continue
        if convert is not None and convert[i] is not None:
            out[i] = convert[i](_as_bytes(value))
        elif type(value) is str and text_factory is not str:
            out[i] = text_factory(value.encode("utf-8", "surrogateescape"))
    return tuple(out)


_MODES = ("ro", "rw", "rwc", "memory")
_REFUSED = ("vfs", "immutable", "nolock", "psow", "modeof")


def open_target(database: Any, uri: bool) -> tuple[str, bool]:
    """(what to open, read only) for ``connect``'s ``database`` and ``uri``."""
    database = os.fspath(database)
    if not uri or not isinstance(database, str) or not database.startswith("file:"):
        return database, False
    parts = urlsplit(database)
    if parts.netloc not in ("", "localhost"):
        raise OperationalError(f"invalid uri authority: {parts.netloc}")
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    for name in _REFUSED:
        if name in params:
            raise NotSupportedError(f"the URI parameter {name} is not supported")
    if params.get("cache", "private") == "shared":
        raise NotSupportedError("shared-cache mode (cache=shared) is not supported")
    if params.get("cache", "private") != "private":
        raise OperationalError(f"no such cache mode: {params['cache']}")
    mode = params.get("mode", "rwc")
    if mode not in _MODES:
        raise OperationalError(f"no such access mode: {mode}")
    path = unquote(parts.path)
    if mode == "memory" or path in ("", ":memory:"):
        return ":memory:", mode == "ro"
    if mode in ("ro", "rw") and not os.path.exists(path):
        raise OperationalError("unable to open database file")
    if "\x00" in path:
        raise ProgrammingError("database path holds a NUL character")
    return path, mode == "ro"


__all__ = ["result_converters", "converted", "open_target"]
