"""SQLite SQL pieces rewritten for PostgreSQL, for ``rowandb dump --dialect postgres`` and
``rowandb migrate`` (rowandb/pg/).

sqlglot reads each piece as SQLite and writes it as PostgreSQL: a view's or an index's
whole CREATE statement or a query, an expression (DEFAULT), and the CHECK constraints and generated
columns of a CREATE TABLE. It lives here because only rowandb/sql/ imports sqlglot.

Two rules are applied on the way:

- Names. SQLite compares names without regard to ASCII case; PostgreSQL folds unquoted
  names to lower case and compares quoted ones exactly. Every identifier is therefore
  written in lower case (ASCII letters only, as SQLite folds) and quoted only when
  PostgreSQL needs it (``pg_name``), so that a table, the view that reads it and the
  index on it agree whatever case each was written in.
- Honesty. sqlglot passes through functions and operators PostgreSQL lacks (``typeof``,
  ``GLOB``, ``printf``, ``COLLATE NOCASE``...). The output is parsed back as PostgreSQL and
  every function is checked against the ones PostgreSQL has with the same meaning; anything
  else raises ``Untranslatable`` naming it, and the caller reports the object as needing a
  human rather than writing SQL that fails or means something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import expressions as exp
from sqlglot.errors import ErrorLevel, SqlglotError
from rowandb.catalog.ascii_case import ascii_lower, ascii_upper

# PostgreSQL's reserved key words and those that cannot be column names (PostgreSQL 16,
# Appendix C "SQL Key Words"): an identifier spelled like one of them is quoted.
_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
boolean both case cast char character check coalesce collate collation column concurrently
constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user dec decimal default deferrable desc distinct do else end except
exists extract false fetch float for foreign freeze from full grant greatest group grouping
having ilike in initially inner inout int integer intersect interval into is isnull join
lateral leading least left like limit localtime localtimestamp national natural nchar none
normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay
placing position precision primary real references returning right row select session_user
setof similar smallint some substring symmetric system_user table tablesample then time
timestamp to trailing treat trim true union unique user using values varchar variadic verbose
when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces
xmlparse xmlpi xmlroot xmlserialize xmltable
""".split())
_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
# WITHOUT ROWID and STRICT after the column list, which sqlglot does not read.
_TABLE_OPTIONS = re.compile(r"\)\s*(?:WITHOUT\s+ROWID|STRICT)(?:\s*,\s*(?:WITHOUT\s+ROWID|STRICT))*"
                            r"\s*\Z", re.IGNORECASE)

# Functions (as sqlglot names them after writing PostgreSQL and reading it back) that
# PostgreSQL has with SQLite's meaning for the arguments a SQLite schema passes them.
_PG_FUNCTIONS = frozenset("""
abs avg cast coalesce count exists length lower upper max min nullif round sum trim
ltrim rtrim substring strposition replace chr ascii case if string_agg groupconcat
arrayagg stringagg lpad rpad concat
""".split())


# SQLite's CURRENT_TIMESTAMP, CURRENT_DATE and CURRENT_TIME are UTC text in these formats.
_CLOCK_FORMATS = {"CURRENT_TIMESTAMP": "YYYY-MM-DD HH24:MI:SS", "CURRENT_DATE": "YYYY-MM-DD",
                  "CURRENT_TIME": "HH24:MI:SS"}


class Untranslatable(ValueError):
    """A piece of SQLite SQL that has no faithful PostgreSQL form here."""


def pg_name(name: str) -> str:
    """``name`` as PostgreSQL must see it to match what SQLite matched."""
    lowered = ascii_lower(name)
    if _PLAIN.match(lowered) and lowered not in _RESERVED:
        return lowered
    return '"' + lowered.replace('"', '""') + '"'


def statement(sql: str) -> str:
    """One statement for PostgreSQL: a view's or an index's CREATE (as sqlite_schema keeps
    it), or a query."""
    return _write(_read(sql))


def expression(sql: str) -> str:
    """One SQLite expression (a DEFAULT, a CHECK) as PostgreSQL. SQLite's clock keywords
    alone (the usual DEFAULT) give SQLite's text, in UTC, rather than PostgreSQL's
    timestamp; inside larger expressions they are refused (docs/MIGRATION.md)."""
    clock = _CLOCK_FORMATS.get(ascii_upper(sql.strip()))
    if clock:
        return f"to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', '{clock}')"
    return _write_expression(_read(f"SELECT {sql}").expressions[0])


@dataclass
class TableParts:
    """What a CREATE TABLE says that the pragmas do not: its CHECK constraints and its
    generated columns' expressions (PostgreSQL text), and what could not be rewritten."""

    checks: list[str] = field(default_factory=list)
    generated: dict[str, str] = field(default_factory=dict)   # column name (lower) -> expr
    problems: list[str] = field(default_factory=list)


