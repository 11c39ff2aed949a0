"""executemany() of INSERT inside a transaction: the bulk path (planner/exec/bulk.py) and the
row-by-row path it falls back to must together behave exactly as SQLite does.

The differential test runs the same executemany on Python's sqlite3 (the DB-API RowanDB's
connection follows) and on RowanDB, over random schemas (affinities, NOT NULL, defaults,
INTEGER PRIMARY KEY with or without AUTOINCREMENT and DEFAULT, STRICT tables, plain and
UNIQUE indexes, CHECK) and random rows that now and then
carry a value that must fail (NULL into NOT NULL, a duplicate key, an unbindable value, a
row of the wrong length) somewhere inside or across the chunks (512 rows, then growing:
sql/dbapi/batching.py). After each call it compares the error (class and message), rowcount,
total_changes, whether a transaction is open, every stored value with its type,
sqlite_sequence, and ``PRAGMA integrity_check`` (which checks every index entry and its
order: the bulk path sorts a chunk's entries and merges them, storage/sortedmap.py). The
stored half (values, sqlite_sequence, integrity_check) is SQLite 3.54's, replayed through
apsw: the sqlite3 module's SQLite is the machine's, which may be older (``_stored_by_sqlite``).
"""

from __future__ import annotations

import random
import sqlite3

import apsw

import pytest
from hypothesis import given, settings, strategies as st

import rowandb
from rowandb.planner.exec import bulk as bulk_module
from rowandb.sql.dbapi.batching import BULK_CHUNK

TYPES = ["", "TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB"]
STRICT_TYPES = ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"]
# (Not 2**63 - 1: as a rowid it makes the next one random, in SQLite as in RowanDB.)
VALUES = [None, 0, 1, -7, 42, 2 ** 62, -(2 ** 63), 0.0, -0.0, 1.0, 2.5, -1e300,
          float("inf"), "12", " 12 ", "1e3", "3.0", "abc", "", "x" * 40, b"", b"\x00ab",
          True]
POISON = ["null", "duplicate", "unbindable", "short"]
PEP_249 = {"Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
           "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
           "NotSupportedError"}


def _schema(rng: random.Random) -> tuple[list[str], list[str]]:
    """(column names, DDL statements) of a random table t."""
    count = rng.randint(1, 4)
    names = [f"c{i}" for i in range(count)]
    defs = []
    alias = rng.random() < 0.4
    strict = rng.random() < 0.25
    for i, name in enumerate(names):
        if i == 0 and alias:
            defs.append(f"{name} INTEGER PRIMARY KEY"
                        + (" AUTOINCREMENT" if rng.random() < 0.4 else "")
                        + (" DEFAULT 3" if rng.random() < 0.2 else ""))
            continue
        text = f"{name} {rng.choice(STRICT_TYPES if strict else TYPES)}".rstrip()
        if rng.random() < 0.3:
            text += " NOT NULL"
        if rng.random() < 0.3:
            text += " DEFAULT " + rng.choice(["7", "'x'", "NULL", "2.5"])
        defs.append(text)
    if rng.random() < 0.15:
        defs.append(f"CHECK ({rng.choice(names)} IS NOT 13)")
    ddl = [f"CREATE TABLE t({', '.join(defs)}){' STRICT' if strict else ''}"]
    if rng.random() < 0.4:
        ddl.append(f"CREATE INDEX t_plain ON t({rng.choice(names)})")
    if rng.random() < 0.2:
        ddl.append(f"CREATE UNIQUE INDEX t_unique ON t({rng.choice(names)})")
    return names, ddl


def _insert(rng: random.Random, names: list[str]) -> tuple[str, int]:
    conflict = rng.choice(["", "", "", "OR IGNORE ", "OR REPLACE ", "OR FAIL ",
                           "OR ROLLBACK ", "OR ABORT "])
    if rng.random() < 0.5:
        return f"INSERT {conflict}INTO t VALUES ({', '.join('?' * len(names))})", len(names)
    chosen = rng.sample(names, rng.randint(1, len(names)))
    if rng.random() < 0.3 and len(chosen) > 1:
        slots = ", ".join(f"?{len(chosen) - i}" for i in range(len(chosen)))
    else:
        slots = ", ".join("?" * len(chosen))
    return f"INSERT {conflict}INTO t({', '.join(chosen)}) VALUES ({slots})", len(chosen)


