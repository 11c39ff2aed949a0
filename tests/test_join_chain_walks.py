"""The join rules' shortcuts change no plan: each answers a question the rule's own walk
would answer, and the plans, EXPLAIN QUERY PLAN and rows are the same with them off.

Branch joinchain (issue 12) made select5's and select4's planning cheaper with shortcuts
taken before a rule walks (``optimizer/plain_loops.py``: a loop with nothing to search,
terms all in one pass), a chain taken apart once for the rules that ask of the same node
(``chain.flatten`` keeping the parts of the last chain made or taken apart), and the
join solver's beam without an ORDER BY making only the paths it keeps
(``join_sort._plain_beam``). Each is checked here against the walk it spares: random
joins of up to twelve tables (rowid aliases, indexes or none, equalities, constants,
IN lists, ranges, LEFT and CROSS JOINs) planned with every shortcut and with none, and
the beam against the general one step by step on random ways.
"""

from __future__ import annotations

import importlib
import random
import re

import apsw
import pytest

import rowandb
from rowandb.planner.optimizer.join_costs import _Step
from rowandb.planner.plan import build

# the modules (the package's names of some are its rules, the functions)
chain, choose_index, join_sort, term_order = (
    importlib.import_module("rowandb.planner.optimizer." + name)
    for name in ("chain", "choose_index", "join_sort", "term_order"))


def _general_beam(steps: list, count: int, choices: int):
    """``join_sort.beam`` with the sort ignored, as it ran before ``_plain_beam``: each
    path made by ``_step`` and offered to ``_keep``."""
    paths = [join_sort._Path(0, 0, 0, 0, 0, ())]
    for _ in range(count):
        kept: list = []
        worst = (0, 0, 0)
        for path in paths:
            for step in steps:
                if step.prereq & ~path.placed or step.bit & path.placed:
                    continue
                if step.setup and path.rows < 3:
                    continue
                new = join_sort._step(path, step, 0, 0, None, [], {}, {})
                worst = join_sort._keep(kept, new, step, choices, worst)
        paths = kept
    if not paths:
        return None
    best = paths[0]
    for path in paths[1:]:
        if best.cost > path.cost:
            best = path
    return best


def _random_ways(rnd: random.Random) -> tuple:
    count = rnd.randint(1, 9)
    steps = []
    for position in range(count):
        for _ in range(rnd.randint(1, 4)):
            prereq = 0
            for other in range(count):
                if other != position and rnd.random() < 0.15:
                    prereq |= 1 << other
            steps.append(_Step(position, 1 << position, prereq,
                               rnd.choice((0, 0, 0, rnd.randint(10, 40))),
                               rnd.randint(10, 40), rnd.randint(-5, 30),
                               rnd.choice((None, 2, 3, 4)), None, position))
    return steps, count


@pytest.mark.parametrize("seed", range(300))
def test_the_plain_beam_keeps_the_general_beams_paths(seed):
    rnd = random.Random(seed)
    steps, count = _random_ways(rnd)
    choices = rnd.choice((1, 5, 12, 18)) if count > 1 else 1
    assert join_sort._plain_beam(steps, count, choices) == \
        _general_beam(steps, count, choices)


DECLS = ("INTEGER", "INTEGER", "TEXT", "")


def _schema(rnd: random.Random, count: int) -> list:
    statements = []
    for t in range(count):
        key = "INTEGER PRIMARY KEY" if rnd.random() < 0.6 else "INTEGER"
        statements.append(f"CREATE TABLE t{t}(a{t} {key}, b{t} {rnd.choice(DECLS)}, "
                          f"x{t} VARCHAR(20))")
        if rnd.random() < 0.3:
            statements.append(f"CREATE INDEX i{t} ON t{t}(b{t})")
        for row in range(rnd.randint(0, 4)):
            statements.append(f"INSERT INTO t{t} VALUES ({row + 1}, {rnd.randint(0, 4)}, "
                              f"'t{t} {row}')")
    return statements


