"""Binding CREATE TABLE / CREATE INDEX / DROP: sqlglot DDL trees -> catalog drafts.

A draft is a ``catalog.schema.Table`` (or ``Index``) with its ids left 0; the dictionary
assigns ids and file ids when it writes the SYS_* rows. SQLite's naming and shape rules
are applied here: INTEGER PRIMARY KEY is the rowid alias, every other PRIMARY KEY and every
UNIQUE constraint gets an index named ``sqlite_autoindex_<table>_<n>``, numbered in the
order the constraints are written (which decides the order SQLite checks them in), and a
foreign key without parent columns refers to the parent's primary key. STRICT allows only
the standard datatypes and makes a non-alias PRIMARY KEY NOT NULL; AUTOINCREMENT is allowed
only on the rowid alias. Declared types and DEFAULT expressions are kept as SQLite keeps them, which is
what PRAGMA table_info shows: a standard type name in capitals, a DEFAULT as written.
"""

from __future__ import annotations

import dataclasses

from sqlglot import expressions as exp

from ...catalog.schema import (EXPRESSION, STANDARD_TYPES, Column, ForeignKey, Index,
                              IndexColumn, Table)
from ...errors import NotSupportedError, OperationalError
from ...planner.plan import bound as b
from ...planner.types.values import affinity_of_type, collation_key
from ..parse import constraint_conflicts
from . import drop_names, generated, without_rowid
from ..parse.parser import parse_written
from ..parse.written_name import written_name
from ..parse.table_header import OPTION_WAITING
from .bind_create_as import bind_create_table_as
from .bind_table_function import known_function, names_function
from .check_rows import coded_row
from .index_forms import bind_index_terms, index_parts, names_column, term_collation
from ..parse.lexer import tokenize, unquote
from ..parse.key_terms import KeyTerm
from ..parse.lexer import closing_paren
from ...catalog.ascii_case import ascii_lower, ascii_upper, declared_collation

_ACTIONS = ("SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT", "NO ACTION")
PRIMARY_KEY = "PRIMARY KEY"     # the PRIMARY KEY's place among the UNIQUE constraints


@dataclasses.dataclass
class Key:
    """A PRIMARY KEY (``terms`` PRIMARY_KEY) or UNIQUE constraint (its (name, KeyTerm)
    pairs) with its ON CONFLICT clause, None when it has none."""
    terms: object
    conflict: str | None = None


def bind_definition(binder, parsed) -> b.CreateTable:
    """``parsed``, the CREATE TABLE text an ALTER TABLE would leave for a table that
    exists, bound as that table's definition (as SQLite reads the new text back)."""
    parsed.tree.set("exists", True)
    statement, binder.parsed = binder.parsed, parsed
    reading, binder.reading_schema = binder.reading_schema, True
    try:
        return bind_create_table(binder, parsed.tree, definition=True)
    finally:
        binder.parsed, binder.reading_schema = statement, reading


