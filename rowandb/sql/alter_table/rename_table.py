"""ALTER TABLE RENAME TO: the stored texts that name the table, rewritten as SQLite's
renameTableFunc rewrites them (src/alter.c, legacy_alter_table off).

In a view and in a trigger's WHEN and steps SQLite resolves the names and rewrites the
tokens that resolved to the table: a FROM item or DML target naming it (also ``main.t``,
a string ``'t'`` standing for a table, inside subqueries and common tables' bodies), and a
qualifier ``t.x`` / ``t.*`` of a FROM item that has no alias. A common table, an alias, a
window, a column or a string spelled like the table stay. RowanDB does the same with its
binder (``Binder.table_refs``, noted while the view or each trigger step is bound; the
tokens of nodes bound inside this view alone). A trigger's ``ON t`` follows too.

SQLite also renames the ``excluded.`` qualifier of an upsert into the table (its excluded
row resolves to the table), and so does RowanDB. The texts of tables and indexes
(REFERENCES clauses, a CREATE's own name, ``ON t`` of an index, qualifiers in CHECKs and
index expressions) have no aliases or subqueries: they are rewritten by tokens
(``bind_alter.rename_in_text``). The new name is always written double-quoted, as SQLite
writes it.

A view or trigger that does not bind is left alone here: SQLite's "error in trigger tr:
..." comes from ``drop_column.check_schema`` before the edit, "error in view v: ..." from
``bind_alter.check_views`` after it (a view broken before is broken after).
"""

from __future__ import annotations

import dataclasses

from ...errors import OperationalError
from ..parse.lexer import Token, is_nm, tokenize, unquote
from ..parse.parser import parse
from ..parse.folds import checking_own_text
from .rename_refs import bound_trigger_pieces, ident_token, shadow_of, trigger_on
from ...catalog.ascii_case import ascii_lower


def renamed_views_and_triggers(catalog, table, new: str) -> tuple[dict, list, list]:
    """(name -> new text of main's views and triggers, [(TEMP view, new text)],
    [(TEMP trigger, its new form)]) for renaming ``table`` to ``new``."""
    main = getattr(catalog, "main", catalog)
    old = ascii_lower(table.name)
    in_temp = getattr(table, "in_temp", False)
    texts = {}
    temp = getattr(catalog, "temp", None)
    # main's views and triggers cannot name a temp table (temp_tables.py)
    for kind, name, _, _, sql in () if in_temp else main.schema_rows():
        if kind == "view" and _mentions(sql, old):
            texts[name] = _edited(sql, _view_tokens(catalog, main.view(name), table, "main"), new)
        elif kind == "trigger" and _mentions(sql, old):
            _check_shadowed_on(catalog, temp, main.trigger(name), old)
            texts[name] = _trigger_text(catalog, main.trigger(name), table, new)
    if temp is None:
        return texts, [], []
    temp_views = [(v, _edited(v.sql, _view_tokens(catalog, v, table, "temp"), new))
                  for v in temp.views.values() if _mentions(v.sql, old)]
    temp_triggers = []
    for trigger in temp.triggers.values():
        on_it = trigger.on_temp == in_temp and ascii_lower(trigger.table) == old
        if _mentions(trigger.sql, old) or on_it:
            temp_triggers.append((trigger, dataclasses.replace(
                trigger, sql=_trigger_text(catalog, trigger, table, new),
                table=new if on_it else trigger.table)))
    return (texts, [(v, sql) for v, sql in temp_views if sql != v.sql],
            [(t, r) for t, r in temp_triggers if r.sql != t.sql or r.table != t.table])


def _check_shadowed_on(catalog, temp, trigger, old: str) -> None:
    """A BEFORE or AFTER trigger of main on the renamed table whose ON name a TEMP table
    shadows: SQLite's check before the rename reads its body against the TEMP table;
    renameTableFunc finds the ON name on the TEMP table, so leaves it, and the check
    after reads ``ON t`` in main, where t is gone."""
    shadow = shadow_of(temp, trigger) if temp is not None else None
    if shadow is None or ascii_lower(trigger.table) != old:
        return
    try:
        for _ in bound_trigger_pieces(catalog, trigger, shadow, lambda binder, piece: None):
            pass
    except OperationalError as error:
        raise OperationalError(f"error in trigger {trigger.name}: {error}") from None
    raise OperationalError(f"error in trigger {trigger.name} after rename: "
                           f"no such table: main.{trigger.table}")


