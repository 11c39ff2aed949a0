"""(feature ``schema_steps``) CREATE and DROP between the steps, over tables holding rows.

The setup creates every table, index, view and trigger before the rows; users change
their schemas later, over data. With this feature, now and then before a step (case.py):

* ``CREATE [UNIQUE] INDEX [IF NOT EXISTS] iK_8N ON t(keys) [WHERE p]`` -- columns, maybe
  COLLATE or DESC, or expressions of them (``lower(c)``, ``c + 1``, ``abs(c)``,
  ``typeof(c)``), a WHERE of a column; a UNIQUE index over duplicate keys is SQLite's
  'UNIQUE constraint failed: t.c' (``index 'i'`` for an expression) and leaves nothing;
  now and then an index on a view ('views may not be indexed') or a name taken;
* ``CREATE [TEMP] TABLE [IF NOT EXISTS] t8N AS SELECT ...`` -- drawn expressions (named
  or not: the new table's columns take the names SQLite gives them, and their declared
  types the expressions' affinities, which the dumps compare through sqlite_schema) of
  one table's rows, maybe a WHERE, in an order that leaves no tie between rows that
  differ (the rowid, or every column with its storage class), so both engines number
  the new rows alike; or a VALUES list;
* ``DROP TABLE [IF EXISTS]`` of such a table, or, rarely, of a generated table (with
  foreign keys on, an implicit DELETE that may fail 'FOREIGN KEY constraint failed' and
  keep the table); ``DROP INDEX``, ``DROP TRIGGER`` and ``DROP VIEW`` of the setup's and
  the steps' objects, maybe IF EXISTS, and of the wrong kind of object ('use DROP TABLE
  to delete table t0').

Nothing is written after a PRAGMA case_sensitive_like, and case.py writes no such PRAGMA
after one of these (KNOWN_BUGS sqlite_like_schema_unloadable: a ROLLBACK of a
transaction that changed the schema makes SQLite reload it, which it then cannot). Every
choice is drawn aside (``Gen.side_rng``: the drawn expressions too, ``g.rng`` lent the
side stream), so a fixed seed writes the same cases around these statements.
"""

from __future__ import annotations

import contextlib

from .gen_expr import Ref, Scope, gen_expr, gen_predicate
from .sqltree import items, node

DDL_RATE = 0.08     # the chance of a CREATE or DROP before a step
KINDS = {"create_index": 4, "ctas": 3, "drop_made": 2, "drop_index": 2,
         "drop_trigger": 1, "drop_view": 1, "drop_table": 1, "wrong_kind": 1}
KEYS = ["{c}", "{c}", "{c} DESC", "{c} COLLATE NOCASE", "{c} COLLATE RTRIM DESC",
        "lower({c})", "{c} + 1", "abs({c})", "typeof({c})"]
WHERES = ["", "", " WHERE {c} IS NOT NULL", " WHERE {c} > 0", " WHERE typeof({c}) = 'text'"]
VALUES = ["VALUES (1, 'a'), (2.5, NULL), (X'00', 'b')", "VALUES (NULL)",
          "SELECT 1 AS k, 'x' AS v UNION ALL SELECT 2, 2.0"]


def between_steps_ddl(g) -> list:
    """The CREATE or DROP (a ``Node`` of kind ``ddl``) to run before the next step."""
    side = g.side_rng
    if not g.config.has("schema_steps") or side.random() >= DDL_RATE:
        return []
    if g.like_switched and g.config.steer("sqlite_like_schema_unloadable"):
        return []
    kinds = sorted(KINDS)
    kind = side.choices(kinds, [KINDS[k] for k in kinds])[0]
    text = globals()[f"_{kind}"](g)
    return [node(*text, kind="ddl") if isinstance(text, tuple) else node(text, kind="ddl")]


def _create_index(g) -> str:
    side, made = g.side_rng, g.made
    table = side.choice(g.schema.tables)
    number = g.schema.tables.index(table)
    name = f"i{number}_{80 + len(made['index'])}"
    made["index"].append(name)
    columns = side.sample(table.columns, min(len(table.columns), side.choice([1, 1, 2])))
    keys = ", ".join(side.choice(KEYS).format(c=c.name) for c in columns)
    where = side.choice(WHERES).format(c=side.choice(table.columns).name)
    target = table.name
    roll = side.random()
    if roll < 0.05 and g.views:
        target = side.choice(g.views)[0]
    elif roll < 0.1 and table.indexes:
        name = side.choice(table.indexes)       # taken: an error, or IF NOT EXISTS
    unique = "UNIQUE " if side.random() < 0.4 else ""
    exists = "IF NOT EXISTS " if side.random() < 0.2 else ""
    text = f"CREATE {unique}INDEX {exists}{name} ON {target}({keys}){where}"
    if g.config.has("alter"):           # gen_alter's view of what a DROP COLUMN meets
        g.schema_texts.append(text)
    return text


