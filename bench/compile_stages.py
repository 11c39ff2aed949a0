"""What binding, planning, compiling and keeping a corpus query cost, stage by stage.

The corpus runs each query text once, so every query is bound, planned and compiled
anew. This replays the queries of sqllogictest scripts outside the runner: each script's
statements run on a fresh RowanDB session, then each query (that the script runs for
``rowandb``) is parsed (not timed) and taken through the stages ``Session._compile``
takes it, each timed with ``time.process_time``: binding (``Session._bind_parsed``),
planning (``plan_select``, and within it the optimizer's rules, ``optimize``), compiling
the closures (``Executable``) and ``keep_compiled``. Nothing is run. The best of
``--rounds`` rounds of each script (its first ``--queries`` queries, when given), the
collector off while a round runs; microseconds per query.

    python -m bench.compile_stages [--rounds N] [--queries N] SCRIPT ...
                                                    (from the corpus directory)
"""

from __future__ import annotations

import argparse
import gc
import time

from rowandb.compat.records import Query, Statement, is_skipped, read_script
from rowandb.planner.exec.execute import Executable
from rowandb.planner.plan import build
from rowandb.sql import prepared as prepared_module
from rowandb.sql import session as session_module
from rowandb.sql.statement_text import one_statement

STAGES = ("bind", "plan", "optimize", "compile", "keep")


def _session(path):
    """A fresh session with the script's statements run, and its queries' texts."""
    session = session_module.open_session(":memory:")
    queries = []
    for record in read_script(path).records:
        if is_skipped(record, "rowandb") or not getattr(record, "sql", None):
            continue
        if isinstance(record, Statement):
            try:
                session.execute(record.sql)
            except Exception:       # noqa: BLE001 - an expected error, as the script says
                pass
        elif isinstance(record, Query):
            queries.append(record.sql)
    return session, queries


def _round(session, queries) -> dict:
    """Seconds per stage over ``queries``; a query whose binding or planning raises is
    left out of every stage."""
    spent = dict.fromkeys(STAGES, 0.0)
    optimized = [0.0]
    optimize = build.optimize

    def timed_optimize(*args, **kwargs):
        start = time.process_time()
        try:
            return optimize(*args, **kwargs)
        finally:
            optimized[0] += time.process_time() - start

    build.optimize = timed_optimize
    clock = time.process_time
    try:
        for sql in queries:
            parsed = session._parse(sql, one_statement(sql))
            t0 = clock()
            try:
                bound = session._bind_parsed(parsed)
                t1 = clock()
                plan = build.plan_select(bound)
                t2 = clock()
            except Exception:       # noqa: BLE001 - an error is not a stage's cost here
                continue
            executable = Executable(plan, session_module.temp_tables.routing_store(session),
                                    query=True)
            t3 = clock()
            prepared = prepared_module.Prepared(parsed, None)
            prepared.executable = executable
            prepared_module.keep_compiled(prepared)
            t4 = clock()
            spent["bind"] += t1 - t0
            spent["plan"] += t2 - t1
            spent["compile"] += t3 - t2
            spent["keep"] += t4 - t3
    finally:
        build.optimize = optimize
    spent["optimize"] = optimized[0]
    return spent


def measure(path, rounds: int, first: int | None = None) -> tuple[int, dict]:
    """(queries, best microseconds per query of each stage) of one script (its ``first``
    queries, when given)."""
    session, queries = _session(path)
    queries = queries[:first] if first is not None else queries
    best = dict.fromkeys(STAGES, float("inf"))
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            spent = _round(session, queries)
        finally:
            gc.enable()
        for stage in STAGES:
            best[stage] = min(best[stage], spent[stage] * 1e6 / max(len(queries), 1))
    session.close()
    return len(queries), best


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=None)
    args = parser.parse_args(argv)
    print("script | queries | " + " | ".join(STAGES))
    for path in args.scripts:
        count, best = measure(path, args.rounds, args.queries)
        print(f"{path} | {count} | " + " | ".join(f"{best[s]:.1f}" for s in STAGES))


if __name__ == "__main__":
    main()
