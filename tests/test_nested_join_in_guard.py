"""A term of an enclosing join reaching a parenthesised join whose IN loop has a guard,
against SQLite (apsw).

A parenthesised join as a later FROM item is planned as a subquery (a co-routine), and
the terms of the join's ON that read it are pushed into it (``push_into_cte``), which
optimizes its loops again. Its inner item may already be an index search driven by an
IN list of the outer item's columns, with the guard of the IN's setup over it
(``in_setup.py``: ``GUARD NULL IN (j.a) IS NULL``); the join chain took that item's slot
for -1 under the guard (``chain._slot``), so a pushed term reading it went to the first
item, before its row was read, and a TypeError escaped (fuzz 180300355, with a NATURAL
RIGHT JOIN, a view and json_each around it). Each ON term is tried under each IN shape,
join kind and index; the rows must be SQLite's.
"""

from __future__ import annotations

import pytest

from oracle import outcomes

INDEXES = ["", "CREATE INDEX i ON t(e)", "CREATE INDEX i ON t(e, c)",
           "CREATE UNIQUE INDEX i ON t(e, a DESC)"]
INNER = ["l.e IN (j.a)", "l.e IN (j.a, j.c)", "l.e IN (j.a, 7)", "l.e = j.a",
         "l.e IN (j.a) AND j.c IS NOT NULL", "j.a IN (l.e)"]
OUTER = ["JOIN", "LEFT JOIN", "CROSS JOIN", "RIGHT JOIN"]
TERMS = ["l.c", "l.c = r.a", "j.c", "l.c AND j.c", "NULL GLOB l.c", "l.c IS NOT r.c"]
ROWS = "INSERT INTO t(a, c, e) VALUES (1, 1, 1), (2, NULL, 2), (3, 2, 1), (4, 'x', NULL)"


def _queries() -> list:
    return [f"SELECT r.a, l.a, j.a FROM t AS r {kind} (t AS l JOIN t AS j ON {inner}) ON {on}"
            for inner in INNER for kind in OUTER for on in TERMS] + \
        [f"SELECT count(*) FROM t AS r {kind} (t AS l JOIN t AS j ON {inner}) ON {on}"
         for inner in INNER[:3] for kind in OUTER[:2] for on in TERMS]


def _multiset(outcome):
    return (outcome[0], sorted(outcome[1], key=repr)) if outcome[0] == "ok" else outcome


@pytest.mark.parametrize("index", INDEXES)
def test_a_pushed_on_term_reads_the_guarded_item_after_its_row(index):
    """180 statements per index (720 in all), as multisets (the loops' order is each
    engine's own)."""
    setup = ["CREATE TABLE t(a INTEGER PRIMARY KEY, c, e)", ROWS] + ([index] if index else [])
    found = outcomes(setup, _queries())
    wrong = [(sql, mine, theirs) for sql, mine, theirs in found
             if _multiset(mine) != _multiset(theirs)]
    assert not wrong, f"{len(wrong)} of {len(found)} differ, first: {wrong[:3]}"
