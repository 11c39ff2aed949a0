"""sqlite_schema's rows and PRAGMA table_list's after VACUUM, in SQLite's order.

SQLite's VACUUM writes the schema table again: the tables (each followed by the indexes its
constraints make, the first AUTOINCREMENT table by sqlite_sequence, which is dropped when
none is left), then the indexes, then the views and triggers, each group in its old order;
later objects follow (catalog/vacuum_order.py). A seeded generator makes random schemas of
main -- tables with and without UNIQUE, PRIMARY KEY, AUTOINCREMENT or WITHOUT ROWID, indexes, views,
triggers, TEMP tables, ANALYZE's sqlite_stat1 -- with DROPs and VACUUMs among the CREATEs,
and compares ``sqlite_schema`` (type, name, tbl_name, rowid) and PRAGMA table_list, in
order, after each VACUUM and at the end; on a file, also after reopening it; and the
copies VACUUM INTO writes.
``python tests/test_vacuum_order.py`` prints the count of scripts that differ.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from oracle import step_outcomes

QUERIES = ["SELECT type, name, tbl_name, rowid FROM sqlite_schema",
           "SELECT schema, name, type, ncol FROM pragma_table_list"]
# (an AUTOINCREMENT table is dropped too: with none left, VACUUM drops sqlite_sequence)
_COLUMNS = ["a, b)", "a PRIMARY KEY, b)", "a UNIQUE, b UNIQUE)", "a INTEGER PRIMARY KEY, b)",
            "a, b, UNIQUE (a, b))", "a PRIMARY KEY, b UNIQUE) WITHOUT ROWID"]


def script(seed: int) -> list[str]:
    """A random sequence of CREATEs, DROPs, ANALYZEs and VACUUMs of main and temp."""
    rng = random.Random(seed)
    tables, drops, objects, steps = [], [], [], []
    for n in range(rng.randint(6, 16)):
        roll = rng.random()
        if roll < 0.3 or not tables:
            name = f"t{n}"
            if rng.random() < 0.15:
                steps.append(f"CREATE TABLE {name}(a INTEGER PRIMARY KEY AUTOINCREMENT, b)")
                steps.append(f"INSERT INTO {name}(b) VALUES (1)")
            else:
                steps.append(f"CREATE TABLE {name}({rng.choice(_COLUMNS)}")
            drops.append(("TABLE", name))
            tables.append(name)
        elif roll < 0.45:
            name = f"i{n}"
            steps.append(f"CREATE INDEX {name} ON {rng.choice(tables)}(b)")
            objects.append(("INDEX", name))
        elif roll < 0.6:
            name = f"v{n}"
            steps.append(f"CREATE VIEW {name} AS SELECT * FROM {rng.choice(tables)}")
            objects.append(("VIEW", name))
        elif roll < 0.7:
            name = f"r{n}"
            steps.append(f"CREATE TRIGGER {name} AFTER INSERT ON {rng.choice(tables)} "
                         "BEGIN SELECT 1; END")
            objects.append(("TRIGGER", name))
        elif roll < 0.75:
            steps.append(f"CREATE TEMP TABLE x{n}(a)")
        elif roll < 0.78:
            steps.append("ANALYZE")
        elif roll < 0.9 and (objects or drops):
            kind, name = rng.choice(objects + drops)
            steps.append(f"DROP {kind} IF EXISTS {name}")
        else:
            steps.append("VACUUM")
    return steps + ["VACUUM"]


def _run(steps, sqlite, rowan) -> list:
    """The steps on both; the (step, query) places where the listings differ."""
    differ = []
    for step in steps:
        outcomes = step_outcomes(sqlite, rowan, step)
        if outcomes[0] != outcomes[1]:
            differ.append((step, outcomes))
        if step == "VACUUM" or step is steps[-1]:
            differ += _compare(step, sqlite, rowan)
    return differ


def _compare(step, sqlite, rowan) -> list:
    found = []
    for query in QUERIES:
        theirs = [tuple(r) for r in sqlite.execute(query)]
        mine = [tuple(r) for r in rowan.execute(query).fetchall()]
        kept = [r for r in theirs if "sqlite_stat4" not in r]   # (RowanDB has no STAT4)
        if len(kept) < len(theirs) and "rowid" in query:        # the rows after it: one less
            kept = [r[:3] + (i,) for i, r in enumerate(kept, 1)]
        theirs = kept
        if theirs != mine:
            found.append((step, query, theirs, mine))
    return found


def differences(seed: int, directory=None) -> list:
    steps = script(seed)
    if directory is None:
        sqlite = apsw.Connection(":memory:")
        rowan = rowandb.connect(":memory:", isolation_level=None)
        return _run(steps, sqlite, rowan)
    sqlite = apsw.Connection(str(directory / "db.sqlite"))
    rowan = rowandb.connect(str(directory / "db.rowan"), isolation_level=None)
    found = _run([s for s in steps if "TEMP" not in s], sqlite, rowan)
    sqlite.close()
    rowan.close()
    sqlite = apsw.Connection(str(directory / "db.sqlite"))
    rowan = rowandb.connect(str(directory / "db.rowan"), isolation_level=None)
    found += _compare("reopened", sqlite, rowan)
    rowan.close()
    return found


SEEDS = range(176000000, 176000120)


@pytest.mark.parametrize("seed", SEEDS)
def test_vacuum_order_in_memory(seed):
    assert differences(seed) == []


@pytest.mark.parametrize("seed", SEEDS[:12])
def test_vacuum_order_on_file_and_reopened(seed, tmp_path):
    assert differences(seed, tmp_path) == []


def copy_differences(seed: int, directory) -> list:
    """The seed's script on in-memory databases, then VACUUM INTO a file from each: the
    copies' listings, which SQLite writes in VACUUM's order."""
    sqlite = apsw.Connection(":memory:")
    rowan = rowandb.connect(":memory:", isolation_level=None)
    steps = [s for s in script(seed)[:-1] if "TEMP" not in s]
    for step in steps:
        step_outcomes(sqlite, rowan, step)
    sqlite.execute(f"VACUUM INTO '{directory / 'copy.sqlite'}'")
    rowan.execute(f"VACUUM INTO '{directory / 'copy.rowan'}'")
    return _compare("VACUUM INTO", apsw.Connection(str(directory / "copy.sqlite")),
                    rowandb.connect(str(directory / "copy.rowan"), isolation_level=None))


@pytest.mark.parametrize("seed", SEEDS[:40])
def test_vacuum_into_copy_in_sqlites_order(seed, tmp_path):
    assert copy_differences(seed, tmp_path) == []


def test_a_vacuum_regroups_the_schema():
    """The example of docs/SQL.md: a view, an index and a table made in that order list
    table first after VACUUM; a table made after it comes last."""
    db = rowandb.connect(":memory:", isolation_level=None)
    for step in ["CREATE TABLE a(x)", "CREATE VIEW v AS SELECT * FROM a",
                 "CREATE INDEX ia ON a(x)", "CREATE TABLE b(y UNIQUE)", "VACUUM",
                 "CREATE TABLE c(z)"]:
        db.execute(step)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_schema").fetchall()]
    assert names == ["a", "b", "sqlite_autoindex_b_1", "ia", "v", "c"]


if __name__ == "__main__":
    import pathlib
    import tempfile
    failing = [seed for seed in SEEDS if differences(seed)]
    print(len(failing), "of", len(SEEDS), "scripts differ", failing[:10])
    copies = []
    for seed in SEEDS[:40]:
        with tempfile.TemporaryDirectory() as tmp:
            copies += [seed] if copy_differences(seed, pathlib.Path(tmp)) else []
    print(len(copies), "of 40 VACUUM INTO copies differ", copies[:10])