def _mentions(sql: str | None, old: str) -> bool:
    """Whether ``sql`` may name the table: some token reads as its name (a name holding
    a quote may be written with it doubled: `a``b`, 'x''y'; fuzz 69000095)."""
    return bool(sql) and (old in ascii_lower(sql) or any(q in old for q in "\"'`")) and any(
        is_nm(t) and ascii_lower(unquote(t.text)) == old for t in tokenize(sql))


def _edited(sql: str, tokens: list[Token], new: str) -> str:
    quoted = '"' + new.replace('"', '""') + '"'
    for tok in sorted({t.start: t for t in tokens}.values(), key=lambda t: t.start,
                      reverse=True):
        sql = sql[:tok.start] + quoted + sql[tok.end:]
    return sql


def _view_tokens(catalog, view, table, schema: str) -> list[Token]:
    """The tokens of ``view``'s text (a view of ``schema``) that resolve to ``table``."""
    from ..bind.binder import Binder
    quoted = '"' + view.name.replace('"', '""') + '"'
    parsed = parse(f"SELECT * FROM {schema}.{quoted}")
    binder = Binder(catalog, parsed)
    binder.table_refs = []
    try:
        with checking_own_text(1):
            binder.bind_query(parsed.tree, None)
    except OperationalError:
        return []                   # check_schema reports it
    inside = frozenset((ascii_lower(view.name),))
    return [ident_token(ident, view.sql) for ident, found, views in binder.table_refs
            if views == inside and found.id == table.id]


def _trigger_text(catalog, trigger, table, new: str) -> str:
    """``trigger``'s text with its ``ON t`` and what its body resolves to ``table``
    renamed."""
    try:
        on = trigger_on(catalog, trigger)
    except OperationalError:
        return trigger.sql          # check_schema reports it
    tokens = _on_token(trigger.sql, table.name)

    def prepare(binder, piece):
        binder.table_refs = []
    try:
        for _, binder in bound_trigger_pieces(catalog, trigger, on, prepare):
            tokens += [ident_token(ident, trigger.sql) for ident, found, views
                       in binder.table_refs if not views and found.id == table.id]
    except OperationalError:
        return trigger.sql          # check_schema reports it
    return _edited(trigger.sql, tokens, new)


def _on_token(sql: str, old: str) -> list[Token]:
    """The table name after the header's ON, when it is ``old``."""
    tokens = tokenize(sql)
    words = [t.upper for t in tokens]
    on = words.index("ON")
    name = on + 3 if on + 2 < len(tokens) and tokens[on + 2].text == "." else on + 1
    tok = tokens[name]
    return [tok] if ascii_lower(unquote(tok.text)) == ascii_lower(old) else []


def check_shadowed(session, new: str) -> None:
    """After a table of main is renamed to ``new``, SQLite reads main's schema again
    (renameReloadSchema), where ``ON "new"`` of the table's indexes and triggers finds a
    TEMP table or view of that name first: an index is then "views may not be indexed",
    or its columns and expressions must be the TEMP table's ('no such column: a'); a
    trigger is "cannot create AFTER trigger on view: new", or its program must compile
    over the TEMP table's NEW and OLD -- each "error in index i after rename: ...", the
    first in sqlite_schema order (fuzz seeds 73100142, 73100359). The caller undoes the
    rename."""
    temp = session.temp
    view = temp.views.get(ascii_lower(new))
    shadow = view if view is not None else temp.table_named(new)
    if shadow is None:
        return
    dictionary = session.db.dictionary
    for kind, name, on, _, sql in dictionary.schema_rows():
        if kind not in ("index", "trigger") or sql is None or ascii_lower(on) != ascii_lower(new):
            continue
        try:
            if kind == "index":
                session._bind_parsed(parse(sql))        # the session finds temp's first
            elif view is not None:
                timing = dictionary.trigger(name).timing
                raise OperationalError(f"cannot create {timing} trigger on view: {new}")
            else:
                session._trigger_program(dictionary.trigger(name), shadow, None)
        except OperationalError as error:
            raise OperationalError(f"error in {kind} {name} after rename: {error}") from None
