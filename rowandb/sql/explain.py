"""EXPLAIN and EXPLAIN QUERY PLAN: a statement's plan tree as rows, not run.

For a query the rows are the plan tree (``logical.explain``); for INSERT, UPDATE and
DELETE the plan that finds the rows, then one line per foreign-key check saying how it
looks rows up -- an INSERT's or UPDATE's REPLACE deletions' too, where SQLite codes them
(the statement's OR REPLACE or a constraint's ON CONFLICT REPLACE: writer.may_replace).
The statement is compiled as ``Session`` compiles it, never kept.
"""

from __future__ import annotations

from ..errors import NotSupportedError
from ..planner.exec.execute import Executable
from ..planner.exec.writer import may_replace
from ..planner.plan import logical as L
from ..catalog.ascii_case import ascii_upper
from .prepared import Prepared


def explained(session, prepared: Prepared) -> Prepared:
    """The statement EXPLAIN ``prepared`` explains; NotSupportedError for a kind not
    explained here."""
    inner = Prepared(prepared.parsed.inner, session._plan_version())
    if inner.parsed.kind not in ("select", "insert", "replace", "update", "delete"):
        raise NotSupportedError(f"EXPLAIN of {ascii_upper(inner.parsed.kind)} statements is "
                                "not supported")
    return inner


def explain(session, prepared: Prepared) -> tuple:
    """(columns, rows) of EXPLAIN [QUERY PLAN] ``prepared`` in ``session``."""
    inner = explained(session, prepared)
    executable = session._compile(inner, keep=False)
    if isinstance(executable, Executable):
        plan, lines = executable.plan.root, []
    else:
        finder = getattr(executable, "finder", None) or getattr(executable, "source", None)
        plan = finder.plan.root if finder is not None else None
        event = {"replace": "insert"}.get(inner.parsed.kind, inner.parsed.kind)
        lines = session.fkeys.explain(executable.stmt.table, event) if session.fkeys.enabled else []
        if event != "delete" and may_replace(executable.stmt, executable.stmt.table):
            lines += session.fkeys.explain(executable.stmt.table, "delete") if session.fkeys.enabled else []
    rows = [(i, parent, 0, detail) for i, parent, detail in L.explain(plan)] if plan else []
    rows += [(len(rows) + k + 1, 0, 0, line) for k, line in enumerate(lines)]
    return ("id", "parent", "notused", "detail"), rows