def _rows(rng: random.Random, width: int, count: int, poison: str | None) -> list:
    """Rows whose columns each keep one kind of value (what a bulk load looks like), or
    mix every kind; then, with ``poison``, one row that must fail or conflict."""
    kinds = [rng.choice(["int", "int", "real", "text", "null", "blob", "mixed"])
             for _ in range(width)]
    rows = []
    for n in range(count):
        row = [_value(rng, kind, n) for kind in kinds]
        rows.append(tuple(row) if rng.random() < 0.8 else row)
    if poison and rows:
        at = rng.randrange(len(rows))
        bad = list(rows[at])
        if poison == "null":
            bad[rng.randrange(width)] = None
        elif poison == "duplicate":
            bad = list(rows[rng.randrange(len(rows))])
        elif poison == "unbindable":
            bad[rng.randrange(width)] = object()
        else:
            bad = bad[:-1]
        rows[at] = tuple(bad)
    return rows


def _error(error: Exception) -> tuple[str, str]:
    """The PEP 249 class (RowanDB raises subclasses of them) and the message."""
    name = next((c.__name__ for c in type(error).__mro__ if c.__name__ in PEP_249),
                type(error).__name__)
    return name, str(error)


def _value(rng: random.Random, kind: str, n: int):
    if kind == "int":
        return n
    if kind == "real":
        return n * 0.5 if n % 7 else -0.0
    if kind == "text":
        return f"text {n}"
    if kind == "null":
        return None
    if kind == "blob":
        return b"b%d" % n
    return rng.choice(VALUES)


def _run(conn, ddl: list[str], sql: str, rows: list, preload: list) -> dict:
    for statement in ddl:
        conn.execute(statement)
    conn.commit()
    outcome: dict = {}
    cur = conn.cursor()
    if preload:
        try:
            cur.executemany(sql, preload)
        except Exception as error:            # the preload may fail too; same either way
            outcome["preload"] = _error(error)
    try:
        cur.executemany(sql, rows)
        outcome["rowcount"] = cur.rowcount
    except Exception as error:
        outcome["error"] = _error(error)
    outcome["in_transaction"] = conn.in_transaction
    outcome["total_changes"] = conn.total_changes
    outcome.update(_stored(conn))
    return outcome


def _stored(conn) -> dict:
    """What the table holds (every value with its type), ``PRAGMA integrity_check`` and
    sqlite_sequence, read alike from a DB-API connection and from apsw's."""
    def rows(sql):
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    columns = [r[1] for r in rows("PRAGMA table_info(t)")]
    typed = ", ".join(f"{c}, typeof({c})" for c in columns)
    # repr tells -0.0 from 0.0 (a REAL column stores 0.0 for both)
    state = {"rows": [tuple(repr(v) if type(v) is float else v for v in row)
                      for row in rows(f"SELECT rowid, {typed} FROM t ORDER BY rowid")],
             "integrity": rows("PRAGMA integrity_check")}
    if rows("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'"):
        state["sqlite_sequence"] = rows("SELECT * FROM sqlite_sequence")
    return state


