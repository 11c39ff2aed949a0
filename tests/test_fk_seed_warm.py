"""The InnoDB seed's warm DELETE (issue 12 point 2): what it no longer builds per child table.

The first cascading DELETE after a schema change of N child tables used to bind a
``RowWriter`` (CHECKs, generated columns) for every child, and every table held an empty
sorted tree of incoming constraints and one of triggers of its own: work and objects for
each full garbage collection to walk in proportion to N. Now a child's writer is a
``bind_dml.LazyWriter`` that builds the real one only when an action needs more than its
context (a leaf ON DELETE CASCADE never does), a table without constraints in one
direction shares ``schema.NO_CONSTRAINTS``, and ``TableTriggers`` makes its tree with its
first trigger. These tests prove the writers stay unbuilt, that everything which must
still see a child's definition does (differential against SQLite, across the schema
changes that invalidate the writers), and that the shared empty tree is never written.
"""

from __future__ import annotations

import pytest

import rowandb
from dml_differential import assert_same
from rowandb.catalog.schema import NO_CONSTRAINTS, own_tree
from rowandb.catalog.trigger import TableTriggers, Trigger
from rowandb.storage.sortedmap import SortedMap

CHILDREN = 4
SCHEMA = ["CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)"] + [
    f"CREATE TABLE c{i}(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE, "
    f"v INTEGER CHECK (v >= 0))" for i in range(CHILDREN)] + [
    f"CREATE INDEX c{i}_pid ON c{i}(pid)" for i in range(CHILDREN)]
FILL = [("INSERT INTO p VALUES (?, ?)", [(k, f"p{k}") for k in range(1, 6)])] + [
    (f"INSERT INTO c{i} VALUES (?, ?, ?)", [(j, j % 5 + 1, j) for j in range(1, 21)])
    for i in range(CHILDREN)]
COUNTS = ["SELECT " + ", ".join(f"(SELECT count(*) FROM c{i})" for i in range(CHILDREN))
          + ", (SELECT count(*) FROM log)", "PRAGMA foreign_key_check"]
LOG = "CREATE TABLE log(what TEXT)"
TRIGGER = ("CREATE TRIGGER c1_gone AFTER DELETE ON c1 BEGIN "
           "INSERT INTO log VALUES ('c1 ' || old.id); END")


def _writers(conn) -> dict:
    return conn._session._writers


def _conn():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_a_leaf_cascade_builds_no_row_writer():
    conn = _conn()
    for step in SCHEMA + FILL:
        conn.execute(step) if isinstance(step, str) else conn.executemany(*step)
    conn.execute("DELETE FROM p WHERE id = 2")
    assert [conn.execute(f"SELECT count(*) FROM c{i}").fetchone()[0]
            for i in range(CHILDREN)] == [16] * CHILDREN
    writers = _writers(conn)
    assert len(writers) == CHILDREN
    assert all(w._writer is None for w in writers.values())     # nothing bound


def test_an_action_that_writes_rows_builds_the_writer_and_checks():
    conn = _conn()
    for step in SCHEMA + FILL:
        conn.execute(step) if isinstance(step, str) else conn.executemany(*step)
    conn.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p "
                 "ON DELETE SET DEFAULT DEFAULT -1 CHECK (pid <> -1))")
    conn.execute("INSERT INTO u VALUES (1, 3)")
    with pytest.raises(rowandb.IntegrityError, match="CHECK constraint failed"):
        conn.execute("DELETE FROM p WHERE id = 3")
    table = conn._session.db.dictionary.table("u")
    assert _writers(conn)[table.id]._writer is not None      # its CHECK ran


def test_leaf_cascades_match_sqlite_across_schema_changes():
    """Each schema change between two cascading DELETEs must reach the next one: a new
    trigger on a child, a rolled-back DROP TRIGGER, a child dropped and made again with
    another shape, a column added."""
    assert_same(SCHEMA + [LOG] + FILL + [
        "DELETE FROM p WHERE id = 1", *COUNTS,
        TRIGGER, "DELETE FROM p WHERE id = 2", *COUNTS,
        "BEGIN", "DROP TRIGGER c1_gone", "ROLLBACK", "DELETE FROM p WHERE id = 3", *COUNTS,
        "DROP TABLE c2",
        "CREATE TABLE c2(pid INTEGER REFERENCES p ON DELETE SET NULL, w TEXT CHECK (w <> ''))",
        "INSERT INTO c2 VALUES (4, 'a'), (5, 'b')",
        "DELETE FROM p WHERE id = 4", "SELECT * FROM c2 ORDER BY w", *COUNTS,
        "ALTER TABLE c3 ADD COLUMN extra TEXT DEFAULT 'x'", "INSERT INTO p VALUES (9, 'n')",
        "INSERT INTO c3 VALUES (99, 9, 1, 'y')", "DELETE FROM p WHERE id = 9", *COUNTS,
        "DELETE FROM p", *COUNTS])


