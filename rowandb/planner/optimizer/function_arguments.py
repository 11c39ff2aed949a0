"""Rule 6: give a table-valued function the equalities on its hidden columns as arguments.

SQLite offers a virtual table every WHERE and ON term of the form ``hidden = expr`` whose
``expr`` is known before the table's loop starts, and the table's xBestIndex decides which
it takes (``functions/table_functions.py``: the first hidden column's, then the second's
with it). A taken term becomes an argument and leaves the filter -- the function does not
test it again, as SQLite omits it -- so ``SELECT * FROM pragma_table_info WHERE arg =
't'`` runs ``PRAGMA table_info='t'``. Of several terms on one column the last one written
is taken, and the arguments of the call itself come after every WHERE term (SQLite adds
them at the end), so they win. After ``push_down_predicates`` the terms on a function
sit in the Filter right above it, every slot they read filled by then.
"""

from __future__ import annotations

import dataclasses

from ...errors import NotSupportedError
from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts, slots_of


def function_arguments(node):
    if isinstance(node, L.Filter) and isinstance(node.child, L.FunctionScan):
        return _take(node.child, conjuncts(node.predicate))
    if isinstance(node, L.Filter):
        return L.Filter(function_arguments(node.child), node.predicate)
    if isinstance(node, L.Join):
        return dataclasses.replace(node, left=function_arguments(node.left),
                                   right=function_arguments(node.right))
    return node


def hidden_equality(scan, conjunct):
    """``(hidden column number, expr)`` when ``conjunct`` is ``hidden = expr`` (either way
    round) on the function of ``scan`` and ``expr`` does not read it; else None."""
    if not (isinstance(conjunct, b.Compare) and conjunct.op == "eq"):
        return None
    visible = len(scan.function.columns)
    for side, other in ((conjunct.left, conjunct.right), (conjunct.right, conjunct.left)):
        if isinstance(side, b.ColumnRef) and side.slot == scan.slot and side.column >= visible \
                and scan.slot not in slots_of(other):
            return side.column - visible, other
    return None


def argument_slots(scan, conjunct) -> frozenset:
    """The slots read by ``conjunct`` when it could give ``scan`` an argument it lacks:
    an equality or an IN list on a hidden column the call left empty."""
    taken = hidden_equality(scan, conjunct)
    if taken is not None:
        return slots_of(taken[1]) if taken[0] >= len(scan.args) else frozenset()
    column = _hidden_in(scan, conjunct)
    if column is None or column < len(scan.args) or not isinstance(conjunct, b.InList):
        return frozenset()
    return frozenset().union(*(slots_of(item) for item in conjunct.items))


def _hidden_in(scan, part):
    """The hidden column number ``part`` tests with ``IN``, or None."""
    visible = len(scan.function.columns)
    if isinstance(part, (b.InList, b.InSubquery)) and not part.negated \
            and isinstance(part.operand, b.ColumnRef) and part.operand.slot == scan.slot \
            and part.operand.column >= visible:
        return part.operand.column - visible
    return None


def _in_list(scan, parts: list, values: list):
    """The position of ``first_hidden IN (list)`` when no equality gives the first
    argument: SQLite then runs the function once per value of the list (the IN is an
    equality constraint to xBestIndex). An IN it would take anywhere else -- a subquery,
    another hidden column -- is not built here."""
    found = None
    for k, part in enumerate(parts):
        column = _hidden_in(scan, part)
        if column is None or values[column] is not None:
            continue
        if column or not isinstance(part, b.InList) or \
                any(scan.slot in slots_of(item) for item in part.items):
            raise NotSupportedError(f"IN on a hidden column of {scan.function.name} is not "
                                    "supported")
        found = k
    return found


def _take(scan: L.FunctionScan, parts: list) -> L.Node:
    hidden = len(scan.function.hidden)
    values = list(scan.args) + [None] * (hidden - len(scan.args))
    source = [None] * hidden                # the conjunct each value came from
    for k, part in enumerate(parts):
        found = hidden_equality(scan, part)
        if found is not None and found[0] >= len(scan.args):
            values[found[0]], source[found[0]] = found[1], k
    listed = _in_list(scan, parts, values)
    if listed is not None:
        values[0], source[0] = parts[listed], listed
    used = scan.function.used([v is not None for v in values])
    taken = {source[i] for i in range(used) if source[i] is not None}
    rest = [part for k, part in enumerate(parts) if k not in taken]
    if listed is not None and used:
        node = dataclasses.replace(scan, args=tuple(values[1:used]),
                                   in_list=tuple(parts[listed].items))
    else:
        node = dataclasses.replace(scan, args=tuple(values[:used]))
    return L.Filter(node, conjoin(rest)) if rest else node