def bind_create_table(binder, node: exp.Create, definition: bool = False) -> b.CreateTable:
    """CREATE TABLE; with ``definition``, the definition of a table that exists (ALTER
    TABLE binds the one it would leave: the tree says IF NOT EXISTS then)."""
    parsed = binder.parsed
    schema = node.this
    table_node = schema.this if isinstance(schema, exp.Schema) else schema
    name = table_node.name
    temp = _temp_or_main(node, table_node)
    if ascii_lower(name).startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {name}")
    # the schema the table goes to: a temp table or view does not count for main's
    main = binder.catalog.in_schema("temp") if temp else getattr(binder.catalog, "main",
                                                                  binder.catalog)
    exists = main.table(name) is not None
    if not exists and main.view(name) is not None and not node.args.get("exists"):
        raise OperationalError(f"view {written_name(parsed.text) or name} already exists")
    if exists and not node.args.get("exists"):      # the name as written (written_name.py)
        raise OperationalError(f"table {written_name(parsed.text) or name} already exists")
    owner = getattr(main, "index_owner", None)
    if not exists and main.view(name) is None and owner is not None and owner(name) is not None:
        raise OperationalError(f"there is already an index named {name}")
    if node.args.get("expression") is not None:
        if node.args.get("exists") and (exists or main.view(name) is not None):
            return None                 # the query is not even looked at, as in SQLite
        stmt = bind_create_table_as(binder, node, name)
        stmt.temp = temp
        return stmt
    if node.args.get("exists") and (exists or main.view(name) is not None) and not definition:
        return None                     # nothing more is checked (sqlite3StartTable's noErr)
    if not isinstance(schema, exp.Schema):
        raise NotSupportedError("CREATE TABLE without columns or AS SELECT is not supported")
    columns, pk, keys, fks = [], [], [], []   # keys: UNIQUE and PRIMARY KEY, in order
    check_texts = _check_texts(parsed.text)
    types, defaults = iter(parsed.column_types), iter(_default_texts(parsed.text))
    key_terms = iter(parsed.key_terms)
    computed = generated.clauses(tokenize(parsed.text), parsed.text)
    clauses = constraint_conflicts.clauses(parsed.text)
    for item in schema.expressions:
        if isinstance(item, (exp.ColumnDef, exp.Identifier)):
            i = len(columns)
            columns.append(_column(binder, item, next(types, ""), defaults, pk, keys, fks,
                                   lambda kind: clauses.column(i, kind)))
            columns[-1]["generated"] = computed.get(ascii_lower(columns[-1]["name"]), (0, None))
        else:
            _table_constraint(item, key_terms, pk, keys, fks, clauses.key)
    if not columns:
        raise OperationalError("must have at least one column")
    _no_duplicate_columns(columns)
    positions = {ascii_lower(c["name"]): i for i, c in enumerate(columns)}
    _constraint_names(schema, parsed.glot_text, positions)
    if len(pk) > 1:
        raise OperationalError(f'table "{name}" has more than one primary key')
    pk_keys = [(_position(positions, n), term) for n, term in pk[0][0]] if pk else []
    pk_cols = [p for p, _ in pk_keys]
    cols = tuple(Column(c["name"], c["type"], affinity_of_type(c["type"]), c["notnull"],
                        c["default"], (pk_cols.index(i) + 1) if i in pk_cols else 0,
                        declared_collation(c["collation"]), c.get("collation_name"),
                        *c["generated"],
                        notnull_conflict=c["notnull_conflict"] if c["notnull"] else None)
                 for i, c in enumerate(columns))
    draft = Table(id=0, name=name, file_id=0, columns=cols, sql=_schema_sql(parsed.text))
    alias = _rowid_alias(cols, pk)
    draft.rowid_alias = alias
    if alias is not None and not parsed.without_rowid:
        draft.key_conflict = _key_conflict(keys)
    # the parser checked where AUTOINCREMENT stands, and blanked it for sqlglot
    draft.autoincrement = any(t.kind == "word" and t.upper == "AUTOINCREMENT"
                              for t in tokenize(parsed.text))
    if draft.autoincrement and alias is None:
        raise OperationalError("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY")
    if any(isinstance(p, exp.StrictProperty) for p in _properties(node)):
        _make_strict(draft)
    if parsed.without_rowid:
        pk_keys = without_rowid.convert(draft, pk_keys)
        if alias is not None:       # what would alias the rowid gets its index last
            keys = [k for k in keys if k.terms is not PRIMARY_KEY] + \
                [k for k in keys if k.terms is PRIMARY_KEY]
        alias = None
    _add_autoindexes(draft, keys, pk_keys if alias is None else None, positions)
    for fk in fks:
        for col in fk.child_columns:
            _position(positions, col, "unknown column \"{}\" in foreign key definition")
    draft.foreign_keys = fks
    try:    # sqlite3EndTable resolves the CHECKs before the generated columns
        validate_checks(binder, draft, schema)
    except OperationalError as error:
        generated.validate(binder, draft, waiting=error)
        raise
    generated.validate(binder, draft, waiting=OPTION_WAITING.get())
    checks = [(text_name, text) for text_name, text in check_texts]
    return b.CreateTable(draft=draft, if_not_exists=bool(node.args.get("exists")), checks=checks,
                         temp=temp)


def _properties(node: exp.Create) -> list:
    """The table options sqlglot kept; the parser has already checked them and left at most
    one STRICT, so anything else is a form RowanDB does not know."""
    properties = node.args.get("properties")
    found = list(properties.expressions) if properties is not None else []
    for prop in found:
        if not isinstance(prop, (exp.StrictProperty, exp.TemporaryProperty)):
            raise NotSupportedError(f"table option {prop.sql(dialect='sqlite')} is not supported")
    return found


def _make_strict(draft: Table) -> None:
    """STRICT (sqlite.org/stricttables.html): every column names one of the standard types,
    and the columns of a PRIMARY KEY other than the rowid alias are NOT NULL."""
    for col in draft.columns:
        if col.declared_type not in STANDARD_TYPES:
            if not col.declared_type:
                raise OperationalError(f"missing datatype for {draft.name}.{col.name}")
            raise OperationalError(f'unknown datatype for {draft.name}.{col.name}: '
                                   f'"{col.declared_type}"')
    draft.strict = True
    draft.columns = tuple(
        dataclasses.replace(c, notnull=True) if c.pk and i != draft.rowid_alias else c
        for i, c in enumerate(draft.columns))


