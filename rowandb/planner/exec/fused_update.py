"""A narrow UPDATE over a full table scan, run as one generated Python loop.

``narrow_update.update_narrow`` still collects the rowids through the compiled row finder
(a generator, one closure call per expression node per row), then finds each row again,
evaluates the SET closures and writes each record with its own undo entry. For the
commonest shape -- ``UPDATE t SET c = <expr> [, ...] [WHERE <expr>]`` whose WHERE is a
filter over a scan of the whole table, and whose expressions use only the row's columns,
the rowid, literals, parameters, unary and binary ``+ - * / %`` and the comparisons
``= <> < <= > >=`` --
``fused`` writes one function (its source is kept in ``FusedUpdate.source`` and printed
when ``ROWANDB_DEBUG_FUSED`` is set) that walks the table's rows in rowid order, tests the
WHERE, computes the SET values and the new record in place, and hands the records to the
store at once (``rows.update_records`` -> ``Transaction.update_rows``: one call, the
one undo entry for the batch, standing for one ``update_row`` each).

The expressions are the general path's, written out:

| node | source |
| --- | --- |
| a column / the rowid | ``record[i]`` / ``rowid`` |
| literal, parameter | a constant of the function / ``params[i]`` |
| ``x + k``, ``x - k`` (k a finite literal number) | ``x + k`` when x is a REAL, else ``values.add`` |
| ``x % k`` (k a positive literal integer) | Python's ``%`` when x is a non-negative INTEGER, else ``values.mod`` |
| other arithmetic | the ``values`` function the closure calls |
| ``-x``, ``+x`` | ``values.neg``, x |
| a comparison | the affinity SQLite applies folded into a literal operand (or applied to a parameter's value); then Python's operator for two numbers, else ``expressions._plain_test`` |

Nothing else is fused (functions, CASE, subqueries, COLLATE, AND/OR below the WHERE's
top-level conjuncts...): such a statement keeps ``update_narrow``'s loop. None of the
fused nodes has a side effect or can fail, so testing the WHERE and computing the SET of
one row before the next row is tested changes nothing SQLite could show (SQLite itself
updates such a statement in one pass, update.c's WHERE_ONEPASS_MULTIROW). Each SET value
gets its column's affinity (the other columns are stored with theirs already and
``apply_affinity`` leaves a stored value as it is). A NULL for a NOT NULL column writes
the batch so far and sends that row through ``RowWriter.update_row`` with its conflict
clause, as ``update_narrow`` does; an error or interrupt writes the batch before it
propagates, so the table is what the row-by-row loop would have left.
"""

from __future__ import annotations

import math
import os

from ...catalog import rows as rowio
from ..plan import bound as b
from ..plan import logical as L
from ..types import values as V
from .comparison_sides import TEXT_BESIDE_TEXT, converter as _converter, deferred_sides, \
    side_affinities
from .expressions import _plain_test
from .code_cache import compiled
from .progress import IDLE

_ARITHMETIC = ("add", "sub", "mul", "div", "mod")
_OPERATORS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_AFFINITY_KEPT = {V.REAL: "type({v}) is float and {v}", V.INTEGER: "type({v}) is int",
                  V.NUMERIC: "type({v}) is int", V.TEXT: "type({v}) is str"}
# the rows so far are written at the end, or before a row takes the general writer; the
# batch is taken before it is written: if writing it fails, ``finally`` does not write it
# again
_FLUSH = "batch, ids, olds, news = (ids, olds, news), [], [], []; write(update, txn, *batch)"


class _Unfused(Exception):
    """The statement has a node the generated loop does not write out."""


def fused(update):
    """The ``FusedUpdate`` of ``update`` (a narrow dml.UpdateExecutable), or None when its
    shape is not one the generated loop handles."""
    where = full_scan(update.finder, update.stmt.slot)
    if where is None or update.returning.exprs:
        return None
    positions = [pos for pos, _ in update.stmt.assignments]
    if not positions or len(set(positions)) != len(positions) or min(positions) < 0:
        return None                 # (none left: an authorizer ignored every column)
    try:
        return FusedUpdate(update, where)
    except _Unfused:
        return None


def full_scan(finder, slot: int):
    """The WHERE (a ``b.Compare`` or other expression; True for none) of the row finder
    ``finder`` of a write into the table at ``slot`` when it filters a scan of that whole
    table in rowid order (a table with a rowid, not virtual); else None."""
    root = finder.plan.root
    scan = root.child if isinstance(root, L.Project) else None
    where = True
    if isinstance(scan, L.Filter):
        scan, where = scan.child, scan.predicate
    if not isinstance(scan, L.Scan) or scan.reverse or scan.table.virtual is not None \
            or scan.table.without_rowid or scan.slot != slot:
        return None
    return where