@pytest.mark.parametrize("action", ["CASCADE", "SET NULL", "RESTRICT"])
def test_a_child_check_that_cannot_compile_fails_as_in_sqlite(action):
    """A CHECK naming no function fails only the statements SQLite compiles it into: the
    action's UPDATE (SET NULL), never its DELETE (CASCADE)."""
    assert_same(["CREATE TABLE p(id INTEGER PRIMARY KEY)",
                 f"CREATE TABLE c(pid INTEGER REFERENCES p ON DELETE {action}, "
                 "CHECK (no_such_function(pid)))",
                 "INSERT INTO p VALUES (1), (2)", "DELETE FROM p WHERE id = 1",
                 "PRAGMA foreign_keys = OFF", "INSERT INTO c VALUES (2)",
                 "PRAGMA foreign_keys = ON", "DELETE FROM p WHERE id = 2",
                 "SELECT count(*) FROM c", "SELECT count(*) FROM p"])


def test_tables_without_constraints_share_the_read_only_empty_tree():
    conn = _conn()
    for sql in ["CREATE TABLE p1(id INTEGER PRIMARY KEY)", "CREATE TABLE p2(id INTEGER PRIMARY KEY)",
                "CREATE TABLE c(pid REFERENCES p1)"]:
        conn.execute(sql)
    dictionary = conn._session.db.dictionary
    p1, p2, c = (dictionary.table(n) for n in ("p1", "p2", "c"))
    assert p2.fk_in is NO_CONSTRAINTS and p2.fk_out is NO_CONSTRAINTS
    assert c.fk_in is NO_CONSTRAINTS and p1.fk_out is NO_CONSTRAINTS
    assert isinstance(p1.fk_in, SortedMap) and p1.fk_in is not NO_CONSTRAINTS
    assert list(p1.fk_in.values()) == list(c.fk_out.values()) == c.foreign_keys
    assert len(NO_CONSTRAINTS) == 0 and not NO_CONSTRAINTS
    for write in (lambda: NO_CONSTRAINTS.__setitem__(1, None),
                  lambda: NO_CONSTRAINTS.setdefault(1, None),
                  lambda: NO_CONSTRAINTS.update({1: None})):
        with pytest.raises(TypeError):
            write()
    conn.execute("CREATE TABLE c2(pid REFERENCES p2)")          # p2 gets a tree of its own
    assert len(dictionary.table("p2").fk_in) == 1 and len(NO_CONSTRAINTS) == 0
    conn.execute("DROP TABLE c2")
    assert len(dictionary.table("p2").fk_in) == 0 and len(NO_CONSTRAINTS) == 0


def test_own_tree_gives_a_table_its_own_tree_once():
    class Holder:
        fk_in = NO_CONSTRAINTS
    holder = Holder()
    tree = own_tree(holder, "fk_in")
    assert tree is not NO_CONSTRAINTS and own_tree(holder, "fk_in") is tree
    tree[5] = "x"
    assert len(NO_CONSTRAINTS) == 0


def test_a_table_makes_its_trigger_tree_with_its_first_trigger():
    triggers = TableTriggers()
    assert len(triggers) == 0 and list(triggers) == [] and triggers.firing("DELETE", "AFTER") == ()
    assert not triggers.has("DELETE")
    trigger = Trigger(7, "t7", "t", "AFTER", "DELETE", None, "")
    triggers.add(trigger)
    assert len(triggers) == 1 and list(triggers) == [trigger]
    assert triggers.firing("DELETE", "AFTER") == (trigger,) and triggers.has("DELETE")


def test_the_seed_on_disk_cascades_after_reopening(tmp_path):
    """The seed's shape on disk: the constraints come back from the dictionary after
    reopening, into trees of their own only where there are constraints."""
    path = str(tmp_path / "seed.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
    for i in range(30):
        conn.execute(f"CREATE TABLE fk_{i}(f1 PRIMARY KEY, FOREIGN KEY (f1) REFERENCES t1(f1) "
                     "ON DELETE CASCADE ON UPDATE CASCADE)")
    conn.execute("COMMIT")
    for round_ in range(2):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t1 VALUES (1)")
        for i in range(30):
            conn.execute(f"INSERT INTO fk_{i} VALUES (1)")
        conn.execute("COMMIT")
        if round_:
            conn.close()
            conn = rowandb.connect(path, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM t1 WHERE f1 = ?", (1,))
        assert sum(conn.execute(f"SELECT count(*) FROM fk_{i}").fetchone()[0]
                   for i in range(30)) == 0
    dictionary = conn._session.db.dictionary
    assert len(dictionary.table("t1").fk_in) == 30
    assert dictionary.table("fk_7").fk_in is NO_CONSTRAINTS
    assert all(w._writer is None for w in _writers(conn).values())
    conn.close()