def _column(binder, item, declared: str, defaults, pk: list, keys: list, fks: list,
            conflict) -> dict:
    """One column definition; ``conflict(kind)`` gives the ON CONFLICT clause of its next
    constraint of that kind (constraint_conflicts.py)."""
    name = item.name
    col = {"name": name, "type": _declared_type(declared), "notnull": False, "default": None,
           "collation": "BINARY", "notnull_conflict": None}
    if isinstance(item, exp.ColumnDef):
        _null_type(item.args.get("kind"))
    for constraint in (item.args.get("constraints") or []) if isinstance(item, exp.ColumnDef) else []:
        # A constraint's name matters only for CHECK, whose message names it (_check_texts).
        constraint.name
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.PrimaryKeyColumnConstraint):
            pk.append(([(name, KeyTerm(None, bool(kind.args.get("desc"))))], True))
            keys.append(Key(PRIMARY_KEY, conflict("primary")))
        elif isinstance(kind, exp.NotNullColumnConstraint):
            if not kind.args.get("allow_null"):     # a bare NULL constraint means nothing
                col["notnull"] = True
                col["notnull_conflict"] = conflict("notnull")   # the last NOT NULL's holds
            else:
                conflict("null")
        elif isinstance(kind, exp.UniqueColumnConstraint):
            keys.append(Key([(name, KeyTerm(None, False))], conflict("unique")))
        elif isinstance(kind, exp.DefaultColumnConstraint):
            term, collations = _default_term(kind.this)
            text, names_a_string = next(defaults)
            if names_a_string:
                term.name                   # DEFAULT abc: the string 'abc', kept as text
            else:
                _require_constant(binder, term, name)
            col["default"] = text
            for collation in collations:
                col["collation"] = col["collation_name"] = _collation_name(collation)
        elif isinstance(kind, exp.CollateColumnConstraint):
            col["collation"] = col["collation_name"] = _collation_name(kind.this)
        elif isinstance(kind, exp.Reference):
            fks.append(_foreign_key("__column__", [name], kind))
        elif isinstance(kind, (exp.CheckColumnConstraint, exp.NotForReplicationColumnConstraint)):
            pass
        elif isinstance(kind, exp.ComputedColumnConstraint):
            pass                            # generated.clauses read it from the text
        elif kind is not None and type(kind).__name__ == "GeneratedAsIdentityColumnConstraint":
            raise NotSupportedError("GENERATED ... AS IDENTITY is not supported")
    return col


def _null_type(kind) -> None:
    """The declared type is taken out of the text before sqlglot reads it, so a ``kind``
    left on a column is a constraint keyword sqlglot took for a type: only NULL (SQLite's
    ``NULL`` column constraint, which means nothing) can be one."""
    if kind is None:
        return
    if not (isinstance(kind, exp.DataType) and kind.this == exp.DataType.Type.NULL
            and not kind.expressions):
        raise NotSupportedError(f"column constraint {kind.sql(dialect='sqlite')} is not supported")


def _default_term(node) -> tuple[exp.Expression, list]:
    """A DEFAULT is one term in SQLite's grammar (a literal, a signed number, a name or a
    parenthesized expression), so a COLLATE sqlglot read as part of the default's
    expression is the next column constraint: the term and those collations, in order."""
    collations = []
    while isinstance(node, exp.Collate):
        collations.append(node.expression)
        node = node.this
    return node, collations[::-1]


def _declared_type(written: str) -> str:
    """The type name as SQLite keeps it (sqlite3AddColumn): a type written as one quoted
    token loses its quotes, and a standard name (``int``, ``"Blob"``) is kept in capitals."""
    text = written
    if len(text) >= 2 and text[0] in "\"'`[" and not any(q in text[1:-1] for q in "\"'`["):
        text = text[1:-1]
    return ascii_upper(text) if ascii_upper(text) in STANDARD_TYPES else text


def _require_constant(binder, node, column: str) -> None:
    """A DEFAULT may call functions but read no column (not even a double-quoted one, which
    elsewhere could fall back to a string), parameter or subquery. It is bound here, for
    the checks binding makes now; any error binding finds (an unknown function) waits for
    the first INSERT that uses the default, as in SQLite."""
    from .scope import Scope
    if node.find(exp.Column, exp.Placeholder, exp.Parameter, exp.Subquery, exp.Select,
                 exp.Window, exp.Filter) is not None or any(   # nor a window function or FILTER
            isinstance(n, exp.Anonymous) and ascii_upper(n.name) == "RAISE"
            or generated.is_subquery(n) for n in node.walk()):
        raise OperationalError(f"default value of column [{column}] is not constant")
    try:
        binder.expr(node, Scope(None))
    except OperationalError:
        pass