class _Writer:
    """Python source of expressions over ``record`` and ``rowid``, with their constants."""

    def __init__(self, slot: int, alias: int | None):
        self.slot, self.alias, self.scope, self.count = slot, alias, {}, 0

    def name(self, prefix: str, value) -> str:
        self.count += 1
        name = f"{prefix}{self.count}"
        self.scope[name] = value
        return name

    def temp(self) -> str:
        self.count += 1
        return f"t{self.count}"

    def source(self, e) -> str:
        kind = type(e)
        if kind is b.ColumnRef and e.slot == self.slot and not e.json:
            # an INTEGER PRIMARY KEY holds the rowid itself
            return "rowid" if e.column < 0 or e.column == self.alias else f"record[{e.column}]"
        if kind is b.Literal and type(e.value) in (int, float, str, bytes, type(None)):
            return self.constant(e.value)
        if kind is b.Param:
            return f"params[{e.index}]"
        if kind is b.Binary and e.op in _ARITHMETIC:
            return self._arithmetic(e)
        if kind is b.Compare and e.op in _OPERATORS:
            return self._compare(e)
        if kind is b.Unary and e.op == "pos":
            return self.source(e.operand)
        if kind is b.Unary and e.op == "neg":
            return f"{self.name('f', V.neg)}({self.source(e.operand)})"
        raise _Unfused

    def function(self, lines: list, name: str, label: str) -> tuple:
        """(source, function): the function ``name`` the source ``lines`` define, compiled
        with the constants this writer named; the source printed when
        ``ROWANDB_DEBUG_FUSED`` is set."""
        source = "\n".join(lines) + "\n"
        if os.environ.get("ROWANDB_DEBUG_FUSED"):
            print(source)
        scope = dict(self.scope, truth=V.truth, apply=V.apply_affinity)
        exec(compiled(source, label), scope)     # noqa: S102
        return source, scope.pop(name)  # its globals must not hold it: a cycle per statement

    def where_tests(self, where, indent: str) -> list[str]:
        """Lines (at ``indent``, inside the loop over the rows) that ``continue`` past a row
        the WHERE ``where`` (True: none) does not select: a comparison is tested as it is,
        another conjunct by its truth (``truth`` in the function's scope)."""
        lines = []
        for term in _conjuncts(where) if where is not True else []:
            test = self.source(term)
            if type(term) is b.Compare:
                lines += [f"{indent}if not {test}:", f"{indent}    continue"]
            else:
                lines += [f"{indent}w = {test}", f"{indent}if w is None or not "
                          f"(w != 0 if type(w) is int else truth(w)):", f"{indent}    continue"]
        return lines

    def constant(self, value) -> str:
        if type(value) is int or type(value) is float and math.isfinite(value):
            return f"({value!r})"           # repr reads back as the same number
        return self.name("k", value)

    def _operand(self, e, affinity) -> tuple[str, object]:
        """An operand of a comparison with the affinity SQLite applies to it (datatype3
        section 4.2): folded into a literal, applied to a parameter's value; ``(source,
        the literal's value or None)``."""
        if _converter(affinity) is None:
            return self.source(e), e.value if type(e) is b.Literal else None
        if type(e) is b.Literal and type(e.value) in (int, float, str, bytes, type(None)):
            value = V.apply_affinity(e.value, affinity)
            return self.constant(value), value
        if type(e) is b.Param:
            return f"apply(params[{e.index}], {self.name('aff', affinity)})", None
        raise _Unfused

    def _arithmetic(self, e) -> str:
        left, right, t = self.source(e.left), self.source(e.right), self.temp()
        fn = self.name("f", getattr(V, e.op))
        k = e.right.value if type(e.right) is b.Literal else None
        number = type(k) in (int, float) and math.isfinite(k)
        if e.op in ("add", "sub") and number:
            sign = "+" if e.op == "add" else "-"
            return f"({t} {sign} {right} if type({t} := {left}) is float else {fn}({t}, {right}))"
        if e.op == "mod" and type(k) is int and k > 0:
            return f"({t} % {right} if type({t} := {left}) is int and {t} >= 0 " \
                   f"else {fn}({t}, {right}))"
        return f"{fn}({left}, {right})"

    def _compare(self, e) -> str:
        affinities = side_affinities(e.left_affinity, e.right_affinity, deferred_sides(e))
        if TEXT_BESIDE_TEXT in affinities:
            raise _Unfused
        left, _ = self._operand(e.left, affinities[0])
        right, k = self._operand(e.right, affinities[1])
        t = self.temp()
        plain = self.name("plain", _plain_test(e.op, e.collation))
        if type(k) in (int, float):
            return f"(None if ({t} := {left}) is None else (1 if {t} {_OPERATORS[e.op]} " \
                   f"{right} else 0) if type({t}) is int or type({t}) is float " \
                   f"else {plain}({t}, {right}))"
        c = self.temp()
        return f"(None if ({t} := {left}) is None or ({c} := {right}) is None " \
               f"else {plain}({t}, {c}))"


