"""Catalog layer: the SYS_* dictionary tables, the cache built from them, the schema version.

DDL writes ordinary rows of SYS_TABLES / SYS_COLUMNS / SYS_INDEXES / SYS_FIELDS (and
SYS_FOREIGN / SYS_FOREIGN_COLS) in the DDL's own transaction, so rolling that transaction
back leaves no row, no file and — once the session has invalidated the cache — no cached
table. Every schema change bumps the version that invalidates cached plans.
"""

from __future__ import annotations

import pytest

from rowandb.catalog.dictionary import RESERVED_FILE_IDS, Dictionary
from rowandb.catalog.schema import Column, Index, IndexColumn, Table
from rowandb.errors import IntegrityError
from rowandb.planner.types import values as V
from rowandb.sql.session import open_session
from rowandb.storage.memory import MemoryStore

SYS_FILES = {"SYS_TABLES": 1, "SYS_COLUMNS": 2, "SYS_INDEXES": 3, "SYS_FIELDS": 4,
             "SYS_FOREIGN": 5, "SYS_FOREIGN_COLS": 6, "SYS_HEADER": 15, "SYS_VIEWS": 16,
             "SYS_TRIGGERS": 18}


@pytest.fixture
def dictionary():
    store = MemoryStore(32, RESERVED_FILE_IDS)
    return Dictionary(store, V.sort_key, V.affinity_of_type)


def draft_table(name="t", with_index=True) -> Table:
    columns = (Column("id", "INTEGER", "INTEGER", pk=1), Column("a", "TEXT", "TEXT", notnull=True),
               Column("b", "", "BLOB", default_sql="7"))
    table = Table(id=0, name=name, file_id=0, columns=columns,
                  sql=f"CREATE TABLE {name}(id INTEGER PRIMARY KEY, a TEXT NOT NULL, b DEFAULT 7)")
    if with_index:
        table.indexes.append(Index(id=0, name=f"{name}_a", table=name, file_id=0, unique=True,
                                   columns=(IndexColumn(1, "NOCASE"),), origin="c",
                                   sql=f"CREATE UNIQUE INDEX {name}_a ON {name}(a COLLATE NOCASE)"))
    return table


def sys_rows(dictionary, name):
    return [record for _, record in dictionary.store.table(SYS_FILES[name]).scan()]


def sys_index_sizes(dictionary):
    return {ix.name: len(dictionary.store.index(ix.file_id))
            for name in SYS_FILES for ix in dictionary.system[name.lower()].indexes}


# -- the dictionary on its own ------------------------------------------------------------

def test_system_tables_live_at_reserved_file_ids(dictionary):
    for name, file_id in SYS_FILES.items():
        table = dictionary.table(name)
        assert table.file_id == file_id and table.system
    ids = {ix.file_id for name in SYS_FILES for ix in dictionary.table(name).indexes}
    assert ids | set(SYS_FILES.values()) == set(RESERVED_FILE_IDS) - set(range(21, 32))
    # 21-31 are kept for dictionary tables to come
    assert RESERVED_FILE_IDS == tuple(range(1, 32))


def test_create_table_writes_dictionary_rows_in_the_callers_transaction(dictionary):
    txn = dictionary.store.begin()
    table = dictionary.create_table(txn, draft_table())
    assert sys_rows(dictionary, "SYS_TABLES") == [(table.id, "t", table.file_id, 3, table.sql, 0, 0, 0)]
    assert sys_rows(dictionary, "SYS_COLUMNS") == [
        (table.id, 0, "id", "INTEGER", 0, None, 1, "BINARY", 0, None, None, None),
        (table.id, 1, "a", "TEXT", 1, None, 0, "BINARY", 0, None, None, None),
        (table.id, 2, "b", "", 0, "7", 0, "BINARY", 0, None, None, None)]
    index = table.index_named("t_a")
    assert sys_rows(dictionary, "SYS_INDEXES") == [
        (index.id, table.id, "t_a", index.file_id, 1, "c", index.sql, None, None)]
    assert sys_rows(dictionary, "SYS_FIELDS") == [(index.id, 0, 1, "NOCASE", 0)]
    assert table.file_id not in RESERVED_FILE_IDS and index.file_id not in RESERVED_FILE_IDS
    assert len(txn.undo) > 0, "the rows were not written through the transaction"


