"""ALTER TABLE RENAME COLUMN: binding, and rewriting the stored texts that name the column.

As SQLite's renameColumnFunc (src/alter.c), every token that names the column is replaced
and nothing else moves: in the table's CREATE TABLE (the column's definition, CHECK
expressions, PRIMARY KEY / UNIQUE / FOREIGN KEY lists, a self-reference's parent columns),
in the parent-column lists of other tables' REFERENCES to it, in its indexes' column lists,
and in its triggers' ``UPDATE OF`` lists and ``new.x`` / ``old.x``. A token written quoted
gets the new name double-quoted; one written bare gets it bare, unless the new name was
quoted in the ALTER statement, which quotes every replacement (renameEditSql).

In a view, and in the WHEN and steps of any trigger, the tokens that resolve to the column
are replaced, as the binder resolves them (rename_refs.py), with the column's names in an
INSERT's column list and an UPDATE's SET of the table (and of a step's DO UPDATE). A
trigger on a view is read as its own table's would be, its NEW and OLD naming the view's
columns (``rename_refs.trigger_on``).
"""

from __future__ import annotations

import dataclasses
import json

from ...errors import OperationalError
from ...planner.plan import bound as b
from . import quote_fix
from ..parse.lexer import Token, closing_paren, is_nm, tokenize, unquote
from ...catalog.ascii_case import ascii_lower

_TABLE_CONSTRAINTS = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
_COLUMN_CONSTRAINTS = frozenset(("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
                                 "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"))
_CTIME_WORDS = frozenset(("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"))
_NOT_A_COLUMN_AFTER = frozenset(("DEFAULT", "COLLATE", "CONSTRAINT", "REFERENCES", ".",
                                 "AS"))   # CAST(x AS type)


def bind_rename_column(catalog, table, view, syntax) -> b.RenameColumn:
    """The bound RENAME COLUMN; ``catalog`` is the connection's (its TEMP views are
    rewritten too). The texts of the table's own schema are rewritten: main's for a table
    of main, the temp dictionary's for a TEMP table (main's objects cannot name it).

    Only an unknown column or a view fails here, as in SQLite's sqlite3AlterRenameColumn;
    the other errors are its renameColumnFunc's, which runs after renameTestSchema has
    found whatever the schema had broken before: they wait in ``failure``."""
    if view is not None:
        raise OperationalError(f'cannot rename columns of view "{view.name}"')
    pos = table.column_index(syntax.column)
    if pos is None:
        raise OperationalError(f'no such column: "{syntax.written}"')
    try:
        return _bind_rename(catalog, table, syntax, pos)
    except OperationalError as error:
        return b.RenameColumn(table=table, position=pos, new_name=syntax.new_name, texts={},
                              trigger_columns={}, failure=str(error))


def _bind_rename(catalog, table, syntax, pos: int) -> b.RenameColumn:
    from .rename_refs import shadow_of      # rename_refs binds: binder imports us
    in_temp = getattr(table, "in_temp", False)
    own = catalog.temp.tables if in_temp else getattr(catalog, "main", catalog)
    new = syntax.new_name
    other = table.column_index(new)
    if other is not None and other != pos:
        later = table.columns[other].name if other > pos else new
        raise OperationalError(f"error in table {table.name} after rename: "
                               f"duplicate column name: {later}")
    column = table.columns[pos].name
    temp = getattr(catalog, "temp", None)
    strings = quote_fix.schema_strings(catalog, own, "temp" if in_temp else "main")
    temp_strings = quote_fix.temp_strings(catalog)
    texts = {}
    for kind, name, tbl_name, _, sql in own.schema_rows():
        fixes = strings.get((kind, ascii_lower(name)), [])
        if kind == "view" and sql and _names(tokenize(sql), column):
            rewritten = _edited(sql, _view_tokens(own, own.view(name), table, pos), new,
                                syntax.new_quoted, fixes)
        elif kind == "trigger":
            trigger = own.trigger(name)
            shadow = None if in_temp or temp is None else shadow_of(temp, trigger)
            on_table = ascii_lower(tbl_name) == ascii_lower(table.name) and shadow is None
            edits = _trigger_edits(own, trigger, on_table, table, pos, shadow)
            rewritten = _edited(sql, edits, new, syntax.new_quoted, fixes)
        elif sql:
            _index_fails(catalog, own, kind, name, tbl_name, sql, fixes, table)
            rewritten = _rewrite(kind, name, tbl_name, sql, table.name, column, new,
                                 syntax.new_quoted, fixes)
        else:
            continue
        if rewritten != sql:
            texts[sys_row(own, kind, name)] = rewritten
    temp_views = [] if temp is None else [
        (v, _edited(v.sql, _view_tokens(catalog, v, table, pos, "temp")
                    if _names(tokenize(v.sql), column) else [], new, syntax.new_quoted,
                    temp_strings.get(("view", lname), [])))
        for lname, v in temp.views.items()
        if _names(tokenize(v.sql), column) or ("view", lname) in temp_strings]
    temp_triggers = [] if temp is None else _temp_triggers(catalog, temp, table, pos, new,
                                                           syntax.new_quoted, temp_strings)
    # a TEMP table's triggers are the temp schema's (``temp_triggers``), not SYS rows
    triggers = {} if in_temp else {
        t.id: json.dumps([new if ascii_lower(c) == ascii_lower(column) else c for c in t.columns])
        for t in table.triggers if t.columns and
        any(ascii_lower(c) == ascii_lower(column) for c in t.columns)}
    return b.RenameColumn(table=table, position=pos, new_name=new, texts=texts,
                          trigger_columns=triggers,
                          temp_views=[(v, sql) for v, sql in temp_views if sql != v.sql],
                          temp_triggers=temp_triggers,
                          temp_texts=quote_fix.temp_texts(catalog, table))


