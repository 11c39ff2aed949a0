"""Compiling the values that reach a JSON function with SQLite's JSON subtype.

SQLite's subtype rides on a register: a JSON function's result carries it, json_each's
``value`` column carries it for an array or object, and a copy of the register keeps it.
A function that reads subtypes (json_array, json_object, json_insert, ...) nests such an
argument as JSON where it quotes plain text. RowanDB's values carry the mark as their
type (``JsonText``/``JsonBlob``) only where a reader asks for it: ``json_argument``
compiles an argument so that the mark reaches the function through the forms SQLite
copies it through, and the ordinary compile gives plain values everywhere else
(``json_marks.py`` says which forms may carry one: ``carries_json``).

A scalar subquery is one such copy (its result register, select.c SRT_Mem): its column
keeps json_each's subtype, but not a JSON function's, whose result SQLite clears unless
the call is itself an argument of a subtype-reading function (expr.c, TK_FUNCTION and
EP_SubtArg) -- ``json_array((SELECT value FROM json_each('[[1]]')))`` is ``[[1]]`` and
``json_array((SELECT json('[1]')))`` is ``["[1]"]``, measured on SQLite 3.54.1.
"""

from __future__ import annotations

import functools

from ..functions.json import JSON_FUNCTIONS, JsonText
from ..functions.registry import SCALAR_FUNCTIONS
from ..plan import bound as b
from ..types import values as V
from . import row_values
from .json_marks import RETURNS_ARGUMENT, RETURNS_CHOSEN, RETURNS_COMPARED, json_marked, \
    json_unmarked, keeps_subtype, kept_positions
from .lazy_calls import lazy_call


class JsonArguments:
    """The ``ExpressionCompiler``'s compile of values that may carry the JSON mark."""

    def json_argument(self, e, functions: bool = True):
        """An argument of a function that reads SQLite's JSON subtype: JSON text coming
        from a JSON function (or a json_group_* result) keeps its ``JsonText`` mark, also
        through CASE, coalesce/ifnull/iif, nullif, two-argument max/min, likely/unlikely/
        likelihood, COLLATE, unary + and CAST AS TEXT (SQLite copies the value with its
        subtype there); everything else arrives as plain values (as through an operator
        in SQLite); json_each's ``value`` column is marked row by row, and so are NEW in
        a trigger, the columns of a row a write is making (json_marks.py) and a scalar
        subquery's value that is one of these. ``functions``: False for a scalar
        subquery's column, where a JSON function's result is not kept."""
        argument = self.json_argument if functions else \
            functools.partial(self.json_argument, functions=False)
        if isinstance(e, b.Function):
            if e.name in JSON_FUNCTIONS:
                return self._function(e, keep_json=functions)
            if e.name in RETURNS_ARGUMENT:
                return self._call(e, argument)         # they hand back an argument
            if e.name in RETURNS_COMPARED:                  # ... one they compared
                fn = SCALAR_FUNCTIONS[e.name][0]
                if e.collation is not None:
                    fn = functools.partial(fn, collation=e.collation)
                return _handing_back(fn, [argument(a) for a in e.args])
            if e.name in RETURNS_CHOSEN:                    # they pass a value on
                args = [self.condition(a) if e.name in ("iif", "if") and i % 2 == 0
                        and i + 1 < len(e.args) else argument(a)
                        for i, a in enumerate(e.args)]
                return lazy_call(e.name, args)
        elif isinstance(e, (b.AggregateRef, b.WindowRef)) and e.json and functions:
            f = self.compile(e)
            return lambda env: json_marked(f(env))
        elif isinstance(e, b.AggregateRef) and e.carries:   # min() or max(): as it came
            return self._aggregateref(e, marked=True)
        elif isinstance(e, b.Case):             # SQLite keeps the subtype through these
            return self._case(e, argument)
        elif isinstance(e, b.Collate) or isinstance(e, b.Unary) and e.op == "pos":
            return argument(e.operand)
        elif isinstance(e, b.Cast) and e.affinity == "TEXT":
            f, cast = argument(e.operand), V.cast
            return lambda env: v if type(v := f(env)) is JsonText else cast(v, "TEXT")
        elif isinstance(e, b.TriggerColumn):    # NEW.x comes marked (json_marks.marked_row)
            return lambda env, state=self.state, i=e.index: state.params[i]
        elif isinstance(e, b.ColumnRef) and e.json and not e.after_sorter:  # json_each.value
            self._columnref(e)
            return lambda env, slot=e.slot, col=e.column: env[slot][col]
        elif isinstance(e, b.ColumnRef) and e.column >= 0:
            return self._row_in_flight(e)
        elif isinstance(e, b.ScalarSubquery) and keeps_subtype(e.query):
            return self._scalarsubquery(e, marked=True)
        elif isinstance(e, b.RowColumn) and e.index in kept_positions(e.subquery.query):
            return row_values.compile_column(self, e, marked=True)
        return self.compile(e)

    def _row_in_flight(self, e):
        """A column read where it may be one of a row a write is making (json_marks.py):
        marked again if the write computed it marked and it is still text (or a blob)."""
        read, state, key = self.compile(e), self.state, (e.slot, e.column)

        def column(env):
            v = read(env)
            marks = state.json_marks
            if marks is not None:
                kind = marks.get(key)
                if kind is not None and type(v) is kind.__base__:
                    return kind(v)
            return v
        return column


def _handing_back(fn, args: list):
    """nullif, max or min over ``args`` (which may carry the JSON mark): ``fn`` compares
    their plain values and returns one of them unchanged; that argument is given back as
    it came, mark and all."""
    def run(env):
        values = [f(env) for f in args]
        plain = [json_unmarked(v) for v in values]
        result = fn(*plain)
        return next((v for v, p in zip(values, plain) if p is result), result)
    return run