def _table_constraint(item, key_terms, pk: list, keys: list, fks: list, conflict) -> None:
    name = None
    if isinstance(item, exp.Constraint):
        name = item.name
        for inner in item.expressions:
            _table_constraint_body(inner, name, key_terms, pk, keys, fks, conflict)
        return
    _table_constraint_body(item, name, key_terms, pk, keys, fks, conflict)


def _table_constraint_body(item, name, key_terms, pk, keys, fks, conflict) -> None:
    """One table constraint; a PRIMARY KEY or UNIQUE takes the next of the parser's
    KeyTerms (their COLLATE and ASC/DESC, which sqlglot does not read there) and the next
    ON CONFLICT clause (``conflict()``, constraint_conflicts.py)."""
    if isinstance(item, exp.PrimaryKey):
        names = [_ident_name(e) for e in item.expressions]
        pk.append((list(zip(names, next(key_terms))), False))
        keys.append(Key(PRIMARY_KEY, conflict()))
    elif isinstance(item, exp.UniqueColumnConstraint):
        names = [_ident_name(e) for e in item.this.expressions]
        keys.append(Key(list(zip(names, next(key_terms))), conflict()))
    elif isinstance(item, exp.ForeignKey):
        fks.append(_foreign_key(name, [_ident_name(e) for e in item.expressions],
                                item.args.get("reference")))
    elif isinstance(item, (exp.CheckColumnConstraint,)):
        pass
    else:
        raise NotSupportedError(f"table constraint {item.sql(dialect='sqlite')} is not supported")


def _foreign_key(name, child_cols, ref) -> ForeignKey:
    target = ref.this
    if isinstance(target, exp.Schema):
        parent = target.this.name
        parent_cols = tuple(_ident_name(e) for e in target.expressions)
    else:
        parent = target.name
        parent_cols = ()
    if parent_cols and len(child_cols) == 1 and name == "__column__" and len(parent_cols) > 1:
        raise OperationalError(f"foreign key on {child_cols[0]} should reference only one "
                               f"column of table {parent}")
    if parent_cols and len(parent_cols) != len(child_cols):
        raise OperationalError("number of columns in foreign key does not match the number of "
                               "columns in the referenced table")
    fk = ForeignKey(id=0, name=None if name == "__column__" else name, child="", parent=parent,
                    child_columns=tuple(child_cols),
                    parent_columns=parent_cols)
    options = [ascii_upper(str(o)) for o in ref.args.get("options") or []]
    for option in options:
        for event in ("DELETE", "UPDATE"):
            prefix = f"ON {event} "
            if option.startswith(prefix):
                action = option[len(prefix):].strip()
                if action not in _ACTIONS:
                    raise OperationalError(f'near "{action}": syntax error')
                setattr(fk, "on_" + ascii_lower(event), action)
    deferrable = "DEFERRABLE" in options and "NOT DEFERRABLE" not in options
    fk.deferred = deferrable and "INITIALLY DEFERRED" in options
    return fk


def _constraint_names(schema, glot: str, positions: dict) -> None:
    """The first name of a table constraint's list that is no column, in the order of the
    text, as SQLite's parser meets them (sqlite3CreateIndex for a PRIMARY KEY or UNIQUE,
    sqlite3CreateForeignKey): in a key list a double-quoted one is the string SQLite's
    fallback makes of it, an expression (fuzz 69000044)."""
    for item in schema.expressions:
        for c in item.expressions if isinstance(item, exp.Constraint) else [item]:
            fk = isinstance(c, exp.ForeignKey)
            terms = c.this.expressions if isinstance(c, exp.UniqueColumnConstraint) else \
                c.expressions if fk or isinstance(c, exp.PrimaryKey) else ()
            for term in terms:
                name = _ident_name(term)
                if ascii_lower(name) in positions:
                    continue
                if fk:
                    raise OperationalError(f'unknown column "{name}" in foreign key definition')
                if _double_quoted(term, glot):
                    raise OperationalError("expressions prohibited in PRIMARY KEY and UNIQUE "
                                           "constraints")
                raise OperationalError(f"no such column: {name}")


def _double_quoted(term, glot: str) -> bool:
    """Whether a list's term is a name written in double quotes."""
    while isinstance(term, (exp.Ordered, exp.Collate, exp.Column)):
        term = term.this
    start = (term.meta or {}).get("start") if isinstance(term, exp.Identifier) else None
    return start is not None and glot[start:start + 1] == '"'


def _ident_name(e) -> str:
    if isinstance(e, exp.Ordered):
        e = e.this
    if isinstance(e, exp.Collate):
        e = e.this
    return e.name


