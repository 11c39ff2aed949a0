"""GROUP BY with only plain built-in aggregates, run as one generated Python loop.

``aggregate.py`` runs every aggregate through an accumulator object and a per-group
"feed" closure; that general machinery costs several calls and allocations per row and
per group. Most GROUP BY queries use only count(), sum(), total(), avg(), min() and
max() with no DISTINCT, FILTER or ORDER BY in the call. For those, ``fused_groups``
writes one Python function (its source is kept in ``FusedGroups.source`` and printed
when ``ROWANDB_DEBUG_FUSED`` is set) whose loop reads each source row once, finds its
group and updates the group's state in place. The source names what the statement reads
only through the scope it runs in, so its code object is compiled once per process for
each distinct text (``code_cache.compiled``) and only the scope is made per statement.
The states live in flat arrays
(``fused_state.Region``: a group is an index into them, no object per group):

| aggregate | group state | per row |
| --- | --- | --- |
| count(*) | the group's row count (a REAL in ``blk``) | ``+ 1.0`` |
| count(x) | a REAL in ``blk`` | ``+= 1.0`` when x is not NULL |
| sum / total / avg | four REALs in ``blk`` and an int64 in ``isums`` | ``Sum.step``'s arithmetic inlined (exact SQLite arithmetic; the rare steps through ``Sum`` itself) |
| min / max | the best value so far, in a list | Python's ``<`` / ``>`` for two values of one type (int, float, bytes, or text under BINARY when one of the two is ASCII); otherwise ``values.compare`` under the call's collation |

Beside them each group has a snapshot: the slots of its first row or, with min()/max()
calls, of the last row at which the last of them found a new extreme (or a NULL before
any value) -- the same bare-column rule as ``aggregate._bare_row``, every call seeing
every row here.

With one GROUP BY term under BINARY, a non-negative INTEGER below a bound (the scanned
table's row count, so the arrays stay within a few words per row of the table) is its
group's own index in the *direct* region: no lookup at all, and the groups come out in
ascending order by walking the region, each group's numbers one short run of doubles
(at 100,000 groups a dict and one object per group no longer fit the caches: the lookup
and the objects were most of the growth of the per-row cost from 10k to 1M rows). Any
other value (and a REAL equal to such an integer, which joins the integer's group: 1 and
1.0 are one group in SQLite) goes through ``_place`` to the *hashed* region, keyed by the
value itself in a dict (Python's ``==`` and hash agree with SQLite's equality for
integers, reals, text and blobs); the two are merged by ``values.sort_key`` at the end.
Otherwise every group is in the hashed region, keyed by the tuple of the terms' collated
sort keys, as ``aggregate.py`` does. Results are identical to the
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
from .code_cache import compiled
from .fast_counts import COUNTS
from .fused_state import Layout, Region, emission
from .json_marks import passes_mark

_SUMS = {"sum": Sum, "total": Total, "avg": Avg}
_PLAIN_KEY = (int, float, str, bytes, type(None))
_DIRECT_CAP = 1024     # the direct region's bound when the source is not a table scan


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
        if a.name in _SUMS or a.name in ("min", "max") and not passes_mark(a.name, a.args):
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


def _step_lines(n, layout, extreme: int | None, p: str, in_place: bool) -> list[str]:
    """Source lines adding the current row to group ``g`` of region ``p`` (``d``: the
    direct region, ``h``: the hashed one; arrays ``{p}b``, ``{p}q{i}``, ``{p}m{i}``, ``{p}sn``,
    ``{p}si`` as ``fused_state.Region`` lays them out): its row count (a new group's
    snapshot taken first), then each call's state."""
    snap = f"{p}sn[g] = record; {p}si[g] = rowid" if in_place else f"{p}sn[g] = snap(env)"
    lines = [f"j = g * {layout.stride}", f"n = {p}b[j]", "if n == 0.0:", f"    {snap}",
             f"{p}b[j] = n + 1.0"]
    for i, a in enumerate(n.aggregates, 1):
        if a.name == "count" and not a.args:
            continue                            # the row count itself
        lines.append(f"v = {value_source(a.args[0], f'arg{i}')}")
        if a.name == "count":
            lines += ["if v is not None:", f"    {p}b[j + {layout.offsets[i]}] += 1.0"]
        elif a.name in _SUMS:
            lines += _sum_lines(i, layout.offsets[i], p)
        else:
            lines += _extreme_lines(i, a, p, snap if extreme == i - 1 else None)
    return lines