def _stored_by_sqlite(ddl: list[str], sql: str, rows: list, preload: list) -> dict:
    """``_stored`` after the same statements on SQLite 3.54 (apsw). The sqlite3 module
    answers the DB-API half (errors, rowcount, total_changes, the open transaction), but
    its SQLite is the machine's (3.40.1 here), whose INSERT OR REPLACE of an
    integer-valued REAL into a STRICT table's indexed INTEGER column leaves the index
    short ('row 2 missing from index t_plain': hypothesis' seed 58828); 3.54 does not.
    Each batch opens a transaction when none is open, as sqlite3 does before an INSERT
    (so INSERT OR ROLLBACK undoes the preload too), and executemany stops at the first
    failing row, keeping the rows before it: the same stored state."""
    conn = apsw.Connection(":memory:")
    for statement in ddl:
        conn.execute(statement)
    for batch in (preload, rows):
        if conn.getautocommit():
            conn.execute("BEGIN")
        try:
            conn.cursor().executemany(sql, batch)
        except Exception:                      # the DB-API half compares the errors
            pass
    return _stored(conn)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2 ** 32),
       size=st.sampled_from([0, 1, 5, 200, BULK_CHUNK + 90, 4 * BULK_CHUNK + 90]),
       poison=st.sampled_from([None, None] + POISON), preload=st.booleans())
def test_executemany_insert_matches_sqlite(seed, size, poison, preload):
    rng = random.Random(seed)
    names, ddl = _schema(rng)
    sql, width = _insert(rng, names)
    rows = _rows(rng, width, size, poison)
    before = _rows(rng, width, 20, None) if preload else []
    # (cached_statements=0: sqlite3 3.11 reusing a statement whose run failed can report
    # the old run's error instead of a binding error.)
    expected = _run(sqlite3.connect(":memory:", cached_statements=0), ddl, sql, rows, before)
    expected.update(_stored_by_sqlite(ddl, sql, rows, before))
    got = _run(rowandb.connect(":memory:"), ddl, sql, rows, before)
    assert got == expected, (ddl, sql)


def count_bulk_runs(monkeypatch) -> list:
    """Record what every BulkInsert.run call returned."""
    results: list = []
    original = bulk_module.BulkInsert.run

    def run(self, txn, rows):
        result = original(self, txn, rows)
        results.append(result)
        return result
    monkeypatch.setattr(bulk_module.BulkInsert, "run", run)
    return results


def test_plain_rows_take_the_bulk_path(monkeypatch):
    results = count_bulk_runs(monkeypatch)
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT NOT NULL, b REAL)")
    conn.execute("CREATE INDEX tb ON t(b)")
    rows = [(None, f"a{i}", i) for i in range(4 * BULK_CHUNK)]
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    assert results == [BULK_CHUNK, 4 * BULK_CHUNK]          # chunks of 512 and 1536
    assert conn.execute("SELECT count(*), max(id) FROM t").fetchall() == [(4 * BULK_CHUNK,) * 2]
    assert conn.execute("SELECT id, a, typeof(b) FROM t WHERE b = 700").fetchall() == \
        [(701, "a700", "real")]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_failing_row_in_a_later_chunk_keeps_the_rows_before_it(monkeypatch):
    results = count_bulk_runs(monkeypatch)
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a INTEGER NOT NULL)")
    rows = [(i,) for i in range(2 * BULK_CHUNK)]
    rows[BULK_CHUNK + 10] = (None,)
    with pytest.raises(rowandb.IntegrityError, match="NOT NULL constraint failed: t.a"):
        conn.executemany("INSERT INTO t VALUES (?)", rows)
    assert results == [BULK_CHUNK, None]            # the second chunk went row by row
    assert conn.execute("SELECT count(*), max(a) FROM t").fetchall() == \
        [(BULK_CHUNK + 10, BULK_CHUNK + 9)]
    assert conn.in_transaction


def test_autocommit_executemany_commits_every_row(tmp_path):
    path = str(tmp_path / "auto.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER UNIQUE)")
    with pytest.raises(rowandb.IntegrityError, match="UNIQUE constraint failed: t.a"):
        conn.executemany("INSERT INTO t VALUES (?)", [(1,), (2,), (1,), (3,)])
    assert not conn.in_transaction
    conn.close()
    again = rowandb.connect(path)
    assert again.execute("SELECT a FROM t ORDER BY a").fetchall() == [(1,), (2,)]
    again.close()