def sys_row(main, kind: str, name: str) -> tuple:
    """(SYS table, rowid) of the schema object whose sqlite_schema row is (kind, name)."""
    return main.object_row(kind, name)


def _index_fails(catalog, own, kind, name, tbl_name, sql, fixes, table) -> None:
    """An index whose quote-fixed text no longer binds (``quote_fix.index_error``) fails
    the rename: one of the table as renameColumnFunc reads it, another's after it."""
    if kind != "index" or not fixes:
        return
    error = quote_fix.index_error(catalog, own.table(tbl_name), quote_fix.fixed(sql, fixes))
    if error is not None:
        when = "" if ascii_lower(tbl_name) == ascii_lower(table.name) else " after rename"
        raise OperationalError(f"error in index {name}{when}: {error}")


def _rewrite(kind, name, tbl_name, sql, table, column, new, quote_all, fixes) -> str:
    tokens = tokenize(sql)
    same = ascii_lower(table)
    if kind == "table":
        edits = _in_create_table(tokens, same if ascii_lower(name) == same else None, column, same)
    elif kind == "index":
        edits = _in_index(tokens, column) if ascii_lower(tbl_name) == same else []
    else:
        edits = []
    return _edited(sql, edits, new, quote_all, fixes)


def _edited(sql: str, edits: list[Token], new: str, quote_all: bool, fixes=()) -> str:
    """``sql`` with each token of ``edits`` replaced by ``new``, quoted as renameEditSql
    quotes it, and each double-quoted string of ``fixes`` single-quoted (quote_fix.py)."""
    renamed = {tok.start: (tok.start, tok.end, '"' + new.replace('"', '""') + '"'
                           if quote_all or tok.kind != "word" else new) for tok in edits}
    return quote_fix.replaced(sql, list(renamed.values()) + [
        edit for edit in quote_fix.replacements(sql, fixes) if edit[0] not in renamed])


def _temp_triggers(catalog, temp, table, pos: int, new: str, quote_all: bool,
                   strings: dict) -> list:
    """(TEMP trigger, its rewritten form) of each TEMP trigger the rename changes
    (``strings``: quote_fix.temp_strings)."""
    column = ascii_lower(table.columns[pos].name)
    changed = []
    in_temp = getattr(table, "in_temp", False)
    for lname, trigger in list(temp.triggers.items()):
        fixes = strings.get(("trigger", lname), [])
        on_it = trigger.on_temp == in_temp and ascii_lower(trigger.table) == ascii_lower(table.name)
        edits = _trigger_edits(catalog, trigger, on_it, table, pos)
        columns = trigger.columns
        if on_it and columns is not None:
            columns = tuple(new if ascii_lower(c) == column else c for c in columns)
        if edits or fixes or columns != trigger.columns:
            changed.append((trigger, dataclasses.replace(
                trigger, sql=_edited(trigger.sql, edits, new, quote_all, fixes),
                columns=columns)))
    return changed


