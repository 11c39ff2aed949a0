"""ALTER TABLE DROP COLUMN: SQLite's refusals, the edited CREATE text, and the schema check.

Follows sqlite3AlterDropColumn (src/alter.c, SQLite 3.54, legacy_alter_table off), in its
order: the table (``bind_alter`` finds it and refuses system tables), a view ("cannot drop
column from view"), the column ("no such column" quoting the name token as written), a
PRIMARY KEY column or one with a column-level UNIQUE, the only column. Then the stored
CREATE TABLE text is edited as sqlite_drop_column edits it (``dropped_column_text``): a
column other than the last is cut from its name to the next column's name, the last one
from the comma before it to the end of the column list (where ADD COLUMN would append).

SQLite then re-reads the whole schema; RowanDB does the same in two halves. The table's
new text is bound as a CREATE TABLE and its indexes are bound against the table without
the column here, at bind time, in the order SQLite resolves their parts (so the message
quotes the occurrence SQLite's does: the table's CHECKs, then its generated columns;
an index's WHERE, then its first term): the first failure of SQLite's reload (a CHECK, a
generated column, a FOREIGN KEY or a UNIQUE/PRIMARY KEY list naming the column; an
index on it) becomes ``bound.DropColumn.broken``, "error in table t after drop column:
..." / "error in index i after drop column: ..."; the first of its second reading, where
a double-quoted name no longer falls back to a string, ``bound.DropColumn.late``. Views
and triggers, main then TEMP, are checked by ``check_schema`` around the dictionary edit
-- before it (a view or trigger already broken: "error in view v: ...") and after it
("error in view v after drop column: no such column: b", or a ``late`` error where its
table or index stands in sqlite_schema) -- by binding every view and compiling every
trigger program against the schema as it then is; the statement's transaction undoes
the edit when one fails.
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import OperationalError
from ...planner.plan import bound as b
from . import alter_determinism, quote_fix
from ..parse import folds
from ..bind.bind_ddl import bind_definition
from ..bind.bind_trigger import in_main_trigger
from ..parse.lexer import closing_paren, tokenize
from ..parse.parser import parse
from .rename_refs import bound_trigger_pieces, resolving, trigger_on
from ..temp_views import SessionCatalog
from ...catalog.views import ViewShape
from ...catalog.ascii_case import ascii_lower

_TABLE_CONSTRAINTS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
_AFTER = "after drop column"
AFTER_DROP = " " + _AFTER


def bind_drop_column(binder, table, view, syntax) -> b.DropColumn:
    """The bound DROP COLUMN of ``table`` (``view`` when the name is a view's)."""
    if view is not None:
        raise OperationalError(f'cannot drop column from view "{view.name}"')
    pos = table.column_index(syntax.column)
    if pos is None:
        raise OperationalError(f'no such column: "{syntax.written}"')
    names, _ = column_layout(tokenize(table.sql))
    if table.columns[pos].pk:
        raise OperationalError(f'cannot drop PRIMARY KEY column: "{syntax.column}"')
    if _declared_unique(table.sql, names, pos):
        raise OperationalError(f'cannot drop UNIQUE column: "{syntax.column}"')
    if len(table.columns) <= 1:
        raise OperationalError(f'cannot drop column "{syntax.column}": no other columns exist')
    catalog = binder.catalog
    in_temp = getattr(table, "in_temp", False)
    own = catalog.temp.tables if in_temp else getattr(catalog, "main", catalog)
    strings = quote_fix.schema_strings(catalog, own, "temp" if in_temp else "main")
    texts, broken = {}, None
    sql = quote_fix.fixed(table.sql, strings.get(("table", ascii_lower(table.name)), []))
    for kind, name, tbl_name, fixed in quote_fix.fixed_rows(own, strings):
        if kind == "index" and broken is None:
            error = quote_fix.index_error(catalog, own.table(tbl_name), fixed)
            broken = None if error is None else f"error in index {name} {_AFTER}: {error}"
        if (kind, ascii_lower(name)) != ("table", ascii_lower(table.name)):
            texts[own.object_row(kind, name)] = fixed
    sql = dropped_column_text(sql, pos)
    first, late = _after_drop(binder, table, sql, pos)
    broken = first or broken
    late = {("temp" if in_temp else "main",) + key: error for key, error in late.items()}
    temp_views, temp_triggers = quote_fix.temp_fixed(catalog, quote_fix.temp_strings(catalog))
    return b.DropColumn(table=table, position=pos, sql=sql, broken=broken,
                        late={} if broken is not None else late, texts=texts,
                        temp_views=temp_views, temp_triggers=temp_triggers,
                        temp_texts=quote_fix.temp_texts(catalog, table))


def column_layout(tokens) -> tuple[list, int]:
    """The name tokens of a CREATE TABLE's columns, and the offset where its column list
    ends: the comma that starts the table constraints, or the closing parenthesis (the
    place of SQLite's addColOffset)."""
    open_at = next(i for i, t in enumerate(tokens) if t.text == "(")
    close = closing_paren(tokens, open_at)
    names, depth, end = [], 0, tokens[close].start
    for i in range(open_at + 1, close):
        text = tokens[i].text
        if depth == 0 and tokens[i - 1].text in ("(", ","):
            if tokens[i].upper in _TABLE_CONSTRAINTS and tokens[i].kind == "word":
                end = tokens[i - 1].start if tokens[i - 1].text == "," else end
                break
            names.append(tokens[i])
        depth += (text == "(") - (text == ")")
    return names, end


def dropped_column_text(sql: str, pos: int) -> str:
    """``sql`` (a CREATE TABLE) without column ``pos``, cut where sqlite_drop_column cuts."""
    tokens = tokenize(sql)
    names, end = column_layout(tokens)
    if pos + 1 < len(names):
        return sql[:names[pos].start] + sql[names[pos + 1].start:]
    at = next(i for i, t in enumerate(tokens) if t.start == names[pos].start)
    return sql[:tokens[at - 1].start] + sql[end:]


def _declared_unique(sql: str, names: list, pos: int) -> bool:
    """Whether the column's own definition says UNIQUE (SQLite's COLFLAG_UNIQUE; a table
    constraint UNIQUE(b) does not set it)."""
    tokens = tokenize(sql)
    at = next(i for i, t in enumerate(tokens) if t.start == names[pos].start)
    depth = 0
    for tok in tokens[at:]:
        if depth == 0 and tok.text in (",", ")"):
            return False
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.kind == "word" and tok.upper == "UNIQUE":
            return True
    return False


def _after_drop(binder, table, sql: str, pos: int) -> tuple[str | None, dict]:
    """SQLite's first error of the table's new text and its indexes when it reloads the
    schema (or None), and the errors it then finds when it reads each text again with no
    string fallback: (kind, lower-case name) -> error, of the table or else of its first
    index that fails.

    SQLite first rewrites the schema's double-quoted strings into single-quoted ones
    (renameFixQuotes), edits the table's text, and reloads the schema, where a
    double-quoted name that is no column is a string: the table's errors, then its
    indexes' (index_forms.bind_index_terms: the WHERE, then the first term). Only then
    does it read every text again with no such fallback (renameTestSchema), in
    sqlite_schema order, where a double-quoted name of the dropped column, a column
    until now, fails: in a CHECK or a generated column of the table, in an index, in a
    view or trigger written before the index (fuzz 69000042, fixed-seed cases 13, 42,
    73; ``check_schema`` raises these in that order). So ``c AS (b + "b")`` fails 'no
    such column: b', ``UNIQUE("b")`` 'expressions prohibited ...' (the string is an
    expression)."""
    dropped = (ascii_lower(table.columns[pos].name),)
    first = _table_error(binder, table, sql, ()) or _index_error(binder, table, pos, False)
    if first is not None:
        return first[1], {}
    late = _table_error(binder, table, sql, dropped) or _index_error(binder, table, pos, True)
    return None, dict([late]) if late is not None else {}


def _table_error(binder, table, sql: str, no_fallback: tuple) -> tuple | None:
    """((kind, name), the error) of the table's new text, bound as a CREATE TABLE with no
    string fallback for the names of ``no_fallback`` (None: it binds)."""
    binder.no_fallback = frozenset(no_fallback)
    try:
        bind_definition(binder, parse(sql))
    except OperationalError as error:
        return ("table", ascii_lower(table.name)), f"error in table {table.name} {_AFTER}: {error}"
    finally:
        binder.no_fallback = frozenset()
    return None


def _index_error(binder, table, pos: int, double_quoted: bool) -> tuple | None:
    """((kind, name), the error) of the first index (in creation order) that reads the column, its text
    read against the table without it as SQLite's reload reads it (index_forms: the
    WHERE first, the first term then): a double-quoted name of the column is a string
    when not ``double_quoted``, SQLite's 'no such column: "b" - should this be...' when
    it is (the names the message quotes: fuzz 75000061, 75000487, 75000595)."""
    from ..bind.binder import Binder
    from ..bind.index_forms import bind_index_terms, index_parts
    after = without_column(table, pos)
    for index in sorted(table.indexes, key=lambda i: i.id):
        if index.sql and (any(c.column == pos for c in index.columns)
                          or index.form is not None and pos in index.form.reads):
            parsed = parse(index.sql)
            reader = Binder(binder.catalog, parsed)     # reads the index's own text
            if double_quoted:
                reader.no_fallback = frozenset((ascii_lower(table.columns[pos].name),))
            try:
                bind_index_terms(reader, after, *index_parts(parsed.tree))
            except OperationalError as error:
                return ("index", ascii_lower(index.name)), \
                    f"error in index {index.name} {_AFTER}: {error}"
    return None


def without_column(table, pos: int):
    """``table`` as the name resolution of its indexes sees it once column ``pos`` is
    gone."""
    alias = table.rowid_alias
    return replace(table, columns=table.columns[:pos] + table.columns[pos + 1:], indexes=[],
                   rowid_alias=alias - (alias > pos) if alias is not None else None)


def check_schema(session, when: str = "", views: bool = True,
                 schemas: tuple = ("main", "temp"), only: set | None = None,
                 like_in: tuple = ("main", "temp"), like_indexes_of: str | None = None,
                 late: dict | None = None) -> None:
    """Every view must bind and every trigger compile, of ``schemas`` in that order, each
    in creation order, as SQLite's renameTestSchema reads sqlite_schema and
    sqlite_temp_schema: errors are "error in view v: ..." (``when`` " after drop column":
    "error in view v after drop column: ..."). ``views`` False: triggers only; ``only``:
    just the objects (kind, lower-case name) of that set; ``late``: (schema, kind,
    lower-case name) -> the error of a table or index, met in the same order. The tables and indexes of the
    schemas of ``like_in`` must not call like() where it is no longer deterministic
    (alter_determinism.py); with ``like_indexes_of``, only that table's indexes are."""
    dictionary = session.db.dictionary
    rows = {"main": dictionary.schema_rows, "temp": session.temp.schema_rows}
    for schema in schemas:
        for kind, name, tbl_name, _, _ in rows[schema]():
            if only is not None and (kind, ascii_lower(name)) not in only:
                continue
            if late and (schema, kind, ascii_lower(name)) in late:
                raise OperationalError(late[schema, kind, ascii_lower(name)])
            try:
                if schema in like_in and (like_indexes_of is None or kind != "index" or
                                          ascii_lower(tbl_name) == ascii_lower(like_indexes_of)):
                    alter_determinism.check_object(session, schema, kind, name, tbl_name)
                if kind == "view" and views:
                    quoted = '"' + name.replace('"', '""') + '"'
                    with folds.checking_own_text(1):
                        session._bind_parsed(parse(f"SELECT * FROM {schema}.{quoted}"))
                elif kind == "trigger":
                    with folds.checking_own_text(0):
                        _compile_trigger(session, schema, name)
            except OperationalError as error:
                raise OperationalError(f"error in {kind} {name}{when}: {error}") from None


def _compile_trigger(session, schema: str, name: str) -> None:
    """Compile the program of trigger ``name`` of ``schema`` (one on a table of main or,
    for a TEMP trigger, of temp), minus the errors ``rename_refs.resolving`` excuses; a
    trigger on a view has its names resolved."""
    dictionary = session.db.dictionary
    trigger = dictionary.trigger(name) if schema == "main" \
        else session.temp.triggers[ascii_lower(name)]
    catalog = SessionCatalog(dictionary, session.temp) if schema == "temp" else dictionary
    if schema == "main" or not trigger.on_temp and not _on_qualified(trigger.sql):
        _check_shadow_kind(session.temp, trigger)
    on = trigger_on(catalog, trigger, session.temp if schema == "main" else None)
    if not isinstance(on, ViewShape):
        try:
            session._trigger_program(trigger, on, None)
        except OperationalError as error:
            found = resolving(error)
            if found is not None:
                raise found from None
        else:
            if not any(step.upserts for step in parse(trigger.sql).trigger.steps):
                return
    # Names resolved as renameResolveTrigger resolves them: an INSTEAD OF trigger's
    # against its view's columns; an ON CONFLICT clause's that never runs, so is never
    # compiled; a step's past the errors ``resolving`` excuses (fixed-seed case 193
    # with alter: a TEMP table's INSERT INTO t(c) ...; SELECT old.c after RENAME COLUMN c)
    try:
        for _ in bound_trigger_pieces(catalog, trigger, on, lambda binder, piece: None):
            pass
    except OperationalError as error:
        raise in_main_trigger(trigger, error) from None


def _on_qualified(sql: str) -> bool:
    """Whether a trigger's header names its table with a schema (``ON main.v``)."""
    tokens = tokenize(sql)
    on = [t.upper for t in tokens].index("ON")
    return on + 2 < len(tokens) and tokens[on + 2].text == "."


def _check_shadow_kind(temp, trigger) -> None:
    """A trigger of main -- or a TEMP one on an object of main, its ON name unqualified
    (fixed-seed case 164 with schema_steps: a TEMP table renamed to the name of the
    main view a TEMP INSTEAD OF trigger is on) -- whose ON name a TEMP object of the
    other kind shadows: SQLite's
    check parses it again and looks that unqualified name up as any statement does, temp
    first, so an INSTEAD OF trigger meeting a TEMP table, or a BEFORE/AFTER one meeting a
    TEMP view, fails as CREATE TRIGGER would (fuzz 82000031) -- and with it every RENAME
    and DROP COLUMN of main while the shadow lasts. A TEMP table shadowing a BEFORE or
    AFTER trigger's table has the body compiled against it (``rename_refs.shadow_of``)."""
    view = temp.views.get(ascii_lower(trigger.table))
    if view is None and temp.table_named(trigger.table) is None:
        return
    if (view is not None) != (trigger.timing == "INSTEAD OF"):
        kind = "view" if view is not None else "table"
        raise OperationalError(f"cannot create {trigger.timing} trigger on {kind}: {trigger.table}")
