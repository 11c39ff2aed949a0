"""``rowandb import SQLITE_FILE DATABASE`` (rowandb/shell/importer.py): an SQLite file that
``connect`` refuses, copied into a RowanDB database with its schema and rows."""

import sqlite3 as std

import pytest

import rowandb
from rowandb.cli import main

SCHEMA = """
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id),
                   data BLOB, score REAL);
CREATE INDEX child_parent ON child(parent_id);
CREATE VIEW named AS SELECT child.id, parent.name FROM child JOIN parent ON parent.id = parent_id;
CREATE TRIGGER stamp AFTER INSERT ON child BEGIN UPDATE child SET score = 0 WHERE id = NEW.id AND score IS NULL; END;
INSERT INTO parent(name) VALUES ('ash'), ('rowan'), ('it''s');
INSERT INTO child VALUES (1, 1, x'00ff', 1.5), (2, 3, NULL, NULL), (3, 2, 'text', -2e300);
"""
QUERIES = ["SELECT * FROM parent ORDER BY id", "SELECT * FROM child ORDER BY id",
           "SELECT * FROM named ORDER BY id", "SELECT typeof(data), typeof(score) FROM child",
           "SELECT name, type FROM sqlite_master ORDER BY name",
           "SELECT * FROM sqlite_sequence"]


@pytest.fixture
def sqlite_file(tmp_path):
    path = tmp_path / "app.sqlite"
    con = std.connect(path)
    con.executescript(SCHEMA)
    con.close()
    return path


def test_connect_refuses_an_sqlite_file_and_names_rowandb_import(sqlite_file):
    with pytest.raises(rowandb.DatabaseError, match="file is not a database.*rowandb import"):
        rowandb.connect(str(sqlite_file))


def test_import_copies_schema_and_rows(sqlite_file, tmp_path, capsys):
    target = tmp_path / "app.rowan"
    assert main(["import", str(sqlite_file), str(target)]) == 0
    assert "imported" in capsys.readouterr().out
    theirs, mine = std.connect(sqlite_file), rowandb.connect(str(target))
    for sql in QUERIES:
        assert mine.execute(sql).fetchall() == theirs.execute(sql).fetchall(), sql
    mine.execute("INSERT INTO child(id, parent_id) VALUES (4, 1)")     # the trigger came too
    assert mine.execute("SELECT score FROM child WHERE id = 4").fetchall() == [(0,)]


def test_import_refuses_a_database_that_holds_tables(sqlite_file, tmp_path, capsys):
    target = tmp_path / "app.rowan"
    con = rowandb.connect(str(target))
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    assert main(["import", str(sqlite_file), str(target)]) == 1
    assert "already holds tables" in capsys.readouterr().err
    assert rowandb.connect(str(target)).execute(
        "SELECT name FROM sqlite_master").fetchall() == [("t",)]


@pytest.mark.parametrize("args", [[], ["only-one"], ["a", "b", "c"]])
def test_import_with_wrong_arguments_prints_its_usage(args, capsys):
    assert main(["import", *args]) == 1
    assert "Usage: rowandb import" in capsys.readouterr().err


def test_import_of_a_missing_file_is_an_error(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.sqlite"), str(tmp_path / "db")]) == 1
    assert "no such SQLite file" in capsys.readouterr().err