def _collation_name(node) -> str:
    """A collation's name as written (SQLite reports it so), checked: an unknown one is
    SQLite's error naming it. Comparisons use it in capitals (``Column.collation``)."""
    name = node.name if hasattr(node, "name") else str(node)
    collation_key(name)
    return name


def _index_column(table: Table, position: int, collation, desc: bool) -> IndexColumn:
    """Column ``position`` of ``table`` in an index, with the index term's COLLATE node or
    name (None: the column's own collation)."""
    if collation is None:
        column = table.columns[position]
        return IndexColumn(position, column.collation, desc, column.collation_name)
    name = _collation_name(collation)
    return IndexColumn(position, declared_collation(name), desc, name)


def _position(positions: dict, name: str, message: str = "no such column: {}") -> int:
    pos = positions.get(ascii_lower(name))
    if pos is None:
        raise OperationalError(message.format(name))
    return pos


def _no_duplicate_columns(columns) -> None:
    seen = set()
    for c in columns:
        if ascii_lower(c["name"]) in seen:
            raise OperationalError(f"duplicate column name: {c['name']}")
        seen.add(ascii_lower(c["name"]))


def _rowid_alias(cols, pk) -> int | None:
    """INTEGER PRIMARY KEY (exact type name, one column) aliases the rowid -- unless DESC is
    written in the column's own constraint; ``PRIMARY KEY(x DESC)`` is still an alias
    (sqlite3AddPrimaryKey, and the quirk sqlite.org/lang_createtable.html#rowid keeps)."""
    keyed = [i for i, c in enumerate(cols) if c.pk]
    if len(keyed) != 1 or ascii_upper(cols[keyed[0]].declared_type) != "INTEGER":
        return None
    columns, in_column = pk[0]
    if in_column and columns[0][1].desc:
        return None
    return keyed[0]


def _index_columns(table: Table, keys) -> tuple:
    """The index columns of a key: (position, KeyTerm) pairs."""
    return tuple(_index_column(table, p, term.collation, term.desc) for p, term in keys)


def _add_autoindexes(draft: Table, keys: list, pk_keys, positions: dict) -> None:
    """One index per PRIMARY KEY (unless it is the rowid alias: ``pk_keys`` None) and
    UNIQUE constraint, made in the order the constraints are written, as SQLite makes them
    while it parses CREATE TABLE. A constraint on the same columns with the same collations
    as an index already made adds none (the sort order does not count, as sqlite3CreateIndex
    decides), and a PRIMARY KEY makes that index its own (origin 'pk'). The order matters:
    SQLite checks the newest index first, so it decides which constraint a row that breaks
    several is reported against."""
    autoindex = merges = 0
    for key in keys:
        if key.terms is PRIMARY_KEY:
            if pk_keys is None:
                continue
            terms, origin = pk_keys, "pk"
        else:
            terms, origin = [(_position(positions, n), term) for n, term in key.terms], "u"
        columns = _index_columns(draft, terms)
        same = next((ix for ix in draft.indexes if _same_keys(ix.columns, columns)), None)
        if same is not None:
            if origin == "pk":
                same.origin = "pk"
            if same.on_conflict is None and key.conflict is not None:
                same.merged_at = len(draft.indexes) + merges    # when it took the clause
                merges += 1
            same.on_conflict = _merged_conflict(same.on_conflict, key.conflict)
            continue
        autoindex += 1
        draft.indexes.append(_autoindex(draft, terms, autoindex, origin))
        draft.indexes[-1].on_conflict = key.conflict


def _merged_conflict(made: str | None, again: str | None) -> str | None:
    """The clause of an index two constraints make: the one written, and an error when
    both write different ones (sqlite3CreateIndex)."""
    if made is not None and again is not None and made != again:
        raise OperationalError("conflicting ON CONFLICT clauses specified")
    return made if made is not None else again


def _key_conflict(keys: list) -> str | None:
    """The clause of the PRIMARY KEY that makes the rowid alias (SQLite's keyConf)."""
    return next((k.conflict for k in keys if k.terms is PRIMARY_KEY), None)


def _same_keys(a: tuple, b: tuple) -> bool:
    return [(c.column, c.collation) for c in a] == [(c.column, c.collation) for c in b]


def _autoindex(table: Table, keys, n: int, origin: str) -> Index:
    return Index(id=0, name=f"sqlite_autoindex_{table.name}_{n}", table=table.name, file_id=0,
                 unique=True, columns=_index_columns(table, keys), origin=origin)


