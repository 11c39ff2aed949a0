"""Triggers for the generated schema (feature ``trigger``).

Zero to two ``CREATE TRIGGER`` statements after the tables: a random timing and event
(``UPDATE OF`` a column now and then), an optional WHEN over NEW/OLD, and one or two body
statements that write another generated table (or the same one, which recursion rules
then decide) from the row's NEW/OLD values: INSERT OR IGNORE, UPDATE, DELETE, or a
``SELECT RAISE(IGNORE | ABORT, ...)`` guarded by a condition. Only references the event
has are written, so a trigger fails only the way SQLite makes it fail. A BEFORE trigger
reads no generated column of NEW (KNOWN_BUGS ``sqlite_not_null_in``), and no body writes
the parent of an ON DELETE SET NULL key or updates that of an ON UPDATE SET NULL key
(``sqlite_fk_set_null_trigger``).
A BEFORE UPDATE or DELETE trigger whose body updates or deletes its own table's rows is
made AFTER: SQLite documents the outcome of the firing statement as undefined then.

Feature ``trigger_forms`` adds steps that INSERT with ON CONFLICT clauses (gen_dml's
upserts; one clause with ``alter``, KNOWN_BUGS ``sqlite_rename_later_upserts``, and no
``SET (c) = (x)``, ``sqlite_rename_vector_set``) and
INSTEAD OF triggers on the generated views (``gen_view_triggers``: TEMP on a TEMP view,
NEW and OLD naming the view's columns), which gen_dml's view writes fire.
"""

from __future__ import annotations

import re

from .sqltree import node


def gen_triggers(g, tables: list) -> list:
    """CREATE TRIGGER statements (Nodes) over ``tables``."""
    return [_gen_trigger(g, tables, f"tr{i}") for i in range(g.rng.choice([0, 1, 1, 2]))]


def _gen_trigger(g, tables: list, name: str):
    rng = g.rng
    table = rng.choice(tables)
    event = rng.choice(["INSERT", "UPDATE", "DELETE"])
    row = {"INSERT": "new", "UPDATE": rng.choice(["new", "old"]), "DELETE": "old"}[event]
    header = event
    if event == "UPDATE" and rng.random() < 0.4:
        header += f" OF {rng.choice(table.names)}"
    when = ""
    if rng.random() < 0.4:
        when = f" WHEN {row}.{rng.choice(table.names)} IS NOT NULL"
    steps = [_step(g, tables, table, row) for _ in range(rng.choice([1, 1, 2]))]
    timing = rng.choice(["BEFORE", "AFTER"])
    if timing == "BEFORE" and row == "new" and g.config.steer("sqlite_not_null_in") and \
            _reads_generated(table, when + " ".join(steps)):
        timing = "AFTER"
    if timing == "BEFORE" and event != "INSERT" and _writes_own_rows(table, steps):
        timing = "AFTER"    # undefined in SQLite (lang_createtrigger.html, BEFORE triggers)
    return node(f"CREATE TRIGGER {name} {timing} {header} ON {table.name}{when} BEGIN ",
                " ".join(steps), " END", kind="create")


def gen_view_triggers(g) -> list:
    """Zero or one INSTEAD OF trigger on each generated view (``g.views``), noted in
    ``g.view_triggers`` for the writes of views (gen_dml)."""
    statements = []
    for name, count in g.views:
        if g.rng.random() < 0.4:
            continue
        event = g.rng.choice(["INSERT", "UPDATE", "DELETE"])
        row = {"INSERT": "new", "UPDATE": g.rng.choice(["new", "old"]), "DELETE": "old"}[event]
        columns = _ViewColumns([f"c{i}" for i in range(count)])
        header = event
        if event == "UPDATE" and g.rng.random() < 0.3:
            header += f" OF {g.rng.choice(columns.names)}"
        steps = [_step(g, g.schema.tables, columns, row) for _ in range(g.rng.choice([1, 1, 2]))]
        temp = "TEMP " if name in g.temp_views or g.rng.random() < 0.2 else ""
        statements.append(node(f"CREATE {temp}TRIGGER t{name} INSTEAD OF {header} ON {name} "
                               "BEGIN ", " ".join(steps), " END", kind="create"))
        g.view_triggers.append((name, count, event))
    return statements


