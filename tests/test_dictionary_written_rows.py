"""CREATE TABLE and CREATE INDEX build the new definition from the dictionary rows they
just wrote (``Dictionary._changed`` with ``rows``; rowandb/catalog/written_rows.py), not
by reading the table's SYS rows back: these tests hold that build equal to the one read
back from storage -- with the check of every build on, and by forgetting the cache and
loading every table again -- over DDL of every shape a definition has, in main and in
temp, and check that a CREATE INDEX reads none of the table's SYS_COLUMNS rows.
"""

from __future__ import annotations

import dataclasses

import pytest

from rowandb.catalog import written_rows
from rowandb.catalog.dictionary import Dictionary
from rowandb.sql.session import open_session

SCRIPTS = {
    "plain": ["CREATE TABLE t(pk INTEGER PRIMARY KEY, a INTEGER, b FLOAT, c TEXT)",
              "CREATE INDEX t_a ON t(a)", "CREATE UNIQUE INDEX t_bc ON t(b DESC, c)",
              "INSERT INTO t VALUES(1, 2, 3.5, 'x')", "CREATE INDEX t_c ON t(c COLLATE nocase)"],
    "constraints": ["CREATE TABLE p(a TEXT PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE, "
                    "c NOT NULL ON CONFLICT IGNORE DEFAULT 7, d CHECK (d > 0), "
                    "UNIQUE (b, c) ON CONFLICT FAIL)",
                    "CREATE INDEX p_d ON p(d)"],
    "keys": ["CREATE TABLE p(a INTEGER PRIMARY KEY AUTOINCREMENT, b UNIQUE)",
             "CREATE TABLE c(x REFERENCES p ON DELETE CASCADE, y, z, "
             "FOREIGN KEY (y, z) REFERENCES q(m, n) DEFERRABLE INITIALLY DEFERRED)",
             "CREATE INDEX c_x ON c(x)", "CREATE TABLE q(m, n, UNIQUE (m, n))",
             "CREATE TABLE s(v REFERENCES s(w), w UNIQUE)", "CREATE INDEX s_v ON s(v)"],
    "without rowid": ["CREATE TABLE w(a, b, c, PRIMARY KEY (b DESC, a)) WITHOUT ROWID",
                      "CREATE INDEX w_c ON w(c)", "CREATE UNIQUE INDEX w_ca ON w(c, a)"],
    "forms": ["CREATE TABLE e(a, b, g AS (a + b), h INT AS (a * 2) STORED)",
              "CREATE INDEX e_part ON e(a) WHERE b > 0", "CREATE INDEX e_expr ON e(a + b, g)",
              "CREATE INDEX e_h ON e(h DESC)"],
    "strict and types": ["CREATE TABLE s(a INT, b ANY, c TEXT COLLATE rtrim) STRICT",
                         "CREATE INDEX s_b ON s(b, c)",
                         "CREATE TABLE u(a INTEGER PRIMARY KEY DESC)",
                         "CREATE TABLE v(\"odd name\" varchar(3), [x y])",
                         "CREATE INDEX v_i ON v(\"odd name\")"],
    "temp": ["CREATE TEMP TABLE t(a INTEGER PRIMARY KEY, b UNIQUE)",
             "CREATE INDEX temp.t_b ON t(b)",
             "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
             "CREATE INDEX temp.t_ab ON t(a, b)"],
    "after alter": ["CREATE TABLE t(a, b)", "ALTER TABLE t ADD c DEFAULT 3",
                    "CREATE INDEX t_c ON t(c)", "ALTER TABLE t RENAME TO t2",
                    "CREATE INDEX t2_b ON t2(b)", "ALTER TABLE t2 DROP COLUMN a",
                    "CREATE UNIQUE INDEX t2_bc ON t2(b, c)"],
    "rolled back": ["CREATE TABLE t(a)", "BEGIN", "CREATE INDEX t_a ON t(a)",
                    "CREATE TABLE u(b)", "ROLLBACK", "CREATE INDEX t_a2 ON t(a)",
                    "SAVEPOINT s", "CREATE INDEX t_a3 ON t(a)", "ROLLBACK TO s",
                    "CREATE UNIQUE INDEX t_a4 ON t(a)", "RELEASE s"],
    "analyzed": ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES(1, 2), (1, 3)",
                 "CREATE INDEX t_a ON t(a)", "ANALYZE", "CREATE INDEX t_b ON t(b)",
                 "DROP INDEX t_a", "CREATE INDEX t_a ON t(a, b)"],
}


def _definitions(dictionary) -> dict:
    """Every cached table's definition as its users see it."""
    out = {}
    for name in dictionary.table_names():
        table = dictionary.table(name)
        out[name] = (repr(dataclasses.replace(table, triggers=None)),
                     [ix.suffix for ix in table.indexes],
                     [type(ix.form).__name__ for ix in table.indexes],
                     sorted(table.fk_out), sorted(table.fk_in),
                     [fk.id for fk in table.foreign_keys], sorted(table.stats),
                     sorted((k, t.name) for k, t in (table.triggers._tree or {}).items()))
    return out


