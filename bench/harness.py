"""The benchmark harness: a registry of workloads and the loop that times them.

A *workload* is the same SQL run on two engines in the same process: RowanDB
(``rowandb.connect(":memory:")``) and SQLite through apsw (``apsw.Connection(":memory:")``).
Each engine gets a fresh database; ``setup`` builds the schema and data there (not timed),
``before`` runs before every timed repetition (not timed: e.g. emptying a table), and
``run`` is the timed part. A workload is repeated ``repeat`` times per engine and the best
(smallest) wall-clock time is kept, which filters out noise from other processes.

``run`` returns a value describing what it computed (rows, counts); the harness compares
the two engines' values so that a benchmark never silently measures different work.

Other modules add workloads with ``register``::

    from bench.harness import Workload, register
    register(Workload("name", "what it measures", setup=..., run=...))
"""

from __future__ import annotations

import gc
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import apsw

import rowandb


class Engine:
    """One engine's connection, with the few calls workloads need."""

    name = "engine"

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        raise NotImplementedError

    def executemany(self, sql: str, rows) -> None:
        raise NotImplementedError

    def script(self, sql: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class RowanEngine(Engine):
    name = "rowandb"

    def __init__(self) -> None:
        self.conn = rowandb.connect(":memory:", isolation_level=None)

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.conn.execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def script(self, sql: str) -> None:
        self.conn.executescript(sql)

    def close(self) -> None:
        self.conn.close()


class SqliteEngine(Engine):
    name = "sqlite"

    def __init__(self) -> None:
        self.conn = apsw.Connection(":memory:")
        self.conn.execute("PRAGMA foreign_keys=ON")

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        return [tuple(row) for row in self.conn.execute(sql, params)]

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def script(self, sql: str) -> None:
        self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()


class Skip(Exception):
    """Raised by a workload's ``setup`` when it cannot run here (e.g. no corpus)."""


ENGINES: dict[str, Callable[[], Engine]] = {"rowandb": RowanEngine, "sqlite": SqliteEngine}


@dataclass
class Workload:
    """One benchmark. ``setup(engine)`` returns a context object handed to ``before`` and
    ``run``; ``run(engine, context)`` is timed and returns a comparable result."""

    name: str
    description: str
    run: Callable[[Engine, Any], Any]
    setup: Callable[[Engine], Any] = lambda engine: None
    before: Callable[[Engine, Any], None] | None = None
    repeat: int = 5
    compare: bool = True            # check that both engines computed the same result
    group: str = "sql"


@dataclass
class Measurement:
    workload: str
    description: str
    rowandb_s: float
    sqlite_s: float
    repeat: int
    same_result: bool | None
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def ratio(self) -> float:
        if self.skipped:
            return float("nan")
        return self.rowandb_s / self.sqlite_s if self.sqlite_s > 0 else float("inf")

    def as_json(self) -> dict:
        data = asdict(self)
        data["ratio"] = None if self.skipped else round(self.ratio, 3)
        return data


REGISTRY: dict[str, Workload] = {}


def query(sql: str, params: tuple = ()):
    """A workload's ``run`` that executes ``sql`` and returns its rows."""
    def run(engine: Engine, context):
        return engine.execute(sql, params)
    return run


def register(workload: Workload) -> Workload:
    """Add a workload; a second one with the same name is an error."""
    if workload.name in REGISTRY:
        raise ValueError(f"workload {workload.name!r} is already registered")
    REGISTRY[workload.name] = workload
    return workload


def time_engine(workload: Workload, engine_name: str, repeat: int) -> tuple[float, Any]:
    """Best wall-clock seconds of ``repeat`` timed runs on a fresh database, and the
    result of the last run. A full garbage collection runs before each repetition so that
    garbage left by setup is not charged to the run (collections the run itself causes
    are part of its cost and stay in)."""
    engine = ENGINES[engine_name]()
    try:
        context = workload.setup(engine)
        best, result = float("inf"), None
        for _ in range(max(1, repeat)):
            if workload.before is not None:
                workload.before(engine, context)
            gc.collect()
            start = time.perf_counter()
            result = workload.run(engine, context)
            elapsed = time.perf_counter() - start
            best = min(best, elapsed)
        return best, result
    finally:
        engine.close()


def measure(workload: Workload, repeat: int | None = None) -> Measurement:
    count = workload.repeat if repeat is None else repeat
    try:
        rowan_s, rowan_result = time_engine(workload, "rowandb", count)
        sqlite_s, sqlite_result = time_engine(workload, "sqlite", count)
    except Skip as skip:
        return Measurement(workload.name, workload.description, float("nan"), float("nan"),
                           0, None, [f"skipped: {skip}"], skipped=str(skip))
    same = _same(rowan_result, sqlite_result) if workload.compare else None
    notes = [] if same in (True, None) else [
        f"results differ: rowandb {_brief(rowan_result)} vs sqlite {_brief(sqlite_result)}"]
    return Measurement(workload.name, workload.description, rowan_s, sqlite_s, count, same, notes)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(repr, a)) == sorted(map(repr, b))
    return a == b


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# -- reporting --------------------------------------------------------------------------
def format_table(results: list[Measurement]) -> str:
    header = f"{'workload':<24} {'RowanDB':>11} {'SQLite':>11} {'ratio':>9}  note"
    lines = [header, "-" * len(header)]
    for m in results:
        note = "; ".join(m.notes)
        if m.skipped:
            lines.append(f"{m.workload:<24} {'-':>11} {'-':>11} {'-':>9}  {note}")
            continue
        lines.append(f"{m.workload:<24} {_seconds(m.rowandb_s):>11} {_seconds(m.sqlite_s):>11} "
                     f"{m.ratio:>8.1f}x  {note}".rstrip())
    return "\n".join(lines)


def _seconds(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} us"


def write_json(path: str, results: list[Measurement], meta: dict) -> None:
    with open(path, "w") as f:
        json.dump({"meta": meta, "results": [m.as_json() for m in results]}, f, indent=2)
        f.write("\n")
