"""ALTER TABLE statements for the generated schema (feature ``alter``).

After the setup's rows are in (so every table has its indexes, triggers, views, foreign
keys and usually rows), and now and then between later steps, ``gen_alter`` writes one of

* ``RENAME TO`` a new name (or one taken, in another case, or by a view: SQLite's errors),
  which rewrites the indexes, triggers, views and foreign keys that name the table;
* ``RENAME [COLUMN] a TO b`` (or to a name the table has, or of a column it lacks), which
  rewrites every schema text naming the column;
* ``ADD [COLUMN]`` with DEFAULT, NOT NULL + DEFAULT, CHECK (tested against the rows there
  are), REFERENCES, COLLATE, a generated VIRTUAL column -- and the ones SQLite refuses:
  PRIMARY KEY, UNIQUE, STORED, NOT NULL without a default, a non-constant DEFAULT on a
  non-empty table, REFERENCES with a non-NULL default;
* ``DROP [COLUMN]``, of any column: an indexed one, one in a CHECK, a view, a trigger, a
  foreign key, a generated column's expression, a key, the last one -- SQLite's errors.

With feature ``alter_forms`` also SQLite 3.54's ALTER [COLUMN] SET / DROP NOT NULL, ADD
[CONSTRAINT nm] CHECK and DROP CONSTRAINT (gen_alter_forms.py).

The runner then compares the tables and, with this feature, every schema text
(``SELECT type, name, tbl_name, sql FROM sqlite_schema``), so a rename that rewrites a
trigger or view differently shows; queries and DML after it read the new names.

Every choice comes from ``g.side_rng``, so a seed writes the same case as before when the
feature is off. The generator updates ``g.schema`` (table and column names, added and
dropped columns) for the statements it expects to succeed; a wrong guess only makes later
statements fail alike on both engines. No added key has an ON DELETE / ON UPDATE action
that sets NULL or a default (KNOWN_BUGS ``sqlite_fk_set_null_trigger`` is steered by what
the setup wrote), a STRICT table's generated columns are declared ANY
(``sqlite_strict_generated``), and no WITHOUT ROWID table's INTEGER key column in a UNIQUE
constraint is renamed (``sqlite_rename_wr_integer_key``), no table is renamed to the name of a table of the
other schema (TEMP or main: ``sqlite_rename_temp_shadow``), and after PRAGMA
case_sensitive_like no table is renamed, no column added and none dropped
(``sqlite_like_schema_unloadable``).
"""

from __future__ import annotations

import re

from .gen_alter_forms import KINDS as FORM_KINDS, gen_alter_form
from .gen_schema import STRICT_TYPES, TYPE_NAMES, Column, _default_literal, draw_value
from .sqltree import node

KINDS = {"rename_table": 2, "rename_column": 4, "add_column": 5, "drop_column": 4,
         "not_a_table": 1}
# after PRAGMA case_sensitive_like SQLite may be left unable to load its schema by these
# (KNOWN_BUGS ``sqlite_like_schema_unloadable``): none is written then
UNLOADABLE = ("rename_table", "add_column", "drop_column") + tuple(FORM_KINDS)
NEW_TABLE_NAMES = ["t3", "t4", "t5", "t6", "t7"]
NEW_COLUMN_NAMES = ["c5", "c6", "c7", "c8", "c9", "d0"]
ADD_CHECKS = ["{c} IS NULL OR {c} >= 0", "{c} <> 'b'", "length({c}) < 4", "{c} IS NOT {o}",
              "typeof({c}) <> 'blob'", "coalesce({c}, {o}, 0) < 1000"]
ADD_GENERATED = ["{o} + 1", "lower({o})", "{o} || 'x'", "typeof({o})", "coalesce({o}, 0)",
                 "CASE WHEN {o} > 0 THEN {o} ELSE -1 END", "{o} = {p}", "abs({o})",
                 "substr({o}, 2)", "{o} COLLATE NOCASE", "length({o})"]
# ADD COLUMN forms SQLite refuses whatever the table holds (the last two: when it has rows)
# (deterministic: on an empty table SQLite takes a non-constant DEFAULT, fuzz seed 73100213)
REFUSED = ["PRIMARY KEY", "UNIQUE", "AS (1) STORED", "NOT NULL", "INTEGER PRIMARY KEY",
           "DEFAULT (abs(-1))", "DEFAULT (1 + 1)", "REFERENCES t0 DEFAULT 1"]


