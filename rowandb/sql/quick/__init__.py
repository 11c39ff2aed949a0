"""The quick path: a SELECT without FROM, or of plain tables, parsed and bound in one
pass over RowanDB's own tokens, without sqlglot, RowanDB's parse passes or the binder.

Why: a statement's fixed cost on the full path is a dozen passes -- the tokenizer,
sqlglot's parser, the grammar checks, the rewrites, the audit, the limits, the folds, the
binder's walk -- each a few microseconds on the smallest statement, and no one of them is
worth cutting alone (docs/PERFORMANCE.md, "What one statement costs outside sqlglot's
parse"). Most of the corpus's statements are SELECTs without FROM made of literals and
operators, or SELECTs of one table; for those the reader (``reader.py``, with
``query.py`` for the clauses after FROM) and the builder (``build.py``, with
``table.py`` for the table's names and clauses) make the same bound query the full path
makes, in one walk each.

What it takes is a whitelist: literals, unary and binary operators, comparisons,
AND/OR/NOT, IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN (list), CASE, CAST to a plain type
name, parentheses, abs/nullif/coalesce and count/sum/min/max/avg over such operands,
ALL/DISTINCT and aliases; with ``FROM table [[AS] alias]`` (a plain table of main;
several such, after commas or CROSS JOIN, where no subquery stands: joined.py) also
its column names (bare or qualified), ``*``/``t.*``, WHERE, GROUP BY, HAVING, ORDER BY
(numbers, result names, ASC/DESC) and LIMIT/OFFSET; and in that WHERE, ``x [NOT] IN
(SELECT ...)`` of such a query of one table, not correlated, and in its result columns
and WHERE, scalar ``(SELECT ...)`` and ``[NOT] EXISTS (SELECT ...)`` of such queries,
correlated or not (``subquery.py``); and a compound of one-table SELECTs without ORDER
BY, LIMIT or subqueries (``compound.py``); in place of a statement's or an arm's table,
a view of main whose query is a one-table SELECT without subqueries the path reads (or
of another such view), bound from its stored text (``view.py``; ``create_view.py``
reads such a CREATE VIEW without sqlglot), or a FROM subquery of such a SELECT without
a star (``view.py`` too). Anything else -- and anything that could be
an error -- is declined (None), and the statement takes the full path, which is the one
that knows SQLite's errors. A statement whose text shows a second SELECT (but one right
after a parenthesis), a FROM parenthesis not before SELECT or a JOIN other than CROSS
JOIN is declined before it is tokenized (``screen.py``),
unless its text splits at its compound operators into SELECTs the screen lets through.
A statement's clauses after its table are read once for the tables it is asked of
(``query._kept_rest``: its subqueries of that table too), its tokens made from an
earlier text's (``parse/renamed_tokens``).
The session (``Session._prepare``) asks it only where
nothing could make the answer differ: no authorizer, SQLite's default limits, no
connection function of a name it calls (checked by the reader); it passes the catalog
the binder would see (temp tables over main: a temp table declines).
"""

from __future__ import annotations

from ...errors import OperationalError
from ...planner.plan import bound as b
from ..bind.properties import collation_of
from ..parse.lexer import tokenize
from ..parse.parser import Parsed
from ..prepared import Prepared
from .build import Builder
from .delete import quick_delete
from .compound import bind_arms, read_arms, shows_compound
from .reader import Decline, Reader
from .screen import surely_declined
from .subquery import bind_items
from .table import bind_table_query
from .view import apply_notes, query_source
from ..bind.tables import single_query


def quick_prepare(statement: str, catalog=None) -> tuple[Parsed, b.Select] | None:
    """(Parsed, bound query) of ``statement`` (one statement, no ``;``), or None when the
    quick path declines it. ``catalog``: the names the statement sees (the session's
    ``SessionCatalog``); without one a FROM clause declines."""
    if statement[:6].upper() != "SELECT":
        return None
    if surely_declined(statement):
        return _compound(statement, catalog) if shows_compound(statement) else None
    try:
        tokens = tokenize(statement)
    except OperationalError:
        return None
    reader = Reader(tokens, statement)
    try:
        distinct, items = reader.select()
        if reader.subqueries and reader.clauses is not None and reader.clauses.joins:
            return None                 # a subquery beside a join (joined.py)
        select = _bind(reader.clauses, items, catalog)
    except Decline:
        return None
    select.column_collations = [collation_of(c) or "BINARY" for c in select.columns]
    select.distinct = distinct
    select.alone = single_query(statement)
    texts = [[item[3] for item in query] for query in [items] + reader.subqueries]
    parsed = Parsed("select", statement, select_texts=texts, glot_text=statement)
    return parsed, select


def _compound(statement: str, catalog) -> tuple[Parsed, b.Select] | None:
    """(Parsed, bound query) of a compound of one-table SELECTs (compound.py), or None."""
    if catalog is None:
        return None
    try:
        arms, texts = read_arms(statement)
        select = bind_arms(arms, catalog)
    except (Decline, OperationalError):
        return None
    return Parsed("select", statement, select_texts=texts, glot_text=statement), select


def _bind(clauses, items: list, catalog) -> b.Select:
    """The bound query of the items and the clauses after them (None: no FROM)."""
    select = b.Select(items=[], columns=[], names=[], group_slot=0)
    builder = Builder(select, catalog)
    if clauses is not None:
        builder.statement_table = clauses.table
        notes: list = []
        source, item = query_source(builder, clauses, 0, notes)
        bind_table_query(builder, select, items, clauses, source, item)
        apply_notes(catalog, notes)
        return select
    bind_items(builder, select, items)
    return select


def quick_prepared(statement: str, version: tuple, catalog=None) -> Prepared | None:
    """The cache entry of ``statement`` made by the quick path, its bound query (or
    DELETE: delete.py) waiting for ``Session._compile``; None where the path declines.
    It holds no sqlglot tree (``trees_dropped``), so a new schema version prepares the
    text again."""
    found = quick_delete(statement, catalog) if statement[:6].upper() == "DELETE" \
        else quick_prepare(statement, catalog)
    if found is None:
        return None
    prepared = Prepared(found[0], version)
    prepared.bound = found[1]
    prepared.trees_dropped = True
    return prepared
