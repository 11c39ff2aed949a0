"""The indexed log of foreign-key violation records (planner/exec/fkchecks.py).

``CheckLog`` keeps counts beside its append-only entries so that a new parent key finds
its children's records without a pass over the log. Random sequences of appends,
settlements, savepoint cut-backs and row moves are run against a plain list read the
slow way, and a deferred load of orphans then parents must read the log a bounded number
of times (it read it once per parent, and compared each record with every settlement).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

import rowandb
from rowandb.planner.exec import fkchecks
from rowandb.planner.exec.fkchecks import CheckLog


@dataclass
class FK:
    id: int
    child: str


FKS = [FK(1, "c"), FK(2, "c"), FK(3, "d")]


def _naive_live(entries):
    """A record is live unless a later settlement of the same row cancels it."""
    return [e for i, e in enumerate(entries) if e[0] != "settled" and not (
        e[0] == "child" and any(f[0] == "settled" and f[1] == e[1] and f[2] == e[2]
                                for f in entries[i + 1:]))]


def _strip(entries):
    return [e[:3] for e in entries]


@pytest.mark.parametrize("seed", range(40))
def test_the_counts_agree_with_reading_the_log(seed):
    rng = random.Random(seed)
    log, plain, marks = CheckLog(), [], []
    for _ in range(200):
        op = rng.choice(["child", "child", "parent", "counted", "settle", "settle", "mark",
                         "truncate", "move"])
        fk, rowid = rng.choice(FKS), rng.randint(1, 6)
        if op in ("child", "parent", "counted", "settle"):
            entry = ("settled" if op == "settle" else op, fk, rowid)
            log.append(entry)
            plain.append(entry)
        elif op == "mark":
            marks.append(len(log))
        elif op == "truncate" and marks:
            mark = marks.pop(rng.randrange(len(marks)))
            marks = [m for m in marks if m <= mark]
            log.truncate(mark)
            del plain[mark:]
        elif op == "move":
            table, new = rng.choice(["c", "d"]), rng.randint(1, 8)
            log.move(table.upper(), rowid, new)
            plain = [e[:2] + (new,) if e[0] in ("child", "settled") and e[2] == rowid
                     and e[1].child == table else e for e in plain]
        live = _naive_live(plain)
        assert _strip(log.live()) == _strip(live)
        for f in FKS:
            assert log.has_children_of(f) == any(e[0] == "child" and e[1] is f for e in live)
            for r in range(1, 9):
                assert log.is_open(f, r) == any(e[0] == "child" and e[1] is f and e[2] == r
                                                for e in live)


def test_loading_orphans_then_parents_reads_the_log_a_bounded_number_of_times(monkeypatch):
    read = []
    live = CheckLog.live

    def counting(self):
        read.append(len(self.entries))
        return live(self)

    monkeypatch.setattr(fkchecks.CheckLog, "live", counting)
    n = 300
    con = rowandb.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    con.execute("CREATE TABLE c(id INTEGER PRIMARY KEY, "
                "pid INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED)")
    con.execute("CREATE INDEX c_pid ON c(pid)")
    con.execute("BEGIN")
    con.executemany("INSERT INTO c VALUES (?, ?)", [(i, i) for i in range(n)])
    con.executemany("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(n)])
    assert len(con._session.fkeys.deferred_checks) == 2 * n     # n orphans, n settled
    con.execute("COMMIT")
    assert sum(read) <= 2 * n + 10          # COMMIT reads the log once
    assert con.execute("SELECT count(*) FROM c JOIN p ON p.id = c.pid").fetchone() == (n,)
