"""GROUP BY with only plain built-in aggregates, run as one generated Python loop.

``aggregate.py`` runs every aggregate through an accumulator object and a per-group
"feed" closure; that general machinery costs several calls and allocations per row and
per group. Most GROUP BY queries use only count(), sum(), total(), avg(), min() and
max() with no DISTINCT, FILTER or ORDER BY in the call. For those, ``fused_groups``
writes one Python function (its source is kept in ``FusedGroups.source`` and printed
when ``ROWANDB_DEBUG_FUSED`` is set) whose loop reads each source row once, finds its
group in a dict and updates the group's state in place:

| aggregate | group state | per row |
| --- | --- | --- |
| count(*) | an int | ``+= 1`` |
| count(x) | an int | ``+= 1`` when x is not NULL |
| sum / total / avg | an ``aggregates.Sum`` / ``Total`` / ``Avg`` | its ``step`` (exact SQLite arithmetic) |
| min / max | the best value so far | Python's ``<`` / ``>`` for two values of one type (int, float, bytes, or text under BINARY); otherwise ``values.compare`` under the call's collation |

A group's entry is a list: ``[snapshot, state_1, ..., state_n]``; ``snapshot`` holds the
slots of the group's first row or, with min()/max() calls, of the last row at which the
last of them found a new extreme (or a NULL before any value) -- the same bare-column
rule as ``aggregate._bare_row``, every call seeing every row here. With one GROUP BY term
under BINARY the dict is keyed by the value itself (Python's ``==`` and hash agree with
SQLite's equality for integers, reals, text and blobs: 1 and 1.0 meet in one group) and
the groups are sorted by ``values.sort_key`` once at the end; otherwise by the tuple of
the terms' collated sort keys, as ``aggregate.py`` does. Results are identical to the
general path (tests/test_query_fast_paths.py compares both with SQLite). Where the
planner walks a one-column index for the groups' order, ``table_for_index_walk`` reads the
table in place instead (same rows per group in the same order, no search per entry).
"""

from __future__ import annotations

import dataclasses
import os
from operator import itemgetter

from ..plan import bound as b
from ..plan import logical as L
from ..types import values as V
from ..functions.aggregates import Avg, Sum, Total
from ..functions.user import user_aggregate
from .fast_counts import COUNTS

_SUMS = {"sum": Sum, "total": Total, "avg": Avg}
_PLAIN_KEY = (int, float, str, bytes, type(None))


def fusable(n) -> bool:
    """True when every aggregate of ``n`` (an ``L.Aggregate`` with GROUP BY) is a plain
    call of a built-in count/sum/total/avg/min/max."""
    if not n.group_by:
        return False
    for a in n.aggregates:
        if a.distinct or a.filter is not None or a.order_by:
            return False
        if user_aggregate(a.name, len(a.args)) is not None:
            return False
        if a.name == "count" and len(a.args) <= 1:
            continue
        if a.name in _SUMS or a.name in ("min", "max"):
            if len(a.args) == 1:
                continue
        return False
    return True


def emitted(groups: dict, emit_order: tuple, key=None) -> list:
    """The groups' keys in the order they are emitted: sorted (by ``key`` when the keys
    are single raw values), or in the order of the index that delivered them
    (``Aggregate.emit_order``, optimizer/group_by_index.py), one stable sort per term from
    the least significant."""
    keys = sorted(groups, key=key)
    for position, descending in reversed(emit_order):
        keys.sort(key=key if key is not None else itemgetter(position), reverse=descending)
    return keys


def _canonical(v):
    """A GROUP BY value as a dict key equal exactly when SQLite calls the values equal."""
    if type(v) is bool:
        return int(v)
    return bytes(v)


def value_source(expr, fallback: str) -> str:
    """Python source reading ``expr`` from ``env``: a plain column is read in place
    (``env[slot][column]``, the rowid ``env[slot + 1]``), anything else calls the compiled
    closure named ``fallback``."""
    if isinstance(expr, b.ColumnRef) and not expr.json:
        if expr.column < 0:
            return f"env[{expr.slot + 1}]"
        return f"env[{expr.slot}][{expr.column}]"
    return f"{fallback}(env)"