def test_created_table_is_built_back_from_its_rows(dictionary):
    txn = dictionary.store.begin()
    dictionary.create_table(txn, draft_table())
    txn.commit()
    dictionary.invalidate()
    loaded = dictionary.table("T")
    assert loaded.name == "t"
    assert [(c.name, c.declared_type, c.affinity, c.notnull, c.default_sql, c.pk)
            for c in loaded.columns] == [("id", "INTEGER", "INTEGER", False, None, 1),
                                         ("a", "TEXT", "TEXT", True, None, 0),
                                         ("b", "", "BLOB", False, "7", 0)]
    assert loaded.rowid_alias == 0
    index = loaded.index_named("T_A")
    assert index.unique and index.columns == (IndexColumn(1, "NOCASE"),)


def test_generated_columns_round_trip_and_old_column_rows_read_as_ordinary(dictionary):
    """SYS_COLUMNS gained generated and generated_sql; a row written before them (eight
    values, a database made by an older RowanDB) reads as an ordinary column."""
    draft = draft_table(with_index=False)
    draft.columns += (Column("g", "INT", "INTEGER", generated=3, generated_sql="a || 1"),)
    txn = dictionary.store.begin()
    table = dictionary.create_table(txn, draft)
    txn.commit()
    assert sys_rows(dictionary, "SYS_COLUMNS")[-1] == (table.id, 3, "g", "INT", 0, None, 0,
                                                       "BINARY", 3, "a || 1", None, None)
    file = dictionary.store.table(SYS_FILES["SYS_COLUMNS"])
    old = next(rowid for rowid, r in file.scan() if r[2] == "b")
    txn = dictionary.store.begin()
    txn.update_row(SYS_FILES["SYS_COLUMNS"], old, file.get(old)[:8])
    txn.commit()
    assert len(file.rows[old]) == 8, "the record was not written short"
    dictionary.invalidate()
    loaded = dictionary.table("t")
    assert [(c.name, c.generated, c.generated_sql) for c in loaded.columns] == [
        ("id", 0, None), ("a", 0, None), ("b", 0, None), ("g", 3, "a || 1")]
    assert file.get(old)[8:] == (0, None, None, None)     # no ON CONFLICT clauses either


def test_rolled_back_create_table_leaves_no_rows_files_or_index_entries(dictionary):
    before_sizes = sys_index_sizes(dictionary)
    files_before = set(dictionary.store.files)
    txn = dictionary.store.begin()
    dictionary.create_table(txn, draft_table())
    txn.rollback()
    dictionary.invalidate()
    for name in SYS_FILES:
        assert sys_rows(dictionary, name) == [], name
    assert sys_index_sizes(dictionary) == before_sizes
    assert set(dictionary.store.files) == files_before
    assert dictionary.table("t") is None
    assert dictionary.cached_count() == 0


def test_every_ddl_bumps_the_schema_version(dictionary):
    versions = [dictionary.version]
    txn = dictionary.store.begin()
    table = dictionary.create_table(txn, draft_table(with_index=False))
    versions.append(dictionary.version)
    extra = Index(id=0, name="t_b", table="t", file_id=0, unique=False,
                  columns=(IndexColumn(2, "BINARY"),), origin="c", sql="CREATE INDEX t_b ON t(b)")
    table = dictionary.create_index(txn, table, extra)
    versions.append(dictionary.version)
    table = dictionary.drop_index(txn, table, table.index_named("t_b"))
    versions.append(dictionary.version)
    dictionary.drop_table(txn, table)
    versions.append(dictionary.version)
    dictionary.invalidate()
    versions.append(dictionary.version)
    assert versions == sorted(set(versions)), versions


def test_drop_table_removes_its_rows_and_files(dictionary):
    txn = dictionary.store.begin()
    kept = dictionary.create_table(txn, draft_table("kept"))
    gone = dictionary.create_table(txn, draft_table("gone"))
    txn.commit()
    txn = dictionary.store.begin()
    dictionary.drop_table(txn, gone)
    txn.commit()
    assert [r[1] for r in sys_rows(dictionary, "SYS_TABLES")] == ["kept"]
    assert {r[0] for r in sys_rows(dictionary, "SYS_COLUMNS")} == {kept.id}
    assert [r[2] for r in sys_rows(dictionary, "SYS_INDEXES")] == ["kept_a"]
    assert gone.file_id not in dictionary.store.files
    assert gone.indexes[0].file_id not in dictionary.store.files
    assert not dictionary.store.allocator.in_use(gone.file_id)
    assert dictionary.table("gone") is None
    assert dictionary.index_owner("gone_a") is None


