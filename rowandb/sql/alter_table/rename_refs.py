"""The tokens of a view's or a trigger's text that name a given table column, found by name
resolution.

SQLite's RENAME COLUMN (renameColumnFunc, src/alter.c) parses each view, resolves its names
and rewrites every token that resolved to the renamed column -- whether written ``b``,
``t.b`` or ``"b"``, in any clause or subquery -- and nothing else: a result alias, another
table's column of the same name, a column of a subquery or of another view stay. RowanDB
does the same with its own binder: ``Binder.resolved`` collects, while the view is bound,
every Column node that resolved to a table's column, with the views being bound then; the
nodes bound inside this view alone (its body, its common tables' bodies, not another view
it reads) that resolved to the renamed column give the tokens (sqlglot keeps each
identifier's offsets in the view's text, in every piece of it).
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ...errors import OperationalError
from ..bind.binder import Binder
from ..parse.folds import checking_own_text
from ..parse.lexer import Token, tokenize, unquote
from ..parse.parser import parse
from ..temp_views import SessionCatalog, TempTrigger
from ...catalog.ascii_case import ascii_lower
from ...catalog.schema import Column
from ...catalog.views import ViewShape


#: Errors of binding a trigger's step that SQLite's renameResolveTrigger does not make (it
#: resolves names in expressions, not an INSERT's column list or its width, nor matches an
#: ON CONFLICT target with an index): the trigger fails when it fires instead.
NOT_RESOLVED = re.compile(r"table .* has no column named |table .* has \d+ columns but \d+ "
                          r"values were supplied$|\d+ values for \d+ columns$|"
                          r"(\w+ )?ON CONFLICT clause does not match any PRIMARY KEY or "
                          r"UNIQUE constraint$")


def resolving(error: OperationalError) -> OperationalError | None:
    """The error SQLite's renameResolveTrigger makes where binding a trigger's step made
    ``error``: none for an INSERT's column list or width (``NOT_RESOLVED``), the error of
    the values and WHERE (bind_dml) for an UPDATE's SET target that is no column."""
    if getattr(error, "set_target", False):
        return getattr(error, "resolving", None)
    return None if NOT_RESOLVED.match(str(error)) else error


def view_tokens(catalog, view, table, position: int, schema: str = "main") -> list[Token]:
    """The tokens of ``view``'s text that resolve to column ``position`` of ``table``
    (``view`` of ``schema``, main or temp)."""
    binder = bound_view(catalog, view, schema)
    inside = frozenset((ascii_lower(view.name),))
    found = {}
    for node, source_table, pos, views in binder.resolved:
        if views == inside and source_table is not None and source_table.id == table.id \
                and pos == position:
            tok = ident_token(node.this, view.sql)
            found[tok.start] = tok
    return list(found.values())


def bound_view(catalog, view, schema: str = "main") -> Binder:
    """The binder that bound ``view``'s query (``view`` of ``schema``), as SQLite's rename
    mode reads it, its ``resolved`` filled."""
    quoted_name = '"' + view.name.replace('"', '""') + '"'
    parsed = parse(f"SELECT * FROM {schema}.{quoted_name}")
    binder = Binder(catalog, parsed)
    binder.resolved = []
    with checking_own_text(1):
        binder.bind_query(parsed.tree, None)
    return binder


def ident_token(ident, sql: str) -> Token:
    """The token of ``sql`` that identifier node ``ident`` was parsed from: a string
    where SQLite's grammar reads a name (``x.'a'``) counts as quoted, and is rewritten
    double-quoted as SQLite rewrites it."""
    start, end = ident.meta["start"], ident.meta["end"] + 1
    quoted = getattr(ident, "quoted", True)         # a Literal: the string's quotes
    name = ascii_lower(str(ident.this))
    if ascii_lower(unquote(sql[start:end])) != name:
        # the offsets are sqlglot's text's, which lexer.sqlglot_text may have made longer
        # or shorter before this token ('a`b'.c: `a``b`.c; fixed-seed case 162 with
        # alter): the nearest token of ``sql`` spelling the name is the one
        tok = min((t for t in tokenize(sql) if t.kind in ("word", "quoted", "string")
                   and ascii_lower(unquote(t.text)) == name),
                  key=lambda t: abs(t.start - start), default=None)
        if tok is not None:
            start, end = tok.start, tok.end
    return Token("quoted" if quoted else "word", sql[start:end], start, end)


def trigger_on(catalog, trigger, temp=None):
    """The table ``trigger`` is on, or the shape of its view (an INSTEAD OF trigger: NEW
    and OLD have the view's columns, as the view reads now). ``temp``: the session's
    TEMP schema, whose object of the kind the ON name of a main trigger names shadows
    it (``shadow_of``): a TEMP view named as a main INSTEAD OF trigger's view gives NEW
    and OLD its columns, as SQLite's rename check looks the unqualified ON name up temp
    first (an error binding that view is the trigger's)."""
    shadow = shadow_of(temp, trigger) if temp is not None else None
    if shadow is not None:
        return shadow
    main = getattr(catalog, "main", catalog)
    on_temp = getattr(trigger, "on_temp", False)
    if temp is not None and not isinstance(trigger, TempTrigger) and \
            trigger.timing == "INSTEAD OF" and ascii_lower(trigger.table) in temp.views:
        catalog, on_temp = SessionCatalog(main, temp), True
    tables = catalog.temp.tables if on_temp else main
    table = tables.table(trigger.table) if tables is not None else None
    if table is not None:
        return table
    view = catalog.temp.views[ascii_lower(trigger.table)] if on_temp else main.view(trigger.table)
    quoted = '"' + view.name.replace('"', '""') + '"'
    parsed = parse(f"SELECT * FROM {'temp' if on_temp else 'main'}.{quoted}")
    query = Binder(catalog, parsed).bind_query(parsed.tree, None)
    columns = tuple(Column(name, "", "BLOB") for name in query.names)
    return ViewShape(id=view.id, name=view.name, file_id=0, columns=columns, sql=view.sql)


