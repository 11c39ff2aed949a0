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

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts, slots_of
from .chain import with_sides


def function_arguments(node):
    if isinstance(node, L.Filter) and isinstance(node.child, L.FunctionScan):
        return _take(node.child, conjuncts(node.predicate))
    if isinstance(node, L.Filter):
        child = function_arguments(node.child)
        return node if child is node.child else L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        left, right = function_arguments(node.left), function_arguments(node.right)
        if left is node.left and right is node.right:
            return node                 # (no table-valued function below)
        return with_sides(node, left, right)
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
    an equality or an IN on a hidden column the call left empty."""
    taken = hidden_equality(scan, conjunct)
    if taken is not None:
        return slots_of(taken[1]) if taken[0] >= len(scan.args) else frozenset()
    column = _hidden_in(scan, conjunct)
    if column is None or column < len(scan.args):
        return frozenset()
    return slots_of(conjunct) - {scan.slot}


def _hidden_in(scan, part):
    """The hidden column number ``part`` tests with an IN the function can take -- a list
    or a subquery that does not read the function's own row (SQLite offers xBestIndex
    such an IN as an equality it may use) -- or None."""
    visible = len(scan.function.columns)
    if isinstance(part, (b.InList, b.InSubquery)) and not part.negated \
            and isinstance(part.operand, b.ColumnRef) and part.operand.slot == scan.slot \
            and part.operand.column >= visible:
        rest = part.items if isinstance(part, b.InList) else [part.query]
        if not any(scan.slot in slots_of(item) for item in rest):
            return part.operand.column - visible
    return None


def _take(scan: L.FunctionScan, parts: list) -> L.Node:
    """The scan with the arguments ``parts`` give it: an equality on a hidden column (the
    last one written), else an IN on it (the last one), which makes the function run
    once per distinct value of the IN (``in_list``: the positions of such arguments);
    the arguments of the call itself win."""
    hidden = len(scan.function.hidden)
    values = list(scan.args) + [None] * (hidden - len(scan.args))
    source = [None] * hidden                # the conjunct each value came from
    for k, part in enumerate(parts):
        found = hidden_equality(scan, part)
        if found is not None and found[0] >= len(scan.args):
            values[found[0]], source[found[0]] = found[1], k
    listed = set()
    for k, part in enumerate(parts):
        column = _hidden_in(scan, part)
        if column is not None and column >= len(scan.args) and \
                (values[column] is None or column in listed):
            values[column], source[column] = part, k
            listed.add(column)
    used = scan.function.used([v is not None for v in values])
    taken = {source[i] for i in range(used) if source[i] is not None}
    rest = [part for k, part in enumerate(parts) if k not in taken]
    in_list = tuple(sorted(c for c in listed if c < used)) or None
    node = dataclasses.replace(scan, args=tuple(values[:used]), in_list=in_list)
    return L.Filter(node, conjoin(rest)) if rest else node
