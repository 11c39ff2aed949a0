"""Binding ALTER TABLE ADD COLUMN and RENAME TO, and rewriting the SQL texts they change.

Follows SQLite's src/alter.c (legacy_alter_table off):

- ADD COLUMN appends the column's definition to the stored CREATE TABLE text, after the
  last column and before the table constraints (``added_column_text``), and binds that new
  text as a CREATE TABLE: the new definition's last column is the new column. It refuses
  PRIMARY KEY, UNIQUE and a rowid name (rowid, oid, _rowid_) always, and -- only when the
  table has rows, as SQLite's sqlite3ErrorIfNotEmpty does -- a REFERENCES column with a
  non-NULL default while foreign keys are on, NOT NULL without a non-NULL default, a
  default that is not a constant, and a STORED generated column.
  When the table has CHECK constraints or is STRICT, the executor checks every existing row
  afterwards (SQLite runs pragma_quick_check for it).
- RENAME TO rewrites every stored text that names the table (``renamed_texts``): the
  table's own CREATE TABLE, REFERENCES clauses of every table and its indexes by tokens,
  views and triggers as the binder resolves their names (rename_table.py). The new name is
  always written double-quoted, as SQLite writes it. Every trigger must bind before
  (``drop_column.check_schema``) and every view after (``check_views``), else the rename
  fails with SQLite's ``error in trigger tr: ...`` / ``error in view v: ...``.

RENAME COLUMN lives in rename_column.py and DROP COLUMN in drop_column.py; this module
finds their table.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.exec.execute import evaluate_constant
from ...planner.types import values as V
from ...catalog.schema import STORED
from . import alter_constraints, rename_table
from ..parse import folds
from ..bind import generated
from .alter_check_calls import unknown_call_error
from ..parse.parser import parse_written
from ..bind.bind_ddl import bind_definition, default_expression
from ..parse.dialect import UNARY_PLUS
from .drop_column import bind_drop_column, column_layout
from ..parse.lexer import is_name, tokenize, unquote
from ..bind.names import ROWID_NAMES
from .rename_column import bind_rename_column, sys_row
from ..bind.scope import Scope
from ..temp_views import TEMP_SCHEMA_NAMES, TempView
from ...catalog.ascii_case import ascii_lower

_POSITION = re.compile(r" \(line \d+, column \d+\)$")
#: Errors of a new column's definition SQLite reports while it parses the ALTER statement;
#: the others come from reading the table's new CREATE text ("error in table t after add
#: column: ...").
_WHILE_PARSING = ("no such collation sequence", "default value of column",
                  "cannot use DEFAULT on a generated column", "error in generated column",
                  "generated columns cannot be part of the PRIMARY KEY")


#: The forms alter_constraints.py binds.
EDITS = ("set_not_null", "drop_not_null", "add_check", "drop_constraint")


def bind_alter(binder, syntax, parse):
    """The bound ALTER TABLE (``b.AddColumn``, ``b.RenameTable``, ``b.RenameColumn``,
    ``b.DropColumn`` or ``b.EditConstraints``)."""
    if syntax.action == "add":
        return _bind_add(binder, syntax, parse)
    if syntax.action in EDITS:
        return _bind_renames(binder, syntax)
    with folds.renaming():              # the schema read as SQLite's rename mode reads it
        return _bind_renames(binder, syntax)


def _bind_renames(binder, syntax):
    if syntax.action in ("rename_column", "drop_column") + EDITS:
        table, view = _target(binder, syntax)
        if table is not None:
            _refuse_system(table)
            _refuse_rowid_names(table, syntax)
        if syntax.action in EDITS:
            return alter_constraints.bind_edit(binder, table, view, syntax)
        if syntax.action == "drop_column":
            return bind_drop_column(binder, table, view, syntax)
        return bind_rename_column(binder.catalog, table, view, syntax)
    return _bind_rename(binder, syntax)


def _target(binder, syntax):
    """(table, view) ALTER TABLE names -- one of them None -- found as SQLite finds it: an
    unqualified name in temp first, then in main; ``temp.x`` and ``main.x`` in their
    schema alone. SQLite's error when there is neither."""
    schema = ascii_lower(syntax.schema or "")
    written = f"{syntax.schema}.{syntax.table}" if syntax.schema else syntax.table
    temp = getattr(binder.catalog, "temp", None)
    if schema in ("", "temp") and temp is not None:
        lname = ascii_lower(syntax.table)
        if lname in TEMP_SCHEMA_NAMES or \
                schema == "temp" and lname in ("sqlite_schema", "sqlite_master"):
            return temp.table, None
        table, view = temp.table_named(syntax.table), temp.views.get(ascii_lower(syntax.table))
        if table is not None or view is not None:
            return table, view
    if schema not in ("", "main"):
        raise OperationalError(f"no such table: {written}")
    main = getattr(binder.catalog, "main", binder.catalog)
    table = main.table(syntax.table)
    view = main.view(syntax.table) if table is None else None
    if table is None and view is None:
        raise OperationalError(f"no such table: {written}")
    return table, view


