"""(feature ``returning_forms``) RETURNING lists of the shapes users write, beyond gen_dml's.

gen_dml gives a write ``RETURNING *`` or one or two bare expressions. With this feature,
now and then (``RATE``) that list is replaced by one of one to four items drawn from:

* ``*`` anywhere in the list, beside other items (``RETURNING c1, *``);
* the target's columns bare or as ``t.c``, the rowid's spellings (``rowid``, ``oid``,
  ``_rowid_``, ``t.rowid``: 'no such column' on a WITHOUT ROWID table);
* expressions over the row (gen_expr) -- so the result column is named by its text;
* each item now and then named ``AS rN``, ``rN`` or ``'rN'`` (the names are compared);
* subqueries over the written row that read no table (``(SELECT c + 1)``, ``EXISTS
  (SELECT 1 WHERE ...)``, ``max(...)`` of a VALUES list of its columns, ``c IN (VALUES
  ...)``), and ``(SELECT count(*) FROM t)`` of any table, the target too: its values run
  as the rows are written, but as a multiset they do not depend on the order;
* now and then (``ERROR_RATE``) one item SQLite refuses, and only one: ``t.*`` ('RETURNING
  may not use "TABLE.*" wildcards'), ``main.t.c`` (no such column: SQLite's second walk
  of the list reads the row alone, tests/test_returning_names.py), ``excluded.c``, an
  aggregate or window function at the top (misuse). Never two of them: SQLite reports a
  top-level aggregate after the first walk's errors, RowanDB at once (docs/SQL.md, left
  open by branch fuzz29).

Every choice is drawn aside (``Gen.returning_rng``, and gen_expr under a generator seeded
from it), so ``Gen.rng``'s stream is left as it was: with the feature on a seed writes the
schema and statements it wrote without it, but for the RETURNING lists replaced -- and, as
feature parameters draws a choice per literal from ``Gen.side_rng``, which later literals
become ``?`` and which ALTERs and PRAGMAs come between the steps.
"""

from __future__ import annotations

import contextlib
import random

from .gen_expr import Ref, Scope, gen_expr, gen_predicate
from .sqltree import Node, items, node

RATE = 0.3              # of the RETURNING lists gen_dml writes, how many are replaced
ERROR_RATE = 0.06       # how often a list gets one item SQLite refuses
_A = "'a'"


def returning(g, table, plain: Node | None) -> Node | None:
    """``plain`` (gen_dml's own list, or None), or now and then a list of this feature."""
    if not g.config.has("returning_forms") or g.returning_rng.random() >= RATE:
        return plain
    with _aside(g):
        parts = [_item(g, table) for _ in range(g.rng.randint(1, 4))]
        if g.rng.random() < ERROR_RATE:
            parts.insert(g.rng.randrange(len(parts) + 1), _refused(g, table))
    return node(" RETURNING ", items([node(p, optional=True) for p in parts]), optional=True)


@contextlib.contextmanager
def _aside(g):
    """``g.rng`` replaced by a generator seeded from ``g.returning_rng`` while the list
    is drawn, so that the main stream (and every case it writes) is left as it was."""
    kept = g.rng
    g.rng = random.Random(g.returning_rng.getrandbits(64))
    try:
        yield
    finally:
        g.rng = kept


def _scope(g, table) -> Scope:
    bare = g.rng.random() < 0.6
    return Scope([Ref(c.name if bare else f"{table.name}.{c.name}", c)
                  for c in table.columns])


def _item(g, table) -> Node:
    rng = g.rng
    kind = g.weighted({"star": 2, "column": 5, "rowid": 2, "expr": 5, "subquery": 3})
    if kind == "star":
        return node("*")
    if kind == "column":
        column = rng.choice(table.columns).name
        text = column if rng.random() < 0.6 else f"{table.name}.{column}"
    elif kind == "rowid" and (not table.without_rowid or rng.random() < 0.1):
        text = rng.choice(["rowid", "oid", "_rowid_", f"{table.name}.rowid"])
    elif kind == "subquery":
        return _aliased(g, _subquery(g, table))
    else:
        with g.nested(no_subqueries=True):
            return _aliased(g, gen_expr(g, _scope(g, table), rng.choice([1, 2])))
    return _aliased(g, node(text))


def _aliased(g, item: Node) -> Node:
    roll = g.rng.random()
    if roll < 0.6:
        return item
    name = f"r{g.rng.randrange(4)}"
    spelled = [f" AS {name}", f" {name}", f" AS '{name}'"][int((roll - 0.6) / 0.4 * 3)]
    return node(item, node(spelled, optional=True))


def _subquery(g, table) -> Node:
    """A subquery over the written row that reads no table, or a count of a table."""
    rng = g.rng
    scope = _scope(g, table)
    columns = [r.text for r in scope.refs]
    with g.nested(no_subqueries=True):
        form = rng.choice(["select", "exists", "max", "in", "count"])
        if form == "select":
            return node("(SELECT ", gen_expr(g, scope, 1), ")")
        if form == "exists":
            return node("EXISTS (SELECT 1 WHERE ", gen_predicate(g, scope, 1), ")")
        if form == "max":   # a column reference first names the column (docs/SQL.md)
            picked = rng.sample(scope.refs, min(len(columns), rng.randint(1, 3)))
            named = rng.random() < 0.5
            first = picked[0].column.name if named else "column1"
            rows = ", ".join(f"({r.text})" for r in picked)
            rows = rows if named else f"({rng.choice(['1', 'NULL', _A])}), {rows}"
            return node(f"(SELECT {rng.choice(['max', 'min', 'count'])}({first}) "
                        f"FROM (VALUES {rows}))")
        if form == "in":
            values = ", ".join(f"({v})" for v in rng.sample(["1", "'a'", "NULL", "2.5",
                                                             "x'01'", "-1"], 3))
            return node(f"{rng.choice(columns)} IN (VALUES {values})")
        other = rng.choice(g.schema.tables).name
        return node(f"(SELECT count(*) FROM {other})")


def _refused(g, table) -> Node:
    """One item SQLite refuses when it prepares the statement."""
    column = g.rng.choice(table.columns).name
    return node(g.rng.choice([
        f"{table.name}.*", f"main.{table.name}.{column}", f"excluded.{column}",
        f"count({column})", f"sum({column}) OVER ()", "row_number() OVER ()",
    ]))
