"""The sqlglot dialect RowanDB parses with, and reading function calls back from its trees.

sqlglot turns many function calls into classes of its own and forgets how they were
written (``log10(x)`` becomes ``Log(10, x)``, ``ifnull`` becomes ``Coalesce``). Calls of
SQLite functions reach sqlglot renamed, so it keeps them as written (``as_written.py``);
for any call it still maps, this dialect records the name as written in the node's
``meta`` under ``WRITTEN_NAME``. ``function_parts`` gives the binder (name, arguments,
DISTINCT) of either kind of node as the user wrote them, ``function_order`` the ORDER BY
written inside the argument list.
"""

from __future__ import annotations

import threading

from sqlglot import expressions as exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.sqlite import SQLite
from rowandb.catalog.ascii_case import ascii_lower

WRITTEN_NAME = "written_name"
# The name of the call a unary + becomes for sqlglot, and then the meta key marking the
# parenthesis that stands for it (as_written.py).
UNARY_PLUS = "__rowandb_unary_plus"


class RowanSQLite(SQLite):
    """SQLite as sqlglot reads it, plus each known function's name as written."""

    ORIGINAL_NAME_META_KEY = WRITTEN_NAME


DIALECT = RowanSQLite


# -- sqlglot's tools, made once per thread ------------------------------------------------
# ``sqlglot.parse(text, read=DIALECT)`` and ``node.sql(dialect="sqlite")`` build a new
# dialect, tokenizer, parser or generator on every call, which costs more than parsing or
# writing a short statement. Each of those tools resets its state at the start of a call,
# so one per thread (a statement is prepared on one thread at a time) gives the same
# result.
_TOOLS = threading.local()


def parse_statements(text: str) -> list:
    """``sqlglot.parse(text, read=DIALECT)``: the trees of ``text`` (None for an empty
    statement), with this thread's tokenizer and parser."""
    tools = _TOOLS.__dict__
    parser = tools.get("parser")
    if parser is None:
        ours = Dialect.get_or_raise(DIALECT)
        parser = tools["parser"] = ours.parser()
        tools["tokenizer"] = ours.tokenizer()
    return parser.parse(tools["tokenizer"].tokenize(text), text)


def to_sql(node: exp.Expression, dialect: str | None = "sqlite", copy: bool = True) -> str:
    """``node.sql(dialect=dialect, copy=copy)``, with this thread's generator for the
    dialect (None: sqlglot's own)."""
    generators = _TOOLS.__dict__.setdefault("generators", {})
    generator = generators.get(dialect)
    if generator is None:
        generator = generators[dialect] = Dialect.get_or_raise(dialect).generator()
    return generator.generate(node, copy=copy)


# -- reading calls back ---------------------------------------------------------------------
def function_parts(node: exp.Func):
    """(name, argument nodes, distinct) of a function call, as it was written.

    sqlglot turns many SQLite functions into classes of its own; the dialect
    (``dialect.py``) records the name as written in ``meta``, and ``_written_args`` puts
    the arguments back in written order where sqlglot reorders, adds or merges them.
    """
    if isinstance(node, exp.Anonymous):
        name, args = node.name, list(node.expressions)
    else:
        name = _written_name(node)
        args = _written_args(node, ascii_lower(name))
    if args and isinstance(args[-1], exp.Order):    # f(x ORDER BY y): function_order
        args[-1:] = [args[-1].this] if args[-1].this is not None else []
    if len(args) == 1 and isinstance(args[0], exp.Star):
        args = []                               # f(*) is f() to SQLite: count(*)
    distinct = False
    if len(args) == 1 and isinstance(args[0], exp.Distinct):
        distinct = True
        args = list(args[0].expressions)
    return name, args, distinct


def function_order(node: exp.Func) -> list | None:
    """The ``Ordered`` terms of an ORDER BY inside the argument list of call ``node``,
    None without one. SQLite's parser drops the ORDER BY of a call without arguments
    (``count(ORDER BY x)`` is ``count()``, its terms never resolved: expr.c,
    sqlite3ExprAddFunctionOrderBy), so that one is None too."""
    args = node.expressions if isinstance(node, exp.Anonymous) else [
        v for k in node.arg_types for v in (node.args.get(k) if isinstance(
            node.args.get(k), list) else [node.args.get(k)])]
    last = args[-1] if args else None
    if not isinstance(last, exp.Order) or last.this is None:
        return None
    return list(last.expressions)


# Functions sqlglot parses with a routine of its own, which records no name as written:
# the length of the name token tells the candidates apart.
_UNRECORDED_NAMES = {
    exp.If: ("if", "iif"), exp.GroupConcat: ("group_concat", "string_agg"),
    exp.Ceil: ("ceil", "ceiling"), exp.Floor: ("floor",), exp.Substring: ("substring", "substr"),
    exp.Trim: ("trim",), exp.Chr: ("char",), exp.JSONObject: ("json_object",),
    exp.JSONBExtract: ("->",), exp.JSONBExtractScalar: ("->>",),   # as_written._ARROWS
}


def _written_name(node: exp.Func) -> str:
    written = node.meta.get(WRITTEN_NAME)
    if written:
        return written
    candidates = _UNRECORDED_NAMES.get(type(node), ())
    start, end = node.meta.get("start"), node.meta.get("end")
    if start is not None and end is not None:
        for candidate in candidates:
            if len(candidate) == end - start + 1:
                return candidate
    return candidates[0] if candidates else ascii_lower(node.sql_name())


def _written_args(node: exp.Func, name: str) -> list:
    if isinstance(node, exp.LowerHex):              # lower(hex(x)) is one node in sqlglot
        return [exp.Anonymous(this="hex", expressions=[node.this])]
    if isinstance(node, exp.Hex) and name == "upper":  # so is upper(hex(x))
        return [exp.Anonymous(this="hex", expressions=[node.this])]
    if isinstance(node, exp.Log) and name in ("log10", "log2"):   # sqlglot adds the base
        return [node.expression]
    if isinstance(node, exp.TimeToStr):             # strftime(format, time...)
        return [node.args["format"], node.this]
    args = []
    for key in node.arg_types:
        value = node.args.get(key)
        if isinstance(value, list):
            args.extend(value)
        elif isinstance(value, exp.Expression):
            args.append(value)
    return args