def test_a_bulk_load_survives_a_crash(tmp_path):
    from rowandb.sql.database import abandon_database
    path = str(tmp_path / "bulk.rowan")
    conn = rowandb.connect(path)
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER)")
    conn.execute("CREATE INDEX ta ON t(a)")
    conn.commit()
    conn.executemany("INSERT INTO t(a, b) VALUES (?, ?)",
                     [(f"v{i % 97}", i) for i in range(5 * BULK_CHUNK)])
    conn.commit()
    conn.executemany("INSERT INTO t(a, b) VALUES (?, ?)", [("lost", 0)] * 10)  # uncommitted
    abandon_database(path)
    again = rowandb.connect(path)
    assert again.execute("SELECT count(*), sum(b), count(DISTINCT a) FROM t").fetchall() == \
        [(5 * BULK_CHUNK, sum(range(5 * BULK_CHUNK)), 97)]
    assert again.execute("SELECT count(*) FROM t WHERE a = 'v5'").fetchall() == \
        [(len(range(5, 5 * BULK_CHUNK, 97)),)]
    assert again.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    again.close()


def test_after_the_largest_rowid_new_rowids_are_random_unused_ones():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t(rowid, a) VALUES (9223372036854775807, 'last')")
    conn.executemany("INSERT INTO t(a) VALUES (?)", [(i,) for i in range(50)])
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM t WHERE a IS NOT 'last'")]
    assert len(set(rowids)) == 50 and all(0 < r < 2 ** 63 - 1 for r in rowids)


def test_a_lone_surrogate_sends_its_chunk_row_by_row(monkeypatch):
    """Text that is not all ASCII is searched for lone surrogates (which binding refuses);
    the chunk holding one goes row by row and fails at its row, the others go at once."""
    results = count_bulk_runs(monkeypatch)
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a TEXT, b)")
    rows = [(f"é{i}" if i % 2 else f"plain {i}", i) for i in range(BULK_CHUNK + 200)]
    rows[BULK_CHUNK + 88] = ("x\ud800", 1)
    with pytest.raises(rowandb.DataError, match="lone surrogate"):
        conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
    assert results == [BULK_CHUNK, None]
    assert conn.execute("SELECT count(*), max(b) FROM t").fetchall() == \
        [(BULK_CHUNK + 88, BULK_CHUNK + 87)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["int", "real", "text", "null", "blob", "mixed", "nocase"]),
                min_size=1, max_size=3), st.integers(0, 60), st.integers(0, 2 ** 32))
def test_a_chunks_index_entries_come_sorted_as_the_nested_entries_would(kinds, n, seed):
    """``rows._sorted_entries`` sorts by flat keys (and builds the entries afterwards) when
    each column's keys share a storage class; it must give exactly ``sorted`` of the entries
    ``index_entry`` would make, NULL columns, collations, mixed columns and ties included."""
    from rowandb.catalog.rows import _sorted_entries
    from rowandb.planner.exec.bulk import column_keys, sort_keys
    rng = random.Random(seed)
    columns, given = [], []
    for kind in kinds:
        values = [_value(rng, kind if kind != "nocase" else "text", rng.randrange(6))
                  for _ in range(n)]
        collation = "NOCASE" if kind == "nocase" else "BINARY"
        values = [v.upper() if rng.random() < 0.5 and type(v) is str else v for v in values]
        columns.append(sort_keys(values, collation))
        given.append(column_keys(values, collation))    # (kind, values) where it can
    rowids = rng.sample(range(-50, 10 ** 6), n)
    assert _sorted_entries(columns, rowids) == sorted(zip(*columns, rowids))
    assert _sorted_entries(given, rowids) == sorted(zip(*columns, rowids))
    for ascending in (sorted(rowids), range(seed % 1000, seed % 1000 + n)):
        assert _sorted_entries(given, ascending) == sorted(zip(*columns, ascending))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([0, 1, -1, 7, 255, 256, 2 ** 31, 2 ** 62, 2 ** 63 - 1,
                                 -(2 ** 63), -(2 ** 40) + 3]), max_size=80),
       st.integers(-(2 ** 63), 2 ** 62), st.booleans())