def _trigger_edits(catalog, trigger, on_it: bool, table, pos: int,
                   shadow=None) -> list[Token]:
    """The tokens of ``trigger`` (on the table when ``on_it``) that name the column:
    ``UPDATE OF`` and NEW/OLD of a trigger on the table, and what its WHEN and steps
    resolve to it (rename_refs.py) -- also in a trigger on a view, whose NEW and OLD name
    the view's columns; ``shadow``: the TEMP table a main trigger's NEW and OLD then
    read (``rename_refs.shadow_of``)."""
    from ..bind.bind_trigger import in_main_trigger
    from .rename_refs import trigger_on, trigger_tokens   # rename_refs binds: binder imports us
    tokens = tokenize(trigger.sql)
    column = table.columns[pos].name
    if not _names(tokens, column):
        return []
    edits = _in_trigger(tokens, column) if on_it else []
    try:
        found = trigger_tokens(catalog, trigger, shadow or trigger_on(catalog, trigger),
                               table, pos)
    except OperationalError as error:
        error = in_main_trigger(trigger, error)
        raise OperationalError(f"error in trigger {trigger.name}: {error}") from None
    starts = {t.start for t in edits}
    return edits + [t for t in found if t.start not in starts]


def _view_tokens(catalog, view, table, pos: int, schema: str = "main") -> list[Token]:
    """The tokens of ``view`` that resolve to the column; a view that does not bind fails
    the rename as SQLite's renameTestSchema does."""
    from .rename_refs import view_tokens        # rename_refs binds: binder imports us
    try:
        return view_tokens(catalog, view, table, pos, schema)
    except OperationalError as error:
        raise OperationalError(f"error in view {view.name}: {error}") from None


def _is(tok: Token, name: str) -> bool:
    """Whether ``tok`` is an identifier spelling ``name``: quoted, or a bare word SQLite
    can read as a name (not NULL, ON or another reserved word)."""
    return (tok.kind == "quoted" or tok.kind == "word" and is_nm(tok)) and \
        ascii_lower(unquote(tok.text)) == ascii_lower(name)


def _names(tokens, column) -> list[Token]:
    """The tokens that may name ``column``: a text without one needs no binding (a
    string counts, SQLite's grammar reads one as a name after a dot: ``x.'a'``)."""
    return [t for t in tokens if _is_name(t, column)]


def _in_create_table(tokens, own: str | None, column: str, table: str) -> list[Token]:
    """Tokens naming ``column`` in a CREATE TABLE: everywhere in the table's own text
    (``own`` set) but types, defaults, collations, functions and other tables' columns; in
    another table's text, only in the parent columns of its REFERENCES to ``table``."""
    edits, depth, item_start, in_type = [], 0, False, False
    parent, parent_depth = None, 0      # the table of the REFERENCES list being read
    key_list = False                    # inside a PRIMARY KEY / UNIQUE / FOREIGN KEY list
    for i, tok in enumerate(tokens):
        text = tok.upper if tok.kind == "word" else tok.text
        before = tokens[i - 1] if i else None
        if text in ("(", ")"):
            key_list = text == "(" and depth == 1 and before.upper in ("KEY", "UNIQUE")
            if text == "(" and depth == 0:
                item_start = True
            elif text == "(" and i > 1 and tokens[i - 2].upper == "REFERENCES":
                parent, parent_depth = ascii_lower(unquote(before.text)), depth + 1
            elif text == ")" and depth == parent_depth:
                parent = None
            depth += 1 if text == "(" else -1
            continue
        if depth == 1 and text == ",":
            item_start, in_type = True, False
            continue
        if depth == 1 and item_start:
            item_start, in_type = False, text not in _TABLE_CONSTRAINTS
            if own is not None and _is_name(tok, column) and in_type:
                edits.append(tok)           # the column's own definition ('b' INT too)
            continue
        if depth == 1 and tok.kind == "word" and text in _COLUMN_CONSTRAINTS:
            in_type = False
        if depth < 2 or key_list and before.text not in ("(", ","):
            # outside parentheses only an item's first token names a column (ON CONFLICT
            # IGNORE, ON DELETE CASCADE, INITIALLY DEFERRED, STORED, WITHOUT ROWID are
            # words), and in a key list only a term's first (then ASC, DESC, COLLATE)
            continue
        if (key_list or parent is not None) and _listed_string(tokens, i, column):
            if own is not None and key_list or parent == table:
                edits.append(tok)           # PRIMARY KEY ('b'), REFERENCES t('b')
            continue
        qualified = before is not None and before.text == "."
        if not (_is(tok, column) or qualified and _is_name(tok, column)) or \
                tok.kind == "word" and tok.upper in _CTIME_WORDS:
            continue                        # in an expression CURRENT_DATE is the keyword
        # (after a dot a string is a name: t.'b')
        if parent is not None:
            if parent == table:
                edits.append(tok)
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if own is None or in_type or (after is not None and after.text in ("(", ".")):
            continue                        # a call, or a qualifier: t.t names column t
        if qualified:
            if _is(tokens[i - 2], own):
                edits.append(tok)
            continue
        if before is None or before.upper not in _NOT_A_COLUMN_AFTER:
            edits.append(tok)
    return edits