def _sum_lines(i: int, o: int, p: str) -> list[str]:
    """Adding ``v`` to sum call ``i`` (flag, cnt, rsum, rerr at ``j + o`` ...): ``Sum.step``'s
    arithmetic inlined for a REAL into an approximate sum and an INTEGER into an exact one
    that stays in range; anything else through ``Region.step``."""
    return ["if v is not None:",
            f"    if type(v) is float and ({p}b[j + {o}] == 1.0 or {p}ap({i}, g)):",
            f"        {p}b[j + {o + 1}] += 1.0",
            f"        r = {p}b[j + {o + 2}]",
            "        t = r + v",
            "        if abs(r) > abs(v):",
            f"            {p}b[j + {o + 3}] += (r - t) + v",
            "        else:",
            f"            {p}b[j + {o + 3}] += (v - t) + r",
            f"        {p}b[j + {o + 2}] = t",
            f"    elif type(v) is int and {p}b[j + {o}] == 0.0 and "
            f"{V.INT64_MIN} <= (t := {p}q{i}[g] + v) <= {V.INT64_MAX}:",
            f"        {p}b[j + {o + 1}] += 1.0",
            f"        {p}q{i}[g] = t",
            "    else:",
            f"        {p}st({i}, g, v)"]


def _extreme_lines(i: int, a, p: str, snap: str | None) -> list[str]:
    """min()/max() call ``i`` seeing ``v``; ``snap``, for the last of them, takes the
    bare columns' row when it finds a new extreme (or a NULL before any value)."""
    better, want = (">", -1) if a.name == "max" else ("<", 1)
    # text under BINARY: Python's order is the bytes' when either text is ASCII (else an
    # escaped byte, text that is not valid UTF-8, may be misordered: values.compare)
    text = " or type(v) is str and (v.isascii() or b.isascii())" \
        if (a.collation or "BINARY") == "BINARY" else ""
    lines = ["if v is not None:",
             f"    b = {p}m{i}[g]",
             f"    if b is None or (v {better} b if type(v) is type(b) and (type(v) in fast{text})"
             f" else compare(b, v, coll{i}) == {want}):",
             f"        {p}m{i}[g] = v"]
    if snap:
        lines += [f"        {snap}", f"elif {p}m{i}[g] is None:", f"    {snap}"]
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


def _group_lines(n, single_binary: bool) -> list[str]:
    """Finding the current row's group: ``g`` >= 0 its place in the direct region (a
    non-negative INTEGER below ``cap`` is its own place), ``~g`` its place in the hashed
    one (``groups``: the value, or the tuple of the terms' sort keys -> ``~g``)."""
    if not single_binary:
        terms = ", ".join(f"key{j}(group{j}(env))" for j in range(len(n.group_by)))
        return [f"k = ({terms},)", "g = get(k)", "if g is None:",
                "    g = groups[k] = ~H.add()", "    hb = H.blk"]
    return [f"k = {value_source(n.group_by[0], 'group0')}",
            "if type(k) is int and 0 <= k < size:",
            "    g = k",
            "else:",
            "    if type(k) not in plain_key:",
            "        k = canonical(k)",
            "    g = get(k)",
            "    if g is None:",
            "        g = place(k, D, H, groups, cap)",
            "        size, db, hb = len(dsn), D.blk, H.blk"]


def _results(n, layout, p: str, in_place: bool) -> str:
    """The emit call of group ``g`` of region ``p``."""
    out = []
    for i, a in enumerate(n.aggregates, 1):
        if a.name == "count":
            out.append(f"int({p}b[g * {layout.stride} + {layout.offsets[i]}])")
        elif a.name in _SUMS:
            out.append(f"{p}R.final({i}, g)")
        else:
            out.append(f"{p}m{i}[g]")
    snapshot = f"({p}sn[g], {p}si[g])" if in_place else f"{p}sn[g]"
    return f"emit(env, [{', '.join(out)}], {snapshot})"


