"""The best search of a table by a list of WHERE terms, worked out once per plan.

Planning a one-table query with an ORDER BY asks ``choose_index._best_search`` the same
question more than once: whether the loop finds one row and whether a UNIQUE index is
searched by every key (``plan/one_row_order.py``: SQLite's WHERE_ONEROW and its
order-distinct loop; once for a lone table, more for a join's), and
which search the loop takes (``choose_index``). Each asks it
of the same table and the same terms, in the same order, so the answer is the same plan
node. While ``plan_select`` plans a statement (``kept``), each answer is kept under the
table, its alias, its INDEXED BY and the identities of the terms; the entry holds the
terms, so no identity is reused while the memo lives, and the memo goes when the
outermost plan is made. An answer that raises ('no query solution') is not kept.
"""

from __future__ import annotations

import contextlib

_memo: list = []                # the memo of the plan being made, when one is


@contextlib.contextmanager
def kept():
    """A memo for the searches of one statement's plan (nested plans share it)."""
    if _memo:
        yield
        return
    _memo.append({})
    try:
        yield
    finally:
        _memo.clear()


def remembered(scan, parts, implying, search):
    """``search(scan, parts, implying)``, from the memo when the same question was asked
    while this plan is made. ``implying`` counts only under INDEXED BY (``_best_search``)."""
    if not _memo:
        return search(scan, parts, implying)
    indexed = scan.indexed
    key = (scan.slot, id(scan.table), scan.alias,
           indexed if indexed is None or isinstance(indexed, tuple) else id(indexed),
           tuple(map(id, parts)),
           (implying is None, implying == (), tuple(map(id, implying or ())))
           if indexed else None)
    memo = _memo[0]
    entry = memo.get(key)
    if entry is None:
        found = search(scan, parts, implying)
        memo[key] = entry = (found, scan, tuple(parts), implying and tuple(implying))
    return entry[0]