def _schema_sql(text: str, word: str = "TABLE", head: str = "CREATE TABLE ") -> str:
    """The CREATE text as SQLite stores it (sqlite3EndTable, sqlite3CreateIndex): ``head``
    and then the statement from the object's unqualified name on -- ``IF NOT EXISTS``,
    the schema name and the spelling of the first words are not kept; nor a comment after
    a table's closing parenthesis (sqlite3EndTable ends the text there when no table
    option follows it, else at the statement's end)."""
    text = text.strip().rstrip(";").strip()
    tokens = tokenize(text)
    if word == "TABLE" and tokens and tokens[-1].text == ")":
        text = text[:tokens[-1].end]
    at = _name_at(tokens, word)
    if at is None:
        return text
    if at + 1 < len(tokens) and tokens[at + 1].text == ".":
        at += 2
    return head + text[tokens[at].start:] if at < len(tokens) else text


def _name_at(tokens, word: str) -> int | None:
    """Where the name of the object a CREATE ``word`` makes starts (its schema, if it has
    one); None when the statement ends first."""
    at = next((i for i, t in enumerate(tokens) if t.upper == word), None)
    if at is None or at + 1 >= len(tokens):
        return None
    at += 1
    if [t.upper for t in tokens[at:at + 3]] == ["IF", "NOT", "EXISTS"]:
        at += 3
    return at


def _index_schema(text: str) -> str | None:
    """The schema CREATE INDEX wrote before the index name, in lower case, or None."""
    tokens = tokenize(text)
    at = _name_at(tokens, "INDEX")
    if at is None or at + 1 >= len(tokens) or tokens[at + 1].text != ".":
        return None
    return ascii_lower(unquote(tokens[at].text))


def _check_texts(sql: str) -> list[tuple[str | None, str]]:
    """(constraint name or None, expression text) of every CHECK, in order of appearance.
    A CHECK takes the name of the last ``CONSTRAINT name`` before it, which holds, as in
    SQLite's parser, until the next column or the next comma between table constraints
    (table constraints need no commas between them; constraint_lists.py)."""
    tokens = tokenize(sql)
    out, name, depth, in_table_constraints = [], None, 0, False
    for i, tok in enumerate(tokens):
        if tok.text in ("(", ","):
            if tok.text == "(":
                depth += 1
            if depth == 1 and i + 1 < len(tokens):
                starts_constraint = tokens[i + 1].upper in _TABLE_CONSTRAINT_WORDS
                if not starts_constraint or in_table_constraints:
                    name = None             # a new column, or a comma between constraints
                in_table_constraints = starts_constraint
        elif tok.text == ")":
            depth -= 1
        elif depth == 1 and tok.upper == "CONSTRAINT" and i + 1 < len(tokens):
            name = unquote(tokens[i + 1].text)
        elif tok.kind == "word" and tok.upper == "CHECK" and i + 1 < len(tokens) \
                and tokens[i + 1].text == "(":
            j = closing_paren(tokens, i + 1)
            out.append((name, sql[tokens[i + 1].end:tokens[j].start].strip()))
    return out


_TABLE_CONSTRAINT_WORDS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))


def check_label(name: str | None, text: str) -> str:
    """What 'CHECK constraint failed: ...' names: the constraint's name, else its text --
    which SQLite dequotes (sqlite3Dequote) when it starts with a quote, keeping only what
    the first quoted token holds (``"a" > 1`` is ``a``)."""
    if name is not None:
        return name
    if text[:1] in ("'", '"', "`", "["):
        first = tokenize(text)[0]
        if first.kind in ("string", "quoted"):
            return unquote(first.text)
    return text


_KEYWORD_DEFAULTS = {"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"}


def _default_texts(sql: str) -> list[tuple[str, bool]]:
    """(text as written, whether it is a bare name) of every column DEFAULT in order, as
    SQLite keeps it for PRAGMA table_info: the inside of ``DEFAULT (expr)`` trimmed, a sign
    with its term, or the one term. A bare name -- ``DEFAULT abc``, ``DEFAULT "abc"`` -- is
    the string 'abc' in SQLite's grammar, not a column."""
    tokens = tokenize(sql)
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if tok.kind != "word" or tok.upper != "DEFAULT" or tokens[i - 1].upper == "SET":
            continue
        first = tokens[i + 1]
        if first.text == "(":
            end = closing_paren(tokens, i + 1)
            out.append((sql[first.end:tokens[end].start].strip(), False))
        elif first.text in ("-", "+") and i + 2 < len(tokens):
            out.append((sql[first.start:tokens[i + 2].end], False))
        else:
            out.append((first.text, names_a_string(first)))
    return out


def names_a_string(token) -> bool:
    """Whether ``DEFAULT <token>`` means the token's name as a string."""
    return token.kind == "quoted" or token.kind == "word" and token.upper not in _KEYWORD_DEFAULTS


