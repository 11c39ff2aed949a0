"""``rowandb export DATABASE SQLITE_FILE`` (rowandb/shell/exporter.py): a RowanDB database
written out as an SQLite file through the stdlib ``sqlite3`` -- and, when that fails, the
target left as it was. test_sqlite_roundtrip.py checks that the copy is exact."""

import sqlite3 as std

import pytest

import rowandb
from rowandb.cli import main


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "app.rowan"
    con = rowandb.connect(str(path))
    con.executescript("""
        CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, x);
        INSERT INTO t(x) VALUES (1), ('two'), (3.0), (x'04');
        PRAGMA user_version = 5;""")
    con.commit()
    con.close()
    return path


def _leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_export_writes_an_sqlite_file(database, tmp_path, capsys):
    target = tmp_path / "out.sqlite"
    assert main(["export", str(database), str(target)]) == 0
    assert capsys.readouterr().out == f"exported 4 rows from {database} into {target}\n"
    con = std.connect(target)
    assert con.execute("SELECT id, x, typeof(x) FROM t").fetchall() == [
        (1, 1, "integer"), (2, "two", "text"), (3, 3.0, "real"), (4, b"\x04", "blob")]
    assert con.execute("PRAGMA user_version").fetchall() == [(5,)]
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert not _leftovers(tmp_path)


def test_an_existing_file_is_not_overwritten(database, tmp_path, capsys):
    target = tmp_path / "out.sqlite"
    target.write_bytes(b"precious")
    assert main(["export", str(database), str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"precious"


class FullDisk(std.Connection):
    """An SQLite connection whose disk fills up at the second batch of rows."""

    batches = 0

    def executemany(self, sql, rows):
        FullDisk.batches += 1
        if FullDisk.batches == 2:
            raise std.OperationalError("database or disk is full")
        return super().executemany(sql, rows)


def test_a_failure_midway_names_the_table_and_leaves_no_file(database, tmp_path, capsys,
                                                              monkeypatch):
    connect, FullDisk.batches = std.connect, 0
    monkeypatch.setattr(std, "connect", lambda *a, **k: connect(*a, factory=FullDisk, **k))
    monkeypatch.setattr("rowandb.shell.sqlitecopy.BATCH", 2)
    target = tmp_path / "out.sqlite"
    assert main(["export", str(database), str(target)]) == 1
    assert capsys.readouterr().err == 'Error: table "t": database or disk is full\n'
    assert not target.exists() and not _leftovers(tmp_path)
    target.write_bytes(b"")                           # an empty file may be the target...
    FullDisk.batches = 0
    assert main(["export", str(database), str(target)]) == 1
    assert target.read_bytes() == b""                 # ...and stays so when export fails


@pytest.mark.parametrize("make", ["missing", "file"])
def test_a_source_that_is_not_a_rowandb_database_is_refused(tmp_path, capsys, make):
    source = tmp_path / "src"
    if make == "file":
        source.write_bytes(b"SQLite format 3\x00")
    assert main(["export", str(source), str(tmp_path / "out.sqlite")]) == 1
    err = capsys.readouterr().err
    assert ("rowandb import" in err) if make == "file" else ("no such RowanDB database" in err)
    assert not source.exists() or source.is_file()
    assert not (tmp_path / "out.sqlite").exists()


@pytest.mark.parametrize("args", [[], ["only-one"], ["a", "b", "c"]])
def test_export_with_wrong_arguments_prints_its_usage(args, capsys):
    assert main(["export", *args]) == 1
    assert "Usage: rowandb export" in capsys.readouterr().err


def test_the_benchmark_copies_the_same_rows_three_ways(tmp_path, capsys):
    from bench import sqlitefile

    assert sqlitefile.main(["--megabytes", "1", "--dir", str(tmp_path)]) == 0
    assert "dump | load (stdlib)" in capsys.readouterr().out
