"""``rowandb import`` then ``rowandb export`` (importer.py, exporter.py, sqlitecopy.py): an
SQLite file, its RowanDB copy and the SQLite file written back are the same database --
schema text, columns, foreign keys, indexes, counters, pragmas and every cell with its
storage class (tests/sqlite_roundtrip.py says exactly what is compared)."""

import sqlite3 as std

import pytest

import rowandb
from rowandb.shell.exporter import export_sqlite
from rowandb.shell.importer import import_sqlite

from fuzz.case import gen_case
from fuzz.features import make_config
from sqlite_roundtrip import describe

CONFIG = make_config(enable=("without_rowid", "generated"))
SEEDS = range(12)

EDGES = '''
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id)
                   ON DELETE CASCADE, data BLOB, score REAL, anything, n NUMERIC,
                   twice AS (score * 2) STORED, half AS (score / 2));
CREATE TABLE plain(a, b TEXT COLLATE NOCASE CHECK (b <> 'forbidden'), UNIQUE (a, b));
CREATE TABLE keyed(k TEXT PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;
CREATE TABLE "odd ""name"""(rowid, "select", x DEFAULT (-1.5));
CREATE INDEX child_parent ON child(parent_id);
CREATE INDEX child_expr ON child(abs(score)) WHERE score IS NOT NULL;
CREATE UNIQUE INDEX plain_desc ON plain(b DESC, a);
CREATE VIEW named AS SELECT child.id, parent.name FROM child JOIN parent ON parent.id = parent_id;
CREATE TRIGGER stamp AFTER INSERT ON child BEGIN
  UPDATE child SET score = 0 WHERE id = NEW.id AND score IS NULL; END;
CREATE TRIGGER named_insert INSTEAD OF INSERT ON named BEGIN
  INSERT INTO parent(name) VALUES (NEW.name); END;
INSERT INTO parent(name) VALUES ('ash'), ('rowan'), ('it''s'), ('gone');
DELETE FROM parent WHERE name = 'gone';
INSERT INTO child(id, parent_id, data, score, anything, n) VALUES
  (1, 1, x'00ff', 1.5, -0.0, '1.0'), (2, 3, NULL, NULL, 9223372036854775807, 'x'),
  (3, 2, 'text', -2e300, -9223372036854775808, 2.5), (4, NULL, x'', 1e-320, 'a' || char(0) || 'b', -0.0),
  (5, 1, 'é', 0.1, 1e308 * 10, 12);
INSERT INTO plain(rowid, a, b) VALUES (7, 1, 'A'), (3, 1.0, 'b'), (100, '1', NULL), (-5, x'01', 'c');
DELETE FROM plain WHERE rowid = 3;
INSERT INTO keyed VALUES ('a', 1), ('b', 1.0), ('c', '1'), ('d', x'31'), ('e', NULL);
INSERT INTO "odd ""name"""(_rowid_, rowid, "select") VALUES (42, 'not the rowid', 2), (-1, NULL, NULL);
ANALYZE;
PRAGMA user_version = 31337;
PRAGMA application_id = -12;
'''


def _sqlite_file(path, script):
    con = std.connect(path, isolation_level=None)
    con.executescript(script)
    con.close()
    return path


def _round_trip(tmp_path, source):
    """source file -> app.rowan -> back.sqlite; the three descriptions."""
    import_sqlite(str(source), str(tmp_path / "app.rowan"))
    export_sqlite(str(tmp_path / "app.rowan"), str(tmp_path / "back.sqlite"))
    sides = []
    for con in (std.connect(source), rowandb.connect(str(tmp_path / "app.rowan")),
                std.connect(tmp_path / "back.sqlite")):
        sides.append(describe(con))
        con.close()
    return sides


def _assert_same(original, imported, exported):
    for key in original:
        assert imported.get(key) == original[key], f"import changed {key}"
        assert exported.get(key) == original[key], f"export changed {key}"
    assert set(imported) == set(original) == set(exported)


def test_edge_values_and_every_kind_of_object_survive_a_round_trip(tmp_path):
    original, imported, exported = _round_trip(tmp_path, _sqlite_file(tmp_path / "a.db", EDGES))
    _assert_same(original, imported, exported)
    cells = original["table child"]["cells"]
    assert ("real", (-0.0).hex()) in cells[0] and ("int", 2 ** 63 - 1) in cells[1]
    assert original["sqlite_sequence"] == [(("str", "parent"), ("int", 4))]
    assert original["user_version"] == [(("int", 31337),)]
    odd = original['table odd "name"']["cells"]          # its rowid, read as _rowid_
    assert odd[1][:3] == (("int", 42), ("str", "not the rowid"), ("str", "text"))


def _generated_script(seed: int) -> list[str]:
    """The schema and rows of fuzz case ``seed`` (CREATE TABLE/INDEX/VIEW/TRIGGER and
    INSERTs drawn from every storage class and edge value)."""
    case = gen_case(seed, CONFIG, steps=0)
    return [step.sql() for step in case.steps if step.check in ("setup", "dml")]


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_databases_survive_a_round_trip(tmp_path, seed):
    source = tmp_path / "gen.sqlite"
    con = std.connect(source, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    ran = 0
    for sql in _generated_script(seed):
        try:
            con.execute(sql)
            ran += 1
        except std.Error:
            pass                # a constraint the drawn rows break, as in the fuzzer
    con.execute(f"PRAGMA user_version = {seed}")
    con.close()
    assert ran
    _assert_same(*_round_trip(tmp_path, source))


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_rowandb_databases_survive_export_then_import(tmp_path, seed):
    start = tmp_path / "gen.rowan"
    con = rowandb.connect(str(start), isolation_level=None)
    for sql in _generated_script(seed):
        try:
            con.execute(sql)
        except rowandb.Error:
            pass
    con.execute(f"PRAGMA application_id = {seed + 1}")
    con.close()
    export_sqlite(str(start), str(tmp_path / "out.sqlite"))
    import_sqlite(str(tmp_path / "out.sqlite"), str(tmp_path / "back.rowan"))
    sides = []
    for con in (rowandb.connect(str(start)), std.connect(tmp_path / "out.sqlite"),
                rowandb.connect(str(tmp_path / "back.rowan"))):
        sides.append(describe(con))
        con.close()
    _assert_same(*sides)
