"""``CREATE TABLE [IF NOT EXISTS] t AS select`` (sqlite.org/lang_createtable.html,
"CREATE TABLE ... AS SELECT Statements"): a table with no constraints whose columns are
named and typed as SQLite names and types the columns of a FROM subquery made of the
query (sqlite3ResultSetOfSelect: ``names.table_column_names`` and
``properties.table_affinities``), filled with the query's rows in the same statement.

The declared type of each column is the one word SQLite writes for its affinity -- INT,
REAL, NUM, TEXT or nothing -- and the CREATE text stored in sqlite_schema is the one
SQLite generates for such a table (build.c, createTableStmt): names quoted when they are
not plain identifiers or are keywords, all on one line when short, else one per line.
No collation is kept: SQLite reads the table back from that text after the statement.
"""

from __future__ import annotations

import dataclasses

from ...catalog.schema import Column, Table
from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.types.values import affinity_of_type
from ..parse.lexer import SQLITE_KEYWORDS
from .names import table_column_names
from .properties import flexible_columns, table_affinities
from ...catalog.ascii_case import ascii_upper

_TYPE_WORDS = {"INTEGER": "INT", "REAL": "REAL", "NUMERIC": "NUM", "TEXT": "TEXT"}


def bind_create_table_as(binder, node, name: str) -> b.CreateTableAs:
    """The bound statement; ``name`` has been checked by bind_create_table."""
    binder.defer_codegen = True     # its code generation errors after its plan's, as a SELECT's
    query = binder.bind_query(node.args["expression"], None)
    names = table_column_names(query.names, query.table_names)
    flexible = flexible_columns(query)
    types = ["NUM" if i in flexible else _TYPE_WORDS.get(affinity, "")
             for i, affinity in enumerate(table_affinities(query))]
    columns = tuple(Column(n, t, affinity_of_type(t)) for n, t in zip(names, types))
    draft = Table(id=0, name=name, file_id=0, columns=columns,
                  sql=create_text(name, names, types))
    return b.CreateTableAs(draft=draft, if_not_exists=bool(node.args.get("exists")),
                           query=query, slot=binder.slot())


def create_text(name: str, names: list[str], types: list[str]) -> str:
    """SQLite's CREATE text of a table made by CREATE TABLE AS: one line while the names
    measure under 50 (each counted quoted, plus 5 per column), else a column per line."""
    width = sum(_quoted_length(n) + 5 for n in names) + _quoted_length(name)
    first, between, end = ("", ",", ")") if width < 50 else ("\n  ", ",\n  ", "\n)")
    items = [identifier(n) + (" " + t if t else "") for n, t in zip(names, types)]
    return f"CREATE TABLE {identifier(name)}(" + first + between.join(items) + end


def _quoted_length(name: str) -> int:
    raw = name.encode("utf-8", "surrogateescape")
    return len(raw) + raw.count(b'"') + 2


def identifier(name: str) -> str:
    """``name`` as SQLite writes it in generated SQL (identPut): bare when it is ASCII
    letters, digits and underscores, not starting with a digit and not a keyword; else in
    double quotes, a quote doubled."""
    plain = name and not name[0].isdigit() and name.isascii() and \
        all(c.isalnum() or c == "_" for c in name) and ascii_upper(name) not in SQLITE_KEYWORDS
    return name if plain else '"' + name.replace('"', '""') + '"'


def fill(draft_name: str, stmt: b.CreateTableAs, dictionary) -> b.Insert:
    """The INSERT that copies the query's rows into the table just created."""
    table = dictionary.table(draft_name)
    if table is None:                       # pragma: no cover - created just before
        raise OperationalError(f"no such table: {draft_name}")
    flexible = flexible_columns(stmt.query)
    if flexible:            # FLEXNUM for its own rows; NUMERIC once read back from its text
        table = dataclasses.replace(table, columns=tuple(
            dataclasses.replace(c, affinity="FLEXNUM") if i in flexible else c
            for i, c in enumerate(table.columns)))
    return b.Insert(table=table, columns=list(range(len(table.columns))), source=stmt.query,
                    slot=stmt.slot)