#: A REAL added to a sum already inexact: Sum.step's and Sum._add_real's work, inlined.
_REAL_SUM = """    s = e[{i}]
    if type(v) is float and s.approx:
        s.cnt += 1
        s.overflow = False
        r = s.rsum
        t = r + v
        if abs(r) > abs(v):
            s.rerr += (r - t) + v
        else:
            s.rerr += (v - t) + r
        s.rsum = t
    else:
        s.step(v)"""


def _step_lines(i: int, a, extreme: bool) -> list[str]:
    """Source lines updating state ``e[i]`` of aggregate ``a`` for the current row."""
    if a.name == "count" and not a.args:
        return [f"e[{i}] += 1"]
    lines = [f"v = {value_source(a.args[0], f'arg{i}')}", "if v is not None:"]
    if a.name == "count":
        return lines + [f"    e[{i}] += 1"]
    if a.name in _SUMS:
        return lines + _REAL_SUM.format(i=i).split("\n")
    better, want = (">", -1) if a.name == "max" else ("<", 1)
    fast = "fast" if (a.collation or "BINARY") == "BINARY" else "fast_numeric"
    lines += [f"    b = e[{i}]",
              f"    if b is None or (v {better} b if type(v) is type(b) and type(v) in {fast}"
              f" else compare(b, v, coll{i}) == {want}):",
              f"        e[{i}] = v"]
    if extreme:                 # the last min()/max() decides the bare columns' row
        lines += ["        e[0] = snap(env)",
                  f"elif e[{i}] is None:",
                  "    e[0] = snap(env)"]
    return lines


def _loop_head(child) -> list[str]:
    """The loop over the source rows: a table scan is read in place (no generator per
    row; the environment still gets each record and rowid for bare columns and closures),
    any other source through its compiled row source."""
    if _direct_scan(child):
        return ["    progress = state.progress",
                "    for rowid, record in table_rows(store, table, reverse):",
                "        if progress.armed:",
                "            progress.tick()",
                f"        env[{child.slot}] = record",
                f"        env[{child.slot + 1}] = rowid"]
    return ["    for _ in child(env):"]


def _direct_scan(child) -> bool:
    return isinstance(child, L.Scan) and child.table.virtual is None


def _source(n, extreme: int | None, single_binary: bool, walked: bool = False) -> str:
    aggs = n.aggregates
    init = ", ".join("0" if a.name == "count" else f"make{i + 1}()" if a.name in _SUMS
                     else "None" for i, a in enumerate(aggs))
    if single_binary:
        key = [f"k = {value_source(n.group_by[0], 'group0')}",
               "if type(k) not in plain_key:", "    k = canonical(k)"]
    elif len(n.group_by) == 1:
        key = ["k = (key0(group0(env)),)"]
    else:
        key = ["k = (" + ", ".join(f"key{j}(group{j}(env))" for j in range(len(n.group_by)))
               + ",)"]
    body = ["def fused_groups(env):",
            "    counts['fused_aggregate'] += 1",
            ] + (["    counts['fused_table_walk'] += 1"] if walked else []) + [
            "    groups = {}",
            "    get = groups.get",
            ] + _loop_head(n.child)
    body += ["        " + line for line in key]
    body += ["        e = get(k)",
             "        if e is None:",
             f"            e = groups[k] = [snap(env), {init}]"]
    for i, a in enumerate(aggs):
        body += ["        " + line for line in _step_lines(i + 1, a, extreme == i)]
    order = "emitted(groups, emit_order, sort_key)" if single_binary else \
        "emitted(groups, emit_order)"
    body += [f"    for k in {order}:",
             "        e = groups[k]",
             "        emit(env, e)",
             "        yield None"]
    return _in_place("\n".join(body) + "\n", n)


