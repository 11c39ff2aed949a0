"""The DML fast paths against SQLite (apsw), each proved taken by a counter.

- Bulk INSERT into a child table (planner/exec/bulk.py, fkbulk.py): ``executemany`` in a
  transaction writes a chunk at once when every child key already has its parent. Chunks
  that would record a violation (immediate: the statement fails; deferred: COMMIT fails),
  a self-reference, a parent whose violations are pending, triggers, a foreign key that
  does not compile (mismatch, missing parent table) go row by row; conflict clauses,
  NULL keys, affinity conversions, AUTOINCREMENT and STRICT tables and changes() /
  total_changes() are compared with SQLite after every step (dml_differential.py).
  Chunks grow (sql/dbapi/batching.py); a large one declined is offered again in pieces, and the
  indexes a chunk's sorted entries were merged into are read through ``INDEXED BY`` and
  checked by ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import pytest

from dml_differential import assert_same, assert_same_after_reopening
from rowandb.planner.exec import bulk as bulk_module
from rowandb.sql.dbapi.batching import BULK_CHUNK

N = 4 * BULK_CHUNK + 37              # three chunks (512, 1536, 37: sql/dbapi/batching.py)
PARENT = "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)"
PARENTS = ("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(1, 101)])


@pytest.fixture
def bulk_chunks(monkeypatch) -> list:
    """How many chunks each BulkInsert.run wrote at once (its ``taken`` after each call)."""
    taken: list = []
    original = bulk_module.BulkInsert.run

    def run(self, txn, rows):
        result = original(self, txn, rows)
        taken.append(result is not None)
        return result
    monkeypatch.setattr(bulk_module.BulkInsert, "run", run)
    return taken


def _children(key=lambda i: i % 100 + 1, n=N):
    return [(i, key(i), i * 0.5) for i in range(1, n + 1)]


def _script(child_ddl, rows, sql="INSERT INTO c VALUES (?, ?, ?)", end=("COMMIT",),
            extra=()):
    return [PARENT, child_ddl, "CREATE INDEX c_pid ON c(pid)", *extra, "BEGIN", PARENTS,
            "COMMIT", "BEGIN", (sql, rows), *end,
            "SELECT count(*), sum(pid), total(x) FROM c"]


CHILD = "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p, x REAL)"
DEFERRED = "CREATE TABLE c(id INTEGER PRIMARY KEY, " \
           "pid INTEGER REFERENCES p DEFERRABLE INITIALLY DEFERRED, x REAL)"


def test_children_with_their_parents_go_in_chunks(bulk_chunks):
    assert_same(_script(CHILD, _children()))
    assert bulk_chunks == [True] * 4                        # the parents, then 3 chunks


def test_null_and_converted_keys_find_their_parents_in_chunks(bulk_chunks):
    keys = [None, "7", 7.0, 100, "0x1", " 12"]
    rows = _children(lambda i: keys[i % len(keys)] if keys[i % len(keys)] != "0x1" else 3)
    assert_same(_script(CHILD.replace("INTEGER REFERENCES", "REFERENCES"), rows))
    assert bulk_chunks.count(True) == 4


@pytest.mark.parametrize("where, before", [(5, 0), (BULK_CHUNK + 5, 1),
                                           (3 * BULK_CHUNK + 5, 3), (N - 1, 2)])
@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR REPLACE ", "OR FAIL ",
                                      "OR ABORT ", "OR ROLLBACK "])
def test_an_immediate_orphan_fails_its_own_statement(bulk_chunks, where, before, conflict):
    """``before``: the chunks and pieces (of a declined 1536-row chunk) written at once
    before the orphan's."""
    rows = _children()
    rows[where] = (rows[where][0], 999, 0.0)
    assert_same(_script(CHILD, rows, f"INSERT {conflict}INTO c VALUES (?, ?, ?)"))
    assert bulk_chunks.count(True) == 1 + before            # the parents, then those


def test_a_deferred_orphan_fails_the_commit_and_its_parent_repairs_it(bulk_chunks):
    rows = _children()
    rows[BULK_CHUNK + 3] = (rows[BULK_CHUNK + 3][0], 555, 1.0)
    steps = _script(DEFERRED, rows, end=("COMMIT", "INSERT INTO p VALUES (555, 'late')",
                                         "COMMIT"))
    assert_same(steps)
    assert bulk_chunks.count(True) == 5         # parents, 512, two pieces of 1536, 37


def test_defer_foreign_keys_counts_an_orphan_until_commit(bulk_chunks):
    rows = _children()
    rows[10] = (rows[10][0], 777, 1.0)
    assert_same(_script(CHILD, rows, end=("COMMIT", "ROLLBACK"),
                        extra=("PRAGMA defer_foreign_keys = ON",))
                [:6] + ["BEGIN", "PRAGMA defer_foreign_keys = ON",
                        ("INSERT INTO c VALUES (?, ?, ?)", rows), "COMMIT", "ROLLBACK",
                        "SELECT count(*) FROM c"])
    assert bulk_chunks.count(True) == 1 + 2


