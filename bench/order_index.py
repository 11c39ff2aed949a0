"""ORDER BY read from an index (``planner/optimizer/order_by_index.py``), beside SQLite.

100,000 rows with an index on ``score``; each workload asks for the first rows of an
ORDER BY the index (or the rowid) gives, so both engines read a handful of entries and
stop, where a sort would read the whole table first:

| workload               | what is timed                                                  |
|------------------------|----------------------------------------------------------------|
| order_index_limit      | ``ORDER BY score LIMIT 10`` (forwards)                         |
| order_index_desc_limit | ``ORDER BY score DESC LIMIT 10`` (the index read backwards)    |
| order_rowid_desc_limit | ``ORDER BY id DESC LIMIT 10`` (the table read backwards)       |
| order_index_eq_limit   | ``WHERE grp = 7 ORDER BY grp, score DESC LIMIT 10`` (after the |
|                        | equality on the first column of a two-column index)            |

Group ``order``: ``python -m bench order``.
"""

from __future__ import annotations

import random

from .harness import Engine, Workload, query, register

ROWS = 100_000
SEED = 20261204


def _setup(engine: Engine) -> None:
    rnd = random.Random(SEED)
    engine.execute("CREATE TABLE scores(id INTEGER PRIMARY KEY, grp INTEGER, score REAL, "
                   "name TEXT)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO scores VALUES (?, ?, ?, ?)",
                       [(i, rnd.randrange(100), round(rnd.random() * 1000, 2),
                         f"name {rnd.randrange(10_000)}") for i in range(1, ROWS + 1)])
    engine.execute("COMMIT")
    engine.execute("CREATE INDEX scores_score ON scores(score)")
    engine.execute("CREATE INDEX scores_grp ON scores(grp, score)")


for _name, _what, _sql in [
        ("order_index_limit", "ORDER BY indexed column LIMIT 10, 100k rows",
         "SELECT id, score, name FROM scores ORDER BY score LIMIT 10"),
        ("order_index_desc_limit", "ORDER BY indexed column DESC LIMIT 10, 100k rows",
         "SELECT id, score, name FROM scores ORDER BY score DESC LIMIT 10"),
        ("order_rowid_desc_limit", "ORDER BY INTEGER PRIMARY KEY DESC LIMIT 10, 100k rows",
         "SELECT id, score, name FROM scores ORDER BY id DESC LIMIT 10"),
        ("order_index_eq_limit", "equality prefix, then ORDER BY the next column LIMIT 10",
         "SELECT id, score FROM scores WHERE grp = 7 ORDER BY grp, score DESC LIMIT 10")]:
    register(Workload(_name, _what, setup=_setup, run=query(_sql), group="order"))