def _ctas(g):
    """CREATE TABLE ... AS over one table's rows in a total order, or over VALUES."""
    side, made = g.side_rng, g.made
    if made["table"] and side.random() < 0.15:
        name = side.choice(made["table"])       # taken: an error, or IF NOT EXISTS
    else:
        name = f"t{80 + len(made['table'])}"
        made["table"].append(name)
    head = f"CREATE {'TEMP ' if side.random() < 0.2 else ''}TABLE " \
           f"{'IF NOT EXISTS ' if side.random() < 0.2 else ''}{name} AS "
    if side.random() < 0.15:
        return head + side.choice(VALUES)
    with _aside(g):
        return (head,) + _ordered_select(g)


def _ordered_select(g) -> tuple:
    side = g.side_rng
    table = side.choice(g.schema.tables)
    alias = g.alias()
    scope = Scope([Ref(f"{alias}.{c.name}", c) for c in table.columns])
    if side.random() < 0.15:
        columns = items(["*"])
    else:
        columns = items([node(gen_expr(g, scope, side.choice([0, 1, 2])),
                              f" AS c{i}" if side.random() < 0.6 else "")
                         for i in range(side.randint(1, 3))])
    where = node(" WHERE ", gen_predicate(g, scope, 1), optional=True) \
        if side.random() < 0.5 else None
    if table.without_rowid:
        order = ", ".join(f"{r.text} COLLATE BINARY, typeof({r.text})" for r in scope.refs)
    else:
        order = f"{alias}.rowid"
    limit = f" LIMIT {side.choice([0, 1, 3])}" if side.random() < 0.2 else ""
    return ("SELECT ", columns, f" FROM {table.name} AS {alias}", where,
            f" ORDER BY {order}{limit}")


@contextlib.contextmanager
def _aside(g):
    """``g.rng`` is the side stream meanwhile (gen_expr draws from ``g.rng``); the alias
    counter and the statement's subquery budget are put back after."""
    rng, aliases = g.rng, g._aliases
    g.rng = g.side_rng
    g.new_statement()
    try:
        yield
    finally:
        g.rng, g._aliases = rng, aliases


def _drop_made(g) -> str:
    side, made = g.side_rng, g.made
    exists = "IF EXISTS " if side.random() < 0.3 else ""
    if made["table"] and side.random() < 0.6:
        return f"DROP TABLE {exists}{side.choice(made['table'])}"
    if made["index"]:
        return f"DROP INDEX {exists}{side.choice(made['index'])}"
    return f"DROP TABLE {exists}t89"


def _drop(g, kind: str, names: list) -> str:
    side = g.side_rng
    exists = "IF EXISTS " if side.random() < 0.3 else ""
    return f"DROP {kind} {exists}{side.choice(names)}"


def _drop_index(g) -> str:
    names = [i for t in g.schema.tables for i in t.indexes] + g.made["index"]
    return _drop(g, "INDEX", names or ["i0_89"])


def _drop_trigger(g) -> str:
    return _drop(g, "TRIGGER", ["tr0", "tr0", "tr1", "tv0"])


def _drop_view(g) -> str:
    return _drop(g, "VIEW", [v for v, _ in g.views] or ["v0"])


def _drop_table(g) -> str:
    """A generated table: with foreign keys on, an implicit DELETE first."""
    return _drop(g, "TABLE", [t.name for t in g.schema.tables])


def _wrong_kind(g) -> str:
    side = g.side_rng
    table = side.choice(g.schema.tables)
    views = [v for v, _ in g.views]
    return side.choice([f"DROP VIEW {table.name}", f"DROP INDEX {table.name}",
                        f"DROP TRIGGER {table.name}"] +
                       [f"DROP TABLE {v}" for v in views] +
                       [f"DROP INDEX {i}" for i in table.indexes[:1]] +
                       [f"DROP TABLE IF EXISTS {v}" for v in views])
