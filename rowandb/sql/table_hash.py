"""The order of SQLite's hash table of each schema's tables and views, which PRAGMA
table_list lists them in and works their columns out in.

SQLite keeps a schema's tables and views (its own schema table among them, named
``sqlite_master`` / ``sqlite_temp_master``) in one hash table keyed by name (Schema's
tblHash, src/hash.c), whose element list ``catalog/trigger_hash.TriggerHash`` keeps
exactly. It fills it when it reads the schema -- its schema table first, then each
sqlite_schema row in rowid order -- inserts a table or view when a CREATE makes it
(``sqlite_sequence`` before the AUTOINCREMENT table that makes it, ``sqlite_stat4`` right
after ``sqlite_stat1``), removes it at its DROP, and builds it anew whenever it reads the
schema again (schema_reload.py: ALTER TABLE, VACUUM, a ROLLBACK of a schema change).
Measured against apsw 3.54 (tests/test_table_list.py).

RowanDB keeps, per connection and schema, the inserts and removals since SQLite last read
the schema -- the names then, in creation order (which is sqlite_schema's rowid order),
and the names each DDL made or dropped since -- and replays them into a ``TriggerHash``
only when a PRAGMA table_list asks, so a DDL statement pays a few name look-ups, not a
walk of the schema. ``sqlite_stat4``, which SQLite as apsw builds it makes at an ANALYZE
and RowanDB has not (docs/TESTING.md), is kept in the order as SQLite keeps it, so that it
moves the other names as it moves them there, and is not listed.
"""

from __future__ import annotations

from ..catalog.ascii_case import ascii_lower
from ..catalog.trigger_hash import TriggerHash
from ..planner.plan import bound as b

#: Each schema's own table: the first name its hash table holds, and the name listed
SCHEMA_TABLES = {"main": ("sqlite_master", "sqlite_schema"),
                 "temp": ("sqlite_temp_master", "sqlite_temp_schema")}
SEQUENCE, STAT1, STAT4 = "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"


class SchemaOrder:
    """One schema's element list: the changes to replay until asked (``changes``, each
    (True, key) an insert, (False, key) a removal), then the hash table itself."""

    __slots__ = ("changes", "table", "keys")

    def __init__(self, schema: str, names: list[str]):
        keys = [SCHEMA_TABLES[schema][0]]
        for name in names:
            keys += [name, STAT4] if name == STAT1 else [name]
        self.changes = [(True, key) for key in keys]
        self.table: TriggerHash | None = None
        self.keys = set(keys)

    def change(self, insert: bool, key: str) -> None:
        (self.keys.add if insert else self.keys.discard)(key)
        if self.table is None:
            self.changes.append((insert, key))
        elif insert:
            self.table.insert(key)
        else:
            self.table.remove(key)

    def walk(self) -> list[str]:
        if self.table is None:
            self.table = TriggerHash()
            for insert, key in self.changes:
                (self.table.insert if insert else self.table.remove)(key)
            self.changes = []
        return self.table.walk()


def _names(session, schema: str) -> list[str]:
    """The lower-case names of ``schema``'s tables and views in creation order."""
    rows = session.db.dictionary.schema_rows() if schema == "main" \
        else session.temp.schema_rows()
    return [ascii_lower(name) for kind, name, _, _, _ in rows if kind in ("table", "view")]


def kind_of(session, schema: str, name: str) -> str | None:
    """"table" or "view" when ``schema`` has one called ``name``, else None."""
    if schema == "main":
        dictionary = session.db.dictionary
        if dictionary.table(name) is not None:
            return "table"
        return "view" if dictionary.view(name) is not None else None
    if session.temp.table_named(name) is not None:
        return "table"
    return "view" if ascii_lower(name) in session.temp.views else None


def capture(session) -> None:
    """Before a schema changes: the lists not made yet are made from the names SQLite read
    (at the connection's start, or since: nothing changed them)."""
    orders = session.table_hashes
    for schema in ("main", "temp"):
        if schema not in orders:
            orders[schema] = SchemaOrder(schema, _names(session, schema))


def changed(session, names) -> None:
    """After a CREATE, DROP or ANALYZE: each of ``names`` (lower case, in the order SQLite
    would insert them) that a schema gained joins its list, one it lost leaves it."""
    for schema, order in session.table_hashes.items():
        for name in names:
            now, had = kind_of(session, schema, name) is not None, name in order.keys
            if now != had:
                order.change(now, name)
                if name == STAT1 and now:
                    order.change(True, STAT4)


def names_of(stmt) -> list[str]:
    """The names a DDL statement may make or drop, in the order SQLite inserts them."""
    if isinstance(stmt, b.CreateTable):
        return [SEQUENCE, ascii_lower(stmt.draft.name)]
    if isinstance(stmt, (b.CreateView, b.DropTable, b.DropView)):
        return [ascii_lower(stmt.name)]
    return []


def reread(session, main: bool = True) -> None:
    """SQLite read the temp schema again, and main's when ``main``."""
    for schema in ("main", "temp") if main else ("temp",):
        session.table_hashes[schema] = SchemaOrder(schema, _names(session, schema))


def order(session, schema: str) -> list[tuple[str, str]]:
    """(lower-case key, kind) of ``schema``'s tables and views in SQLite's hash table order,
    kind "schema" for its own table; names RowanDB has not (``sqlite_stat4``) left out."""
    capture(session)
    found = []
    for key in session.table_hashes[schema].walk():
        kind = "schema" if key == SCHEMA_TABLES[schema][0] else kind_of(session, schema, key)
        if kind is not None:
            found.append((key, kind))
    return found
