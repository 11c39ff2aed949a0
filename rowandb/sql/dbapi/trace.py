"""``Connection.set_trace_callback``: the text of every statement the connection runs, with
its parameters written in, as SQLite's ``sqlite3_expanded_sql`` writes them.

A parameter becomes NULL, an integer, a REAL in ``%!.15g`` form, a quoted string or a blob
literal ``x'..'`` (lower-case hex). The Session calls ``Tracer.statement`` once for each
execution, after the statement was prepared and before it runs; an exception the callback
raises is reported like any callback's (``enable_callback_tracebacks``) and otherwise
ignored, as sqlite3 does.
"""

from __future__ import annotations

from typing import Callable

from ...planner.functions.printf import sql_printf
from ..parse.lexer import parameter_slots, tokenize


def literal(value) -> str:
    """``value`` as SQLite writes a bound parameter into expanded SQL."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is float:
        return sql_printf("%!.15g", [value])
    if type(value) is bytes:
        return f"x'{value.hex()}'"
    return "'" + value.replace("'", "''") + "'"


def expanded_sql(sql: str, params: tuple) -> str:
    """``sql`` with each parameter replaced by its value's literal."""
    if not params:
        return sql
    tokens = tokenize(sql)
    slots, _ = parameter_slots(tokens)
    parts, last = [], 0
    for token in tokens:
        if token.start in slots:            # a parameter (``#N`` is none)
            slot = slots[token.start]
            parts += [sql[last:token.start],
                      literal(params[slot] if slot < len(params) else None)]
            last = token.end
    return "".join(parts) + sql[last:]


class Tracer:
    """A trace callback and what reports its errors."""

    def __init__(self, callback: Callable[[str], object], report: Callable):
        self.callback, self.report = callback, report

    def statement(self, sql: str, params: tuple = ()) -> None:
        try:
            self.callback(expanded_sql(sql, params))
        except Exception as error:
            self.report(error)


__all__ = ["Tracer", "expanded_sql", "literal"]