def _source(n, extreme: int | None, single_binary: bool, walked: bool = False,
            in_place: bool = False) -> str:
    layout = Layout(n.aggregates, _SUMS)
    body = ["def fused_groups(env):",
            "    counts['fused_aggregate'] += 1",
            ] + (["    counts['fused_table_walk'] += 1"] if walked else []) + [
            "    groups = {}",
            "    get = groups.get",
            "    cap, size = direct_cap(), 0"]
    for p, region in (("d", "D"), ("h", "H")):
        body += [f"    {region} = {p}R = Region(layout)",
                 f"    {p}b, {p}sn, {p}si = {region}.blk, {region}.sn, {region}.si",
                 f"    {p}ap, {p}st = {region}.approximate, {region}.step"]
        body += [f"    {p}q{i} = {region}.isums[{i}]" for i in layout.sums]
        body += [f"    {p}m{i} = {region}.lists[{i}]" for i in layout.extremes]
    body += _loop_head(n.child)
    body += ["        " + line for line in _group_lines(n, single_binary)]
    body += ["        if g >= 0:"]
    body += ["            " + line for line in _step_lines(n, layout, extreme, "d", in_place)]
    body += ["        else:", "            g = ~g"]
    body += ["            " + line for line in _step_lines(n, layout, extreme, "h", in_place)]
    key = "sort_key" if single_binary else "None"
    body += ["    if size:", "        counts['fused_direct'] += 1"]
    body += [f"    for g in emission(D, groups, emit_order, emitted, {key}):",
             "        if g >= 0:",
             f"            {_results(n, layout, 'd', in_place)}",
             "        else:",
             "            g = ~g",
             f"            {_results(n, layout, 'h', in_place)}",
             "        yield None"]
    return "\n".join(body) + "\n"


def _in_place(n, extreme, single_binary: bool, walked: bool) -> str:
    """The loop's source, reading a scanned table's row from the loop's own variables when
    nothing but the bare-column snapshot needs it in the environment: no two stores per
    row, and the snapshot kept as the record in ``sn`` and the rowid in ``si`` (no tuple
    made per snapshot)."""
    source = _source(n, extreme, single_binary, walked)
    child = n.child
    if not _direct_scan(child) or n.source_slots != (child.slot,) or \
            source.count("(env)") != source.count("snap(env)") + 1:    # + def fused_groups
        return source
    slot = child.slot
    source = _source(n, extreme, single_binary, walked, in_place=True)
    source = source.replace(f"        env[{slot}] = record\n", "")
    source = source.replace(f"        env[{slot + 1}] = rowid\n", "")
    return source.replace(f"env[{slot}][", "record[").replace(f"env[{slot + 1}]", "rowid")


def _place(k, direct, hashed, groups: dict, cap: int) -> int:
    """The place of a group value the loop did not find (see ``_group_lines``): in the
    direct region for an INTEGER (or a REAL equal to one) in ``0 <= k < cap``, widening it;
    otherwise a new group of the hashed region, entered in ``groups``."""
    if type(k) is float and k.is_integer() and 0 <= k < cap:
        k = int(k)                          # 1.0 and 1 are one group
    if type(k) is int and 0 <= k < cap:
        direct.cover(k, cap)
        return k
    g = groups[k] = ~hashed.add()
    return g