def shadow_of(temp, trigger):
    """The TEMP table a BEFORE or AFTER trigger of main is checked against when one is
    named as its table: SQLite's rename check parses the trigger again and looks its
    unqualified ON name up temp first, so NEW and OLD are the TEMP table's columns, and
    a RENAME COLUMN of main's table leaves them (renameColumnFunc renames NEW and OLD
    only in a trigger found on the renamed table). None for a TEMP trigger, an INSTEAD
    OF one, or no such table (a shadow of the other kind: drop_column.py)."""
    if isinstance(trigger, TempTrigger) or trigger.timing == "INSTEAD OF" or \
            temp.views.get(ascii_lower(trigger.table)):
        return None
    return temp.table_named(trigger.table)


def bound_trigger_pieces(catalog, trigger, on, prepare):
    """(piece, binder) of each part of ``trigger``'s body (its WHEN and steps; ``on``: the
    table it is on) bound by a Binder that ``prepare(binder)`` readied, as SQLite's
    renameResolveTrigger resolves them: the errors ``resolving`` excuses end a step's binding
    and keep what it resolved so far. An INSERT's ON CONFLICT clauses then have every
    name resolved, whether or not a clause could run (``resolve_upsert_names``), every
    clause: SQLite 3.54 resolves only the first (renameResolveTrigger and renameWalkTrigger
    know only ``pStep->pUpsert``), so a RENAME COLUMN leaves a later clause naming a column
    that is gone -- its bug, not copied (docs/SQL.md)."""
    from ..bind.bind_trigger import TriggerRows
    from ..bind.bind_statement import bind_statement   # bind imports what imports us
    from ..bind.bind_dml import resolve_upsert_names
    syntax = parse(trigger.sql).trigger
    rows = TriggerRows(on, trigger.event, isinstance(trigger, TempTrigger))
    for piece in ([syntax.when] if syntax.when is not None else []) + syntax.steps:
        binder = Binder(catalog, piece)
        binder.trigger_rows = rows
        prepare(binder, piece)
        with checking_own_text(0):
            try:
                bind_statement(binder, piece)
            except OperationalError as error:
                found = resolving(error)
                if found is not None:
                    raise found from None           # else: the names resolved so far are the step's
            for clause in piece.upserts:
                resolve_upsert_names(binder, piece.tree, clause)
        yield piece, binder


def trigger_tokens(catalog, trigger, on, table, position: int) -> list[Token]:
    """The tokens of ``trigger``'s body (its WHEN and steps; ``on``: the table it is on)
    that resolve to column ``position`` of ``table``, and the names of that column in the
    column list of an INSERT into ``table`` and the SET targets of an UPDATE of it (SQLite's
    renameColumnIdlistNames and renameColumnElistNames). NEW.x and OLD.x are rename_column's.
    The names of every ON CONFLICT clause count (``bound_trigger_pieces``)."""
    column = ascii_lower(table.columns[position].name)

    def prepare(binder, piece):
        binder.resolved = []
    found = {}
    for piece, binder in bound_trigger_pieces(catalog, trigger, on, prepare):
        nodes = [node for node, source_table, pos, views in binder.resolved
                 if not views and source_table is not None and source_table.id == table.id
                 and pos == position]
        for node in nodes + _targets(piece, ascii_lower(table.name), column):
            tok = ident_token(node.this if isinstance(node, exp.Column) else node, trigger.sql)
            found[tok.start] = tok
    return list(found.values())


def _targets(piece, table: str, column: str) -> list:
    """The identifiers naming ``column`` of ``table`` as an INSERT's column, an UPDATE's
    SET target or a SET target of the INSERT's DO UPDATE clauses."""
    tree = piece.tree
    if isinstance(tree, exp.Insert):
        into = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        if ascii_lower(into.name) != table:
            return []
        listed = tree.this.expressions if isinstance(tree.this, exp.Schema) else []
        sets = [eq for clause in piece.upserts for eq in clause.expressions]
        return [i for i in listed if ascii_lower(i.name) == column] + _set_targets(sets, column)
    if isinstance(tree, exp.Update) and isinstance(tree.this, exp.Table) \
            and ascii_lower(tree.this.name) == table:
        return _set_targets(tree.expressions, column)
    return []


def _set_targets(assignments, column: str) -> list:
    """The targets of a SET list (``a = x``, ``(a, b) = (x, y)``) that name ``column``."""
    targets = []
    for eq in assignments:
        if not isinstance(eq, exp.EQ):
            continue
        target = eq.this.this if isinstance(eq.this, exp.Paren) else eq.this
        for one in target.expressions if isinstance(target, exp.Tuple) else [target]:
            if isinstance(one, exp.Column) and ascii_lower(one.name) == column \
                    or isinstance(one, exp.Literal) and one.is_string \
                    and ascii_lower(one.this) == column:                  # SET 'x' =
                targets.append(one.this if isinstance(one, exp.Column) else one)
    return targets