class _ViewColumns:
    """What ``_step`` reads of the table a trigger is on, for a view: its column names."""

    def __init__(self, names: list):
        self.names = names


def _step(g, tables: list, table, row: str) -> str:
    rng = g.rng
    target = rng.choice(tables)
    column = rng.choice(target.writable)
    value = f"{row}.{rng.choice(table.names)}"
    kinds = ["insert", "insert", "update", "delete", "raise"]
    if g.config.has("trigger_forms"):
        kinds.append("upsert")
    kind = rng.choice(kinds)
    if target.strict and kind in ("insert", "update", "upsert") and \
            g.config.steer("sqlite_strict_journal"):
        kind = "delete"     # a datatype error here would meet SQLite's missing statement journal
    if g.config.steer("sqlite_fk_set_null_trigger"):
        # after the STRICT steer, which may have made it a delete (fuzz seeds 50000550,
        # 50000725: a DELETE from a STRICT parent)
        kind = _steer_set_null(tables, target, kind)
    if kind == "insert":
        return f"INSERT OR IGNORE INTO {target.name}({column}) VALUES ({value});"
    if kind == "upsert":
        return _upsert_step(g, target, column, value)
    if kind == "update":
        return f"UPDATE OR IGNORE {target.name} SET {column} = {value} WHERE {column} IS NOT {value};"
    if kind == "delete":
        return f"DELETE FROM {target.name} WHERE {column} = {value};"
    resolution = rng.choice(["IGNORE", "ABORT, 'stopped'"])
    return f"SELECT RAISE({resolution}) WHERE {value} = {rng.choice(['0', '1', 'NULL', chr(39) + 'a' + chr(39)])};"


def _upsert_step(g, target, column: str, value: str) -> str:
    """``INSERT INTO target(column) VALUES (value)`` with gen_dml's ON CONFLICT clauses."""
    from .gen_dml import upsert_clauses        # gen_dml reads the schema this module makes
    alter = g.config.has("alter")
    most = 1 if alter and g.config.steer("sqlite_rename_later_upserts") else 3
    g.no_vector_set = alter and g.config.steer("sqlite_rename_vector_set")
    with g.nested(no_subqueries=True):     # a table trigger is made before g.schema is
        clauses = upsert_clauses(g, target, most)
    g.no_vector_set = False
    tail = clauses.render() if clauses is not None else ""
    return f"INSERT INTO {target.name}({column}) VALUES ({value}){tail};"


def _steer_set_null(tables: list, target, kind: str) -> str:
    """The kind of a step on ``target`` that keeps off KNOWN_BUGS
    ``sqlite_fk_set_null_trigger``, whichever table the trigger is on. The parent of an ON
    DELETE SET NULL key gets no write at all: besides a DELETE, an INSERT or UPDATE of it
    becomes a REPLACE under a firing statement's OR REPLACE (which overrides a trigger
    step's own conflict clause), and a REPLACE's delete of a conflicting row codes the
    action too (fuzz seed 62000242). The parent of an ON UPDATE SET NULL key gets no
    UPDATE (an insert instead, or for a STRICT table, which gets no insert, a RAISE)."""
    if kind != "raise" and target.name in _parents(tables, "set_null_parent"):
        return "raise"
    if kind == "update" and target.name in _parents(tables, "set_null_update_parent"):
        return "raise" if target.strict else "insert"
    return kind


def _parents(tables: list, attr: str) -> set:
    """The tables named by ``attr`` (``set_null_parent``, ``set_null_update_parent``) of
    any of ``tables``."""
    return {getattr(t, attr) for t in tables} - {None}


def _writes_own_rows(table, steps: list) -> bool:
    """Whether a step updates or deletes rows of the trigger's own table: from a BEFORE
    UPDATE or DELETE trigger SQLite leaves the result of the statement undefined (seed
    60001188: SQLite's temp b-tree left with a rowid out of order, which
    ``PRAGMA integrity_check`` reports), so the generator makes such a trigger AFTER."""
    return any(step.startswith((f"UPDATE OR IGNORE {table.name} ", f"DELETE FROM {table.name} "))
               for step in steps)


def _reads_generated(table, text: str) -> bool:
    """Whether ``text`` reads a generated column of NEW (KNOWN_BUGS sqlite_not_null_in)."""
    return any(re.search(rf"\bnew\.{c.name}\b", text) for c in table.columns
               if c.generated is not None)
