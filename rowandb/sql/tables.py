"""How statements name tables and indexes: schema prefixes, INDEXED BY / NOT INDEXED
(functions in FROM are ``bind_table_function.py``'s).

A table lives in ``main`` or, for a TEMP table, in the connection's ``temp`` schema
(temp_views.SessionCatalog looks temp up first); there are no attached databases, so a
table named under any other schema does not exist, with SQLite's message. The binders of
queries and of DML statements share these lookups.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ..errors import OperationalError
from ..catalog.ascii_case import ascii_lower, ascii_upper
from .tree_walk import children as node_children


def lookup_table(catalog, node: exp.Table):
    """The table a FROM item or DML target names, in ``main`` or ``temp`` (a connection's
    catalog finds temp's first); there are no attached databases, so any other schema has
    no such table."""
    scope = in_schema(catalog, node.args.get("db"))
    table = scope.table(node.name) if scope is not None else None
    if table is None:
        schema = node.db
        error = OperationalError(f"no such table: {schema + '.' if schema else ''}{node.name}")
        error.unqualified = not schema      # a view's schema is put before it (bind_view)
        raise error
    return table


def in_schema(catalog, schema):
    """The catalog in which ``schema.name`` is looked up (``schema``: an identifier or
    None); None for a schema that does not exist. A connection's catalog has a temp schema
    (temp_views.SessionCatalog); the dictionary alone is main."""
    if schema is None:
        return catalog
    if hasattr(catalog, "in_schema"):
        return catalog.in_schema(schema.name)
    return catalog if ascii_lower(schema.name) == "main" else None


def names_view(catalog, node: exp.Table):
    """The view a FROM item names (no table has its name), or None."""
    scope = in_schema(catalog, node.args.get("db"))
    if not isinstance(node.this, exp.Identifier) or scope is None:
        return None
    return scope.view(node.name) if scope.table(node.name) is None else None


def index_hint(table, node: exp.Table):
    """``INDEXED BY name`` -> that index of ``table``; ``NOT INDEXED`` -> (); else None."""
    indexed = node.args.get("indexed")
    if indexed is False:                # sqlglot's mark for NOT INDEXED
        return ()
    if indexed is None:
        return None
    if indexed.args.get("db") is not None:     # INDEXED BY s.i: SQLite's grammar has nm only
        raise OperationalError('near ".": syntax error')
    wanted = ascii_lower(indexed.name)
    index = next((ix for ix in table.indexes if ascii_lower(ix.name) == wanted), None)
    if index is None:
        raise OperationalError(f"no such index: {indexed.name}")
    return index


# -- the tables of a SELECT statement, all looked up before any column --------------------------
_COMPOUND = (exp.Union, exp.Intersect, exp.Except)
_CLAUSES = ("expressions", "where", "joins", "group", "having", "order", "limit", "offset")


def look_up_tables(catalog, query, common=lambda item: False, alone: bool = False) -> None:
    """Look up every table a SELECT names, in its subqueries too. SQLite expands a whole
    SELECT statement before it resolves any column name (select.c sqlite3SelectExpand):
    each SELECT's FROM tables, its USING columns, then the subqueries of its clauses (a
    compound's SELECTs right to left). So a missing table is reported before a missing
    column anywhere in the statement: ``SELECT nosuch, (SELECT 1 FROM nosuchtab) FROM t``
    is 'no such table: nosuchtab'. ``common(item)`` tells a FROM item that names a common
    table expression or a view (whose query's tables are looked up in its turn, as SQLite
    expands a view where it meets it). ``alone``: the statement's text holds no other
    query and no ``IN table`` (``single_query``), so its clauses are not searched."""
    if isinstance(query, exp.Subquery):
        look_up_tables(catalog, query.this, common)
    elif isinstance(query, _COMPOUND):
        look_up_tables(catalog, query.expression, common)
        look_up_tables(catalog, query.this, common)
    elif isinstance(query, exp.Select):
        from_ = query.args.get("from_") or query.args.get("from")
        items = [from_.this] if from_ is not None else []
        joins = query.args.get("joins") or []
        items += [join.this for join in joins]
        tables = [_from_item(catalog, item, common) for item in items]
        _check_using(joins, tables)
        for key in _CLAUSES if not alone else ():
            value = query.args.get(key)
            for part in value if isinstance(value, list) else [value]:
                if isinstance(part, exp.Expression):
                    _subqueries(catalog, part, items, common)


def look_up_rows(catalog, rows: list, common=lambda item: False) -> None:
    """Look up the tables of the subqueries in the rows of a VALUES of several rows: SQLite
    makes them the SELECTs of a compound (sqlite3MultiValues), expanded last one first."""
    for row in reversed(rows) if len(rows) > 1 else ():
        look_up_tables(catalog, exp.Select(expressions=list(row.expressions)), common)


def look_up_from_clause(catalog, first, common=lambda item: False) -> None:
    """Look up the tables of UPDATE ... FROM's FROM clause, whose first item ``first``
    holds the joins. SQLite's parser makes a FROM of several items one nested SELECT of
    them (parse.y's UPDATE rule, SF_NestedFrom), a FROM subquery of the join that
    selectExpander expands whole where it meets it: its items, its USING columns, then
    the subqueries of its ON conditions -- all before the subqueries of the SET values
    and the WHERE, and before any name resolves (``UPDATE t SET c = (SELECT 1 FROM v2)
    FROM a JOIN b ON (SELECT 1 FROM v1)`` is 'no such table: v1')."""
    joins = first.args.get("joins") or []
    items = [first] + [join.this for join in joins]
    tables = [_from_item(catalog, item, common, nested=False) for item in items]
    _check_using(joins, tables)
    for join in joins:
        _subqueries(catalog, join, items, common)


def _from_item(catalog, item, common, nested: bool = True):
    """Look up a FROM item; the Table it names (None for a subquery, a function or a
    common table). ``nested``: also the items joined under it."""
    if isinstance(item, exp.Table) and common(item):
        return None
    if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
        table = lookup_table(catalog, item)
        for join in item.args.get("joins") or [] if nested else ():    # FROM (a JOIN b)
            _from_item(catalog, join.this, common)
        return table
    if isinstance(item, (exp.Subquery, exp.Select, *_COMPOUND)):
        look_up_tables(catalog, item, common)
    elif isinstance(item, exp.Values):          # FROM (VALUES ...): SELECTs, expanded here
        for row in reversed(item.expressions):  # last one first, as a compound's
            look_up_tables(catalog, exp.Select(expressions=list(row.expressions)), common)
    return None


NATURAL_WITH_CONDITION = "a NATURAL join may not have an ON or USING clause"


def is_natural(join: exp.Join) -> bool:
    """Whether ``join`` is a NATURAL join (sqlglot keeps the word as its kind or method)."""
    return "NATURAL" in (ascii_upper(join.args.get("kind") or ""),
                         ascii_upper(join.args.get("method") or ""))


def _check_using(joins, tables) -> None:
    """SQLite's USING check, made while it expands (sqlite3ProcessJoin), where every table
    joined so far is a plain table whose columns are known here."""
    for k, join in enumerate(joins, 1):
        if is_natural(join) and (join.args.get("using") or join.args.get("on") is not None):
            raise OperationalError(NATURAL_WITH_CONDITION)
        for ident in join.args.get("using") or []:
            if any(t is None for t in tables[:k + 1]):
                return                          # a subquery's columns: the binder checks
            name = ident.name
            if tables[k].column_index(name) is None or \
                    all(t.column_index(name) is None for t in tables[:k]):
                raise OperationalError(
                    f"cannot join using column {name} - column not present in both tables")


def in_table(field) -> exp.Table:
    """The table of ``x IN [schema.]t`` or ``x IN [schema.]f(args)``: SQLite's grammar takes
    a table name or a table-valued function there, with its schema kept (``IN main.t`` must
    not read a TEMP table t)."""
    if isinstance(field, exp.Column) and not field.args.get("db"):
        return exp.Table(this=field.this.copy(), db=field.args["table"].copy()
                         if field.args.get("table") else None)
    if isinstance(field, exp.Anonymous):
        return exp.Table(this=field.copy())
    if isinstance(field, exp.Dot) and isinstance(field.this, exp.Identifier) \
            and isinstance(field.expression, exp.Anonymous):
        return exp.Table(this=field.expression.copy(), db=field.this.copy())
    raise OperationalError(f'near "{field.sql(dialect="sqlite")}": syntax error')


def look_up_subqueries(catalog, expressions: list, common=lambda item: False) -> None:
    """Look up the tables of the subqueries inside ``expressions``, in order."""
    for expr in expressions:
        _subqueries(catalog, expr, (), common)


_OTHER_QUERY = re.compile(r"union|intersect|except|values|\bin\b(?!\s*\()", re.IGNORECASE)


def single_query(text: str) -> bool:
    """Whether a statement's text can hold no query but its own and no ``IN table``: the
    word SELECT once at most, no compound or VALUES, every IN followed by a parenthesis.
    A test of the text that may say no wrongly (a word in a string or a name), never yes:
    then no clause of the statement's query needs searching for subqueries."""
    return ascii_lower(text).count("select") <= 1 and _OTHER_QUERY.search(text) is None


def _subqueries(catalog, expr, skip, common) -> None:
    """Look up the tables of the subqueries inside a clause (not its FROM items). Each
    node class's part in this is found once (``_KINDS``)."""
    skipped = {id(s) for s in skip}     # the FROM items (alive: ids stay theirs)
    stack = [expr]
    while stack:
        node = stack.pop()
        if skipped and id(node) in skipped:
            continue
        kind = _KINDS.get(node.__class__)
        if kind is None:
            kind = _KINDS[node.__class__] = _kind(node.__class__)
        if kind == _QUERY:
            look_up_tables(catalog, node, common)
            continue
        if kind == _IN and node.args.get("field") is not None:
            field = in_table(node.args["field"])
            if isinstance(field.this, exp.Identifier) and not common(field):
                lookup_table(catalog, field)    # ``x IN c``: a table, or a common table
        children = node_children(node)
        if kind != _LIKE:
            children.reverse()
        # like(pattern, text): SQLite walks the pattern first, so it is popped first
        stack.extend(children)


_OTHER, _QUERY, _IN, _LIKE = range(4)
_KINDS: dict = {}           # sqlglot node class -> its part in _subqueries


def _kind(cls) -> int:
    if issubclass(cls, (exp.Select, *_COMPOUND)):
        return _QUERY
    if issubclass(cls, exp.In):
        return _IN
    return _LIKE if issubclass(cls, (exp.Like, exp.Glob)) else _OTHER