def test_lookups_are_case_insensitive(dictionary):
    txn = dictionary.store.begin()
    dictionary.create_table(txn, draft_table("MixedCase"))
    assert dictionary.table("mixedcase").name == "MixedCase"
    assert dictionary.index_owner("MIXEDCASE_A").name == "MixedCase"
    assert dictionary.table_names() == ["MixedCase"]


def test_tables_load_once_and_stay_cached(dictionary):
    txn = dictionary.store.begin()
    dictionary.create_table(txn, draft_table())
    txn.commit()
    dictionary.invalidate()
    loads = dictionary.stats.loads
    first = dictionary.table("t")
    assert dictionary.table("t") is first
    assert dictionary.stats.loads == loads + 1
    assert dictionary.table("missing") is None


def test_schema_rows_list_tables_then_their_indexes(dictionary):
    txn = dictionary.store.begin()
    table = dictionary.create_table(txn, draft_table())
    auto = Index(id=0, name="sqlite_autoindex_t_1", table="t", file_id=0, unique=True,
                 columns=(IndexColumn(2, "BINARY"),), origin="u")
    table = dictionary.create_index(txn, table, auto)
    rows = dictionary.schema_rows()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("table", "t", "t"), ("index", "t_a", "t"), ("index", "sqlite_autoindex_t_1", "t")]
    assert rows[2][4] is None, "an automatic index has no SQL in sqlite_schema"


# -- through a session: the transaction the DDL ran in decides ------------------------------

def test_rollback_of_create_table_leaves_no_table_and_no_cached_definition():
    s = open_session(":memory:")
    s.execute("BEGIN")
    s.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)")
    s.execute("INSERT INTO t VALUES (1, 'x')")
    assert s.execute("SELECT count(*) FROM SYS_COLUMNS").rows == [(2,)]
    s.execute("ROLLBACK")
    for name in SYS_FILES:
        assert s.execute(f"SELECT count(*) FROM {name}").rows == [(0,)], name
    assert s.db.dictionary.table("t") is None
    assert s.db.dictionary.cached_count() == 0
    assert s.execute("SELECT count(*) FROM sqlite_schema").rows == [(0,)]


def test_failed_ddl_statement_leaves_the_dictionary_as_it_was():
    s = open_session(":memory:")
    s.execute("CREATE TABLE t(a, b)")
    s.execute("INSERT INTO t VALUES (1, 1), (1, 2)")
    before = {name: s.execute(f"SELECT * FROM {name}").rows for name in SYS_FILES}
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed: t.a"):
        s.execute("CREATE UNIQUE INDEX t_a ON t(a)")
    after = {name: s.execute(f"SELECT * FROM {name}").rows for name in SYS_FILES}
    assert after == before
    assert s.db.dictionary.table("t").indexes == []
    s.execute("CREATE INDEX t_a ON t(a)")
    assert [ix.name for ix in s.db.dictionary.table("t").indexes] == ["t_a"]


def test_schema_version_pragma_counts_schema_changes():
    s = open_session(":memory:")

    def version():
        return s.execute("PRAGMA schema_version").rows[0][0]

    start = version()
    s.execute("CREATE TABLE t(a)")
    s.execute("INSERT INTO t VALUES (1)")
    after_create = version()
    s.execute("SELECT * FROM t")
    assert version() == after_create > start
    s.execute("CREATE INDEX t_a ON t(a)")
    s.execute("DROP INDEX t_a")
    s.execute("DROP TABLE t")
    assert version() >= after_create + 3


def test_foreign_keys_are_written_to_the_dictionary():
    s = open_session(":memory:")
    s.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)")
    s.execute("CREATE TABLE c(x REFERENCES p(id) ON DELETE CASCADE, y, "
              "FOREIGN KEY (y) REFERENCES p)")
    foreign = s.execute("SELECT for_name, ref_name, n_cols, on_delete, on_update "
                        "FROM SYS_FOREIGN ORDER BY seq").rows
    assert foreign == [("c", "p", 1, "CASCADE", "NO ACTION"),
                       ("c", "p", 1, "NO ACTION", "NO ACTION")]
    cols = s.execute("SELECT for_col_name, ref_col_name FROM SYS_FOREIGN_COLS ORDER BY id").rows
    assert cols == [("x", "id"), ("y", None)]
    assert {fk.child for fk in s.db.dictionary.referencing("P")} == {"c"}
    s.execute("DROP TABLE c")
    assert s.execute("SELECT count(*) FROM SYS_FOREIGN").rows == [(0,)]
    assert s.execute("SELECT count(*) FROM SYS_FOREIGN_COLS").rows == [(0,)]
