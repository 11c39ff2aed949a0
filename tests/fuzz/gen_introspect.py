"""(feature ``introspection``) The schema read back as programs read it: PRAGMAs and their
table-valued functions.

ORMs and tools learn a schema from ``PRAGMA table_info`` and its kin; what they read is
the catalog's account of every column, key and index the generators made (declared
types, defaults as written, primary-key positions, hidden generated columns, an index's
origin and partial flag, key columns' collations and directions, foreign keys' actions).
With this feature, now and then before a step (case.py), one of

* ``PRAGMA [main. | temp.]table_info(t)``, ``table_xinfo``, ``index_list``,
  ``foreign_key_list`` of a table or view, ``index_info`` / ``index_xinfo`` of an index
  (the setup's or gen_ddl's), ``foreign_key_check [(t)]``, ``integrity_check(t)``,
  ``quick_check``, ``pragma_table_list`` (each view's ``ncol`` worked out as SQLite
  works it out there), and names that are not there;
* one of them (or ``foreign_key_check``) through its function joined to
  ``sqlite_schema`` (``sqlite_temp_schema``) over every table, view or index, as
  reflection code reads a whole schema: ``SELECT s.name, p.cid, ... FROM sqlite_schema
  AS s JOIN pragma_table_info(s.name) AS p WHERE s.type IN ('table')``, sqlite_stat4
  left out (SQLite as apsw builds it makes one after ANALYZE, RowanDB has none: TESTING.md,
  "Where RowanDB differs from SQLite on purpose").

Rows are compared as a multiset (a PRAGMA's row order is compared where a test says so:
``test_pragmas*.py``). Nothing is written after PRAGMA case_sensitive_like (KNOWN_BUGS
sqlite_like_schema_unloadable: SQLite may then be unable to read its schema). Every choice
is drawn aside (``Gen.side_rng``).
"""

from __future__ import annotations

from .sqltree import node

INTROSPECTION_RATE = 0.06
TABLE_PRAGMAS = ["table_info", "table_xinfo", "index_list", "foreign_key_list"]
INDEX_PRAGMAS = ["index_info", "index_xinfo"]


def between_steps_introspection(g) -> list:
    """A query step's node reading the schema, or none."""
    side = g.side_rng
    if not g.config.has("introspection") or side.random() >= INTROSPECTION_RATE:
        return []
    if g.like_switched and g.config.steer("sqlite_like_schema_unloadable"):
        return []
    return [node(side.choice([_pragma, _whole_schema])(g), info={"flags": set()})]


def _names(g) -> tuple[list, list]:
    tables = [t.name for t in g.schema.tables] + [v for v, _ in g.views] + \
        g.made["table"] + ["nosuch"]
    indexes = [i for t in g.schema.tables for i in t.indexes] + g.made["index"] + ["nosuch"]
    return tables, indexes


def _pragma(g) -> str:
    side = g.side_rng
    tables, indexes = _names(g)
    schema = side.choice(["", "", "", "main.", "temp."])
    roll = side.random()
    if roll < 0.55:
        return f"PRAGMA {schema}{side.choice(TABLE_PRAGMAS)}({side.choice(tables)})"
    if roll < 0.8:
        return f"PRAGMA {schema}{side.choice(INDEX_PRAGMAS)}({side.choice(indexes)})"
    if roll < 0.88:
        # every table's and view's row, a view's ncol once table_list has worked it out
        # (sqlite_stat4: SQLite's after ANALYZE, which RowanDB has not)
        named = "'" + side.choice(tables).replace("'", "''") + "'"
        return ("SELECT schema, name, type, ncol, wr, strict FROM pragma_table_list"
                f"{side.choice(['', '(' + named + ')'])} WHERE name <> 'sqlite_stat4'")
    return side.choice(["PRAGMA foreign_key_check", f"PRAGMA foreign_key_check"
                        f"({side.choice(tables)})", f"PRAGMA integrity_check"
                        f"({side.choice(tables)})", "PRAGMA quick_check"])


def _whole_schema(g) -> str:
    """Every table's (or index's) rows of one pragma, joined to the schema table, as
    reflection code reads a schema; the function's argument is a column, so the names
    respelled by feature ``names`` need no string."""
    side = g.side_rng
    name = side.choice(TABLE_PRAGMAS + INDEX_PRAGMAS + ["foreign_key_check"])
    columns = {"table_info": 'p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk',
               "table_xinfo": "p.cid, p.name, p.type, p.hidden",
               "index_list": 'p.seq, p.name, p."unique", p.origin, p.partial',
               "foreign_key_list": 'p.id, p.seq, p."table", p."from", p."to", '
                                   "p.on_update, p.on_delete, p.match",
               "index_info": "p.seqno, p.cid, p.name",
               "index_xinfo": 'p.seqno, p.cid, p.name, p."desc", p.coll, p."key"',
               "foreign_key_check": 'p."table", p.rowid, p.parent, p.fkid'}[name]
    # PRAGMA temp.foreign_key_check is refused on purpose (test_pragmas; fuzz 163000139)
    temp = side.random() < 0.2 and name != "foreign_key_check"
    kinds = "'index'" if name in INDEX_PRAGMAS else side.choice(["'table'", "'table', 'view'"])
    where = side.choice(["", "", " AND p.cid > 0", " AND s.name > 't1'"]) \
        if name in ("table_info", "table_xinfo") else ""
    return (f"SELECT s.name, {columns} FROM {'sqlite_temp_schema' if temp else 'sqlite_schema'}"
            f" AS s JOIN pragma_{name}(s.name{', ' + repr('temp') if temp else ''}) AS p"
            f" WHERE s.type IN ({kinds}) AND s.name <> 'sqlite_stat4'{where}")
