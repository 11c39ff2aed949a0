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

from ...errors import OperationalError
from ...catalog.ascii_case import ascii_lower
from .clauses import converted
from .from_columns import FunctionNames, check_joins, result_names, star_error
from .names import values_names
from .nested_columns import Parts, nested_names
from ..parse.list_widths import row_list
from ..parse.tree_walk import children as node_children


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


def unparenthesised(node, first: bool):
    """A FROM item written in parentheses around one table, view, common table or
    table-valued function (``(t)``, ``((t) AS y) AS x``) as SQLite's grammar reads it
    (parse.y, seltablist ``LP seltablist RP as on_using``): the inner item as it is when it
    is ``first`` in its FROM list and has no alias outside the parentheses; otherwise the
    same item under the outer alias alone, an alias written inside dropped (``u JOIN (t AS
    x)`` names no x). Anything else -- a subquery, parenthesised joins -- is ``node``."""
    if not isinstance(node, exp.Subquery) or not _one_item(node.this):
        return node
    inner = unparenthesised(node.this, True)    # the first item of its own list
    if first and not node.alias:
        return inner
    item = inner.copy()
    item.set("alias", node.args.get("alias"))
    return item


def _one_item(node) -> bool:
    if isinstance(node, exp.Subquery):
        return _one_item(node.this)
    return isinstance(node, exp.Table) and not node.args.get("joins")


_NO_TABLE = "no such table: "


def named_in_main(error: OperationalError) -> OperationalError:
    """``error`` as SQLite words it when the statement is a main view's query or a main
    trigger's body: SQLite puts every table they read in main (sqlite3FixSrcList), so a
    missing unqualified one is 'no such table: main.x' -- also one whose name holds a dot
    (``[x.y]`` is 'main.x.y'); ``lookup_table`` marks whether the name was qualified."""
    message = str(error)
    if message.startswith(_NO_TABLE) and getattr(error, "unqualified",
                                                  "." not in message[len(_NO_TABLE):]):
        return OperationalError(_NO_TABLE + "main." + message[len(_NO_TABLE):])
    return error


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
    """``INDEXED BY name`` -> that index of ``table``; ``NOT INDEXED`` -> (); else None.
    NOT INDEXED on a WITHOUT ROWID table is None: SQLite's planner (whereLoopAddBtree)
    honours it only by leaving a rowid table's indexes out, and probes a WITHOUT ROWID
    table's indexes all the same."""
    indexed = node.args.get("indexed")
    if indexed is False:                # sqlglot's mark for NOT INDEXED
        return None if getattr(table, "without_rowid", False) else ()
    if indexed is None:
        return None
    if indexed.args.get("db") is not None:     # INDEXED BY s.i: SQLite's grammar has nm only
        raise OperationalError('near ".": syntax error')
    wanted = ascii_lower(indexed.name)
    index = next((ix for ix in table.indexes if ascii_lower(ix.name) == wanted), None)
    if index is None:
        raise OperationalError(f"no such index: {indexed.name}")
    return index


def not_indexed(node: exp.Table) -> bool:
    """Whether the FROM item ``node`` is written NOT INDEXED: SQLite then builds no
    automatic index for it, of a WITHOUT ROWID table too, whose indexes it still probes
    (where.c, whereLoopAddBtree; ``TableSource.automatic``)."""
    return node.args.get("indexed") is False


# -- the tables of a SELECT statement, all looked up before any column --------------------------
_COMPOUND = (exp.Union, exp.Intersect, exp.Except)
_CLAUSES = ("expressions", "where", "joins", "group", "having", "order", "limit", "offset")
_TAIL = ("order", "limit", "offset")