def _conjuncts(e) -> list:
    if type(e) is b.Binary and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


class FusedUpdate:
    """The generated loop of one narrow UPDATE; ``run`` executes it."""

    def __init__(self, update, where):
        self.update = update
        self.table = table = update.table
        writer = _Writer(update.stmt.slot, table.rowid_alias)
        may_slow = any(pos in update.plan.not_null for pos, _ in update.stmt.assignments)
        lines = ["def fused_update(update, txn, params, progress, rows, write, slow):",
                 "    ids, olds, news = [], [], []",
                 "    stale = False",
                 "    try:",
                 "        for rowid, record in rows.pairs():",
                 "            if progress.armed:",
                 "                progress.tick()"]
        if may_slow:        # after the general writer wrote a row, later records are read again
            lines += ["            if stale:",
                      "                record = rows.get(rowid)",
                      "                if record is None:",
                      "                    continue"]
        lines += writer.where_tests(where, " " * 12)
        values = {}
        for pos, e in update.stmt.assignments:
            raw, value = f"r{pos}", f"v{pos}"
            lines.append(f"            {raw} = {writer.source(e)}")
            lines.append(f"            {value} = {self._affinity(writer, raw, pos)}")
            values[pos] = value
        not_null = [values[i] for i in update.plan.not_null if i in values]
        if not_null:
            raws = ", ".join(f"({pos}, r{pos})" for pos in values)
            lines += [f"            if {' is None or '.join(not_null)} is None:",
                      f"                {_FLUSH}",
                      f"                slow(update, txn, rowid, record, [{raws}])",
                      "                stale = True",
                      "                continue"]
        record = ", ".join(values.get(i, f"record[{i}]") for i in range(len(table.columns)))
        assigned = frozenset(values)
        self.indexes = [ix for ix in table.indexes if rowio.index_touched(ix, assigned)]
        lines += ["            ids.append(rowid)"]
        if self.indexes:                # the old records, to compare the index entries
            lines += ["            olds.append(record)"]
        lines += [f"            news.append(({record},))",
                  "    finally:",
                  "        write(update, txn, ids, olds, news)"]
        self.source, self.loop = writer.function(lines, "fused_update", "<fused UPDATE>")

    def _affinity(self, writer: _Writer, raw: str, pos: int) -> str:
        affinity = self.update.writer.affinities[pos]
        if affinity not in _AFFINITY_KEPT:
            return raw
        name = writer.name("aff", affinity)
        return f"({raw} if {_AFFINITY_KEPT[affinity].format(v=raw)} else apply({raw}, {name}))"

    def run(self, txn, params: tuple, session) -> bool:
        """Run the loop; False (nothing done) when the table's rows are not all stored at
        full width (an ADD COLUMN's ``fill``), which the general scan completes."""
        table_file = self.update.ctx.store.table(self.table.file_id)
        if table_file.fill is not None:
            return False
        self.loop(self.update, txn, params, getattr(session, "progress", IDLE),
                  table_file.rows, self._write, _slow)
        return True

    def _write(self, update, txn, ids: list, olds: list, news: list) -> None:
        if ids:
            rowio.update_records(txn, self.table, ids, olds, news, update.writer.encode,
                                 self.indexes)
            update.changed += len(ids)


def _slow(update, txn, rowid: int, old: tuple, values: list) -> None:
    """One row whose SET puts a NULL into a NOT NULL column: the general row writer, with
    the statement's conflict clause (as ``update_narrow``)."""
    slot = update.stmt.slot
    env = [None] * max(update.compiler.env_size, slot + 2)
    env[slot], env[slot + 1] = old, rowid
    written = update.writer.update_row(txn, env, rowid, old, values, update.stmt.orconf,
                                       update.plan, update.defaults, keys=False)
    if written is not None:
        update.changed += 1