def refuse_rowid_alias(table, name: str, operation: str) -> None:
    """SQLite 3.54's isRowidAlias: a table with a rowid may not add, drop or rename to or
    from a column called rowid, oid or _rowid_ ("cannot rename to rowid alias: oid")."""
    if not table.without_rowid and ascii_lower(name) in ROWID_NAMES:
        raise OperationalError(f"cannot {operation} rowid alias: {name}")


def _refuse_rowid_names(table, syntax) -> None:
    """RENAME COLUMN and DROP COLUMN of a column the table has, in SQLite's order: from a
    rowid name, then to one."""
    if syntax.action not in ("rename_column", "drop_column") or \
            table.column_index(syntax.column) is None:
        return                          # SQLite's "no such column" comes first
    if syntax.action == "drop_column":
        refuse_rowid_alias(table, syntax.column, "drop")
    else:
        refuse_rowid_alias(table, syntax.column, "rename from")
        refuse_rowid_alias(table, syntax.new_name, "rename to")


def _refuse_system(table) -> None:
    if ascii_lower(table.name).startswith("sqlite_") or table.system:
        name = {"sqlite_schema": "sqlite_master",
                "sqlite_temp_schema": "sqlite_temp_master"}.get(table.name, table.name)
        raise OperationalError(f"table {name} may not be altered")


# -- ADD COLUMN -------------------------------------------------------------------------
def _bind_add(binder, syntax, parse) -> b.AddColumn:
    table, view = _target(binder, syntax)
    if view is not None:
        raise OperationalError("Cannot add a column to a view")
    _refuse_system(table)
    stored = _refuse_keys(table, syntax.column_def, parse)
    sql = added_column_text(table.sql, syntax.column_def)
    try:
        draft = _new_definition(binder, table, syntax.column_def, sql, parse)
    except OperationalError as error:
        if str(error).startswith(_WHILE_PARSING):
            raise
        # SQLite refuses a column a table with rows may not get before it reads the new
        # text (a STORED one; a STRICT table's column without a type and a non-constant
        # DEFAULT: fuzz seed 73100066)
        return b.AddColumn(table=table, column=None, sql=sql, broken=str(error),
                           if_rows=_lone_refusals(binder, table, syntax.column_def, parse,
                                                  stored))
    column = draft.columns[-1]
    # its REFERENCES: in the new text the column comes before any FOREIGN KEY clause, so
    # its key is not always the draft's last (fuzz seed 73400029)
    new_fks = [fk for fk in draft.foreign_keys if fk.child_columns == (column.name,)]
    at = draft.foreign_keys.index(new_fks[0]) if new_fks else None
    for fk in new_fks:
        fk.child = table.name
    if_rows = _refusals(column, new_fks, stored)
    # SQLite checks the rows (pragma_quick_check, coding every CHECK of the table) only
    # when the new column brings a CHECK of its own (sqlite3AlterFinishAddColumn)
    check_rows = draft.strict or any(t.kind == "word" and t.upper == "CHECK"
                                     for t in tokenize(syntax.column_def))
    return b.AddColumn(table=table, column=column, sql=sql, foreign_keys=new_fks,
                       foreign_keys_at=at, if_rows=if_rows, check_rows=check_rows)


def _refusals(column, new_fks: list, stored: bool) -> list:
    """(only while foreign keys are on, message) of each refusal SQLite makes when the
    table has rows (sqlite3AlterFinishAddColumn's sqlite3ErrorIfNotEmpty), in its order."""
    default = None if column.default_sql is None else default_expression(column.default_sql)
    has_default = default is not None and not isinstance(_unwrapped(default), exp.Null)
    if_rows = []
    if new_fks and has_default:
        if_rows.append((True, "Cannot add a REFERENCES column with non-NULL default value"))
    if column.notnull and not has_default and not column.is_generated:
        if_rows.append((False, "Cannot add a NOT NULL column with default value NULL"))
    if has_default and not _constant(default):
        if_rows.append((False, "Cannot add a column with non-constant default"))
    if stored:                          # SQLite 3.54 adds one to an empty table
        if_rows.append((False, "cannot add a STORED column"))
    return if_rows


