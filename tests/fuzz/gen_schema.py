"""Random schemas and the rows that fill them.

A schema is two or three tables ``t0``, ``t1``, ``t2`` with columns ``c0``... Column names
repeat across tables on purpose, so NATURAL JOIN and USING have columns to join on.
Columns draw declared types from ``TYPE_NAMES``, which covers every affinity SQLite
derives from a type name (including the odd ones: ``FLOATING POINT`` is INTEGER,
``STRING`` is NUMERIC, no type at all is BLOB), and constraints from PRIMARY KEY (the
INTEGER PRIMARY KEY rowid alias, other column types, composite), UNIQUE (column and
table level, multi-column), NOT NULL (with and without DEFAULT), CHECK, DEFAULT, COLLATE
NOCASE/RTRIM/BINARY and REFERENCES to an earlier table's key. Indexes are single- and
multi-column, UNIQUE or not, with COLLATE and DESC.

Values come from small pools (``draw_value``) so that equal values — and values that compare
equal across storage classes, 1 and 1.0 — meet often: edge integers, reals with
infinities, numeric-looking text that affinity converts (or not), text that differs only
in case or trailing spaces, blobs, NULL. Blobs are valid UTF-8: CAST to TEXT of an
invalid one is text SQLite itself cannot hand to Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import gen_text
from .sqltree import Node, items, literal, node
from .gen_index_kinds import index_key, index_where
from .gen_trigger import gen_triggers

EDGE_INTS = [0, 1, -1, 2, 3, 7, 10, -10, 100, 255, 256, 2 ** 31 - 1, 2 ** 31, -2 ** 31,
             2 ** 53, 2 ** 53 + 1, 2 ** 62, 2 ** 63 - 1, -2 ** 63, -2 ** 63 + 1]
REALS = [0.0, -0.0, 0.5, 1.0, -1.0, 1.5, 2.0, 2.5, -2.5, 3.75, 1e-7, 100.0, 1e15, 1e20,
         -1e20, 2.0 ** 53, 2.0 ** 63, -2.0 ** 63, 9.2233720368547748e18, 1.7976931348623157e308,
         float("inf"), float("-inf"), 0.1, 1 / 3]
NUMERIC_TEXT = ["0", "1", "2", "-1", "1.0", "1.5", " 1", "1 ", "+1", "01", "1e2", "1e3x",
                "0x10", "12abc", ".5", "5.", "-0", "-0.0", "9223372036854775807",
                "9223372036854775808", "-9223372036854775809", "1e999", "2.5e-3", "  -3  "]
PLAIN_TEXT = ["", "a", "A", "b", "B", "ab", "Ab", "aB", "a ", "a  ", " a", "%", "_", "a%",
              "a_b", "é", "É", "x'y", "abc", "ABC", "[a]", "*", "?", "\t"]
BLOBS = [b"", b"\x00", b"1", b"a", b"A", b"ab", b"\xc3\xa9", b"\x00\x01", b"12"]


def draw_value(g):
    """One value of any storage class, NULL included, weighted towards collisions.
