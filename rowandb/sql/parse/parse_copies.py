"""A session statement's parse kept by its text, handed out as a copy: the texts a
program prepares again and again though its statement cache has let them go.

Why: a session's cached statement is prepared again from its text at each new schema
version, and the cache drops a DML statement's sqlglot trees once it is compiled
(``prepared.keep_compiled``) or lets the entry go when full, so the text is parsed in
full again -- the lexer's passes, sqlglot, the audit and, for DDL, SQLite's recognizer.
The corpus's index scripts repeat their DDL block by block, a schema change between any
two statements: index/delete's 600 CREATE TABLE are 5 texts, its 595 DROP TABLE 5 and
its 480 ``INSERT INTO tabN SELECT * FROM tab0`` 4, and 996 of them were parsed in full
(0.1-0.9 ms each), where a copy of the tree costs a tenth of a parse. (Its CREATE INDEX
texts are read by ``create_index.py``.)

``parse_one`` keeps here the parse of every DDL or INSERT statement it parsed whole (after
the recognizer passed a DDL text) when that parse is one tree and plain fields -- no ON
CONFLICT clause, WITH clause, view, trigger, ALTER, PRAGMA, EXPLAIN or maintenance
syntax, no parameter -- and asks here before it parses. A parse is never handed out
itself: the session's entry gets a copy (the tree deep-copied, offsets and comments
with it; a fresh ``Parameters``), since compiling an INSERT unlinks its trees; a parse
let go from here is unlinked (``tree_walk.unlink``), so that no tree of it waits for the
garbage collector (tests/test_statement_cache.py).
The key is ``parse_cache``'s: the text, the limits the parser checks, ALTER's rename
mode and the functions the running connection defines. A text that fails to parse is
never kept, so its error is raised again each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .parse_cache import statement_key
from .tree_walk import unlink

#: as many texts as the last few blocks of an index script's DDL (64 of them catch 2,198
#: of index/delete's 3,244 DDL and INSERT ... SELECT texts again, 256 catch 2,382);
#: few enough that the trees kept cost the collector little
_CACHE_SIZE = 64
_kept: OrderedDict = OrderedDict()      # statement_key -> Parsed
# every connection's parses are kept here, and connections may run in threads of their
# own: a parse is looked up, copied, kept or let go (unlinked) under this lock only
_lock = threading.Lock()


def copied(statement: str):
    """A copy of the parse kept for ``statement``, or None."""
    key = statement_key(statement)
    with _lock:
        parsed = _kept.get(key)
        if parsed is None:
            return None
        _kept.move_to_end(key)
        return _copy(parsed)


def keep(statement: str, parsed) -> None:
    """Keep a copy of ``parsed`` (``parser.parse(statement)``'s, checked) when it is one
    tree and plain fields (the module's docstring)."""
    if parsed.kind not in _KINDS or parsed.tree is None or parsed.upserts or \
            parsed.with_ is not None or parsed.nested or parsed.params.count or \
            parsed.control or parsed.inner is not None or \
            any(getattr(parsed, name) is not None for name in _SYNTAX):
        return
    key = statement_key(statement)
    copy = _copy(parsed)
    with _lock:
        if key in _kept:
            unlink(_kept.pop(key).tree)
        _kept[key] = copy
        if len(_kept) > _CACHE_SIZE:
            unlink(_kept.popitem(last=False)[1].tree)   # freed by reference counting,
                                                        # not left to the collector


# DDL and INSERT: a query's text rarely comes back after a schema change, and a query of
# the quick path is never parsed here (a full-path query's tree, select5's joins of up to
# 64 tables, would be copied for nothing); nor are most UPDATE and DELETE texts, which
# the quick path takes or which come once
_KINDS = frozenset(("ddl", "insert", "replace"))

# the fields holding syntax objects of their own, which a copy would share
_SYNTAX = ("pragma", "reindex", "view", "trigger", "alter", "maintenance")


def _copy(parsed):
    """``parsed`` with a tree and a parameter count of its own; its other fields (texts,
    numbers, lists the binder only reads) shared."""
    copy = object.__new__(type(parsed))
    copy.__dict__.update(parsed.__dict__)
    copy.tree = parsed.tree.copy()
    copy.params = type(parsed.params)(parsed.params.count, list(parsed.params.names))
    return copy
