"""The EXISTS subqueries SQLite turns into joins, as far as the order of errors goes.

SQLite 3.54 rewrites a WHERE term ``EXISTS (SELECT ... FROM one_table WHERE w)`` of a
SELECT with a FROM clause into a join with that table (select.c, existsToJoin) when the
subquery reads one table, is no aggregate and has no LIMIT and no compound; ``w`` joins
the outer WHERE. The answer is the same either way; which conditions run before any row
is not, and with it which error surfaces (``optimizer/hoist_invariants.py``):

- a term of ``w`` that reads neither the subquery's table nor the outer FROM items is
  tested once before the outer loops, with the outer WHERE's own such terms:
  ``a > 5 AND EXISTS (SELECT 1 FROM v WHERE abs(-9223372036854775808))`` overflows
  whatever the rows. ``extra_conditions`` adds these terms to the outer WHERE (they are
  invariant, so this changes no answer);
- a term that reads the outer rows but not the subquery's table is tested where the join
  order puts it. When no term of ``w`` links the table to the outer rows, SQLite loops
  over the table first, so ``EXISTS (SELECT 1 FROM e WHERE abs(t.a - ...))`` raises
  nothing while e is empty: ``joined_exists`` names these subqueries and the outer slots
  their plans test per row of the table, not once per run. With a linking term
  (``e.x = t.a``) the table comes after the outer ones and the term is tested once per
  outer row, as a run of the subquery does anyway;
- without a linking term SQLite's costs put the table before every outer FROM item when
  these are all inner joins (EXPLAIN QUERY PLAN shows ``SCAN e EXISTS`` first): when no
  row of e passes the terms that read e alone, no outer row is read at all, so
  ``json(t.a) AND EXISTS (SELECT 1 FROM e)`` raises nothing while e is empty.
  ``tested_first`` gives these subqueries as EXISTS terms to test once before the loops
  (their result is kept, so the per-row term costs nothing more).

DELETE and UPDATE make no such join (their WHERE keeps the subquery).
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from .analysis import conjoin, conjuncts, slots_of
from ..optimizer.hoist_invariants import invariant
from ..optimizer.propagate_constants import column_equals_constant


def joined_exists(select: b.Select) -> dict:
    """id(subquery) -> the slots of ``select``'s FROM items, for each EXISTS of its WHERE
    that SQLite turns into a join."""
    if not select.items:
        return {}
    own = frozenset(item.source.slot for item in select.items)
    return {id(term.query): own for term in conjuncts(select.where)
            if isinstance(term, b.Exists) and not term.negated and _joinable(term.query)}


def per_row_slots(query: b.Select, outer: frozenset) -> frozenset:
    """The outer slots whose conditions the plan of a joined EXISTS subquery ``query``
    tests per row of its table: ``outer``, unless a term links the two."""
    own = {query.items[0].source.slot}
    linked = any(slots_of(c) & own and slots_of(c) & outer for c in conjuncts(query.where))
    return frozenset() if linked else outer


def extra_conditions(select: b.Select, joined: dict) -> list:
    """The terms of those subqueries' WHERE that SQLite tests before the outer loops."""
    found = []
    for term in conjuncts(select.where):
        if isinstance(term, b.Exists) and id(term.query) in joined:
            query = term.query
            slots = joined[id(term.query)] | {query.items[0].source.slot}
            found += [c for c in conjuncts(query.where) if invariant(c, slots)]
    return found


def tested_first(select: b.Select, joined: dict) -> list:
    """EXISTS terms over the joined subqueries of ``select`` whose table SQLite loops over
    before the FROM items: each with only the terms of its WHERE that read no FROM item
    of ``select`` (the others are tested inside the outer loops)."""
    if not joined or any(item.kind in ("left", "right", "full") for item in select.items):
        return []
    first = []
    for term in conjuncts(select.where):
        if not (isinstance(term, b.Exists) and id(term.query) in joined):
            continue
        query, outer = term.query, joined[id(term.query)]
        if not per_row_slots(query, outer):
            continue                    # linked: the table comes after the outer rows
        terms = conjuncts(query.where)
        own = [c for c in terms if not slots_of(c) & outer]
        if len(own) != len(terms):
            query = dataclasses.replace(query, where=conjoin(own))
        # correlated as the term is: a subquery reading an enclosing query's row (not
        # this select's, which no kept term reads) runs again for each of its rows
        first.append(b.Exists(query, correlated=term.correlated))
    return first


def ask_joined_collations(select: b.Select) -> None:
    """The collation of each ``column = constant`` term in the WHERE of an EXISTS SQLite
    turns into a join (a FROM clause or none), looked up: its WHERE joins the outer one,
    whose constant propagation looks it up (``propagate_constants``; select.c
    constInsert), so ``EXISTS (SELECT 1 FROM t WHERE id = 1 COLLATE xyz)`` is 'no such
    collation sequence' there though the term alone searches the rowid, where a subquery
    SQLite codes apart (NOT EXISTS, a LIMIT, an aggregate) is no error."""
    for term in _joined_terms(select):
        for condition in conjuncts(term.query.where):
            column_equals_constant(condition)


def joined_queries(select: b.Select) -> set:
    """The ids of the queries of the EXISTS terms of ``select`` SQLite turns into joins
    (a FROM clause or none): their own EXISTS terms are joined no more."""
    return {id(term.query) for term in _joined_terms(select)}


def _joined_terms(select: b.Select) -> list:
    return [term for term in conjuncts(select.where) if isinstance(term, b.Exists)
            and not term.negated and _joinable(term.query)]


def _joinable(query: b.Select) -> bool:
    return (len(query.items) == 1 and isinstance(query.items[0].source, b.TableSource)
            and not query.is_aggregate and query.limit is None and not query.compound
            and query.values is None)
