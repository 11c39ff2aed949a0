"""The parses of schema texts read again and again, kept: a table's CREATE text (its
CHECK constraints, bound for every INSERT and UPDATE of it), its generated columns'
expressions, a trigger's CREATE text (compiled again for each firing a running copy of
its program cannot serve: a trigger that fires itself, fuzz 103100002) and a view's.

A parse is keyed by its text, by the limits the parser checks (the connection's,
planner/types/limit_values.py: a text parsed under a higher limit must fail again under a
lower one), by ALTER TABLE's rename mode, whose parse keeps ``x AND
0`` (folds.renaming; fuzz seed 73500516: a parse made before was read by a RENAME
COLUMN), and by the functions the running connection defines, which decide how the
parser reads a call (``registry.is_known_function``). The binder reads a parse without
changing it (what it marks on a node it marks again at each binding), so one parse
serves every binding of the text. The session's own parse of a CREATE VIEW is kept as
the parse of the text the catalog keeps when the two texts are the same
(``keep_statement``), so a view is parsed once, not again at its first reference.
"""

from __future__ import annotations

from collections import OrderedDict

from ...planner.functions.user import active
from ...planner.types.limit_values import current
from .folds import in_rename_mode

_CACHE_SIZE = 256
_parsed: OrderedDict = OrderedDict()         # key (``_key``) -> parse


def cached_parse(sql: str, parse=None):
    """The ``parser.Parsed`` of ``sql`` (one statement), parsed once (by ``parse``, else
    ``parser.parse``) and kept among the last ``_CACHE_SIZE`` texts asked for."""
    if parse is None:
        from .parser import parse               # parser imports this module's users
    return _kept(("statement", sql), parse)


def cached_written(text: str):
    """The expression ``parser.parse_written`` makes of ``text`` (a generated column's,
    kept as written), parsed once."""
    from .parser import parse_written           # parser imports this module's users
    return _kept(("written", text), parse_written)


def keep_statement(sql: str, parsed) -> None:
    """Keep ``parsed``, which ``parser.parse(sql)`` has just made, as ``cached_parse(sql)``
    would (the session's parse of a CREATE VIEW whose text is the one the catalog keeps:
    the view's first reference reads it without parsing it again)."""
    _parsed[_key(("statement", sql))] = parsed
    if len(_parsed) > _CACHE_SIZE:
        _parsed.popitem(last=False)


def statement_key(sql: str) -> tuple:
    """The key a parse of statement ``sql`` is kept by (``parse_copies`` keeps the
    session's statements' parses by it)."""
    return _key(("session", sql))


def _key(what: tuple) -> tuple:
    layer = active()
    return what + (tuple(current().values), in_rename_mode(),
                   (layer, layer.version) if layer and layer.version else None)


def _kept(what: tuple, parse):
    key = _key(what)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = parse(what[1])
        _parsed[key] = parsed
        if len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(key)
    return parsed