def default_expression(text: str) -> exp.Expression:
    """The expression of a DEFAULT kept as written (SYS_COLUMNS.default_sql)."""
    tokens = tokenize(text)
    if len(tokens) == 1 and names_a_string(tokens[0]):
        return exp.Literal.string(unquote(tokens[0].text))
    return parse_written(text)


def check_expressions(table_sql_tree: exp.Create) -> list:
    """The CHECK expression nodes of a CREATE TABLE tree, in order of appearance."""
    found = []
    for item in table_sql_tree.this.expressions:
        if isinstance(item, exp.ColumnDef):
            for constraint in item.args.get("constraints") or []:
                if isinstance(constraint.args.get("kind"), exp.CheckColumnConstraint):
                    found.append(constraint.args["kind"].this)
        elif isinstance(item, exp.Constraint):
            found += [e.this for e in item.expressions if isinstance(e, exp.CheckColumnConstraint)]
        elif isinstance(item, exp.CheckColumnConstraint):
            found.append(item.this)
    return found


def bind_create_index(binder, node: exp.Create) -> b.CreateIndex:
    index = node.this
    name = index.name
    table_node = index.args.get("table")
    schema = _index_schema(binder.parsed.text)      # the parser allowed main and temp
    catalog = getattr(binder.catalog, "main", binder.catalog) if schema == "main" \
        else binder.catalog
    table = catalog.table(table_node.name)
    if table is None and catalog.view(table_node.name) is not None:
        raise OperationalError("views may not be indexed")
    if table is None and names_function(binder, table_node):
        raise OperationalError("virtual tables may not be indexed")
    if table is None:
        raise OperationalError(f"no such table: {'' if schema == 'temp' else 'main.'}"
                               f"{table_node.name}")
    if schema == "temp" and not getattr(table, "in_temp", False):
        raise OperationalError(f'cannot create a TEMP index on non-TEMP table "{table.name}"')
    if table.system or ascii_lower(table.name).startswith("sqlite_"):   # sqlite_sequence, _stat1
        raise OperationalError(f"table {table.name} may not be indexed")
    if ascii_lower(name).startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {name}")
    if _index_name_taken(binder, table, name, bool(node.args.get("exists"))):   # IF NOT EXISTS:
        return b.CreateIndex(table=table, index=_index_draft(binder, node, name, table, ()),
                             if_not_exists=True)            # nothing more is looked at
    params = index.args.get("params")
    terms, where = index_parts(node)
    written = params.args.get("columns") or []
    for ordered in written:
        default_nulls(ordered)
    exprs, _ = bind_index_terms(binder, table, terms, where,       # each collation once
                                lambda i: _term_collation(written[i]))  # its term resolved
    columns = []
    for ordered, term, expr in zip(params.args.get("columns") or [], terms, exprs):
        collation = term_collation(ordered)[1]
        desc = bool(ordered.args.get("desc")) if isinstance(ordered, exp.Ordered) else False
        if expr is None:
            columns.append(_index_column(table, names_column(term, table), collation, desc))
        elif collation is None:
            columns.append(IndexColumn(EXPRESSION, "BINARY", desc))
        else:
            written = _collation_name(collation)
            columns.append(IndexColumn(EXPRESSION, declared_collation(written), desc, written))
    return b.CreateIndex(table=table, index=_index_draft(binder, node, name, table, columns),
                         if_not_exists=bool(node.args.get("exists")))


def _term_collation(ordered) -> None:
    """SQLite's error for the COLLATE of index term ``ordered``, which sqlite3CreateIndex
    looks up right after it resolves the term."""
    collation = term_collation(ordered)[1]
    if collation is not None:
        _collation_name(collation)


def _index_draft(binder, node, name: str, table, columns) -> Index:
    unique = bool(node.args.get("unique"))
    return Index(id=0, name=name, table=table.name, file_id=0, unique=unique,
                 columns=tuple(columns), origin="c", sql=_schema_sql(
                     binder.parsed.text, "INDEX",
                     "CREATE UNIQUE INDEX " if unique else "CREATE INDEX "))


def _index_name_taken(binder, table, name: str, if_not_exists: bool) -> bool:
    """SQLite's checks of a new index's name, made before its terms, WHERE and
    collations are looked at (build.c sqlite3CreateIndex): a table or view of that name,
    then an index of it ('index i already exists', the name dequoted as written) -- True
    when IF NOT EXISTS makes the statement do nothing. Both are looked for in the schema
    the index goes to: a temp table's index in temp alone (a main table or index of that
    name is no conflict)."""
    tables, views = _index_names(binder, table)
    if tables.table(name) is not None or views(name) is not None:
        raise OperationalError(f"there is already a table named {name}")
    owner = getattr(tables, "index_owner", None)
    if owner is None or owner(name) is None:
        return False
    if if_not_exists:
        return True
    raise OperationalError(f"index {name} already exists")


