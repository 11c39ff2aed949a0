"""A full scan of a covering index that never reads the table: rows made from the entries.

``optimizer/covering_scan.py`` reads a table through a narrower index holding every
column the query reads, as SQLite does, so that rows come in SQLite's order. Fetching each
row by its rowid in index order touches the table at random, several times slower than the
table scan it replaces; SQLite reads the index alone (OP_Column on the index cursor). So
does this operator, where an entry gives the values back exactly: an index entry is
``(key..., rowid)`` with each key ``values.sort_key(value, collation)``, which under
BINARY is ``(0,)`` for NULL and ``(class, value)`` with the value itself otherwise. The
record it builds holds those values at their columns' positions (the INTEGER PRIMARY KEY
gets the rowid) and None elsewhere: columns the query, being covered, never reads.

Used only when every key is a plain column under BINARY, ascending, and the table has a
rowid and no generated column (whose value the record would have to compute); any other
covering scan reads the rows (``execute.NodeCompiler._indexscan``).
"""

from __future__ import annotations

from ..plan import logical as L
from ...storage.textorder import ByteOrderText
from .code_cache import compiled

_EXPRESSION = -2


def index_only_scan(n: L.IndexScan, store, state, slot: int):
    """``run(env)`` reading only ``n``'s index, or None when its entries cannot give the
    row's values back."""
    if not _eligible(n):
        return None
    index_file_id = n.index.file_id
    namespace = {"store": store, "state": state, "slot": slot, "file": index_file_id,
                 "BOT": ByteOrderText}
    source = _SCAN.format(record=_record(n.table, n.index))
    exec(compiled(source, "<index-only scan>"), namespace)    # noqa: S102
    return namespace.pop("scan")    # its globals must not hold it: a cycle per statement


# written once per statement, the record built inline: no call per row; compiled once
# per index shape (``code_cache``)
_SCAN = """
def scan(env):
    progress = state.progress
    for e in store.index(file).walk(None, None):
        if progress.armed:
            progress.tick()
        env[slot] = {record}
        env[slot + 1] = e[-1]
        yield None
"""


def _eligible(n: L.IndexScan) -> bool:
    table, index = n.table, n.index
    return (n.replaces is not None and n.covering and not n.equal and not n.low
            and not n.high and n.direction >= 0 and not n.nulls_moved and not table.without_rowid
            and not any(c.is_generated for c in table.columns)
            and all(c.column != _EXPRESSION and c.collation == "BINARY" and not c.desc
                    for c in index.columns))


def _record(table, index) -> str:
    """The expression of an entry ``e`` giving the record (a NULL key is ``(0,)``, any
    other ``(class, value)`` with a class above 0; the key of text that is not valid
    UTF-8 holds it as a ``ByteOrderText``, made plain text again)."""
    parts = ["None"] * len(table.columns)
    for position, key in enumerate(index.columns):
        parts[key.column] = \
            f"((v if type(v := e[{position}][1]) is not BOT else str(v)) if e[{position}][0] else None)"
    if table.rowid_alias is not None:
        parts[table.rowid_alias] = "e[-1]"
    return f"({', '.join(parts)},)"
