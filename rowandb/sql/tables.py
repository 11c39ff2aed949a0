"""How statements name tables and indexes: schema prefixes, INDEXED BY / NOT INDEXED, and
functions in FROM.

Every table lives in the ``main`` schema (RowanDB has no TEMP tables and no attached
databases yet), so a table named under any other schema does not exist, with SQLite's
message. The binders of queries and of DML statements share these lookups.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ..errors import NotSupportedError, OperationalError

_TABLE_VALUED = ("json_each", "json_tree")


def table_valued_function(call, text: str) -> None:
    """A function in FROM: SQLite's own table-valued functions are not built yet; any
    other name is, to SQLite, a table that does not exist (named as written)."""
    name = call.name if isinstance(call, exp.Anonymous) else call.sql(dialect="sqlite").split("(")[0]
    written = re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    name = written.group() if written else name
    if name.lower() in _TABLE_VALUED or name.lower().startswith("pragma_"):
        raise NotSupportedError(f"table-valued functions are not supported: {name}")
    raise OperationalError(f"no such table: {name}")


def lookup_table(catalog, node: exp.Table):
    """The table a FROM item or DML target names. Every table lives in ``main``; there are
    no TEMP tables and no attached databases, so any other schema has no such table."""
    table = catalog.table(node.name)
    schema = node.db
    if table is None or (schema and schema.lower() != "main"):
        raise OperationalError(f"no such table: {schema + '.' if schema else ''}{node.name}")
    return table


def index_hint(table, node: exp.Table):
    """``INDEXED BY name`` -> that index of ``table``; ``NOT INDEXED`` -> (); else None."""
    indexed = node.args.get("indexed")
    if indexed is False:                # sqlglot's mark for NOT INDEXED
        return ()
    if indexed is None:
        return None
    index = next((ix for ix in table.indexes if ix.name.lower() == indexed.name.lower()), None)
    if index is None:
        raise OperationalError(f"no such index: {indexed.name}")
    return index