class _Side:
    """``draw_value`` reads ``g.rng``; this lends it the side stream instead."""

    def __init__(self, g):
        self.rng = self.side_rng = g.side_rng
        self.config = g.config      # draw_value asks for feature unicode_text


def gen_alter(g):
    """One ALTER TABLE statement (a Node of kind ``alter``). ``g.schema_texts`` are the
    setup's CREATE TABLE/INDEX/TRIGGER/VIEW texts, kept up to date with the renames, which
    tell a DROP COLUMN that SQLite would refuse from one it takes."""
    side, texts = g.side_rng, g.schema_texts
    table = side.choice(g.schema.tables)
    weights = dict(KINDS, **FORM_KINDS) if g.config.has("alter_forms") else KINDS
    kinds = sorted(k for k in weights if not g.like_switched or k not in UNLOADABLE)
    kind = side.choices(kinds, [weights[k] for k in kinds])[0]
    if kind == "not_a_table":
        target = side.choice([name for name, _ in g.views] + ["nosuch"])
        return _alter(f"ALTER TABLE {target} " + side.choice(
            ["ADD COLUMN c9", "RENAME TO t9", "DROP COLUMN c0", "RENAME c0 TO c9"]))
    head = f"ALTER TABLE {_qualified(g, table)} "
    if kind in FORM_KINDS:          # feature alter_forms (gen_alter_forms.py)
        return _alter(head + gen_alter_form(g, table, kind))
    text = {"rename_table": _rename_table, "rename_column": _rename_column,
            "add_column": _add_column, "drop_column": _drop_column}[kind](g, table, texts)
    return _alter(head + text)


def _alter(text: str):
    return node(text, kind="alter")


def _qualified(g, table) -> str:
    """The table's name, now and then with its schema (``temp.`` for a TEMP table)."""
    if g.side_rng.random() < 0.2:
        return ("temp." if table.temp else "main.") + table.name
    return table.name


def _taken(g) -> set:
    return {t.name.lower() for t in g.schema.tables} | {v.lower() for v, _ in g.views}


def _other_schema(g, table) -> set:
    """The names of the tables of the other schema than ``table``'s (TEMP or main)."""
    return {t.name.lower() for t in g.schema.tables if t.temp != table.temp}


def _rename_table(g, table, texts) -> str:
    side = g.side_rng
    free = [n for n in NEW_TABLE_NAMES if n not in _taken(g)]
    if side.random() < 0.15 or not free:         # taken: SQLite's error, nothing changes
        taken = sorted(_taken(g))
        if g.config.steer("sqlite_rename_temp_shadow"):     # the other schema's: SQLite
            taken = sorted(n for n in taken if n not in _other_schema(g, table))  # takes it
        name = side.choice(taken + [table.name.upper()])
        # a name only the other schema has is no error: the tables then share a name
        g.shadowed |= name.lower() not in {t.name.lower() for t in g.schema.tables
                                           if t.temp == table.temp}
        return f"RENAME TO {name}"
    name = side.choice(free)
    old = table.name
    for other in g.schema.tables:
        for attr in ("set_null_parent", "set_null_update_parent"):
            if getattr(other, attr) == old:
                setattr(other, attr, name)
    table.name = name
    texts[:] = [re.sub(rf"\b{old}\b", name, t) for t in texts]
    return f"RENAME TO {name}"


def _rename_column(g, table, texts) -> str:
    side = g.side_rng
    columns = table.columns
    if table.without_rowid and g.config.steer("sqlite_rename_wr_integer_key"):
        columns = [c for c in columns if not _integer_key_in_unique(table, c)]
        if not columns:
            return _add_column(g, table, texts)
    column = side.choice(columns)
    word = side.choice(["RENAME COLUMN", "RENAME"])
    roll = side.random()
    if roll < 0.1:                                  # a name the table has: error
        return f"{word} {column.name} TO {side.choice(table.names).upper()}"
    if roll < 0.15:                                 # no such column: error
        return f"{word} {side.choice(['nosuch', 'rowid'])} TO c9"
    others = {n for t in g.schema.tables for n in t.names} - set(table.names)
    free = [n for n in NEW_COLUMN_NAMES if n not in table.names]
    pool = sorted(others) if others and roll < 0.4 else free  # another table's: NATURAL JOINs
    new, old = side.choice(pool), column.name
    _rename(table, old, new)
    own = re.compile(rf"\b{table.name}\b")
    texts[:] = [re.sub(rf"\b{old}\b", new, t) if own.search(t) else t for t in texts]
    return f"{word} {old} TO {new}"


