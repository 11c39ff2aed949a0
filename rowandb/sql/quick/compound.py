"""The quick path's fourth room: a compound of one-table SELECTs -- ``SELECT ... FROM t
[WHERE ...] [GROUP BY ...] [HAVING ...]`` joined by UNION, UNION ALL, INTERSECT or
EXCEPT -- each arm read by the reader (reader.py, query.py) and bound by the builder
(table.py) as a one-table statement is, then put together as ``bind_compound`` puts the
full path's arms together.

Why: select4.test, the corpus's largest script, is 1,000 such compounds (5,537 arms)
beside its joins; on the full path their parse and binding took about a fifth of the
script's CPU time (docs/PERFORMANCE.md, branch ``select4``), five times what the quick
path spends on the same arms.

The arms are bound as the binder binds them: right to left (SQLite's resolveSelectStep),
their slots from one counter (the last arm's group slot is 0, its table's 2, the next
arm's 4 and 6, ...), each arm's own column collations, DISTINCT and result names, then
the first arm holds the others and the compound's collations (``compound_collations``).
What the full path would treat otherwise, or could refuse, declines: an arm without
FROM or of anything but one plain table, a subquery in any arm (its slots and texts
interleave with the arms'), ORDER BY or LIMIT anywhere (the compound's own, matched by
``compound_order``, or an arm's misplaced one, an error), arms of different widths (an
error), more arms than ``_MAX_ARMS``. ``tests/test_quick_compound.py`` and
``tests/test_quick_from.py`` hold the two paths equal as data.
"""

from __future__ import annotations

import re

from ...planner.plan import bound as b
from ..bind.properties import collation_of, compound_collations
from ..parse.lexer import tokenize
from .build import Builder
from .query import read_clauses
from .reader import _MAX_TOKENS, Decline, Reader
from .screen import surely_declined
from .table import bind_table_query
from .view import apply_notes, query_source

# a compound operator as a word of the text (the screen's look: a word in a string
# literal or a quoted name splits the text wrongly, and the tokens decide then)
_OPERATOR = re.compile(r"\b(?:UNION(?:\s+ALL)?|INTERSECT|EXCEPT)\b", re.IGNORECASE)
_OPERATORS = {"UNION": "union", "INTERSECT": "intersect", "EXCEPT": "except"}
_MAX_ARMS = 100             # far below SQLite's limit of terms in a compound (500)


def shows_compound(statement: str) -> bool:
    """Whether the text of a statement the screen declines shows a compound whose arms
    the screen would each let through (False says the compound path need not try)."""
    arms = _OPERATOR.split(statement)
    if len(arms) < 2:
        return False
    for arm in arms:
        arm = arm.strip()
        if arm[:6].upper() != "SELECT" or surely_declined(arm):
            return False
    return True


def read_arms(statement: str) -> tuple[list, list]:
    """(the arms, each (operator before it or '', distinct, items, clauses), the items'
    texts of each arm) of a compound of one-table SELECTs, or ``Decline``."""
    tokens = tokenize(statement)
    if len(tokens) > _MAX_TOKENS:
        raise Decline
    reader = Reader(tokens, statement)
    arms, op = [], ""
    while True:
        distinct, items = reader.result()
        if reader.peek() != "FROM":
            raise Decline
        clauses = read_clauses(reader)
        if clauses.order_by or clauses.limit is not None or reader.subqueries:
            raise Decline
        arms.append((op, distinct, items, clauses))
        word = reader.peek()
        if word == "" and len(arms) > 1:
            return arms, [[item[3] for item in arm[2]] for arm in arms]
        if word not in _OPERATORS or len(arms) >= _MAX_ARMS:
            raise Decline
        reader.i += 1
        op = _OPERATORS[word]
        if op == "union" and reader.accept("ALL"):
            op = "union all"


def bind_arms(arms: list, catalog) -> b.Select:
    """The bound compound of ``arms`` (``read_arms``), as ``bind_compound`` binds it, or
    ``Decline``."""
    bound: list = [None] * len(arms)
    slot = 0
    notes: list = []
    for k in range(len(arms) - 1, -1, -1):
        _, distinct, items, clauses = arms[k]
        select = b.Select(items=[], columns=[], names=[], group_slot=slot)
        builder = Builder(select, catalog)
        source, item = query_source(builder, clauses, slot, notes)
        bind_table_query(builder, select, items, clauses, source, item)
        slot = builder.next_slot
        if k + 1 < len(arms) and len(select.columns) != len(bound[k + 1].columns):
            raise Decline               # SELECTs to the left and right of ... (an error)
        select.column_collations = [collation_of(c) or "BINARY" for c in select.columns]
        select.distinct = distinct
        select.alone = False
        bound[k] = select
    apply_notes(catalog, notes)
    first = bound[0]
    first.compound.extend((arm[0], query) for arm, query in zip(arms[1:], bound[1:]))
    first.column_collations = compound_collations(bound, [arm[0] for arm in arms[1:]])
    return first