def _in_place(source: str, n) -> str:
    """``source`` reading a scanned table's row from the loop's own variables when nothing
    but the bare-column snapshot needs it in the environment: no two stores per row."""
    child = n.child
    if not _direct_scan(child) or n.source_slots != (child.slot,) or \
            source.count("(env)") != source.count("snap(env)") + 1:    # + def fused_groups
        return source
    slot = child.slot
    source = source.replace(f"        env[{slot}] = record\n", "")
    source = source.replace(f"        env[{slot + 1}] = rowid\n", "")
    source = source.replace(f"env[{slot}][", "record[").replace(f"env[{slot + 1}]", "rowid")
    return source.replace("snap(env)", "(record, rowid)")


def table_for_index_walk(n):
    """``n`` reading its table in rowid order in place of a whole walk of an index on its
    one GROUP BY column (the order ``group_by_index`` chose for the groups).

    The groups come out sorted by ``emitted`` whichever order the rows arrive in, and the
    rows of one group arrive in rowid order either way: the index's entries of equal keys
    are in rowid order, and one BINARY group's values are equal keys of the index whatever
    its collation. So every group sees the same rows in the same order (the same first
    row, the same sums to the last bit) while the loop reads each record straight from
    the table instead of searching the table for each index entry."""
    walk = n.child
    if not isinstance(walk, L.IndexScan) or walk.covering or walk.equal or walk.low or \
            walk.high or walk.direction < 0 or walk.nulls_moved or walk.table.without_rowid \
            or walk.table.virtual is not None:
        return n
    index, group = walk.index, n.group_by[0]
    if index.form is not None or len(index.columns) != 1 or index.columns[0].desc or \
            not isinstance(group, b.ColumnRef) or group.slot != walk.slot or \
            group.column != index.columns[0].column:
        return n
    return dataclasses.replace(n, child=L.Scan(walk.slot, walk.table, walk.alias))


class FusedGroups:
    """The generated GROUP BY loop of one ``L.Aggregate`` (``run`` is the row source)."""

    def __init__(self, nc, n, child, snap, emit_row, extreme):
        group = [nc.expr(g) for g in n.group_by]
        collations = n.group_collations or ("BINARY",) * len(group)
        single_binary = len(group) == 1 and (collations[0] or "BINARY") == "BINARY"
        walked = table_for_index_walk(n) if single_binary else n
        from .execute import _table_rows        # execute.py imports this module
        scope = {"child": child, "table_rows": _table_rows, "state": nc.state,
                 "store": nc.store, "table": getattr(walked.child, "table", None),
                 "reverse": getattr(walked.child, "reverse", False), "snap": snap,
                 "counts": COUNTS, "plain_key": _PLAIN_KEY,
                 "emitted": emitted, "emit_order": n.emit_order,
                 "canonical": _canonical, "sort_key": V.sort_key, "compare": V.compare,
                 "fast": (int, float, str, bytes), "fast_numeric": (int, float, bytes)}
        for j, (g, c) in enumerate(zip(group, collations)):
            scope[f"group{j}"] = g
            scope[f"key{j}"] = V.sort_key_function(c or "BINARY")
        finals = []
        for i, a in enumerate(n.aggregates, 1):
            if a.args:
                scope[f"arg{i}"] = nc.exprs.arguments(a.name, a.args)[0]
            if a.name in _SUMS:
                scope[f"make{i}"] = _SUMS[a.name]
            scope[f"coll{i}"] = a.collation or "BINARY"
            finals.append(a.name in _SUMS)

        def emit(env, e):
            emit_row(env, [s.finalize() if f else s for f, s in zip(finals, e[1:])], e[0])
        scope["emit"] = emit
        self.source = _source(walked, extreme, single_binary, walked is not n)
        if os.environ.get("ROWANDB_DEBUG_FUSED"):
            print(self.source)
        exec(compile(self.source, "<fused GROUP BY>", "exec"), scope)
        self.run = scope["fused_groups"]
