"""SQLite's JSON subtype on the row a write is making, and which values may carry it.

A JSON function's result carries SQLite's subtype 'J' (``JsonText``/``JsonBlob``,
functions/json/sqlvalues.py). The subtype lives in a register, never in the database, but
INSERT and UPDATE compute the new row into registers and everything that reads the row
before it is stored reads those registers: its CHECK constraints, its generated columns,
an upsert's ``excluded.x``, RETURNING, and NEW in its triggers. So ``json_array(a)`` there
nests the array an ``INSERT ... VALUES (json('[1]'))`` gives ``a`` (``[[1]]``) where a
later SELECT of the stored row sees text (``["[1]"]``). Measured on SQLite 3.54.1, the
values that keep it are those computed straight into the row: a single-row VALUES, a
DEFAULT, an UPDATE's or a DO UPDATE's SET, and the rows of an INSERT's co-routine
(``streamed_marks``); rows put in an ephemeral table first (an INSERT with a trigger or
RETURNING, or reading its table; UPDATE ... FROM) hand over plain values, and a scalar or
row subquery what its result registers keep (``kept_positions``).

A generated column is computed into such a register too, so one computed from a JSON
function keeps the subtype for what reads the row after it (``writer.Generated._noted``).

RowanDB never stores a mark: the row stays plain, and a write remembers which of its
columns came marked (``marks``: position -> JsonText or JsonBlob). While the row is in
flight ``State.json_marks`` maps (slot, position) to the mark, and a column read as the
argument of a JSON function puts it back (``ExpressionCompiler.json_argument``) -- if
the column's affinity left the value text (or a blob): ``json('1')`` stored in an INTEGER
column is the integer 1. Triggers get NEW as parameters, marked in place (``marked_row``).
"""

from __future__ import annotations

import dataclasses

from ..functions.json import JSON_FUNCTIONS, RESULT_SUBTYPE_FUNCTIONS, JsonBlob, JsonText
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

#: the functions and aggregates SQLite declares SQLITE_RESULT_SUBTYPE (``returns_subtype``:
#: each measured on SQLite 3.54.1, the four aggregates too)
RESULT_SUBTYPE = RESULT_SUBTYPE_FUNCTIONS | frozenset((
    "json_group_array", "json_group_object", "jsonb_group_array", "jsonb_group_object"))


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
    if isinstance(e, b.AggregateRef) and e.carries:
        return True                     # min() or max() of such a value (passes_mark)
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
    if isinstance(e, b.RowColumn):                  # SET (a, b) = (SELECT ...)
        return e.index in kept_positions(e.subquery.query)
    return False


def keeps_subtype(query: b.Select) -> bool:
    """Whether ``query``, a scalar subquery's, hands its value on with the JSON subtype:
    its one column is copied into the subquery's result register, so a value that
    ``json_argument`` keeps keeps it there -- from any SELECT of the UNION ALLs at the
    compound's top (the UNIONs SQLite runs as such for its LIMIT 1,
    ``union_all_for_one_row``), not from under an EXCEPT or INTERSECT, nor after a sorter.
    But SQLite clears the register's subtype when the last SELECT's column may return one
    of its own (``returns_subtype``: ``(SELECT json('[1]'))`` is plain text, while
    ``(SELECT json('[1]') UNION ALL SELECT 0)`` keeps it), measured on SQLite 3.54.1."""
    return len(query.columns) == 1 and bool(kept_positions(query))


def kept_positions(query: b.Select, cleared: bool = True) -> frozenset:
    """The columns of ``query``, a scalar or row subquery's, whose values reach its result
    registers with the JSON subtype (``keeps_subtype``): SQLite clears only the first
    register's (``UPDATE t SET (a, b) = (SELECT json('[1]'), json('[2]'))`` gives b the
    subtype and a none); ``cleared`` False for a co-routine's, which clears none."""
    if query.recursion is not None:
        return frozenset()
    last, arms = query.compound[-1][1] if query.compound else query, _union_all_arms(query)
    return frozenset(k for k in range(len(query.columns))
                     if not (cleared and k == 0 and returns_subtype(last.columns[0], last))
                     and any(carries_json(arm.columns[k]) for arm in arms))