def table_for_index_walk(n):
    """``n`` reading its table in rowid order in place of a whole walk of an index on its
    one GROUP BY column (the order ``group_by_index`` chose for the groups).

    The groups come out sorted by ``emitted`` whichever order the rows arrive in, and the
    rows of one group arrive in rowid order either way: the index's entries of equal keys
    are in rowid order, and one BINARY group's values are equal keys of the index whatever
    its collation. So every group sees the same rows in the same order (the same first
    row, the same sums to the last bit) while the loop reads each record straight from
    the table instead of searching the table for each index entry. A walk backwards
    (``GROUP BY a ORDER BY a DESC``: ``group_by_index._sort_by_group``) reads the table
    backwards, each group's rows in descending rowid order as the walk's."""
    walk = n.child
    if not isinstance(walk, L.IndexScan) or walk.covering or walk.equal or walk.low or \
            walk.high or walk.nulls_moved or walk.table.without_rowid \
            or walk.table.virtual is not None:
        return n
    index, group = walk.index, n.group_by[0]
    if index.form is not None or len(index.columns) != 1 or index.columns[0].desc or \
            not isinstance(group, b.ColumnRef) or group.slot != walk.slot or \
            group.column != index.columns[0].column:
        return n
    return dataclasses.replace(n, child=L.Scan(walk.slot, walk.table, walk.alias,
                                               reverse=walk.direction < 0))


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
                 "counts": COUNTS, "plain_key": _PLAIN_KEY, "Region": Region,
                 "layout": Layout(n.aggregates, _SUMS), "emission": emission,
                 "place": _place, "direct_cap": _capper(nc.store, walked, single_binary),
                 "emit": emit_row,
                 "emitted": emitted, "emit_order": n.emit_order,
                 "canonical": _canonical, "sort_key": V.sort_key, "compare": V.compare,
                 "fast": (int, float, bytes)}
        for j, (g, c) in enumerate(zip(group, collations)):
            scope[f"group{j}"] = g
            scope[f"key{j}"] = V.sort_key_function(c or "BINARY")
        for i, a in enumerate(n.aggregates, 1):
            if a.args:
                scope[f"arg{i}"] = nc.exprs.arguments(a.name, a.args)[0]
            if a.name in _SUMS:
                scope[f"make{i}"] = _SUMS[a.name]
            scope[f"coll{i}"] = a.collation or "BINARY"
        self.source = _loop_source(walked, extreme, single_binary, walked is not n)
        if os.environ.get("ROWANDB_DEBUG_FUSED"):
            print(self.source)
        exec(compiled(self.source, "<fused GROUP BY>"), scope)     # noqa: S102
        self.run = scope.pop("fused_groups")   # its globals must not hold it: a cycle


_SOURCES_KEPT = 512
_SOURCES: dict = {}     # a loop's shape (``_shape``) -> its source (``_loop_source``)


def _loop_source(n, extreme, single_binary: bool, walked: bool) -> str:
    """``_in_place``'s source of ``n``, made once per shape: what of the node the text is
    written from -- each call's name, argument (a column's slot and position, or a
    closure) and collation, the GROUP BY terms' number and the one term's reading, the
    source rows' kind and slots -- and the loop's choices."""
    key = _shape(n, extreme, single_binary, walked)
    source = _SOURCES.get(key)
    if source is None:
        if len(_SOURCES) >= _SOURCES_KEPT:
            _SOURCES.clear()
        source = _SOURCES[key] = _in_place(n, extreme, single_binary, walked)
    return source


def _read(expr) -> tuple:
    """How ``value_source`` reads ``expr``: in place (slot, position) or by a closure."""
    if isinstance(expr, b.ColumnRef) and not expr.json:
        return expr.slot, expr.column
    return ()


def _shape(n, extreme, single_binary: bool, walked: bool) -> tuple:
    calls = tuple((a.name, tuple(_read(x) for x in a.args[:1]), a.collation or "BINARY")
                  for a in n.aggregates)
    child = n.child
    return (calls, len(n.group_by), _read(n.group_by[0]) if single_binary else None,
            extreme, single_binary, walked, _direct_scan(child), getattr(child, "slot", None),
            n.source_slots)


def _capper(store, n, single_binary: bool):
    """``direct_cap()``: the bound of the direct region's values -- the scanned table's
    row count, so that the region's arrays stay within a few words per row of the table
    whatever the values (``_DIRECT_CAP`` for any other source); 0 (no direct region)
    when the groups are not keyed by one BINARY value."""
    child = n.child
    if not single_binary:
        return lambda: 0
    if not _direct_scan(child) or child.table.without_rowid:
        return lambda: _DIRECT_CAP
    file_id = child.table.file_id
    return lambda: max(_DIRECT_CAP, len(store.table(file_id).rows))