def _lone_refusals(binder, table, column_def: str, parse, stored: bool) -> list:
    """``_refusals`` of a column whose table's new text does not bind, read from a plain
    table of the table's column names and it; only STORED's when that does not bind
    either."""
    names = "".join('"' + c.name.replace('"', '""') + '", ' for c in table.columns)
    column_def = _checks_emptied(column_def)    # a CHECK's names count only after them
    try:
        draft = _new_definition(binder, table, column_def,
                                f"CREATE TABLE x({names}{column_def}\n)", parse)
    except OperationalError:
        return [(False, "cannot add a STORED column")] if stored else []
    return _refusals(draft.columns[-1], draft.foreign_keys, stored)


def _checks_emptied(column_def: str) -> str:
    """``column_def`` with each CHECK's expression made ``1``: SQLite makes its refusals
    for a table with rows before it reads the new text, so an unknown name in a CHECK
    comes after them (``CREATE TABLE t(a); INSERT INTO t VALUES (1); ALTER TABLE t ADD c
    CHECK (c > nosuch) NOT NULL`` is 'Cannot add a NOT NULL column with default value
    NULL')."""
    tokens = tokenize(column_def)
    out, at, k = [], 0, 0
    while k < len(tokens):
        if tokens[k].upper == "CHECK" and k + 1 < len(tokens) and tokens[k + 1].text == "(":
            depth, end = 0, k + 1
            for end in range(k + 1, len(tokens)):
                depth += {"(": 1, ")": -1}.get(tokens[end].text, 0)
                if depth == 0:
                    break
            out.append(column_def[at:tokens[k + 1].start] + "(1)")
            at, k = tokens[end].end, end
        k += 1
    return "".join(out) + column_def[at:]


def _new_definition(binder, table, column_def: str, sql: str, parse):
    """The draft of the table's new CREATE text ``sql``; its errors are "error in table t
    after add column: ..." but for those SQLite finds reading the ALTER statement."""
    try:
        if tokenize(column_def + ")")[-1].text != ")":
            raise OperationalError("incomplete input")  # a -- comment took the ")"
        parsed = parse(sql)
    except OperationalError as error:
        if str(error).startswith(_WHILE_PARSING):
            raise
        raise OperationalError(f"error in table {table.name} after add column: "
                               f"{_POSITION.sub('', str(error))}") from None
    try:
        return bind_definition(binder, parsed).draft
    except OperationalError as error:
        if str(error).startswith(_WHILE_PARSING):
            raise                       # SQLite finds these reading the ALTER statement
        prefix = f"error in table {table.name} after add column: "
        at = sql.rindex(column_def)
        found = unknown_call_error(error, column_def, lambda masked: bind_definition(
            binder, parse(sql[:at] + masked + sql[at + len(column_def):])), parse_written,
            prefix)
        raise found or OperationalError(f"{prefix}{error}") from None


def _refuse_keys(table, column_def: str, parse) -> bool:
    """SQLite's refusals of the column itself, before the new table text is read: a name
    the table has, a PRIMARY KEY, a UNIQUE, a rowid name. True: it is a STORED column."""
    try:
        item = parse(f"CREATE TABLE x({column_def}\n)").tree.this.expressions[0]
    except OperationalError:
        return False                    # reported, as SQLite does, by reading the new text
    if table.column_index(item.name) is not None:
        raise OperationalError(f"duplicate column name: {item.name}")
    kinds = [c.args.get("kind") for c in item.args.get("constraints") or []] \
        if isinstance(item, exp.ColumnDef) else []
    computed = generated.clauses(tokenize(f"x({column_def}\n)"), f"x({column_def}\n)")
    if any(isinstance(k, exp.PrimaryKeyColumnConstraint) for k in kinds):
        if computed:                    # SQLite's parser says so first
            raise OperationalError("generated columns cannot be part of the PRIMARY KEY")
        raise OperationalError("Cannot add a PRIMARY KEY column")
    if any(isinstance(k, exp.UniqueColumnConstraint) for k in kinds):
        raise OperationalError("Cannot add a UNIQUE column")
    refuse_rowid_alias(table, item.name, "add")
    return any(kind == STORED for kind, _ in computed.values())


