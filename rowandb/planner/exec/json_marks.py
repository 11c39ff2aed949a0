"""SQLite's JSON subtype on the row a write is making, and which values may carry it.

A JSON function's result carries SQLite's subtype 'J' (``JsonText``/``JsonBlob``,
functions/json/sqlvalues.py). The subtype lives in a register, never in the database, but
INSERT and UPDATE compute the new row into registers and everything that reads the row
before it is stored reads those registers: its CHECK constraints, its generated columns,
an upsert's ``excluded.x``, RETURNING, and NEW in its triggers. So ``json_array(a)`` there
nests the array an ``INSERT ... VALUES (json('[1]'))`` gives ``a`` (``[[1]]``) where a
later SELECT of the stored row sees text (``["[1]"]``). Measured on SQLite 3.54.1, the
values that keep it are those computed straight into the row: a single-row VALUES, a
DEFAULT, an UPDATE's or a DO UPDATE's SET; a multi-row VALUES (a co-routine),
INSERT ... SELECT and UPDATE ... FROM (an ephemeral table) hand over plain values.

RowanDB never stores a mark: the row stays plain, and a write remembers which of its
columns came marked (``marks``: position -> JsonText or JsonBlob). While the row is in
flight ``State.json_marks`` maps (slot, position) to the mark, and a column read as the
argument of a JSON function puts it back (``ExpressionCompiler.json_argument``) -- if
the column's affinity left the value text (or a blob): ``json('1')`` stored in an INTEGER
column is the integer 1. Triggers get NEW as parameters, marked in place (``marked_row``).
"""

from __future__ import annotations

import dataclasses

from ..functions.json import JSON_FUNCTIONS, JsonBlob, JsonText
from ..plan import bound as b
from ..plan import logical as L
from ..plan.cte import Labelled

#: Functions that hand back one of their arguments as it came, subtype and all
#: (ExpressionCompiler.json_argument codes each group).
RETURNS_ARGUMENT = ("likely", "unlikely", "likelihood")
RETURNS_COMPARED = ("nullif", "max", "min")
RETURNS_CHOSEN = ("coalesce", "ifnull", "iif", "if")
_PASSING = frozenset(RETURNS_ARGUMENT + RETURNS_COMPARED + RETURNS_CHOSEN)

_PLAIN = {JsonText: str, JsonBlob: bytes}


def json_marked(v):
    return JsonText(v) if type(v) is str else v


def json_unmarked(v):
    """A JSON function's result as the rest of the engine sees it: plain TEXT or BLOB."""
    t = type(v)
    return str(v) if t is JsonText else bytes(v) if t is JsonBlob else v


def carries_json(e, slots: frozenset = frozenset(), functions: bool = True) -> bool:
    """Whether ``e``, compiled by ``json_argument``, may give a marked value: it is a JSON
    function, or hands one on (CASE, COLLATE, unary +, CAST AS TEXT, the functions
    above), or reads NEW in a trigger or a column of one of ``slots`` (rows in flight),
    or json_each's value, or is a scalar subquery that keeps its mark. ``functions``:
    False where a JSON function's own result loses it (json_arguments.py)."""
    if isinstance(e, b.Function):
        if e.name in JSON_FUNCTIONS:
            return functions
        return e.name in _PASSING and any(carries_json(a, slots, functions) for a in e.args)
    if isinstance(e, (b.AggregateRef, b.WindowRef)):
        return bool(e.json) and functions
    if isinstance(e, b.Case):
        return any(carries_json(v, slots, functions) for _, v in e.whens) or \
            e.default is not None and carries_json(e.default, slots, functions)
    if isinstance(e, b.Collate) or isinstance(e, b.Unary) and e.op == "pos" or \
            isinstance(e, b.Cast) and e.affinity == "TEXT":
        return carries_json(e.operand, slots, functions)
    if isinstance(e, b.TriggerColumn):
        return True
    if isinstance(e, b.ColumnRef):
        return e.json and not e.after_sorter or e.slot in slots
    if isinstance(e, b.ScalarSubquery):
        return keeps_subtype(e.query)
    return False


def keeps_subtype(query: b.Select) -> bool:
    """Whether ``query``, a scalar subquery's, hands its value on with json_each's JSON
    subtype: its one column is copied into the subquery's result register, so what
    ``json_argument`` keeps without a JSON function's own result keeps it there (a column
    read after a sorter has lost it; a compound is not followed)."""
    return len(query.columns) == 1 and not query.compound and \
        query.recursion is None and carries_json(query.columns[0], functions=False)


def marks_kept(plan, positions=None):
    """``plan`` with the JSON marks of its result's columns at ``positions`` (default:
    its bare json_each.value columns) handed on: ``L.Project.json``. For a subquery
    SQLite flattens, whose outer query reads the function's row itself, subtype and all
    (the binder marks those outer columns JSON too, ``sql/bind/properties.json_columns``),
    and for a scalar subquery that keeps its value's mark (``keeps_subtype``). Through a
    Limit or Labelled line only (a DISTINCT's keys are plain values)."""
    if isinstance(plan, L.Project):
        kept = frozenset(i for i, c in enumerate(plan.columns) if isinstance(c, b.ColumnRef)
                         and c.json and not c.after_sorter) if positions is None \
            else frozenset(positions)
        return dataclasses.replace(plan, json=kept) if kept else plan
    if isinstance(plan, (L.Limit, Labelled)):
        child = marks_kept(plan.child, positions)
        return plan if child is plan.child else dataclasses.replace(plan, child=child)
    return plan


def split_marks(pairs) -> tuple[list, dict | None]:
    """``(position, value)`` pairs with plain values, and the positions that came marked
    (None when none did)."""
    marks, plain = None, []
    for pos, v in pairs:
        t = type(v)
        if t is JsonText or t is JsonBlob:
            if marks is None:
                marks = {}
            marks[pos] = t
            v = _PLAIN[t](v)
        plain.append((pos, v))
    return plain, marks


def marked_row(record, marks: dict | None):
    """``record`` with its marked columns marked again where still text (or a blob)."""
    if not marks:
        return record
    row = list(record)
    for pos, kind in marks.items():
        if type(row[pos]) is _PLAIN[kind]:
            row[pos] = kind(row[pos])
    return tuple(row)


def slot_marks(slots, marks: dict | None) -> dict | None:
    """``State.json_marks`` for a row in flight in each of ``slots``."""
    if not marks:
        return None
    return {(slot, pos): kind for slot in slots for pos, kind in marks.items()}
