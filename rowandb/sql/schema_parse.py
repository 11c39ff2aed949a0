"""The parsed form of a schema object's stored text, parsed once and bound again and again.

A trigger's program is compiled once for each program running at the same time (a
trigger that fires itself under ``PRAGMA recursive_triggers`` needs a copy at every level,
up to SQLite's 1000: planner/exec/triggers.py), and each INSERT or UPDATE compiled binds
its table's CHECK constraints from the table's CREATE text (bind_dml.bind_constraints).
Parsing those texts again each time was two thirds of the work of a recursion that ends
in 'triggers nested too deep' (fixed-seed fuzz cases with recursive triggers ran past the
time limit: 1000 parses of the trigger's text and of its table's). The binder only reads
a parsed statement (a session's statement cache binds one ``Parsed`` again at each schema
change too), so the parse of a text is kept and shared: keyed by the text and the limits
the parser checks (the connection's, planner/types/limit_values.py), all a parse depends
on. A parse that fails is not kept.
"""

from __future__ import annotations

import functools

from .parser import Parsed, parse
from ..planner.types.limit_values import current

# schema texts kept parsed, least recently used dropped first
CACHED_TEXTS = 256


def parsed_schema_text(sql: str) -> Parsed:
    """``parse(sql)`` of a trigger's or table's stored text, once per text and limits."""
    return _parsed(sql, tuple(current().values))


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _parsed(sql: str, limits: tuple) -> Parsed:
    return parse(sql)
