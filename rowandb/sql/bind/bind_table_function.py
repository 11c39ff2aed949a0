"""Binding a table-valued function in FROM: ``json_each(x)``, ``pragma_table_info('t')``.

SQLite's built-in eponymous virtual tables (``planner/functions/table_functions.py``) are
found by name when no table, view or common table has it: called with arguments, or
named bare (``FROM pragma_table_info WHERE arg = 't'``). A call of a table, view or
common table is SQLite's "'t' is not a function"; an unknown name "no such table"; more
arguments than hidden columns "too many arguments on json_each() - max 2".

The arguments are resolved once every FROM item of the SELECT is in scope (SQLite resolves
them right after the FROM clause, resolve.c), so they may name an item further right,
which the planner then runs first (``optimizer/reorder_joins.py``), after a LEFT JOIN
before the function too -- unless an outer join (LEFT, RIGHT or FULL) lies in between,
which SQLite refuses: "table-function argument references tables to its right". A CROSS
JOIN in between is refused (NotSupportedError): SQLite then costs the function without
that argument (json_each finds no rows, or 'no query solution'). An argument naming an
outer query's column makes the subquery correlated: the function runs again for each outer
row.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ...errors import NotSupportedError, OperationalError
from ...planner.functions.json.each import JSON_EACH, JSON_TREE, JsonEach
from ...planner.plan import bound as b
from ...planner.plan.analysis import conjoin, slots_of
from ..pragma.pragma_functions import pragma_function
from .scope import Source
from .tables import in_schema
from ...catalog.ascii_case import ascii_lower

_JSON = ("json_each", "json_tree")
_REFUSED = ("dbstat",)          # SQLite's other eponymous table in the apsw build


def find_function(name: str):
    """The table-valued function ``name`` (any case), or None."""
    lname = ascii_lower(name)
    if lname in _REFUSED:
        raise NotSupportedError(f"table-valued function {lname} is not supported")
    if lname in _JSON:
        return JSON_EACH if lname == "json_each" else JSON_TREE
    if lname.startswith("pragma_"):
        return pragma_function(lname)
    return None


def function_columns(name: str):
    """(visible, hidden) column names of the table-valued function ``name``, refused ones
    included, or None: what PRAGMA table_info shows of an eponymous table."""
    lname = ascii_lower(name)
    if lname in _JSON:
        return JsonEach.columns, JsonEach.hidden
    found = _pragma_names().get(lname[len("pragma_"):]) if lname.startswith("pragma_") else None
    if found is None:
        return None
    return found[0] or (lname[len("pragma_"):],), found[1]


def names_function(binder, node) -> bool:
    """Whether a FROM item is a bare name of a table-valued function (no table or view
    has the name; common tables were looked for first). Under a schema that does not
    exist too: SQLite looks an eponymous table up by its name alone once no table of the
    schema has it (sqlite3LocateTable), so ``aux.pragma_module_list`` is the function."""
    if not isinstance(node, exp.Table) or not isinstance(node.this, exp.Identifier):
        return False
    scope = in_schema(binder.catalog, node.args.get("db"))
    if scope is not None and (scope.table(node.name) is not None or
                              scope.view(node.name) is not None):
        return False
    return known_function(node.name)


def known_function(name: str) -> bool:
    """Whether ``name`` (any case) is a table-valued function's, a refused one's too."""
    lname = ascii_lower(name)
    return lname in _REFUSED or lname in _JSON or (
        lname.startswith("pragma_") and lname[len("pragma_"):] in _pragma_names())


def registered(modules: list | None, name: str) -> None:
    """Note in ``modules`` (a connection's ``Settings.modules``) the eponymous table
    ``name`` a statement names, as SQLite registers its module the first time it looks
    the name up (sqlite3LocateTable: a pragma's or JSON's virtual table, created on
    demand), for PRAGMA module_list -- also when the statement fails later. A pragma's
    is named as the statement first wrote it (``Pragma_Table_List``), JSON's in lower
    case."""
    lname = ascii_lower(name)
    if modules is not None and lname not in _REFUSED and \
            all(ascii_lower(known) != lname for known in modules):
        modules.append(lname if lname in _JSON else name)


def _pragma_names():
    from ..pragma.pragma_functions import FUNCTIONS
    return FUNCTIONS


def is_call(node) -> bool:
    return isinstance(node, exp.Table) and isinstance(node.this, exp.Func)


def reference(binder, node: exp.Table, scope) -> tuple[Source, b.FunctionSource]:
    """The Source and bound FROM item of the function ``node`` calls or names; its
    arguments wait in ``scope.pending_args`` (``bind_arguments``)."""
    call = node.this if is_call(node) else None
    name = _written(call, binder.parsed.text) if call is not None else node.name
    if call is not None:
        _refuse_table_call(binder, node, name)
    function = find_function(name)
    if function is None:
        schema = node.args.get("db")
        raise OperationalError(f"no such table: {schema.name + '.' if schema else ''}{name}")
    registered(getattr(binder, "modules", None), name)
    if node.args.get("indexed") is not None:        # not in SQLite's grammar after a call
        word = re.search(r"\b(not(?=\s+indexed\b)|indexed(?=\s+by\b))", binder.parsed.text,
                         re.IGNORECASE)
        raise OperationalError(f'near "{word.group() if word else "INDEXED"}": syntax error')
    args = list(call.expressions) if call is not None else []
    if len(args) > len(function.hidden):
        raise OperationalError(
            f"too many arguments on {name}() - max {len(function.hidden)}")
    slot = binder.slot()
    alias = node.alias or name
    names = function.columns + function.hidden
    source = Source(alias, slot, [(n, "BLOB", "BINARY") for n in names],
                    visible=len(function.columns))
    source.json_columns = frozenset(function.json_columns)
    source.schema = "main"              # an eponymous virtual table of main
    bound_source = b.FunctionSource(slot, function, alias)
    if args:
        scope.pending_args.append((bound_source, args))
    return source, bound_source


def _written(call, text: str) -> str:
    name = call.name if isinstance(call, exp.Anonymous) else call.sql(dialect="sqlite").split("(")[0]
    found = re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    return found.group() if found else name


def _refuse_table_call(binder, node: exp.Table, name: str) -> None:
    scope = in_schema(binder.catalog, node.args.get("db"))
    if scope is not None and (scope.table(name) is not None or scope.view(name) is not None):
        raise OperationalError(f"'{name}' is not a function")


def bind_arguments(binder, scope, select: b.Select) -> None:
    """Bind the arguments of the SELECT's table-valued functions, with every FROM item in
    scope, and check that none reads an item beyond a LEFT JOIN to its right."""
    for source, args in scope.pending_args:
        source.args = tuple(binder.expr(arg, scope) for arg in args)
        _check_reach(select, source)
        if _unusable(select, source):
            _as_terms(binder, select, source)
    scope.pending_args.clear()


def _unusable(select: b.Select, source: b.FunctionSource) -> bool:
    """Whether SQLite cannot hand an argument to the function: it reads the function's
    own columns (``json_each(json)``; in ``json_each(doc, root)`` ``root`` is the hidden
    column, not an outer one)."""
    return any(source.slot in slots_of(a) for a in source.args)


def _as_terms(binder, select: b.Select, source: b.FunctionSource) -> None:
    """The arguments from the first one SQLite cannot hand the function (``_unusable``)
    on stay terms of the join, ``hidden = arg``, tested on the rows the function makes
    with the arguments before it."""
    first = next(i for i, a in enumerate(source.args) if source.slot in slots_of(a))
    visible, function = len(source.function.columns), source.function
    terms = [binder._compare("eq", b.ColumnRef(source.slot, visible + i, function.hidden[i],
                                               "BLOB", "BINARY", source.alias), arg)
             for i, arg in enumerate(source.args) if i >= first]
    item = next(item for item in select.items if item.source is source)
    item.condition = conjoin([item.condition] + terms)
    source.args = source.args[:first]


def _check_reach(select: b.Select, source: b.FunctionSource) -> None:
    position = {item.source.slot: i for i, item in enumerate(select.items)}
    mine = position[source.slot]
    read = set().union(*(slots_of(a) for a in source.args))
    for slot in read:
        far = position.get(slot, -1)
        if far <= mine:
            continue
        between = [item.kind for item in select.items[mine + 1:far + 1]]
        if any(kind in ("left", "right", "full") for kind in between):
            raise OperationalError("table-function argument references tables to its right")
        if "cross" in between:
            raise NotSupportedError(f"an argument of {source.function.name}() that reads a "
                                    "table after a CROSS JOIN to its right is not supported")