def test_packed_integer_keys_sort_as_the_entries_would(values, first, as_range):
    """``rows._packed_entries`` (one column of integers, rowids ascending: a value and its
    position packed into one integer) gives ``sorted`` of the entries, each key one object
    per distinct value, the same object in a later batch (``built``)."""
    from rowandb.catalog import rows
    from rowandb.planner.exec.bulk import column_keys, sort_keys
    rowids = range(first, first + len(values)) if as_range else \
        [first + 3 * i for i in range(len(values))]
    assert (rows._packed_entries(1, values, rowids, {}) is None) == (not values)   # taken
    built: dict = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows, "PACK_FROM", 0)         # packed at any size, not from 131,072
        entries = rows._sorted_entries([column_keys(values)], rowids, built)
        again = rows._sorted_entries([column_keys(values[::-1])], rowids, built)
    assert entries == sorted(zip(sort_keys(values), rowids))
    assert len({id(e[0]) for e in entries}) == len(set(values))
    assert {id(e[0]) for e in again} == {id(e[0]) for e in entries}


def test_a_chunks_equal_keys_are_one_object_unless_equal_values_differ():
    """``rows._keys``: the entries of a chunk whose key values are integers (or text, or
    blobs) hold one key object per distinct value; reals never share (0.0 and -0.0)."""
    from rowandb.catalog.rows import _sorted_entries
    from rowandb.planner.exec.bulk import sort_keys
    ints = _sorted_entries([sort_keys([7, 3, 7, 3, 7])], [1, 2, 3, 4, 5])
    assert ints == sorted(zip(sort_keys([7, 3, 7, 3, 7]), [1, 2, 3, 4, 5]))
    assert len({id(entry[0]) for entry in ints}) == 2
    reals = _sorted_entries([sort_keys([0.0, -0.0, 0.0])], [1, 2, 3])
    assert [str(entry[0][1]) for entry in reals] == ["0.0", "-0.0", "0.0"]
    assert len({id(entry[0]) for entry in reals}) == 3


@pytest.mark.parametrize("shape", [list, tuple])
def test_the_bulk_path_holds_no_object_per_row_for_the_collector(shape):
    """A chunk's parameter rows are turned into columns without an iterator object per
    row (``zip(*rows)`` made one, which lived through the chunk and was carried into the
    oldest generation, making full collections run every few thousand rows). Rows given
    as lists get records of their own, whose tracking runs the collector; rows given as
    tuples are the records (``BulkInsert._records``): nothing new per row, and the
    collector runs no more than a few times."""
    import gc
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT)")
    conn.execute("CREATE INDEX tb ON t(b)")
    rows = [shape((i, i % 97, f"v{i}")) for i in range(1, 30001)]
    seen = []

    def count(phase, info):
        if phase == "start":
            seen.append(sum(type(o).__name__ == "tuple_iterator" for o in gc.get_objects(0)))
    gc.collect()
    gc.callbacks.append(count)
    try:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        gc.callbacks.remove(count)
    assert (len(seen) > 30 if shape is list else len(seen) < 5) and max(seen, default=0) < 100
    assert conn.execute("SELECT count(*), sum(b) FROM t").fetchall() == \
        [(30000, sum(i % 97 for i in range(1, 30001)))]


