"""Where one ``rowandb compat run`` of a script spends its CPU, stage by stage, as the
runner takes each statement (the quick path where it takes it, the full parse and bind
where not) -- unlike ``bench.compile_stages``, which binds every query the full way.

    python -P -m bench.run_stages SCRIPT        (PYTHONPATH: the tree to measure)

Each stage's function is wrapped in a timer (``time.process_time``, outermost call only):
the full path's parse (``Session._parse``) and bind (``Session._bind_parsed``), the quick
path (``Session._quick``), splitting the text (``split``), planning (``plan_select``, and
inside it ``optimize`` with each rule, ``_table_reads``, ``without_null_tests``,
``propagate_constants``, ``_plan_subqueries``), compiling (``Executable``),
``keep_compiled`` and running (``Session._execute_compiled``). Printed: each stage's
seconds, its share of the process's CPU and its calls. A rule wrapped inside ``optimize``
is counted within it; the rest of the process (imports, the runner, the DDL) is the
difference from the total.
"""

from __future__ import annotations

import atexit
import importlib
import sys
import time
from collections import defaultdict

SPENT: dict = defaultdict(float)
CALLS: dict = defaultdict(int)
RULES = ("fold_constants", "hoist_invariants", "reorder_joins", "push_down_predicates",
         "push_into_cte", "function_arguments", "choose_index", "hash_join")


def wrap(module: str, owner: str | None, name: str, label: str) -> None:
    """Time ``module.owner.name`` (or ``module.name``) under ``label``, outermost calls."""
    holder = importlib.import_module(module)
    wrap_attribute(getattr(holder, owner) if owner else holder, name, label, SPENT, CALLS)


def wrap_attribute(holder, name: str, label: str, spent: dict, calls: dict | None = None):
    """Replace ``holder.name`` by a timer adding its outermost calls' CPU seconds to
    ``spent[label]`` (and counting them in ``calls``); ``bench.parse_passes`` uses it too."""
    inner, depth = getattr(holder, name), [0]

    def timed(*args, **kwargs):
        if depth[0]:
            return inner(*args, **kwargs)
        depth[0] += 1
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            if calls is not None:
                calls[label] += 1
            depth[0] -= 1

    setattr(holder, name, timed)


def wrap_rules() -> None:
    """Each optimizer rule, as ``optimize`` finds it (its tuple and its module's names)."""
    optimizer = importlib.import_module("rowandb.planner.optimizer")
    for rule in RULES:
        wrap("rowandb.planner.optimizer", None, rule, "  rule " + rule)
    optimizer.RULES = tuple(getattr(optimizer, rule) for rule in RULES)


def report() -> None:
    total = time.process_time()
    print(f"process CPU {total:.2f} s", file=sys.stderr)
    for label, spent in SPENT.items():
        print(f"{label:32s} {spent:8.2f} s {100 * spent / total:5.1f}%  {CALLS[label]} calls",
              file=sys.stderr)


def main(argv: list[str]) -> None:
    session = "rowandb.sql.session"
    for owner, name, label in (("Session", "_parse", "parse (full path)"),
                               ("Session", "_bind_parsed", "bind (full path)"),
                               ("Session", "_quick", "quick path"),
                               (None, "split", "split"),
                               (None, "plan_select", "plan_select"),
                               (None, "keep_compiled", "keep_compiled"),
                               ("Session", "_execute_compiled", "run")):
        wrap(session, owner, name, label)
    build = "rowandb.planner.plan.build"
    wrap(build, None, "optimize", " optimize")
    for name in ("_table_reads", "without_null_tests", "propagate_constants",
                 "_plan_subqueries"):
        wrap(build, None, name, "  " + name)
    wrap_rules()
    wrap("rowandb.planner.exec.execute", "Executable", "__init__", "Executable")
    atexit.register(report)
    from rowandb.cli import main as cli
    try:
        cli(["compat", "run", "--quiet"] + argv)
    except SystemExit:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