def added_column_text(table_sql: str, column_def: str) -> str:
    """``table_sql`` with ``column_def`` after its last column: before the comma that
    starts the table constraints, or before the closing parenthesis."""
    _, at = column_layout(tokenize(table_sql))
    return f"{table_sql[:at]}, {column_def}{table_sql[at:]}"


def _unwrapped(node):
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _constant(node) -> bool:
    """Whether SQLite's sqlite3ValueFromExpr gives the DEFAULT a value without running
    it: a literal, NULL, TRUE/FALSE, or one under +, -, parentheses, CAST or COLLATE."""
    node = _unwrapped(node)
    if isinstance(node, (exp.Literal, exp.Null, exp.Boolean, exp.HexString)):
        return True
    if isinstance(node, (exp.Neg, exp.Cast, exp.Collate)) or \
            isinstance(node, exp.Paren) and node.meta.get(UNARY_PLUS):
        return _constant(node.this)
    return False


def default_value(default_sql: str, affinity: str):
    """The value of a DEFAULT kept as written, with the column's affinity: what a record
    written before its column was added reads (catalog/alter.py's fill). A DEFAULT that
    is no constant (``_constant``) was added to a table without rows, so no record is
    older than its column: None, whatever it would give (``nosuch()`` gives an error)."""
    from ..bind.binder import Binder
    from ..parse.parser import Parsed
    node = default_expression(default_sql)
    if not _constant(node):
        return None
    if affinity == "TEXT":
        written = _number_as_written(node, default_sql)
        if written is not None:
            return written
    binder = Binder(None, Parsed(kind="other", text=""))
    value = evaluate_constant(binder.expr(node, Scope(None)))
    return V.apply_affinity(value, affinity) if value is not None else None


def _number_as_written(node, default_sql: str) -> str | None:
    """The text a TEXT column's older records read for a DEFAULT that is a REAL literal, or
    an integer one past 32 bits, maybe under one minus: SQLite's sqlite3ValueFromExpr
    keeps such a token as text ('1e999', '-1.50', '1e5'), so TEXT affinity leaves it as
    written (fuzz seed 73400025); None for any other DEFAULT."""
    node = _unwrapped(node)
    sign = ""
    if isinstance(node, exp.Neg) and not node.meta.get(UNARY_PLUS):
        sign, node = "-", _unwrapped(node.this)
    if not isinstance(node, exp.Literal) or node.is_string:
        return None
    text = next(t.text for t in reversed(tokenize(default_sql)) if t.kind == "number")
    if text.lower().startswith("0x"):
        return None
    try:
        small = -2 ** 31 <= int(text) < 2 ** 31      # SQLite keeps its value (EP_IntValue)
    except ValueError:
        small = False
    return None if small else sign + text


# -- RENAME TO --------------------------------------------------------------------------
def _bind_rename(binder, syntax) -> b.RenameTable:
    table, view = _target(binder, syntax)
    new = syntax.new_name
    if getattr(table, "in_temp", False) or isinstance(view, TempView):
        taken = _taken_in_temp(binder.catalog.temp, new)    # checked in the temp schema
    else:
        main = getattr(binder.catalog, "main", binder.catalog)
        taken = main.table(new) is not None or main.view(new) is not None \
            or main.index_owner(new) is not None
    if taken:
        raise OperationalError(f"there is already another table or index with this name: {new}")
    if table is not None:
        _refuse_system(table)
    if ascii_lower(new).startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {new}")
    if view is not None:
        raise OperationalError(f"view {view.name} may not be altered")
    texts, temp_views, temp_triggers = renamed_texts(binder.catalog, table, new)
    return b.RenameTable(table=table, new_name=new, texts=texts, temp_views=temp_views,
                         temp_triggers=temp_triggers)


def _taken_in_temp(temp, name: str) -> bool:
    """Whether a temp table, view or index is called ``name``."""
    tables = temp.tables
    return temp.views.get(ascii_lower(name)) is not None or tables is not None and (
        tables.table(name) is not None or tables.index_owner(name) is not None)