def streamed_marks(root, query: b.Select):
    """``root``, the plan of an INSERT's rows ``query`` that SQLite runs as a co-routine
    (no temporary table first), with the JSON marks its rows' registers keep -- a JSON
    function's result and json_each's value alike, in VALUES rows or a SELECT's result,
    unless a sorter came between (``INSERT INTO t SELECT value FROM json_each(...)``
    fails a CHECK ``json_array(a) <> '[[1]]'``), measured on SQLite 3.54.1; None when no
    value may carry one."""
    if isinstance(root, L.Values):
        carried = any(carries_json(e) for row in root.rows for e in row)
        return dataclasses.replace(root, json=True) if carried else None
    kept = kept_positions(query, cleared=False)
    return marks_kept(root, kept, scalar=True) if kept else None


def _union_all_arms(query: b.Select) -> list:
    """The SELECTs of ``query`` whose rows reach its result as they come: those after its
    last operator other than UNION ALL (all of them when there is none)."""
    arms = [query] + [arm for _, arm in query.compound]
    ops = [op for op, _ in query.compound]
    last = max((k for k, op in enumerate(ops, 1) if op != "union all"), default=0)
    return arms[last + 1:] if last else arms


def returns_subtype(e, query: b.Select) -> bool:
    """Whether SQLite's walk for a function that may return a subtype finds one in ``e``
    (a column of ``query``): it goes into the arguments of every function, aggregate
    calls included, and into CASE, COLLATE, unary + and CAST, and stops at any other
    operator and at a subquery (measured: ``coalesce(value, json('1'))`` and ``CASE WHEN
    json('1') THEN value END`` clear json_each's subtype, ``coalesce(value, json('1') IS
    NULL)`` does not). ``RESULT_SUBTYPE`` names the functions declared so."""
    if isinstance(e, b.Function):
        return e.name in RESULT_SUBTYPE or any(returns_subtype(a, query) for a in e.args)
    if isinstance(e, b.AggregateRef):
        if e.slot != query.group_slot or e.index >= len(query.aggregates):
            return False
        call = query.aggregates[e.index]
        return call.name in RESULT_SUBTYPE or any(returns_subtype(a, query) for a in call.args)
    if isinstance(e, b.Case):
        parts = [p for when in e.whens for p in when] + [e.operand, e.default]
        return any(returns_subtype(p, query) for p in parts if p is not None)
    if isinstance(e, b.Collate) or isinstance(e, b.Unary) and e.op == "pos" or \
            isinstance(e, b.Cast):
        return returns_subtype(e.operand, query)
    return False


def passes_mark(name: str, args) -> bool:
    """Whether the aggregate ``name(args)`` hands on its argument's JSON subtype: min()
    and max() keep the best value as it came, register and all (func.c minmaxStep), so
    ``max(value)`` over json_each is JSON to a reader when no sorter came between."""
    return name in ("min", "max") and len(args) == 1 and carries_json(args[0])


def marks_kept(plan, positions=None, scalar: bool = False):
    """``plan`` with the JSON marks of its result's columns at ``positions`` (default:
    its bare json_each.value columns) handed on: ``L.Project.json``. For a subquery
    SQLite flattens, whose outer query reads the function's row itself, subtype and all
    (the binder marks those outer columns JSON too, ``sql/bind/properties.json_columns``),
    and for a scalar subquery that keeps its value's mark (``keeps_subtype``). Through a
    Limit or Labelled line; for a scalar subquery (``scalar``) also through a DISTINCT,
    which tests its values and passes its register on, and into the SELECTs of a UNION
    ALL."""
    if isinstance(plan, L.Project):
        kept = frozenset(i for i, c in enumerate(plan.columns) if isinstance(c, b.ColumnRef)
                         and c.json and not c.after_sorter) if positions is None \
            else frozenset(positions)
        return dataclasses.replace(plan, json=kept) if kept else plan
    if isinstance(plan, (L.Limit, Labelled)) or scalar and isinstance(plan, L.Distinct):
        child = marks_kept(plan.child, positions, scalar)
        if child is plan.child:
            return plan
        extra = {"json": True} if isinstance(plan, L.Distinct) else {}
        return dataclasses.replace(plan, child=child, **extra)
    if scalar and isinstance(plan, L.Compound) and plan.op == "union all":
        return dataclasses.replace(plan, left=marks_kept(plan.left, positions, scalar),
                                   right=marks_kept(plan.right, positions, scalar))
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