def _index_names(binder, table):
    """(the tables, the view look-up) of the schema an index on ``table`` goes to."""
    if getattr(table, "in_temp", False):
        temp = binder.catalog.temp
        return temp.tables, lambda name: temp.views.get(ascii_lower(name))
    catalog = getattr(binder.catalog, "main", binder.catalog)
    return catalog, catalog.view


def bind_drop(binder, node: exp.Drop):
    kind = ascii_upper(node.args.get("kind") or "")
    target = (node.args.get("tables") or [node.this])[0]
    name = target.name
    schema = target.args.get("db")
    in_schema = ascii_lower(schema.name) if schema is not None else ""
    attached = in_schema in ("", "main", "temp")
    if kind in ("TABLE", "VIEW") and (names_function(binder, target) if attached
                                      else known_function(name)):
        raise OperationalError(f"table {name} may not be dropped")   # eponymous, any schema
    if not attached:
        return drop_names.nothing_found(kind, schema.name, name, bool(node.args.get("exists")))
    drop_names.refuse_schema_table(kind, in_schema, name)
    if kind == "TABLE":
        return b.DropTable(name=name, if_exists=bool(node.args.get("exists")),
                           schema=schema.name if schema is not None else None)
    if kind == "INDEX":
        return b.DropIndex(name=name, if_exists=bool(node.args.get("exists")),
                           schema=schema.name if schema is not None else None)
    if kind == "VIEW":
        written = f"{schema.name}.{name}" if schema is not None else name
        return b.DropView(name=name, if_exists=bool(node.args.get("exists")), written=written,
                          schema=schema.name if schema is not None else None)
    raise NotSupportedError(f"DROP {kind} is not supported")


def _temp_or_main(node: exp.Create, table: exp.Table) -> bool:
    """Whether CREATE [TEMP] TABLE [s.]t makes a temp table (temp_tables.py): TEMP, or the
    schema ``temp``; a schema but main and temp names no attached database, and TEMP
    with main is SQLite's error."""
    schema = table.args.get("db")
    temp = any(isinstance(p, exp.TemporaryProperty) for p in _properties(node))
    if schema is None:
        return temp
    if ascii_lower(schema.name) not in ("main", "temp"):
        raise OperationalError(f"unknown database {schema.name}")
    if temp and ascii_lower(schema.name) != "temp":
        raise OperationalError("temporary table name must be unqualified")
    return ascii_lower(schema.name) == "temp"


def validate_checks(binder, draft: Table, schema: exp.Schema) -> None:
    """What SQLite checks of a CHECK when the table is created, not when a row is first
    written: it binds against the new table's own columns, with no subquery, parameter or
    aggregate, each refused where the walk meets it. (It is bound again, for use, by
    bind_dml.bind_constraints; a DEFAULT's constness is checked by _require_constant.)
    A misplaced row value is no error here (check_rows.coded_row). With an unknown table
    option's error noted (``OPTION_WAITING``), only the first CHECK's walk runs, and goes
    on only into names and functions, whose errors replace that one; it is raised
    after."""
    from .scope import Scope, Source
    from .bind_expr import walks_on
    from .compared_widths import check_top
    from .self_reference import is_parameter
    waiting = OPTION_WAITING.get()
    scope = Scope(None)
    scope.sources.append(Source(draft.name, binder.slot(),
                                [(c.name, c.affinity, c.collation) for c in draft.columns], draft))
    for check in check_expressions(exp.Create(this=schema)):
        binder.raise_waits = True       # RAISE() is refused where a statement codes the CHECK
        binder.prohibited = "CHECK constraints"     # met in the walk: self_reference.py
        try:
            if waiting is not None:
                check_top(check)
                if not (walks_on(check) or is_parameter(check)):
                    raise waiting
                binder.pending = waiting    # raises: its own error, or waiting's
            binder.expr(check, scope)
        except OperationalError as error:
            if waiting is not None or not coded_row(error):
                raise
        finally:
            binder.raise_waits, binder.prohibited = False, None


def default_nulls(term) -> None:
    """An index's columns and an upsert's target sort NULLs SQLite's one way: an explicit
    NULLS FIRST or LAST there is "unsupported use". sqlglot records the placement even
    when unwritten, as SQLite's default (first when ascending)."""
    if isinstance(term, exp.Ordered) and \
            bool(term.args.get("nulls_first")) == bool(term.args.get("desc")):
        raise OperationalError("unsupported use of NULLS "
                               f"{'FIRST' if term.args.get('desc') else 'LAST'}")