def test_a_self_reference_goes_row_by_row(bulk_chunks):
    ddl = "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES c, x REAL)"
    forward = [(i, i + 1 if i < N else None, 0.0) for i in range(1, N + 1)]
    backward = [(i, i - 1 or None, 0.0) for i in range(1, N + 1)]
    assert_same(_script(ddl, backward))
    assert_same(_script(ddl, forward))
    assert bulk_chunks.count(True) == 2                     # only the parents


def test_a_trigger_on_the_table_sees_every_row(bulk_chunks):
    log = ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER INSERT ON c "
           "BEGIN INSERT INTO log VALUES (new.id); END"]
    assert_same(_script(CHILD, _children(), extra=log))
    before = ["CREATE TABLE log(n)", "CREATE TEMP TRIGGER t BEFORE INSERT ON c "
              "BEGIN SELECT RAISE(IGNORE) WHERE new.id % 3 = 0; END"]
    assert_same(_script(CHILD, _children(), extra=before))
    assert bulk_chunks.count(True) == 2                     # only the parents


def test_an_update_trigger_does_not_stop_the_chunks(bulk_chunks):
    log = ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER UPDATE ON c "
           "BEGIN INSERT INTO log VALUES (new.id); END"]
    assert_same(_script(CHILD, _children(), extra=log))
    assert bulk_chunks.count(True) == 4


def test_pending_violations_of_a_parent_are_taken_back_row_by_row(bulk_chunks):
    steps = [PARENT, DEFERRED, "BEGIN", "INSERT INTO c VALUES (1, 50, 0)",
             "INSERT INTO c VALUES (2, 5000, 0)", PARENTS, "COMMIT",
             "INSERT INTO p VALUES (5000, 'x')", "COMMIT", "SELECT count(*) FROM p"]
    assert_same(steps)
    assert bulk_chunks == [False]


@pytest.mark.parametrize("parent", [
    "CREATE TABLE p(id INTEGER, name TEXT)",                # no unique key: mismatch
    "CREATE TABLE q(id INTEGER PRIMARY KEY, name TEXT)",    # no parent table
])
def test_a_foreign_key_that_does_not_compile_fails_as_in_sqlite(bulk_chunks, parent):
    steps = [parent, CHILD, "BEGIN", ("INSERT INTO c VALUES (?, ?, ?)", _children()),
             ("INSERT INTO c VALUES (?, ?, ?)", [(1, None, 0.0), (2, None, 1.0)]),
             "COMMIT"]
    assert_same(steps)
    assert True not in bulk_chunks


@pytest.mark.parametrize("parent_type", ["TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB"])
def test_a_unique_parent_key_converts_as_a_row_would(bulk_chunks, parent_type):
    keys = [1, "1", 1.0, "1.0", 0.0, -0.0, "0.0", "-0.0", b"1", "a", 2, "2"]
    steps = [f"CREATE TABLE p(k {parent_type} UNIQUE)",
             "CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(k), x)",
             ("INSERT OR IGNORE INTO p VALUES (?)", [(k,) for k in keys])]
    for child in ([(None, k, 0) for k in keys] * 60, [(None, "a", 0)] * N):
        steps += ["BEGIN", ("INSERT INTO c VALUES (?, ?, ?)", child), "COMMIT",
                  "SELECT count(*) FROM c"]
    assert_same(steps)
    assert True in bulk_chunks


def test_autoincrement_and_strict_children_go_in_chunks(bulk_chunks):
    ddl = ("CREATE TABLE c(id INTEGER PRIMARY KEY AUTOINCREMENT, "
           "pid INTEGER REFERENCES p, x REAL) STRICT")
    rows = [(None, i % 100 + 1, float(i)) for i in range(N)]
    assert_same(_script(ddl, rows))
    assert bulk_chunks.count(True) == 4


def test_a_trigger_on_a_table_without_foreign_keys_sees_every_row(bulk_chunks):
    steps = ["CREATE TABLE t(a, b)", "CREATE TABLE log(n)",
             "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END",
             "BEGIN", ("INSERT INTO t VALUES (?, ?)", [(i, i) for i in range(N)]), "COMMIT",
             "SELECT count(*) FROM log"]
    assert_same(steps)
    assert bulk_chunks == [False] * 6           # 512, 1536 and its 3 pieces, 37


BIG = 8 * BULK_CHUNK + 37            # chunks of 512, 1536, 2085 (sql/dbapi/batching.py)
WIDE = ("CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p, x REAL, tag TEXT, "
        "n)")
