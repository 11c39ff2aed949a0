"""The plan's node classes made dataclasses at their first node (planner/plan/node_class.py):
each, once made, is the dataclass the eager decorator made at import -- fields, defaults,
``__init__``'s signature, ``__repr__``, ``__doc__``, parameters, frozen under
``ROWANDB_FROZEN_NODES=1`` and plain without -- and a process running ordinary
statements never makes most of them."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

# Every marked class made, then described; with EAGER set, node_class's markers are
# replaced (before anything imports them) by the plain ``dataclass`` calls they stand for.
_DESCRIBE = r"""
import dataclasses, importlib.util, inspect, json, os, sys
path = os.path.join("rowandb", "planner", "plan", "node_class.py")
spec = importlib.util.spec_from_file_location("rowandb.planner.plan.node_class", path)
nc = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = nc
spec.loader.exec_module(nc)
if os.environ.get("EAGER"):
    nc._marker = lambda frozen: dataclasses.dataclass(frozen=frozen, eq=False)
    nc.node, nc.statement = nc._marker(nc._FROZEN), nc._marker(False)
import rowandb
from rowandb.planner.plan import bound, logical, cte
marked = list(nc._PENDING)
nc.make_all()
classes = [c for m in (bound, logical, cte) for c in vars(m).values()
           if isinstance(c, type) and c.__module__ == m.__name__
           and dataclasses.is_dataclass(c)]

def frozen(obj):
    try:
        obj.__dict__ and setattr(obj, next(iter(obj.__dict__)), None)
    except dataclasses.FrozenInstanceError:
        return True
    return False

def shown(value):
    return "MISSING" if value is dataclasses.MISSING else repr(value)

def describe(cls):
    fields = dataclasses.fields(cls)
    sample = {f.name: f"v_{f.name}" for f in fields
              if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    node = cls(**sample)
    return {"doc": cls.__doc__, "init": str(inspect.signature(cls.__init__)),
            "names": [cls.__init__.__qualname__, cls.__repr__.__qualname__],
            "params": repr(cls.__dataclass_params__), "match": list(cls.__match_args__),
            "fields": [[f.name, str(f.type), shown(f.default), shown(f.default_factory),
                        f.init, f.repr, f.compare, f.hash, f.kw_only] for f in fields],
            "repr": repr(node), "vars": repr(vars(node)), "frozen": frozen(node),
            "equal": node == cls(**sample), "copy": repr(dataclasses.replace(node))}

print(json.dumps({"marked": len(marked), "classes": {
    f"{c.__module__}.{c.__qualname__}": describe(c) for c in classes}}))
"""


def _run(code: str, **env: str) -> str:
    environment = {name: value for name, value in os.environ.items()
                   if name != "ROWANDB_FROZEN_NODES"}
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True, env=environment).stdout


@pytest.mark.parametrize("frozen", ["", "1"])
def test_each_class_made_late_is_the_dataclass_made_at_import(frozen):
    late = json.loads(_run(_DESCRIBE, ROWANDB_FROZEN_NODES=frozen))
    eager = json.loads(_run(_DESCRIBE, ROWANDB_FROZEN_NODES=frozen, EAGER="1"))
    assert late["marked"] >= 85 and eager["marked"] == 0
    assert len(late["classes"]) == len(eager["classes"]) >= 89
    for name, described in eager["classes"].items():
        assert late["classes"][name] == described, name
    frozen_nodes = {name for name, d in late["classes"].items() if d["frozen"]}
    if frozen:      # the expression and plan nodes; the statements stay plain
        assert "rowandb.planner.plan.bound.ColumnRef" in frozen_nodes
        assert "rowandb.planner.plan.logical.Scan" in frozen_nodes
        assert "rowandb.planner.plan.bound.Select" not in frozen_nodes
    else:
        assert not frozen_nodes


_ORDINARY = """
import rowandb
from rowandb.planner.plan import node_class
connection = rowandb.connect(":memory:")
answers = []
for sql in ["CREATE TABLE t1(x INTEGER PRIMARY KEY, y TEXT)", "CREATE INDEX t1y ON t1(y)",
            "INSERT INTO t1 VALUES(1, 'a'), (2, 'b')", "UPDATE t1 SET y = 'c' WHERE x = 2",
            "SELECT y, count(*) FROM t1 WHERE x > 0 GROUP BY y ORDER BY 1",
            "SELECT x FROM t1 WHERE y IN ('a', 'c') ORDER BY x DESC",
            "DELETE FROM t1 WHERE x = 1", "SELECT * FROM t1"]:
    cursor = connection.execute(sql)
    answers.append(cursor.fetchall() if cursor.description else None)
print(len(node_class._PENDING), answers)
"""


def test_ordinary_statements_leave_most_node_classes_unmade():
    """A process's ordinary statements make the classes of the nodes they use only."""
    pending, answers = _run(_ORDINARY).split(" ", 1)
    assert int(pending) >= 55
    assert answers.strip() == ("[None, None, None, None, [('a', 1), ('c', 1)], [(2,), (1,)], "
                               "None, [(2, 'c')]]")


def test_threads_making_a_class_first_all_get_its_nodes():
    """Threads making the first nodes of marked classes at once (a base and a subclass)
    each get a whole node of its class."""
    from rowandb.planner.plan import node_class

    @node_class.statement
    class Base:
        a: int
        b: list = node_class.dataclasses.field(default_factory=list)

    @node_class.statement
    class Sub(Base):
        c: str = "c"

    made, start = [], threading.Barrier(8)

    def make(k):
        start.wait()
        made.append(Sub(k, [k]) if k % 2 else Base(k))
    threads = [threading.Thread(target=make, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(repr, made)) == sorted(
        [f"test_threads_making_a_class_first_all_get_its_nodes.<locals>.Sub(a={k}, b=[{k}], "
         "c='c')" if k % 2 else
         f"test_threads_making_a_class_first_all_get_its_nodes.<locals>.Base(a={k}, b=[])"
         for k in range(8)])
