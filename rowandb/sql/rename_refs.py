"""The tokens of a view's text that name a given table column, found by name resolution.

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

from .binder import Binder
from .lexer import Token
from .parser import parse


def view_tokens(catalog, view, table, position: int, schema: str = "main") -> list[Token]:
    """The tokens of ``view``'s text that resolve to column ``position`` of ``table``
    (``view`` of ``schema``, main or temp)."""
    quoted_name = '"' + view.name.replace('"', '""') + '"'
    parsed = parse(f"SELECT * FROM {schema}.{quoted_name}")
    binder = Binder(catalog, parsed)
    binder.resolved = []
    binder.bind_query(parsed.tree, None)
    inside = frozenset((view.name.lower(),))
    found = {}
    for node, source_table, pos, views in binder.resolved:
        if views == inside and source_table is not None and source_table.id == table.id \
                and pos == position:
            ident = node.this
            start, end = ident.meta["start"], ident.meta["end"] + 1
            found[start] = Token("quoted" if ident.quoted else "word", view.sql[start:end],
                                 start, end)
    return list(found.values())