WIDE_INDEXES = ("CREATE INDEX c_x ON c(x)", "CREATE INDEX c_tag ON c(tag COLLATE NOCASE, pid)",
                "CREATE INDEX c_n ON c(n, x)")
READ_BY_INDEX = ["SELECT id, x FROM c INDEXED BY c_x WHERE x BETWEEN -20 AND 40 ORDER BY x, id",
                 "SELECT tag, pid, id FROM c INDEXED BY c_tag WHERE tag = 'AbC1' ORDER BY pid",
                 "SELECT tag, x, id FROM c INDEXED BY c_tag WHERE tag > 'y' ORDER BY tag",
                 "SELECT n, x, id FROM c INDEXED BY c_n WHERE n > 'm' ORDER BY n, x, id",
                 "SELECT pid, count(*) FROM c INDEXED BY c_pid GROUP BY pid ORDER BY pid",
                 "SELECT id FROM c INDEXED BY c_n WHERE n IS NULL ORDER BY id",
                 "PRAGMA integrity_check", "PRAGMA foreign_key_check"]


def _wide_children(n=BIG, seed=5):
    """Rows whose index keys come in no particular order: random parents, reals with
    negatives and -0.0, text in mixed case, a column of mixed storage classes."""
    import random
    rng = random.Random(seed)
    mixed = [None, 3, -2.5, "m", "zz", b"\x01", 7.0, "", 10 ** 12]
    return [(i, rng.randint(1, 100), rng.choice([-0.0, 0.0, rng.uniform(-50, 50)]),
             rng.choice(["abc", "ABC", "AbC", "b", "a"]) + str(rng.randrange(3)),
             rng.choice(mixed)) for i in range(1, n + 1)]


def _wide_script(rows, sql="INSERT INTO c VALUES (?, ?, ?, ?, ?)", end=("COMMIT",)):
    return _script(WIDE, rows, sql, end, WIDE_INDEXES) + READ_BY_INDEX


