"""Name resolution's structures: what a FROM item offers to names (``Source``) and one
level of a query's names (``Scope``: its sources, result aliases, and where aggregates may
stand). The binders of queries, expressions and DML share them.
"""

from __future__ import annotations

from ...planner.plan import bound as b
from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ..temp_tables import TEMP_OBJECT_IDS


class Source:
    """A FROM item as seen by name resolution."""

    by_name = False                 # a table's FROM item (or DML target) without an alias
    # its schema as SQLite's ``*`` expansion names it (``main.t.a``): a table's or view's
    # main or temp, "*" for a subquery or common table (select.c, selectExpand)
    schema = "*"

    def __init__(self, alias: str, slot: int, columns, table=None, qualified_only=False,
                 visible: int | None = None, positions: dict | None = None):
        self.alias = alias
        self.lower_alias = ascii_lower(alias)   # what a qualified name is compared with
        self.slot = slot
        self.columns = columns          # list of (name, affinity, collation)
        self.table = table
        if table is not None:
            self.schema = "temp" if getattr(table, "id", 0) >= TEMP_OBJECT_IDS else "main"
        self.qualified_only = qualified_only    # found only as alias.name (upsert's excluded)
        # the columns ``*`` and NATURAL JOIN see: all but a table-valued function's HIDDEN
        # ones; such a function also has a rowid (its row counter)
        self.visible = len(columns) if visible is None else visible
        self.has_rowid = (table is not None and not getattr(table, "without_rowid", False)
                          or visible is not None)
        self.json_columns: frozenset = frozenset()   # positions holding marked JSON text
        # lower-case name -> position, the first of a name (given: a table's own, shared
        # by every statement, so never changed)
        if positions is None:
            positions = {}
            for i, (name, _, _) in enumerate(columns):
                positions.setdefault(ascii_lower(name), i)
        self.positions = positions

    def answers_to(self, table: str) -> bool:
        """Whether ``table.*`` expands this item's columns."""
        return ascii_lower(self.alias) == ascii_lower(table)

    def star_positions(self, table: str | None) -> range:
        """The positions ``*`` or ``table.*`` expands to (nested_from.py has its own)."""
        return range(self.visible)


class Scope:
    def __init__(self, parent: "Scope | None", select: b.Select | None = None):
        self.parent = parent
        self.sources: list[Source] = []
        self.select = select            # where aggregates found in this scope are collected
        self.aliases: dict[str, b.Expr] = {}
        self.allow_aggregates = False
        self.grouped = False                # the SELECT has a GROUP BY (known before it is bound)
        self.in_group_by = False            # binding GROUP BY terms
        self.in_where = False               # binding WHERE (where an aggregate query's
                                            # aggregates resolve, then fail: SQLite's AllowAgg)
        self.in_where_clause = False        # binding WHERE or ON (SQLite's NC_Where)
        self.statement = False              # an INSERT's, UPDATE's or DELETE's own clauses
        self.exists_query = False           # the query of an EXISTS (result columns unused)
        self.returning = False              # a RETURNING clause's (bind_dml.py)
        self.second_walk: list = []         # its errors SQLite's second walk finds
        self.in_aggregate = False           # binding an aggregate's arguments
        # binding what SQLite reads back from the sorter of a GROUP BY or the table of a
        # window: its result, HAVING, ORDER BY, aggregates' arguments. Values come out of
        # a record there, without the JSON subtype json_each's value has in a register
        self.after_sorter = False
        self.allow_windows = False          # window functions may stand here (bind_window.py)
        self.outer_refs = False         # a name resolved in an enclosing scope
        self.excluded_using: set = set()
        self.right_using: set = set()       # those of them a RIGHT JOIN's USING names
        self.right_joins = False            # the FROM clause has a RIGHT or FULL JOIN
        self.merged: dict = {}              # (slot, column name) -> USING columns (joins.py)
        self.pending_on: list = []          # (join item, ON node), bound after WHERE
        self.pending_using: list = []       # (names, sources before, source, join item)
        self.pending_args: list = []        # (FunctionSource, argument nodes), after FROM


def mark_outer(inner: Scope, found_in: Scope) -> None:
    s = inner
    while s is not None and s is not found_in:
        s.outer_refs = True
        s = s.parent


def note_returning_schema(scope: Scope, node) -> None:
    """Keep 'no such column' for ``schema.table.column`` resolved in RETURNING scope
    ``scope``. SQLite resolves a RETURNING list twice (trigger.c, codeReturningTrigger):
    as the result of a SELECT from the target, where such a name resolves, then against
    the written row alone, where it does not (resolve.c, lookupName reads a trigger's row
    only for a name without a schema). The errors of that second walk wait in
    ``scope.second_walk`` until every name of the first resolved; the first of them is
    raised then (bind_dml._bind_returning_list)."""
    scope.second_walk.append(f"no such column: {node.db}.{node.table}.{node.name}")


def to_second_walk(binder, scope: Scope) -> bool:
    """The misuse of an aggregate or window function just noted (``binder.pending``) at
    the top of a RETURNING list, which the first walk's SELECT takes: an error of
    SQLite's second walk, kept in ``scope.second_walk`` (see note_returning_schema); True
    then, and the call's parts are walked as the first walk's SELECT walks them."""
    error = binder.pending
    if scope.returning and error is not None and str(error).startswith("misuse of "):
        scope.second_walk.append(str(error))
        binder.pending = None
        return True
    return False


def check_twins(scope: Scope, alias: str, name: str, schema: str = "") -> None:
    """SQLite's 'ambiguous column name' for ``alias.name`` (``schema.alias.name`` when
    ``schema`` is given: only the items of that schema are looked at) when two FROM items
    of ``scope`` exposed as ``alias`` have the column (a part of parenthesised joins
    counts: nested_from.py), unless each later one's USING (or NATURAL) joins on it
    (resolve.c, lookupName: a qualified name is ambiguous too)."""
    lalias, lname = ascii_lower(alias), ascii_lower(name)
    found = [s for s in scope.sources if ascii_lower(s.alias) == lalias and
             (not schema or s.schema == schema) and lname in s.positions or
             hasattr(s, "part_has") and s.part_has(lalias, lname, schema)]
    if any((s.slot, lname) not in scope.excluded_using for s in found[1:]):
        prefix = f"{schema}.{alias}" if schema else alias
        raise OperationalError(f"ambiguous column name: {prefix}.{name}")
