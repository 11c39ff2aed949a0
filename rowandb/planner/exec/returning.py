"""RETURNING: its subqueries planned as SQLite plans them, and its items evaluated for each
written row (``Returning``), for INSERT, UPDATE and DELETE (dml.py) and the writes of
INSTEAD OF triggers on views (view_write.py)."""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ..plan import bound as b
from ..plan.analysis import children
from ..plan.build import plan_expressions
from ..types import values as V
from .execute import NodeCompiler


def plan_returning(stmt, subplans: dict) -> None:
    """Plan RETURNING's subqueries. SQLite plans them as it codes RETURNING, as the first
    AFTER trigger (trigger.c codeReturningTrigger): a plan error there ('no query
    solution') is a late error like one of binding it, met after the write's other
    programs (``triggers._ahead_of_late_error``) -- and never when an earlier late error
    (a DO UPDATE's) ends the compilation first."""
    if not stmt.returning or stmt.late_error is not None:
        return
    try:
        plan_expressions(stmt.returning, subplans)
    except OperationalError as error:
        error.in_returning = True
        stmt.late_error = error
        stmt.returning, stmt.returning_names, stmt.returning_real = None, [], []


class Returning:
    """The RETURNING clause of a DML statement, evaluated for each row once its write is
    done -- the row's foreign-key actions included -- as SQLite's RETURNING trigger is (for
    a DELETE, over the deleted row's values).

    Its uncorrelated subqueries run once per statement (at the first row), except those
    that read the target table in their own FROM: SQLite marks them correlated
    (trigger.c, sqlite3ProcessReturningSubqueries), so they run again for every row and
    see the rows the statement has written so far. For a compound subquery SQLite looks at
    its last SELECT only.

    An item reads the registers SQLite wrote the row from. When the written record took
    the REAL columns' affinity itself (see ``keeps_int_real``), an integral REAL value
    there is an integer marked as real (MEM_IntReal): REAL to every operator and function,
    but stored -- in the table RETURNING collects its rows in -- and so handed out as an
    INTEGER, unless the item has REAL affinity (a bare column, a CAST AS REAL: trigger.c
    then converts it back). Each such value is a fresh float here, so an item that passes it
    through untouched (``+c``, CASE, coalesce(), max()) is recognised by identity."""

    def __init__(self, stmt, compiler: NodeCompiler):
        returning = stmt.returning or []
        self.exprs = [compiler.expr(e) for e in returning]
        self.real = stmt.returning_real
        self.state = compiler.state
        self.slot = stmt.slot
        self.real_columns = [i for i, c in enumerate(stmt.table.columns) if c.affinity == V.REAL]
        name = ascii_lower(stmt.table.name)
        self.per_row = [id(query) for e in returning for query in _subqueries(e)
                        if _reads_in_from(query, name)]

    def collect(self, env, out: list, int_real: bool = False) -> None:
        if not self.exprs:
            return
        cache = self.state.cache
        for key in self.per_row:
            cache.pop(key, None)            # run it again for this row
        marked = self._mark(env) if int_real and self.real_columns else ()
        row = [f(env) for f in self.exprs]
        if marked:
            row = [int(v) if not real and type(v) is float and any(v is m for m in marked)
                   else v for v, real in zip(row, self.real)]
        out.append(tuple(row))

    def _mark(self, env) -> list:
        """Replace the row's integral REAL values in MEM_IntReal's range (SQLite keeps
        larger ones as REAL) by fresh float objects, and return those."""
        record, marked = list(env[self.slot]), []
        for i in self.real_columns:
            v = record[i]
            if type(v) is float and v.is_integer() and -2**47 <= v < 2**47:
                record[i] = v + 0.0             # a new object (and -0.0 made 0.0)
                marked.append(record[i])
        env[self.slot] = tuple(record)
        return marked


def _subqueries(expr):
    """Every subquery (its bound Select) in ``expr``, nested ones included."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            yield e.query
            stack.extend(_select_expressions(e.query))
        if isinstance(e, b.InSubquery):
            stack.append(e.operand)
        stack.extend(children(e))


def _select_expressions(select: b.Select) -> list:
    found = list(select.columns) + list(select.group_by) + [
        select.where, select.having, select.limit, select.offset]
    found += [o.expr for o in select.order_by] + [a for agg in select.aggregates for a in agg.expressions()]
    found += [e for row in select.values or [] for e in row]
    for item in select.items:
        found.append(item.condition)
        if isinstance(item.source, b.SubquerySource):
            found += _select_expressions(item.source.query)
    for _, part in select.compound:
        found += _select_expressions(part)
    return [e for e in found if e is not None]


def _reads_in_from(query: b.Select, table_name: str) -> bool:
    """Whether ``query``'s SELECT SQLite looks at reads ``table_name`` in its FROM: a
    compound's last, unless SQLite runs the compound as ``SELECT * FROM (compound) ORDER
    BY ...`` (``subquery_row``: a COLLATE in its ORDER BY), whose FROM is that subquery."""
    if query.subquery_row is not None:
        return False
    last = query.compound[-1][1] if query.compound else query
    return any(isinstance(item.source, b.TableSource)
               and ascii_lower(item.source.table.name) == table_name for item in last.items)