def test_growing_chunks_keep_every_index_in_order(bulk_chunks):
    rows = _wide_children()
    more = [(i + BIG, pid, x, tag, n) for i, pid, x, tag, n in _wide_children(BIG // 2, 6)]
    # keys above every key present, in no order: the chunk's sorted entries are appended
    last = [(i + 2 * BIG, pid, 100 + x, "z" + tag, n)
            for i, pid, x, tag, n in _wide_children(300, 7)]
    assert_same(_wide_script(rows) + [
        "BEGIN", ("INSERT INTO c VALUES (?, ?, ?, ?, ?)", more), "COMMIT", *READ_BY_INDEX,
        "BEGIN", ("INSERT INTO c VALUES (?, ?, ?, ?, ?)", last), "COMMIT", *READ_BY_INDEX])
    assert bulk_chunks == [True] * (1 + 3 + 3 + 1)      # parents; 3 chunks; 512 1536 18; 1


@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR REPLACE ", "OR ROLLBACK "])
def test_a_declined_large_chunk_goes_in_pieces_up_to_its_orphan(bulk_chunks, conflict):
    rows = _wide_children()
    at = 2048 + 2 * BULK_CHUNK + 100                # in the third chunk's third piece
    rows[at] = (rows[at][0], 999) + rows[at][2:]
    assert_same(_wide_script(rows, f"INSERT {conflict}INTO c VALUES (?, ?, ?, ?, ?)"))
    assert bulk_chunks == [True, True, True, False, True, True, False]


def test_a_deferred_orphan_in_a_large_chunk_leaves_the_other_pieces_at_once(bulk_chunks):
    ddl = WIDE.replace("REFERENCES p", "REFERENCES p DEFERRABLE INITIALLY DEFERRED")
    rows = _wide_children()
    rows[3000] = (rows[3000][0], 555) + rows[3000][2:]
    end = ("COMMIT", "INSERT INTO p VALUES (555, 'late')", "COMMIT")
    assert_same(_script(ddl, rows, "INSERT INTO c VALUES (?, ?, ?, ?, ?)", end, WIDE_INDEXES)
                + READ_BY_INDEX)
    assert bulk_chunks == [True, True, True, False, True, False, True, True, True]


class Kept(list):
    """``memo_kept``'s answers, and the BulkInsert each came from (``owners``)."""

    def __init__(self):
        super().__init__()
        self.owners: list = []


@pytest.fixture
def memo_kept(monkeypatch) -> list:
    """For every chunk BulkInsert.run checked against the foreign keys, whether it kept the
    memo of the chunk before it (``BulkInsert._memo``)."""
    kept = Kept()
    original = bulk_module.BulkInsert._memo

    def memo(self, txn):
        before = self.memo
        result = original(self, txn)
        kept.append(result is before)
        kept.owners.append(self)
        return result
    monkeypatch.setattr(bulk_module.BulkInsert, "_memo", memo)
    return kept


def test_later_chunks_look_up_only_the_parents_not_found_before(bulk_chunks, memo_kept,
                                                                monkeypatch):
    """The chunks of one executemany keep the parents found (fkbulk.py) and the keys built
    (catalog/rows.py ``_keys``): a later chunk's entries already hold the key objects the
    index holds, so storage/sharedkeys.py replaces none, and the index holds one key object
    per parent key. (A child with no parent, written first, keeps the index in its general
    form of entry tuples: an index of integer keys alone is packed into codes and holds no
    key objects, storage/packedentries.py.)"""
    import rowandb
    from rowandb.storage import memory
    kept_keys: list = []
    original = memory.shared_batch

    def shared_batch(entries, batch):
        result = original(entries, batch)
        kept_keys.append({id(e[0]) for e in result} <= {id(e[0]) for e in batch})
        return result
    monkeypatch.setattr(memory, "shared_batch", shared_batch)
    rows = _children(lambda i: i * 7 % 100 + 1, n=BIG)
    script = _script(CHILD, rows, extra=("INSERT INTO c VALUES (0, NULL, 0)",))
    assert_same(script + ["PRAGMA integrity_check",
                          "SELECT pid, count(*) FROM c INDEXED BY c_pid GROUP BY pid ORDER BY pid"])
    assert bulk_chunks == [True] * 4 and memo_kept == [False, False, True, True]
    conn = rowandb.connect(":memory:", isolation_level=None)
    for step in script[:-1]:
        conn.execute(step) if isinstance(step, str) else conn.executemany(*step)
    session = conn._session
    index, = session.db.dictionary.table("c").indexes
    entries = session.db.store.index(index.file_id).entries
    assert entries.general is not None
    assert len({id(entry[0]) for entry in entries}) == 101      # the parent keys and NULL
    assert kept_keys == [True] * 6                  # both executemanys' chunks
    assert all(bulk.memo is None for bulk in memo_kept.owners)     # dropped at the end


def test_packed_keys_give_the_index_sqlite_reads(bulk_chunks, monkeypatch):
    """catalog/rows.py ``_packed_entries`` (one column of integer keys, rowids ascending:
    from ``PACK_FROM`` entries, here from any) against SQLite: negative, large and equal
    keys, given and chosen rowids, read back through the index."""
    from rowandb.catalog import rows
    packed: list = []
    original = rows._packed_entries

    def counted(*args):
        result = original(*args)
        packed.append(result is not None)
        return result
    monkeypatch.setattr(rows, "PACK_FROM", 0)
    monkeypatch.setattr(rows, "_packed_entries", counted)
    keys = [-(2 ** 63), -5, 0, 1, 3, 2 ** 40, 2 ** 63 - 1]
    parents = ("INSERT INTO p VALUES (?, ?)", [(k, f"p{k}") for k in keys])
    given = [(i * 3, keys[i * 5 % 7], 0.5) for i in range(1, N)]
    chosen = [(None, keys[i % 7], 1.0) for i in range(N)]
    reads = ["PRAGMA integrity_check",
             "SELECT pid, count(*), min(id), max(id) FROM c INDEXED BY c_pid GROUP BY pid",
             "SELECT id FROM c INDEXED BY c_pid WHERE pid = -5 ORDER BY pid, id LIMIT 5"]
    assert_same([PARENT, CHILD, "CREATE INDEX c_pid ON c(pid)", "BEGIN", parents,
                 ("INSERT INTO c VALUES (?, ?, ?)", given),
                 ("INSERT INTO c VALUES (?, ?, ?)", chosen), "COMMIT", *reads])
    assert bulk_chunks == [True] * 7 and packed == [True] * 6


def test_a_parent_deleted_between_chunks_is_looked_up_again(bulk_chunks, memo_kept):
    """A piece that goes row by row can delete a parent the chunks before it found: here
    INSERT OR REPLACE replaces a child row whose deletion cascades to a parent (``p.cref``),
    after the children that referenced that parent were replaced too. A later chunk that
    references it must fail as its statement does, so the memo is begun again after any
    write that is not a chunk's (the transaction's undo log is not where the last chunk
    left it)."""
    parent = "CREATE TABLE p(id INTEGER PRIMARY KEY, cref INTEGER REFERENCES c ON DELETE CASCADE)"
    rows = _children(lambda i: i % 100 + 1 if i <= BULK_CHUNK or i % 100 != 6 else 8)
    for at, child in enumerate(range(6, BULK_CHUNK, 100)):
        rows[600 + at] = (child, 8, 0.5)            # chunk 1's children of parent 7, moved
    rows[610] = (999999, 2, 0.0)                    # deletes parent 7 by its cascade
    rows[2050] = (rows[2050][0], 7, 1.0)            # in the last chunk: now an orphan
    steps = [parent, CHILD, "CREATE INDEX c_pid ON c(pid)", "BEGIN",
             ("INSERT INTO p VALUES (?, ?)", [(i, None) for i in range(1, 101)]),
             "INSERT INTO c VALUES (999999, 1, 0.0)", "UPDATE p SET cref = 999999 WHERE id = 7",
             "COMMIT", "BEGIN", ("INSERT OR REPLACE INTO c VALUES (?, ?, ?)", rows),
             "SELECT count(*), sum(pid) FROM c", "SELECT count(*) FROM p", "COMMIT",
             "PRAGMA integrity_check"]
    assert_same(steps)
    # the parents; 512; the 1536 declined, its pieces: row by row, at once, at once; 37
    assert bulk_chunks == [True, True, False, False, True, True, False]
    assert memo_kept == [False, False, False, True, True]


# -- ON DELETE CASCADE into a leaf child (fkcascade.py) -------------------------------------

class Cascades(list):
    """The number of children each leaf cascade deleted, by any path; ``batched``: those
    that went as one run of the child's index (``cascade_leaf``); ``statements``: those of
    a whole DELETE statement's parents at once (``batch_delete.delete_batch``, one entry
    per constraint and statement)."""

    def __init__(self):
        super().__init__()
        self.batched: list = []
        self.statements: list = []


@pytest.fixture
def leaf_cascades(monkeypatch) -> Cascades:
    from rowandb.planner.exec import batch_delete, fkeys
    counts = Cascades()
    one_by_one, batched = fkeys.delete_leaf_children, fkeys.cascade_leaf
    whole = batch_delete.cascade_keys

    def counted_statement(*args):
        counts.append(whole(*args))
        counts.statements.append(counts[-1])
        return counts[-1]
    monkeypatch.setattr(batch_delete, "cascade_keys", counted_statement)

    def counted(*args):
        counts.append(one_by_one(*args))
        return counts[-1]

    def counted_batch(*args):
        changed = batched(*args)
        if changed is not None:
            counts.append(changed)
            counts.batched.append(changed)
        return changed
    monkeypatch.setattr(fkeys, "delete_leaf_children", counted)
    monkeypatch.setattr(fkeys, "cascade_leaf", counted_batch)
    return counts


CASCADE = ["CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)",
           "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE, "
           "x REAL, tag TEXT)",
           "CREATE INDEX c_pid ON c(pid)",
           "CREATE INDEX c_partial ON c(x) WHERE x > 50",
           "CREATE INDEX c_expr ON c(lower(tag), x)",
           ("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(1, 41)]),
           ("INSERT INTO c VALUES (?, ?, ?, ?)",
            [(i, i % 40 + 1 if i % 9 else None, float(i % 97), f"T{i % 5}")
             for i in range(1, 801)])]
AFTER = ["SELECT count(*), total(x) FROM c", "SELECT count(*) FROM c WHERE x > 60",
         "SELECT count(*) FROM c WHERE lower(tag) = 't3'", "PRAGMA integrity_check",
         "PRAGMA foreign_key_check"]


def test_a_cascade_into_a_leaf_child_deletes_its_rows_at_once(leaf_cascades):
    assert_same(CASCADE + ["DELETE FROM p WHERE id % 10 = 0 RETURNING id, name"] + AFTER
                + ["BEGIN", "SAVEPOINT s", "DELETE FROM p WHERE id < 5", *AFTER,
                   "ROLLBACK TO s", *AFTER, "COMMIT"])
    # RETURNING: row by row, through c_pid, one run per parent; then the whole statement
    assert len(leaf_cascades) == 5 and sum(leaf_cascades) > 100
    assert leaf_cascades.batched == leaf_cascades[:4]
    assert leaf_cascades.statements == leaf_cascades[4:] and leaf_cascades[4] > 40


def test_a_leaf_childs_broken_constraint_fails_the_delete(leaf_cascades):
    steps = CASCADE + ["CREATE TABLE q(k INTEGER)", "PRAGMA foreign_keys = OFF",
                       "ALTER TABLE c ADD COLUMN qk REFERENCES q(k)",
                       "PRAGMA foreign_keys = ON", "DELETE FROM p WHERE id = 3", *AFTER]
    assert_same(steps)
    assert leaf_cascades == []              # it raised before deleting a row


def test_a_deferred_cascade_and_an_orphan_left_behind(leaf_cascades):
    steps = [s.replace("ON DELETE CASCADE", "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED")
             if isinstance(s, str) else s for s in CASCADE]
    assert_same(steps + ["BEGIN", "DELETE FROM p WHERE id = 7", "INSERT INTO c VALUES "
                         "(9000, 12345, 1.0, 'x')", "COMMIT", "ROLLBACK", *AFTER])
    assert len(leaf_cascades) == 1 and leaf_cascades.statements == leaf_cascades


@pytest.mark.parametrize("extra", [
    ["CREATE TABLE log(n)", "CREATE TRIGGER t AFTER DELETE ON c "
     "BEGIN INSERT INTO log VALUES (old.id); END"],
    ["CREATE TEMP TRIGGER t BEFORE DELETE ON c BEGIN SELECT RAISE(IGNORE) "
     "WHERE old.id % 2 = 0; END"],
    ["CREATE TABLE g(id INTEGER PRIMARY KEY, cid REFERENCES c ON DELETE CASCADE)",
     ("INSERT INTO g VALUES (?, ?)", [(i, i * 3) for i in range(1, 200)])],
    ["CREATE TABLE g(id INTEGER PRIMARY KEY, cid REFERENCES c)",
     ("INSERT INTO g VALUES (?, ?)", [(i, i * 3) for i in range(1, 200)])],
])
def test_a_child_with_triggers_or_children_goes_row_by_row(leaf_cascades, extra):
    assert_same(CASCADE + extra + ["DELETE FROM p WHERE id % 10 = 0", *AFTER,
                                   "SELECT changes(), total_changes()"])
    grandchildren = any("CREATE TABLE g" in s for s in extra if isinstance(s, str)) \
        and "CASCADE" in extra[0]
    assert bool(leaf_cascades) == grandchildren     # only g, a leaf, goes at once


def test_a_self_referencing_cascade_goes_row_by_row(leaf_cascades):
    steps = ["CREATE TABLE t(id INTEGER PRIMARY KEY, up REFERENCES t ON DELETE CASCADE)",
             ("INSERT INTO t VALUES (?, ?)", [(i, i // 2 or None) for i in range(1, 300)]),
             "DELETE FROM t WHERE id = 2", "SELECT count(*) FROM t"]
    assert_same(steps)
    assert leaf_cascades == []


BIG_CASCADE = ["CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)",
       "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INT REFERENCES p ON DELETE CASCADE, tag TEXT)",
       "CREATE INDEX c_pid ON c(pid)", "CREATE INDEX c_tag ON c(tag, id)",
       "CREATE TABLE r(pid INTEGER REFERENCES p ON DELETE RESTRICT)",
       ("INSERT INTO p VALUES (?, ?)", [(i, f"p{i}") for i in range(1, 31)]),
       ("INSERT INTO c VALUES (?, ?, ?)",         # parent 4 has 2,500 children in a row
        [(i, 4 if i < 2500 else i % 30 + 1, f"t{i % 7}") for i in range(1, 6001)])]
BIG_AFTER = ["SELECT count(*), total(id), count(DISTINCT pid) FROM c",
             "SELECT tag, count(*) FROM c GROUP BY tag", "PRAGMA integrity_check"]


def test_runs_across_sublists_changes_and_a_failure_half_way(leaf_cascades):
    """Runs longer than a sublist, a child's other index, changes() without the cascaded
    rows, and a RESTRICT that fails the statement after cascades ran (all undone)."""
    assert_same(BIG_CASCADE + ["DELETE FROM p WHERE id IN (4, 9) RETURNING id",
                       "SELECT changes(), total_changes()", *BIG_AFTER,
                       "INSERT INTO r VALUES (20)", "DELETE FROM p WHERE id % 5 = 0",
                       "SELECT changes()", *BIG_AFTER,
                       "BEGIN", "DELETE FROM p WHERE id < 4", "ROLLBACK", *BIG_AFTER])
    assert len(leaf_cascades.batched) >= 4 and 2615 in leaf_cascades.batched


@pytest.mark.parametrize("kind, paths", [("REAL", (1, 0)), ("TEXT", (0, 2))])
def test_a_converted_child_key(leaf_cascades, kind, paths):
    """The action compares ``old.parent = child`` with the child's affinity alone: a REAL
    child holding 5.0 is reached from the parent 5 through the child's index (the whole
    statement at once); a TEXT child's index holds '5', which the comparison converts,
    so its cascade scans, per parent."""
    steps = ["CREATE TABLE p(id INTEGER PRIMARY KEY)",
             f"CREATE TABLE c(k {kind} REFERENCES p ON DELETE CASCADE, v)",
             "CREATE INDEX c_k ON c(k)",
             ("INSERT INTO p VALUES (?)", [(i,) for i in range(1, 11)]),
             ("INSERT INTO c VALUES (?, ?)", [(str(i % 10 + 1), i) for i in range(100)]
              + [(i % 10 + 1, -i) for i in range(20)] + [(None, 0), ("5.0", 1), ("x", 2)]),
             "PRAGMA foreign_keys = ON", "DELETE FROM p WHERE id IN (5, 7)",
             "SELECT k, typeof(k), count(*) FROM c GROUP BY k ORDER BY k",
             "PRAGMA integrity_check"]
    assert_same(steps)
    statements, one_by_one = paths
    assert len(leaf_cascades.statements) == statements and not leaf_cascades.batched
    assert len(leaf_cascades) == statements + one_by_one


def test_a_cascade_on_disk_survives_reopening(tmp_path, leaf_cascades):
    """The batch writes the same undo entries, so the redo log carries the deletions."""
    queries = ["SELECT count(*), total(id) FROM c", "SELECT tag, count(*) FROM c GROUP BY tag"]
    assert_same_after_reopening(tmp_path, BIG_CASCADE + [
        "DELETE FROM p WHERE id % 3 = 1", "BEGIN", "DELETE FROM p WHERE id = 2", "ROLLBACK"],
        queries + ["PRAGMA integrity_check"])
    assert len(leaf_cascades.batched) == 11             # ten parents, then one undone


# -- UPDATE that only rewrites values (narrow_update.py) ------------------------------------

@pytest.fixture
def narrow_updates(monkeypatch) -> list:
    """One entry per UPDATE that took the fused loop: the rows it changed."""
    from rowandb.planner.exec import dml
    runs: list = []
    original = dml.update_narrow

    def counted(update, *args):
        before = update.changed
        original(update, *args)
        runs.append(update.changed - before)
    monkeypatch.setattr(dml, "update_narrow", counted)
    return runs


TABLE = ["CREATE TABLE p(id INTEGER PRIMARY KEY)",
         "CREATE TABLE t(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p, "
         "amount REAL NOT NULL DEFAULT 7, qty INTEGER, label TEXT, note)",
         "CREATE INDEX t_qty ON t(qty)", "CREATE UNIQUE INDEX t_label ON t(label)",
         "CREATE INDEX t_part ON t(note) WHERE note > 10",
         "CREATE INDEX t_expr ON t(lower(label), abs(note))",
         ("INSERT INTO p VALUES (?)", [(i,) for i in range(1, 11)]),
         ("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
          [(i, i % 10 + 1, i * 1.5, i % 7, f"L{i}", i % 13) for i in range(1, 401)])]
CHECKED = ["SELECT count(*), total(amount), total(qty) FROM t",
           "SELECT id FROM t WHERE qty = 3 ORDER BY id", "PRAGMA integrity_check",
           "SELECT changes(), total_changes()"]


@pytest.mark.parametrize("sql", [
    "UPDATE t SET amount = amount + 1 WHERE id % 2 = 0",
    "UPDATE t SET amount = 5, qty = '12' WHERE id > 100 RETURNING id, amount, qty",
    "UPDATE t SET amount = (SELECT max(amount) FROM t) + id WHERE id % 3 = 0",
    "UPDATE t SET qty = qty + 5 WHERE id < 50",               # a plain index's column
])
def test_an_update_of_plain_columns_takes_the_fused_loop(narrow_updates, sql):
    assert_same(TABLE + [sql] + CHECKED)
    assert narrow_updates and narrow_updates[0] > 0


@pytest.mark.parametrize("conflict", ["", "OR IGNORE ", "OR REPLACE ", "OR FAIL ",
                                      "OR ABORT ", "OR ROLLBACK "])
def test_a_null_into_not_null_meets_its_conflict_clause(narrow_updates, conflict):
    sql = f"UPDATE {conflict}t SET amount = CASE WHEN id = 150 THEN NULL ELSE amount * 2 END"
    assert_same(TABLE + ["BEGIN", sql, *CHECKED, "COMMIT", *CHECKED])
    assert len(narrow_updates) == (0 if conflict in ("", "OR FAIL ", "OR ABORT ",
                                                     "OR ROLLBACK ") else 1)


@pytest.mark.parametrize("sql", [
    "UPDATE t SET label = label || 'x' WHERE id < 20",          # a UNIQUE index
    "UPDATE t SET note = note + 5 WHERE id < 20",               # partial, expression
    "UPDATE t SET pid = 3 WHERE id < 20",                       # a foreign key column
    "UPDATE t SET id = id + 1000 WHERE id < 20",                # the rowid
])
def test_an_update_of_keys_goes_the_general_way(narrow_updates, sql):
    assert_same(TABLE + [sql] + CHECKED)
    assert narrow_updates == []


@pytest.mark.parametrize("extra", [
    ["CREATE TABLE log(n)", "CREATE TRIGGER tr AFTER UPDATE OF amount ON t "
     "BEGIN INSERT INTO log VALUES (new.id); END"],
    ["CREATE TEMP TRIGGER tr BEFORE UPDATE ON t BEGIN SELECT RAISE(IGNORE) "
     "WHERE old.id % 4 = 0; END"],
])
def test_an_update_with_triggers_goes_the_general_way(narrow_updates, extra):
    assert_same(TABLE + extra + ["UPDATE t SET amount = amount + 1 WHERE id % 2 = 0"]
                + CHECKED)
    assert narrow_updates == []


@pytest.mark.parametrize("ddl", [
    "CREATE TABLE g(id INTEGER PRIMARY KEY, a REAL NOT NULL, b AS (a * 2) STORED)",
    "CREATE TABLE g(id INTEGER PRIMARY KEY, a REAL NOT NULL, b TEXT) STRICT",
    "CREATE TABLE g(id INTEGER PRIMARY KEY, a REAL NOT NULL CHECK (a < 1000), b TEXT)",
    "CREATE TABLE g(id INTEGER PRIMARY KEY, a REAL NOT NULL, b TEXT) WITHOUT ROWID",
])
def test_generated_strict_check_and_without_rowid_tables_go_the_general_way(
        narrow_updates, ddl):
    steps = [ddl, ("INSERT INTO g(id, a) VALUES (?, ?)", [(i, i * 2.5) for i in range(300)]),
             "UPDATE g SET a = a + 1 WHERE id % 2 = 0", "SELECT count(*), total(a) FROM g",
             "UPDATE g SET a = a + 1000 WHERE id = 7", "SELECT changes(), total_changes()"]
    assert_same(steps)
    assert narrow_updates == []


def test_an_update_of_a_parent_s_other_columns_is_narrow(narrow_updates):
    steps = TABLE + ["ALTER TABLE p ADD COLUMN name TEXT",
                     "UPDATE p SET name = 'n' || id", "SELECT * FROM p",
                     "UPDATE p SET id = id + 100 WHERE id = 1"] + CHECKED
    assert_same(steps)
    assert narrow_updates == [10]


@pytest.fixture
def dense_checks(monkeypatch) -> list:
    """What every ``fkbulk._within_dense`` call answered (the parents found by the range
    of their rowids, with no lookup)."""
    from rowandb.planner.exec import fkbulk
    answers: list = []
    original = fkbulk._within_dense

    def within_dense(parent, column):
        answers.append(original(parent, column))
        return answers[-1]
    monkeypatch.setattr(fkbulk, "_within_dense", within_dense)
    return answers


def test_parents_with_every_rowid_of_their_range_are_found_by_it(bulk_chunks, dense_checks):
    assert_same(_script(CHILD, _children()))
    assert bulk_chunks == [True] * 4 and dense_checks == [True] * 3


@pytest.mark.parametrize("orphan", [50, 0, -3, 101, 10 ** 12])
@pytest.mark.parametrize("gap", [None, 50, 1, 100])
def test_a_key_outside_the_parents_or_in_a_gap_among_them_is_an_orphan(
        bulk_chunks, dense_checks, orphan, gap):
    """The range says nothing when a parent is missing inside it (the general lookups
    run) or a key lies outside it: an orphan fails its statement as in SQLite, the
    chunks before it still go at once; a key in range whose parent is there is no
    orphan either way."""
    rows = _children(lambda i: i % 100 + 1 if i % 100 + 1 != gap else gap % 100 + 1)
    rows[BULK_CHUNK + 7] = (rows[BULK_CHUNK + 7][0], orphan, 1.0)
    extra = () if gap is None else (f"DELETE FROM p WHERE id = {gap}",)
    steps = _script(CHILD, rows)
    steps[steps.index("COMMIT") + 1:steps.index("COMMIT") + 1] = list(extra)
    assert_same(steps)
    assert bulk_chunks[:2] == [True, True]
    assert dense_checks[0] is (gap in (None, 1, 100))     # an end gone: still every rowid
    assert (False in bulk_chunks) is (orphan == gap or not 1 <= orphan <= 100)


def test_a_chunk_of_whole_record_tuples_is_stored_as_given(bulk_chunks):
    """``BulkInsert._records``: parameter tuples that already are the records are stored
    themselves (no tuple made per row); a row any value of which changes (affinity: a
    text key into an INTEGER column) or a list row get a record of their own."""
    import rowandb
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT)")
    same = [(i, i % 7, f"s{i}") for i in range(1, 600)]
    changed = [(i, str(i % 7), "x") for i in range(600, 1300)]
    listed = [[i, i % 7, "y"] for i in range(1300, 2000)]
    for rows in (same, changed, listed):
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    store, table = conn._session.db.store, conn._session.db.dictionary.table("t")
    stored = store.table(table.file_id).get
    assert all(stored(row[0]) is row for row in same)
    assert all(stored(row[0]) == (row[0], int(row[1]), "x") for row in changed)
    assert all(stored(row[0]) == tuple(row) and stored(row[0]) is not row for row in listed)
    assert bulk_chunks == [True] * 6
    assert conn.execute("SELECT count(*), sum(k), typeof(k) FROM t").fetchall() == \
        [(1999, sum(i % 7 for i in range(1, 2000)), "integer")]