def renamed_texts(catalog, table, new: str) -> tuple[dict, list, list]:
    """((SYS table, rowid) -> new text of every stored text that names ``table``, the TEMP
    views and the TEMP triggers that change): tables and indexes by tokens
    (``rename_in_text``), views and triggers as the binder resolves them (rename_table.py)."""
    dictionary = catalog.temp.tables if getattr(table, "in_temp", False) \
        else getattr(catalog, "main", catalog)
    views_and_triggers, temp_views, temp_triggers = \
        rename_table.renamed_views_and_triggers(catalog, table, new)
    texts = {}
    old = ascii_lower(table.name)
    quoted = any(c in old for c in "\"'`[]")    # may be written with doubled quotes
    for kind, name, _, _, sql in dictionary.schema_rows():
        if kind in ("view", "trigger"):
            rewritten = views_and_triggers.get(name, sql)
        elif sql and (quoted or old in ascii_lower(sql)):
            rewritten = rename_in_text(sql, table.name, new)
        else:
            continue
        if rewritten != sql:
            texts[sys_row(dictionary, kind, name)] = rewritten
    return texts, temp_views, temp_triggers


# Words after which a name is a table: FROM, JOIN, INTO, UPDATE (and OR x), REFERENCES,
# ON (an index's or a trigger's table), TABLE (the CREATE TABLE's own name).
_BEFORE_TABLE = frozenset(("FROM", "JOIN", "INTO", "UPDATE", "REFERENCES", "TABLE", "EXISTS"))
_CONFLICTS = frozenset(("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"))
_END_OF_FROM = frozenset(("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "UNION",
                          "EXCEPT", "INTERSECT", "SELECT", "SET", "VALUES", "ON", "USING",
                          "RETURNING", "BEGIN", "END", "WHEN"))


def rename_in_text(sql: str, old: str, new: str) -> str:
    """``sql`` with every token that names table ``old`` replaced by ``"new"``: a name where
    a table stands (after FROM, JOIN, INTO, UPDATE, REFERENCES, a CREATE's TABLE or ON, or a
    comma of a FROM list; after ``main.``), and a name qualifying a column (``old.x``)."""
    tokens = tokenize(sql)
    quoted = '"' + new.replace('"', '""') + '"'
    lold = ascii_lower(old)
    edits = []
    from_depths, depth = set(), 0
    for i, tok in enumerate(tokens):
        text = tok.upper if tok.kind == "word" else tok.text
        if text == "(":
            depth += 1
        elif text == ")":
            from_depths.discard(depth)
            depth -= 1
        elif text == "FROM":
            from_depths.add(depth)
        elif text in _END_OF_FROM or text == ";":
            from_depths.discard(depth)
        if not is_name(tok) and tok.kind != "word" or ascii_lower(unquote(tok.text)) != lold:
            continue
        if _names_table(tokens, i, depth in from_depths):
            edits.append(tok)
    for tok in reversed(edits):
        sql = sql[:tok.start] + quoted + sql[tok.end:]
    return sql


def _names_table(tokens, i: int, in_from: bool) -> bool:
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if before is not None and before.text == ".":
        schema = tokens[i - 2] if i > 1 else None
        if schema is None or ascii_lower(unquote(schema.text)) not in ("main", "temp"):
            return False                # a column name, or a name in another schema
        before = tokens[i - 3] if i > 2 else None
    if after is not None and after.text == ".":
        following = tokens[i + 2] if i + 2 < len(tokens) else None
        return following is not None and (is_name(following) or following.text == "*") \
            and not (before is not None and before.upper in _BEFORE_TABLE)
    if before is None or before.upper == "UPDATE" and i > 1 and tokens[i - 2].upper == "ON":
        return False                    # ON UPDATE CASCADE: an action (fixed-seed case 55)
    if before.upper in _BEFORE_TABLE or before.upper == "ON" and _on_names_table(tokens, i):
        return True
    if before.upper in _CONFLICTS and i > 2 and tokens[i - 2].upper == "OR" \
            and tokens[i - 3].upper == "UPDATE":
        return True
    return before.text == "," and in_from


def _on_names_table(tokens, i: int) -> bool:
    """ON stands before a table in CREATE INDEX and CREATE TRIGGER headers only."""
    head = [t.upper for t in tokens[:i]]
    return head and head[0] == "CREATE" and ("INDEX" in head or "TRIGGER" in head) \
        and "BEGIN" not in head and head.count("ON") == 1


def check_views(dictionary, bind_select) -> None:
    """Every view must still bind after a rename, as SQLite's renameTableTest requires;
    ``bind_select(sql)`` binds a query. Errors are SQLite's ``error in view v: ...``."""
    for record in dictionary.view_rows():
        name = record[1]
        try:
            with folds.checking_own_text(1):
                bind_select('SELECT * FROM "' + name.replace('"', '""') + '"')
        except OperationalError as error:
            raise OperationalError(f"error in view {name}: {error}") from None
