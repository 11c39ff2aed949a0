"""A partial index driving a loop makes the WHERE terms its own WHERE states true already.

When a loop reads a partial index, SQLite marks every WHERE term that is the same
expression as a term of the index's WHERE (split on AND) as coded, and never tests it
(wherecode.c, whereApplyPartialIndexConstraints) -- not for the right table of a LEFT
JOIN. The rows are those the index holds: after PRAGMA case_sensitive_like an entry
written when its LIKE held is read back though the LIKE of the moment fails for the row
(tests/test_partial_like.py). ``partial_where_coded`` drops such terms from the filter
right over an index loop on a partial index. A LIKE or GLOB so dropped whose range terms
(SQLite's LIKE optimization) bound the index's next column becomes that range of the
loop: SQLite reads only the entries in it, whatever rows they lead to now.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts
from ..plan.expr_compare import _bare, _has_range_terms, same, split_and


def partial_where_coded(node: L.Node) -> L.Node:
    """``node`` with the terms a partial index's WHERE states left out of the filters
    over its loops (outside the right side of an outer join)."""
    if isinstance(node, L.Filter) and isinstance(node.child, L.IndexScan) and \
            node.child.index is not None and node.child.index.partial:
        scan = node.child
        stated = split_and(scan.index.form.where)
        kept = []
        for c in conjuncts(node.predicate):
            if not any(same(c, term, scan.slot, 0) for term in stated):
                kept.append(c)
                continue
            bounds = _range(c, scan)
            if bounds is False:             # a range SQLite reads that is not done here
                kept.append(c)
            elif bounds is not None:
                scan = dataclasses.replace(scan, low=(b.Literal(bounds[0]), True),
                                           high=(b.Literal(bounds[1]), False))
        return scan if not kept else L.Filter(scan, conjoin(kept))
    if isinstance(node, L.Join):
        right = node.right if node.kind != "inner" else partial_where_coded(node.right)
        return dataclasses.replace(node, left=partial_where_coded(node.left), right=right)
    children = node.children() if hasattr(node, "children") else ()
    if len(children) == 1 and hasattr(node, "child"):
        child = partial_where_coded(node.child)
        return node if child is node.child else dataclasses.replace(node, child=child)
    return node


def _range(conjunct, scan: L.IndexScan):
    """The range ``(low, high)`` a LIKE or GLOB ``conjunct`` searches the column of the
    index after its equality prefix for, under the collation its case needs (whereexpr.c
    isLikeOrGlob: BINARY, or NOCASE for a LIKE that folds case; the upper bound the
    prefix with its last character, lower-cased when folding, one higher); None when it
    searches nothing; False when it would but RowanDB does not (the scan has a range of
    its own, or the prefix ends in a character that is not ASCII)."""
    if not isinstance(conjunct, b.Like) or conjunct.negated or \
            not _has_range_terms(conjunct):
        return None
    operand, columns, at = _bare(conjunct.operand), scan.index.columns, len(scan.equal)
    if not isinstance(operand, b.ColumnRef) or operand.slot != scan.slot or \
            len(columns) <= at or columns[at].column != operand.column:
        return None
    folds = conjunct.op == "like" and not conjunct.case_sensitive
    if columns[at].collation != ("NOCASE" if folds else "BINARY"):
        return None
    prefix = _prefix(conjunct)
    last = prefix[-1].lower() if folds else prefix[-1]
    if scan.low is not None or scan.high is not None or ord(last) >= 0x7F or \
            folds and last == "@":
        return False
    return prefix, prefix[:-1] + chr(ord(last) + 1)


def _prefix(like) -> str:
    """The characters of a LIKE or GLOB pattern before its first wildcard."""
    wildcards = "%_" if like.op == "like" else "*?["
    escape = like.escape.value if like.escape is not None else None
    text, prefix, i = like.pattern.value, [], 0
    while i < len(text) and text[i] not in wildcards:
        if text[i] == escape and i + 1 < len(text):
            i += 1
        prefix.append(text[i])
        i += 1
    return "".join(prefix)
