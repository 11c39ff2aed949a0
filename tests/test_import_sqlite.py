"""``rowandb import SQLITE_FILE DATABASE`` (rowandb/shell/importer.py): an SQLite file that
``connect`` refuses, copied into a RowanDB database with its schema and rows -- or, for a
damaged file or a feature RowanDB lacks, an error naming it and nothing written.
test_sqlite_roundtrip.py checks that the copy is exact."""

import io
import sqlite3 as std

import pytest

import rowandb
from rowandb.cli import main
from rowandb.shell.importer import run_import

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


def _leftovers(directory):
    """Files the import or export left beside its target (temporary copies)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def _one_table_file(path, *statements):
    con = std.connect(path, isolation_level=None)
    con.executescript("CREATE TABLE t(x); INSERT INTO t VALUES (1), ('two'), (3.0);")
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


def test_a_virtual_table_stops_the_import_before_anything_is_written(tmp_path, capsys):
    source = _one_table_file(tmp_path / "v.sqlite",
                             "CREATE VIRTUAL TABLE docs USING fts4(body)")
    assert main(["import", str(source), str(tmp_path / "app.rowan")]) == 1
    assert 'table "docs": virtual tables are not supported' in capsys.readouterr().err
    assert not (tmp_path / "app.rowan").exists() and not _leftovers(tmp_path)


def test_text_that_is_not_utf8_fails_naming_its_table_and_leaves_the_target_as_it_was(
        tmp_path, capsys):
    source = _one_table_file(tmp_path / "bad.sqlite", "CREATE TABLE later(y)",
                             "INSERT INTO later VALUES (CAST(x'ff00' AS TEXT))")
    existing = tmp_path / "existing.rowan"
    rowandb.connect(str(existing)).close()
    for target in (existing, tmp_path / "new.rowan"):
        assert main(["import", str(source), str(target)]) == 1
        assert 'table "later": Could not decode to UTF-8' in capsys.readouterr().err
    con = rowandb.connect(str(existing))
    assert con.execute("SELECT count(*) FROM sqlite_schema").fetchall() == [(0,)]
    con.close()
    assert not (tmp_path / "new.rowan").exists() and not _leftovers(tmp_path)


def _damage(path):
    """Overwrite the middle of the file's second page (a table's b-tree page)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page + 8:page + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_an_error_naming_it_and_nothing_is_written(tmp_path, capsys):
    source = tmp_path / "hurt.sqlite"
    _one_table_file(source)
    _damage(source)
    assert main(["import", str(source), str(tmp_path / "app.rowan")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {source}: ") and "quick_check" in err, err
    assert not (tmp_path / "app.rowan").exists() and not _leftovers(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path, capsys):
    source = tmp_path / "notes.txt"
    source.write_text("hello, not a database\n" * 100)
    assert main(["import", str(source), str(tmp_path / "app.rowan")]) == 1
    assert f"{source}: file is not a database" in capsys.readouterr().err
    assert not (tmp_path / "app.rowan").exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_only(sqlite_file, tmp_path):
    shown, hidden = Terminal(), io.StringIO()
    assert run_import([str(sqlite_file), str(tmp_path / "a.rowan")], io.StringIO(), shown) == 0
    assert run_import([str(sqlite_file), str(tmp_path / "b.rowan")], io.StringIO(), hidden) == 0
    assert "importing child: 6 of 6 rows (100%)" in shown.getvalue()
    assert hidden.getvalue() == ""


def test_the_shell_imports_an_sqlite_file_into_the_open_database(sqlite_file, capsys):
    assert main(["-list", ":memory:", f".import --sqlite '{sqlite_file}'",
                 "SELECT name FROM parent ORDER BY id", "PRAGMA foreign_keys"]) == 0
    assert capsys.readouterr().out.splitlines() == [   # foreign keys back on after the copy
        "name", "ash", "rowan", "it's", "foreign_keys", "1"]


def test_the_shell_refuses_to_import_into_a_database_that_holds_tables(sqlite_file, capsys):
    assert main([":memory:", "CREATE TABLE mine(x)", f".import --sqlite '{sqlite_file}'",
                 ".tables"]) == 1
    out, err = capsys.readouterr()
    assert "already holds tables" in err and out == "mine\n"


def test_open_of_an_sqlite_file_names_the_way_in(sqlite_file, capsys):
    assert main([":memory:", f".open '{sqlite_file}'"]) == 1
    assert f".import --sqlite {sqlite_file} into an empty database" in capsys.readouterr().err


def test_rows_that_break_a_foreign_key_are_copied_with_a_warning(tmp_path, capsys):
    source = _one_table_file(tmp_path / "orphans.sqlite",
                             "CREATE TABLE p(id INTEGER PRIMARY KEY)",
                             "CREATE TABLE c(p_id REFERENCES p)",
                             "INSERT INTO c VALUES (1), (2), (NULL)")   # foreign keys off
    target = tmp_path / "app.rowan"
    assert main(["import", str(source), str(target)]) == 0
    assert capsys.readouterr().err == ("warning: 2 rows break a foreign key, as they did in the"
                                       " source: c (2); PRAGMA foreign_key_check lists them\n")
    con = rowandb.connect(str(target))
    assert con.execute("SELECT p_id FROM c ORDER BY rowid").fetchall() == [(1,), (2,), (None,)]
    con.close()


def test_an_interrupted_import_leaves_nothing(sqlite_file, tmp_path, capsys, monkeypatch):
    def interrupt(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr("rowandb.shell.sqlitecopy._copy_bookkeeping", interrupt)
    assert main(["import", str(sqlite_file), str(tmp_path / "app.rowan")]) == 130
    assert capsys.readouterr().err == "Error: interrupted\n"
    assert not (tmp_path / "app.rowan").exists() and not _leftovers(tmp_path)


def test_the_shell_does_not_import_inside_a_transaction(sqlite_file, capsys):
    assert main([":memory:", "BEGIN", f".import --sqlite '{sqlite_file}'", "ROLLBACK",
                 f".import --sqlite '{sqlite_file}'", "SELECT count(*) AS n FROM child"]) == 1
    out, err = capsys.readouterr()
    assert "inside a transaction: COMMIT or ROLLBACK first" in err and "| 3 |" in out