def _term(rnd: random.Random, left: int, right: int) -> str:
    one, other = f"{rnd.choice('ab')}{left}", f"{rnd.choice('ab')}{right}"
    return rnd.choice((
        f"{one}={other}", f"{one}={other}", f"{other}={one}", f"{one}={rnd.randint(0, 4)}",
        f"{one} IN ({rnd.randint(0, 4)}, {rnd.randint(0, 4)})", f"{one}<{other}",
        f"{one} BETWEEN 1 AND 3", f"t{left}.rowid={other}", f"{one} IS {other}",
        f"{one}+0={other}", f"{one}={other} COLLATE NOCASE"))


def _query(rnd: random.Random, count: int) -> str:
    tables = list(range(count))
    rnd.shuffle(tables)
    joined = f"t{tables[0]}"
    terms = []
    for position, t in enumerate(tables[1:], 1):
        earlier = tables[rnd.randrange(position)]
        kind = rnd.random()
        if kind < 0.1:
            joined += f" LEFT JOIN t{t} ON {_term(rnd, t, earlier)}"
        elif kind < 0.15:
            joined += f" CROSS JOIN t{t}"
            terms.append(_term(rnd, t, earlier))
        else:
            joined += f", t{t}"
            terms.append(_term(rnd, t, earlier))
    terms += [_term(rnd, rnd.choice(tables), rnd.choice(tables))
              for _ in range(rnd.randint(0, 2))]
    columns = ", ".join(f"x{t}" for t in tables[:4])
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    return f"SELECT {columns} FROM {joined}{where}"


def _run(statements: list, queries: list) -> list:
    """Per query: every plan ``optimize`` returned (object addresses taken out),
    EXPLAIN QUERY PLAN and the rows, or the error."""
    conn = rowandb.connect(":memory:", isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    plans: list = []
    inner = build.optimize

    def recorded(*args, **kwargs):
        plan = inner(*args, **kwargs)
        plans.append(re.sub(r" at 0x[0-9a-f]+", "", repr(plan)))
        return plan
    build.optimize = recorded
    found = []
    try:
        for sql in queries:
            plans.clear()
            try:
                eqp = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
                found.append((eqp, conn.execute(sql).fetchall(), list(plans)))
            except rowandb.Error as error:
                found.append((type(error).__name__, str(error)))
    finally:
        build.optimize = inner
    return found


def _shortcuts_off(monkeypatch) -> None:
    monkeypatch.setattr(choose_index, "unsearchable", lambda node, scan, costed: False)
    monkeypatch.setattr(term_order, "all_plain", lambda conditions: False)
    monkeypatch.setattr(chain, "_keep", lambda node, flat: None)
    monkeypatch.setattr(join_sort, "_plain_beam", _general_beam)


@pytest.mark.parametrize("seed", range(8))
def test_random_joins_plan_alike_with_the_shortcuts_and_without(seed, monkeypatch):
    rnd = random.Random(seed)
    count = rnd.randint(3, 12)
    statements = _schema(rnd, count)
    queries = [_query(rnd, rnd.randint(2, count)) for _ in range(25)]
    fast = _run(statements, queries)
    _shortcuts_off(monkeypatch)
    assert _run(statements, queries) == fast


@pytest.mark.parametrize("seed", range(3))
def test_random_joins_agree_with_sqlite(seed):
    """The rows of the random joins, as a multiset, are SQLite's (the differential check
    that the plans compared above answer the queries)."""
    rnd = random.Random(100 + seed)
    count = rnd.randint(3, 8)
    statements = _schema(rnd, count)
    queries = [_query(rnd, rnd.randint(2, count)) for _ in range(20)]
    lite = apsw.Connection(":memory:")
    for statement in statements:
        lite.execute(statement)
    for sql, got in zip(queries, _run(statements, queries)):
        expected = sorted(map(repr, lite.execute(sql).fetchall()))
        assert sorted(map(repr, got[1])) == expected, sql