def _in_index(tokens, column: str) -> list[Token]:
    """The column's tokens in the list after ``ON table(`` (a string alone as a term,
    ``ON t('b')``, names it too)."""
    on = next(i for i, t in enumerate(tokens) if t.upper == "ON")
    strings = {_term_string(tokens, first, last) for first, last in _terms(tokens, on + 2)}
    return [t for k, t in enumerate(tokens[on + 2:], on + 2)
            if (_is(t, column) and tokens[k - 1].upper != "COLLATE")
            or k in strings and ascii_lower(unquote(t.text)) == ascii_lower(column)]


def _terms(tokens, open_at: int) -> list[tuple[int, int]]:
    """(first, last) token of each term of the list opened at ``open_at``."""
    spans, depth, first = [], 0, open_at + 1
    for k in range(open_at, len(tokens)):
        depth += tokens[k].text == "("
        depth -= tokens[k].text == ")"
        if depth == 1 and tokens[k].text == "," or depth == 0:
            spans.append((first, k - 1))
            first = k + 1
        if depth == 0:
            break
    return spans


def _term_string(tokens, first: int, last: int) -> int | None:
    """The string token an index term is, where SQLite reads it as a name: alone or
    with one COLLATE, parentheses anywhere around it, an ASC or DESC after it."""
    collated = False
    if tokens[last].upper in ("ASC", "DESC"):
        last -= 1
    while first < last:
        if tokens[first].text == "(" and closing_paren(tokens, first) == last:
            first, last = first + 1, last - 1
        elif not collated and last - first >= 2 and tokens[last - 1].upper == "COLLATE":
            collated, last = True, last - 2
        else:
            return None
    return first if tokens[first].kind == "string" else None


def _is_name(tok: Token, name: str) -> bool:
    """``_is``, or a string spelling the name (SQLite's ``nm`` may be a STRING)."""
    return _is(tok, name) or tok.kind == "string" and \
        ascii_lower(unquote(tok.text)) == ascii_lower(name)


# What may follow a name in a list of key or index columns.
_AFTER_LISTED = frozenset((",", ")", "COLLATE", "ASC", "DESC"))


def _listed_string(tokens, i: int, column: str) -> bool:
    """Whether ``tokens[i]`` is a string naming ``column`` alone as a term of a column
    list (a PRIMARY KEY, UNIQUE, FOREIGN KEY, REFERENCES or index list), where SQLite
    reads a string as a name; in an expression it stays a string."""
    tok = tokens[i]
    after = tokens[i + 1].upper if i + 1 < len(tokens) else ""
    return tok.kind == "string" and tokens[i - 1].text in ("(", ",") and \
        after in _AFTER_LISTED and ascii_lower(unquote(tok.text)) == ascii_lower(column)


def _in_trigger(tokens, column: str) -> list[Token]:
    """``UPDATE OF`` names and ``new.x`` / ``old.x`` of a trigger on the table."""
    words = [t.upper for t in tokens]
    begin = words.index("BEGIN")
    of = next((i + 1 for i in range(begin) if words[i:i + 2] == ["UPDATE", "OF"]), None)
    on = words.index("ON", of) if of is not None else None
    edits = []
    for i, tok in enumerate(tokens):
        if not _is_name(tok, column):       # new.'x' too: a string after a dot is a name
            continue
        qualifier = tokens[i - 2] if i > 1 and tokens[i - 1].text == "." else None
        if of is not None and of < i < on:
            edits.append(tok)               # UPDATE OF a, 'b' ON ... (fuzz 94000188)
        elif tok.kind == "string" and qualifier is None:
            continue
        elif qualifier is not None and qualifier.upper in ("NEW", "OLD"):
            edits.append(tok)
    return edits
