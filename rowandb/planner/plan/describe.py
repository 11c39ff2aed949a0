"""Bound expressions rendered as short SQL-like text, for plan trees and EXPLAIN."""

from __future__ import annotations

from . import bound as b
from .once import Once
from ...catalog.ascii_case import ascii_upper

_OPS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%", "concat": "||",
        "bitand": "&", "bitor": "|", "shl": "<<", "shr": ">>", "and": "AND", "or": "OR",
        "eq": "=", "ne": "<>", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "is": "IS",
        "isnot": "IS NOT"}


def describe(expr) -> str:
    if expr is None:
        return "NULL"
    method = _DESCRIBERS.get(type(expr))
    return method(expr) if method else type(expr).__name__


def _literal(e: b.Literal) -> str:
    v = e.value
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    if isinstance(v, bytes):
        return "X'" + v.hex().upper() + "'"
    return repr(v)


def _column(e: b.ColumnRef) -> str:
    return f"{e.table}.{e.name}" if e.table else e.name


def _unary(e: b.Unary) -> str:
    inner = describe(e.operand)
    return {"neg": f"-{inner}", "pos": f"+{inner}", "bitnot": f"~{inner}", "not": f"NOT {inner}",
            "isnull": f"{inner} IS NULL", "notnull": f"{inner} IS NOT NULL",
            "istrue": f"{inner} IS TRUE", "isfalse": f"{inner} IS FALSE",
            "isnottrue": f"{inner} IS NOT TRUE", "isnotfalse": f"{inner} IS NOT FALSE"}[e.op]


def _binary(e) -> str:
    return f"({describe(e.left)} {_OPS[e.op]} {describe(e.right)})"


def _like(e: b.Like) -> str:
    neg = "NOT " if e.negated else ""
    return f"{describe(e.operand)} {neg}{ascii_upper(e.op)} {describe(e.pattern)}"


def _inlist(e: b.InList) -> str:
    neg = "NOT " if e.negated else ""
    return f"{describe(e.operand)} {neg}IN ({', '.join(describe(i) for i in e.items)})"


def _insub(e: b.InSubquery) -> str:
    return f"{describe(e.operand)} {'NOT ' if e.negated else ''}IN (subquery)"


def _case(e: b.Case) -> str:
    return "CASE ... END"


_DESCRIBERS = {
    b.Literal: _literal, b.NullPastSubquery: _literal, b.FoldedOr: _literal,
    b.ParsedFalse: _literal,
    b.Param: lambda e: f"?{e.index + 1}",
    b.TriggerColumn: lambda e: e.name, b.ColumnRef: _column,
    b.Fixed: lambda e: f"{e.name}={describe(e.value)}",
    Once: lambda e: f"ONCE({describe(e.value)})",
    b.Unary: _unary, b.Binary: _binary, b.Compare: _binary, b.Like: _like, b.InList: _inlist,
    b.InSubquery: _insub, b.Exists: lambda e: f"{'NOT ' if e.negated else ''}EXISTS (subquery)",
    b.ScalarSubquery: lambda e: "(subquery)", b.Case: _case,
    b.Cast: lambda e: f"CAST({describe(e.operand)} AS {e.type_name})",
    b.Collate: lambda e: f"{describe(e.operand)} COLLATE {e.collation}",
    b.Function: lambda e: f"{e.name}({', '.join(describe(a) for a in e.args)})",
    b.Row: lambda e: f"({', '.join(describe(i) for i in e.items)})",
    b.RowCompare: _binary, b.RowIn: _insub,
    b.RowColumn: lambda e: f"(subquery)[{e.index}]",
    b.AggregateRef: lambda e: f"agg{e.index}",
    b.WindowRef: lambda e: f"win{e.slot}.{e.index}",
}