@pytest.mark.parametrize("name", SCRIPTS)
def test_built_from_written_rows_as_from_stored_rows(name, monkeypatch):
    monkeypatch.setattr(written_rows, "CHECK_WRITTEN_ROWS", True)
    s = open_session(":memory:")
    for sql in SCRIPTS[name]:
        s.execute(sql)
    for dictionary in filter(None, (s.db.dictionary, s.temp.tables)):
        built = _definitions(dictionary)
        dictionary.invalidate()
        assert _definitions(dictionary) == built


def test_the_check_finds_rows_written_otherwise_than_stored(monkeypatch):
    """The check is not vacuous: a build from rows other than the stored ones fails it."""
    monkeypatch.setattr(written_rows, "CHECK_WRITTEN_ROWS", True)
    s = open_session(":memory:")
    s.execute("CREATE TABLE t(a, b)")
    dictionary = s.db.dictionary
    rows = dictionary.table("t").definition
    wrong = rows[:1] + ((rows[1][0][:2] + ("z",) + rows[1][0][3:],) + rows[1][1:],) + rows[2:]
    with pytest.raises(AssertionError, match="differ from those read back"):
        dictionary._changed("t", wrong)


def test_create_index_and_table_read_no_column_rows(monkeypatch):
    """CREATE INDEX and CREATE TABLE read none of the table's SYS_COLUMNS, SYS_INDEXES
    or SYS_FIELDS rows back (by the table's or index's id); a DROP INDEX (any other DDL)
    reads them."""
    s = open_session(":memory:")
    s.execute("CREATE TABLE t0(a)")
    read = []
    inner = Dictionary._rows_by

    def counted(self, sys_name, key, index_pos=0):
        if index_pos == 0:          # (SYS_INDEXES by name: an index name's owner)
            read.append(sys_name)
        return inner(self, sys_name, key, index_pos)

    monkeypatch.setattr(Dictionary, "_rows_by", counted)
    s.execute("CREATE TABLE t(pk INTEGER PRIMARY KEY, a, b UNIQUE)")
    s.execute("CREATE INDEX t_a ON t(a)")
    s.execute("CREATE UNIQUE INDEX t_ab ON t(a, b DESC)")
    assert not {"SYS_COLUMNS", "SYS_INDEXES", "SYS_FIELDS"} & set(read)
    s.execute("DROP INDEX t_a")
    assert {"SYS_COLUMNS", "SYS_INDEXES", "SYS_FIELDS"} <= set(read)
    assert [ix.name for ix in s.db.dictionary.table("t").indexes] == \
        ["sqlite_autoindex_t_1", "t_ab"]


def test_tables_share_the_columns_they_declare_alike():
    """A column written alike in two tables is one ``Column`` object (built once); one
    that differs in anything -- a STRICT table's ANY, which has no affinity, a collation,
    a NOT NULL -- is its own, with what it declares."""
    s = open_session(":memory:")
    s.execute("CREATE TABLE t(a INTEGER, b ANY, c TEXT COLLATE nocase, d NOT NULL)")
    s.execute("CREATE TABLE u(a INTEGER, b ANY, c TEXT COLLATE nocase, d)")
    s.execute("CREATE TABLE v(a INTEGER, b ANY, c TEXT COLLATE rtrim, d INT) STRICT")
    t, u, v = (s.db.dictionary.table(name).columns for name in "tuv")
    assert t[0] is u[0] and t[1] is u[1] and t[2] is u[2]
    assert (t[3].notnull, u[3].notnull) == (True, False)
    assert (u[1].affinity, v[1].affinity) == ("NUMERIC", "BLOB")
    assert (u[2].collation, v[2].collation) == ("NOCASE", "RTRIM")
    s.execute("INSERT INTO v VALUES(1, '1', 'x ', 2)")
    assert s.execute("SELECT typeof(b), c = 'x' FROM v").rows == [("text", 1)]


@pytest.mark.parametrize("name", ["plain", "keys", "without rowid", "forms", "after alter"])
def test_a_directory_database_built_alike_and_reopened(name, tmp_path, monkeypatch):
    """On a durable database too (its rows written through the redo log): the built tables
    are those read back, and those the database has once closed and opened again."""
    monkeypatch.setattr(written_rows, "CHECK_WRITTEN_ROWS", True)
    path = str(tmp_path / "db.rowan")
    s = open_session(path)
    for sql in SCRIPTS[name]:
        s.execute(sql)
    built = _definitions(s.db.dictionary)
    s.close()
    again = open_session(path)
    assert _definitions(again.db.dictionary) == built
    again.close()