"""
    rng = g.rng
    roll = rng.random()
    if gen_text.wanted(g):      # non-ASCII text (feature unicode_text)
        return gen_text.draw(g)
    if roll < 0.12:
        return None
    if roll < 0.42:
        return rng.choice(EDGE_INTS) if rng.random() < 0.5 else rng.randint(-3, 5)
    if roll < 0.58:
        return rng.choice(REALS)
    if roll < 0.72:
        return rng.choice(NUMERIC_TEXT)
    if roll < 0.92:
        return rng.choice(PLAIN_TEXT)
    if roll < 0.925:
        return "a\x00b"
    return rng.choice(BLOBS)


def small_value(rng):
    """A value from a narrow pool: keys that collide, for UNIQUE and PRIMARY KEY columns."""
    return rng.choice([None, 0, 1, 2, 3, 1.0, 2.5, "1", "a", "A", "b", "a ", b"a"])


# type name -> affinity (SQLite's rules, section 3.1 of datatype3.html)
TYPE_NAMES = {
    "INTEGER": "INTEGER", "INT": "INTEGER", "BIGINT": "INTEGER", "TINYINT": "INTEGER",
    "UNSIGNED BIG INT": "INTEGER", "INT8": "INTEGER", "CHARINT": "INTEGER",
    "FLOATING POINT": "INTEGER",
    "TEXT": "TEXT", "VARCHAR(10)": "TEXT", "CLOB": "TEXT", "NCHAR(5)": "TEXT",
    "BLOB": "BLOB", "": "BLOB",
    "REAL": "REAL", "DOUBLE": "REAL", "FLOAT": "REAL", "DOUBLE PRECISION": "REAL",
    "NUMERIC": "NUMERIC", "DECIMAL(10,5)": "NUMERIC", "BOOLEAN": "NUMERIC", "DATE": "NUMERIC",
    "STRING": "NUMERIC",
}
STRICT_TYPES = ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"]
COLLATIONS = ["BINARY", "NOCASE", "RTRIM"]


@dataclass
class Column:
    name: str
    decl: str
    collation: str | None = None
    notnull: bool = False
    default: object = None        # a literal value, or None for no DEFAULT
    has_default: bool = False
    check: str | None = None
    generated: str | None = None  # ``AS (expr) [STORED|VIRTUAL]`` of a generated column

    @property
    def affinity(self) -> str:
        return TYPE_NAMES.get(self.decl, "NUMERIC")


@dataclass
class Table:
    name: str
    columns: list
    ipk: str | None = None        # the INTEGER PRIMARY KEY column (rowid alias), if any
    primary_key: tuple = ()
    unique: list = field(default_factory=list)   # column tuples with a UNIQUE constraint
    without_rowid: bool = False
    autoincrement: bool = False
    strict: bool = False
    set_null_parent: str | None = None   # the parent of a FOREIGN KEY ... ON DELETE SET NULL
    set_null_update_parent: str | None = None    # ... of one ON UPDATE SET NULL
    temp: bool = False                    # CREATE TEMP TABLE (feature temp_tables)
    indexes: list = field(default_factory=list)  # the names of its CREATE INDEXes
    # (name or None, expression) of the CHECKs ALTER TABLE ADD added (gen_alter_forms.py)
    constraints: list = field(default_factory=list)

    @property
    def names(self) -> list:
        return [c.name for c in self.columns]

    @property
    def writable(self) -> list:
        """The columns a statement may write: all but the generated ones."""
        return [c.name for c in self.columns if c.generated is None]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def keys(self) -> list:
        """Every column list that is a PRIMARY KEY or UNIQUE: upsert and FK targets."""
        keys = [self.primary_key] if self.primary_key else []
        return keys + [u for u in self.unique if u not in keys]


@dataclass
class Schema:
    tables: list
    statements: list              # CREATE TABLE / CREATE INDEX nodes, in order
    nocase: bool = False          # some column or index uses NOCASE / RTRIM
    rtrim: bool = False
    deferred: bool = False        # some foreign key is DEFERRABLE INITIALLY DEFERRED

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def gen_schema(g) -> Schema:
    """Two or three tables, each with zero to two indexes."""
    tables, statements = [], []
    for i in range(g.rng.choice([2, 2, 3])):
        table, create = _gen_table(g, f"t{i}", tables)
        tables.append(table)
        statements.append(create)
        for j in range(g.rng.choice([0, 1, 1, 2])):
            statements.append(_gen_index(g, table, f"i{i}_{j}"))
    if g.config.has("trigger"):
        statements += gen_triggers(g, tables)
    text = " ".join(s.render() for s in statements)
    return Schema(tables, statements, "NOCASE" in text, "RTRIM" in text, "DEFERRABLE" in text)


def _gen_table(g, name: str, earlier: list) -> tuple[Table, Node]:
    rng = g.rng
    strict = g.config.has("strict") and rng.random() < 0.3
    without_rowid = g.config.has("without_rowid") and rng.random() < 0.2
    temp = g.config.has("temp_tables") and rng.random() < 0.3
    # a parent in the child's schema: SQLite looks it up there (a temp child of a main
    # table only fails, "no such table: temp.tN")
    parents = [t for t in earlier if t.keys() and t.temp == temp]
    parent = rng.choice(parents) if parents and rng.random() < 0.4 else None
    actions = _fk_actions(g) if parent else []
    columns = [_gen_column(g, f"c{i}", strict) for i in range(rng.randint(1, 5))]
    if g.config.has("generated"):
        _gen_generated(g, columns, strict)
    table = Table(name, columns, without_rowid=without_rowid, strict=strict, temp=temp)
    defs = [_column_def(g, c) for c in columns]
    _gen_keys(g, table, defs)
    if rng.random() < 0.3 and len(columns) > 1:
        defs.append(node("CHECK (", _check_expr(g, rng.choice(columns)), ")" + on_conflict(g),
                         optional=True))
    if parent is not None:
        foreign_key = _gen_foreign_key(g, table, parent, actions)
        if foreign_key is not None:
            defs.append(foreign_key)
            if "ON DELETE SET NULL" in actions:
                table.set_null_parent = parent.name
            if "ON UPDATE SET NULL" in actions:
                table.set_null_update_parent = parent.name
    options = [o for o, on in (("WITHOUT ROWID", without_rowid), ("STRICT", strict)) if on]
    create = node(f"CREATE {'TEMP ' if temp else ''}TABLE {name}(", items(defs), ")" + (" " + ", ".join(options) if options else ""),
                  kind="create")
    return table, create


def _gen_column(g, name: str, strict: bool) -> Column:
    rng = g.rng
    decl = rng.choice(STRICT_TYPES if strict else list(TYPE_NAMES))
    column = Column(name, decl)
    if rng.random() < 0.2:
        column.collation = rng.choice(COLLATIONS)
    if rng.random() < 0.15:
        column.notnull = True
    if rng.random() < 0.2 or (column.notnull and rng.random() < 0.5):
        column.has_default, column.default = True, draw_value(g)
    if rng.random() < 0.12:
        column.check = _check_expr(g, column)
    return column


GENERATED_EXPRESSIONS = ["{a} + 1", "{a} * 2", "{a} || {b}", "coalesce({a}, {b})", "abs({a})",
                         "lower({a})", "length({a})", "typeof({a})", "{a}", "{a} = {b}",
                         "CASE WHEN {a} > {b} THEN {a} ELSE {b} END", "nullif({a}, 1)",
                         "substr({a}, 1, 2)", "{a} COLLATE NOCASE", "CAST({a} AS TEXT)",
                         "round({a})", "{a} IN (1, 'a', 2.5)", "json_quote({a})"]


def _gen_generated(g, columns: list, strict: bool) -> None:
    """Make some columns after the first generated (``AS (expr) [STORED|VIRTUAL]``),
    reading earlier columns, generated ones too; no DEFAULT on them (SQLite refuses it)."""
    rng = g.rng
    for i, column in enumerate(columns[1:], 1):
        if rng.random() < 0.3:
            if strict and g.config.steer("sqlite_strict_generated"):
                column.decl = "ANY"
            a, b = rng.choice(columns[:i]).name, rng.choice(columns[:i]).name
            choices = GENERATED_EXPRESSIONS
            if g.config.steer("sqlite_json_subtype_generated"):
                choices = [e for e in choices if not e.startswith("json_quote")]
            expr = rng.choice(choices).format(a=a, b=b)
            kind = rng.choice(["", " STORED", " VIRTUAL"])
            column.generated = f"AS ({expr}){kind}"
            column.has_default, column.default = False, None


def _check_expr(g, column: Column) -> str:
    c = column.name
    return g.rng.choice([f"{c} IS NULL OR {c} >= 0", f"length({c}) < 4", f"{c} <> 'b'",
                         f"typeof({c}) <> 'blob'", f"{c} NOT IN (2, 'a')",
                         f"{c} IS NOT 3", f"coalesce({c}, 0) < 1000"])


def _column_def(g, column: Column) -> Node:
    """``c0 TYPE [NOT NULL] [DEFAULT v] [COLLATE x] [CHECK (...)]``; keys are added later."""
    parts = [node(f"{column.name} {column.decl}".rstrip())]
    if column.generated is not None:
        parts.append(node(column.generated))
    if column.notnull:
        parts.append(node("NOT NULL" + on_conflict(g), optional=True))
    terms = []                      # SQLite reads column constraints in any order
    if column.collation:
        terms.append(node(f"COLLATE {column.collation}", optional=True))
    if column.has_default:
        terms.append(node("DEFAULT ", _default_literal(column.default), optional=True))
    parts += g.rng.sample(terms, len(terms))
    if column.check:
        parts.append(node(f"CHECK ({column.check})", optional=True))
    return items(parts, sep=" ", optional=True, kind="coldef")


def on_conflict(g) -> str:
    """`` ON CONFLICT <resolution>`` for a constraint, half the time, when the feature
    constraint_conflict is on (else nothing is drawn: the cases stay as they were)."""
    if not g.config.has("constraint_conflict") or g.rng.random() < 0.5:
        return ""
    return " ON CONFLICT " + g.rng.choice(["ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"])


def _retype(column: Column, defs: list, index: int, decl: str = "INT") -> None:
    """Give a column another declared type in its definition ``defs[index]``.

    A lone PRIMARY KEY column is made ``INT``: as ``INTEGER`` it would be the rowid alias,
    which _gen_keys generates (and models) on purpose."""
    column.decl = decl
    defs[index] = replace(defs[index], parts=(node(f"{column.name} {decl}".rstrip()),) +
                          defs[index].parts[1:])


def _default_literal(value) -> str:
    """DEFAULT takes a signed number or literal; anything else must be parenthesised."""
    text = literal(value)
    return text[1:-1] if isinstance(value, (int, float)) and text.startswith("(") else text


def _gen_keys(g, table: Table, defs: list) -> None:
    """PRIMARY KEY (rowid alias, other column, or composite) and UNIQUE constraints."""
    rng, columns = g.rng, table.columns
    roll = rng.random()
    if roll < 0.4:
        first = columns[0]
        first.decl, first.collation, first.check = "INTEGER", None, None
        table.primary_key = (first.name,)
        table.ipk = None if table.without_rowid else first.name
        # (AUTOINCREMENT on a WITHOUT ROWID table only fails to create it: tests/test_without_rowid.py)
        auto = " AUTOINCREMENT" if g.config.has("autoincrement") and not table.without_rowid \
            and rng.random() < 0.4 else ""
        table.autoincrement = bool(auto)
        defs[0] = node(f"{first.name} INTEGER PRIMARY KEY{on_conflict(g)}{auto}",
                       *[p for p in defs[0].parts[1:]
                         if not p.render().startswith("COLLATE")],
                       sep=" ", kind="coldef")
    elif roll < 0.65 or table.without_rowid:
        writable = table.writable      # a generated column may not be in the PRIMARY KEY
        key = tuple(rng.sample(writable, rng.randint(1, min(2, len(writable)))))
        table.primary_key = key
        if len(key) == 1 and table.column(key[0]).decl.upper() == "INTEGER":
            _retype(table.column(key[0]), defs, table.names.index(key[0]))
        if len(key) == 1 and rng.random() < 0.5:
            i = table.names.index(key[0])
            defs[i] = items(list(defs[i].parts) + [node("PRIMARY KEY" + on_conflict(g))],
                            sep=" ", kind="coldef")
        else:
            defs.append(node(f"PRIMARY KEY ({', '.join(key)}){on_conflict(g)}"))
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        key = tuple(rng.sample(table.names, rng.randint(1, min(2, len(columns)))))
        if key in table.keys():
            continue
        table.unique.append(key)
        if len(key) == 1 and rng.random() < 0.5:
            i = table.names.index(key[0])
            defs[i] = items(list(defs[i].parts) + [node("UNIQUE" + on_conflict(g), optional=True)],
                            sep=" ", optional=True, kind="coldef")
        else:
            defs.append(node(f"UNIQUE ({', '.join(key)}){on_conflict(g)}", optional=True))


FK_ACTIONS = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]


def _fk_actions(g) -> list:
    return [f"ON {event} {g.rng.choice(FK_ACTIONS)}" for event in ("DELETE", "UPDATE")
            if g.rng.random() < 0.5]


def _gen_foreign_key(g, child: Table, parent: Table, actions: list) -> Node:
    """FOREIGN KEY (child cols) REFERENCES parent(key) [ON DELETE/UPDATE ...] [DEFERRABLE]."""
    rng = g.rng
    key = rng.choice(parent.keys())
    if len(key) > len(child.columns):
        key = key[:1] if (key[:1] in parent.keys()) else None
    if key is None:
        return None
    if len(child.names) < len(key):
        return None
    cols = rng.sample(child.names, len(key))
    text = f"FOREIGN KEY ({', '.join(cols)}) REFERENCES {parent.name}"
    if key != parent.primary_key or rng.random() < 0.7:
        text += f"({', '.join(key)})"
    parts = [node(text)] + [node(action, optional=True) for action in actions]
    if rng.random() < 0.25:
        parts.append(node("DEFERRABLE INITIALLY DEFERRED", optional=True))
    return items(parts, sep=" ", optional=True, kind="fk")


def _gen_index(g, table: Table, name: str) -> Node:
    rng = g.rng
    columns = rng.sample(table.names, rng.randint(1, min(3, len(table.columns))))
    terms, kinds = [], False
    for c in columns:
        term, expression = index_key(g, table.names, c)
        kinds = kinds or expression
        if rng.random() < 0.25:
            term += f" COLLATE {rng.choice(COLLATIONS)}"
        if rng.random() < 0.2:
            term += " DESC"
        terms.append(node(term))
    unique = rng.random() < 0.3
    where = index_where(g, table.names)
    if unique and not kinds and not where:      # a key the upsert targets may name
        table.unique.append(tuple(columns))
    table.indexes.append(name)
    return node(f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {table.name}(",
                items(terms), ")" + where, kind="create", optional=True)


# ---------------------------------------------------------------------------------------
# rows
# ---------------------------------------------------------------------------------------

def gen_rows(g, table: Table) -> list:
    """One to three INSERT statements that put up to a dozen rows into ``table``."""
    statements = []
    for _ in range(g.rng.randint(1, 3)):
        names = [n for n in table.writable if g.rng.random() < 0.85] or table.writable[:1]
        rows = [items([literal(column_value(g, table, n)) for n in names], optional=True)
                for _ in range(g.rng.randint(1, 5))]
        verb = g.rng.choice(["INSERT", "INSERT OR IGNORE", "INSERT OR IGNORE", "REPLACE"])
        statements.append(node(f"{verb} INTO {table.name}({', '.join(names)}) VALUES ",
                               items([node("(", row, ")", optional=True) for row in rows]),
                               kind="insert", optional=True))
    return statements


def column_value(g, table: Table, name: str):
    """A value for column ``name``: colliding ones for keys, a rowid-safe one for the IPK.

    The rowid alias never gets 9223372036854775807: after that rowid SQLite picks new
    rowids at random, which no differential test can follow.
    """
    rng = g.rng
    if name == table.ipk:
        return rng.choice([None, None, 1, 2, 3, 5, 10, -1, 0, "4", 6.0, 2 ** 40])
    if any(name in key for key in table.keys()) and rng.random() < 0.6:
        return small_value(rng)
    return draw_value(g)
