"""A Project's rows built by one generated expression, for result columns of plain shape.

``execute._project`` compiles each result column to a closure and builds a row by calling
them: for ``SELECT x1, d5+18+d5, c2`` that is seven closure calls a row (a column's, a
literal's, an operator's) besides the two additions. select4's joins project about
740,000 rows of such columns (PERFORMANCE.md, branch select4 of the twenty-seventh round),
and the calls were a quarter of running them. Where every column is a plain column of a
table (not a JSON-marked one), a literal, or an arithmetic, string or bit operator
(``bound.Binary`` other than AND and OR) over such, the project loop is written as Python
instead: each slot's row read once per row, the operators called as the closures call them
(``values.add`` and its like, left operand first; for +, - and * the functions' first case,
two integers whose result fits 64 bits, written out, every other pair given to them), the
columns built left to right into one tuple -- the same values, in the same order, and the
same errors.

The text names the slots, columns and literals only through the arguments of its maker,
so one text (compiled once, ``code_cache``) serves every statement of the same shape:
select4 writes each join in several orders of its FROM list, which move the slots and
keep the shape.
"""

from __future__ import annotations

from ..plan import bound as b
from ..types import values as V
from .code_cache import compiled

_MAKERS: dict = {}      # source -> its maker function
_KEPT = 512
_NOT_OPERATORS = ("and", "or")
# operators nested deeper are left to the closures: Python's parser refuses a text nested
# past 200 parentheses (test_limits: a chain of 1,000 additions)
_DEEPEST = 32
_INLINE = {"add": "+", "sub": "-", "mul": "*"}


def generated_project(child, columns: tuple, exprs):
    """The project loop over ``child`` building each row from ``columns`` (bound
    expressions), or None when a column is not of the shape this module writes.
    ``exprs``: the statement's expression compiler, told the slots read (its
    ``max_slot``, as compiling each column would)."""
    writer = _Writer()
    parts = [writer.expression(column) for column in columns]
    if None in parts:
        return None
    if writer.max_slot > exprs.max_slot:
        exprs.max_slot = writer.max_slot
    reads = "".join(f"            r{i} = env[s{i}]\n" for i in range(len(writer.slots)))
    row = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    names = ["child"] + [f"s{i}" for i in range(len(writer.slots))] + \
        [f"k{i}" for i in range(len(writer.columns))] + \
        [f"v{i}" for i in range(len(writer.values))]
    source = (f"def make({', '.join(names)}):\n"
              f"    def project(env):\n"
              f"        for _ in child(env):\n"
              f"{reads}"
              f"            yield {row}\n"
              f"    return project\n")
    make = _maker(source, writer.operators)
    return make(child, *writer.slots, *writer.columns, *writer.values)


def _maker(source: str, operators: set):
    make = _MAKERS.get(source)
    if make is None:
        if len(_MAKERS) >= _KEPT:
            _MAKERS.clear()
        namespace = {f"op_{op}": getattr(V, op) for op in operators}
        exec(compiled(source, "<generated project>"), namespace)    # noqa: S102
        make = _MAKERS[source] = namespace.pop("make")     # (its globals: no cycle)
    return make


class _Writer:
    """The Python text of plain expressions: the environment positions they read (one
    name per position), their literals, the operators they call."""

    def __init__(self):
        self.slots: list = []           # environment positions read, in first-read order
        self.values: list = []          # the literals' values
        self.columns: list = []         # the columns read of them, one name each
        self.operators: set = set()
        self.max_slot = 0
        self.temporaries = 0            # names of the inlined operators' operands

    def expression(self, e, depth: int = 0):
        kind = type(e)
        if kind is b.ColumnRef:
            if e.json:
                return None
            self.max_slot = max(self.max_slot, e.slot)
            if e.column < 0:            # the rowid: the position after the row's
                return self._read(e.slot + 1)
            self.columns.append(e.column)
            return f"{self._read(e.slot)}[k{len(self.columns) - 1}]"
        if kind is b.Literal:
            self.values.append(e.value)
            return f"v{len(self.values) - 1}"
        if kind is b.Collate:
            return self.expression(e.operand, depth + 1)
        if kind is b.Binary and e.op not in _NOT_OPERATORS and hasattr(V, e.op) and \
                depth < _DEEPEST:
            left = self.expression(e.left, depth + 1)
            right = self.expression(e.right, depth + 1) if left is not None else None
            if right is None:
                return None
            self.operators.add(e.op)
            sign = _INLINE.get(e.op)
            if sign is None:
                return f"op_{e.op}({left}, {right})"
            i = self.temporaries = self.temporaries + 1
            # values.add's (sub's, mul's) own first case, two integers whose result fits
            # 64 bits, written out; any other pair goes to the function, both computed
            return (f"(x{i} if type(a{i} := {left}) is type(b{i} := {right}) is int and "
                    f"{V.INT64_MIN} <= (x{i} := a{i} {sign} b{i}) <= {V.INT64_MAX} "
                    f"else op_{e.op}(a{i}, b{i}))")
        return None

    def _read(self, position: int) -> str:
        if position not in self.slots:
            self.slots.append(position)
        return f"r{self.slots.index(position)}"