def _noted_as_plain(function):
    """``function`` with a ``NotedError`` or ``ViewNoted`` it lets out raised as the
    OperationalError it is (the entry points: within the walk the class tells how to go
    on)."""
    def plain(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (NotedError, ViewNoted) as error:
            raise OperationalError(str(error)) from None
    plain.__doc__, plain.__name__ = function.__doc__, function.__name__
    return plain


@_noted_as_plain
@_noted_as_plain
def look_up_tables(catalog, query, common=lambda item: False, alone: bool = False,
                   names: bool = False):
    """``_look_up_tables``: the tables of a statement's query (with ``names``, the names
    of its result columns: None for parenthesised joins)."""
    found = _look_up_tables(catalog, query, common, alone, names)
    return None if isinstance(found, Parts) else found


def _look_up_tables(catalog, query, common=lambda item: False, alone: bool = False,
                    names: bool = False, tail: tuple = ()):
    """Look up every table a SELECT names, in its subqueries too, and make the checks
    SQLite makes as it expands it (from_columns.py); return the names of its result
    columns as SQLite knows them then, with ``names`` (None where they cannot be told
    here). SQLite
    expands a whole SELECT statement before it resolves any column name (select.c
    sqlite3SelectExpand): each SELECT's FROM items (a FROM subquery expanded whole where
    it is met), its joins' USING columns, its stars, then the subqueries of its clauses
    (a compound's SELECTs right to left). So a missing table or USING column is reported
    before a missing column anywhere in the statement: ``SELECT nosuch, (SELECT 1 FROM
    nosuchtab) FROM t`` is 'no such table: nosuchtab'. ``common(item)`` tells a FROM item
    that names a common table expression or a view (whose query's tables are looked up in
    its turn, as SQLite expands a view where it meets it): its column names, or True when
    they are not known. ``alone``: the statement's text holds no other query and no ``IN
    table`` (``single_query``), so its clauses are not searched. ``tail``: a compound's
    ORDER BY, LIMIT and OFFSET, which SQLite's parser hangs on its last SELECT, so their
    subqueries come after that SELECT's clauses and before the SELECTs to its left -- but
    after all of them when SQLite runs the compound as ``SELECT * FROM (compound) ORDER
    BY ... LIMIT ...`` (``clauses.converted``: a COLLATE in its ORDER BY, an operator not
    UNION ALL), which it does before it looks up any table."""
    if isinstance(query, exp.Subquery):     # a table in parentheses, (a JOIN b) too
        found = _from_item(catalog, query.this, common) if isinstance(query.this, exp.Table) \
            else _look_up_tables(catalog, query.this, common, names=names)
        joined = query.args.get("joins") or []        # ((SELECT ...) AS s JOIN b ...)
        if isinstance(found, Parts) and query.alias:    # ((a JOIN b) AS q ...): not bare;
            found.bare = False                          # with joins here, q is the first's,
            if joined:                                  # expanded before the next part
                found = _expanded(catalog, found, common)
        after = _in_turn(catalog, [join.this for join in joined], common)
        return Parts([found] + after, joined, True) if joined else found
    if isinstance(query, _COMPOUND):
        moved = not tail and converted(query)   # SELECT * FROM (compound) ORDER BY ...
        last = () if moved else tail or tuple(_clause_parts(query, _TAIL))
        _look_up_tables(catalog, query.expression, common, tail=last)
        found = _look_up_tables(catalog, query.this, common, names=names)
        if moved:       # the outer SELECT's clauses, after its FROM subquery (fuzz 144100005)
            _subqueries(catalog, _clause_parts(query, _TAIL), (), common)
        return found
    if not isinstance(query, exp.Select):       # a compound's first arm may be VALUES
        return values_names(query) if names and isinstance(query, exp.Values) else None
    from_ = query.args.get("from_") or query.args.get("from")
    items = [from_.this] if from_ is not None else []
    joins = query.args.get("joins") or []
    items += [join.this for join in joins]
    lists = _from_items(catalog, items, common)
    head: list = []
    head_joins: list = []
    if lists and isinstance(lists[0], Parts):       # (a JOIN b) first: the FROM list
        head = lists[0].spliced()
        head_joins = head.joins
        lists = [None] + lists[1:]
    if joins or names or head:
        lists = [_column_names(found) for found in lists]
    if head:
        _, pending = check_joins(head_joins + joins,
                                 [_column_names(found) for found in head] + lists[1:])
        usings = [None] * len(lists)
    else:
        usings, pending = check_joins(joins, lists)
    pending = star_error(query, items) or pending
    keys = _CLAUSES if not alone else ()        # the ONs moved to the WHERE's end, in
    parts = _clause_parts(query, keys[:2]) + [     # FROM order: the first's parts' first
        j.args["on"] for j in head_joins if j.args.get("on") is not None and keys] + \
        _clause_parts(query, keys[2:]) + list(tail)
    try:
        _subqueries(catalog, parts, items, common,
                    None if pending is None else NotedError(pending))
    except ViewNoted as noted:              # a subquery's walk stopped: no more items
        raise OperationalError(str(noted)) from None
    return result_names(query, items, usings, lists) if names else None


def _clause_parts(query, keys) -> list:
    """The expressions of ``query``'s clauses ``keys``, in that order."""
    parts = []
    for key in keys:
        value = query.args.get(key)
        parts += [p for p in (value if isinstance(value, list) else [value])
                  if isinstance(p, exp.Expression)]
    return parts


class NotedError(OperationalError):
    """An error SQLite notes while it expands a statement, going on (an ambiguous USING
    column, a star's error): the walk goes on to the next SELECT it meets, whose FROM
    items it looks up -- a missing one replaces the message, a common table's name is
    not looked for among the WITH clauses any more (select.c resolveFromTermToCte gives
    up after an error) -- and stops there."""


class ViewNoted(OperationalError):
    """An error under a view whose columns SQLite knows (``bind_view.look_up``): its
    selectExpander walks the view's query where it meets it and ignores the walk's
    failure, so the error is only noted; the FROM items after the view in its list are
    still looked up (``_noted_items``: a missing one replaces the message), then the
    walk stops (fixed-seed case 158 with schema_steps: a TEMP view over a dropped table,
    then a common table's name, no longer looked for: 'no such table: p')."""


def _in_turn(catalog, items: list, common, list_first: bool = False, after=()) -> list:
    """``_from_item`` of each FROM item of one list in order, and what each found. After
    a ``ViewNoted`` the items after it (and ``after``, the list's items after these) are
    looked up as after a noted error and it goes on up -- but not out of a subquery of
    its own: a FROM item in parentheses (but for unaliased parenthesised joins first in
    their FROM, ``list_first``: SQLite's FROM list itself) stops the walk there.
    Parenthesised joins that are a FROM item of their own are expanded where they are
    met (``_expanded``)."""
    found = []
    for k, item in enumerate(items):
        try:
            got = _from_item(catalog, item, common)
            if isinstance(got, Parts) and (k or not list_first or not got.bare):
                got = _expanded(catalog, got, common)
            found.append(got)
        except ViewNoted as noted:
            if isinstance(item, exp.Subquery) and (k or item.alias or not list_first or
                                                   not isinstance(item.this, exp.Table)):
                raise OperationalError(str(noted)) from None
            _noted_items(catalog, list(items[k + 1:]) + list(after), common)
            raise
    return found


def _expanded(catalog, parts: Parts, common):
    """The column names of parenthesised joins whose parts the look-up found (``parts``),
    a FROM subquery SQLite expands whole where it meets it: its joins processed
    (``nested_columns.nested_names``), then the subqueries of their ON clauses walked, a
    first part's own among them when it is bare parenthesised joins too (fuzz
    154000010) -- after an ambiguous USING column noted there, only the next SELECT's
    FROM items, then the walk stops (``NotedError``)."""
    names = _column_names(parts)
    pending = getattr(names, "pending", None)
    joins = parts.spliced().joins
    _subqueries(catalog, [join.args["on"] for join in joins if join.args.get("on")],
                (), common, None if pending is None else NotedError(pending))
    return names


def _from_items(catalog, items: list, common) -> list:
    """The column names of each FROM item, looked up in order (``_from_item``); an error
    noted under a FROM subquery stops the walk there (sqlite3ExpandSubquery fails).
    Parenthesised joins but the first item without an alias are a FROM subquery SQLite
    expands whole where it meets it, before the next item (``_expanded``)."""
    found = []
    for k, item in enumerate(items):
        found += _in_turn(catalog, [item], common, k == 0, items[k + 1:])
    return found


def _nested_parts(item) -> list | None:
    """The joins inside parenthesised joins ``item``, however many parentheses stand
    around them; None for any other item."""
    while isinstance(item, exp.Subquery) and not item.args.get("joins"):
        item = item.this
    return item.args.get("joins") if isinstance(item, (exp.Table, exp.Subquery)) else None


def _column_names(found):
    """A FROM item's column names from what ``_from_item`` found: a table's, the names
    it gave (None: not known), or those of parenthesised joins (``nested_names``)."""
    if isinstance(found, Parts):
        return nested_names(found, _column_names)
    if found is None or isinstance(found, list):
        return found
    return [column.name for column in found.columns]


def _noted_select(catalog, query, common=lambda item: False) -> None:
    """The FROM items of the SELECT SQLite meets next after noting an error: looked up,
    then the walk stops (a compound's last SELECT is met first)."""
    while isinstance(query, (exp.Subquery, *_COMPOUND)):
        query = query.this if isinstance(query, exp.Subquery) else query.expression
    if isinstance(query, exp.Table) and query.args.get("joins"):    # (a JOIN b)
        bare = query.copy()
        bare.set("joins", None)
        _noted_items(catalog, [bare] + [join.this for join in query.args["joins"]], common)
    if isinstance(query, exp.Select):
        from_ = query.args.get("from_") or query.args.get("from")
        _noted_items(catalog, ([from_.this] if from_ is not None else []) +
                     [join.this for join in query.args.get("joins") or []], common)


def _noted_items(catalog, items: list, common=lambda item: False) -> None:
    """Look up FROM items after an error was noted: a table must exist (a common table's
    name no longer counts) and so must its INDEXED BY index, a table-valued function's
    name must be one; a view whose columns SQLite knows is walked and the look-up goes
    on (the last error met is SQLite's message, ``ViewNoted``); at any other view (its
    expansion fails) or a FROM subquery (met in its turn) the walk stops."""
    from .bind_view import known_columns             # bind_view imports this module
    latest = None
    for item in items:
        if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
            view = names_view(catalog, item)
            if view is not None and known_columns(catalog, view):
                try:
                    _expand_noted_view(catalog, item, common)
                except OperationalError as error:
                    latest = error
                continue
            if view is not None:
                _expand_noted_view(catalog, item, common)
                break
            index_hint(lookup_table(catalog, item), item)
        elif isinstance(item, exp.Table) and isinstance(item.this, exp.Anonymous):
            _function_named(catalog, item)
        elif isinstance(item, (exp.Subquery, exp.Select, exp.Values, *_COMPOUND)) or \
                isinstance(item, exp.Table) and isinstance(item.this, exp.Values):
            _noted_select(catalog, item, common)
            break
    if latest is not None:
        raise latest


def _expand_noted_view(catalog, item, common, open_views: frozenset = frozenset()) -> None:
    """A view met after an error was noted: SQLite still looks up the FROM items of its
    query (its FROM subqueries' and views' too), and a missing table replaces the
    message (fixed-seed case 380 with alter: 'no such table: main.x' over an ambiguous
    USING column); its clauses' subqueries are not walked, as selectExpander stops at a
    noted error once its FROM items are looked up (fuzz 119200063: a view whose WHERE
    reads a missing table leaves the USING error standing). A view of main sees main
    only and names a missing table with its schema."""
    from .bind_view import parsed                  # bind_view imports this module
    from ..temp_views import TempView
    view = names_view(catalog, item)
    key = ascii_lower(view.name)
    if key in open_views:
        return
    temp = isinstance(view, TempView)
    seen = catalog if temp else getattr(catalog, "main", catalog)
    try:
        _noted_view_select(seen, parsed(view).body.tree, common, open_views | {key})
    except OperationalError as error:
        if str(error).startswith("no such table: "):
            raise (error if temp else named_in_main(error)) from None


def _noted_view_select(catalog, query, common, open_views) -> None:
    """``_noted_select`` over a view's query: its FROM items looked up, a view among them
    walked likewise (``_expand_noted_view``; past one whose columns are known, as in
    ``_noted_items``), nothing else."""
    from .bind_view import known_columns             # bind_view imports this module
    while isinstance(query, (exp.Subquery, *_COMPOUND)):
        query = query.this if isinstance(query, exp.Subquery) else query.expression
    if not isinstance(query, exp.Select):
        return
    from_ = query.args.get("from_") or query.args.get("from")
    latest = None
    for item in ([from_.this] if from_ is not None else []) + \
            [join.this for join in query.args.get("joins") or []]:
        if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
            view = names_view(catalog, item)
            if view is not None and known_columns(catalog, view):
                try:
                    _expand_noted_view(catalog, item, common, open_views)
                except OperationalError as error:
                    latest = error
                continue
            if view is not None:
                _expand_noted_view(catalog, item, common, open_views)
                break
            lookup_table(catalog, item)
        elif isinstance(item, (exp.Subquery, exp.Select, *_COMPOUND)):
            _noted_view_select(catalog, item, common, open_views)
            break
    if latest is not None:
        raise latest


@_noted_as_plain
def look_up_rows(catalog, rows: list, common=lambda item: False) -> None:
    """Look up the tables of the subqueries in the rows of a VALUES of several rows: SQLite
    makes them the SELECTs of a compound (sqlite3MultiValues), expanded last one first."""
    for row in reversed(rows) if len(rows) > 1 else ():
        _look_up_tables(catalog, exp.Select(expressions=list(row.expressions)), common)


@_noted_as_plain
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
    lists = [_column_names(_from_item(catalog, item, common, nested=False)) for item in items]
    _, pending = check_joins(joins, lists)
    _subqueries(catalog, joins, items, common, None if pending is None else NotedError(pending))


def _from_item(catalog, item, common, nested: bool = True):
    """Look up a FROM item; the table it names, or the names of its columns (None where
    they are not known here: ``_column_names`` reads either). ``nested``: also the items
    joined under it."""
    if isinstance(item, exp.Table):
        joined = item.args.get("joins") or [] if nested else []
        try:
            named = common(item)
        except ViewNoted:                       # (v JOIN b): b looked up all the same
            _noted_items(catalog, [join.this for join in joined], common)
            raise
        if named:                               # a view or common table, maybe (v JOIN b)
            after = _in_turn(catalog, [join.this for join in joined], common)
            mine = list(named) if isinstance(named, (list, tuple)) else None
            return Parts([mine] + after, joined, True) if joined else mine
    if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
        table = lookup_table(catalog, item)
        index_hint(table, item)             # its INDEXED BY index next (selectExpander)
        joined = item.args.get("joins") or [] if nested else []
        after = _in_turn(catalog, [join.this for join in joined], common)   # FROM (a JOIN b)
        return Parts([table] + after, joined, True) if joined else table
    if isinstance(item, (exp.Subquery, exp.Select, *_COMPOUND)):
        return _look_up_tables(catalog, item, common, names=True)
    if isinstance(item, exp.Table) and isinstance(item.this, exp.Anonymous):
        _function_named(catalog, item)
        joined = item.args.get("joins") or [] if nested else []
        after = _in_turn(catalog, [join.this for join in joined], common)  # (json_each(...)
        from .bind_table_function import function_columns     # JOIN b): b too (fixed-seed
        found = function_columns(item.this.name)              # case 336)
        mine = FunctionNames(*found) if found else None     # hidden ones too: USING reads them
        return Parts([mine] + after, joined, True) if joined else mine
    values = item.this if isinstance(item, exp.Table) else item    # ((VALUES ...) AS v
    if isinstance(values, exp.Values):          # JOIN ...): FROM (VALUES ...), SELECTs
        for row in reversed(values.expressions):     # expanded here, last one first
            _look_up_tables(catalog, exp.Select(expressions=list(row.expressions)), common)
        joined = item.args.get("joins") or [] if nested else []
        after = _in_turn(catalog, [join.this for join in joined], common)
        return Parts([values_names(values)] + after, joined, True) if joined else \
            values_names(values)
    return None


def _function_named(catalog, item) -> None:
    """A call in FROM of a name that no table-valued function has is, where SQLite's
    selectExpander meets it, before the FROM items after it: "'t' is not a function" of
    a table or view, 'no such table: [schema.]name' of a name nothing has (``FROM
    nosuch(1), y`` names nosuch). A common table's name never comes here: ``common``
    took the item."""
    from .bind_table_function import known_function
    name = item.this.name
    if known_function(name):
        return
    scope = in_schema(catalog, item.args.get("db"))
    named = exp.Table(this=exp.Identifier(this=name, quoted=True), db=item.args.get("db"))
    if scope is not None and (scope.table(name) is not None or scope.view(name) is not None):
        raise OperationalError(f"'{name}' is not a function")
    lookup_table(catalog, named)


def in_table(field) -> exp.Table:
    """The table of ``x IN [schema.]t`` or ``x IN [schema.]f(args)``: SQLite's grammar takes
    a table name or a table-valued function there, with its schema kept (``IN main.t`` must
    not read a TEMP table t); a string there is a name too (its ``nm`` rule takes STRING:
    ``x IN 't'`` reads table t)."""
    if isinstance(field, exp.Literal) and field.is_string:
        return exp.Table(this=exp.Identifier(this=field.this, quoted=True))
    if isinstance(field, exp.Column) and not field.args.get("db"):
        return exp.Table(this=field.this.copy(), db=field.args["table"].copy()
                         if field.args.get("table") else None)
    if isinstance(field, exp.Func):     # a call sqlglot maps too (generate_series)
        return exp.Table(this=field.copy())
    if isinstance(field, exp.Dot) and isinstance(field.this, exp.Identifier) \
            and isinstance(field.expression, exp.Func):
        return exp.Table(this=field.expression.copy(), db=field.this.copy())
    raise OperationalError(f'near "{field.sql(dialect="sqlite")}": syntax error')


@_noted_as_plain
def look_up_subqueries(catalog, expressions: list, common=lambda item: False) -> None:
    """Look up the tables of the subqueries inside ``expressions``, in order."""
    _subqueries(catalog, expressions, (), common)


_OTHER_QUERY = re.compile(r"union|intersect|except|values|\bin\b(?!\s*\()", re.IGNORECASE)


def single_query(text: str) -> bool:
    """Whether a statement's text can hold no query but its own and no ``IN table``: the
    word SELECT once at most, no compound or VALUES, every IN followed by a parenthesis.
    A test of the text that may say no wrongly (a word in a string or a name), never yes:
    then no clause of the statement's query needs searching for subqueries.

    An ASCII text is tested in lower case by substring searches and a pattern that starts
    with its literal (a tenth of the case-blind alternation's time, the same answer: on
    ASCII the case-blind match is the lower-case one)."""
    if not text.isascii():
        return ascii_lower(text).count("select") <= 1 and _OTHER_QUERY.search(text) is None
    low = text.lower()
    return low.count("select") <= 1 and "union" not in low and "intersect" not in low \
        and "except" not in low and "values" not in low and _BARE_IN.search(low) is None


# ``_OTHER_QUERY``'s ``\bin\b(?!\s*\()`` on lower-case text, the literal first: an ``in``
# that follows no word character (a look behind over ``in`` and the one before it).
_BARE_IN = re.compile(r"in(?<!\win)\b(?!\s*\()")


def _subqueries(catalog, exprs: list, skip, common, noted: NotedError | None = None) -> None:
    """Look up the tables of the subqueries inside clauses ``exprs`` (not their FROM
    items), in SQLite's walk order. Each node class's part in this is found once
    (``_KINDS``). ``noted``: an error noted before (``NotedError``), or under one of these
    subqueries: the next subquery's FROM items are looked up, then it is raised."""
    skipped = {id(s) for s in skip}     # the FROM items (alive: ids stay theirs)
    for expr in exprs:
        stack = [expr]
        while stack:
            node = stack.pop()
            if skipped and id(node) in skipped:
                continue
            kind = _KINDS.get(node.__class__)
            if kind is None:
                kind = _KINDS[node.__class__] = _kind(node.__class__)
            if kind == _LEAF:
                continue
            if kind == _QUERY:
                if noted is not None:
                    _noted_select(catalog, node, common)
                    raise noted
                try:
                    _look_up_tables(catalog, node, common)
                except NotedError as error:
                    noted = error
                continue
            if kind == _VALUES and noted is not None:
                raise noted     # a SELECT of SQLite's (each row one) without FROM items
            if isinstance(node, _InValues):
                stack.extend(node.rows)         # popped last first
                continue
            if kind == _IN and row_list(node):
                stack.append(_InValues(node.expressions))
                stack.append(node.this)
                continue
            if kind == _IN and node.args.get("field") is not None:
                field = in_table(node.args["field"])
                if isinstance(field.this, exp.Identifier) and (noted is not None
                                                               or not common(field)):
                    lookup_table(catalog, field)    # ``x IN c``: a table, or a common table
                    if noted is not None:
                        raise noted
            children = _window_parts(node) if kind == _WINDOW else node_children(node)
            if children and isinstance(children[-1], exp.Order) and children[-1].this is not None:
                order = children[-1]            # f(x, y ORDER BY z): SQLite walks z first
                children = list(order.expressions) + children[:-1] + [order.this]
            if kind != _LIKE:
                children.reverse()
            # like(pattern, text): SQLite walks the pattern first, so it is popped first
            stack.extend(children)
    if noted is not None:
        raise noted


def _window_parts(node: exp.Window) -> list:
    """The parts of a call with OVER in SQLite's walk (walker.c, walkWindowList): the call,
    then the window's ORDER BY, PARTITION BY, the call's FILTER. Not the frame's bounds:
    SQLite's parser makes a bound that is not constant NULL (window.c,
    sqlite3WindowOffsetExpr), and one holding a subquery is not."""
    call, where = node.this, None
    if isinstance(call, exp.Filter):
        call, where = call.this, call.expression
    parts = [call, node.args.get("order"), *(node.args.get("partition_by") or []), where]
    return [part for part in parts if isinstance(part, exp.Expression)]


class _InValues:
    """The VALUES SQLite's parser makes of a list after a row (``(a, b) IN ((1, 2), ...)``,
    parse/list_widths.row_list): one SELECT per element, a compound walked last first."""

    def __init__(self, rows):
        self.rows = rows


_OTHER, _QUERY, _IN, _LIKE, _WINDOW, _LEAF, _VALUES = range(7)
_KINDS: dict = {}           # sqlglot node class -> its part in _subqueries
# nodes whose parts are names and texts, never a query: a column's identifiers, a
# literal's text (most of a long WHERE's nodes: not asked for their parts)
_LEAVES = (exp.Column, exp.Identifier, exp.Literal, exp.Null, exp.Boolean)


def _kind(cls) -> int:
    if issubclass(cls, _LEAVES):
        return _LEAF
    if issubclass(cls, (exp.Select, *_COMPOUND)):
        return _QUERY
    if issubclass(cls, exp.In):
        return _IN
    if issubclass(cls, exp.Window):
        return _WINDOW
    if issubclass(cls, (exp.Values, _InValues)):
        return _VALUES
    return _LIKE if issubclass(cls, (exp.Like, exp.Glob)) else _OTHER
