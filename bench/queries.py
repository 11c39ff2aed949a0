"""The SQL workloads: the same statements and data on RowanDB and on SQLite.

Data is generated from a fixed seed, so every run (and both engines) sees the same rows.
Sizes are chosen so that one RowanDB repetition takes a fraction of a second and the whole
``python -m bench`` stays within a few minutes.

| workload            | what is timed                                                    |
|---------------------|------------------------------------------------------------------|
| bulk_insert         | ``executemany`` of 20,000 rows (two indexes) inside BEGIN/COMMIT |
| point_select_pk     | 2,000 ``SELECT ... WHERE id = ?`` on the INTEGER PRIMARY KEY     |
| point_select_index  | 2,000 ``SELECT ... WHERE code = ?`` through a secondary index    |
| scan_filter         | a full scan of 20,000 rows with a two-term WHERE                 |
| order_by_limit      | ``ORDER BY score DESC LIMIT 10`` with no index on ``score``      |
| group_by            | ``GROUP BY grp`` with count/sum/avg/max over 20,000 rows         |
| join_indexed        | customers JOIN orders through an index on ``orders.customer_id`` |
| join3_no_index      | three tables joined on equalities no index covers                |
| full_join_hash      | a FULL JOIN on an equality no index covers (a hash join)         |
| right_join_loop     | a RIGHT JOIN on inequalities (nested loop, matched bitmap)       |
| correlated_subquery | a per-row ``(SELECT count(*) ...)`` and ``> (SELECT avg(...))``  |
| slt_select4/5       | sqllogictest select4.test / select5.test through rowandb.compat  |
"""

from __future__ import annotations

import random
from pathlib import Path

from .harness import Engine, Skip, Workload, query, register

ROWS = 20_000
LOOKUPS = 2_000
SEED = 20240501


def _items(n: int = ROWS) -> list[tuple]:
    rnd = random.Random(SEED)
    return [(i, f"code-{rnd.randrange(10 ** 9):09d}", rnd.randrange(100), rnd.random() * 1000,
             f"name {rnd.randrange(10_000)}") for i in range(1, n + 1)]


ITEMS_DDL = "CREATE TABLE items(id INTEGER PRIMARY KEY, code TEXT, grp INTEGER, score REAL, name TEXT)"


def _load_items(engine: Engine, index: bool = True) -> list[tuple]:
    rows = _items()
    engine.execute(ITEMS_DDL)
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows)
    engine.execute("COMMIT")
    if index:
        engine.execute("CREATE INDEX items_code ON items(code)")
    return rows


# -- writes -----------------------------------------------------------------------------
def _bulk_setup(engine: Engine):
    engine.execute("CREATE TABLE bulk(id INTEGER PRIMARY KEY, code TEXT, grp INTEGER, "
                  "score REAL, name TEXT)")
    engine.execute("CREATE INDEX bulk_code ON bulk(code)")
    engine.execute("CREATE INDEX bulk_grp ON bulk(grp, score)")
    return _items()


def _bulk_before(engine: Engine, rows) -> None:
    engine.execute("DELETE FROM bulk")


def _bulk_run(engine: Engine, rows):
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO bulk VALUES (?, ?, ?, ?, ?)", rows)
    engine.execute("COMMIT")
    return engine.execute("SELECT count(*), sum(grp) FROM bulk")


register(Workload("bulk_insert", "executemany 20k rows, 2 indexes, one transaction",
                  setup=_bulk_setup, before=_bulk_before, run=_bulk_run, repeat=3))


# -- point selects ----------------------------------------------------------------------
def _lookup_keys(rows: list[tuple], column: int) -> list:
    rnd = random.Random(SEED + column)
    return [rows[rnd.randrange(len(rows))][column] for _ in range(LOOKUPS)]


def _pk_setup(engine: Engine):
    return _lookup_keys(_load_items(engine), 0)


def _pk_run(engine: Engine, keys):
    total = 0
    for key in keys:
        total += len(engine.execute("SELECT code, score FROM items WHERE id = ?", (key,)))
    return total


def _index_setup(engine: Engine):
    return _lookup_keys(_load_items(engine), 1)


def _index_run(engine: Engine, keys):
    total = 0
    for key in keys:
        total += len(engine.execute("SELECT id, score FROM items WHERE code = ?", (key,)))
    return total


register(Workload("point_select_pk", "2k lookups by INTEGER PRIMARY KEY",
                  setup=_pk_setup, run=_pk_run))
register(Workload("point_select_index", "2k lookups through a secondary index",
                  setup=_index_setup, run=_index_run))


# -- single-table queries ---------------------------------------------------------------
register(Workload("scan_filter", "full scan of 20k rows with a 2-term filter",
                  setup=_load_items,
                  run=query("SELECT id, name FROM items WHERE score > 500.0 AND grp % 7 = 3")))