def _integer_key_in_unique(table, column) -> bool:
    """A WITHOUT ROWID table's PRIMARY KEY column declared INTEGER that a UNIQUE
    constraint names too: SQLite fails to rename it (KNOWN_BUGS
    ``sqlite_rename_wr_integer_key``)."""
    return column.decl.upper() == "INTEGER" and column.name in table.primary_key and \
        any(column.name in key for key in table.unique)


def _rename(table, old: str, new: str) -> None:
    """The model of ``table`` after its column ``old`` became ``new``."""
    table.column(old).name = new
    if table.ipk == old:
        table.ipk = new
    table.primary_key = tuple(new if n == old else n for n in table.primary_key)
    table.unique = [tuple(new if n == old else n for n in key) for key in table.unique]
    table.constraints = [(n, re.sub(rf"\b{old}\b", new, check)) for n, check in table.constraints]


def _add_column(g, table, texts) -> str:
    side = g.side_rng
    name = side.choice([n for n in NEW_COLUMN_NAMES if n not in table.names] or ["d9"])
    word = side.choice(["ADD COLUMN", "ADD"])
    if side.random() < 0.15:                        # refused: nothing changes
        return f"{word} {name} {side.choice(REFUSED)}"
    decl = side.choice(STRICT_TYPES if table.strict else sorted(TYPE_NAMES))
    column = Column(name, decl)
    parts = [f"{name} {decl}".rstrip()]
    others = table.names
    shape = side.choice(["plain", "default", "notnull", "check", "references", "collate",
                         "generated", "generated"])
    if shape == "generated" and table.strict and g.config.steer("sqlite_strict_generated"):
        column.decl, parts = "ANY", [f"{name} ANY"]
    if shape in ("default", "notnull"):
        column.has_default, column.default = True, draw_value(_Side(g))
        if shape == "notnull":
            column.notnull = True
            parts.append("NOT NULL")
        parts.append(f"DEFAULT {_default_literal(column.default)}")
    elif shape == "check":
        column.check = side.choice(ADD_CHECKS).format(c=name, o=side.choice(others))
        parts.append(f"CHECK ({column.check})")
    elif shape == "references":
        parents = [t for t in g.schema.tables if t.keys() and t.temp == table.temp]
        if parents:
            parent = side.choice(parents)
            key = side.choice([k for k in parent.keys() if len(k) == 1] or [None])
            parts.append(f"REFERENCES {parent.name}" + (f"({key[0]})" if key else ""))
            parts.append(side.choice(["", "ON DELETE CASCADE", "ON UPDATE RESTRICT",
                                      "DEFAULT NULL", "DEFAULT 1"]))
    elif shape == "collate":
        column.collation = side.choice(["NOCASE", "RTRIM", "BINARY"])
        parts.append(f"COLLATE {column.collation}")
    elif shape == "generated":
        expression = side.choice(ADD_GENERATED).format(o=side.choice(others),
                                                       p=side.choice(others))
        column.generated = f"AS ({expression}) VIRTUAL"
        parts.append(side.choice([f"AS ({expression})", f"GENERATED ALWAYS AS ({expression})",
                                  column.generated]))
        if side.random() < 0.2:
            column.notnull = True
            parts.append("NOT NULL")
    table.columns.append(column)
    return f"{word} " + " ".join(p for p in parts if p)


def _drop_column(g, table, texts) -> str:
    side = g.side_rng
    column = side.choice(table.columns)
    word = side.choice(["DROP COLUMN", "DROP"])
    if _droppable(table, column.name, texts):
        table.columns.remove(column)
    return f"{word} {column.name}"


def _droppable(table, name: str, texts: list) -> bool:
    """Whether SQLite will likely drop column ``name`` of ``table``: not a key, not the
    last column, and named by no other schema text about the table (an index on it, a
    trigger or view reading the table, the table's own CHECKs, keys and generated
    columns) -- a guess: column names repeat across tables."""
    if len(table.columns) < 2 or any(name in key for key in table.keys()):
        return False
    word = re.compile(rf"\b{name}\b", re.IGNORECASE)
    own = re.compile(rf"\b{table.name}\b")
    for text in texts:
        if not own.search(text):
            continue
        if text.startswith(("CREATE TABLE", "CREATE TEMP TABLE")) and \
                text.split("(")[0].split()[-1] == table.name:
            if len(word.findall(text)) > 1:     # its definition and something else
                return False
        elif word.search(text):
            return False
    return not any(word.search(c.generated or "") or word.search(c.check or "")
                   for c in table.columns if c.name != name) and \
        not any(word.search(check) for _, check in table.constraints)
