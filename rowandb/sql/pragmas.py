"""PRAGMA statements: settings of the session and views of the dictionary.

Each pragma answers with SQLite's column names and row shapes (sqlite.org/pragma.html), so
tools written against SQLite read them unchanged. As in SQLite, an unknown pragma is not an
error: it returns nothing.

``dictionary_stats`` is RowanDB's own: how often table definitions were loaded into and
evicted from the dictionary cache, and the longest time the dictionary lock was held.
"""

from __future__ import annotations

from ..errors import OperationalError
from .storage_pragmas import STORAGE_PRAGMAS

_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"0", "off", "false", "no"}


def run_pragma(session, name: str, argument, assign: bool):
    from .session import Result
    handler = _PRAGMAS.get(name)
    if handler is None:
        return Result(None, [])
    columns, rows = handler(session, argument, assign)
    return Result(columns, rows)


def _flag(value: str) -> bool:
    lowered = str(value).strip().strip("'\"").lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return bool(int(lowered)) if lowered.lstrip("-").isdigit() else False


def _table(session, name):
    table = session.db.dictionary.table(str(name))
    if table is None:
        return None
    return table


def _table_info(session, argument, assign):
    columns = ("cid", "name", "type", "notnull", "dflt_value", "pk")
    table = _table(session, argument) if argument is not None else None
    if table is None:
        return columns, []
    return columns, [(i, c.name, c.declared_type, int(c.notnull), c.default_sql, c.pk)
                     for i, c in enumerate(table.columns)]


def _index_list(session, argument, assign):
    columns = ("seq", "name", "unique", "origin", "partial")
    table = _table(session, argument) if argument is not None else None
    if table is None:
        return columns, []
    indexes = list(reversed(table.indexes))
    return columns, [(i, ix.name, int(ix.unique), ix.origin, 0) for i, ix in enumerate(indexes)]


def _index_info(session, argument, assign):
    columns = ("seqno", "cid", "name")
    owner = session.db.dictionary.index_owner(str(argument)) if argument is not None else None
    if owner is None:
        return columns, []
    index = owner.index_named(str(argument))
    return columns, [(i, c.column, owner.columns[c.column].name) for i, c in enumerate(index.columns)]


def _foreign_key_list(session, argument, assign):
    columns = ("id", "seq", "table", "from", "to", "on_update", "on_delete", "match")
    table = _table(session, argument) if argument is not None else None
    if table is None:
        return columns, []
    rows = []
    fks = sorted(table.foreign_keys, key=lambda fk: -fk.seq)
    for fk_id, fk in enumerate(fks):
        for seq, child in enumerate(fk.child_columns):
            parent = fk.parent_columns[seq] if fk.parent_columns else None
            pos = table.column_index(child)             # SQLite shows the declared spelling
            child = table.columns[pos].name if pos is not None else child
            rows.append((fk_id, seq, fk.parent, child, parent, fk.on_update, fk.on_delete, "NONE"))
    return columns, rows


def _foreign_keys(session, argument, assign):
    if argument is not None:
        if not session.in_transaction:       # SQLite ignores it inside a transaction
            session.foreign_keys = _flag(argument)
        return ("foreign_keys",), []
    return ("foreign_keys",), [(int(session.foreign_keys),)]


def _defer_foreign_keys(session, argument, assign):
    if argument is not None:
        session.defer_foreign_keys = _flag(argument)
        return ("defer_foreign_keys",), []
    return ("defer_foreign_keys",), [(int(session.defer_foreign_keys),)]


def _foreign_key_check(session, argument, assign):
    from ..planner.exec.fkeys import foreign_key_check
    dictionary = session.db.dictionary
    if argument is not None:
        table = dictionary.table(str(argument))
        if table is None:
            raise OperationalError(f"no such table: {argument}")
        tables = [table]
    else:
        tables = [dictionary.table(n) for n in dictionary.table_names()]
    return ("table", "rowid", "parent", "fkid"), foreign_key_check(session.fkeys, tables)


def _dictionary_stats(session, argument, assign):
    stats = session.db.dictionary.stats
    return (("loads", "evictions", "longest_hold_ms", "total_hold_ms", "cached_tables"),
            [(stats.loads, stats.evictions, round(stats.longest_hold_ms, 3),
              round(stats.total_hold_ms, 3), session.db.dictionary.cached_count())])


def _schema_version(session, argument, assign):
    if argument is not None:
        raise OperationalError("schema_version is read-only in RowanDB")
    return ("schema_version",), [(session.db.dictionary.version,)]


def _integrity_check(session, argument, assign):
    from ..planner.exec.integrity import check_integrity
    problems = check_integrity(session.db.store, session.db.dictionary)
    return ("integrity_check",), [(p,) for p in problems] or [("ok",)]


def _table_list(session, argument, assign):
    """One row per table: (schema, name, type, ncol, wr, strict). SQLite lists its own
    schema tables too -- ``sqlite_schema`` in main and ``sqlite_temp_schema`` in temp --
    and finds an argument by name (``sqlite_master`` for the schema table). The order is
    RowanDB's (creation order): SQLite's is the order of its schema hash table. ``wr``
    (WITHOUT ROWID) is always 0: RowanDB refuses such tables."""
    dictionary = session.db.dictionary
    tables = [dictionary.table(n) for n in dictionary.table_names()]
    rows = [("main", t.name, "table", len(t.columns), 0, int(t.strict)) for t in tables]
    rows += [("main", "sqlite_schema", "table", 5, 0, 0), ("temp", "sqlite_temp_schema", "table", 5, 0, 0)]
    if argument is not None:
        wanted = str(argument).lower()
        wanted = {"sqlite_master": "sqlite_schema", "sqlite_schema": None,
                  "sqlite_temp_master": "sqlite_temp_schema",
                  "sqlite_temp_schema": None}.get(wanted, wanted)
        rows = [row for row in rows if row[1].lower() == wanted]
    return ("schema", "name", "type", "ncol", "wr", "strict"), rows


def _database_list(session, argument, assign):
    return ("seq", "name", "file"), [(0, "main", "")]


_PRAGMAS = {
    "table_info": _table_info, "index_list": _index_list, "index_info": _index_info,
    "foreign_key_list": _foreign_key_list, "foreign_keys": _foreign_keys,
    "defer_foreign_keys": _defer_foreign_keys, "foreign_key_check": _foreign_key_check, "dictionary_stats": _dictionary_stats,
    "schema_version": _schema_version, "integrity_check": _integrity_check,
    "quick_check": _integrity_check, "table_list": _table_list, "database_list": _database_list,
}
_PRAGMAS.update(STORAGE_PRAGMAS)     # synchronous, wal_checkpoint, ... (storage_pragmas.py)
