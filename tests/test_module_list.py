"""PRAGMA module_list against SQLite (apsw): the table-valued functions a connection named.

SQLite creates the module of an eponymous virtual table (``pragma_<name>``, json_each,
json_tree) the first time a statement of the connection looks its name up -- in FROM, by
PRAGMA table_info, in a view's query, even where the statement fails after -- and PRAGMA
module_list (or pragma_module_list, which names itself) lists it from then on. SQLite's
list also holds the modules its build registers at start (fts3..., rtree, geopoly,
dbstat), which RowanDB has not (dbstat is refused by name): they are the names a fresh
apsw connection lists, left out of the comparison, and so is the order, SQLite's hash
table's (``sql/pragma/pragmas._module_list``, ``bind_table_function.registered``).
Seeded generated sequences of statements run on both engines, the list compared after
each.
"""

import random

import apsw
import pytest
import rowandb

STEPS = ["SELECT * FROM json_each('[1]')", "SELECT key FROM json_tree('{}')",
         "PRAGMA table_info(json_tree)", "PRAGMA table_xinfo(pragma_table_list)",
         "SELECT * FROM json_each(1, 2, 3)", "SELECT * FROM pragma_nosuch",
         "SELECT * FROM pragma_integrity_check WHERE nosuch",
         "SELECT * FROM pragma_table_info('t') AS p, main.pragma_index_list('t')",
         "SELECT * FROM JSON_EACH('[]')", "SELECT * FROM Pragma_Function_List LIMIT 0",
         "CREATE VIEW IF NOT EXISTS v AS SELECT * FROM pragma_foreign_key_list('t')",
         "SELECT * FROM v", "SELECT (SELECT count(*) FROM pragma_collation_list)",
         "SELECT * FROM t WHERE a IN (SELECT value FROM json_each('[1]'))",
         "PRAGMA table_info(pragma_nosuch)", "SELECT * FROM pragma_compile_options",
         "CREATE TABLE IF NOT EXISTS t(a)", "PRAGMA module_list"]
LIST = ["PRAGMA module_list", "SELECT name FROM pragma_module_list"]
# (a view's functions are registered when a statement reads the view, not by CREATE VIEW)
SETUP = ["CREATE TABLE t(a)"]
SEED, RUNS = 28_0804, 12


def _listed(run) -> object:
    try:
        return sorted({row[0] for row in run()})
    except (apsw.Error, rowandb.Error) as error:
        return str(error)


# the schema forms: ``temp.`` lists the same (SQLite's module_list takes no schema),
# pragma_module_list takes no argument, an unknown schema is an error
SCHEMA_FORMS = ["PRAGMA temp.module_list", "PRAGMA main.module_list",
                "PRAGMA temp.module_list = 1", "PRAGMA TEMP.module_list('x')",
                "SELECT name FROM temp.pragma_module_list",
                "SELECT name FROM main.pragma_module_list",
                "SELECT name FROM pragma_module_list('temp')",
                "SELECT name FROM pragma_module_list('main')", "PRAGMA aux.module_list",
                "SELECT name FROM aux.pragma_module_list"]
LISTS = ["collation_list", "compile_options", "function_list", "module_list", "pragma_list"]


def differences(steps: list, lists: list = LIST) -> list:
    theirs, ours = apsw.Connection(":memory:"), rowandb.connect(":memory:")
    builtin = {row[0] for row in theirs.execute("PRAGMA module_list")}
    for sql in SETUP:
        theirs.execute(sql)
        ours.execute(sql)
    wrong = []
    for step in steps:
        for run in (lambda: list(theirs.execute(step)), lambda: ours.execute(step).fetchall()):
            try:
                run()
            except (apsw.Error, rowandb.Error):
                pass
        for sql in lists:
            expected = _listed(lambda: theirs.execute(sql))
            expected = [n for n in expected if n not in builtin] if isinstance(
                expected, list) else expected
            got = _listed(lambda: ours.execute(sql).fetchall())
            if got != expected:
                wrong.append(f"after {step!r}: {sql}\n  rowandb: {got}\n  sqlite:  {expected}")
    return wrong


def sequences(seed: int = SEED, runs: int = RUNS) -> list:
    rng = random.Random(seed)
    return [[rng.choice(STEPS) for _ in range(8)] for _ in range(runs)]


def test_the_steps_in_order_list_what_sqlite_lists():
    wrong = differences(STEPS)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("run", range(RUNS))
def test_generated_sequences_list_what_sqlite_lists(run):
    wrong = differences(sequences()[run])
    assert not wrong, "\n".join(wrong)


def test_the_schema_forms_list_what_sqlite_lists():
    wrong = differences(STEPS[:4] + STEPS[-3:], SCHEMA_FORMS)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", LISTS)
def test_the_connections_lists_answer_the_same_for_temp(name):
    """The connection's lists answer ``temp.`` as unqualified, with or without a value,
    in both engines (their contents describe each engine: PRAGMAS.md)."""
    for connection, rows in ((apsw.Connection(":memory:"), lambda c, s: list(c.execute(s))),
                             (rowandb.connect(":memory:"),
                              lambda c, s: [tuple(r) for r in c.execute(s).fetchall()])):
        plain = rows(connection, f"PRAGMA {name}")
        assert rows(connection, f"PRAGMA temp.{name}") == plain
        assert rows(connection, f"PRAGMA temp.{name} = 1") == plain


if __name__ == "__main__":
    found = differences(STEPS) + [w for steps in sequences() for w in differences(steps)]
    print("\n".join(found))
    print(f"{len(found)} of {(len(STEPS) + 8 * RUNS) * len(LIST)} lists differ")