register(Workload("order_by_limit", "ORDER BY an unindexed column, LIMIT 10",
                  setup=_load_items,
                  run=query("SELECT id, score FROM items ORDER BY score DESC, id LIMIT 10")))
register(Workload("group_by", "GROUP BY 100 groups: count, sum, avg, max",
                  setup=_load_items,
                  run=query("SELECT grp, count(*), sum(score), avg(score), max(name) "
                             "FROM items GROUP BY grp")))


# -- joins and subqueries ---------------------------------------------------------------
CUSTOMERS, ORDERS = 1_000, 10_000


def _shop_setup(engine: Engine) -> None:
    rnd = random.Random(SEED + 1)
    engine.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, region INTEGER)")
    engine.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, "
                  "amount REAL, status TEXT)")
    engine.execute("BEGIN")
    engine.executemany("INSERT INTO customers VALUES (?, ?, ?)",
                       [(i, f"customer {i}", rnd.randrange(20)) for i in range(1, CUSTOMERS + 1)])
    engine.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)",
                       [(i, rnd.randrange(1, CUSTOMERS + 1), round(rnd.random() * 500, 2),
                         rnd.choice(("new", "paid", "sent"))) for i in range(1, ORDERS + 1)])
    engine.execute("COMMIT")
    engine.execute("CREATE INDEX orders_customer ON orders(customer_id)")


register(Workload("join_indexed", "2-table join, inner side through an index",
                  setup=_shop_setup,
                  run=query("SELECT c.name, o.amount FROM customers c JOIN orders o "
                             "ON o.customer_id = c.id WHERE c.region < 5")))
register(Workload("correlated_subquery", "correlated scalar subqueries, one per outer row",
                  setup=_shop_setup,
                  run=query("SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id "
                             "= c.id AND o.status = 'paid') FROM customers c WHERE c.id IN "
                             "(SELECT customer_id FROM orders o2 WHERE o2.amount > "
                             "(SELECT avg(amount) FROM orders o3 WHERE o3.customer_id = "
                             "o2.customer_id) + 200)")))


def _three_setup(engine: Engine) -> None:
    rnd = random.Random(SEED + 2)
    engine.execute("BEGIN")
    for name, n in (("a", 2_000), ("b", 2_000), ("c", 2_000)):
        engine.execute(f"CREATE TABLE {name}(k INTEGER, j INTEGER, v TEXT)")
        engine.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)",
                           [(rnd.randrange(n), rnd.randrange(n), f"{name}{i}") for i in range(n)])
    engine.execute("COMMIT")


register(Workload("join3_no_index", "3-table equality join, no index on the join columns",
                  setup=_three_setup,
                  run=query("SELECT a.v, b.v, c.v FROM a, b, c WHERE a.k = b.j AND b.k = c.j "
                             "AND c.k < 500")))
_OUTER_JOINS = (
    ("full_join_hash", "FULL JOIN on an equality no index covers (hash join)",
     "SELECT a.v, b.v FROM a FULL JOIN b ON a.k = b.j WHERE a.k < 500 OR b.j IS NULL"),
    ("right_join_loop", "RIGHT JOIN on an inequality (matched-bitmap loop)",
     "SELECT count(*), count(a.v) FROM (SELECT * FROM a WHERE k < 60) AS a "
     "RIGHT JOIN b ON a.k > b.j AND a.j < b.k"),
)
for _name, _what, _sql in _OUTER_JOINS:
    register(Workload(_name, _what, setup=_three_setup, run=query(_sql)))


# -- sqllogictest files -----------------------------------------------------------------
def slt_workload(name: str, script: str) -> Workload:
    """A sqllogictest file run start to finish by ``rowandb.compat.run_file`` on each
    engine (its own fresh database); the result compared is (passed, failed, skipped)."""

    def run(engine: Engine, path):
        from rowandb.compat import run_file
        result = run_file(str(path), engine.name)
        return result.passed, result.failed, result.skipped

    def setup(engine: Engine):
        path = _corpus_file(script)
        if path is None:
            raise Skip(f"{script} not found (set ROWANDB_COMPAT_DIR)")
        return path

    return Workload(name, f"sqllogictest {script} via rowandb.compat", run=run, setup=setup,
                    repeat=1, group="slt")


def _corpus_file(script: str) -> Path | None:
    from rowandb.compat import corpus
    try:
        base = Path(corpus.find_corpus())
    except corpus.CorpusNotFound:
        return None
    path = base / script
    return path if path.exists() else None


register(slt_workload("slt_select4", "select4.test"))
register(slt_workload("slt_select5", "select5.test"))