def test_a_listed_executemany_grows_its_chunks_past_the_cap_of_an_iterator(monkeypatch):
    """sql/dbapi/batching.py: parameter sets given as a list (or tuple) go in chunks that keep
    growing (each three times all written before, up to ``BULK_CHUNK_MAX_LISTED``), so a
    large load merges a few chunks into its indexes; an iterator's chunks stop at
    ``BULK_CHUNK_MAX`` (a chunk holds its parameter sets in memory)."""
    from rowandb.sql.dbapi import batching
    sizes: list = []
    original = bulk_module.BulkInsert.run

    def run(self, txn, rows):
        sizes.append(len(rows))
        return original(self, txn, rows)
    monkeypatch.setattr(bulk_module.BulkInsert, "run", run)
    n = 3 * batching.BULK_CHUNK_MAX
    rows = [(i, i % 7) for i in range(n)]
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, b INTEGER)")
    conn.execute("CREATE INDEX tb ON t(b)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
    listed, sizes[:] = sizes[:], []
    conn.executemany("INSERT INTO t VALUES (?, ?)", ((i + n, b) for i, b in rows))
    conn.execute("COMMIT")
    assert listed == [512, 1536, 6144, 24576, 98304, n - 131072]
    assert sizes == [512, 1536, 6144, 24576] + [65536] * 2 + [n - 163840]
    assert conn.execute("SELECT count(*), sum(b) FROM t").fetchall() == \
        [(2 * n, 2 * sum(b for _, b in rows))]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert list(batching.chunks(tuple(range(10)), 2, 100)) == [[0, 1], [2, 3, 4, 5, 6, 7],
                                                                [8, 9]]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2 ** 32), size=st.sampled_from([BULK_CHUNK, 3 * BULK_CHUNK + 7]),
       given_ids=st.booleans(), odd=st.sampled_from([None, 2.5, 2 ** 31, -2 ** 31 - 1, "7"]))
def test_a_packed_index_takes_a_chunks_key_column_as_the_rows_would_write_it(
        seed, size, given_ids, odd):
    """A chunk's entries in an index of one INTEGER column go to the store straight from the
    column (``rows._column_taken``, ``IndexEntries.add_column``: codes, no entry tuple). The
    index then holds exactly the entries the same statements run one by one write, and
    every query answers as SQLite (apsw) does; a key that does not pack (a REAL, a value
    past 2**31, text) sends its chunk's entries the general way, and the index turns
    general as it does row by row."""
    from rowandb.storage.packedentries import IndexEntries
    taken: list = []
    original = IndexEntries.add_column

    def add_column(self, part, values, rowids):
        batch = original(self, part, values, rowids)
        taken.append(batch is not None)
        return batch
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IndexEntries, "add_column", add_column)
        _check_packed_bulk(random.Random(seed), size, given_ids, odd, taken)


def _check_packed_bulk(rng: random.Random, size: int, given_ids: bool, odd, taken: list):
    ids = rng.sample(range(-10 ** 6, 10 ** 6), size) if given_ids else [None] * size
    rows = [(i, rng.randrange(-40, 40), f"v{n}") for n, i in enumerate(ids)]
    if odd is not None:
        at = rng.randrange(BULK_CHUNK, size) if size > BULK_CHUNK else 0
        rows[at] = (rows[at][0], odd, "odd")
    ddl = ["CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT)",
           "CREATE INDEX tk ON t(k)"]
    queries = ["SELECT k, id, s FROM t ORDER BY k, id", "SELECT id FROM t WHERE k = 3",
               "SELECT count(*) FROM t WHERE k BETWEEN -5 AND 5", "PRAGMA integrity_check"]
    bulk, by_row = rowandb.connect(":memory:"), rowandb.connect(":memory:")
    expected = apsw.Connection(":memory:")
    for statement in ddl:
        for conn in (bulk, by_row, expected):
            conn.execute(statement)
    bulk.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    for row in rows:
        by_row.execute("INSERT INTO t VALUES (?, ?, ?)", row)
        expected.execute("INSERT INTO t VALUES (?, ?, ?)", row)
    bad = int(odd is not None and odd != "7")        # '7' takes INTEGER affinity: packs
    assert taken == [True] * (len(taken) - bad) + [False] * bad
    assert len(taken) == (1 if size == BULK_CHUNK else 2)
    for query in queries:
        assert bulk.execute(query).fetchall() == [tuple(r) for r in expected.execute(query)]

    def entries(conn):
        store = conn._session.db.store
        index = next(f for f in store.files.values() if getattr(f, "name", None) == "tk")
        return list(index.entries)
    assert entries(bulk) == entries(by_row)
    bulk.commit()
    assert bulk.execute(queries[0]).fetchall() == by_row.execute(queries[0]).fetchall()