def table_parts(sql: str) -> TableParts:
    """The CHECKs and generated columns of the CREATE TABLE statement ``sql``."""
    parts = TableParts()
    try:
        schema = _read(_TABLE_OPTIONS.sub(")", sql)).this
    except Untranslatable as error:
        parts.problems.append(f"its CHECKs, collations and generated columns: {error} "
                              "(CHECKs left out, generated columns copied as plain ones)")
        return parts
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            _column_parts(item, parts)
        else:
            for check in item.find_all(exp.CheckColumnConstraint):
                _add_check(parts, check.this)
    return parts


def _column_parts(column: exp.ColumnDef, parts: TableParts) -> None:
    for constraint in column.constraints:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.CheckColumnConstraint):
            _add_check(parts, kind.this)
        elif (isinstance(kind, exp.CollateColumnConstraint)
              and ascii_upper(kind.this.name) != "BINARY"):
            parts.problems.append(f"column {column.name} COLLATE {ascii_upper(kind.this.name)}: "
                                  'no PostgreSQL counterpart; it compares as BINARY ("C")')
        elif isinstance(kind, exp.ComputedColumnConstraint):
            try:
                parts.generated[ascii_lower(column.name)] = _write_expression(kind.this)
            except Untranslatable as error:
                parts.problems.append(f"generated column {column.name}: {error} "
                                      "(its values are copied as a plain column)")


def _add_check(parts: TableParts, condition: exp.Expression) -> None:
    try:
        parts.checks.append(_write_expression(condition))
    except Untranslatable as error:
        parts.problems.append(f"CHECK ({condition.sql(dialect='sqlite')}): {error} "
                              "(left out)")


def _read(sql: str) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except SqlglotError as error:
        raise Untranslatable(f"sqlglot cannot read it ({str(error).splitlines()[0]})") from None
    if isinstance(tree, exp.Command):
        raise Untranslatable(f"sqlglot cannot read it: {sql[:60]}")
    return tree


def _write_expression(node: exp.Expression) -> str:
    """An expression written alone (inside a SELECT, so that the expression itself can be
    replaced while it is rewritten)."""
    return _write(exp.Select(expressions=[node.copy()]))[len("SELECT "):]


def _write(tree: exp.Expression) -> str:
    tree = tree.copy()
    for identifier in tree.find_all(exp.Identifier):
        identifier.set("this", ascii_lower(identifier.name))
        identifier.set("quoted", pg_name(identifier.name) != identifier.name)
    _refuse_collations(tree)
    _sqlite_values(tree)
    try:
        text = tree.sql(dialect="postgres", unsupported_level=ErrorLevel.RAISE)
        written = sqlglot.parse_one(text, read="postgres")
    except SqlglotError as error:
        raise Untranslatable(str(error).splitlines()[0]) from None
    _check_functions(written)
    return text


def _refuse_collations(tree: exp.Expression) -> None:
    for collate in list(tree.find_all(exp.Collate)):
        name = ascii_upper(collate.expression.name)
        if name != "BINARY":
            raise Untranslatable(f"COLLATE {name} has no PostgreSQL counterpart")
        collate.replace(collate.this)


def _sqlite_values(tree: exp.Expression) -> None:
    """SQLite's INTEGER is 64-bit (PostgreSQL's INT is 32); X'..' is a blob (in
    PostgreSQL a bit string); LIKE ignores ASCII case; x % 0 is NULL (sqlglot already
    writes x / 0 as x / NULLIF(0, 0))."""
    for node in list(tree.find_all(exp.DataType, exp.HexString, exp.Like, exp.Mod)):
        if isinstance(node, exp.Mod):      # x % 0 is NULL in SQLite, an error in PostgreSQL
            node.set("expression", exp.Nullif(this=node.expression, expression=exp.Literal.number(0)))
        elif isinstance(node, exp.Like):     # SQLite's LIKE ignores (ASCII) case
            node.replace(exp.ILike(this=node.this, expression=node.expression))
        elif isinstance(node, exp.HexString):
            node.replace(exp.cast(exp.Literal.string("\\x" + node.this), "BYTEA"))
        elif node.this == exp.DataType.Type.INT:
            node.replace(exp.DataType.build("BIGINT"))


def _check_functions(tree: exp.Expression) -> None:
    for node in tree.find_all(exp.Func, exp.Glob):
        if isinstance(node, exp.Glob):
            raise Untranslatable("GLOB has no PostgreSQL counterpart")
        if isinstance(node, (exp.Connector, exp.Binary, exp.Unary)):
            continue
        name = node.name if isinstance(node, exp.Anonymous) else node.key
        if ascii_lower(name) not in _PG_FUNCTIONS:
            raise Untranslatable(f"function {ascii_lower(name)}() has no PostgreSQL counterpart")
