"""A deferred foreign key loaded children first, RowanDB beside SQLite (group ``fkdeferred``).

``p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)`` and ``c(id INTEGER PRIMARY KEY, pid
INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED)`` with an index on ``c(pid)`` (so neither
engine scans the children to find them), in one transaction: ``executemany`` of N child rows whose
parents do not exist yet (each a recorded violation), then the N parents (each taking
one back), then COMMIT -- the order a dump or a bulk loader may take. (The UNIQUE column keeps
RowanDB's bulk INSERT path away: each parent row goes through the foreign-key hooks.) Registered for N =
10,000 (``fk_deferred_load_10k``) and 100,000 (``fk_deferred_load_100k``); the
transaction is the timed part, and both engines must end with N children that all find
their parent. ``python -m bench fkdeferred``.
"""

from __future__ import annotations

from .harness import Engine, Workload, register


def _setup(engine: Engine):
    engine.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    engine.execute("CREATE TABLE c(id INTEGER PRIMARY KEY, "
                   "pid INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED)")
    engine.execute("CREATE INDEX c_pid ON c(pid)")


def _empty(engine: Engine, _context) -> None:
    engine.execute("DELETE FROM c")
    engine.execute("DELETE FROM p")


def _loader(n: int):
    def run(engine: Engine, _context):
        engine.execute("BEGIN")
        engine.executemany("INSERT INTO c VALUES (?, ?)", [(i, i) for i in range(n)])
        engine.executemany("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(n)])
        engine.execute("COMMIT")
        return engine.execute("SELECT count(*) FROM c JOIN p ON p.id = c.pid")
    return run


for _n, _label in ((10_000, "10k"), (100_000, "100k")):
    register(Workload(f"fk_deferred_load_{_label}",
                      f"{_n:,} children, then their parents, one deferred transaction",
                      run=_loader(_n), setup=_setup, before=_empty, repeat=1,
                      group="fkdeferred"))
